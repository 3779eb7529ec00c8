package e2e

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
	"sigs.k8s.io/yaml"

	k8sprovider "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/nodepools"
	"github.com/zonestack/zonestack/components/storage"
	"github.com/zonestack/zonestack/components/workloads"
	"github.com/zonestack/zonestack/internal/app/engine"
	"github.com/zonestack/zonestack/internal/app/localcluster"
	"github.com/zonestack/zonestack/internal/app/manifests"
	"github.com/zonestack/zonestack/internal/app/program"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
)

const (
	repoRoot  = "../.."
	stacksDir = "../../stacks"
	// bootDelay is the local autoscaler's node boot time in these tests.
	bootDelay = 10 * time.Second
)

// startCluster builds the binaries (cached), starts a local cluster for the test and stops it when
// the test ends.
func startCluster(t *testing.T) (*localcluster.Client, localcluster.Cluster) {
	t.Helper()
	return startClusterWith(t, false)
}

// startClusterWith is startCluster, with metrics-server beside the control plane and the
// controller manager's HPA periods shortened (localcluster.HPAPeriods) when metrics is true.
func startClusterWith(t *testing.T, metrics bool) (*localcluster.Client, localcluster.Cluster) {
	t.Helper()
	return startNamedCluster(t, fmt.Sprintf("zs-e2e-%d", os.Getpid()), metrics)
}

// startNamedCluster is startClusterWith for a cluster of the given name, for a test that runs
// several at once.
func startNamedCluster(t *testing.T, name string, metrics bool) (*localcluster.Client, localcluster.Cluster) {
	t.Helper()
	ctx := context.Background()
	bin, err := localcluster.BuildBinaries(ctx, repoRoot, io.Discard) // its output is in the error
	if err != nil {
		t.Fatalf("the local cluster's binaries could not be built (run scripts/build-local-cluster to see why): %v", err)
	}
	work, err := os.MkdirTemp("", "zonestack-e2e-")
	if err != nil {
		t.Fatal(err)
	}
	c := localcluster.Cluster{
		Name:          name,
		BinDir:        bin,
		Workdir:       work,
		Kubeconfig:    filepath.Join(work, "kubeconfig"),
		MetricsServer: metrics,
	}
	took, err := c.Create(ctx, io.Discard) // kwokctl's output is in the error
	t.Cleanup(func() {
		if err := c.Delete(context.Background(), io.Discard); err != nil {
			t.Errorf("stopping the local cluster: %v", err)
		}
		os.RemoveAll(work)
	})
	if err != nil {
		t.Fatal(err)
	}
	if metrics {
		measure("local cluster start with metrics-server", took)
	} else {
		measure("local cluster start", took)
	}
	client, err := localcluster.NewClient(c.OwnKubeconfig())
	if err != nil {
		t.Fatal(err)
	}
	return client, c
}

// measure prints a figure for the README and CI logs; nothing asserts on it.
func measure(what string, d time.Duration) {
	fmt.Printf("MEASURE %-60s %s\n", what, d.Round(100*time.Millisecond))
}

// Every Kubernetes object of every stack is accepted by a real API server (server-side dry run).
func TestEveryStackPassesServerSideDryRun(t *testing.T) {
	client, _ := startCluster(t)
	// ACK's CRDs and the eci-profile, as ACK's add-ons install them.
	if err := client.InstallACKStandIns(context.Background(), 30*time.Second); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(stacksDir, "Pulumi.*.yaml"))
	if len(files) == 0 {
		t.Fatal("no stacks")
	}
	for _, f := range files {
		stack := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "Pulumi."), ".yaml")
		res, err := program.Offline(stacksDir, stack)
		if err != nil {
			t.Fatal(err)
		}
		objects := manifests.FromResult(res)
		for _, err := range client.DryRun(context.Background(), objects) {
			t.Errorf("%s: %v", stack, err)
		}
		t.Logf("%s: %d objects accepted", stack, len(objects))
	}
	// The stand-in CRDs check ACK's kinds: a misspelled field or an unknown unit is refused.
	res, err := program.Offline(stacksDir, "burst")
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range manifests.FromResult(res) {
		if o.Body["kind"] != "ResourcePolicy" {
			continue
		}
		for name, mutate := range map[string]func(spec map[string]any){
			"unknown unit": func(spec map[string]any) { spec["units"].([]any)[1].(map[string]any)["resource"] = "ecz" },
			"misspelled":   func(spec map[string]any) { spec["unit"] = spec["units"] },
		} {
			broken := manifests.Object{Type: o.Type, Name: o.Name, Body: deepCopy(t, o.Body)}
			mutate(broken.Body["spec"].(map[string]any))
			if errs := client.DryRun(context.Background(), []manifests.Object{broken}); len(errs) == 0 {
				t.Errorf("a ResourcePolicy with a %s field was accepted", name)
			}
		}
	}
}

func deepCopy(t *testing.T, m map[string]any) map[string]any {
	t.Helper()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSeed000OnTheLocalCluster is seed 000's scenario on stacks/Pulumi.local.yaml, deployed by a
// real `pulumi up` (the engine and the kubernetes provider) and then checked against what the
// engine and the cluster say: members spread over the zones on the placeholders' warm nodes, a
// second up with nothing to do, changes that are updates in place, a failed member back in its
// zone, and a destroy that keeps the members' disks.
func TestSeed000OnTheLocalCluster(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	client, cluster := startCluster(t)
	kube := client.Kube

	cfg, _, err := stackconfig.Load(stacksDir, "local")
	if err != nil {
		t.Fatal(err)
	}
	scaler := seedCluster(ctx, t, client, cfg)

	// 1. pulumi up: the placeholders take a warm node per zone, the StatefulSet preempts them,
	// one member per zone, and the placeholders get new warm nodes.
	state := t.TempDir()
	st := openLocal(t, cluster, cfg, state, "")
	start := time.Now()
	sum, err := st.Up(ctx)
	if err != nil {
		t.Fatal(err)
	}
	measure(fmt.Sprintf("first pulumi up of local (%s)", sum), time.Since(start))
	if sum.Changes["create"] == 0 || len(sum.Changes) != 1 {
		t.Fatalf("first up: %s, want creations only", sum)
	}
	members := waitPods(t, kube, "app.kubernetes.io/name=nginx-dynamic", 3, 2*time.Minute)
	measure("3 members Running from the start of up", time.Since(start))
	if zones := byZone(t, kube, members); len(zones) != 3 {
		t.Fatalf("members in zones %v, want one per zone", zones)
	}
	checkVolumesPinned(t, kube, members)
	warmStart := time.Now()
	placeholders := waitPods(t, kube, "app.kubernetes.io/name=placeholder", 3, 2*time.Minute)
	measure("placeholders warm again on new nodes", time.Since(warmStart))
	if z := byZone(t, kube, placeholders); len(z) != 3 {
		t.Fatalf("placeholders in zones %v, want one in each of 3", z)
	}
	printTable(t, kube)

	// 2. A second up has nothing to do; the state holds the cluster's key encrypted only.
	start = time.Now()
	if sum, err = st.Up(ctx); err != nil {
		t.Fatal(err)
	}
	measure(fmt.Sprintf("second pulumi up of local (%s)", sum), time.Since(start))
	if len(sum.Changes) != 1 || sum.Changes["same"] == 0 {
		t.Errorf("second up: %s, want every resource the same", sum)
	}
	checkStateKeepsSecrets(t, cluster, state)

	// 3. What users change is an update in place, never a replacement: the members' count and
	// image, a placeholder's size; and so is the provider's kubeconfig in another form (the
	// kwok file naming its certificates by path instead of holding them).
	for _, tt := range []struct {
		name   string
		change func(c *stackconfig.Config)
	}{
		{"replicas 3 to 6", func(c *stackconfig.Config) { six := 6; c.Workloads.StatefulServices[0].Replicas = &six }},
		{"image nginx to nginx:1.27", func(c *stackconfig.Config) { c.Workloads.StatefulServices[0].Image = "nginx:1.27" }},
		{"placeholder cpu 3 to 2", func(c *stackconfig.Config) { c.NodePools.Placeholders().CPU = "2" }},
		{"kubeconfig naming its files", nil},
	} {
		changed, _, err := stackconfig.Load(stacksDir, "local")
		if err != nil {
			t.Fatal(err)
		}
		kubeconfig := ""
		if tt.change != nil {
			tt.change(changed)
		} else {
			b, err := os.ReadFile(cluster.OwnKubeconfig())
			if err != nil {
				t.Fatal(err)
			}
			kubeconfig = string(b)
		}
		sum, err := openLocal(t, cluster, changed, state, kubeconfig).Preview(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Changes["update"] == 0 || sum.Changes["replace"]+sum.Changes["create-replacement"]+sum.Changes["delete"]+sum.Changes["create"] > 0 {
			t.Errorf("%s: preview %s, want updates in place only", tt.name, sum)
		}
		t.Logf("%s: %s", tt.name, sum)
	}

	// 4. Replica 0's node fails: the member comes back in its zone, on the warm node.
	warmed := failover(t, kube, "nginx-dynamic-0", placeholders)
	measure(fmt.Sprintf("failed member Running again, warm placeholder node (boot delay %s)", bootDelay), warmed)

	// 5. The same without placeholders: nothing keeps a warm node, the autoscaler removes the
	// idle ones, and the member waits for a new node.
	scalePlaceholders(t, kube, 0)
	if _, err := scaler.ScaleDown(ctx); err != nil {
		t.Fatal(err)
	}
	cold := failover(t, kube, "nginx-dynamic-1", nil)
	if cold < bootDelay {
		t.Errorf("without a warm node the member was back in %s, before a node could boot (%s)", cold, bootDelay)
	}
	measure(fmt.Sprintf("failed member Running again, no placeholder (boot delay %s)", bootDelay), cold)

	// 6. Scaling to 6 keeps the zones balanced.
	scalePlaceholders(t, kube, 1)
	if _, err := kube.AppsV1().StatefulSets("default").Patch(ctx, "nginx-dynamic", types.MergePatchType,
		[]byte(`{"spec":{"replicas":6}}`), metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
	members = waitPods(t, kube, "app.kubernetes.io/name=nginx-dynamic", 6, 3*time.Minute)
	for z, n := range byZone(t, kube, members) {
		if n != 2 {
			t.Errorf("zone %s has %d members after scaling to 6, want 2", z, n)
		}
	}
	checkVolumesPinned(t, kube, members)
	printTable(t, kube)

	// 7. pulumi destroy removes the stack's objects and keeps the members' claims and disks
	// (the StatefulSet's claims outlive it; the class reclaims with Retain).
	claims, err := kube.CoreV1().PersistentVolumeClaims("default").List(ctx, metav1.ListOptions{})
	if err != nil || len(claims.Items) != 6 {
		t.Fatalf("%d claims before destroy (%v), want 6", len(claims.Items), err)
	}
	if sum, err = st.Destroy(ctx); err != nil {
		t.Fatal(err)
	}
	if sum.Changes["delete"] == 0 {
		t.Errorf("destroy: %s", sum)
	}
	if sets, _ := kube.AppsV1().StatefulSets("default").List(ctx, metav1.ListOptions{}); len(sets.Items) != 0 {
		t.Errorf("%d StatefulSets left after destroy", len(sets.Items))
	}
	after, err := kube.CoreV1().PersistentVolumeClaims("default").List(ctx, metav1.ListOptions{})
	if err != nil || len(after.Items) != len(claims.Items) {
		t.Errorf("%d of %d claims left after destroy (%v)", len(after.Items), len(claims.Items), err)
	}
	for _, c := range after.Items {
		if _, err := kube.CoreV1().PersistentVolumes().Get(ctx, c.Spec.VolumeName, metav1.GetOptions{}); err != nil {
			t.Errorf("claim %s: its volume %s is gone after destroy: %v", c.Name, c.Spec.VolumeName, err)
		}
	}
}

// seedCluster readies the local cluster for a stack's Kubernetes layer, as ACK would be: the
// first minSize nodes of the stack's three stateful pools (ACK's autoscaler keeps that many) and
// of its system pools, where CoreDNS runs before anything of ours; the system workloads; the
// stand-in disk provisioner; and the stand-in autoscaler over the stateful pools, returned.
func seedCluster(ctx context.Context, t *testing.T, client *localcluster.Client, cfg *stackconfig.Config) *localcluster.Autoscaler {
	t.Helper()
	pools, err := program.Pools(cfg)
	if err != nil || len(pools) != 3 {
		t.Fatalf("pools %v %v", pools, err)
	}
	system, err := program.SystemPools(cfg)
	if err != nil || len(system) != 3 {
		t.Fatalf("system pools %v %v", system, err)
	}
	createNodes(t, client.Kube, append(slices.Clone(pools), system...))
	if err := client.InstallSystemWorkloads(ctx); err != nil {
		t.Fatal(err)
	}
	if err := client.WaitSystemWorkloads(ctx, time.Minute); err != nil {
		t.Fatal(err)
	}
	go localcluster.Provisioner{Kube: client.Kube}.Run(ctx)
	scaler := &localcluster.Autoscaler{Kube: client.Kube, Pools: pools, BootDelay: bootDelay, Log: t.Logf}
	go scaler.Run(ctx)
	return scaler
}

// createNodes creates each pool's first minSize fake nodes.
func createNodes(t *testing.T, kube kubeClient, pools []nodepools.Pool) {
	t.Helper()
	for _, p := range pools {
		for i := 0; i < p.MinSize; i++ {
			if _, err := kube.CoreV1().Nodes().Create(context.Background(), localcluster.Node(p, i), metav1.CreateOptions{}); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// The local cluster runs CoreDNS as ACK does (tolerating only CriticalAddonsOnly, never on an
// autoscaled pool's nodes): with only the stateful pools, tainted and autoscaled, as every stack
// had before system pools, it stays Pending and the scheduler says why; the system pools'
// nodes take it.
func TestSystemPodsNeedTheSystemPools(t *testing.T) {
	client, _ := startCluster(t)
	ctx := context.Background()
	cfg, _, err := stackconfig.Load(stacksDir, "dev")
	if err != nil {
		t.Fatal(err)
	}
	pools, err := program.Pools(cfg)
	if err != nil {
		t.Fatal(err)
	}
	createNodes(t, client.Kube, pools)
	if err := client.InstallSystemWorkloads(ctx); err != nil {
		t.Fatal(err)
	}
	err = client.WaitSystemWorkloads(ctx, 10*time.Second)
	if err == nil || !strings.Contains(err.Error(), "runs 0 of 2 pods") || !strings.Contains(err.Error(), "untolerated taint") {
		t.Fatalf("CoreDNS with only dev's stateful pools: %v, want it Pending on their taint", err)
	}
	t.Log(err)
	system, err := program.SystemPools(cfg)
	if err != nil || len(system) != 3 {
		t.Fatalf("dev's system pools %v %v", system, err)
	}
	createNodes(t, client.Kube, system)
	if err := client.WaitSystemWorkloads(ctx, time.Minute); err != nil {
		t.Fatalf("with dev's system pools: %v", err)
	}
}

// A stateful service deployed under its name of an earlier release (<name>, before
// <namespace>/<name>) is carried over by its alias under the real engine: the next up creates
// what is new and neither deletes nor replaces any of the service's objects.
func TestARenamedServiceCarriesItsAlias(t *testing.T) {
	ctx := context.Background()
	client, cluster := startCluster(t)
	cfg, _, err := stackconfig.Load(stacksDir, "local")
	if err != nil {
		t.Fatal(err)
	}
	pools, err := program.Pools(cfg)
	if err != nil {
		t.Fatal(err)
	}
	createNodes(t, client.Kube, pools)
	pctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go localcluster.Provisioner{Kube: client.Kube}.Run(pctx)
	kubeconfig, err := cluster.FlatKubeconfig()
	if err != nil {
		t.Fatal(err)
	}
	state := t.TempDir()
	// The earlier release: the provider as RunLocal makes it, and the service named <name>.
	old, err := engine.Open(ctx, engine.Options{
		Project: stackconfig.Project, Stack: cfg.Stack(), Dir: state, BinDir: cluster.BinDir, Progress: testWriter{t},
		Program: func(pctx *pulumi.Context) error {
			k8s, err := engine.KubernetesProvider(pctx, "local", &k8sprovider.ProviderArgs{
				Kubeconfig:        pulumi.ToSecret(pulumi.String(kubeconfig)).(pulumi.StringOutput),
				ClusterIdentifier: pulumi.String(program.LocalClusterName(cfg.Stack())),
			})
			if err != nil {
				return err
			}
			// Its class, which the members' claims name.
			if _, err := storage.NewDiskStorageClass(pctx, "storage-sts-sc", &storage.DiskStorageClassArgs{DiskClassSpec: storage.DiskClassSpec{Name: "sts-sc"}}, pulumi.Provider(k8s)); err != nil {
				return err
			}
			services, err := program.StatefulServices(cfg)
			if err != nil {
				return err
			}
			a := services[0]
			_, err = workloads.NewStatefulService(pctx, a.Name, &a, pulumi.Provider(k8s))
			return err
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := old.Up(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("the earlier release: %s", sum)
	sum, err = openLocal(t, cluster, cfg, state, "").Preview(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("the renamed release previews %s", sum)
	if sum.Changes["delete"]+sum.Changes["replace"]+sum.Changes["create-replacement"]+sum.Changes["delete-replaced"] > 0 || sum.Changes["same"] < 8 {
		t.Errorf("preview after the rename: %s, want the service's objects kept (same) and nothing deleted or replaced", sum)
	}
}

// openLocal opens the engine's stack of cfg's Kubernetes layer on cluster, its state in dir, as
// `zonestack local up` does; kubeconfig "" is the cluster's, flattened, as local up gives it.
func openLocal(t *testing.T, cluster localcluster.Cluster, cfg *stackconfig.Config, dir, kubeconfig string) *engine.Stack {
	t.Helper()
	if kubeconfig == "" {
		var err error
		if kubeconfig, err = cluster.FlatKubeconfig(); err != nil {
			t.Fatal(err)
		}
	}
	st, err := engine.Open(context.Background(), engine.Options{
		Project: stackconfig.Project, Stack: cfg.Stack(), Dir: dir, BinDir: cluster.BinDir, Progress: testWriter{t},
		Program: func(ctx *pulumi.Context) error { return program.RunLocal(ctx, cfg, kubeconfig) },
	})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// checkStateKeepsSecrets fails if the cluster's private key is anywhere in the engine's state
// directory in plain text: the provider's kubeconfig holds it, as a secret.
func checkStateKeepsSecrets(t *testing.T, cluster localcluster.Cluster, dir string) {
	t.Helper()
	flat, err := cluster.FlatKubeconfig()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Users []struct {
			User struct {
				Key string `json:"client-key-data"`
			} `json:"user"`
		} `json:"users"`
	}
	if err := yaml.Unmarshal([]byte(flat), &doc); err != nil || len(doc.Users) == 0 || doc.Users[0].User.Key == "" {
		t.Fatalf("the flattened kubeconfig has no client key (%v)", err)
	}
	key, _ := base64.StdEncoding.DecodeString(doc.Users[0].User.Key)
	needles := []string{doc.Users[0].User.Key, strings.Split(string(key), "\n")[1]}
	found := 0
	err = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.Contains(path, "/plugins/") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		found++
		for _, n := range needles {
			if strings.Contains(string(b), n) {
				t.Errorf("%s holds the cluster's private key in plain text", path)
			}
		}
		return nil
	})
	if err != nil || found == 0 {
		t.Fatalf("read %d state files (%v)", found, err)
	}
}

// testWriter sends the engine's progress to the test log.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// waitPods waits until n pods of the selector are Running and returns them.
func waitPods(t *testing.T, kube kubeClient, selector string, n int, timeout time.Duration) []corev1.Pod {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var last []string
	for time.Now().Before(deadline) {
		list, err := kube.CoreV1().Pods("").List(context.Background(), metav1.ListOptions{LabelSelector: selector})
		if err != nil {
			t.Fatal(err)
		}
		var running []corev1.Pod
		last = last[:0]
		for _, p := range list.Items {
			last = append(last, fmt.Sprintf("%s=%s@%s", p.Name, p.Status.Phase, p.Spec.NodeName))
			if p.Status.Phase == corev1.PodRunning && p.DeletionTimestamp == nil {
				running = append(running, p)
			}
		}
		if len(running) == n && len(list.Items) == n {
			return running
		}
		time.Sleep(250 * time.Millisecond)
	}
	t.Fatalf("%d pods %s not Running within %s: %v", n, selector, timeout, last)
	return nil
}

// byZone counts pods by their node's zone.
func byZone(t *testing.T, kube kubeClient, pods []corev1.Pod) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, p := range pods {
		out[zoneOf(t, kube, p.Spec.NodeName)]++
	}
	return out
}

func zoneOf(t *testing.T, kube kubeClient, node string) string {
	t.Helper()
	n, err := kube.CoreV1().Nodes().Get(context.Background(), node, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return n.Labels[localcluster.ZoneLabel]
}

// checkVolumesPinned checks that each member's volume is pinned to its zone and bound.
func checkVolumesPinned(t *testing.T, kube kubeClient, pods []corev1.Pod) {
	t.Helper()
	ctx := context.Background()
	for _, p := range pods {
		for _, v := range p.Spec.Volumes {
			if v.PersistentVolumeClaim == nil {
				continue
			}
			pvc, err := kube.CoreV1().PersistentVolumeClaims(p.Namespace).Get(ctx, v.PersistentVolumeClaim.ClaimName, metav1.GetOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if pvc.Status.Phase != corev1.ClaimBound {
				t.Errorf("%s: claim %s is %s", p.Name, pvc.Name, pvc.Status.Phase)
				continue
			}
			pv, err := kube.CoreV1().PersistentVolumes().Get(ctx, pvc.Spec.VolumeName, metav1.GetOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if a := pv.Spec.NodeAffinity; a == nil || a.Required == nil || len(a.Required.NodeSelectorTerms) == 0 ||
				len(a.Required.NodeSelectorTerms[0].MatchExpressions) == 0 || len(a.Required.NodeSelectorTerms[0].MatchExpressions[0].Values) == 0 {
				t.Errorf("%s: volume %s is pinned to no zone (node affinity %v)", p.Name, pv.Name, a)
				continue
			}
			zone := pv.Spec.NodeAffinity.Required.NodeSelectorTerms[0].MatchExpressions[0].Values[0]
			if node := zoneOf(t, kube, p.Spec.NodeName); zone != node {
				t.Errorf("%s runs in %s but its volume is pinned to %s", p.Name, node, zone)
			}
			if pv.Spec.PersistentVolumeReclaimPolicy != corev1.PersistentVolumeReclaimRetain {
				t.Errorf("%s: volume reclaim policy %s", p.Name, pv.Spec.PersistentVolumeReclaimPolicy)
			}
		}
	}
}

// failover fails the node of a member (cordoned and tainted out of service, the member deleted)
// and returns how long until the member runs again. With placeholders given, it checks that the
// member came back on the node its zone's placeholder held.
func failover(t *testing.T, kube kubeClient, member string, placeholders []corev1.Pod) time.Duration {
	t.Helper()
	ctx := context.Background()
	pod, err := kube.CoreV1().Pods("default").Get(ctx, member, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	node, zone := pod.Spec.NodeName, zoneOf(t, kube, pod.Spec.NodeName)
	warm := ""
	for _, p := range placeholders {
		if zoneOf(t, kube, p.Spec.NodeName) == zone {
			warm = p.Spec.NodeName
		}
	}
	patch := `{"spec":{"unschedulable":true,"taints":[{"key":"node.kubernetes.io/out-of-service","value":"nodeshutdown","effect":"NoExecute"}]}}`
	if _, err := kube.CoreV1().Nodes().Patch(ctx, node, types.MergePatchType, []byte(patch), metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	zero := int64(0)
	if err := kube.CoreV1().Pods("default").Delete(ctx, member, metav1.DeleteOptions{GracePeriodSeconds: &zero}); err != nil {
		t.Fatal(err)
	}
	deadline := start.Add(3 * time.Minute)
	for time.Now().Before(deadline) {
		p, err := kube.CoreV1().Pods("default").Get(ctx, member, metav1.GetOptions{})
		if err == nil && p.UID != pod.UID && p.Status.Phase == corev1.PodRunning {
			took := time.Since(start)
			if got := zoneOf(t, kube, p.Spec.NodeName); got != zone {
				t.Errorf("%s came back in %s, its volume is in %s", member, got, zone)
			}
			if warm != "" && p.Spec.NodeName != warm {
				t.Errorf("%s came back on %s, not on the warm node %s", member, p.Spec.NodeName, warm)
			}
			t.Logf("%s: node %s failed, back on %s in %s after %s", member, node, p.Spec.NodeName, zone, took)
			return took
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("%s not Running again within 3 minutes", member)
	return 0
}

func scalePlaceholders(t *testing.T, kube kubeClient, replicas int) {
	t.Helper()
	ctx := context.Background()
	list, err := kube.AppsV1().Deployments("default").List(ctx, metav1.ListOptions{LabelSelector: "app.kubernetes.io/name=placeholder"})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range list.Items {
		patch := fmt.Sprintf(`{"spec":{"replicas":%d}}`, replicas)
		if _, err := kube.AppsV1().Deployments("default").Patch(ctx, d.Name, types.MergePatchType, []byte(patch), metav1.PatchOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	if replicas == 0 {
		deadline := time.Now().Add(time.Minute)
		for time.Now().Before(deadline) {
			pods, _ := kube.CoreV1().Pods("").List(ctx, metav1.ListOptions{LabelSelector: "app.kubernetes.io/name=placeholder"})
			if len(pods.Items) == 0 {
				return
			}
			time.Sleep(200 * time.Millisecond)
		}
		t.Fatal("placeholders still there a minute after scaling them to 0")
	}
}

// printTable prints the pods by zone and node, as `zonestack local up` does.
func printTable(t *testing.T, kube kubeClient) {
	t.Helper()
	rows, err := localcluster.PodsByZone(context.Background(), kube)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	localcluster.WriteTable(&b, rows)
	t.Log("\n" + b.String())
}

// kubeClient is the typed client of the local cluster.
type kubeClient = kubernetes.Interface

// A member that never becomes Ready (no node can take it) fails `pulumi up` with the provider's
// own account, once the stateful service's readyTimeout has passed, not after the provider's 10
// minutes or never.
func TestAMemberThatNeverRunsFailsTheUp(t *testing.T) {
	_, cluster := startCluster(t) // no nodes, no autoscaler: every member stays Pending
	cfg, _, err := stackconfig.Load(stacksDir, "local")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Workloads.StatefulServices[0].ReadyTimeout = "20s"
	start := time.Now()
	_, err = openLocal(t, cluster, cfg, t.TempDir(), "").Up(context.Background())
	took := time.Since(start)
	measure("pulumi up failing on a member that never runs (readyTimeout 20s)", took)
	if err == nil {
		t.Fatal("up succeeded with no node for the members")
	}
	msg := err.Error()
	if !strings.Contains(msg, "nginx-dynamic-set") || !strings.Contains(strings.ToLower(msg), "timed out") {
		t.Errorf("the up's error does not name the StatefulSet and its timeout:\n%s", msg)
	}
	if took > 2*time.Minute {
		t.Errorf("up failed after %s, long past the 20 s readyTimeout", took)
	}
}
