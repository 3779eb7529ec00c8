package localcluster

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/zonestack/zonestack/components/nodepools"
)

// DefaultBootDelay is how long a new fake node takes to appear. A real ECS node takes minutes to
// boot and join; a shorter delay keeps tests short and still shows what waiting for a node costs.
const DefaultBootDelay = 20 * time.Second

// Autoscaler plays ACK's cluster autoscaler for the fake nodes: a pod the scheduler cannot place
// gets a new node in a pool that can take it (its selector, tolerations, size and, for a pod whose
// volume is pinned to a zone, that zone), up to the pool's maxSize, after BootDelay. Pods below the
// autoscaler's expendable priority cutoff (-10) are ignored, as the real one ignores them. A zone
// marked down (SetZoneDown) gets no node, as ECS starts no instance in a zone that is out.
type Autoscaler struct {
	Kube  kubernetes.Interface
	Pools []nodepools.Pool
	// BootDelay is how long a new node takes. Default DefaultBootDelay.
	BootDelay time.Duration
	// Every is how often pending pods are looked at. Default 500ms.
	Every time.Duration
	// Log receives one line per decision. Optional.
	Log func(format string, args ...any)

	mu      sync.Mutex
	booting map[string]int
	// upAt is when a pool's newest node came up: the scheduler needs a moment to place the pods
	// that were waiting for it, and they still look unschedulable until it has.
	upAt map[string]time.Time
	// down are the zones SetZoneDown marked out.
	down map[string]bool
}

// SetZoneDown marks a zone out (down true) or back (false). While it is out the autoscaler starts
// no node in its pools, and a node that was booting there does not come up: in a zone outage ECS
// cannot start instances in the zone, so the real autoscaler's scale-ups there fail. A pod that
// can only run in the zone (its disk is there) stays Pending until the zone is back.
func (a *Autoscaler) SetZoneDown(zone string, down bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.down == nil {
		a.down = map[string]bool{}
	}
	a.down[zone] = down
	a.logf("autoscaler: zone %s down: %v", zone, down)
}

func (a *Autoscaler) zoneDown(zone string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.down[zone]
}

// settle is how long after a node comes up its pool's pending pods are not counted again.
const settle = 3 * time.Second

// Run scales until ctx ends.
func (a *Autoscaler) Run(ctx context.Context) {
	every := a.Every
	if every == 0 {
		every = 500 * time.Millisecond
	}
	for {
		_, _ = a.Once(ctx)
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
	}
}

func (a *Autoscaler) logf(format string, args ...any) {
	if a.Log != nil {
		a.Log(format, args...)
	}
}

// Once looks at the pending pods and starts the nodes they need; it returns how many it started.
func (a *Autoscaler) Once(ctx context.Context) (int, error) {
	nodes, err := a.Kube.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return 0, err
	}
	count := map[string]int{}
	next := map[string]int{}
	for _, n := range nodes.Items {
		pool := n.Labels[PoolLabel]
		count[pool]++
		if i, err := strconv.Atoi(n.Name[strings.LastIndex(n.Name, "-")+1:]); err == nil && i+1 > next[pool] {
			next[pool] = i + 1
		}
	}
	pods, err := a.Kube.CoreV1().Pods("").List(ctx, metav1.ListOptions{FieldSelector: "status.phase=Pending"})
	if err != nil {
		return 0, err
	}
	demand := map[string]int{}
	for i := range pods.Items {
		pod := &pods.Items[i]
		if !unschedulable(pod) || pod.Status.NominatedNodeName != "" || (pod.Spec.Priority != nil && *pod.Spec.Priority < nodepools.ExpendablePriorityCutoff) {
			continue
		}
		zone, err := a.pinnedZone(ctx, pod)
		if err != nil {
			continue
		}
		var fits []nodepools.Pool
		for _, p := range a.Pools {
			if (zone == "" || p.Zone == zone) && !a.zoneDown(p.Zone) && podFits(pod, Node(p, 0)) {
				fits = append(fits, p)
			}
		}
		if len(fits) == 0 {
			continue
		}
		a.mu.Lock()
		fits = slices.DeleteFunc(fits, func(p nodepools.Pool) bool { return time.Since(a.upAt[p.Name]) < settle })
		if len(fits) == 0 {
			a.mu.Unlock()
			continue
		}
		sort.SliceStable(fits, func(i, j int) bool {
			return count[fits[i].Name]+a.booting[fits[i].Name] < count[fits[j].Name]+a.booting[fits[j].Name]
		})
		a.mu.Unlock()
		demand[fits[0].Name]++
	}
	started := 0
	for _, p := range a.Pools {
		a.mu.Lock()
		if a.booting == nil {
			a.booting = map[string]int{}
		}
		for demand[p.Name] > a.booting[p.Name] && count[p.Name]+a.booting[p.Name] < p.MaxSize {
			a.booting[p.Name]++
			index := next[p.Name] + a.booting[p.Name] - 1
			started++
			a.logf("autoscaler: pool %s: a pod cannot be scheduled, starting node %d (ready in %s)", p.Name, index, a.delay())
			go a.boot(ctx, p, index)
		}
		a.mu.Unlock()
	}
	return started, nil
}

func (a *Autoscaler) delay() time.Duration {
	if a.BootDelay == 0 {
		return DefaultBootDelay
	}
	return a.BootDelay
}

// boot creates the node after the boot delay.
func (a *Autoscaler) boot(ctx context.Context, p nodepools.Pool, index int) {
	defer func() {
		a.mu.Lock()
		a.booting[p.Name]--
		a.mu.Unlock()
	}()
	select {
	case <-ctx.Done():
		return
	case <-time.After(a.delay()):
	}
	n := Node(p, index)
	if a.zoneDown(p.Zone) {
		a.logf("autoscaler: node %s: zone %s is down, the instance did not start", n.Name, p.Zone)
		return
	}
	if _, err := a.Kube.CoreV1().Nodes().Create(ctx, n, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		a.logf("autoscaler: node %s: %v", n.Name, err)
		return
	}
	a.mu.Lock()
	if a.upAt == nil {
		a.upAt = map[string]time.Time{}
	}
	a.upAt[p.Name] = time.Now()
	a.mu.Unlock()
	a.logf("autoscaler: node %s is up", n.Name)
}

// ScaleDown removes the nodes that run no pod, down to each pool's minSize, as the real
// autoscaler does with nodes it finds unneeded (after ten idle minutes by default). A placeholder
// is what keeps a warm node from being removed.
func (a *Autoscaler) ScaleDown(ctx context.Context) (int, error) {
	nodes, err := a.Kube.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return 0, err
	}
	pods, err := a.Kube.CoreV1().Pods("").List(ctx, metav1.ListOptions{})
	if err != nil {
		return 0, err
	}
	busy := map[string]bool{}
	for _, p := range pods.Items {
		if p.Namespace != "kube-system" && p.Spec.NodeName != "" {
			busy[p.Spec.NodeName] = true
		}
	}
	count := map[string]int{}
	for _, n := range nodes.Items {
		count[n.Labels[PoolLabel]]++
	}
	removed := 0
	for _, p := range a.Pools {
		for _, n := range nodes.Items {
			if n.Labels[PoolLabel] != p.Name || busy[n.Name] || count[p.Name] <= p.MinSize {
				continue
			}
			if err := a.Kube.CoreV1().Nodes().Delete(ctx, n.Name, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
				return removed, err
			}
			a.logf("autoscaler: node %s is idle, removed", n.Name)
			count[p.Name]--
			removed++
		}
	}
	return removed, nil
}

// pinnedZone is the zone a pod must run in because a volume it uses is pinned there; "" if none.
func (a *Autoscaler) pinnedZone(ctx context.Context, pod *corev1.Pod) (string, error) {
	for _, v := range pod.Spec.Volumes {
		if v.PersistentVolumeClaim == nil {
			continue
		}
		pvc, err := a.Kube.CoreV1().PersistentVolumeClaims(pod.Namespace).Get(ctx, v.PersistentVolumeClaim.ClaimName, metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			continue
		}
		if err != nil {
			return "", err
		}
		if pvc.Spec.VolumeName == "" {
			continue
		}
		pv, err := a.Kube.CoreV1().PersistentVolumes().Get(ctx, pvc.Spec.VolumeName, metav1.GetOptions{})
		if err != nil {
			return "", err
		}
		if z := pv.Labels[ZoneLabel]; z != "" {
			return z, nil
		}
	}
	return "", nil
}

func unschedulable(pod *corev1.Pod) bool {
	for _, c := range pod.Status.Conditions {
		if c.Type == corev1.PodScheduled && c.Status == corev1.ConditionFalse && c.Reason == corev1.PodReasonUnschedulable {
			return true
		}
	}
	return false
}

// podFits says whether a pod could run on an empty node like n: its node selector, its required
// node affinity, its tolerations and its requests.
func podFits(pod *corev1.Pod, n *corev1.Node) bool {
	if !requiredAffinityFits(pod, n) {
		return false
	}
	for k, v := range pod.Spec.NodeSelector {
		if n.Labels[k] != v {
			return false
		}
	}
	for _, t := range n.Spec.Taints {
		if t.Effect == corev1.TaintEffectPreferNoSchedule {
			continue
		}
		tolerated := false
		for _, tol := range pod.Spec.Tolerations {
			tolerated = tolerated || tolerates(tol, t)
		}
		if !tolerated {
			return false
		}
	}
	var cpu, mem int64
	for _, c := range pod.Spec.Containers {
		cpu += c.Resources.Requests.Cpu().MilliValue()
		mem += c.Resources.Requests.Memory().Value()
	}
	return cpu <= n.Status.Allocatable.Cpu().MilliValue() && mem <= n.Status.Allocatable.Memory().Value()
}

// String describes the autoscaler's pools, for logs.
func (a *Autoscaler) String() string {
	var names []string
	for _, p := range a.Pools {
		names = append(names, fmt.Sprintf("%s(%s, max %d)", p.Name, p.Zone, p.MaxSize))
	}
	return "autoscaler over " + strings.Join(names, ", ")
}

// tolerates is Kubernetes' toleration rule for one taint.
func tolerates(tol corev1.Toleration, t corev1.Taint) bool {
	if tol.Effect != "" && tol.Effect != t.Effect {
		return false
	}
	if tol.Key != "" && tol.Key != t.Key {
		return false
	}
	switch tol.Operator {
	case corev1.TolerationOpExists:
		return true
	case "", corev1.TolerationOpEqual:
		return tol.Key != "" && tol.Value == t.Value
	}
	return false
}
