package nodepools_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/nodepools"
	"github.com/zonestack/zonestack/internal/app/offline"
	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

func systemArgs() nodepools.ZonalPoolsArgs {
	a := seedArgs()
	a.Role = nodepools.RoleSystem
	return a
}

// A system pool per zone: untainted, labelled zonestack.io/pool=system and with the zone label,
// without the stateful pools' usage=sts, at the system defaults.
func TestSystemPoolsDefaults(t *testing.T) {
	for _, cloud := range []string{nodepools.CloudAlicloud, nodepools.CloudGCP} {
		t.Run(cloud, func(t *testing.T) {
			a := systemArgs()
			a.Cloud = cloud
			if cloud == nodepools.CloudGCP {
				a.Spec.KeyName = ""
			}
			pools, err := nodepools.PlanPools(a, "system")
			if err != nil {
				t.Fatal(err)
			}
			if len(pools) != 3 {
				t.Fatalf("%d pools", len(pools))
			}
			for i, p := range pools {
				if p.Zone != a.Zones[i].Zone || !p.IsSystem() || len(p.Taints) != 0 {
					t.Errorf("pool %+v", p)
				}
				want := map[string]string{nodepools.SystemPoolLabelKey: nodepools.SystemPoolLabelValue, nodepools.DefaultZoneLabelKey: p.ZoneLabelValue}
				if len(p.Labels) != 2 || p.Labels[nodepools.SystemPoolLabelKey] != "system" || p.Labels[nodepools.DefaultZoneLabelKey] != want[nodepools.DefaultZoneLabelKey] {
					t.Errorf("labels %v, want %v", p.Labels, want)
				}
				s := p.Spec
				types, disk := nodepools.DefaultSystemPoolInstanceTypes, nodepools.DefaultSystemPoolDiskGiB
				if cloud == nodepools.CloudGCP {
					types, disk = nodepools.DefaultGkeSystemPoolMachineTypes, nodepools.DefaultGkeSystemPoolDiskGiB
				}
				if !slices.Equal(s.InstanceTypes, types) || *s.MinSize != nodepools.DefaultSystemPoolMinSize || *s.MaxSize != nodepools.DefaultSystemPoolMaxSize || s.SystemDisk.SizeGiB != disk {
					t.Errorf("spec %+v", s)
				}
			}
		})
	}
}

func TestSystemPoolsOverrides(t *testing.T) {
	a := systemArgs()
	a.Spec.InstanceTypes = []string{"ecs.g8i.xlarge"}
	a.Spec.MinSize, a.Spec.MaxSize = pulumi.IntRef(2), pulumi.IntRef(5)
	a.Spec.SystemDisk.SizeGiB = 60
	a.Spec.Labels = map[string]string{"team": "platform"}
	pools, err := nodepools.PlanPools(a, "system")
	if err != nil {
		t.Fatal(err)
	}
	s := pools[0].Spec
	if s.InstanceTypes[0] != "ecs.g8i.xlarge" || *s.MinSize != 2 || *s.MaxSize != 5 || s.SystemDisk.SizeGiB != 60 ||
		pools[0].Labels["team"] != "platform" || pools[0].Labels[nodepools.SystemPoolLabelKey] != "system" {
		t.Errorf("pool %+v", pools[0])
	}
}

// A system pool that would keep pods off, or lose its label, is refused with the field's path.
func TestSystemPoolsValidation(t *testing.T) {
	cases := map[string]struct {
		change func(*nodepools.ZonalPoolsArgs)
		want   []string
	}{
		"taint": {func(a *nodepools.ZonalPoolsArgs) {
			a.Spec.Taints = []nodepools.Taint{{Key: "usage", Value: "sts", Effect: "PreferNoSchedule"}, {Key: "usage", Value: "sts", Effect: "NoSchedule"}}
		}, []string{"spec.taints[1]: a system pool takes no NoSchedule or NoExecute taint"}},
		"label": {func(a *nodepools.ZonalPoolsArgs) {
			a.Spec.Labels = map[string]string{nodepools.SystemPoolLabelKey: "other"}
		},
			[]string{"spec.labels.zonestack.io/pool: a system pool's nodes are labelled zonestack.io/pool=system"}},
		"sizes": {func(a *nodepools.ZonalPoolsArgs) { a.Spec.MinSize = pulumi.IntRef(4) }, []string{"spec.maxSize: must be more than minSize 4"}},
		"role":  {func(a *nodepools.ZonalPoolsArgs) { a.Role = "web" }, []string{"role: must be stateful or system"}},
		"login": {func(a *nodepools.ZonalPoolsArgs) { a.Spec.KeyName = "" }, []string{"spec.keyName: is required"}},
	}
	for name, tt := range cases {
		t.Run(name, func(t *testing.T) {
			a := systemArgs()
			tt.change(&a)
			rec, err := offline.Record(func(ctx *pulumi.Context) error {
				_, err := nodepools.NewZonalPools(ctx, "system", &a)
				return err
			})
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("missing %q in %v", w, err)
				}
			}
			if n := len(rec.Registrations()); n != 0 {
				t.Fatalf("%d registered", n)
			}
		})
	}
}

// The registered ACK pools carry no taint and the system label; the stateful defaults are kept.
func TestSystemPoolsRegisterUntainted(t *testing.T) {
	a := systemArgs()
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		_, err := nodepools.NewZonalPools(ctx, "system", &a)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	regs := rec.ByType(rt.CsNodePool)
	if len(regs) != 3 {
		t.Fatalf("%d pools", len(regs))
	}
	for _, np := range regs {
		if _, tainted := np.Inputs["taints"]; tainted {
			t.Errorf("%s tainted: %v", np.Name, np.Inputs["taints"])
		}
		if l := labels(np.Inputs["labels"]); l[nodepools.SystemPoolLabelKey] != "system" || l["usage"] != "" {
			t.Errorf("%s labels %v", np.Name, l)
		}
		if np.Inputs["keyName"].StringValue() != "ops" {
			t.Errorf("%s key %v", np.Name, np.Inputs["keyName"])
		}
	}
	// A stateful set of the same args keeps the taint and label of seed 000.
	stateful, err := nodepools.PlanPools(seedArgs(), "sts")
	if err != nil || stateful[0].IsSystem() || len(stateful[0].Taints) != 1 || stateful[0].Labels["usage"] != "sts" {
		t.Fatalf("stateful %+v %v", stateful, err)
	}
}

// Placeholders keep the stateful pools warm only: a system pool is refused.
func TestPlaceholdersRefuseSystemPools(t *testing.T) {
	pools, err := nodepools.PlanPools(systemArgs(), "system")
	if err != nil {
		t.Fatal(err)
	}
	_, err = nodepools.PlaceholdersArgs{Pools: pools}.Validate()
	if err == nil || !strings.Contains(err.Error(), "pools[0]: is a system pool") {
		t.Fatalf("got %v", err)
	}
}
