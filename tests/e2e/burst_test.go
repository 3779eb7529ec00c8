package e2e

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/zonestack/zonestack/components/workloads"
	"github.com/zonestack/zonestack/internal/app/localcluster"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
)

// Seed 001's burst on the local cluster, with the real HPA controller reading the CPU kwok
// emulates through metrics-server, and the real scheduler placing the pods on the fake virtual
// nodes (one per zone, as ack-virtual-node makes them). burst-local's WordPress is in eci mode,
// ACK's ECI-only recipe (required affinity to type=virtual-kubelet, the virtual nodes' taint
// tolerated), which the upstream scheduler runs as ACK's does: every pod lands on a virtual node,
// none on the ECS pools. overflow mode (ECS first, ECI once the pools are full, ECI pods first to
// go on scale-in) is an ACK ResourcePolicy, which only ACK's scheduler reads: not tested here.
//
// The load is localcluster.EmulatedLoad: a total CPU shared by the Running pods. At the floor's
// load the HPA holds minReplicas; a load that keeps the average above the target even at the
// ceiling takes it to maxReplicas; the floor's load again takes it back to minReplicas.
func TestSeed001BurstOnTheLocalCluster(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	client, cluster := startClusterWith(t, true)
	kube := client.Kube

	cfg, _, err := stackconfig.Load(stacksDir, "burst-local")
	if err != nil {
		t.Fatal(err)
	}
	svc := cfg.Workloads.ElasticServices[0]
	if svc.Burst != workloads.BurstECIOnly || cfg.VirtualNodes == nil {
		t.Fatalf("burst-local's %s: burst %q, virtualNodes %v; this test is about eci mode on the virtual nodes", svc.Name, svc.Burst, cfg.VirtualNodes)
	}
	floor, ceiling, target := svc.Autoscaling.MinReplicas, svc.Autoscaling.MaxReplicas, svc.Autoscaling.TargetCPUUtilization
	requestQ := resource.MustParse(svc.Resources.Requests.CPU)
	request := requestQ.MilliValue()
	selector := "app.kubernetes.io/name=" + svc.Name
	// The floor's load: 20 % of a pod's request per pod at minReplicas, below the target. The
	// burst's: 120 % of the request per pod even at maxReplicas, above any target up to 120 %.
	floorLoad := int64(floor) * request * 20 / 100
	burstLoad := int64(ceiling) * request * 120 / 100
	t.Logf("%s: HPA %d..%d at %d %% of %dm; load %dm at the floor, %dm in the burst", svc.Name, floor, ceiling, target, request, floorLoad, burstLoad)

	seedCluster(ctx, t, client, cfg)
	// ack-virtual-node's nodes, one per zone, before any pod of the stack.
	if err := client.CreateVirtualNodes(ctx, cfg.Zones); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := client.WaitMetrics(ctx, 2*time.Minute); err != nil {
		t.Fatal(err)
	}
	measure("resource metrics API serving (metrics-server scraped kwok)", time.Since(start))

	load := &localcluster.EmulatedLoad{Kube: kube, Namespace: svc.Namespace, Selector: selector}
	load.Set(floorLoad)
	go load.Run(ctx)

	st := openLocal(t, cluster, cfg, t.TempDir(), "")
	start = time.Now()
	sum, err := st.Up(ctx)
	if err != nil {
		t.Fatal(err)
	}
	measure(fmt.Sprintf("pulumi up of burst-local (%s)", sum), time.Since(start))
	pods := waitPods(t, kube, selector, floor, 2*time.Minute)
	checkOnVirtualNodes(t, kube, pods, cfg.Zones, min(floor, len(cfg.Zones)))

	// 1. At the floor's load the HPA reads the metrics and holds minReplicas.
	util := waitHPAMetrics(t, kube, svc.Namespace, svc.Name, 2*time.Minute)
	t.Logf("HPA reads %d %% at the floor's load", util)
	if util >= int32(target) {
		t.Fatalf("the floor's load reads %d %%, at or above the target %d %%: the emulated usage is not what the test set", util, target)
	}
	hold := 3*localcluster.HPAPeriods.Sync + 2*localcluster.HPAPeriods.MetricResolution
	for deadline := time.Now().Add(hold); time.Now().Before(deadline); time.Sleep(time.Second) {
		if r := hpaReplicas(t, kube, svc.Namespace, svc.Name); r != int32(floor) {
			t.Fatalf("at the floor's load (%d %%, target %d %%) the HPA set %d replicas, want minReplicas %d", util, target, r, floor)
		}
	}

	// 2. The burst: the HPA raises the replicas to the ceiling, every new pod on a virtual node.
	floorPods := map[string]bool{}
	for _, p := range pods {
		floorPods[p.Name] = true
	}
	load.Set(burstLoad)
	step := time.Now()
	created, running := watchRunning(t, kube, selector, ceiling, 4*time.Minute, func() string {
		return fmt.Sprintf("HPA at %d replicas (%d %% of the request, target %d %%)", hpaReplicas(t, kube, svc.Namespace, svc.Name), hpaUtil(t, kube, svc.Namespace, svc.Name), target)
	})
	toCeiling := time.Since(step)
	measure(fmt.Sprintf("load step to %d replicas Running (HPA sync %s)", ceiling, localcluster.HPAPeriods.Sync), toCeiling)
	pods = waitPods(t, kube, selector, ceiling, time.Minute)
	checkOnVirtualNodes(t, kube, pods, cfg.Zones, len(cfg.Zones))
	var first, last time.Time
	var slowest time.Duration
	for _, p := range pods {
		at, ok := running[p.Name]
		if !ok || floorPods[p.Name] {
			continue
		}
		slowest = max(slowest, at.Sub(created[p.Name]))
		if first.IsZero() || at.Before(first) {
			first = at
		}
		if at.After(last) {
			last = at
		}
	}
	added := ceiling - floor
	measure("load step to the first new pod Running on a virtual node", first.Sub(step))
	// 0 means every new pod was already Running at the first poll that saw it.
	measure("slowest new pod, first seen to Running (polled every 250 ms)", slowest)
	// Two rates: from the load step (what the HPA's steps allow) and from the first new pod
	// Running to the last (what the scheduler and kwok do once the HPA has asked).
	if span := last.Sub(step); span > 0 {
		fmt.Printf("MEASURE %-60s %.0f\n", fmt.Sprintf("pods/minute Running on virtual nodes, from the load step (%d pods)", added), float64(added)/span.Minutes())
	}
	if span := last.Sub(first); span > 0 && added > 1 {
		fmt.Printf("MEASURE %-60s %.0f\n", fmt.Sprintf("pods/minute Running on virtual nodes, first to last (%d pods)", added-1), float64(added-1)/span.Minutes())
	}
	printCounts(t, kube)

	// 3. The floor's load again: the HPA scales back to minReplicas (after its downscale
	// stabilization, shortened here), the rest still on the virtual nodes.
	load.Set(floorLoad)
	step = time.Now()
	_, _ = watchRunning(t, kube, selector, floor, 4*time.Minute, func() string {
		return fmt.Sprintf("HPA at %d replicas (%d %% of the request)", hpaReplicas(t, kube, svc.Namespace, svc.Name), hpaUtil(t, kube, svc.Namespace, svc.Name))
	})
	measure(fmt.Sprintf("load drop to %d replicas (downscale stabilization %s)", floor, localcluster.HPAPeriods.DownscaleStabilization), time.Since(step))
	pods = waitPods(t, kube, selector, floor, time.Minute)
	checkOnVirtualNodes(t, kube, pods, cfg.Zones, 1)
	printCounts(t, kube)
}

// checkOnVirtualNodes fails unless every pod runs on a virtual node of one of zones, and the pods
// cover at least minZones of them.
func checkOnVirtualNodes(t *testing.T, kube kubeClient, pods []corev1.Pod, zones []string, minZones int) {
	t.Helper()
	seen := map[string]int{}
	for _, p := range pods {
		n, err := kube.CoreV1().Nodes().Get(context.Background(), p.Spec.NodeName, metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if localcluster.NodeKind(n) != "virtual" {
			t.Errorf("pod %s runs on %s, an ECS node; eci mode runs every pod on a virtual node", p.Name, n.Name)
			continue
		}
		z := n.Labels[localcluster.ZoneLabel]
		if !slices.Contains(zones, z) || n.Name != localcluster.VirtualNodePrefix+z {
			t.Errorf("pod %s runs on virtual node %s of zone %q, not one of the stack's zones %v", p.Name, n.Name, z, zones)
		}
		seen[z]++
	}
	if len(seen) < minZones {
		t.Errorf("pods in zones %v, want at least %d of %v", seen, minZones, zones)
	}
	t.Logf("%d pods on the virtual nodes by zone: %v", len(pods), seen)
}

// waitHPAMetrics waits until the HPA has read the CPU metric and returns its utilization.
func waitHPAMetrics(t *testing.T, kube kubeClient, ns, name string, timeout time.Duration) int32 {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if u := hpaUtil(t, kube, ns, name); u >= 0 {
			return u
		}
		time.Sleep(time.Second)
	}
	h, _ := kube.AutoscalingV2().HorizontalPodAutoscalers(ns).Get(context.Background(), name, metav1.GetOptions{})
	t.Fatalf("the HPA has read no CPU metric within %s: its conditions %v", timeout, h.Status.Conditions)
	return 0
}

// hpaUtil is the HPA's last CPU utilization, -1 before it has one.
func hpaUtil(t *testing.T, kube kubeClient, ns, name string) int32 {
	t.Helper()
	h, err := kube.AutoscalingV2().HorizontalPodAutoscalers(ns).Get(context.Background(), name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range h.Status.CurrentMetrics {
		if m.Resource != nil && m.Resource.Name == corev1.ResourceCPU && m.Resource.Current.AverageUtilization != nil {
			return *m.Resource.Current.AverageUtilization
		}
	}
	return -1
}

// hpaReplicas is the replica count the HPA last set.
func hpaReplicas(t *testing.T, kube kubeClient, ns, name string) int32 {
	t.Helper()
	h, err := kube.AutoscalingV2().HorizontalPodAutoscalers(ns).Get(context.Background(), name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return h.Status.DesiredReplicas
}

// watchRunning polls the selector's pods until exactly n exist and all are Running, and returns
// when each was first seen, and first seen Running. state says where the HPA is, for the log and
// the failure message.
func watchRunning(t *testing.T, kube kubeClient, selector string, n int, timeout time.Duration, state func() string) (created, seen map[string]time.Time) {
	t.Helper()
	created, seen = map[string]time.Time{}, map[string]time.Time{}
	start, last := time.Now(), -1
	deadline := start.Add(timeout)
	for time.Now().Before(deadline) {
		list, err := kube.CoreV1().Pods("").List(context.Background(), metav1.ListOptions{LabelSelector: selector})
		if err != nil {
			t.Fatal(err)
		}
		running := 0
		before := len(seen)
		for _, p := range list.Items {
			if _, ok := created[p.Name]; !ok {
				created[p.Name] = time.Now()
			}
			if p.Status.Phase == corev1.PodRunning && p.DeletionTimestamp == nil {
				running++
				if _, ok := seen[p.Name]; !ok {
					seen[p.Name] = time.Now()
				}
			}
		}
		if len(seen) != before || len(list.Items) != last {
			t.Logf("%s: %d pods, %d Running; %s", time.Since(start).Round(100*time.Millisecond), len(list.Items), running, state())
			last = len(list.Items)
		}
		if running == n && len(list.Items) == n {
			return created, seen
		}
		time.Sleep(250 * time.Millisecond)
	}
	t.Fatalf("%d pods %s not all Running (and no others) within %s: %s", n, selector, timeout, state())
	return nil, nil
}

// printCounts logs the pods by zone and node kind, as `zonestack local up` prints them.
func printCounts(t *testing.T, kube kubeClient) {
	t.Helper()
	rows, err := localcluster.PodsByZone(context.Background(), kube)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	localcluster.WriteCounts(&b, rows)
	t.Log("\n" + b.String())
}
