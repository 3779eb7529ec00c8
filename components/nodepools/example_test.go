package nodepools_test

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/cluster"
	"github.com/zonestack/zonestack/components/network"
	"github.com/zonestack/zonestack/components/nodepools"
)

// Seed 000 in code: one elastic pool per zone with the same labels and taint, and a placeholder
// per zone that keeps a warm node.
func ExampleNewZonalPools() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		zones := []string{"cn-beijing-h", "cn-beijing-g", "cn-beijing-k"}
		net, err := network.NewNetwork(ctx, "network", &network.NetworkArgs{Region: "cn-beijing", Zones: zones})
		if err != nil {
			return err
		}
		nodes, pods := net.VSwitchIDs()
		ack, err := cluster.NewAckCluster(ctx, "cluster", &cluster.AckClusterArgs{VSwitchIDs: nodes, PodVSwitchIDs: pods})
		if err != nil {
			return err
		}
		args := &nodepools.ZonalPoolsArgs{
			ClusterID: ack.ClusterID.ToStringOutput(),
			AckPools: nodepools.AckPools{AckPoolSpec: nodepools.AckPoolSpec{
				PoolShape:     nodepools.PoolShape{MaxSize: pulumi.IntRef(20)},
				InstanceTypes: []string{"ecs.g7.2xlarge", "ecs.g6.2xlarge"},
				KeyName:       "ops", // an ECS key pair in the region
			}},
		}
		for i, z := range zones {
			args.VSwitches = append(args.VSwitches, nodepools.PoolZone{Zone: z, VSwitchID: nodes[i]})
		}
		pools, err := nodepools.NewZonalPools(ctx, "sts", args)
		if err != nil {
			return err
		}
		_, err = nodepools.NewPlaceholders(ctx, "warm", &nodepools.PlaceholdersArgs{
			Pools:  pools.Pools,
			Region: "cn-beijing",
		}, pulumi.Provider(ack.Provider))
		return err
	})
}

// ECI virtual nodes for a cluster: ECI pods in every zone's pod vSwitch, the cluster's security
// group, and one namespace sent to ECI whole.
func ExampleNewVirtualNodes() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		var clusterID, vpcID, sg pulumi.StringOutput // cluster.AckCluster and network.Network outputs
		var podVSwitches []pulumi.StringInput        // network.Network.VSwitchIDs(), in zone order
		var providers pulumi.ResourceOption          // pulumi.Providers(alicloud, ack.Provider)
		var vsw []nodepools.ECIVSwitch
		for i, zone := range []string{"cn-beijing-h", "cn-beijing-g", "cn-beijing-k"} {
			vsw = append(vsw, nodepools.ECIVSwitch{Zone: zone, ID: podVSwitches[i]})
		}
		_, err := nodepools.NewVirtualNodes(ctx, "virtual-nodes", &nodepools.VirtualNodesArgs{
			ClusterID:       clusterID,
			VpcID:           vpcID,
			SecurityGroupID: sg,
			VSwitches:       vsw,
			VirtualNodesSpec: nodepools.VirtualNodesSpec{
				Namespaces: []string{"batch"},
			},
		}, providers)
		return err
	})
}
