package network_test

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/network"
	"github.com/zonestack/zonestack/internal/app/offline"
	"github.com/zonestack/zonestack/internal/app/testutil"
)

// A custom-mode VPC, one regional subnetwork with the pods' and Services' secondary ranges,
// private Google access, and regional Cloud NAT.
func TestGcpNetwork(t *testing.T) {
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		_, err := network.NewGcpNetwork(ctx, "network", &network.GcpNetworkArgs{Region: "us-central1", NamePrefix: "zs-usc1"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	vpc := rec.ByType("gcp:compute/network:Network")
	if len(vpc) != 1 || vpc[0].Inputs["autoCreateSubnetworks"].BoolValue() {
		t.Fatalf("network %v", vpc)
	}
	sub := rec.ByType("gcp:compute/subnetwork:Subnetwork")
	if len(sub) != 1 || !sub[0].Inputs["privateIpGoogleAccess"].BoolValue() || len(sub[0].Inputs["secondaryIpRanges"].ArrayValue()) != 2 {
		t.Fatalf("subnetwork %v", sub)
	}
	nat := rec.ByType("gcp:compute/routerNat:RouterNat")
	if len(nat) != 1 || nat[0].Inputs["sourceSubnetworkIpRangesToNat"].StringValue() != "ALL_SUBNETWORKS_ALL_IP_RANGES" {
		t.Fatalf("nat %v", nat)
	}
}

func TestGcpNetworkRejectsOverlaps(t *testing.T) {
	testutil.Rejected(t, "podCidr: overlaps nodeCidr 10.0.0.0/20", func(ctx *pulumi.Context) error {
		_, err := network.NewGcpNetwork(ctx, "network", &network.GcpNetworkArgs{Region: "us-central1", NamePrefix: "zs", GcpNetworkSpec: network.GcpNetworkSpec{PodCidr: "10.0.0.0/14"}})
		return err
	})
	testutil.Rejected(t, "masterCidr: must be a /28", func(ctx *pulumi.Context) error {
		_, err := network.NewGcpNetwork(ctx, "network", &network.GcpNetworkArgs{Region: "us-central1", NamePrefix: "zs", GcpNetworkSpec: network.GcpNetworkSpec{MasterCidr: "172.16.0.0/24"}})
		return err
	})
}

// A gcp stack's network is the spec alone: its problems are in the spec's keys; the name prefix,
// the stack's, has its own rule.
func TestGcpNetworkSpecValidatesInItsOwnKeys(t *testing.T) {
	err := network.GcpNetworkSpec{NodeCidr: "10.0.0.0/8", MasterCidr: "172.16.0.0/24"}.Validate()
	if err == nil || !strings.Contains(err.Error(), "masterCidr: must be a /28") || !strings.Contains(err.Error(), "podCidr: overlaps nodeCidr 10.0.0.0/8") {
		t.Errorf("got %v", err)
	}
	if err := (network.GcpNetworkSpec{}).Validate(); err != nil {
		t.Errorf("defaults: %v", err)
	}
	if network.CheckGcpName("zs-use1") != nil || network.CheckGcpName("9-Bad") == nil {
		t.Error("CheckGcpName")
	}
}
