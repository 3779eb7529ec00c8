package storage_test

import (
	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud"
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

// A zone-redundant class for uploads, mounted with the ACK cluster's RRSA identity.
func ExampleNewOssStorage() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		var ali *alicloud.Provider                  // the stack's region
		var k8s *kubernetes.Provider                // for example cluster.AckCluster.Provider
		var providerArn, issuer pulumi.StringOutput // the cluster's rrsaMetadata
		o, err := storage.NewOssStorage(ctx, "uploads", &storage.OssStorageArgs{
			OssSpec:         storage.OssSpec{ClassName: "uploads"},
			Region:          "cn-hangzhou",
			NamePrefix:      "shop-prod",
			OidcProviderArn: providerArn,
			OidcIssuerURL:   issuer,
		}, pulumi.Providers(ali, k8s))
		if err != nil {
			return err
		}
		ctx.Export("bucket", o.BucketName)
		return nil
	})
}
