package e2e

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-logr/logr"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/selection"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/tools/clientcmd"
	ctrl "sigs.k8s.io/controller-runtime"

	"github.com/zonestack/zonestack/internal/app/fencing"
	"github.com/zonestack/zonestack/internal/app/localcluster"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
)

// Bounds of the node death scenario.
const (
	// fencedWithin is how long the fenced member may take to run again: the goal is 90 s
	// from the death with a 40 s grace period; the bound leaves room for a loaded machine.
	fencedWithin = 120 * time.Second
	// watchDead is how long the unfenced members are watched after the death: past their
	// eviction (grace period 40 s + the members' 30 s tolerations) by more than a minute.
	watchDead = 150 * time.Second
	// fenceNotReadyFor is the in-process controller's NotReadyFor: its default.
	fenceNotReadyFor = fencing.DefaultNotReadyFor
)

// TestANodeDies is issue 22 on the local cluster: three members' nodes die at the same moment,
// the way a node dies without a clean shutdown: kwok stops acting for them (it leaves nodes
// labelled localcluster.StoppedLabel: no more Lease renewals or status, nothing confirms their
// pods' deletion; no deletion is made by hand). The real node lifecycle controller marks them
// NotReady and taints them unreachable, the real taint eviction controller evicts the members
// after their 30 s tolerations, the real StatefulSet controller waits for them to be gone.
//
// The fencing controller runs in this process against the local cluster, with the stand-in
// cloud localcluster.Machines answering for the fake nodes (kwok's pods run no process, so no
// machine is really stopped), and fences the nodes of two of the three zones:
//   - nginx-dynamic-0's node (fenced zone): its machine is stopped: the controller taints it out of
//     service, the pod garbage collector force-deletes the member, which runs again in its zone on
//     the warm node its placeholder held, with its claim and volume;
//   - nginx-dynamic-1's node (the zone without fencing, as a cluster without the controller): its
//     machine is stopped: the member stays Terminating for as long as the node object exists;
//   - nginx-dynamic-2's node (fenced zone): partitioned, its machine still running as the stand-in
//     cloud reports: never fenced, its member stays Terminating.
//
// (The fenced member is ordinal 0 because the StatefulSet is OrderedReady: a member that is not
// Ready blocks the recreation of every member above it, so a stuck member 0 would hold member 1
// back even fenced.) Then the partition heals and the unfenced node's object is deleted (what
// ACK's auto-repair does when it replaces a node): both members come back; and the stopped,
// fenced node starts again: the controller removes its taint once it is Ready.
func TestANodeDies(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	client, cluster := startCluster(t)
	kube := client.Kube
	cfg, _, err := stackconfig.Load(stacksDir, "local")
	if err != nil {
		t.Fatal(err)
	}
	seedCluster(ctx, t, client, cfg)
	if _, err := openLocal(t, cluster, cfg, t.TempDir(), "").Up(ctx); err != nil {
		t.Fatal(err)
	}
	members := waitPods(t, kube, memberSelector, 3, 2*time.Minute)
	placeholders := waitPods(t, kube, "app.kubernetes.io/name=placeholder", 3, 2*time.Minute)

	cases := []*deathCase{
		{name: "fenced", member: "nginx-dynamic-0", how: "machine stopped, zone fenced"},
		{name: "default", member: "nginx-dynamic-1", how: "machine stopped, no fencing"},
		{name: "partition", member: "nginx-dynamic-2", how: "partitioned, machine running, zone fenced"},
	}
	for _, c := range cases {
		i := slices.IndexFunc(members, func(p corev1.Pod) bool { return p.Name == c.member })
		if i < 0 {
			t.Fatalf("no member %s", c.member)
		}
		c.uid, c.node = members[i].UID, members[i].Spec.NodeName
		c.zone = zoneOf(t, kube, c.node)
		c.claim = claimOf(members[i])
		for _, p := range placeholders {
			if zoneOf(t, kube, p.Spec.NodeName) == c.zone {
				c.warm = p.Spec.NodeName
			}
		}
		c.events = map[string]time.Duration{}
	}
	fenced, unfenced, partitioned := cases[0], cases[1], cases[2]
	// The controller fences the zones of the fenced and the partitioned members only.
	zones, err := labels.NewRequirement(localcluster.ZoneLabel, selection.In, []string{fenced.zone, partitioned.zone})
	if err != nil {
		t.Fatal(err)
	}
	machines := &localcluster.Machines{Kube: kube}
	rest, err := clientcmd.BuildConfigFromFlags("", cluster.OwnKubeconfig())
	if err != nil {
		t.Fatal(err)
	}
	ctrl.SetLogger(logr.Discard()) // the controller's decisions go to t.Logf
	mgr, err := fencing.NewManager(rest, fencing.Options{
		Cloud: machines, NotReadyFor: fenceNotReadyFor, Nodes: labels.NewSelector().Add(*zones), Log: t.Logf,
	})
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		if err := mgr.Start(ctx); err != nil && ctx.Err() == nil {
			t.Errorf("fencing controller: %v", err)
		}
	}()

	// The deaths, at one moment.
	death := time.Now()
	for _, err := range []error{machines.Stop(ctx, fenced.node), machines.Stop(ctx, unfenced.node), machines.Partition(ctx, partitioned.node)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("nodes died: %s (%s), %s (%s), %s (%s)", fenced.node, fenced.how, unfenced.node, unfenced.how, partitioned.node, partitioned.how)
	for time.Since(death) < watchDead || fenced.events["member Running again"] == 0 {
		if time.Since(death) > fencedWithin && fenced.events["member Running again"] == 0 {
			break
		}
		for _, c := range cases {
			c.observe(t, kube, death)
		}
		time.Sleep(250 * time.Millisecond)
	}
	printTimelines(t, death, cases)

	// The fenced member: back in its zone, on the warm node, with its claim.
	if took := fenced.events["member Running again"]; took == 0 {
		t.Errorf("fenced: %s not Running again within %s of its node's death (events %v)", fenced.member, fencedWithin, fenced.events)
	} else {
		measure("node death to member Running again, fenced (grace 40s)", took)
		p, err := kube.CoreV1().Pods("default").Get(ctx, fenced.member, metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if z := zoneOf(t, kube, p.Spec.NodeName); z != fenced.zone {
			t.Errorf("fenced: %s came back in zone %s, its disk is in %s", fenced.member, z, fenced.zone)
		}
		if p.Spec.NodeName != fenced.warm {
			t.Errorf("fenced: %s came back on %s, not on the warm node %s", fenced.member, p.Spec.NodeName, fenced.warm)
		}
		if claimOf(*p) != fenced.claim {
			t.Errorf("fenced: %s came back with claim %q, had %q", fenced.member, claimOf(*p), fenced.claim)
		}
		checkVolumesPinned(t, kube, []corev1.Pod{*p})
	}
	if fenced.events["out-of-service taint"] == 0 {
		t.Errorf("fenced: %s was never tainted out of service", fenced.node)
	}
	// The unfenced and the partitioned members: evicted, and Terminating to the end.
	for _, c := range []*deathCase{unfenced, partitioned} {
		if c.events["out-of-service taint"] != 0 {
			t.Errorf("%s: %s was fenced (%s): it must not be", c.name, c.node, c.how)
		}
		if c.events["member evicted"] == 0 {
			t.Errorf("%s: %s was never evicted from its NotReady node", c.name, c.member)
		}
		if c.events["member Running again"] != 0 || !c.terminating {
			t.Errorf("%s: %s did not stay Terminating for %s after its node's death (events %v)", c.name, c.member, watchDead, c.events)
		}
	}
	measure(fmt.Sprintf("node death, no fencing: member still Terminating after (grace 40s, toleration %ds)", 30), time.Since(death))

	// The partition heals, the unfenced node's object is deleted (auto-repair replaces it): both
	// members come back; the stopped node starts again: its taint is removed once it is Ready.
	back := time.Now()
	if err := machines.Start(ctx, partitioned.node); err != nil {
		t.Fatal(err)
	}
	if err := kube.CoreV1().Nodes().Delete(ctx, unfenced.node, metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := machines.Start(ctx, fenced.node); err != nil {
		t.Fatal(err)
	}
	for _, c := range []*deathCase{partitioned, unfenced} {
		c.events = map[string]time.Duration{}
		c.terminating = false
	}
	untainted := time.Duration(0)
	for time.Since(back) < 3*time.Minute && (untainted == 0 || partitioned.events["member Running again"] == 0 || unfenced.events["member Running again"] == 0) {
		partitioned.observe(t, kube, back)
		unfenced.observe(t, kube, back)
		if untainted == 0 {
			if n, err := kube.CoreV1().Nodes().Get(ctx, fenced.node, metav1.GetOptions{}); err == nil && !hasTaint(n, fencing.OutOfServiceTaintKey) {
				untainted = time.Since(back)
			}
		}
		time.Sleep(250 * time.Millisecond)
	}
	if untainted == 0 {
		t.Errorf("%s is Ready again but still tainted out of service after 3 minutes", fenced.node)
	} else {
		measure("stopped node started again: out-of-service taint removed after", untainted)
	}
	for _, c := range []*deathCase{partitioned, unfenced} {
		if took := c.events["member Running again"]; took == 0 {
			t.Errorf("%s: %s not Running again within 3 minutes of its node's return or deletion (events %v)", c.name, c.member, c.events)
		} else {
			measure(fmt.Sprintf("%s: member Running again after its node %s", c.name, map[string]string{"partition": "healed", "default": "was deleted"}[c.name]), took)
		}
	}
}

// deathCase is one member whose node dies, and what was seen of it since.
type deathCase struct {
	name, member, how string
	uid               types.UID
	node, zone, warm  string
	claim             string
	// events are the first time each was seen, from the death.
	events      map[string]time.Duration
	terminating bool
}

// timeline is the order the events are printed in.
var timeline = []string{"node NotReady", "unreachable taint", "out-of-service taint", "member evicted", "member deleted", "member recreated", "member scheduled", "member Running again"}

func (c *deathCase) seen(event string, since time.Time) {
	if _, ok := c.events[event]; !ok {
		c.events[event] = time.Since(since)
	}
}

// observe records what the member and its node show now.
func (c *deathCase) observe(t *testing.T, kube kubeClient, since time.Time) {
	t.Helper()
	ctx := context.Background()
	n, err := kube.CoreV1().Nodes().Get(ctx, c.node, metav1.GetOptions{})
	switch {
	case apierrors.IsNotFound(err):
	case err != nil:
		t.Fatal(err)
	default:
		if !localcluster.Ready(n) {
			c.seen("node NotReady", since)
		}
		if hasTaint(n, corev1.TaintNodeUnreachable) {
			c.seen("unreachable taint", since)
		}
		if hasTaint(n, fencing.OutOfServiceTaintKey) {
			c.seen("out-of-service taint", since)
		}
	}
	p, err := kube.CoreV1().Pods("default").Get(ctx, c.member, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		c.seen("member deleted", since)
		c.terminating = false
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if p.UID == c.uid {
		c.terminating = p.DeletionTimestamp != nil
		if c.terminating {
			c.seen("member evicted", since)
		}
		return
	}
	c.terminating = false
	c.seen("member deleted", since)
	c.seen("member recreated", since)
	if p.Spec.NodeName != "" {
		c.seen("member scheduled", since)
	}
	if p.Status.Phase == corev1.PodRunning && p.DeletionTimestamp == nil {
		c.seen("member Running again", since)
	}
}

// printTimelines prints the cases side by side, seconds from the death.
func printTimelines(t *testing.T, death time.Time, cases []*deathCase) {
	var b strings.Builder
	fmt.Fprintf(&b, "\nnode death at %s, seconds after it:\n%-22s", death.UTC().Format("15:04:05"), "")
	for _, c := range cases {
		fmt.Fprintf(&b, " %-28s", c.name+" ("+c.member+")")
	}
	b.WriteString("\n")
	for _, e := range timeline {
		fmt.Fprintf(&b, "%-22s", e)
		for _, c := range cases {
			v := "-"
			if d, ok := c.events[e]; ok {
				v = fmt.Sprintf("%.1f", d.Seconds())
			}
			fmt.Fprintf(&b, " %-28s", v)
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "%-22s", "at the end")
	for _, c := range cases {
		v := "Running again"
		if c.terminating {
			v = fmt.Sprintf("Terminating (%.0f s)", time.Since(death).Seconds())
		}
		fmt.Fprintf(&b, " %-28s", v)
	}
	fmt.Println(b.String())
	t.Log(b.String())
}

func hasTaint(n *corev1.Node, key string) bool {
	return slices.ContainsFunc(n.Spec.Taints, func(t corev1.Taint) bool { return t.Key == key })
}

// claimOf is the first claim a pod mounts.
func claimOf(p corev1.Pod) string {
	for _, v := range p.Spec.Volumes {
		if v.PersistentVolumeClaim != nil {
			return v.PersistentVolumeClaim.ClaimName
		}
	}
	return ""
}
