package nodepools

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/validation"
)

// PoolShape is what a pool is on every cloud: how many nodes it keeps, and the labels and taints
// that decide which pods run on them. Each cloud's pool spec (AckPoolSpec, GkePoolSpec) embeds it.
// In a shared spec a zero field takes the default; in a zone's override it takes the shared value.
type PoolShape struct {
	// MinSize is the fewest nodes; the autoscaler never goes below. Default 1: one warm node.
	MinSize *int `json:"minSize,omitempty" pulumi:"minSize"`
	// MaxSize is the most nodes, at most 1000. Default 10.
	MaxSize *int `json:"maxSize,omitempty" pulumi:"maxSize"`
	// Labels go on every node; a zone's labels are added to the shared ones. Default {usage: sts}.
	Labels map[string]string `json:"labels,omitempty" pulumi:"labels"`
	// ZoneLabelKey is the label that names the node's zone. Default "avaliable_zone" (seed 000's
	// spelling). Shared only: all pools must agree on it.
	ZoneLabelKey string `json:"zoneLabelKey,omitempty" pulumi:"zoneLabelKey"`
	// Taints go on every node. Default (nil) usage=sts:NoSchedule; an empty list means none.
	Taints []Taint `json:"taints,omitempty" pulumi:"taints"`
}

// Taint is a Kubernetes taint.
type Taint struct {
	Key    string `json:"key" pulumi:"key"`
	Value  string `json:"value,omitempty" pulumi:"value"`
	Effect string `json:"effect" pulumi:"effect"`
}

// PoolZone places one pool: its zone and, on ACK, the zone's node vSwitch, which the pool uses alone.
type PoolZone struct {
	// Zone is the zone ID, e.g. cn-beijing-h. Required.
	Zone string `pulumi:"zone"`
	// VSwitchID is the zone's node vSwitch. Required on ACK; GKE takes the cluster's subnetwork.
	VSwitchID pulumi.StringInput `pulumi:"vswitchId"`
}

// The spot label and taint: every spot pool's nodes carry them, so that nothing runs on capacity
// the cloud may reclaim unless it tolerates that (placeholders and stateful members do not, unless
// asked; see Pool.Spot).
const (
	CapacityLabelKey = "zonestack.io/capacity"
	CapacitySpot     = "spot"
)

// SpotTaint keeps every pod that does not tolerate reclaimable capacity off a spot pool.
var SpotTaint = Taint{Key: CapacityLabelKey, Value: CapacitySpot, Effect: "NoSchedule"}

// Pool is one zone's pool as planned: everything about it that is known before it exists.
// Placeholders and workloads read it to select and tolerate the pool.
type Pool struct {
	Name           string
	Zone           string
	ZoneLabelKey   string
	ZoneLabelValue string
	// Labels are all the node labels, the zone label included.
	Labels map[string]string
	Taints []Taint
	// Role is the set's role: RoleStateful or RoleSystem.
	Role string
	// MinSize and MaxSize bound the zone's node count.
	MinSize, MaxSize int
	// MachineTypes are the node types, in order of preference: the first is what a pod's fit is
	// judged by.
	MachineTypes []string
	// Spot says the nodes are spot instances, which the cloud may reclaim: the pool is labelled
	// and tainted zonestack.io/capacity=spot.
	Spot bool
	// Ack and Gke are this zone's whole spec, defaults and overrides applied; the one of the
	// pool's cloud is set.
	Ack *AckPoolSpec
	Gke *GkePoolSpec
}

// NodeSelector selects this pool's nodes: all of its labels.
func (p Pool) NodeSelector() map[string]string { return maps.Clone(p.Labels) }

// CommonSelector selects the nodes of every pool of the set: the labels without the zone label
// and the capacity label, which tells spot pools from on-demand ones in one set.
func (p Pool) CommonSelector() map[string]string {
	sel := maps.Clone(p.Labels)
	delete(sel, p.ZoneLabelKey)
	delete(sel, CapacityLabelKey)
	return sel
}

// IsSystem says whether the pool is a system pool.
func (p Pool) IsSystem() bool { return p.Role == RoleSystem }

// OnDemand are the pools that are not spot.
func OnDemand(pools []Pool) []Pool {
	var out []Pool
	for _, p := range pools {
		if !p.Spot {
			out = append(out, p)
		}
	}
	return out
}

// mergeOnto returns base with every non-zero field of s laid over it; labels are added.
func (s PoolShape) mergeOnto(base PoolShape) PoolShape {
	out := base
	out.Taints = slices.Clone(base.Taints)
	out.Labels = maps.Clone(base.Labels)
	if out.Labels == nil {
		out.Labels = map[string]string{}
	}
	if s.MinSize != nil {
		out.MinSize = s.MinSize
	}
	if s.MaxSize != nil {
		out.MaxSize = s.MaxSize
	}
	maps.Copy(out.Labels, s.Labels)
	if s.ZoneLabelKey != "" {
		out.ZoneLabelKey = s.ZoneLabelKey
	}
	// An empty, non-nil list clears the taints: an untainted pool for ordinary workloads.
	if s.Taints != nil {
		out.Taints = slices.Clone(s.Taints)
	}
	return out
}

// stateful are the shape's defaults for stateful pools (seed 000).
func statefulShape() PoolShape {
	return PoolShape{
		MinSize: pulumi.IntRef(DefaultMinSize), MaxSize: pulumi.IntRef(DefaultMaxSize),
		Labels: DefaultLabels, ZoneLabelKey: DefaultZoneLabelKey, Taints: DefaultTaints,
	}
}

// systemShape are a system pool's defaults: untainted, labelled zonestack.io/pool=system.
func systemShape() PoolShape {
	return PoolShape{
		MinSize: pulumi.IntRef(DefaultSystemPoolMinSize), MaxSize: pulumi.IntRef(DefaultSystemPoolMaxSize),
		Labels: SystemLabels(), ZoneLabelKey: DefaultZoneLabelKey, Taints: []Taint{},
	}
}

// validateLabelsAndTaints applies Kubernetes' rules to the shape's labels and taints, the same on
// every cloud.
func (s PoolShape) validateLabelsAndTaints(l *validation.List, at func(string) string) {
	for _, k := range slices.Sorted(maps.Keys(s.Labels)) {
		if err := validateLabelKey(k); err != "" {
			l.Invalid(at("labels"), k, "%s", err)
		}
		if err := validateLabelValue(s.Labels[k]); err != "" {
			l.Invalid(at("labels."+k), s.Labels[k], "%s", err)
		}
	}
	for i, t := range s.Taints {
		f := at(fmt.Sprintf("taints[%d]", i))
		if err := validateLabelKey(t.Key); err != "" {
			l.Invalid(f+".key", t.Key, "%s", err)
		}
		if err := validateLabelValue(t.Value); err != "" {
			l.Invalid(f+".value", t.Value, "%s", err)
		}
		switch t.Effect {
		case "NoSchedule", "PreferNoSchedule", "NoExecute":
		default:
			l.Invalid(f+".effect", t.Effect, "must be NoSchedule, PreferNoSchedule or NoExecute")
		}
	}
}

// cloudSpec is a cloud's pool spec as the planner needs it.
type cloudSpec[S any] interface {
	shape() PoolShape
	withShape(PoolShape) S
	// mergeOnto lays the spec's non-zero fields over base's, the shape's too.
	mergeOnto(base S) S
	// validate applies the cloud's rules to a planned spec, under at.
	validate(l *validation.List, at func(string) string)
	machineTypes() []string
	isSpot() bool
}

// zoneSpec is one zone's override: its zone label value and the spec fields it changes.
type zoneSpec[S any] struct {
	value string
	spec  S
}

// planned is what plan makes of a set of pools: each zone's pool, with its whole spec.
type planned[S any] struct {
	pool Pool
	spec S
}

// plan lays each zone's override over the shared spec (itself over the defaults) and checks the
// result, reporting problems with paths as the settings are written: the shared spec's at its own
// keys, a zone's at zones.<zone ID>.<key>, the placement's at vswitches[i].
func plan[S cloudSpec[S]](l *validation.List, prefix, role string, defaults, shared S, zones []PoolZone, overrides map[string]zoneSpec[S], needVSwitch bool) []planned[S] {
	if len(zones) == 0 {
		l.Required("vswitches", "is required: one entry per zone")
	}
	full := shared.mergeOnto(defaults)
	sh := full.shape()
	var sharedProblems validation.List
	full.validate(&sharedProblems, func(f string) string { return f })
	validateRole(&sharedProblems, role, sh)
	if err := validateLabelKey(sh.ZoneLabelKey); err != "" {
		sharedProblems.Invalid("zoneLabelKey", sh.ZoneLabelKey, "%s", err)
	}
	reported := map[string]bool{} // a shared problem shows once, not again in every zone
	for _, p := range validation.Problems(sharedProblems.Err()) {
		reported[p.Error()] = true
	}
	l.Merge("", sharedProblems.Err())
	var zoneIDs []string
	for _, z := range zones {
		zoneIDs = append(zoneIDs, z.Zone)
	}
	for _, z := range slices.Sorted(maps.Keys(overrides)) {
		if !slices.Contains(zoneIDs, z) {
			l.Invalid("zones."+z, z, "is not one of the stack's zones %v", zoneIDs)
		}
	}
	var out []planned[S]
	zoneAt := map[string]int{}
	valueAt := map[string]int{}
	for i, z := range zones {
		base := fmt.Sprintf("vswitches[%d]", i)
		if z.Zone == "" {
			l.Required(base+".zone", "")
		} else if j, dup := zoneAt[z.Zone]; dup {
			l.Invalid(base+".zone", z.Zone, "duplicates vswitches[%d].zone; one pool per zone", j)
		}
		zoneAt[z.Zone] = i
		if z.VSwitchID == nil && needVSwitch {
			l.Required(base+".vswitchId", "is required: the zone's node vSwitch")
		}
		o := overrides[z.Zone]
		at := "zones." + z.Zone
		if k := o.spec.shape().ZoneLabelKey; k != "" {
			l.Invalid(at+".zoneLabelKey", k, "can only be set in the shared spec: all pools use one zone label")
		}
		value := o.value
		if value == "" {
			value = z.Zone[strings.LastIndex(z.Zone, "-")+1:]
		}
		if err := validateLabelValue(value); err != "" {
			l.Invalid(at+".zoneLabelValue", value, "%s", err)
		}
		if j, dup := valueAt[value]; dup {
			// zones[j] is the stack's zones list: the pools' order.
			l.Invalid(at+".zoneLabelValue", value, "is zones[%d]'s too; each pool needs its own zone label value", j)
		}
		valueAt[value] = i
		spec := o.spec.mergeOnto(full)
		s := spec.shape()
		s.Labels[sh.ZoneLabelKey] = value
		if spec.isSpot() {
			// The cloud may take a spot node back at short notice: nothing lands there unasked.
			s.Labels[CapacityLabelKey] = CapacitySpot
			if !slices.Contains(s.Taints, SpotTaint) {
				s.Taints = append(slices.Clone(s.Taints), SpotTaint)
			}
		}
		spec = spec.withShape(s)
		if role == RoleSystem && spec.isSpot() {
			l.Invalid(at+".spot", true, "a system pool is never spot: CoreDNS and the CSI controllers run there, and the cloud may reclaim a spot node at any time")
		}
		var zoneProblems validation.List
		spec.validate(&zoneProblems, func(f string) string { return f })
		for _, p := range validation.Problems(zoneProblems.Err()) {
			if !reported[p.Error()] {
				l.Merge(at, p)
			}
		}
		out = append(out, planned[S]{spec: spec, pool: Pool{
			Name:           prefix + "-" + value,
			Zone:           z.Zone,
			ZoneLabelKey:   sh.ZoneLabelKey,
			ZoneLabelValue: value,
			Labels:         s.Labels,
			Taints:         s.Taints,
			Role:           role,
			MinSize:        *s.MinSize,
			MaxSize:        *s.MaxSize,
			MachineTypes:   spec.machineTypes(),
			Spot:           spec.isSpot(),
		}})
	}
	return out
}

// validateSizes checks the bounds every cloud shares; strict says MaxSize must exceed MinSize (ACK's
// rule for an autoscaled pool) rather than only reach it.
func (s PoolShape) validateSizes(l *validation.List, at func(string) string, strict bool) {
	if *s.MinSize < 0 || *s.MinSize > 1000 {
		l.Invalid(at("minSize"), *s.MinSize, "must be 0 to 1000")
	}
	switch {
	case *s.MaxSize < 1 || *s.MaxSize > 1000:
		l.Invalid(at("maxSize"), *s.MaxSize, "must be 1 to 1000")
	case strict && *s.MaxSize <= *s.MinSize:
		l.Invalid(at("maxSize"), *s.MaxSize, "must be more than minSize %d (ACK's rule for autoscaled pools)", *s.MinSize)
	case *s.MaxSize < *s.MinSize:
		l.Invalid(at("maxSize"), *s.MaxSize, "must be 1 to 1000 and at least minSize %d", *s.MinSize)
	}
}
