package nodepools_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/nodepools"
	"github.com/zonestack/zonestack/internal/app/offline"
	"github.com/zonestack/zonestack/internal/app/testutil"
	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

func seedArgs() nodepools.ZonalPoolsArgs {
	var zones []nodepools.PoolZone
	for _, z := range []string{"cn-beijing-h", "cn-beijing-g", "cn-beijing-k"} {
		zones = append(zones, nodepools.PoolZone{Zone: z, VSwitchID: pulumi.String("vsw-" + z)})
	}
	a := nodepools.ZonalPoolsArgs{ClusterID: pulumi.String("c-1"), VSwitches: zones}
	a.KeyName = "ops"
	return a
}

// zone sets the override of one zone of a, keeping the others'.
func zone(a *nodepools.ZonalPoolsArgs, id string, change func(*nodepools.AckZoneSpec)) {
	if a.Zones == nil {
		a.Zones = map[string]nodepools.AckZoneSpec{}
	}
	o := a.Zones[id]
	change(&o)
	a.Zones[id] = o
}

// at is want as the start of one problem of an error: the field path must be the problem's own,
// not the tail of a longer one ("keyName" is not "zones.cn-beijing-g.keyName"). A problem follows
// ": " or, in a list of them, two spaces.
func at(want string) string { return " " + want }

// An ACK pool without a login is refused before anything is registered: the provider leaves it to
// ACK, which refuses a pool with none, and a managed pool with a password. One zone's override may
// not drop it either.
func TestZonalPoolsNeedAKeyPair(t *testing.T) {
	cases := map[string]struct {
		change func(*nodepools.ZonalPoolsArgs)
		want   string
	}{
		"no key pair": {func(a *nodepools.ZonalPoolsArgs) { a.KeyName = "" }, "keyName: is required: an ACK node pool needs a login"},
		"one zone sets it": {func(a *nodepools.ZonalPoolsArgs) {
			a.KeyName = ""
			zone(a, "cn-beijing-h", func(z *nodepools.AckZoneSpec) { z.KeyName = "ops" })
		}, "zones.cn-beijing-g.keyName: is required"},
	}
	for name, tt := range cases {
		t.Run(name, func(t *testing.T) {
			a := seedArgs()
			tt.change(&a)
			rec, err := offline.Record(func(ctx *pulumi.Context) error {
				_, err := nodepools.NewZonalPools(ctx, "sts", &a)
				return err
			})
			if err == nil || !strings.Contains(err.Error(), at(tt.want)) || !strings.Contains(err.Error(), "CreateKeyPair") {
				t.Fatalf("got %v, want %q with how to create a key pair", err, tt.want)
			}
			if n := len(rec.Registrations()); n != 0 {
				t.Fatalf("%d registered", n)
			}
		})
	}
}

func labels(v resource.PropertyValue) map[string]string {
	out := map[string]string{}
	for _, l := range v.ArrayValue() {
		out[l.ObjectValue()["key"].StringValue()] = l.ObjectValue()["value"].StringValue()
	}
	return out
}

func TestZonalPoolsFollowSeed000(t *testing.T) {
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		_, err := nodepools.NewZonalPools(ctx, "sts", ptr(seedArgs()))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	comp, _ := rec.Named("zonestack:nodepools:ZonalPools", "sts")
	pools := rec.ByType(rt.CsNodePool)
	if len(pools) != 3 {
		t.Fatalf("%d pools", len(pools))
	}
	for _, p := range pools {
		zone := strings.TrimPrefix(p.Name, "sts-")
		in := p.Inputs
		if p.Parent != comp.URN {
			t.Errorf("%s parent %s", p.Name, p.Parent)
		}
		if len(p.Dependencies) != 0 {
			t.Errorf("%s depends on %v; pools must be created in parallel", p.Name, p.Dependencies)
		}
		if got := in["vswitchIds"].ArrayValue(); len(got) != 1 || !strings.HasSuffix(got[0].StringValue(), "-"+zone) {
			t.Errorf("%s vswitchIds %v, want its zone's only", p.Name, got)
		}
		if got := labels(in["labels"]); got["usage"] != "sts" || got["avaliable_zone"] != zone || len(got) != 2 {
			t.Errorf("%s labels %v", p.Name, got)
		}
		taint := in["taints"].ArrayValue()[0].ObjectValue()
		if taint["key"].StringValue() != "usage" || taint["value"].StringValue() != "sts" || taint["effect"].StringValue() != "NoSchedule" {
			t.Errorf("%s taint %v", p.Name, taint)
		}
		types := in["instanceTypes"].ArrayValue()
		if types[0].StringValue() != "ecs.g7.2xlarge" || types[1].StringValue() != "ecs.g6.2xlarge" {
			t.Errorf("%s instance types %v", p.Name, types)
		}
		sc := in["scalingConfig"].ObjectValue()
		if !sc["enable"].BoolValue() || sc["minSize"].NumberValue() != 1 || sc["maxSize"].NumberValue() != 10 {
			t.Errorf("%s scaling %v", p.Name, sc)
		}
		if _, set := in["desiredSize"]; set {
			t.Errorf("%s sets desiredSize; the autoscaler owns it", p.Name)
		}
		if !slices.Contains(p.IgnoreChanges, "desiredSize") {
			t.Errorf("%s: a later pulumi up would reset the autoscaled size (ignoreChanges %v)", p.Name, p.IgnoreChanges)
		}
		if in["systemDiskCategory"].StringValue() != "cloud_essd" || len(in["systemDiskCategories"].ArrayValue()) != 3 {
			t.Errorf("%s system disk %v %v", p.Name, in["systemDiskCategory"], in["systemDiskCategories"])
		}
		m := in["management"].ObjectValue()
		if !m["enable"].BoolValue() || !m["autoRepair"].BoolValue() {
			t.Errorf("%s management %v", p.Name, m)
		}
		if in["nodePoolName"].StringValue() != "sts-"+zone {
			t.Errorf("pool name %v", in["nodePoolName"])
		}
	}
}

func TestZonalPoolsOverridesPerZone(t *testing.T) {
	var plan []nodepools.Pool
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		a := seedArgs()
		a.AckPoolSpec = nodepools.AckPoolSpec{
			PoolShape:     nodepools.PoolShape{Labels: map[string]string{"team": "db"}},
			InstanceTypes: []string{"ecs.r7.2xlarge"},
			KeyName:       "ops",
			DataDisks:     []nodepools.DataDisk{{SizeGiB: 200, Encrypted: true, KMSKeyID: "key-1"}},
			SystemDisk:    nodepools.SystemDisk{PerformanceLevel: "PL0", SizeGiB: 80},
		}
		a.Zones = map[string]nodepools.AckZoneSpec{"cn-beijing-k": {
			ZoneLabelValue: "beijing-k",
			AckPoolSpec: nodepools.AckPoolSpec{
				PoolShape:     nodepools.PoolShape{MinSize: pulumi.IntRef(2), MaxSize: pulumi.IntRef(30)},
				InstanceTypes: []string{"ecs.g8i.4xlarge"},
			},
		}}
		z, err := nodepools.NewZonalPools(ctx, "sts", &a)
		if z != nil {
			plan = z.Pools
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	h, _ := rec.Named(rt.CsNodePool, "sts-h")
	k, ok := rec.Named(rt.CsNodePool, "sts-beijing-k")
	if !ok {
		t.Fatal("zone label value override not used in the name")
	}
	if got := h.Inputs["instanceTypes"].ArrayValue()[0].StringValue(); got != "ecs.r7.2xlarge" {
		t.Errorf("shared instance type %s", got)
	}
	if got := k.Inputs["instanceTypes"].ArrayValue()[0].StringValue(); got != "ecs.g8i.4xlarge" {
		t.Errorf("zone override %s", got)
	}
	if sc := k.Inputs["scalingConfig"].ObjectValue(); sc["minSize"].NumberValue() != 2 || sc["maxSize"].NumberValue() != 30 {
		t.Errorf("zone sizes %v", sc)
	}
	if got := labels(k.Inputs["labels"]); got["team"] != "db" || got["usage"] != "sts" || got["avaliable_zone"] != "beijing-k" {
		t.Errorf("labels %v", got)
	}
	dd := h.Inputs["dataDisks"].ArrayValue()[0].ObjectValue()
	if dd["encrypted"].StringValue() != "true" || dd["kmsKeyId"].StringValue() != "key-1" || dd["category"].StringValue() != "cloud_essd" || dd["size"].NumberValue() != 200 {
		t.Errorf("data disk %v", dd)
	}
	if h.Inputs["systemDiskPerformanceLevel"].StringValue() != "PL0" || h.Inputs["systemDiskSize"].NumberValue() != 80 {
		t.Errorf("system disk %v %v", h.Inputs["systemDiskPerformanceLevel"], h.Inputs["systemDiskSize"])
	}
	if len(plan) != 3 || plan[2].NodeSelector()["avaliable_zone"] != "beijing-k" || plan[0].CommonSelector()["avaliable_zone"] != "" {
		t.Errorf("pools plan %+v", plan)
	}
	if k := plan[2]; k.MinSize != 2 || k.MaxSize != 30 || !slices.Equal(k.MachineTypes, []string{"ecs.g8i.4xlarge"}) ||
		k.Ack == nil || k.Gke != nil || k.Ack.KeyName != "ops" || len(k.Ack.DataDisks) != 1 {
		t.Errorf("zone k planned %+v, want its override over the shared spec", k)
	}
}

func TestZonalPoolsValidation(t *testing.T) {
	override := func(id string, change func(*nodepools.AckZoneSpec)) func(*nodepools.ZonalPoolsArgs) {
		return func(a *nodepools.ZonalPoolsArgs) { zone(a, id, change) }
	}
	tests := []struct {
		name   string
		modify func(a *nodepools.ZonalPoolsArgs)
		want   string
	}{
		{"cluster missing", func(a *nodepools.ZonalPoolsArgs) { a.ClusterID = nil }, "clusterId: is required"},
		{"zones missing", func(a *nodepools.ZonalPoolsArgs) { a.VSwitches = nil }, "vswitches: is required"},
		{"zone twice", func(a *nodepools.ZonalPoolsArgs) { a.VSwitches[1].Zone = "cn-beijing-h" }, "vswitches[1].zone: duplicates vswitches[0].zone"},
		{"vswitch missing", func(a *nodepools.ZonalPoolsArgs) { a.VSwitches[0].VSwitchID = nil }, "vswitches[0].vswitchId: is required"},
		{"override of another zone", override("cn-beijing-a", func(z *nodepools.AckZoneSpec) { z.KeyName = "ops" }),
			`zones.cn-beijing-a: is not one of the stack's zones [cn-beijing-h cn-beijing-g cn-beijing-k]`},
		{"same zone label", override("cn-beijing-g", func(z *nodepools.AckZoneSpec) { z.ZoneLabelValue = "h" }), "zones.cn-beijing-g.zoneLabelValue: is zones[0]'s too"},
		{"bad zone label value", override("cn-beijing-g", func(z *nodepools.AckZoneSpec) { z.ZoneLabelValue = "g!" }), "zones.cn-beijing-g.zoneLabelValue: must be a Kubernetes label value"},
		{"zone label key per zone", override("cn-beijing-h", func(z *nodepools.AckZoneSpec) { z.ZoneLabelKey = "zone" }), "zones.cn-beijing-h.zoneLabelKey: can only be set in the shared spec"},
		{"bad zone label key", func(a *nodepools.ZonalPoolsArgs) { a.ZoneLabelKey = "a/b/c" }, "zoneLabelKey: must be a Kubernetes label key"},
		{"instance type", func(a *nodepools.ZonalPoolsArgs) { a.InstanceTypes = []string{"g7.2xlarge"} }, "instanceTypes[0]: must be an ECS instance type"},
		{"instance type twice", func(a *nodepools.ZonalPoolsArgs) { a.InstanceTypes = []string{"ecs.g7.xlarge", "ecs.g7.xlarge"} }, "instanceTypes[1]: appears twice"},
		{"min size", func(a *nodepools.ZonalPoolsArgs) { a.MinSize = pulumi.IntRef(-1) }, "minSize: must be 0 to 1000"},
		{"max size", func(a *nodepools.ZonalPoolsArgs) { a.MaxSize = pulumi.IntRef(1001) }, "maxSize: must be 1 to 1000"},
		{"max not above min", override("cn-beijing-k", func(z *nodepools.AckZoneSpec) { z.MinSize = pulumi.IntRef(10) }), "zones.cn-beijing-k.maxSize: must be more than minSize 10"},
		{"label key", func(a *nodepools.ZonalPoolsArgs) { a.Labels = map[string]string{"bad key": "x"} }, `labels: must be a Kubernetes label key: [prefix/]name`},
		{"label value", func(a *nodepools.ZonalPoolsArgs) { a.Labels = map[string]string{"tier": "a b"} }, `labels.tier: must be a Kubernetes label value`},
		{"taint effect", func(a *nodepools.ZonalPoolsArgs) {
			a.Taints = []nodepools.Taint{{Key: "usage", Value: "sts", Effect: "NoScheduel"}}
		}, "taints[0].effect: must be NoSchedule, PreferNoSchedule or NoExecute"},
		{"system disk category", func(a *nodepools.ZonalPoolsArgs) { a.SystemDisk.Categories = []string{"cloud_essd", "ssd"} },
			"systemDisk.categories[1]: is not a disk category"},
		{"system disk size for PL2", func(a *nodepools.ZonalPoolsArgs) { a.SystemDisk.PerformanceLevel = "PL2" },
			"systemDisk.sizeGiB: must be 461 to 2048 GiB for cloud_essd PL2 (got 120)"},
		{"performance level on SSD", func(a *nodepools.ZonalPoolsArgs) {
			a.SystemDisk = nodepools.SystemDisk{Categories: []string{"cloud_ssd"}, PerformanceLevel: "PL1"}
		}, "systemDisk.performanceLevel: applies to cloud_essd only"},
		{"performance level name", func(a *nodepools.ZonalPoolsArgs) { a.SystemDisk.PerformanceLevel = "PL9" }, "systemDisk.performanceLevel: must be PL0"},
		{"data disk size", func(a *nodepools.ZonalPoolsArgs) { a.DataDisks = []nodepools.DataDisk{{SizeGiB: 20}} },
			"dataDisks[0].sizeGiB: must be 40 to 32768 GiB"},
		{"data disk category", func(a *nodepools.ZonalPoolsArgs) {
			a.DataDisks = []nodepools.DataDisk{{Category: "local", SizeGiB: 100}}
		},
			"dataDisks[0].category: is not a disk category"},
		{"kms without encryption", func(a *nodepools.ZonalPoolsArgs) {
			a.DataDisks = []nodepools.DataDisk{{SizeGiB: 100, KMSKeyID: "k"}}
		},
			"dataDisks[0].kmsKeyId: is set but encrypted is false"},
		{"image type", func(a *nodepools.ZonalPoolsArgs) { a.ImageType = "Windows" }, "imageType: must be a Linux node image"},
		{"image type in one zone", override("cn-beijing-g", func(z *nodepools.AckZoneSpec) { z.ImageType = "Windows" }), "zones.cn-beijing-g.imageType: must be a Linux node image"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := seedArgs()
			tt.modify(&a)
			testutil.Rejected(t, at(tt.want), func(ctx *pulumi.Context) error {
				_, err := nodepools.NewZonalPools(ctx, "sts", &a)
				return err
			})
		})
	}
}

func ptr[T any](v T) *T { return &v }
