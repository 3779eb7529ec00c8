package tests

import (
	"encoding/json"
	"maps"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/zonestack/zonestack/internal/app/offline"
	"github.com/zonestack/zonestack/internal/app/program"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

// stackWith is a stack file of stacks/ with edits of its JSON values.
func stackWith(t *testing.T, stack string, edit func(values map[string]string)) stackconfig.Raw {
	t.Helper()
	raw, err := stackconfig.ReadStackFile(stackconfig.StackFile(stacksDir, stack))
	if err != nil {
		t.Fatal(err)
	}
	raw.Values = maps.Clone(raw.Values)
	edit(raw.Values)
	return raw
}

// tolerates says whether a registered workload's pod template tolerates the spot taint.
func toleratesSpot(reg offline.Registration) bool {
	spec := reg.Inputs["spec"].ObjectValue()["template"].ObjectValue()["spec"].ObjectValue()
	for _, tol := range spec["tolerations"].ArrayValue() {
		if tol.ObjectValue()["key"].StringValue() == "zonestack.io/capacity" {
			return true
		}
	}
	return false
}

// spotStack is a stack with every pool spot (nodePools.spot), and the stateful services asked
// onto them (onSpot) when onSpot is set.
func spotStack(t *testing.T, stack, cloud string, onSpot bool) stackconfig.Raw {
	spot := `{}`
	if cloud == "gcp" {
		spot = `true`
	}
	return stackWith(t, stack, func(v map[string]string) {
		editJSON(t, v, "zonestack:nodePools", func(m map[string]any) { m["spot"] = jsonValue(t, spot) })
		if onSpot {
			editJSON(t, v, "zonestack:workloads", func(m map[string]any) {
				for _, s := range m["statefulServices"].([]any) {
					s.(map[string]any)["onSpot"] = true
				}
			})
		}
	})
}

// nodePools.spot plans spot pools on both clouds: ACK's scaling group buys spot instances at the
// market price and falls back to pay-as-you-go, GKE's pools are Spot VMs; the spot pools are
// labelled and tainted, get no placeholders, and stateful services run on them only when asked.
func TestSpotPoolsPlanOnBothClouds(t *testing.T) {
	cases := []struct {
		stack, cloud string
		check        func(t *testing.T, pool offline.Registration)
	}{
		{"dev", "alicloud", func(t *testing.T, p offline.Registration) {
			in := p.Inputs
			for k, want := range map[string]resource.PropertyValue{
				"spotStrategy":           resource.NewStringProperty("SpotAsPriceGo"),
				"multiAzPolicy":          resource.NewStringProperty("COST_OPTIMIZED"),
				"compensateWithOnDemand": resource.NewBoolProperty(true),
				"spotInstanceRemedy":     resource.NewBoolProperty(true),
			} {
				if !in[resource.PropertyKey(k)].DeepEquals(want) {
					t.Errorf("%s: %s = %v, want %v", p.Name, k, in[resource.PropertyKey(k)], want)
				}
			}
		}},
		{"gke-us-central1", "gcp", func(t *testing.T, p offline.Registration) {
			nc := p.Inputs["nodeConfig"].ObjectValue()
			if !nc["spot"].IsBool() || !nc["spot"].BoolValue() {
				t.Errorf("%s: nodeConfig.spot %v, want true", p.Name, nc["spot"])
			}
			if name := p.Inputs["name"].StringValue(); !strings.HasSuffix(name, "-spot") {
				t.Errorf("%s: name %q, want a -spot name (spot is ForceNew on GKE)", p.Name, name)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.stack, func(t *testing.T) {
			// Unasked, stateful members do not go where the cloud may take their node back.
			_, err := program.OfflineRaw(tc.stack, spotStack(t, tc.stack, tc.cloud, false))
			if want := "workloads.statefulServices[0].onSpot: every pool the members would run on is spot"; err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("all-spot pools and a stateful service not asked onto them: got %v, want %q", err, want)
			}
			res, err := program.OfflineRaw(tc.stack, spotStack(t, tc.stack, tc.cloud, true))
			if err != nil {
				t.Fatal(err)
			}
			typ := rt.CsNodePool
			if tc.cloud == "gcp" {
				typ = rt.GkeNodePool
			}
			spotPools := 0
			for _, p := range res.Recorder.ByType(typ) {
				if strings.Contains(p.Name, "system") {
					continue // the system pools stay on-demand
				}
				spotPools++
				tc.check(t, p)
			}
			if spotPools != 3 {
				t.Fatalf("%d spot pools, want one per zone", spotPools)
			}
			for _, d := range res.Recorder.ByType(rt.K8sDeployment) {
				if strings.Contains(d.Name, "placeholder") {
					t.Errorf("placeholder %s on a spot pool: a spot node can be reclaimed at any time, so it is no warm node", d.Name)
				}
			}
			sets := res.Recorder.ByType(rt.K8sStatefulSet)
			if len(sets) == 0 {
				t.Fatal("no stateful set")
			}
			for _, s := range sets {
				if !toleratesSpot(s) {
					t.Errorf("stateful set %s, asked onto spot pools, does not tolerate their taint", s.Name)
				}
			}
		})
	}
}

// With spot in one zone only, the stateful members keep to the on-demand zones and the placeholders
// warm only those.
func TestSpotInOneZoneKeepsStatefulMembersOnDemand(t *testing.T) {
	raw := stackWith(t, "dev", func(v map[string]string) {
		editJSON(t, v, "zonestack:nodePools", func(m map[string]any) {
			m["zones"] = map[string]any{"cn-beijing-k": map[string]any{"spot": map[string]any{}}}
		})
	})
	res, err := program.OfflineRaw("dev", raw)
	if err != nil {
		t.Fatal(err)
	}
	spot := 0
	for _, p := range res.Recorder.ByType(rt.CsNodePool) {
		if p.Inputs["spotStrategy"].StringValue() != "NoSpot" {
			spot++
			if !strings.HasSuffix(p.Name, "-k") {
				t.Errorf("pool %s is spot; only zone k's should be", p.Name)
			}
		}
	}
	if spot != 1 {
		t.Fatalf("%d spot pools, want 1", spot)
	}
	placeholders := 0
	for _, d := range res.Recorder.ByType(rt.K8sDeployment) {
		if strings.Contains(d.Name, "placeholder") {
			placeholders++
			if strings.HasSuffix(d.Name, "-k") {
				t.Errorf("placeholder %s in the spot zone", d.Name)
			}
		}
	}
	if placeholders != 2 {
		t.Errorf("%d placeholders, want the two on-demand zones'", placeholders)
	}
	for _, s := range res.Recorder.ByType(rt.K8sStatefulSet) {
		if toleratesSpot(s) {
			t.Errorf("stateful set %s tolerates the spot taint; its members keep off spot pools unless asked", s.Name)
		}
	}
}

// jsonValue decodes a JSON literal for editJSON.
func jsonValue(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	return v
}
