package cluster_test

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/cluster"
	"github.com/zonestack/zonestack/components/network"
)

// A private ACK Pro cluster over the network's three zones. Other components put Kubernetes
// objects into it with pulumi.Provider(ack.Provider).
func ExampleNewAckCluster() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		net, err := network.NewNetwork(ctx, "network", &network.NetworkArgs{
			Region: "cn-beijing",
			Zones:  []string{"cn-beijing-h", "cn-beijing-g", "cn-beijing-k"},
		})
		if err != nil {
			return err
		}
		nodes, pods := net.VSwitchIDs()
		ack, err := cluster.NewAckCluster(ctx, "cluster", &cluster.AckClusterArgs{
			VSwitchIDs:      nodes,
			PodVSwitchIDs:   pods,
			SecurityGroupID: net.SecurityGroupID.ToStringOutput(),
			ServiceCidr:     net.Plan.ServiceCidr,
		})
		if err != nil {
			return err
		}
		ctx.Export("kubeconfig", ack.Kubeconfig) // a secret
		return nil
	})
}
