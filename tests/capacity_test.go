package tests

import (
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/zonestack/zonestack/components/storage"
	"github.com/zonestack/zonestack/internal/app/offline"
	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

// pool is a node pool as registered: its zone (through its vSwitch), labels and taints.
type pool struct {
	name   string
	zone   string
	labels map[string]string
	taints []toleration
}

// toleration is a taint or a toleration: key, value, effect.
type toleration struct{ key, value, effect string }

func registeredPools(t *testing.T, rec *offline.Recorder) []pool {
	t.Helper()
	zoneOfVSwitch := rec.VSwitchZones()
	var out []pool
	for _, np := range rec.ByType(rt.CsNodePool) {
		p := pool{name: np.Name, labels: map[string]string{}}
		vsw := np.Inputs["vswitchIds"].ArrayValue()
		if len(vsw) != 1 {
			t.Errorf("pool %s spans %d vSwitches, want its zone's only", np.Name, len(vsw))
			continue
		}
		p.zone = zoneOfVSwitch[vsw[0].StringValue()]
		for _, l := range np.Inputs["labels"].ArrayValue() {
			p.labels[l.ObjectValue()["key"].StringValue()] = str(l.ObjectValue()["value"])
		}
		taints := np.Inputs["taints"] // absent on an untainted pool
		if !taints.IsArray() {
			taints = resource.NewProperty([]resource.PropertyValue{})
		}
		for _, tn := range taints.ArrayValue() {
			o := tn.ObjectValue()
			p.taints = append(p.taints, toleration{o["key"].StringValue(), str(o["value"]), str(o["effect"])})
		}
		out = append(out, p)
	}
	return out
}

func str(v resource.PropertyValue) string {
	if v.IsString() {
		return v.StringValue()
	}
	return ""
}

// placeholder is a placeholder Deployment's scheduling constraints.
type placeholder struct {
	name         string
	nodeSelector map[string]string
	tolerations  []toleration
}

func registeredPlaceholders(rec *offline.Recorder) []placeholder {
	var out []placeholder
	for _, d := range rec.ByType("kubernetes:apps/v1:Deployment") {
		meta := d.Inputs["metadata"].ObjectValue()
		if str(meta["labels"].ObjectValue()["app.kubernetes.io/name"]) != "placeholder" {
			continue
		}
		pod := d.Inputs["spec"].ObjectValue()["template"].ObjectValue()["spec"].ObjectValue()
		ph := placeholder{name: d.Name, nodeSelector: map[string]string{}}
		for k, v := range pod["nodeSelector"].ObjectValue() {
			ph.nodeSelector[string(k)] = v.StringValue()
		}
		for _, tv := range pod["tolerations"].ArrayValue() {
			o := tv.ObjectValue()
			ph.tolerations = append(ph.tolerations, toleration{str(o["key"]), str(o["value"]), str(o["effect"])})
		}
		out = append(out, ph)
	}
	return out
}

// fits says whether the placeholder can only land on, and may land on, this pool's nodes:
// its selector matches the pool's labels and it tolerates every scheduling taint of the pool.
func (ph placeholder) fits(p pool) bool {
	for k, v := range ph.nodeSelector {
		if p.labels[k] != v {
			return false
		}
	}
	for _, taint := range p.taints {
		if taint.effect == "PreferNoSchedule" {
			continue
		}
		if !slices.Contains(ph.tolerations, taint) {
			return false
		}
	}
	return true
}

// Seed 000's invariants on every stack: one (stateful) pool per zone beside the system pool; every tainted (stateful) pool is kept
// warm by a placeholder that selects and tolerates it, and every placeholder lands on exactly one
// pool.
func TestPoolsAndPlaceholdersMatch(t *testing.T) {
	for _, r := range runAll(t) {
		pools := registeredPools(t, r.res.Recorder)
		if len(pools) == 0 {
			continue
		}
		perZone := map[string][]string{}
		for _, p := range pools {
			// The system pools (zonestack.io/pool=system, untainted) are counted apart: one
			// stateful pool per zone, and placeholders must fit none of the system pools.
			if p.labels["zonestack.io/pool"] == "system" {
				continue
			}
			perZone[p.zone] = append(perZone[p.zone], p.name)
		}
		for _, z := range r.cfg.Zones {
			if len(perZone[z]) != 1 {
				t.Errorf("%s: zone %s has pools %v, want exactly one", r.name, z, perZone[z])
			}
		}
		if len(perZone) != len(r.cfg.Zones) {
			t.Errorf("%s: pools in zones %v, stack zones %v", r.name, slices.Sorted(maps.Keys(perZone)), r.cfg.Zones)
		}
		phs := registeredPlaceholders(r.res.Recorder)
		ph := r.cfg.NodePools.Placeholders()
		placeholdersOn := ph == nil || ph.Enabled == nil || *ph.Enabled
		for _, p := range pools {
			if len(p.taints) == 0 || !placeholdersOn {
				continue
			}
			warm := 0
			for _, ph := range phs {
				if ph.fits(p) {
					warm++
				}
			}
			if warm == 0 {
				t.Errorf("%s: stateful pool %s (%s) has no placeholder that selects and tolerates it", r.name, p.name, p.zone)
			}
		}
		for _, ph := range phs {
			var on []string
			for _, p := range pools {
				if ph.fits(p) {
					on = append(on, p.name)
				}
			}
			if len(on) != 1 {
				t.Errorf("%s: placeholder %s fits pools %v, want exactly one", r.name, ph.name, on)
			}
		}
	}
}

// Every zonal-disk StorageClass binds when a pod is scheduled (so the disk is made in the pod's
// zone) and keeps its volumes.
func TestZonalDiskClassesWaitForFirstConsumer(t *testing.T) {
	for _, r := range runAll(t) {
		for _, sc := range r.res.Recorder.ByType("kubernetes:storage.k8s.io/v1:StorageClass") {
			if str(sc.Inputs["provisioner"]) != storage.DiskProvisioner {
				continue
			}
			if got := str(sc.Inputs["volumeBindingMode"]); got != storage.VolumeBindingWaitForFirstConsumer {
				t.Errorf("%s: %s binds %q", r.name, sc.Name, got)
			}
			if got := str(sc.Inputs["reclaimPolicy"]); got != storage.ReclaimRetain {
				t.Errorf("%s: %s reclaims %q", r.name, sc.Name, got)
			}
		}
	}
}

func TestPlaceholderFitsDetectsAMismatch(t *testing.T) {
	p := pool{labels: map[string]string{"usage": "sts", "avaliable_zone": "h"}, taints: []toleration{{"usage", "sts", "NoSchedule"}}}
	good := placeholder{nodeSelector: map[string]string{"avaliable_zone": "h"}, tolerations: []toleration{{"usage", "sts", "NoSchedule"}}}
	if !good.fits(p) {
		t.Fatal("matching placeholder rejected")
	}
	for i, bad := range []placeholder{
		{nodeSelector: map[string]string{"avaliable_zone": "g"}, tolerations: good.tolerations},
		{nodeSelector: good.nodeSelector},
		{nodeSelector: good.nodeSelector, tolerations: []toleration{{"usage", "db", "NoSchedule"}}},
	} {
		if bad.fits(p) {
			t.Errorf("case %d: %s fits although it should not", i, fmt.Sprint(bad))
		}
	}
}
