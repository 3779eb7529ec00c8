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
// without the stateful pools' usage=sts, at the system defaults of its cloud.
func TestSystemPoolsDefaults(t *testing.T) {
	for _, cloud := range []string{nodepools.CloudAlicloud, nodepools.CloudGCP} {
		t.Run(cloud, func(t *testing.T) {
			var pools []nodepools.Pool
			var zones []string
			var err error
			if cloud == nodepools.CloudGCP {
				g := gkeArgs()
				g.Role = nodepools.RoleSystem
				zones = g.NodeZones
				pools, err = nodepools.PlanGkePools(g, "system")
			} else {
				a := systemArgs()
				for _, z := range a.VSwitches {
					zones = append(zones, z.Zone)
				}
				pools, err = nodepools.PlanPools(a, "system")
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(pools) != 3 {
				t.Fatalf("%d pools", len(pools))
			}
			for i, p := range pools {
				if p.Zone != zones[i] || !p.IsSystem() || len(p.Taints) != 0 || p.Spot {
					t.Errorf("pool %+v", p)
				}
				want := map[string]string{nodepools.SystemPoolLabelKey: nodepools.SystemPoolLabelValue, nodepools.DefaultZoneLabelKey: p.ZoneLabelValue}
				if len(p.Labels) != 2 || p.Labels[nodepools.SystemPoolLabelKey] != "system" || p.Labels[nodepools.DefaultZoneLabelKey] != want[nodepools.DefaultZoneLabelKey] {
					t.Errorf("labels %v, want %v", p.Labels, want)
				}
				types, disk := nodepools.DefaultSystemPoolInstanceTypes, nodepools.DefaultSystemPoolDiskGiB
				var specTypes []string
				var specMin, specMax *int
				var specDisk int
				switch {
				case cloud == nodepools.CloudGCP && p.Gke != nil && p.Ack == nil:
					types, disk = nodepools.DefaultGkeSystemPoolMachineTypes, nodepools.DefaultGkeSystemPoolDiskGiB
					specTypes, specMin, specMax, specDisk = p.Gke.InstanceTypes, p.Gke.MinSize, p.Gke.MaxSize, p.Gke.SystemDisk.SizeGiB
				case cloud == nodepools.CloudAlicloud && p.Ack != nil && p.Gke == nil:
					specTypes, specMin, specMax, specDisk = p.Ack.InstanceTypes, p.Ack.MinSize, p.Ack.MaxSize, p.Ack.SystemDisk.SizeGiB
				default:
					t.Fatalf("%s pool with ack spec %v and gke spec %v", cloud, p.Ack, p.Gke)
				}
				if !slices.Equal(specTypes, types) || !slices.Equal(p.MachineTypes, types) ||
					*specMin != nodepools.DefaultSystemPoolMinSize || *specMax != nodepools.DefaultSystemPoolMaxSize ||
					p.MinSize != nodepools.DefaultSystemPoolMinSize || p.MaxSize != nodepools.DefaultSystemPoolMaxSize || specDisk != disk {
					t.Errorf("pool %+v: types %v, sizes %d-%d, disk %d", p, specTypes, *specMin, *specMax, specDisk)
				}
			}
		})
	}
}

func TestSystemPoolsOverrides(t *testing.T) {
	a := systemArgs()
	a.InstanceTypes = []string{"ecs.g8i.xlarge"}
	a.MinSize, a.MaxSize = pulumi.IntRef(2), pulumi.IntRef(5)
	a.SystemDisk.SizeGiB = 60
	a.Labels = map[string]string{"team": "platform"}
	pools, err := nodepools.PlanPools(a, "system")
	if err != nil {
		t.Fatal(err)
	}
	s := pools[0].Ack
	if s.InstanceTypes[0] != "ecs.g8i.xlarge" || *s.MinSize != 2 || *s.MaxSize != 5 || s.SystemDisk.SizeGiB != 60 ||
		pools[0].MinSize != 2 || pools[0].MaxSize != 5 ||
		pools[0].Labels["team"] != "platform" || pools[0].Labels[nodepools.SystemPoolLabelKey] != "system" {
		t.Errorf("pool %+v", pools[0])
	}
}

// The system pools follow the stateful pools where one zone label and one login must serve both
// (the zone label's key and each zone's value, the key pair, the image and the disk's category,
// level and encryption), and take their own sizes.
func TestAckSystemPoolSpecFollowsTheStatefulPools(t *testing.T) {
	stateful := seedArgs().AckPools
	stateful.ZoneLabelKey = "zone"
	stateful.ImageType = "AliyunLinux4"
	stateful.SystemDisk = nodepools.SystemDisk{Categories: []string{"cloud_essd"}, PerformanceLevel: "PL0", SizeGiB: 400, Encrypted: true, KMSKeyID: "key-1"}
	stateful.InstanceTypes = []string{"ecs.r7.4xlarge"}
	stateful.Zones = map[string]nodepools.AckZoneSpec{"cn-beijing-k": {ZoneLabelValue: "beijing-k"}}
	spec := nodepools.AckSystemPoolSpec{MinSize: pulumi.IntRef(2), DiskGiB: 80}
	sys := spec.SystemPools(&stateful)
	pools, err := sys.Plan("system", []string{"cn-beijing-h", "cn-beijing-g", "cn-beijing-k"}, nodepools.RoleSystem)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pools {
		s := p.Ack
		if p.ZoneLabelKey != "zone" || s.KeyName != "ops" || s.ImageType != "AliyunLinux4" ||
			!slices.Equal(s.SystemDisk.Categories, []string{"cloud_essd"}) || s.SystemDisk.PerformanceLevel != "PL0" ||
			!s.SystemDisk.Encrypted || s.SystemDisk.KMSKeyID != "key-1" || s.SystemDisk.SizeGiB != 80 ||
			!slices.Equal(s.InstanceTypes, nodepools.DefaultSystemPoolInstanceTypes) || p.MinSize != 2 || p.MaxSize != nodepools.DefaultSystemPoolMaxSize {
			t.Errorf("system pool %+v, spec %+v", p, *s)
		}
	}
	if pools[2].ZoneLabelValue != "beijing-k" || pools[2].Name != "system-beijing-k" {
		t.Errorf("zone k's system pool %s labelled %s, want the stateful pool's zone label value", pools[2].Name, pools[2].ZoneLabelValue)
	}
	if own := (nodepools.AckSystemPoolSpec{KeyName: "sys"}).SystemPools(&stateful); own.KeyName != "sys" {
		t.Errorf("keyName %q, want the system pools' own", own.KeyName)
	}
	if none := (nodepools.AckSystemPoolSpec{}).SystemPools(nil); none.KeyName != "" || none.Zones != nil {
		t.Errorf("without stateful pools %+v", none)
	}
}

// A system pool spec's own problems are reported at its own keys (diskGiB, not systemDisk.sizeGiB);
// what it takes from the stateful pools is theirs to report.
func TestSystemPoolSpecValidate(t *testing.T) {
	stateful := seedArgs().AckPools
	stateful.ImageType = "Windows" // the stateful pools' problem, not the system pools'
	err := nodepools.AckSystemPoolSpec{MinSize: pulumi.IntRef(4), DiskGiB: 10, InstanceTypes: []string{"g7.xlarge"}}.Validate(&stateful)
	for _, want := range []string{"maxSize: must be more than minSize 4", "diskGiB: must be 20 to 2048 GiB", "instanceTypes[0]: must be an ECS instance type"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in %v", want, err)
		}
	}
	if err != nil && (strings.Contains(err.Error(), "imageType") || strings.Contains(err.Error(), "systemDisk")) {
		t.Errorf("reports what is not the system pools' own: %v", err)
	}
	if err := (nodepools.AckSystemPoolSpec{}).Validate(&stateful); err != nil {
		t.Errorf("defaults: %v", err)
	}

	gke := gkeArgs().GkePools
	err = nodepools.GkeSystemPoolSpec{MaxSize: pulumi.IntRef(0), DiskGiB: 5}.Validate(&gke)
	for _, want := range []string{"maxSize: must be 1 to 1000", "diskGiB: must be 10 to 65536"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("gke: missing %q in %v", want, err)
		}
	}
	if err := (nodepools.GkeSystemPoolSpec{}).Validate(&gke); err != nil {
		t.Errorf("gke defaults: %v", err)
	}
	pools, err := nodepools.GkeSystemPoolSpec{MinSize: pulumi.IntRef(2), MaxSize: pulumi.IntRef(4)}.SystemPools(&gke).Plan("system", gkeArgs().NodeZones, nodepools.RoleSystem)
	if err != nil || len(pools) != 3 || pools[0].MinSize != 2 || pools[0].MaxSize != 4 || pools[0].Gke == nil ||
		!slices.Equal(pools[0].MachineTypes, nodepools.DefaultGkeSystemPoolMachineTypes) {
		t.Errorf("gke system pools %+v %v", pools, err)
	}
}

// A system pool that would keep pods off, or lose its label, is refused with the field's path.
func TestSystemPoolsValidation(t *testing.T) {
	cases := map[string]struct {
		change func(*nodepools.ZonalPoolsArgs)
		want   []string
	}{
		"taint": {func(a *nodepools.ZonalPoolsArgs) {
			a.Taints = []nodepools.Taint{{Key: "usage", Value: "sts", Effect: "PreferNoSchedule"}, {Key: "usage", Value: "sts", Effect: "NoSchedule"}}
		}, []string{"taints[1]: a system pool takes no NoSchedule or NoExecute taint"}},
		"label": {func(a *nodepools.ZonalPoolsArgs) {
			a.Labels = map[string]string{nodepools.SystemPoolLabelKey: "other"}
		},
			[]string{"labels.zonestack.io/pool: a system pool's nodes are labelled zonestack.io/pool=system"}},
		"sizes": {func(a *nodepools.ZonalPoolsArgs) { a.MinSize = pulumi.IntRef(4) }, []string{"maxSize: must be more than minSize 4"}},
		"role":  {func(a *nodepools.ZonalPoolsArgs) { a.Role = "web" }, []string{"role: must be stateful or system"}},
		"login": {func(a *nodepools.ZonalPoolsArgs) { a.KeyName = "" }, []string{"keyName: is required"}},
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
				if !strings.Contains(err.Error(), at(w)) {
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
