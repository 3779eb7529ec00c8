package e2e

import (
	"context"
	"fmt"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/federation"
	"github.com/zonestack/zonestack/components/nodepools"
	"github.com/zonestack/zonestack/internal/app/engine"
	"github.com/zonestack/zonestack/internal/app/localcluster"
	"github.com/zonestack/zonestack/internal/app/program"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
	"github.com/zonestack/zonestack/internal/app/testutil"
	"github.com/zonestack/zonestack/internal/app/watch"
)

// fedStack is the failover test's global stack, in tests/e2e/testdata.
const fedStack = "global-local"

// watchInterval is the watcher's interval in the failover test: short, so that the run is short;
// a real watcher's default is watch.DefaultInterval.
const watchInterval = 2 * time.Second

// Seed 003's failover with no one at the keyboard, on the real controllers: three local clusters
// in two regions (cn-hangzhou: local-hz-1 and local-hz-2; cn-shanghai: local-sh-1) federated by
// the global-local stack on the CoreDNS back end, the real engine and kubernetes provider
// applying it, the watcher (internal/app/watch) checking the members' health every 2 s and
// running the engine's up when the planned records change.
//
// kwok's pods run no process, so the zone's CoreDNS does not run in the members' pods: this test
// runs the same CoreDNS v1.13.2 on loopback with the Corefile and the zone file of local-sh-1's
// ConfigMap (the port and the mount path substituted), copying the zone file whenever the
// ConfigMap changes, in the place of the pod, whose kubelet would copy it into the pod's volume.
//
//   - All healthy: every scope name answers its own shards' addresses.
//   - cn-hangzhou's shards go down (their pods evicted, no ready endpoint): the region's zone names
//     move to the region's name, the region's name to the global name, and the global name holds
//     cn-shanghai's address alone; back when they return. The seconds from the shards going down
//     to the names answering so are printed (MEASURE lines), with the parts of that time.
//   - local-hz-2's API server stops: the watcher keeps its health from the last run and flips
//     nothing; an up of the global stack succeeds, warning that the member cannot be read, and
//     every name answers as before.
func TestAFederationFailsOverOnItsOwn(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := readFedStack(t)
	f := cfg.Federation
	dir := t.TempDir()
	members := startMembers(ctx, t, f, dir)
	byStack := map[string]*fedMember{}
	for _, m := range members {
		byStack[m.ref.Stack] = m
	}
	bin := members[0].cluster.BinDir
	global := openGlobal(ctx, t, cfg, dir, bin)
	start := time.Now()
	sum, err := global.Up(ctx)
	if err != nil {
		t.Fatal(err)
	}
	measure("federation: first up of the global stack (3 members)", time.Since(start))
	for _, line := range outputLines(sum.Outputs["delegation"].Value) {
		t.Logf("delegation: %s", line)
	}

	// The zone's CoreDNS, in the place of local-sh-1's pod.
	zone := serveZoneOf(ctx, t, byStack["local-sh-1"], f.Federation, bin)
	port := zone.port
	all := []string{"local-hz-1", "local-hz-2", "local-sh-1"}
	waitAnswers(t, port, planned(t, cfg, members, all...), 30*time.Second)

	var events eventLog
	src := &watch.StackSource{Stack: global.Auto(), Spec: watch.FixedSpec(f), Read: federation.ReadShard, Progress: testWriter{t}}
	wctx, stopWatch := context.WithCancel(ctx)
	watched := make(chan error, 1)
	go func() {
		watched <- watch.Run(wctx, watch.Options{Funcs: src.Funcs(), Interval: watchInterval, Log: testWriter{t}, OnEvent: events.add, Name: fedStack})
	}()
	defer func() {
		stopWatch()
		if err := <-watched; err != nil {
			t.Errorf("watcher: %v", err)
		}
	}()

	// cn-hangzhou's shards go down, and come back.
	hz2 := byStack["local-hz-2"]
	hangzhou := []*fedMember{byStack["local-hz-1"], hz2}
	allHealthy := planned(t, cfg, members, all...)
	for _, step := range []struct {
		what    string
		apply   func(*testing.T, *fedMember)
		healthy []string
	}{
		{"down", shardsDown, []string{"local-sh-1"}},
		{"back", shardsBack, all},
	} {
		t0 := time.Now()
		for _, m := range hangzhou {
			step.apply(t, m)
		}
		var read time.Time
		for _, m := range hangzhou {
			read = waitShard(t, cfg, m, step.what == "back", time.Minute)
		}
		want := planned(t, cfg, members, step.healthy...)
		answered := waitAnswers(t, port, want, 2*time.Minute)
		// The names answer as soon as the up has written the zone's ConfigMap, before the up
		// itself has ended and the watcher has said so.
		ups := events.wait(watch.Upped, t0, time.Minute)
		if len(ups) == 0 {
			t.Fatalf("shards %s: the names moved with no up of the watcher's", step.what)
		}
		first, last := ups[0], ups[len(ups)-1]
		t.Logf("shards %s: %d ups of the watcher's; their flips:", step.what, len(ups))
		for _, up := range ups {
			for _, c := range up.Changes {
				t.Logf("  %s", c)
			}
		}
		measure(fmt.Sprintf("federation %s: to both members' shards reading so", step.what), read.Sub(t0))
		measure(fmt.Sprintf("federation %s: to the watcher's first up starting", step.what), first.At.Add(-first.Took).Sub(t0))
		measure(fmt.Sprintf("federation %s: the watcher's last up (of %d)", step.what, len(ups)), last.Took)
		measure(fmt.Sprintf("federation %s: to the zone file's last change reaching CoreDNS's file", step.what), zone.lastWrite().Sub(t0))
		measure(fmt.Sprintf("federation %s: to every name answering the new records", step.what), answered.Sub(t0))
	}

	// An unreachable member neither aborts a run nor flips its names.
	if err := hz2.cluster.Stop(ctx, io.Discard); err != nil {
		t.Fatal(err)
	}
	before := events.count(watch.Upped)
	time.Sleep(3 * watchInterval)
	if n := events.count(watch.Upped) - before; n != 0 {
		t.Errorf("the watcher ran %d ups while local-hz-2 could not be read; its health is its last run's: nothing changed", n)
	}
	sum, err = global.Up(ctx)
	if err != nil {
		t.Fatalf("an up with local-hz-2 unreachable failed: %v", err)
	}
	if st := shardOf(t, sum.Outputs["shards"].Value, "local-hz-2"); !st.Kept || !st.Healthy {
		t.Errorf("local-hz-2 after an up while unreachable: %+v, want its last run's health, kept", st)
	}
	checkAnswers(t, port, allHealthy, "local-hz-2 unreachable")
	if err := hz2.cluster.Start(ctx, io.Discard); err != nil {
		t.Fatal(err)
	}
}

// eventLog keeps the watcher's events for the test to read.
type eventLog struct {
	mu     sync.Mutex
	events []watch.Event
}

func (l *eventLog) add(e watch.Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.events = append(l.events, e)
}

func (l *eventLog) count(kind watch.EventKind) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, e := range l.events {
		if e.Kind == kind {
			n++
		}
	}
	return n
}

// since are the events of kind at or after t, in order.
func (l *eventLog) since(kind watch.EventKind, t time.Time) []watch.Event {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []watch.Event
	for _, e := range l.events {
		if e.Kind == kind && !e.At.Before(t) {
			out = append(out, e)
		}
	}
	return out
}

// wait is since, once it has an event, or empty after timeout.
func (l *eventLog) wait(kind watch.EventKind, t time.Time, timeout time.Duration) []watch.Event {
	deadline := time.Now().Add(timeout)
	for {
		if es := l.since(kind, t); len(es) > 0 || time.Now().After(deadline) {
			return es
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// servedZone is the zone's CoreDNS on loopback, fed from a member's ConfigMap.
type servedZone struct {
	port    int
	mu      sync.Mutex
	written time.Time
}

// lastWrite is when the zone file last changed.
func (z *servedZone) lastWrite() time.Time {
	z.mu.Lock()
	defer z.mu.Unlock()
	return z.written
}

// serveZoneOf runs CoreDNS on a loopback port with the Corefile of member's zone ConfigMap, and
// keeps its zone file as the ConfigMap has it (read every 200 ms) until ctx ends.
func serveZoneOf(ctx context.Context, t *testing.T, m *fedMember, f federation.Federation, bin string) *servedZone {
	t.Helper()
	ns := federation.CoreDNSNamespace(f)
	cms := m.client.Kube.CoreV1().ConfigMaps(ns)
	cm, err := cms.Get(ctx, federation.CoreDNSName, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	zoneKey := federation.ZoneFileKey(f)
	writeAtomically(t, filepath.Join(dir, zoneKey), cm.Data[zoneKey])
	port := testutil.FreePort(t)
	corefile := cm.Data["Corefile"]
	for _, sub := range [][2]string{
		{fmt.Sprintf(":%d {", federation.CoreDNSPort), fmt.Sprintf(":%d {", port)},
		{federation.CoreDNSConfigDir + "/", dir + "/"},
		{"health :8080", fmt.Sprintf("health 127.0.0.1:%d", testutil.FreePort(t))},
		{"ready :8181", fmt.Sprintf("ready 127.0.0.1:%d", testutil.FreePort(t))},
	} {
		if strings.Count(corefile, sub[0]) != 1 {
			t.Fatalf("the Corefile has not one %q:\n%s", sub[0], corefile)
		}
		corefile = strings.Replace(corefile, sub[0], sub[1], 1)
	}
	testutil.StartCoreDNS(t, filepath.Join(bin, "coredns"), dir, corefile, func(log string) bool {
		return strings.Contains(log, "CoreDNS-")
	})
	z := &servedZone{port: port, written: time.Now()}
	go func() {
		last := cm.Data[zoneKey]
		for ctx.Err() == nil {
			time.Sleep(200 * time.Millisecond)
			cm, err := cms.Get(ctx, federation.CoreDNSName, metav1.GetOptions{})
			if err != nil || cm.Data[zoneKey] == last {
				continue // a stopped member's API server, or no change
			}
			last = cm.Data[zoneKey]
			writeAtomically(t, filepath.Join(dir, zoneKey), last)
			z.mu.Lock()
			z.written = time.Now()
			z.mu.Unlock()
		}
	}()
	return z
}

// answersAs says whether the server on port answers every planned record as planned: for a CNAME
// the name's first answer is that CNAME, for addresses the name's own records of that type.
func answersAs(port int, want []federation.Record) error {
	for _, r := range want {
		qtype := r.Type
		if qtype == federation.TypeCNAME {
			qtype = federation.TypeA
		}
		got, err := testutil.Dig(port, r.Name, qtype)
		if err != nil {
			return err
		}
		var own []string
		for _, a := range got.Answer {
			if a.Name == r.Name && a.Type == r.Type {
				own = append(own, a.Value)
			}
		}
		slices.Sort(own)
		values := slices.Sorted(slices.Values(r.Values))
		if got.Rcode != "NOERROR" || !slices.Equal(own, values) {
			return fmt.Errorf("%s %s: %s %v, want %v", r.Name, r.Type, got.Rcode, got.Answer, values)
		}
	}
	return nil
}

// waitAnswers waits until the server answers every record as planned, and returns when it did.
func waitAnswers(t *testing.T, port int, want []federation.Record, timeout time.Duration) time.Time {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		err := answersAs(port, want)
		if err == nil {
			return time.Now()
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %s: %v", timeout, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// checkAnswers fails the test unless the server answers every record as planned now.
func checkAnswers(t *testing.T, port int, want []federation.Record, when string) {
	t.Helper()
	if err := answersAs(port, want); err != nil {
		t.Errorf("%s: %v", when, err)
	}
}

// shardOf is a member's status in a shards output as the engine returns it.
func shardOf(t *testing.T, shards any, member string) federation.ShardStatus {
	t.Helper()
	m, ok := shards.(map[string]any)
	if !ok {
		t.Fatalf("shards output %v", shards)
	}
	st := federation.LastShard(m, member)
	if s, _ := m[member].(map[string]any); s != nil {
		st.Kept, _ = s["kept"].(bool)
	}
	return st
}

// outputLines are a string-array output's lines.
func outputLines(v any) []string {
	var out []string
	vs, _ := v.([]any)
	for _, x := range vs {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// fedMember is one member of the failover test: its local cluster and the member stack that
// exports the cluster's kubeconfig.
type fedMember struct {
	ref     federation.MemberRef
	cluster localcluster.Cluster
	client  *localcluster.Client
	// nodes are the member's system-pool nodes, one per zone.
	nodes []string
}

// startMembers starts one local cluster per member of the federation, each with a system-pool
// node per zone, ACK's kube-system/coredns ConfigMap (which the federation patches on an ACK
// member) and a stand-in load-balancer controller giving addresses from a pool of its own; and,
// in the backend under dir, a member stack per cluster exporting its kubeconfig (a secret) and
// its cluster identifier, as a member's own stack does.
func startMembers(ctx context.Context, t *testing.T, f *federation.FederationSpec, dir string) []*fedMember {
	t.Helper()
	var out []*fedMember
	for i, ref := range f.Members {
		client, cluster := startNamedCluster(t, fmt.Sprintf("zs-fed-%d-%d", os.Getpid(), i), false)
		m := &fedMember{ref: ref, cluster: cluster, client: client}
		for j, zone := range ref.Zones {
			p := nodepools.Pool{Name: "system", Zone: zone, Role: nodepools.RoleSystem, MinSize: 1,
				Labels: map[string]string{nodepools.SystemPoolLabelKey: nodepools.SystemPoolLabelValue, localcluster.ZoneLabel: zone}}
			n := localcluster.Node(p, j)
			if _, err := client.Kube.CoreV1().Nodes().Create(ctx, n, metav1.CreateOptions{}); err != nil {
				t.Fatal(err)
			}
			m.nodes = append(m.nodes, n.Name)
		}
		if _, err := client.Kube.CoreV1().ConfigMaps("kube-system").Create(ctx, &corev1.ConfigMap{
			ObjectMeta: metav1.ObjectMeta{Name: "coredns", Namespace: "kube-system"},
			Data:       map[string]string{"Corefile": ".:53 {\n    forward . /etc/resolv.conf\n}\n"},
		}, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		pool := netip.PrefixFrom(netip.AddrFrom4([4]byte{203, 0, 113, byte(16 * i)}), 28)
		go localcluster.LoadBalancers{Kube: client.Kube, Pool: pool}.Run(ctx)
		kubeconfig, err := cluster.FlatKubeconfig()
		if err != nil {
			t.Fatal(err)
		}
		st, err := engine.Open(ctx, engine.Options{
			Project: stackconfig.Project, Stack: ref.Stack, Dir: dir, BinDir: cluster.BinDir, Progress: testWriter{t},
			Program: func(ctx *pulumi.Context) error {
				ctx.Export("kubeconfig", pulumi.ToSecret(pulumi.String(kubeconfig)))
				ctx.Export("clusterIdentifier", pulumi.String(cluster.Name))
				return nil
			},
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Up(ctx); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

// openGlobal opens the failover test's global stack in the backend under dir, the real program
// as the local engine runs it (program.RunGlobalLocal).
func openGlobal(ctx context.Context, t *testing.T, cfg *stackconfig.Config, dir, bin string) *engine.Stack {
	t.Helper()
	st, err := engine.Open(ctx, engine.Options{
		Project: stackconfig.Project, Stack: cfg.Stack(), Dir: dir, BinDir: bin, Progress: testWriter{t},
		Program: func(ctx *pulumi.Context) error { return program.RunGlobalLocal(ctx, cfg) },
	})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// readFedStack parses tests/e2e/testdata/Pulumi.global-local.yaml.
func readFedStack(t *testing.T) *stackconfig.Config {
	t.Helper()
	raw, err := stackconfig.ReadStackFile(stackconfig.StackFile("testdata", fedStack))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := stackconfig.Parse(fedStack, raw)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// shardsDown takes a member's shard down, as a region whose service has failed: every node of
// its system pool is tainted out of service, so its pods are evicted and wait Pending with no
// node to run on, and the Service has no ready endpoint. The member's API server still answers.
func shardsDown(t *testing.T, m *fedMember) {
	t.Helper()
	for _, z := range m.ref.Zones {
		takeZoneDown(t, m.client.Kube, z)
	}
}

// shardsBack undoes shardsDown.
func shardsBack(t *testing.T, m *fedMember) {
	t.Helper()
	for _, z := range m.ref.Zones {
		bringZoneBack(t, m.client.Kube, zoneNodes(t, m.client.Kube, z))
	}
}

// planned is what the planner publishes when the members named healthy are, at the load
// balancer addresses the members' Services have now.
func planned(t *testing.T, cfg *stackconfig.Config, members []*fedMember, healthy ...string) []federation.Record {
	t.Helper()
	f := cfg.Federation
	var clusters []federation.Cluster
	for _, m := range members {
		c := m.ref.Cluster()
		st, err := federation.ReadShard(context.Background(), flat(t, m), f.Service.Service)
		if err != nil {
			t.Fatal(err)
		}
		c.Shard = federation.Shard{Addresses: st.Addresses, Healthy: slices.Contains(healthy, m.ref.Stack)}
		clusters = append(clusters, c)
	}
	rs, _, err := federation.PlanRecords(f.Federation, f.Service.Service, clusters, nil)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func flat(t *testing.T, m *fedMember) string {
	t.Helper()
	k, err := m.cluster.FlatKubeconfig()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// waitShard waits until the member's shard reads as healthy or not, and returns when it did.
func waitShard(t *testing.T, cfg *stackconfig.Config, m *fedMember, healthy bool, timeout time.Duration) time.Time {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		st, err := federation.ReadShard(context.Background(), flat(t, m), cfg.Federation.Service.Service)
		if err == nil && st.Healthy == healthy {
			return time.Now()
		}
		if time.Now().After(deadline) {
			t.Fatalf("member %s: shard %+v (%v) after %s, want healthy %t", m.ref.Stack, st, err, timeout, healthy)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// writeAtomically replaces path's content at once, as the kubelet swaps a ConfigMap volume's
// files (a symlink flip), so that CoreDNS never reads half a zone.
func writeAtomically(t *testing.T, path, content string) {
	t.Helper()
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(content), 0o644); err != nil {
		t.Error(err)
		return
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Error(err)
	}
}
