// Command own-network is a library user's Pulumi program: it makes its own VPC and vSwitches with
// the official alicloud SDK (github.com/pulumi/pulumi-alicloud/sdk/v3) and hands them to
// zonestack's three-zone node pools. Nothing here is internal to zonestack: the escape hatches
// it reads (ZonalPools.NodePools) are the SDK's own *cs.NodePool.
package main

import (
	"fmt"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/cs"
	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/nodepools"
)

// zones are the three zones of cn-beijing the pools span, with each zone's vSwitch CIDR.
var zones = []struct{ zone, cidr string }{
	{"cn-beijing-h", "10.10.0.0/20"},
	{"cn-beijing-g", "10.10.16.0/20"},
	{"cn-beijing-k", "10.10.32.0/20"},
}

func main() {
	pulumi.Run(program)
}

// maxSize is each zone's largest node count; main_test.go sets it out of range to read the error.
var maxSize = 10

// program is the whole stack; main_test.go runs it under Pulumi's mocks.
func program(ctx *pulumi.Context) error {
	network, err := vpc.NewNetwork(ctx, "vpc", &vpc.NetworkArgs{
		VpcName:   pulumi.String("own-vpc"),
		CidrBlock: pulumi.String("10.10.0.0/16"),
	})
	if err != nil {
		return err
	}
	// The cluster is the user's too: only its ID is needed here.
	clusterID := pulumi.String("c-0123456789abcdef").ToStringOutput()

	args := &nodepools.ZonalPoolsArgs{ClusterID: clusterID}
	args.InstanceTypes = []string{"ecs.g7.2xlarge"}
	args.KeyName = "ops" // an ECS key pair of the account, in the region
	args.MaxSize = pulumi.IntRef(maxSize)
	for _, z := range zones {
		sw, err := vpc.NewSwitch(ctx, "vsw-"+z.zone, &vpc.SwitchArgs{
			VpcId:       network.ID(),
			CidrBlock:   pulumi.String(z.cidr),
			ZoneId:      pulumi.String(z.zone),
			VswitchName: pulumi.String("own-" + z.zone),
		})
		if err != nil {
			return err
		}
		args.VSwitches = append(args.VSwitches, nodepools.PoolZone{Zone: z.zone, VSwitchID: sw.ID().ToStringOutput()})
	}
	pools, err := nodepools.NewZonalPools(ctx, "sts", args)
	if err != nil {
		return err
	}
	var first *cs.NodePool = pools.NodePools[0]
	ctx.Export("firstPoolId", first.NodePoolId)
	ctx.Export("poolCount", pulumi.String(fmt.Sprint(len(pools.NodePools))))
	return nil
}
