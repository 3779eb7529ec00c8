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
	"github.com/zonestack/zonestack/internal/base/cloudrules"
	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

// spotInputs are the cs NodePool inputs that make a pool spot, as the provider registers them.
var spotInputs = []string{
	"spotStrategy", "spotPriceLimits", "onDemandBaseCapacity", "onDemandPercentageAboveBaseCapacity",
	"compensateWithOnDemand", "multiAzPolicy", "spotInstanceRemedy",
}

// recordAckPools registers the pools of a after change and returns them by resource name, with
// the plan.
func recordAckPools(t *testing.T, change func(*nodepools.ZonalPoolsArgs)) (map[string]offline.Registration, []nodepools.Pool) {
	t.Helper()
	var plan []nodepools.Pool
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		a := seedArgs()
		change(&a)
		z, err := nodepools.NewZonalPools(ctx, "sts", &a)
		if z != nil {
			plan = z.Pools
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]offline.Registration{}
	for _, r := range rec.ByType(rt.CsNodePool) {
		out[r.Name] = r
	}
	if len(out) != 3 || len(plan) != 3 {
		t.Fatalf("%d pools registered, %d planned", len(out), len(plan))
	}
	return out, plan
}

type taint struct{ key, value, effect string }

func taints(v resource.PropertyValue) []taint {
	var out []taint
	if !v.IsArray() {
		return nil
	}
	for _, e := range v.ArrayValue() {
		o := e.ObjectValue()
		out = append(out, taint{o["key"].StringValue(), o["value"].StringValue(), o["effect"].StringValue()})
	}
	return out
}

var (
	stsTaint  = taint{"usage", "sts", "NoSchedule"}
	spotTaint = taint{nodepools.SpotTaint.Key, nodepools.SpotTaint.Value, nodepools.SpotTaint.Effect}
)

// checkSpotRules fails on a spot input whose value breaks the provider's rule for it.
func checkSpotRules(t *testing.T, np offline.Registration) {
	t.Helper()
	_, problems := cloudrules.Alicloud.Check(rt.CsNodePool, np.Inputs)
	for _, p := range problems {
		if !p.NoRule && slices.ContainsFunc(spotInputs, func(in string) bool { return strings.HasPrefix(p.Path, in) }) {
			t.Errorf("%s: %v", np.Name, p)
		}
	}
}

// An ACK spot pool registers the provider's spot inputs: the strategy, a price limit per instance
// type in the pool's order, the pay-as-you-go share as the strings the provider takes, the remedy
// that replaces a node before the cloud reclaims it, and the fallback to pay-as-you-go.
func TestAckSpotPoolRegistersTheSpotInputs(t *testing.T) {
	pools, plan := recordAckPools(t, func(a *nodepools.ZonalPoolsArgs) {
		a.Spot = &nodepools.AckSpot{
			Strategy:                            nodepools.SpotWithPriceLimit,
			PriceLimits:                         map[string]string{"ecs.g6.2xlarge": "0.60", "ecs.g7.2xlarge": "0.70"},
			OnDemandBaseCapacity:                pulumi.IntRef(1),
			OnDemandPercentageAboveBaseCapacity: pulumi.IntRef(20),
		}
	})
	for _, p := range plan {
		if !p.Spot || p.Ack == nil || p.Ack.Spot == nil {
			t.Errorf("planned %s not spot: %+v", p.Name, p)
		}
	}
	for name, np := range pools {
		in := np.Inputs
		if got := in["spotStrategy"]; !got.IsString() || got.StringValue() != "SpotWithPriceLimit" {
			t.Errorf("%s spotStrategy %v", name, got)
		}
		var limits [][2]string
		for _, l := range in["spotPriceLimits"].ArrayValue() {
			o := l.ObjectValue()
			limits = append(limits, [2]string{o["instanceType"].StringValue(), o["priceLimit"].StringValue()})
		}
		if want := [][2]string{{"ecs.g7.2xlarge", "0.70"}, {"ecs.g6.2xlarge", "0.60"}}; !slices.Equal(limits, want) {
			t.Errorf("%s spotPriceLimits %v, want %v", name, limits, want)
		}
		if got := in["onDemandBaseCapacity"]; !got.IsString() || got.StringValue() != "1" {
			t.Errorf("%s onDemandBaseCapacity %v, want the string 1", name, got)
		}
		if got := in["onDemandPercentageAboveBaseCapacity"]; !got.IsString() || got.StringValue() != "20" {
			t.Errorf("%s onDemandPercentageAboveBaseCapacity %v, want the string 20", name, got)
		}
		if got := in["compensateWithOnDemand"]; !got.IsBool() || !got.BoolValue() {
			t.Errorf("%s compensateWithOnDemand %v", name, got)
		}
		if got := in["multiAzPolicy"]; !got.IsString() || got.StringValue() != "COST_OPTIMIZED" {
			t.Errorf("%s multiAzPolicy %v: compensateWithOnDemand takes effect with COST_OPTIMIZED only", name, got)
		}
		if got := in["spotInstanceRemedy"]; !got.IsBool() || !got.BoolValue() {
			t.Errorf("%s spotInstanceRemedy %v", name, got)
		}
		if got := in["instanceChargeType"].StringValue(); got != "PostPaid" {
			t.Errorf("%s instanceChargeType %s: spot instances are pay-as-you-go", name, got)
		}
		if l := labels(in["labels"]); l[nodepools.CapacityLabelKey] != nodepools.CapacitySpot || l["usage"] != "sts" || len(l) != 3 {
			t.Errorf("%s labels %v", name, l)
		}
		if got := taints(in["taints"]); !slices.Equal(got, []taint{stsTaint, spotTaint}) {
			t.Errorf("%s taints %v", name, got)
		}
		checkSpotRules(t, np)
	}
}

// Spot's defaults: the market price, every node spot, pay-as-you-go when no spot instance can be
// had; without the fallback, no multi-zone policy either. An on-demand pool says NoSpot, and
// nothing else of it: spot_strategy is Optional and Computed, so a pool that stops being spot must
// say so.
func TestAckSpotDefaults(t *testing.T) {
	cases := map[string]struct {
		spot *nodepools.AckSpot
		want map[string]any // an input's value; nil: not sent
	}{
		"on demand": {nil, map[string]any{"spotStrategy": "NoSpot"}},
		"defaults": {&nodepools.AckSpot{}, map[string]any{
			"spotStrategy": "SpotAsPriceGo", "spotInstanceRemedy": true, "compensateWithOnDemand": true, "multiAzPolicy": "COST_OPTIMIZED",
		}},
		"no fallback": {&nodepools.AckSpot{FallbackToOnDemand: pulumi.BoolRef(false), OnDemandBaseCapacity: pulumi.IntRef(0)}, map[string]any{
			"spotStrategy": "SpotAsPriceGo", "spotInstanceRemedy": true, "onDemandBaseCapacity": "0",
		}},
	}
	for name, tt := range cases {
		t.Run(name, func(t *testing.T) {
			pools, plan := recordAckPools(t, func(a *nodepools.ZonalPoolsArgs) { a.Spot = tt.spot })
			for _, p := range plan {
				if p.Spot != (tt.spot != nil) {
					t.Errorf("%s planned spot %v", p.Name, p.Spot)
				}
			}
			for pn, np := range pools {
				for _, k := range spotInputs {
					got, set := np.Inputs[resource.PropertyKey(k)]
					want, wanted := tt.want[k]
					switch {
					case !wanted && set:
						t.Errorf("%s sends %s %v", pn, k, got)
					case wanted && (!set || got.V != want):
						t.Errorf("%s %s %v, want %v", pn, k, got, want)
					}
				}
				spot := tt.spot != nil
				if l := labels(np.Inputs["labels"]); (l[nodepools.CapacityLabelKey] == nodepools.CapacitySpot) != spot {
					t.Errorf("%s labels %v", pn, l)
				}
				if got := taints(np.Inputs["taints"]); slices.Contains(got, spotTaint) != spot || !slices.Contains(got, stsTaint) {
					t.Errorf("%s taints %v", pn, got)
				}
				checkSpotRules(t, np)
			}
		})
	}
}

// A spot setting the provider or ECS would refuse is refused before anything is registered, at its
// path as the settings are written.
func TestAckSpotValidation(t *testing.T) {
	limits := func(l map[string]string) func(*nodepools.ZonalPoolsArgs) {
		return func(a *nodepools.ZonalPoolsArgs) {
			a.Spot = &nodepools.AckSpot{Strategy: nodepools.SpotWithPriceLimit, PriceLimits: l}
		}
	}
	tests := []struct {
		name   string
		modify func(*nodepools.ZonalPoolsArgs)
		want   string
	}{
		{"a type without a limit", limits(map[string]string{"ecs.g7.2xlarge": "0.70"}),
			"spot.priceLimits.ecs.g6.2xlarge: is required: a SpotWithPriceLimit pool names a price limit for each of its instance types"},
		{"no limits", limits(nil), "spot.priceLimits.ecs.g7.2xlarge: is required"},
		{"a limit of another type", limits(map[string]string{"ecs.g7.2xlarge": "0.70", "ecs.g6.2xlarge": "0.60", "ecs.c7.large": "0.1"}),
			`spot.priceLimits.ecs.c7.large: is not one of the pool's instance types [ecs.g7.2xlarge ecs.g6.2xlarge]`},
		{"a limit that is no price", limits(map[string]string{"ecs.g7.2xlarge": "0.70", "ecs.g6.2xlarge": "cheap"}),
			`spot.priceLimits.ecs.g6.2xlarge: must be a positive price per hour`},
		{"a zero limit", limits(map[string]string{"ecs.g7.2xlarge": "0.70", "ecs.g6.2xlarge": "0.000"}),
			`spot.priceLimits.ecs.g6.2xlarge: must be a positive price per hour`},
		{"limits at the market price", func(a *nodepools.ZonalPoolsArgs) {
			a.Spot = &nodepools.AckSpot{PriceLimits: map[string]string{"ecs.g7.2xlarge": "0.70"}}
		}, "spot.priceLimits: apply with strategy SpotWithPriceLimit only"},
		{"strategy", func(a *nodepools.ZonalPoolsArgs) { a.Spot = &nodepools.AckSpot{Strategy: "Spot"} },
			`spot.strategy: must be SpotAsPriceGo, SpotWithPriceLimit or NoSpot (got "Spot")`},
		{"percentage above 100", func(a *nodepools.ZonalPoolsArgs) {
			a.Spot = &nodepools.AckSpot{OnDemandPercentageAboveBaseCapacity: pulumi.IntRef(101)}
		}, "spot.onDemandPercentageAboveBaseCapacity: must be 0 to 100 (got 101)"},
		{"negative percentage", func(a *nodepools.ZonalPoolsArgs) {
			a.Spot = &nodepools.AckSpot{OnDemandPercentageAboveBaseCapacity: pulumi.IntRef(-1)}
		}, "spot.onDemandPercentageAboveBaseCapacity: must be 0 to 100 (got -1)"},
		{"base capacity", func(a *nodepools.ZonalPoolsArgs) {
			a.Spot = &nodepools.AckSpot{OnDemandBaseCapacity: pulumi.IntRef(1001)}
		},
			"spot.onDemandBaseCapacity: must be 0 to 1000 (got 1001)"},
		{"one zone's types without limits", func(a *nodepools.ZonalPoolsArgs) {
			limits(map[string]string{"ecs.g7.2xlarge": "0.70", "ecs.g6.2xlarge": "0.60"})(a)
			zone(a, "cn-beijing-k", func(z *nodepools.AckZoneSpec) { z.InstanceTypes = []string{"ecs.g8i.2xlarge"} })
		}, "zones.cn-beijing-k.spot.priceLimits.ecs.g8i.2xlarge: is required"},
		{"one zone's strategy", func(a *nodepools.ZonalPoolsArgs) {
			zone(a, "cn-beijing-g", func(z *nodepools.AckZoneSpec) { z.Spot = &nodepools.AckSpot{Strategy: "spot"} })
		}, "zones.cn-beijing-g.spot.strategy: must be SpotAsPriceGo, SpotWithPriceLimit or NoSpot"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			testutil.Rejected(t, at(tt.want), func(ctx *pulumi.Context) error {
				a := seedArgs()
				tt.modify(&a)
				_, err := nodepools.NewZonalPools(ctx, "sts", &a)
				return err
			})
		})
	}
	// A problem of the shared spec shows once, not again under every zone.
	a := seedArgs()
	limits(map[string]string{"ecs.g7.2xlarge": "0.70"})(&a)
	_, err := nodepools.PlanPools(a, "sts")
	if err == nil || strings.Contains(err.Error(), "zones.") {
		t.Errorf("got %v, want the shared spot problem once, at spot.priceLimits", err)
	}
}

// Spot in one zone's override makes that zone's pool spot and no other: its label, taint and
// spot inputs are that pool's alone, and OnDemand keeps the others.
func TestAckSpotInOneZone(t *testing.T) {
	pools, plan := recordAckPools(t, func(a *nodepools.ZonalPoolsArgs) {
		zone(a, "cn-beijing-g", func(z *nodepools.AckZoneSpec) { z.Spot = &nodepools.AckSpot{} })
	})
	for _, p := range plan {
		spot := p.Zone == "cn-beijing-g"
		if p.Spot != spot || (p.Ack.Spot != nil) != spot || (p.Labels[nodepools.CapacityLabelKey] == nodepools.CapacitySpot) != spot ||
			slices.Contains(p.Taints, nodepools.SpotTaint) != spot {
			t.Errorf("planned %s: spot %v, labels %v, taints %v", p.Name, p.Spot, p.Labels, p.Taints)
		}
	}
	for name, np := range pools {
		spot := name == "sts-g"
		strategy := "NoSpot"
		if spot {
			strategy = "SpotAsPriceGo"
		}
		if got := np.Inputs["spotStrategy"]; !got.IsString() || got.StringValue() != strategy {
			t.Errorf("%s spotStrategy %v, want %s", name, got, strategy)
		}
		if l := labels(np.Inputs["labels"]); (l[nodepools.CapacityLabelKey] == nodepools.CapacitySpot) != spot || l["avaliable_zone"] != strings.TrimPrefix(name, "sts-") {
			t.Errorf("%s labels %v", name, l)
		}
		want := []taint{stsTaint}
		if spot {
			want = append(want, spotTaint)
		}
		if got := taints(np.Inputs["taints"]); !slices.Equal(got, want) {
			t.Errorf("%s taints %v, want %v", name, got, want)
		}
	}
	var names []string
	for _, p := range nodepools.OnDemand(plan) {
		names = append(names, p.Name)
	}
	if !slices.Equal(names, []string{"sts-h", "sts-k"}) {
		t.Errorf("OnDemand %v", names)
	}
}

// The spot taint is the one taint of an otherwise untainted spot pool, and is not doubled when
// the spec names it.
func TestSpotTaintAddedOnce(t *testing.T) {
	for name, shared := range map[string][]nodepools.Taint{"untainted": {}, "named": {nodepools.SpotTaint}} {
		t.Run(name, func(t *testing.T) {
			a := seedArgs()
			a.Taints = shared
			a.Spot = &nodepools.AckSpot{}
			pools, err := nodepools.PlanPools(a, "sts")
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range pools {
				if !slices.Equal(p.Taints, []nodepools.Taint{nodepools.SpotTaint}) {
					t.Errorf("%s taints %v", p.Name, p.Taints)
				}
			}
		})
	}
}

// A GKE spot pool asks for Spot VMs (nodeConfig.spot), is labelled and tainted like an ACK one, and
// is named <name>-<zone>-spot: spot is ForceNew on GKE, and a new name lets the new pool come up
// before the old one goes. The suffix counts toward GKE's 40 characters.
func TestGkeSpotPools(t *testing.T) {
	for _, np := range recordGkePools(t, func(a *nodepools.GkeZonalPoolsArgs) { a.Spot = pulumi.BoolRef(true) }) {
		in := np.Inputs
		if name := in["name"].StringValue(); !strings.HasPrefix(name, "sts-") || !strings.HasSuffix(name, "-spot") || len(name) != len("sts-a-spot") {
			t.Errorf("%s: name %s", np.Name, name)
		}
		cfg := in["nodeConfig"].ObjectValue()
		if got := cfg["spot"]; !got.IsBool() || !got.BoolValue() {
			t.Errorf("%s: nodeConfig.spot %v", np.Name, got)
		}
		if l := cfg["labels"].ObjectValue(); l[nodepools.CapacityLabelKey].StringValue() != nodepools.CapacitySpot || l["usage"].StringValue() != "sts" {
			t.Errorf("%s: labels %v", np.Name, l)
		}
		var got []taint
		for _, e := range cfg["taints"].ArrayValue() {
			o := e.ObjectValue()
			got = append(got, taint{o["key"].StringValue(), o["value"].StringValue(), o["effect"].StringValue()})
		}
		if want := []taint{{"usage", "sts", "NO_SCHEDULE"}, {nodepools.CapacityLabelKey, nodepools.CapacitySpot, "NO_SCHEDULE"}}; !slices.Equal(got, want) {
			t.Errorf("%s: taints %v, want %v", np.Name, got, want)
		}
	}

	// Spot in one zone: that zone's pool alone, with its own name.
	var spot []string
	for _, np := range recordGkePools(t, func(a *nodepools.GkeZonalPoolsArgs) {
		a.Name = "STS" // GKE takes lower case
		a.Zones = map[string]nodepools.GkeZoneSpec{"us-central1-b": {GkePoolSpec: nodepools.GkePoolSpec{Spot: pulumi.BoolRef(true)}}}
	}) {
		cfg := np.Inputs["nodeConfig"].ObjectValue()
		if _, set := cfg["spot"]; set {
			spot = append(spot, np.Inputs["name"].StringValue())
		}
		if name := np.Inputs["name"].StringValue(); name != strings.ToLower(name) {
			t.Errorf("%s: name %s not lower-cased", np.Name, name)
		}
	}
	if !slices.Equal(spot, []string{"sts-b-spot"}) {
		t.Errorf("spot pools %v, want sts-b-spot only", spot)
	}

	a := gkeArgs()
	a.Spot = pulumi.BoolRef(true)
	a.Name = strings.Repeat("a", 33) // with "-a-spot": 40 characters
	pools, err := nodepools.PlanGkePools(a, "sts")
	if err != nil || len(pools[0].Name) != 40 || !pools[0].Spot || pools[0].Gke == nil || pools[0].Gke.Spot == nil || !*pools[0].Gke.Spot {
		t.Fatalf("a 40-character spot pool name is GKE's: %+v %v", pools, err)
	}
	testutil.Rejected(t, at("name: gives the GKE node pool name"), func(ctx *pulumi.Context) error {
		a := gkeArgs()
		a.Spot = pulumi.BoolRef(true)
		a.Name = strings.Repeat("a", 34)
		_, err := nodepools.NewGkeZonalPools(ctx, "sts", &a)
		return err
	})
}

// OnDemand keeps the pools that are not spot, in order.
func TestOnDemand(t *testing.T) {
	pools := []nodepools.Pool{{Name: "a"}, {Name: "b", Spot: true}, {Name: "c"}, {Name: "d", Spot: true}}
	var names []string
	for _, p := range nodepools.OnDemand(pools) {
		names = append(names, p.Name)
	}
	if !slices.Equal(names, []string{"a", "c"}) {
		t.Errorf("OnDemand %v", names)
	}
	if got := nodepools.OnDemand(pools[1:2]); len(got) != 0 {
		t.Errorf("all spot: %v", got)
	}
	if got := nodepools.OnDemand(nil); len(got) != 0 {
		t.Errorf("none: %v", got)
	}
}

// A zone opts out of a shared spot spec: NoSpot on ACK, false on GKE.
func TestAZoneOptsOutOfSpot(t *testing.T) {
	a := seedArgs()
	a.Spot = &nodepools.AckSpot{}
	zone(&a, "cn-beijing-h", func(z *nodepools.AckZoneSpec) { z.Spot = &nodepools.AckSpot{Strategy: nodepools.NoSpot} })
	pools, err := nodepools.PlanPools(a, "sts")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pools {
		if p.Spot != (p.Zone != "cn-beijing-h") {
			t.Errorf("%s: spot %v", p.Name, p.Spot)
		}
	}
	g := nodepools.GkeZonalPoolsArgs{ClusterID: pulumi.String("c"), NodeZones: []string{"us-central1-a", "us-central1-b"}}
	g.Spot = pulumi.BoolRef(true)
	g.Zones = map[string]nodepools.GkeZoneSpec{"us-central1-a": {GkePoolSpec: nodepools.GkePoolSpec{Spot: pulumi.BoolRef(false)}}}
	gp, err := nodepools.PlanGkePools(g, "sts")
	if err != nil {
		t.Fatal(err)
	}
	if gp[0].Spot || !gp[1].Spot || gp[0].Name != "sts-a" || gp[1].Name != "sts-b-spot" {
		t.Errorf("GKE pools %s spot %v, %s spot %v", gp[0].Name, gp[0].Spot, gp[1].Name, gp[1].Spot)
	}
}

// A system pool is never spot, and two zones whose pools GKE would name alike are refused.
func TestSpotAndNamesRefusedWhereTheyBreak(t *testing.T) {
	a := seedArgs()
	a.Role = nodepools.RoleSystem
	a.Spot = &nodepools.AckSpot{}
	if _, err := nodepools.PlanPools(a, "sys"); err == nil || !strings.Contains(err.Error(), "a system pool is never spot") {
		t.Errorf("a spot system pool: %v", err)
	}
	g := nodepools.GkeZonalPoolsArgs{ClusterID: pulumi.String("c"), NodeZones: []string{"us-central1-a", "us-central1-b"}}
	g.Zones = map[string]nodepools.GkeZoneSpec{"us-central1-b": {ZoneLabelValue: "A"}}
	if _, err := nodepools.PlanGkePools(g, "sts"); err == nil || !strings.Contains(err.Error(), `zones.us-central1-b.zoneLabelValue: gives the GKE node pool name "sts-a", zone us-central1-a's too`) {
		t.Errorf("two pools named sts-a: %v", err)
	}
}
