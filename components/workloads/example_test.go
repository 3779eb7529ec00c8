package workloads_test

import (
	"fmt"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/nodepools"
	"github.com/zonestack/zonestack/components/workloads"
	"github.com/zonestack/zonestack/internal/app/offline"
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

// Seed 002's init container example as a stateful service: each nginx member serves the
// index.html that its init container fetched into a shared work dir (an emptyDir), before nginx
// starts. Planned here under the offline mocks, as `zonestack plan` runs a program.
func ExampleNewStatefulService_initContainerWorkDir() {
	program := func(ctx *pulumi.Context) error {
		_, err := workloads.NewStatefulService(ctx, "nginx-workdir", &workloads.StatefulServiceArgs{
			StatefulServiceSpec: workloads.StatefulServiceSpec{
				WorkloadSpec: workloads.WorkloadSpec{
					Image:     "nginx:1.27",
					Resources: workloads.Resources{Requests: workloads.Quantities{CPU: "250m", Memory: "128Mi"}},
				},
				Replicas: pulumi.IntRef(3),
				Ports:    []workloads.Port{{Name: "web", Port: 80}},
				// The work dir: nginx serves it; only the init container writes it.
				ExtraVolumes: []workloads.ExtraVolume{{
					Name: "workdir", MountPath: "/usr/share/nginx/html", ReadOnly: true,
					EmptyDir: &workloads.EmptyDirVolume{SizeLimit: "64Mi"},
				}},
				InitContainers: []workloads.Container{{
					Name: "install", Image: "busybox:1.37",
					Command:      []string{"wget", "-O", "/work-dir/index.html", "http://kubernetes.io"},
					VolumeMounts: []workloads.VolumeMount{{Name: "workdir", MountPath: "/work-dir"}},
					Resources:    workloads.Resources{Limits: workloads.Quantities{CPU: "100m", Memory: "32Mi"}},
				}},
				// Ready once nginx serves the fetched page.
				ReadinessProbe: &workloads.Probe{HTTPGet: &workloads.HTTPGetProbe{Path: "/index.html", Port: "web"}},
			},
		})
		return err
	}
	rec, err := offline.Record(program)
	if err != nil {
		fmt.Println(err)
		return
	}
	set, _ := rec.Named("kubernetes:apps/v1:StatefulSet", "nginx-workdir-set")
	pod := resource.NewProperty(set.Inputs).ObjectValue()["spec"].ObjectValue()["template"].ObjectValue()["spec"].ObjectValue()
	show := func(what string, c resource.PropertyValue) {
		for _, m := range c.ObjectValue()["volumeMounts"].ArrayValue() {
			mo := m.ObjectValue()
			fmt.Printf("%s mounts %s at %s (read-only %v)\n", what, mo["name"].StringValue(), mo["mountPath"].StringValue(), mo["readOnly"].IsBool() && mo["readOnly"].BoolValue())
		}
	}
	show("install", pod["initContainers"].ArrayValue()[0])
	show("main", pod["containers"].ArrayValue()[0])
	fmt.Println("volume", pod["volumes"].ArrayValue()[0].ObjectValue()["name"].StringValue(), "is an emptyDir:", pod["volumes"].ArrayValue()[0].ObjectValue()["emptyDir"].IsObject())
	// Output:
	// install mounts workdir at /work-dir (read-only false)
	// main mounts workdir at /usr/share/nginx/html (read-only true)
	// volume workdir is an emptyDir: true
}
