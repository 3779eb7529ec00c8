package federation_test

import (
	"testing"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/federation"
	"github.com/zonestack/zonestack/internal/offline"
	"github.com/zonestack/zonestack/internal/testutil"
)

// Every member gets the Deployment and a LoadBalancer Service through its own provider; a GKE
// member's kube-dns learns the federation.
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
			Service: nginx, Image: "nginx:1.27", Port: 80, Members: members, Federation: &f,
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
	if len(patches) != 1 || patches[0].Inputs["data"].ObjectValue()["federations"].StringValue() != `{"myfederation":"example.com"}` {
		t.Errorf("kube-dns patches %v", patches)
	}
	testutil.Rejected(t, "members: is required", func(ctx *pulumi.Context) error {
		_, err := federation.NewFederatedService(ctx, "nginx", &federation.FederatedServiceArgs{Service: nginx, Image: "nginx", Port: 80})
		return err
	})
}
