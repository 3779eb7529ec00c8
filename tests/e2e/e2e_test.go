package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"

	"github.com/zonestack/zonestack/internal/localcluster"
	"github.com/zonestack/zonestack/internal/manifests"
	"github.com/zonestack/zonestack/internal/program"
	"github.com/zonestack/zonestack/internal/stackconfig"
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
		Name:       fmt.Sprintf("zs-e2e-%d", os.Getpid()),
		BinDir:     bin,
		Workdir:    work,
		Kubeconfig: filepath.Join(work, "kubeconfig"),
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
	measure("local cluster start", took)
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
		for _, err := range client.Apply(context.Background(), objects, localcluster.ApplyOptions{DryRun: true}) {
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
			if errs := client.Apply(context.Background(), []manifests.Object{broken}, localcluster.ApplyOptions{DryRun: true}); len(errs) == 0 {
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

// seed000 is the scenario of seed 000 on stacks/Pulumi.local.yaml.
func TestSeed000OnTheLocalCluster(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	client, _ := startCluster(t)
	kube := client.Kube

	cfg, _, err := stackconfig.Load(stacksDir, "local")
	if err != nil {
		t.Fatal(err)
	}
	pools, err := program.Pools(cfg)
	if err != nil || len(pools) != 3 {
		t.Fatalf("pools %v %v", pools, err)
	}
	res, err := program.Offline(stacksDir, "local")
	if err != nil {
		t.Fatal(err)
	}
	// The pools' first nodes, as ACK's autoscaler keeps minSize of them.
	for _, p := range pools {
		for i := 0; i < *p.Spec.MinSize; i++ {
			if _, err := kube.CoreV1().Nodes().Create(ctx, localcluster.Node(p, i), metav1.CreateOptions{}); err != nil {
				t.Fatal(err)
			}
		}
	}
	go localcluster.Provisioner{Kube: kube}.Run(ctx)
	scaler := &localcluster.Autoscaler{Kube: kube, Pools: pools, BootDelay: bootDelay, Log: t.Logf}
	go scaler.Run(ctx)

	// 1. The placeholders and the StorageClass first: a warm node in every zone.
	var first, service []manifests.Object
	for _, o := range manifests.FromResult(res) {
		switch o.Type {
		case "kubernetes:apps/v1:StatefulSet", "kubernetes:core/v1:Service", "kubernetes:policy/v1:PodDisruptionBudget":
			service = append(service, o)
		default:
			first = append(first, o)
		}
	}
	apply(t, client, first)
	placeholders := waitPods(t, kube, "app.kubernetes.io/name=placeholder", 3, time.Minute)
	if z := byZone(t, kube, placeholders); len(z) != 3 {
		t.Fatalf("placeholders in zones %v, want one in each of 3", z)
	}

	// 2. The StatefulSet preempts the placeholders, one member per zone.
	start := time.Now()
	apply(t, client, service)
	members := waitPods(t, kube, "app.kubernetes.io/name=nginx-dynamic", 3, 2*time.Minute)
	measure("3 members Running after apply (placeholders preempted)", time.Since(start))
	zones := byZone(t, kube, members)
	if len(zones) != 3 {
		t.Fatalf("members in zones %v, want one per zone", zones)
	}
	checkVolumesPinned(t, kube, members)
	// The preempted placeholders get new warm nodes from the autoscaler.
	warmStart := time.Now()
	placeholders = waitPods(t, kube, "app.kubernetes.io/name=placeholder", 3, 2*time.Minute)
	measure("placeholders warm again on new nodes", time.Since(warmStart))
	printTable(t, kube)

	// 3. Replica 0's node fails: the member comes back in its zone, on the warm node.
	warmed := failover(t, kube, "nginx-dynamic-0", placeholders)
	measure(fmt.Sprintf("failed member Running again, warm placeholder node (boot delay %s)", bootDelay), warmed)

	// 4. The same without placeholders: nothing keeps a warm node, the autoscaler removes the
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

	// 5. Scaling to 6 keeps the zones balanced.
	scalePlaceholders(t, kube, 1)
	if _, err := kube.AppsV1().StatefulSets("default").Patch(ctx, "nginx-dynamic", types.MergePatchType,
		[]byte(`{"spec":{"replicas":6}}`), metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
	members = waitPods(t, kube, "app.kubernetes.io/name=nginx-dynamic", 6, 3*time.Minute)
	zones = byZone(t, kube, members)
	for z, n := range zones {
		if n != 2 {
			t.Errorf("zone %s has %d members after scaling to 6, want 2 (%v)", z, n, zones)
		}
	}
	checkVolumesPinned(t, kube, members)
	printTable(t, kube)
}

func apply(t *testing.T, c *localcluster.Client, objects []manifests.Object) {
	t.Helper()
	for _, err := range c.Apply(context.Background(), objects, localcluster.ApplyOptions{}) {
		t.Fatal(err)
	}
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
