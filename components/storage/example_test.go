package storage_test

import (
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/storage"
)

// Seed 000's sts-sc class, created through a cluster's kubernetes provider.
func ExampleNewDiskStorageClass() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		var k8s *kubernetes.Provider // for example cluster.AckCluster.Provider
		sc, err := storage.NewDiskStorageClass(ctx, "sts-sc", &storage.DiskStorageClassArgs{DiskClassSpec: storage.DiskClassSpec{
			PerformanceLevel: "PL1",
		}}, pulumi.Provider(k8s))
		if err != nil {
			return err
		}
		ctx.Export("storageClass", sc.Name)
		return nil
	})
}
