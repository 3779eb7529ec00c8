package federation_test

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/federation"
	"github.com/zonestack/zonestack/internal/app/offline"
	"github.com/zonestack/zonestack/internal/app/testutil"
)

// Every member gets the Deployment and a LoadBalancer Service through its own provider; a GKE
// member's kube-dns learns the federation, an ACK member's CoreDNS gets the federation's server
// block; bad input for the CoreDNS block is refused before anything is registered.
func TestFederatedServiceInEveryMember(t *testing.T) {
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		var members []federation.Member
		for _, c := range []federation.Cluster{{Name: "gke-usc1", Cloud: "gcp", Region: "us-central1"}, {Name: "ack-bj", Cloud: "alicloud", Region: "cn-beijing"}} {
			p, err := kubernetes.NewProvider(ctx, c.Name, &kubernetes.ProviderArgs{Kubeconfig: pulumi.String("stand-in")})
			if err != nil {
				return err
			}
			members = append(members, federation.Member{Cluster: c, Provider: p})
		}
		f := fed()
		_, err := federation.NewFederatedService(ctx, "nginx", &federation.FederatedServiceArgs{
			ServiceSpec: federation.ServiceSpec{Service: nginx, Image: "nginx:1.27", Port: 80}, Members: members, Federation: &f,
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	svcs := rec.ByType("kubernetes:core/v1:Service")
	if len(svcs) != 2 {
		t.Fatalf("%d services", len(svcs))
	}
	// Every shard runs on its member's untainted system pools, and the up waits for it on purpose.
	for _, d := range rec.ByType("kubernetes:apps/v1:Deployment") {
		pod := d.Inputs["spec"].ObjectValue()["template"].ObjectValue()["spec"].ObjectValue()
		if got := pod["nodeSelector"].ObjectValue()["zonestack.io/pool"].StringValue(); got != "system" {
			t.Errorf("%s: nodeSelector %v, want the system pools", d.Name, pod["nodeSelector"])
		}
		if d.CreateTimeout != federation.ShardReadyTimeout || d.UpdateTimeout != federation.ShardReadyTimeout {
			t.Errorf("%s: timeouts %q/%q, want %s", d.Name, d.CreateTimeout, d.UpdateTimeout, federation.ShardReadyTimeout)
		}
	}
	if n := len(rec.ByType("kubernetes:apps/v1:Deployment")); n != 2 {
		t.Errorf("%d shards, want 2", n)
	}
	providers := map[string]bool{}
	for _, s := range svcs {
		if s.Inputs["spec"].ObjectValue()["type"].StringValue() != "LoadBalancer" {
			t.Errorf("%s: %v", s.Name, s.Inputs["spec"])
		}
		providers[s.ProviderURN()] = true
	}
	if len(providers) != 2 {
		t.Errorf("the shards share a provider: %v", providers)
	}
	patches := rec.ByType("kubernetes:core/v1:ConfigMapPatch")
	if len(patches) != 2 {
		t.Fatalf("%d ConfigMap patches, want kube-dns's on GKE and coredns's on ACK: %v", len(patches), patches)
	}
	block, err := federation.CoreDNSServerBlock(fed(), "cn-beijing", "cluster.local")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct{ configMap, key, value string }{
		"nginx-gke-usc1-kube-dns": {"kube-dns", "federations", `{"myfederation":"example.com"}`},
		"nginx-ack-bj-coredns":    {"coredns", "Corefile", federation.ACKCorefile(block)},
	}
	for _, p := range patches {
		w, ok := want[p.Name]
		if !ok {
			t.Errorf("unexpected patch %s", p.Name)
			continue
		}
		delete(want, p.Name)
		meta := p.Inputs["metadata"].ObjectValue()
		if meta["name"].StringValue() != w.configMap || meta["namespace"].StringValue() != "kube-system" ||
			meta["annotations"].ObjectValue()["pulumi.com/patchForce"].StringValue() != "true" {
			t.Errorf("%s: metadata %v", p.Name, meta)
		}
		data := p.Inputs["data"].ObjectValue()
		if len(data) != 1 || data[resource.PropertyKey(w.key)].StringValue() != w.value {
			t.Errorf("%s: data %v, want %s: %q", p.Name, data, w.key, w.value)
		}
		if !strings.Contains(data[resource.PropertyKey(w.key)].StringValue(), "myfederation") {
			t.Errorf("%s: %v does not name the federation", p.Name, data)
		}
	}
	if len(want) != 0 {
		t.Errorf("missing patches %v", want)
	}
	if !strings.Contains(block, " 180 IN CNAME {{ .Group.svc }}.{{ .Group.ns }}.myfederation.svc.cn-beijing.example.com.") {
		t.Errorf("the ACK member's block does not point at its region's name:\n%s", block)
	}
	// The providers are stand-ins that are never registered: nothing at all may be.
	testutil.Rejected(t, "members[1].region: must be a DNS label", func(ctx *pulumi.Context) error {
		members := []federation.Member{
			{Cluster: federation.Cluster{Name: "gke-usc1", Cloud: "gcp", Region: "us-central1"}, Provider: &kubernetes.Provider{}},
			{Cluster: federation.Cluster{Name: "ack-bj", Cloud: "alicloud", Region: "cn_beijing"}, Provider: &kubernetes.Provider{}},
		}
		f := fed()
		_, err := federation.NewFederatedService(ctx, "nginx", &federation.FederatedServiceArgs{
			ServiceSpec: federation.ServiceSpec{Service: nginx, Image: "nginx:1.27", Port: 80}, Members: members, Federation: &f,
		})
		return err
	})
	testutil.Rejected(t, "members: is required", func(ctx *pulumi.Context) error {
		_, err := federation.NewFederatedService(ctx, "nginx", &federation.FederatedServiceArgs{ServiceSpec: federation.ServiceSpec{Service: nginx, Image: "nginx", Port: 80}})
		return err
	})
}
