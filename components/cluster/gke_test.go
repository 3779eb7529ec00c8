package cluster_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/cluster"
	"github.com/zonestack/zonestack/components/network"
	"github.com/zonestack/zonestack/internal/app/offline"
	"github.com/zonestack/zonestack/internal/app/testutil"
	"github.com/zonestack/zonestack/internal/base/cloudrules"
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

func recordGKE(t *testing.T, modify func(a *cluster.GkeClusterArgs)) offline.Registration {
	t.Helper()
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		a := gkeArgs()
		a.PodRange, a.ServiceRange, a.MasterCidr = "", "", ""
		modify(&a)
		_, err := cluster.NewGkeCluster(ctx, "cluster", &a)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	cl := rec.ByType("gcp:container/cluster:Cluster")
	if len(cl) != 1 {
		t.Fatalf("%d clusters", len(cl))
	}
	return cl[0]
}

// A change of zonestack's defaults of the cluster's ForceNew inputs (the control plane's range,
// the secondary ranges' names, private nodes, VPC-native networking) never replaces an existing,
// deletion-protected cluster; a masterCidr the stack sets is applied.
func TestChangedGkeDefaultsNeverReplaceACluster(t *testing.T) {
	const typ = "gcp:container/cluster:Cluster"
	before := recordGKE(t, func(a *cluster.GkeClusterArgs) {})
	before.Inputs = before.Inputs.Copy()
	before.Inputs["networkingMode"] = resource.NewProperty("ROUTES")
	before.Inputs["privateClusterConfig"] = resource.NewProperty(resource.PropertyMap{
		"enablePrivateNodes": resource.NewProperty(false), "masterIpv4CidrBlock": resource.NewProperty("172.31.0.0/28"),
	})
	before.Inputs["ipAllocationPolicy"] = resource.NewProperty(resource.PropertyMap{
		"clusterSecondaryRangeName": resource.NewProperty("gke-pods"), "servicesSecondaryRangeName": resource.NewProperty("gke-services"),
	})

	now := recordGKE(t, func(a *cluster.GkeClusterArgs) {})
	if got := testutil.Replacing(cloudrules.Gcp[typ], before, now); len(got) != 0 {
		t.Errorf("new defaults of %v would replace every existing cluster (ignoreChanges %v)", got, now.IgnoreChanges)
	}
	if testutil.InputAt(now.Inputs, "privateClusterConfig.masterIpv4CidrBlock").StringValue() != network.DefaultGcpMasterCidr ||
		testutil.InputAt(now.Inputs, "ipAllocationPolicy.clusterSecondaryRangeName").StringValue() != network.GcpPodRange ||
		testutil.InputAt(now.Inputs, "ipAllocationPolicy.servicesSecondaryRangeName").StringValue() != network.GcpServiceRange {
		t.Errorf("a new cluster must still get the defaults: %v", now.Inputs)
	}

	asked := recordGKE(t, func(a *cluster.GkeClusterArgs) { a.MasterCidr = "172.20.0.0/28" })
	if got := testutil.Replacing(cloudrules.Gcp[typ], before, asked); !slices.Equal(got, []string{"privateClusterConfig.masterIpv4CidrBlock"}) {
		t.Errorf("a masterCidr the stack sets must be applied, replacing the cluster; replacing %v (ignoreChanges %v)", got, asked.IgnoreChanges)
	}
}

// The provider bridged by pulumi-gcp 7.38.0 (v5.42.0) refuses EXTENDED; the error names the
// field and the provider version that added it.
func TestGkeClusterRefusesExtendedChannel(t *testing.T) {
	testutil.Rejected(t, "releaseChannel: EXTENDED was added in the Google provider v5.43.0", func(ctx *pulumi.Context) error {
		a := gkeArgs()
		a.ReleaseChannel = "EXTENDED"
		_, err := cluster.NewGkeCluster(ctx, "cluster", &a)
		return err
	})
}

// GKE's cluster names are 1 to 40 characters (resource_container_cluster.go v5.42.0).
func TestGkeClusterNameLimits(t *testing.T) {
	for _, name := range []string{strings.Repeat("a", 41), "zs-", "1zs", "Zs"} {
		testutil.Rejected(t, "name: must be a GKE cluster name", func(ctx *pulumi.Context) error {
			a := gkeArgs()
			a.Name = name
			_, err := cluster.NewGkeCluster(ctx, "cluster", &a)
			return err
		})
	}
	a := gkeArgs()
	a.Name = strings.Repeat("a", 40)
	if err := a.Validate(); err != nil {
		t.Errorf("a 40-character name is GKE's: %v", err)
	}
	a.Name = "z"
	if err := a.Validate(); err != nil {
		t.Errorf("a one-letter name is GKE's: %v", err)
	}
}
