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
			StatefulServiceSpec: workloads.StatefulServiceSpec{
				WorkloadSpec: workloads.WorkloadSpec{
					Image:     "nginx",
					Resources: workloads.Resources{Requests: workloads.Quantities{CPU: "2"}, Limits: workloads.Quantities{CPU: "4"}},
				},
				Replicas: pulumi.IntRef(3),
				Ports:    []workloads.Port{{Name: "web", Port: 80}},
				Volumes: []workloads.Volume{{
					Name: "disk-essd", MountPath: "/data", Size: "20Gi",
					StorageClass: "sts-sc", Kind: workloads.VolumeZonalDisk,
				}},
			},
			Pools: pools.Pools,
		}, pulumi.Provider(k8s))
		if err != nil {
			return err
		}
		ctx.Export("members", svc.Members)
		return nil
	})
}

// Seed 001's WordPress: ECS first, ECI on overflow, 22 to 100 replicas on CPU 60 %, behind an
// Internet SLB, its password from a database.MySQL.
func ExampleNewElasticService() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		var k8s *kubernetes.Provider           // cluster.AckCluster.Provider
		var pools *nodepools.ZonalPools        // the web pools, untainted
		var eci *nodepools.VirtualNodes        // ack-virtual-node and its eci-profile
		var host, password pulumi.StringOutput // database.MySQL's Endpoint() and Password
		wp, err := workloads.NewElasticService(ctx, "wordpress", &workloads.ElasticServiceArgs{
			ElasticServiceSpec: workloads.ElasticServiceSpec{
				WorkloadSpec: workloads.WorkloadSpec{
					Namespace: "wordpress",
					Image:     "wordpress:6.6.2-apache",
					Resources: workloads.Resources{
						Requests: workloads.Quantities{CPU: "500m", Memory: "512Mi"},
						Limits:   workloads.Quantities{CPU: "1", Memory: "1Gi"},
					},
				},
				Port:  80,
				Burst: workloads.BurstOverflow,
				Database: &workloads.DatabaseRef{Name: "wordpress", HostEnv: "WORDPRESS_DB_HOST", NameEnv: "WORDPRESS_DB_NAME",
					UserEnv: "WORDPRESS_DB_USER", PasswordEnv: "WORDPRESS_DB_PASSWORD"},
			},
			DatabaseConnection: &workloads.DatabaseConnection{Host: host, Database: "wordpress", User: "wordpress", Password: password},
			Pools:              pools.Pools,
		}, pulumi.Provider(k8s), pulumi.DependsOn([]pulumi.Resource{eci}))
		if err != nil {
			return err
		}
		ctx.Export("address", wp.Address)
		return nil
	})
}
