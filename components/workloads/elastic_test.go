package workloads_test

import (
	"slices"
	"testing"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/cs"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/nodepools"
	"github.com/zonestack/zonestack/components/workloads"
	"github.com/zonestack/zonestack/internal/app/offline"
	"github.com/zonestack/zonestack/internal/app/testutil"
)

// webPools are three zonal pools for a web tier: labelled usage=web, untainted.
func webPools(t *testing.T) []nodepools.Pool {
	t.Helper()
	a := nodepools.ZonalPoolsArgs{ClusterID: pulumi.String("c")}
	for _, z := range []string{"cn-beijing-h", "cn-beijing-g", "cn-beijing-k"} {
		a.VSwitches = append(a.VSwitches, nodepools.PoolZone{Zone: z, VSwitchID: pulumi.String("vsw")})
	}
	a.Labels, a.Taints = map[string]string{"usage": "web"}, []nodepools.Taint{}
	pools, err := nodepools.PlanPools(a, "web")
	if err != nil {
		t.Fatal(err)
	}
	return pools
}

// wordpress is seed 001's Deployment: 22 to 100 replicas on CPU 60 %, an SLB with
// externalTrafficPolicy Local, bursting to ECI.
func wordpress(t *testing.T) workloads.ElasticServiceArgs {
	return workloads.ElasticServiceArgs{
		ElasticServiceSpec: workloads.ElasticServiceSpec{
			WorkloadSpec: workloads.WorkloadSpec{
				Name:      "wordpress",
				Namespace: "wordpress",
				Image:     "wordpress:6.6-apache",
				Env:       map[string]string{"WORDPRESS_DB_NAME": "wordpress"},
				Resources: workloads.Resources{
					Requests: workloads.Quantities{CPU: "500m", Memory: "512Mi"},
					Limits:   workloads.Quantities{CPU: "1", Memory: "1Gi"},
				},
			},
			Port:    80,
			Burst:   workloads.BurstOverflow,
			Volumes: []workloads.SharedVolume{{Name: "uploads", MountPath: "/var/www/html/wp-content/uploads", StorageClass: "shared-nas", Kind: workloads.VolumeSharedFile}},
		},
		SecretEnv: map[string]pulumi.StringInput{"WORDPRESS_DB_PASSWORD": pulumi.String("s3cret")},
		Pools:     webPools(t),
	}
}

func recordElastic(t *testing.T, a workloads.ElasticServiceArgs) *offline.Recorder {
	t.Helper()
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		_, err := workloads.NewElasticService(ctx, "wp", &a)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func one(t *testing.T, rec *offline.Recorder, typ string) offline.Registration {
	t.Helper()
	rs := rec.ByType(typ)
	if len(rs) != 1 {
		t.Fatalf("%d of %s", len(rs), typ)
	}
	return rs[0]
}

func TestElasticServiceIsSeed001sWordPress(t *testing.T) {
	rec := recordElastic(t, wordpress(t))
	comp, _ := rec.Named("zonestack:workloads:ElasticService", "wp")
	for _, r := range rec.Registrations() {
		if r.URN != comp.URN && r.Parent != comp.URN {
			t.Errorf("%s %s is not under the component", r.Type, r.Name)
		}
	}
	hpa := one(t, rec, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler").Inputs
	spec := obj(resource.NewProperty(hpa), "spec")
	if obj(spec, "minReplicas").NumberValue() != 22 || obj(spec, "maxReplicas").NumberValue() != 100 {
		t.Errorf("hpa %v", spec)
	}
	metric := spec.ObjectValue()["metrics"].ArrayValue()[0]
	if obj(metric, "resource", "name").StringValue() != "cpu" || obj(metric, "resource", "target", "averageUtilization").NumberValue() != 60 {
		t.Errorf("hpa metric %v", metric)
	}
	if obj(spec, "scaleTargetRef", "kind").StringValue() != "Deployment" || obj(spec, "scaleTargetRef", "name").StringValue() != "wordpress" {
		t.Errorf("hpa target %v", obj(spec, "scaleTargetRef"))
	}

	svc := resource.NewProperty(one(t, rec, "kubernetes:core/v1:Service").Inputs)
	if obj(svc, "spec", "type").StringValue() != "LoadBalancer" || obj(svc, "spec", "externalTrafficPolicy").StringValue() != "Local" {
		t.Errorf("service spec %v", obj(svc, "spec"))
	}
	ann := obj(svc, "metadata", "annotations").ObjectValue()
	if ann["service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type"].StringValue() != "internet" ||
		ann["service.beta.kubernetes.io/backend-type"].StringValue() != "eni" {
		t.Errorf("service annotations %v", ann)
	}

	dep := one(t, rec, "kubernetes:apps/v1:Deployment")
	dspec := obj(resource.NewProperty(dep.Inputs), "spec")
	if _, has := dspec.ObjectValue()["replicas"]; has {
		t.Error("the Deployment sets replicas, which would reset the HPA's count on every update")
	}
	pod := obj(dspec, "template", "spec")
	if _, has := pod.ObjectValue()["nodeSelector"]; has {
		t.Errorf("an overflow pod with a nodeSelector can never reach ECI: %v", obj(pod, "nodeSelector"))
	}
	main := pod.ObjectValue()["containers"].ArrayValue()[0]
	var secretRef bool
	for _, e := range main.ObjectValue()["env"].ArrayValue() {
		if obj(e, "name").StringValue() == "WORDPRESS_DB_PASSWORD" {
			_, plain := e.ObjectValue()["value"]
			secretRef = !plain && obj(e, "valueFrom", "secretKeyRef", "name").StringValue() == "wordpress-env"
		}
	}
	if !secretRef {
		t.Errorf("the password is not read from the Secret: %v", main.ObjectValue()["env"])
	}
	if obj(pod, "volumes").ArrayValue()[0].ObjectValue()["persistentVolumeClaim"].ObjectValue()["claimName"].StringValue() != "wordpress-uploads" {
		t.Errorf("volumes %v", obj(pod, "volumes"))
	}
	claim := resource.NewProperty(one(t, rec, "kubernetes:core/v1:PersistentVolumeClaim").Inputs)
	if obj(claim, "spec", "accessModes").ArrayValue()[0].StringValue() != "ReadWriteMany" || obj(claim, "spec", "storageClassName").StringValue() != "shared-nas" {
		t.Errorf("claim %v", claim)
	}

	secret := one(t, rec, "kubernetes:core/v1:Secret").Inputs
	pw := secret["stringData"]
	if !pw.IsSecret() && !pw.ContainsSecrets() {
		t.Errorf("the password is sent in plain text: %v", pw)
	}

	policy := one(t, rec, "kubernetes:scheduling.alibabacloud.com/v1alpha1:ResourcePolicy")
	if !slices.Contains(dep.Dependencies, policy.URN) {
		t.Error("the Deployment may schedule pods before its ResourcePolicy exists")
	}
	units := obj(resource.NewProperty(policy.Inputs), "spec", "units").ArrayValue()
	if len(units) != 2 || obj(units[0], "resource").StringValue() != "ecs" || obj(units[1], "resource").StringValue() != "eci" {
		t.Fatalf("units %v", units)
	}
	if sel := obj(units[0], "nodeSelector").ObjectValue(); len(sel) != 1 || sel["usage"].StringValue() != "web" {
		t.Errorf("the ECS unit must select every zone's pool (not one zone's): %v", sel)
	}
	pdb := resource.NewProperty(one(t, rec, "kubernetes:policy/v1:PodDisruptionBudget").Inputs)
	if obj(pdb, "spec", "maxUnavailable").StringValue() != "25%" {
		t.Errorf("pdb %v", pdb)
	}
}

func TestElasticServiceFixedSplitAndPatience(t *testing.T) {
	a := wordpress(t)
	a.MaxOnECS = pulumi.IntRef(22)
	a.OverflowAfter = "1m"
	rec := recordElastic(t, a)
	spec := obj(resource.NewProperty(one(t, rec, "kubernetes:scheduling.alibabacloud.com/v1alpha1:ResourcePolicy").Inputs), "spec")
	units := obj(spec, "units").ArrayValue()
	if obj(units[0], "max").NumberValue() != 22 {
		t.Errorf("ecs unit %v", units[0])
	}
	if obj(spec, "whenTryNextUnits", "policy").StringValue() != "TimeoutOrExceedMax" || obj(spec, "whenTryNextUnits", "timeout").StringValue() != "1m" {
		t.Errorf("whenTryNextUnits %v", obj(spec, "whenTryNextUnits"))
	}

	a.MaxOnECS = nil
	rec = recordElastic(t, a)
	units = obj(resource.NewProperty(one(t, rec, "kubernetes:scheduling.alibabacloud.com/v1alpha1:ResourcePolicy").Inputs), "spec", "units").ArrayValue()
	if obj(units[0], "podLabels").ObjectValue()["k8s.aliyun.com/resource-policy-wait-for-ecs-scaling"].StringValue() != "true" {
		t.Errorf("without max, waiting for the pools needs the unit's wait label: %v", units[0])
	}
}

func TestElasticServiceOnECIOnlyAndOnECSOnly(t *testing.T) {
	a := wordpress(t)
	a.Burst = workloads.BurstECIOnly
	rec := recordElastic(t, a)
	pod := obj(resource.NewProperty(one(t, rec, "kubernetes:apps/v1:Deployment").Inputs), "spec", "template", "spec")
	term := obj(pod, "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution").ObjectValue()["nodeSelectorTerms"].ArrayValue()[0]
	expr := term.ObjectValue()["matchExpressions"].ArrayValue()[0]
	if obj(expr, "key").StringValue() != "type" || obj(expr, "values").ArrayValue()[0].StringValue() != "virtual-kubelet" {
		t.Errorf("eci affinity %v", expr)
	}
	tol := obj(pod, "tolerations").ArrayValue()[0]
	if obj(tol, "key").StringValue() != "virtual-kubelet.io/provider" || obj(tol, "value").StringValue() != "alibabacloud" {
		t.Errorf("eci toleration %v", tol)
	}
	if n := len(rec.ByType("kubernetes:scheduling.alibabacloud.com/v1alpha1:ResourcePolicy")); n != 0 {
		t.Errorf("%d resource policies for eci only", n)
	}

	a.Burst = workloads.BurstNone
	rec = recordElastic(t, a)
	pod = obj(resource.NewProperty(one(t, rec, "kubernetes:apps/v1:Deployment").Inputs), "spec", "template", "spec")
	if obj(pod, "nodeSelector").ObjectValue()["usage"].StringValue() != "web" {
		t.Errorf("ecs only: node selector %v", obj(pod, "nodeSelector"))
	}
}

func TestElasticServiceSchedulesMoveTheHPAsFloor(t *testing.T) {
	a := wordpress(t)
	a.Schedules = []workloads.Schedule{{Name: "morning", Schedule: "0 0 8 * * *", TargetSize: 40}, {Name: "night", Schedule: "0 0 22 * * *", TargetSize: 22}}
	a.ExcludeDates = []string{"* * * 1 10 *"}
	rec := recordElastic(t, a)
	cron := one(t, rec, "kubernetes:autoscaling.alibabacloud.com/v1beta1:CronHorizontalPodAutoscaler")
	hpa := one(t, rec, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler")
	if !slices.Contains(cron.Dependencies, hpa.URN) {
		t.Error("the CronHPA does not wait for its HPA")
	}
	spec := obj(resource.NewProperty(cron.Inputs), "spec")
	if obj(spec, "scaleTargetRef", "kind").StringValue() != "HorizontalPodAutoscaler" || obj(spec, "scaleTargetRef", "name").StringValue() != "wordpress" {
		t.Errorf("a CronHPA aimed elsewhere than the HPA fights it: %v", obj(spec, "scaleTargetRef"))
	}
	jobs := obj(spec, "jobs").ArrayValue()
	if len(jobs) != 2 || obj(jobs[0], "targetSize").NumberValue() != 40 || obj(jobs[0], "schedule").StringValue() != "0 0 8 * * *" {
		t.Errorf("jobs %v", jobs)
	}
}

// The CronHPA waits for the add-on that serves its kind, when one is given.
func TestElasticServiceSchedulesWaitForTheController(t *testing.T) {
	a := wordpress(t)
	a.Schedules = []workloads.Schedule{{Name: "morning", Schedule: "0 0 8 * * *", TargetSize: 40}}
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		addon, err := cs.NewKubernetesAddon(ctx, "cronhpa", &cs.KubernetesAddonArgs{
			ClusterId: pulumi.String("c-1"), Name: pulumi.String(workloads.CronHPAControllerAddon),
		})
		if err != nil {
			return err
		}
		a.CronHPAController = addon
		_, err = workloads.NewElasticService(ctx, "wp", &a)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	cron := one(t, rec, "kubernetes:autoscaling.alibabacloud.com/v1beta1:CronHorizontalPodAutoscaler")
	addon := one(t, rec, "alicloud:cs/kubernetesAddon:KubernetesAddon")
	hpa := one(t, rec, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler")
	if !slices.Contains(cron.Dependencies, addon.URN) || !slices.Contains(cron.Dependencies, hpa.URN) {
		t.Errorf("the CronHPA depends on %v, want the controller and the HPA", cron.Dependencies)
	}
	for _, r := range rec.Registrations() {
		if r.Type != cron.Type && slices.Contains(r.Dependencies, addon.URN) {
			t.Errorf("%s waits for the CronHPA controller too", r.Name)
		}
	}
}

func TestElasticServiceBehindAnNLB(t *testing.T) {
	a := wordpress(t)
	a.LoadBalancer = workloads.LoadBalancer{Type: workloads.LoadBalancerNLB, Zones: []workloads.LoadBalancerZone{
		{Zone: "cn-beijing-h", VSwitchID: pulumi.String("vsw-h")}, {Zone: "cn-beijing-g", VSwitchID: pulumi.String("vsw-g")},
	}}
	rec := recordElastic(t, a)
	svc := resource.NewProperty(one(t, rec, "kubernetes:core/v1:Service").Inputs)
	if obj(svc, "spec", "loadBalancerClass").StringValue() != "alibabacloud.com/nlb" {
		t.Errorf("class %v", obj(svc, "spec"))
	}
	if got := obj(svc, "metadata", "annotations").ObjectValue()["service.beta.kubernetes.io/alibaba-cloud-loadbalancer-zone-maps"].StringValue(); got != "cn-beijing-h:vsw-h,cn-beijing-g:vsw-g" {
		t.Errorf("zone maps %q", got)
	}
}

// A CLB with its zones lives in both: the CCM creates it with the master and backup named.
func TestElasticServiceCLBInTwoZones(t *testing.T) {
	a := wordpress(t)
	a.LoadBalancer.MasterZone, a.LoadBalancer.BackupZone = "cn-beijing-h", "cn-beijing-g"
	rec := recordElastic(t, a)
	ann := obj(resource.NewProperty(one(t, rec, "kubernetes:core/v1:Service").Inputs), "metadata", "annotations").ObjectValue()
	for k, want := range map[string]string{
		"service.beta.kubernetes.io/alibaba-cloud-loadbalancer-master-zoneid": "cn-beijing-h",
		"service.beta.kubernetes.io/alibaba-cloud-loadbalancer-slave-zoneid":  "cn-beijing-g",
	} {
		if got := ann[resource.PropertyKey(k)].StringValue(); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
}

func TestElasticServiceRejectsBadArgs(t *testing.T) {
	cases := map[string]func(*workloads.ElasticServiceArgs){
		"resources.requests.cpu: is required: the HPA measures CPU use against it": func(a *workloads.ElasticServiceArgs) { a.Resources.Requests.CPU = "" },
		"resources.limits.memory: is required when pods may burst to ECI":          func(a *workloads.ElasticServiceArgs) { a.Resources.Limits.Memory = "" },
		"env.WORDPRESS_DB_PASSWORD: reads like a secret":                           func(a *workloads.ElasticServiceArgs) { a.Env["WORDPRESS_DB_PASSWORD"] = "x" },
		"schedules[0].schedule: has five fields": func(a *workloads.ElasticServiceArgs) {
			a.Schedules = []workloads.Schedule{{Name: "a", Schedule: "0 8 * * *", TargetSize: 30}}
		},
		"schedules[0].targetSize: must be within the HPA's range 22 to 100": func(a *workloads.ElasticServiceArgs) {
			a.Schedules = []workloads.Schedule{{Name: "a", Schedule: "0 0 8 * * *", TargetSize: 200}}
		},
		"volumes[0].storageClass: is not a shared file class": func(a *workloads.ElasticServiceArgs) { a.Volumes[0].Kind = workloads.VolumeZonalDisk },
		"maxOnEcs: applies only with burst overflow":          func(a *workloads.ElasticServiceArgs) { a.Burst, a.MaxOnECS = workloads.BurstNone, pulumi.IntRef(3) },
		"maxOnEcs: is above autoscaling.maxReplicas 100":      func(a *workloads.ElasticServiceArgs) { a.MaxOnECS = pulumi.IntRef(500) },
		"loadBalancer.zones: an NLB needs at least two zones": func(a *workloads.ElasticServiceArgs) { a.LoadBalancer.Type = workloads.LoadBalancerNLB },
		"autoscaling.maxReplicas: must be at least minReplicas 50": func(a *workloads.ElasticServiceArgs) {
			a.Autoscaling = workloads.Autoscaling{MinReplicas: 50, MaxReplicas: 10}
		},
		"burst: must be none, overflow or eci":                 func(a *workloads.ElasticServiceArgs) { a.Burst = "ecs-first" },
		"overflowAfter: must be a duration":                    func(a *workloads.ElasticServiceArgs) { a.OverflowAfter = "soon" },
		"port: must be 1 to 65535":                             func(a *workloads.ElasticServiceArgs) { a.Port = 0 },
		"loadBalancer.spec: must be a CLB spec":                func(a *workloads.ElasticServiceArgs) { a.LoadBalancer.Spec = "large" },
		"loadBalancer.backupZone: is required with masterZone": func(a *workloads.ElasticServiceArgs) { a.LoadBalancer.MasterZone = "cn-beijing-h" },
		"loadBalancer.masterZone: is required with backupZone": func(a *workloads.ElasticServiceArgs) { a.LoadBalancer.BackupZone = "cn-beijing-h" },
		"loadBalancer.backupZone: must differ from masterZone": func(a *workloads.ElasticServiceArgs) {
			a.LoadBalancer.MasterZone, a.LoadBalancer.BackupZone = "cn-beijing-h", "cn-beijing-h"
		},
	}
	for want, mutate := range cases {
		t.Run(want, func(t *testing.T) {
			testutil.Rejected(t, want, func(ctx *pulumi.Context) error {
				a := wordpress(t)
				mutate(&a)
				_, err := workloads.NewElasticService(ctx, "wp", &a)
				return err
			})
		})
	}
}

// Untainted web pools give overflow pods nothing to tolerate.
func TestElasticServiceOnUntaintedPoolsToleratesNothing(t *testing.T) {
	rec := recordElastic(t, wordpress(t))
	pod := obj(resource.NewProperty(one(t, rec, "kubernetes:apps/v1:Deployment").Inputs), "spec", "template", "spec")
	if tol, has := pod.ObjectValue()["tolerations"]; has {
		t.Errorf("tolerations %v on untainted pools", tol)
	}
}
