package cluster_test

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/cluster"
	"github.com/zonestack/zonestack/internal/offline"
	"github.com/zonestack/zonestack/internal/testutil"
)

func gkeArgs() cluster.GkeClusterArgs {
	return cluster.GkeClusterArgs{Name: "zs-usc1", Project: "acme-prod", Region: "us-central1",
		Network: pulumi.String("projects/acme-prod/global/networks/zs"), Subnetwork: pulumi.String("projects/acme-prod/regions/us-central1/subnetworks/zs"),
		PodRange: "pods", ServiceRange: "services", MasterCidr: "172.16.0.0/28"}
}

// Regional, private nodes and endpoint, Workload Identity, a release channel, deletion
// protection, no default pool; the kubeconfig a secret.
func TestGkeClusterIsRegionalAndPrivate(t *testing.T) {
	var kubeconfig offline.Output
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		a := gkeArgs()
		c, err := cluster.NewGkeCluster(ctx, "cluster", &a)
		if err != nil {
			return err
		}
		kubeconfig, err = offline.Await(ctx, c.Kubeconfig)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	cl := rec.ByType("gcp:container/cluster:Cluster")
	if len(cl) != 1 {
		t.Fatalf("%d clusters", len(cl))
	}
	in := cl[0].Inputs
	if in["location"].StringValue() != "us-central1" || !in["removeDefaultNodePool"].BoolValue() || !in["deletionProtection"].BoolValue() {
		t.Errorf("cluster %v", in)
	}
	pcc := in["privateClusterConfig"].ObjectValue()
	if !pcc["enablePrivateNodes"].BoolValue() || !pcc["enablePrivateEndpoint"].BoolValue() {
		t.Errorf("private config %v", pcc)
	}
	if in["workloadIdentityConfig"].ObjectValue()["workloadPool"].StringValue() != "acme-prod.svc.id.goog" {
		t.Errorf("workload identity %v", in["workloadIdentityConfig"])
	}
	if in["releaseChannel"].ObjectValue()["channel"].StringValue() != "REGULAR" {
		t.Errorf("release channel %v", in["releaseChannel"])
	}
	if !kubeconfig.Secret || !strings.Contains(kubeconfig.Value.(string), "gke-gcloud-auth-plugin") {
		t.Errorf("kubeconfig %+v", kubeconfig)
	}
}

func TestGkeClusterRejectsBadArgs(t *testing.T) {
	cases := map[string]func(*cluster.GkeClusterArgs){
		"project: is required: set gcp:project": func(a *cluster.GkeClusterArgs) { a.Project = "" },
		"releaseChannel: must be one of":        func(a *cluster.GkeClusterArgs) { a.ReleaseChannel = "BETA" },
		"authorizedNetworks[0]: must be a CIDR": func(a *cluster.GkeClusterArgs) { a.AuthorizedNetworks = []string{"office"} },
	}
	for want, mutate := range cases {
		t.Run(want, func(t *testing.T) {
			testutil.Rejected(t, want, func(ctx *pulumi.Context) error {
				a := gkeArgs()
				mutate(&a)
				_, err := cluster.NewGkeCluster(ctx, "cluster", &a)
				return err
			})
		})
	}
}
