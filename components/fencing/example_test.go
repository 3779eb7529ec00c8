package fencing_test

import (
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/fencing"
)

// The fencing controller in an ACK cluster, for the stateful pools' nodes, from an image you built
// and pushed (zonestack publishes none).
func ExampleNewNodeFencing() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		var k8s *kubernetes.Provider // cluster.AckCluster.Provider
		f, err := fencing.NewNodeFencing(ctx, "fencing", &fencing.NodeFencingArgs{
			NodeFencingSpec: fencing.NodeFencingSpec{
				Image:        "registry-vpc.cn-hangzhou.aliyuncs.com/acme/zonestack-fencing:0.1.0",
				NodeSelector: "usage=sts",
			},
			Cloud: fencing.CloudAlicloud,
		}, pulumi.Provider(k8s))
		if err != nil {
			return err
		}
		ctx.Export("fencingController", f.DeploymentName)
		return nil
	})
}
