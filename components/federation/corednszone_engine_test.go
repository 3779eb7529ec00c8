package federation_test

import (
	"bytes"
	"context"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	k8smeta "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/zonestack/zonestack/components/federation"
	"github.com/zonestack/zonestack/components/nodepools"
	"github.com/zonestack/zonestack/internal/app/engine"
	"github.com/zonestack/zonestack/internal/app/localcluster"
	"github.com/zonestack/zonestack/internal/app/testutil"
)

// coreDNSZoneProgram is CoreDNSZone with one server, the local cluster, over the worked example;
// the config value healthy says whether ack-hz1's shard is.
func coreDNSZoneProgram(kubeconfig string) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		healthy, _ := ctx.GetConfig("zonestack-coredns-test:healthy")
		p, err := engine.KubernetesProvider(ctx, "local", &kubernetes.ProviderArgs{Kubeconfig: pulumi.String(kubeconfig)})
		if err != nil {
			return err
		}
		clusters := workedExample()
		clusters[2].Shard.Healthy = healthy == "true"
		bare, shards := withShardOutputs(clusters)
		z, err := federation.NewCoreDNSZone(ctx, "dns", &federation.CoreDNSZoneArgs{
			Federation: zoneFed(), Service: nginx, Clusters: bare, Shards: shards,
			Servers:       []federation.Member{{Cluster: federation.Cluster{Name: "local", Cloud: federation.CloudAlicloud, Region: "cn-hangzhou"}, Provider: p}},
			ObjectOptions: []pulumi.ResourceOption{pulumi.Timeouts(&pulumi.CustomTimeouts{Create: "40s", Update: "40s"})},
		})
		if err != nil {
			return err
		}
		ctx.Export("delegation", z.Delegation)
		return nil
	}
}

// CoreDNSZone's objects applied by the real engine and kubernetes provider to a real API server
// (the local control plane, kwok's nodes of a system pool in three zones, the load balancer's
// address set by the test as a cloud's controller would): the up is not stuck between the
// Service, which waits for an address, and the Deployment, which waits for the zone file, which
// waits for the address; the ConfigMap holds the zone with the glue at that address; a health
// flip is an in-place update of the ConfigMap patch alone (same object, new zone, no rollout);
// destroy removes it all.
func TestCoreDNSZoneThroughTheRealEngine(t *testing.T) {
	bin := buildEngineBinaries(t)
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	work := t.TempDir()
	c := localcluster.Cluster{Name: fmt.Sprintf("zs-coredns-%d", os.Getpid()), BinDir: bin}
	kube, _ := testutil.StartLocalCluster(t, &c)
	for _, z := range []string{"zone-a", "zone-b", "zone-c"} {
		n := localcluster.Node(nodepools.Pool{Name: "system-" + z, Zone: z, Role: nodepools.RoleSystem,
			Labels: map[string]string{nodepools.SystemPoolLabelKey: nodepools.SystemPoolLabelValue}}, 0)
		if _, err := kube.Kube.CoreV1().Nodes().Create(ctx, n, k8smeta.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	ns := federation.CoreDNSNamespace(zoneFed())
	// The cloud's load-balancer controller: the Service gets an address once it exists.
	lb, stopLB := context.WithCancel(ctx)
	defer stopLB()
	go localcluster.LoadBalancers{Kube: kube.Kube, Pool: netip.MustParsePrefix("192.0.2.0/28")}.Run(lb)

	var progress bytes.Buffer
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("engine progress:\n%s", progress.String())
			pods, err := kube.Kube.CoreV1().Pods(ns).List(context.Background(), k8smeta.ListOptions{})
			if err != nil {
				t.Logf("pods: %v", err)
				return
			}
			for _, p := range pods.Items {
				t.Logf("pod %s on %q: %s %+v", p.Name, p.Spec.NodeName, p.Status.Phase, p.Status.Conditions)
			}
		}
	})
	opts := engine.Options{
		Project: "zonestack-coredns-test", Stack: "local", Program: coreDNSZoneProgram(c.OwnKubeconfig()),
		Dir: filepath.Join(work, "state"), BinDir: bin, Progress: &progress,
		Config: map[string]engine.ConfigValue{"healthy": {Value: "true"}},
	}
	s, err := engine.Open(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	// Eight resources: the stack, the provider, the component, the namespace, the Service, the
	// ConfigMap patch, the Deployment and the PDB.
	step := func(name string, op func(context.Context) (engine.Summary, error), want map[string]int) engine.Summary {
		t.Helper()
		return testutil.EngineStep(ctx, t, name, op, want)
	}
	hz := "nginx.mynamespace.myfederation.svc.cn-hangzhou-h.cn-hangzhou.fed.example.com. 60 IN "
	up := step("up", s.Up, map[string]int{"create": 8})
	cm, err := kube.Kube.CoreV1().ConfigMaps(ns).Get(ctx, "coredns", k8smeta.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	zone := cm.Data["db.fed.example.com"]
	for _, want := range []string{"ns-local.fed.example.com. 3600 IN A 192.0.2.1\n", hz + "A 203.0.113.30\n"} {
		if !strings.Contains(zone, want) {
			t.Errorf("%q not in the zone file\n%s", want, zone)
		}
	}
	if cm.Data["Corefile"] != federation.CoreDNSCorefile(zoneFed(), federation.DefaultCoreDNSReload) {
		t.Errorf("Corefile\n%s", cm.Data["Corefile"])
	}
	if d := fmt.Sprint(up.Outputs["delegation"].Value); !strings.Contains(d, "ns-local.fed.example.com. 3600 IN A 192.0.2.1") {
		t.Errorf("delegation %s", d)
	}
	dep, err := kube.Kube.AppsV1().Deployments(ns).Get(ctx, "coredns", k8smeta.GetOptions{})
	if err != nil || dep.Status.ReadyReplicas != 2 {
		t.Fatalf("the Deployment: %v ready, %v", dep.Status.ReadyReplicas, err)
	}

	// ack-hz1 goes down: one in-place update, of the ConfigMap patch.
	opts.Config["healthy"] = engine.ConfigValue{Value: "false"}
	if s, err = engine.Open(ctx, opts); err != nil {
		t.Fatal(err)
	}
	step("up", s.Up, map[string]int{"update": 1, "same": 7})
	after, err := kube.Kube.CoreV1().ConfigMaps(ns).Get(ctx, "coredns", k8smeta.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if after.UID != cm.UID {
		t.Errorf("the ConfigMap was replaced (uid %s, then %s), not updated", cm.UID, after.UID)
	}
	if want := hz + "CNAME nginx.mynamespace.myfederation.svc.cn-hangzhou.fed.example.com.\n"; !strings.Contains(after.Data["db.fed.example.com"], want) {
		t.Errorf("%q not in the zone file after the flip\n%s", want, after.Data["db.fed.example.com"])
	}
	if d, err := kube.Kube.AppsV1().Deployments(ns).Get(ctx, "coredns", k8smeta.GetOptions{}); err != nil || d.Generation != dep.Generation {
		t.Errorf("the Deployment changed (generation %d, then %d; %v): a flip must not roll CoreDNS", dep.Generation, d.Generation, err)
	}

	step("destroy", s.Destroy, map[string]int{"delete": 8})
	if _, err := kube.Kube.CoreV1().Namespaces().Get(ctx, ns, k8smeta.GetOptions{}); err == nil {
		// The namespace's deletion may still be finishing: it must at least be terminating.
		n, _ := kube.Kube.CoreV1().Namespaces().Get(ctx, ns, k8smeta.GetOptions{})
		if n.DeletionTimestamp == nil {
			t.Errorf("the namespace %s is still there after destroy", ns)
		}
	} else if !apierrors.IsNotFound(err) {
		t.Error(err)
	}
}

// buildEngineBinaries runs scripts/build-local-cluster for the engine's and the local control
// plane's binaries (cached) and returns the bin directory.
func buildEngineBinaries(t *testing.T) string {
	t.Helper()
	needed := []string{"pulumi", "pulumi-resource-kubernetes", "kwokctl", "kwok", "etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubectl"}
	cmd := exec.Command(filepath.Join("..", "..", "scripts", "build-local-cluster"), needed...)
	var out, progress bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &progress
	if err := cmd.Run(); err != nil {
		t.Fatalf("scripts/build-local-cluster: %v\n%s", err, progress.String())
	}
	return strings.TrimSpace(out.String())
}
