package network_test

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/network"
)

// A VPC over seed 000's three Beijing zones, with vSwitch CIDRs planned from the VPC CIDR.
func ExampleNewNetwork() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		net, err := network.NewNetwork(ctx, "network", &network.NetworkArgs{
			NetworkSpec: network.NetworkSpec{VpcCidr: "10.0.0.0/16"},
			Region:      "cn-beijing",
			Zones:       []string{"cn-beijing-h", "cn-beijing-g", "cn-beijing-k"},
		})
		if err != nil {
			return err
		}
		ctx.Export("vpcId", net.VpcID)
		ctx.Export("nodeVswitchIds", net.NodeVSwitchIDs)
		return nil
	})
}

// The address plan is known before anything is created.
func ExamplePlanAddresses() {
	plan, err := network.PlanAddresses(network.NetworkArgs{
		Region: "cn-beijing",
		Zones:  []string{"cn-beijing-h", "cn-beijing-g", "cn-beijing-k"},
	})
	if err != nil {
		panic(err)
	}
	for _, z := range plan.Zones {
		println(z.Zone, z.NodeCidr, z.PodCidr)
	}
}
