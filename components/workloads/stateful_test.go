package workloads_test

import (
	"maps"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/nodepools"
	"github.com/zonestack/zonestack/components/workloads"
	"github.com/zonestack/zonestack/internal/app/offline"
	"github.com/zonestack/zonestack/internal/app/testutil"
)

func seedPools(t *testing.T) []nodepools.Pool {
	t.Helper()
	a := nodepools.ZonalPoolsArgs{ClusterID: pulumi.String("c")}
	for _, z := range []string{"cn-beijing-h", "cn-beijing-g", "cn-beijing-k"} {
		a.VSwitches = append(a.VSwitches, nodepools.PoolZone{Zone: z, VSwitchID: pulumi.String("vsw")})
	}
	pools, err := nodepools.PlanPools(a, "sts")
	if err != nil {
		t.Fatal(err)
	}
	return pools
}

// nginxDynamic is seed 000's StatefulSet.
func nginxDynamic(t *testing.T) workloads.StatefulServiceArgs {
	return workloads.StatefulServiceArgs{
		StatefulServiceSpec: workloads.StatefulServiceSpec{
			WorkloadSpec: workloads.WorkloadSpec{
				Name:      "nginx-dynamic",
				Image:     "nginx",
				Resources: workloads.Resources{Requests: workloads.Quantities{CPU: "2"}, Limits: workloads.Quantities{CPU: "4"}},
			},
			Replicas: pulumi.IntRef(3),
			Ports:    []workloads.Port{{Name: "web", Port: 80}},
			Volumes:  []workloads.Volume{{Name: "disk-essd", MountPath: "/data", Size: "20Gi", StorageClass: "sts-sc", Kind: workloads.VolumeZonalDisk}},
		},
		Pools: seedPools(t),
	}
}

func obj(v resource.PropertyValue, path ...string) resource.PropertyValue {
	for _, p := range path {
		v = v.ObjectValue()[resource.PropertyKey(p)]
	}
	return v
}

func TestStatefulServiceIsSeed000sNginxDynamic(t *testing.T) {
	var members, peers offline.Output
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		s, err := workloads.NewStatefulService(ctx, "nginx", ptr(nginxDynamic(t)))
		if err != nil {
			return err
		}
		if members, err = offline.Await(ctx, s.Members); err != nil {
			return err
		}
		peers, err = offline.Await(ctx, s.Peers)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	comp, _ := rec.Named("zonestack:workloads:StatefulService", "nginx")
	for _, r := range rec.Registrations() {
		if r.Custom && r.Parent != comp.URN {
			t.Errorf("%s parent %s", r.Name, r.Parent)
		}
	}
	headless, _ := rec.Named("kubernetes:core/v1:Service", "nginx-headless")
	hs := resource.NewProperty(headless.Inputs)
	if obj(hs, "spec", "clusterIP").StringValue() != "None" || !obj(hs, "spec", "publishNotReadyAddresses").BoolValue() ||
		obj(hs, "metadata", "name").StringValue() != "nginx-dynamic-headless" {
		t.Errorf("headless service %v", headless.Inputs)
	}
	client, _ := rec.Named("kubernetes:core/v1:Service", "nginx-client")
	if cs := resource.NewProperty(client.Inputs); obj(cs, "spec", "type").StringValue() != "ClusterIP" || obj(cs, "metadata", "name").StringValue() != "nginx-dynamic" {
		t.Errorf("client service %v", client.Inputs)
	}
	set, ok := rec.Named("kubernetes:apps/v1:StatefulSet", "nginx-set")
	if !ok {
		t.Fatal("no StatefulSet")
	}
	if len(set.Dependencies) != 1 || set.Dependencies[0] != headless.URN {
		t.Errorf("StatefulSet must wait for its governing Service: %v", set.Dependencies)
	}
	spec := obj(resource.NewProperty(set.Inputs), "spec")
	if obj(spec, "replicas").NumberValue() != 3 || obj(spec, "serviceName").StringValue() != "nginx-dynamic-headless" ||
		obj(spec, "podManagementPolicy").StringValue() != "OrderedReady" || obj(spec, "updateStrategy", "type").StringValue() != "RollingUpdate" {
		t.Errorf("spec %v", spec)
	}
	ret := obj(spec, "persistentVolumeClaimRetentionPolicy")
	if obj(ret, "whenDeleted").StringValue() != "Retain" || obj(ret, "whenScaled").StringValue() != "Retain" {
		t.Errorf("retention %v", ret)
	}
	pod := obj(spec, "template", "spec")
	spread := pod.ObjectValue()["topologySpreadConstraints"].ArrayValue()[0]
	if obj(spread, "maxSkew").NumberValue() != 1 || obj(spread, "topologyKey").StringValue() != "avaliable_zone" ||
		obj(spread, "whenUnsatisfiable").StringValue() != "DoNotSchedule" || obj(spread, "minDomains").NumberValue() != 3 {
		t.Errorf("spread %v", spread)
	}
	anti := obj(pod, "affinity", "podAntiAffinity").ObjectValue()["requiredDuringSchedulingIgnoredDuringExecution"].ArrayValue()[0]
	if obj(anti, "topologyKey").StringValue() != "kubernetes.io/hostname" {
		t.Errorf("anti-affinity %v", anti)
	}
	sel := obj(pod, "nodeSelector").ObjectValue()
	if len(sel) != 1 || sel["usage"].StringValue() != "sts" {
		t.Errorf("node selector %v, want the pools' common labels", sel)
	}
	tol := pod.ObjectValue()["tolerations"].ArrayValue()
	if len(tol) != 3 || obj(tol[0], "key").StringValue() != "usage" || obj(tol[0], "effect").StringValue() != "NoSchedule" {
		t.Errorf("tolerations %v", tol)
	}
	// A node that stops reporting loses its member after 30 s, not Kubernetes' 300.
	for i, key := range []string{"node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"} {
		if len(tol) == 3 && (obj(tol[i+1], "key").StringValue() != key || obj(tol[i+1], "operator").StringValue() != "Exists" ||
			obj(tol[i+1], "effect").StringValue() != "NoExecute" || obj(tol[i+1], "tolerationSeconds").NumberValue() != workloads.DefaultNodeLossTolerationSeconds) {
			t.Errorf("toleration %d %v, want %s Exists NoExecute for %d s", i+1, tol[i+1], key, workloads.DefaultNodeLossTolerationSeconds)
		}
	}
	main := pod.ObjectValue()["containers"].ArrayValue()[0]
	if obj(main, "resources", "requests", "cpu").StringValue() != "2" || obj(main, "resources", "limits", "cpu").StringValue() != "4" {
		t.Errorf("resources %v", obj(main, "resources"))
	}
	claim := spec.ObjectValue()["volumeClaimTemplates"].ArrayValue()[0]
	if obj(claim, "metadata", "name").StringValue() != "disk-essd" || obj(claim, "spec", "storageClassName").StringValue() != "sts-sc" ||
		obj(claim, "spec", "resources", "requests", "storage").StringValue() != "20Gi" ||
		obj(claim, "spec").ObjectValue()["accessModes"].ArrayValue()[0].StringValue() != "ReadWriteOnce" {
		t.Errorf("claim %v", claim)
	}
	pdb, _ := rec.Named("kubernetes:policy/v1:PodDisruptionBudget", "nginx-pdb")
	if obj(resource.NewProperty(pdb.Inputs), "spec", "maxUnavailable").NumberValue() != 1 {
		t.Errorf("pdb %v", pdb.Inputs)
	}
	got := members.Value.([]string)
	if len(got) != 3 || got[2] != "nginx-dynamic-2.nginx-dynamic-headless.default.svc.cluster.local" {
		t.Errorf("members %v", got)
	}
	if !strings.HasPrefix(peers.Value.(string), "nginx-dynamic-0.nginx-dynamic-headless.default.svc.cluster.local:80,") {
		t.Errorf("peers %v", peers.Value)
	}
}

func TestStatefulServiceWithoutPoolsSpreadsOverTheStandardZoneLabel(t *testing.T) {
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		a := nginxDynamic(t)
		a.Pools = nil
		a.InitContainers = []workloads.Container{{Name: "init-data", Image: "busybox", Command: []string{"sh", "-c", "mkdir -p /data/www"}}}
		a.PodManagementPolicy = "Parallel"
		_, err := workloads.NewStatefulService(ctx, "nginx", &a)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	set, _ := rec.Named("kubernetes:apps/v1:StatefulSet", "nginx-set")
	pod := obj(resource.NewProperty(set.Inputs), "spec", "template", "spec")
	spread := pod.ObjectValue()["topologySpreadConstraints"].ArrayValue()[0]
	if obj(spread, "topologyKey").StringValue() != workloads.ZoneTopologyKey {
		t.Errorf("spread key %v", obj(spread, "topologyKey"))
	}
	if _, ok := pod.ObjectValue()["nodeSelector"]; ok {
		t.Error("node selector without pools")
	}
	init := pod.ObjectValue()["initContainers"].ArrayValue()[0]
	if obj(init, "name").StringValue() != "init-data" || len(obj(init, "volumeMounts").ArrayValue()) != 1 {
		t.Errorf("init container %v", init)
	}
}

func TestStatefulServiceValidation(t *testing.T) {
	tests := []struct {
		name   string
		modify func(a *workloads.StatefulServiceArgs)
		want   string
	}{
		{"RWX on a disk class", func(a *workloads.StatefulServiceArgs) { a.Volumes[0].AccessModes = []string{"ReadWriteMany"} },
			"volumes[0].accessModes[0]: cannot work on sts-sc, a cloud-disk class: a disk attaches to one node at a time; for a volume shared by many pods use a shared file class (storage.oss, zone-redundant, or storage.nas)"},
		{"access mode", func(a *workloads.StatefulServiceArgs) { a.Volumes[0].AccessModes = []string{"RWO"} }, "volumes[0].accessModes[0]: must be ReadWriteOnce"},
		{"volume kind", func(a *workloads.StatefulServiceArgs) { a.Volumes[0].Kind = "block" }, "volumes[0].kind: must be zonal-disk or shared-file"},
		{"volume class", func(a *workloads.StatefulServiceArgs) { a.Volumes[0].StorageClass = "" }, "volumes[0].storageClass: is required"},
		{"volume size", func(a *workloads.StatefulServiceArgs) { a.Volumes[0].Size = "20 GB" }, "volumes[0].size: must be a positive size"},
		{"mount path", func(a *workloads.StatefulServiceArgs) { a.Volumes[0].MountPath = "data" }, "volumes[0].mountPath: must be an absolute path"},
		{"image", func(a *workloads.StatefulServiceArgs) { a.Image = "" }, "image: is required"},
		{"name", func(a *workloads.StatefulServiceArgs) { a.Name = "Nginx" }, "name: must be a DNS label of at most 52 characters"},
		{"replicas", func(a *workloads.StatefulServiceArgs) { a.Replicas = pulumi.IntRef(-1) }, "replicas: must be 0 to 1000"},
		{"node loss toleration", func(a *workloads.StatefulServiceArgs) { a.NodeLossTolerationSeconds = pulumi.IntRef(-1) }, "nodeLossTolerationSeconds: must be 0 to 3600"},
		{"no ports", func(a *workloads.StatefulServiceArgs) { a.Ports = nil }, "ports: is required"},
		{"port", func(a *workloads.StatefulServiceArgs) { a.Ports[0].Port = 70000 }, "ports[0].port: must be 1 to 65535"},
		{"port name", func(a *workloads.StatefulServiceArgs) { a.Ports[0].Name = "Web_Port" }, "ports[0].name: must be a port name"},
		{"protocol", func(a *workloads.StatefulServiceArgs) { a.Ports[0].Protocol = "HTTP" }, "ports[0].protocol: must be TCP, UDP or SCTP"},
		{"cpu", func(a *workloads.StatefulServiceArgs) { a.Resources.Requests.CPU = "two" }, "resources.requests.cpu: must be a Kubernetes quantity"},
		{"limit below request", func(a *workloads.StatefulServiceArgs) { a.Resources.Limits.CPU = "1" }, "resources.limits.cpu: must be at least the request 2"},
		{"reserved env", func(a *workloads.StatefulServiceArgs) { a.Env = map[string]string{"SERVICE_DOMAIN": "x"} }, "env: is set by zonestack for peer discovery"},
		{"init container", func(a *workloads.StatefulServiceArgs) { a.InitContainers = []workloads.Container{{Name: "init"}} }, "initContainers[0].image: is required"},
		{"pod management", func(a *workloads.StatefulServiceArgs) { a.PodManagementPolicy = "Ordered" }, "podManagementPolicy: must be OrderedReady or Parallel"},
		{"ready timeout", func(a *workloads.StatefulServiceArgs) { a.ReadyTimeout = "5s" }, "readyTimeout: must be a duration from 10s to 24h"},
		{"update strategy", func(a *workloads.StatefulServiceArgs) { a.UpdateStrategy = "Recreate" }, "updateStrategy: must be RollingUpdate or OnDelete"},
		{"partition", func(a *workloads.StatefulServiceArgs) { a.UpdateStrategy = "OnDelete"; a.Partition = pulumi.IntRef(1) }, "partition: must be 0 or more, with updateStrategy RollingUpdate"},
		{"pdb takes all", func(a *workloads.StatefulServiceArgs) { a.MaxUnavailable = 3 }, "maxUnavailable: must be less than replicas 3"},
		{"mixed zone labels", func(a *workloads.StatefulServiceArgs) { a.Pools[1].ZoneLabelKey = "zone" }, `pools[1]: labels its zone with "zone"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := nginxDynamic(t)
			tt.modify(&a)
			testutil.Rejected(t, tt.want, func(ctx *pulumi.Context) error {
				_, err := workloads.NewStatefulService(ctx, "nginx", &a)
				return err
			})
		})
	}
}

func TestRWXOnNASIsFine(t *testing.T) {
	a := nginxDynamic(t)
	a.Volumes[0] = workloads.Volume{MountPath: "/shared", StorageClass: "shared-nas", Kind: workloads.VolumeSharedFile, AccessModes: []string{"ReadWriteMany"}}
	if err := a.Validate("nginx"); err != nil {
		t.Fatal(err)
	}
}

func ptr[T any](v T) *T { return &v }

// Scaling must not roll the members: the pod template is the same for every replica count, and
// the members find each other through the headless Service's DNS.
func TestScalingLeavesThePodTemplateIdentical(t *testing.T) {
	template := func(replicas int) (resource.PropertyValue, resource.PropertyValue) {
		t.Helper()
		rec, err := offline.Record(func(ctx *pulumi.Context) error {
			a := nginxDynamic(t)
			a.Replicas = pulumi.IntRef(replicas)
			a.InitContainers = []workloads.Container{{Name: "init-data", Image: "busybox", Command: []string{"true"}}}
			_, err := workloads.NewStatefulService(ctx, "nginx", &a)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		set, ok := rec.Named("kubernetes:apps/v1:StatefulSet", "nginx-set")
		if !ok {
			t.Fatal("no StatefulSet")
		}
		spec := obj(resource.NewProperty(set.Inputs), "spec")
		return obj(spec, "template"), obj(spec, "replicas")
	}
	three, r3 := template(3)
	five, r5 := template(5)
	if r3.NumberValue() != 3 || r5.NumberValue() != 5 {
		t.Fatalf("replicas %v, %v", r3, r5)
	}
	if !three.DeepEquals(five) {
		t.Errorf("the pod template changes with replicas 3 -> 5, which rolls every member:\n3: %v\n5: %v", three, five)
	}
	for _, c := range append(obj(three, "spec").ObjectValue()["containers"].ArrayValue(), obj(three, "spec").ObjectValue()["initContainers"].ArrayValue()...) {
		env := map[string]string{}
		for _, e := range obj(c, "env").ArrayValue() {
			v := e.ObjectValue()
			if ref, ok := v["valueFrom"]; ok {
				env[v["name"].StringValue()] = "fieldRef:" + obj(ref, "fieldRef", "fieldPath").StringValue()
			} else {
				env[v["name"].StringValue()] = v["value"].StringValue()
			}
		}
		want := map[string]string{
			"POD_NAME":       "fieldRef:metadata.name",
			"POD_INDEX":      "fieldRef:metadata.labels['apps.kubernetes.io/pod-index']",
			"SERVICE_NAME":   "nginx-dynamic-headless",
			"SERVICE_DOMAIN": "nginx-dynamic-headless.default.svc.cluster.local",
		}
		if !maps.Equal(env, want) {
			t.Errorf("%s env %v, want %v", obj(c, "name").StringValue(), env, want)
		}
	}
}
