package nodepools_test

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/nodepools"
	"github.com/zonestack/zonestack/internal/app/offline"
	"github.com/zonestack/zonestack/internal/app/testutil"
	"github.com/zonestack/zonestack/validation"
)

const (
	deploymentType    = "kubernetes:apps/v1:Deployment"
	priorityClassType = "kubernetes:scheduling.k8s.io/v1:PriorityClass"
)

func seedPools(t *testing.T) []nodepools.Pool {
	t.Helper()
	pools, err := nodepools.PlanPools(seedArgs(), "sts")
	if err != nil {
		t.Fatal(err)
	}
	return pools
}

func TestPlaceholdersFollowSeed000(t *testing.T) {
	pools := seedPools(t)
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		_, err := nodepools.NewPlaceholders(ctx, "warm", &nodepools.PlaceholdersArgs{Pools: pools, Region: "cn-beijing"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	comp, _ := rec.Named("zonestack:nodepools:Placeholders", "warm")
	pcs := rec.ByType(priorityClassType)
	if len(pcs) != 1 {
		t.Fatalf("%d priority classes", len(pcs))
	}
	pc := pcs[0].Inputs
	if pc["value"].NumberValue() != -1 || pc["globalDefault"].BoolValue() || pc["preemptionPolicy"].StringValue() != "Never" ||
		pc["metadata"].ObjectValue()["name"].StringValue() != "ack-place-holder" {
		t.Errorf("priority class %v", pc)
	}
	deps := rec.ByType(deploymentType)
	if len(deps) != 3 {
		t.Fatalf("%d deployments", len(deps))
	}
	for _, d := range deps {
		if d.Parent != comp.URN {
			t.Errorf("%s parent", d.Name)
		}
		zone := strings.TrimPrefix(d.Name, "warm-")
		meta := d.Inputs["metadata"].ObjectValue()
		if meta["name"].StringValue() != "ack-place-holder-"+zone || meta["namespace"].StringValue() != "default" {
			t.Errorf("%s metadata %v", d.Name, meta)
		}
		if meta["annotations"].ObjectValue()["pulumi.com/skipAwait"].StringValue() != "true" {
			t.Errorf("%s: pulumi up would wait for a placeholder", d.Name)
		}
		spec := d.Inputs["spec"].ObjectValue()
		if spec["replicas"].NumberValue() != 1 {
			t.Errorf("%s replicas %v", d.Name, spec["replicas"])
		}
		pod := spec["template"].ObjectValue()["spec"].ObjectValue()
		if pod["priorityClassName"].StringValue() != "ack-place-holder" {
			t.Errorf("%s priority class %v", d.Name, pod["priorityClassName"])
		}
		sel := pod["nodeSelector"].ObjectValue()
		if sel["avaliable_zone"].StringValue() != zone || sel["usage"].StringValue() != "sts" {
			t.Errorf("%s node selector %v", d.Name, sel)
		}
		tol := pod["tolerations"].ArrayValue()[0].ObjectValue()
		if tol["key"].StringValue() != "usage" || tol["operator"].StringValue() != "Equal" || tol["value"].StringValue() != "sts" || tol["effect"].StringValue() != "NoSchedule" {
			t.Errorf("%s toleration %v", d.Name, tol)
		}
		c := pod["containers"].ArrayValue()[0].ObjectValue()
		req := c["resources"].ObjectValue()["requests"].ObjectValue()
		if req["cpu"].StringValue() != "3" || req["memory"].StringValue() != "6Gi" {
			t.Errorf("%s requests %v", d.Name, req)
		}
		if c["image"].StringValue() != "registry-vpc.cn-beijing.aliyuncs.com/acs/pause:3.1" {
			t.Errorf("%s image %v", d.Name, c["image"])
		}
	}
}

func TestPlaceholdersValidation(t *testing.T) {
	unknown := func(t *testing.T) []nodepools.Pool {
		ps := seedPools(t)
		ps[0].MachineTypes = []string{"ecs.ebmg7.32xlarge"}
		return ps
	}
	small := func(t *testing.T) []nodepools.Pool {
		ps := seedPools(t)
		ps[1].MachineTypes = []string{"ecs.c7.xlarge", "ecs.g7.2xlarge"}
		return ps
	}
	tests := []struct {
		name   string
		modify func(a *nodepools.PlaceholdersArgs)
		want   string
	}{
		{"no pools", func(a *nodepools.PlaceholdersArgs) { a.Pools = nil }, "pools: is required"},
		{"priority at cutoff", func(a *nodepools.PlaceholdersArgs) { a.Priority = pulumi.IntRef(-10) }, "priority: must be -9 to -1"},
		{"priority zero", func(a *nodepools.PlaceholdersArgs) { a.Priority = pulumi.IntRef(0) }, "priority: must be -9 to -1"},
		{"replicas", func(a *nodepools.PlaceholdersArgs) { a.Replicas = -1 }, "replicas: must be 1 to 100"},
		{"cpu", func(a *nodepools.PlaceholdersArgs) { a.CPU = "three" }, "cpu: must be a positive Kubernetes CPU quantity"},
		{"memory", func(a *nodepools.PlaceholdersArgs) { a.Memory = "6" + "GB!" }, "memory: must be a positive Kubernetes memory quantity"},
		{"namespace", func(a *nodepools.PlaceholdersArgs) { a.Namespace = "Kube_System" }, "namespace: must be a Kubernetes namespace name"},
		{"too big for the instance", func(a *nodepools.PlaceholdersArgs) { a.CPU = "8" },
			"pools[0]: a placeholder (8 CPU, 6Gi memory) does not fit the pool's first instance type ecs.g7.2xlarge (8 vCPU, 32 GiB; about 7810m CPU"},
		{"first type of one pool too small", func(a *nodepools.PlaceholdersArgs) { a.Memory = "7Gi"; a.Pools = small(t) },
			"pools[1]: a placeholder (3 CPU, 7Gi memory) does not fit the pool's first instance type ecs.c7.xlarge"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := nodepools.PlaceholdersArgs{Pools: seedPools(t)}
			tt.modify(&a)
			testutil.Rejected(t, tt.want, func(ctx *pulumi.Context) error {
				_, err := nodepools.NewPlaceholders(ctx, "warm", &a)
				return err
			})
		})
	}
	t.Run("unknown instance type warns", func(t *testing.T) {
		warnings, err := nodepools.PlaceholdersArgs{Pools: unknown(t)}.Validate()
		if err != nil {
			t.Fatal(err)
		}
		if len(warnings) != 1 || !strings.Contains(warnings[0], "ecs.ebmg7.32xlarge is not in zonestack's table") {
			t.Fatalf("warnings %v", warnings)
		}
	})
}

// The spec is what a stack file says (nodePools.placeholders): its rules name its keys, and a
// placeholder too big for a pool is a problem of the spec itself (its size).
func TestPlaceholdersSpecValidatesUnderItsKeys(t *testing.T) {
	s := nodepools.PlaceholdersSpec{CPU: "9", Priority: pulumi.IntRef(0)}
	_, err := s.Validate(seedPools(t))
	if err == nil {
		t.Fatal("accepted")
	}
	fields := map[string]string{}
	for _, p := range validation.Problems(err) {
		fields[p.Field] = p.Rule
	}
	if !strings.HasPrefix(fields["priority"], "must be -9 to -1") ||
		!strings.HasPrefix(fields[""], "a placeholder (9 CPU, 6Gi memory) does not fit the pool's first instance type ecs.g7.2xlarge") {
		t.Errorf("problems %v", err)
	}
	off := nodepools.PlaceholdersSpec{Enabled: pulumi.BoolRef(false), CPU: "nine"}
	if _, err := off.Validate(nil); err != nil || off.IsEnabled() {
		t.Errorf("disabled placeholders: %v", err)
	}
}

// Disabled, the component registers nothing under it.
func TestDisabledPlaceholdersRegisterNoChild(t *testing.T) {
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		_, err := nodepools.NewPlaceholders(ctx, "warm", &nodepools.PlaceholdersArgs{
			PlaceholdersSpec: nodepools.PlaceholdersSpec{Enabled: pulumi.BoolRef(false)},
			Pools:            seedPools(t),
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(rec.ByType(deploymentType)) + len(rec.ByType(priorityClassType)); n != 0 {
		t.Errorf("%d children", n)
	}
}
