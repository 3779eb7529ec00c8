package workloads_test

import (
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/nodepools"
	"github.com/zonestack/zonestack/components/workloads"
)

// Seed 000's nginx-dynamic on the stateful pools, one member per zone, each with its own disk.
func ExampleNewStatefulService() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		var k8s *kubernetes.Provider    // cluster.AckCluster.Provider
		var pools *nodepools.ZonalPools // the stack's stateful pools
		svc, err := workloads.NewStatefulService(ctx, "nginx-dynamic", &workloads.StatefulServiceArgs{
			Image:     "nginx",
			Replicas:  pulumi.IntRef(3),
			Ports:     []workloads.Port{{Name: "web", Port: 80}},
			Resources: workloads.Resources{Requests: workloads.Quantities{CPU: "2"}, Limits: workloads.Quantities{CPU: "4"}},
			Volumes: []workloads.Volume{{
				Name: "disk-essd", MountPath: "/data", Size: "20Gi",
				StorageClass: "sts-sc", Kind: workloads.VolumeZonalDisk,
			}},
			Pools: pools.Pools,
		}, pulumi.Provider(k8s))
		if err != nil {
			return err
		}
		ctx.Export("members", svc.Members)
		return nil
	})
}
