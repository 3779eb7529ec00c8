package cluster

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/cs"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/internal/base/cloudrules"
	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
	"github.com/zonestack/zonestack/validation"
)

// Defaults of AutoscalerArgs. ACK scales a pool (scalingConfig.enable) only once node autoscaling
// is on for its cluster, which an AutoscalingConfig does. The values serve seed 000's warm nodes: a
// low-priority placeholder per zone is preempted by a real pod, turns Pending, and the autoscaler
// must add a node in that zone before the next real pod needs the room. What follows each name is
// why; the provider's and ACK's own defaults are in internal/base/cloudrules/alicloud_cs_autoscaling.go.
const (
	// DefaultScalerType is ACK's node autoscaling (the cluster autoscaler), the scaler every
	// setting below belongs to and the one the provider reads back by default. "goatscaler"
	// (node instant scaling) takes the least-waste expander only.
	DefaultScalerType = "cluster-autoscaler"
	// DefaultScanInterval halves the provider's 30s: a preempted placeholder is seen as Pending
	// within 15 seconds instead of 30, the part of a warm node's return that is ours to shorten
	// (the rest is ECS creating and ACK joining the node).
	DefaultScanInterval = "15s"
	// DefaultExpander is least-waste: every zone has one pool, so a placeholder pinned to its zone
	// has one pool to scale whichever expander is chosen; where several pools fit (an unpinned pod)
	// least-waste takes the one left with the least idle CPU and memory. priority would need a
	// priorities map of the pools' scaling groups kept in step with the pools, to rank zones that
	// zonestack makes alike; least-waste is also the only expander goatscaler takes.
	DefaultExpander = "least-waste"
	// DefaultScaleDownEnabled lets pools shrink back towards minSize when load is gone. A warm node
	// is not at risk: the autoscaler removes a node only if all its pods, its placeholder too (at
	// priority -1, above the autoscaler's expendable cutoff), fit on the zone's other nodes, which
	// they do not while those are full.
	DefaultScaleDownEnabled = true
	// DefaultScaleDownUnneededTime (ACK's cool_down_duration) is how long a node must stay under
	// the threshold before it is removed: 10 minutes, so that a dip between two bursts does not
	// remove a node the next burst would have to wait minutes for again.
	DefaultScaleDownUnneededTime = "10m"
	// DefaultScaleDownDelayAfterAdd (ACK's unneeded_duration) keeps every node for 10 minutes after
	// a scale-out: a node added for a preempted placeholder is still near-empty while the
	// placeholder is rescheduled onto it and its image pulled, and must not be judged unneeded then.
	DefaultScaleDownDelayAfterAdd = "10m"
	// DefaultUtilizationThreshold is 0.5 (ACK's own): a node whose pods request under half its
	// allocatable CPU or memory is a candidate for removal. A node left holding only a placeholder
	// (seed 000's 3 CPU and 6Gi on an 8 vCPU node) is below it, and goes once the placeholder fits
	// beside the zone's other pods again: the spare room is merged, the warm room kept. A higher
	// threshold would also merge busy nodes, a lower one keep half-empty ones.
	DefaultUtilizationThreshold = "0.5"
	// DefaultMaxGracefulTerminationSec bounds a scale-in drain at 10 minutes instead of ACK's 4
	// hours: zonestack's pods keep Kubernetes' 30-second grace period, and a pod that hangs must not
	// keep a node, and its cost, for hours.
	DefaultMaxGracefulTerminationSec = 600
	// DefaultSkipNodesWithLocalStorage is false: a node is removed even if a pod on it uses
	// emptyDir or hostPath. Stateful data is on disk or NAS claims, which move with their pods;
	// scratch space is not worth keeping an idle node.
	DefaultSkipNodesWithLocalStorage = false
	// DefaultSkipNodesWithSystemPods is true (ACK's own): nodes running kube-system pods other
	// than DaemonSets (CoreDNS, metrics-server, the add-ons' controllers) are not removed, so that
	// scale-in never interrupts the cluster's own services.
	DefaultSkipNodesWithSystemPods = true
	// DefaultDaemonSetEviction is false (ACK's own): an empty node is removed with its DaemonSet
	// pods (Terway, CSI, log agents) still on it. An empty node runs no pod of ours, so evicting
	// them first only lengthens the removal; set it where a log agent must flush before its node
	// goes.
	DefaultDaemonSetEviction = false
)

// AutoscalerArgs are the settings of the cluster's node autoscaling (an AutoscalingConfig). Zero
// values mean the defaults above. Field names are the cluster autoscaler's; ACK's, where they
// differ, are in the comments.
type AutoscalerArgs struct {
	// ScalerType is "cluster-autoscaler" (default) or "goatscaler" (node instant scaling, clusters
	// after 1.22; the least-waste expander only). Optional.
	ScalerType string `json:"scalerType,omitempty" pulumi:"scalerType"`
	// ScanInterval is how often the autoscaler looks for Pending pods and idle nodes: whole
	// seconds, 10s to 300s. Optional, default "15s".
	ScanInterval string `json:"scanInterval,omitempty" pulumi:"scanInterval"`
	// Expander picks the pool to scale out when several fit: "least-waste" (default) or "random".
	// Optional.
	Expander string `json:"expander,omitempty" pulumi:"expander"`
	// ScaleDownEnabled lets the autoscaler remove idle nodes. Optional, default true.
	ScaleDownEnabled *bool `json:"scaleDownEnabled,omitempty" pulumi:"scaleDownEnabled"`
	// ScaleDownUnneededTime (ACK: cool_down_duration) is how long a node stays under the threshold
	// before it is removed: whole minutes such as "10m". Optional, default "10m".
	ScaleDownUnneededTime string `json:"scaleDownUnneededTime,omitempty" pulumi:"scaleDownUnneededTime"`
	// ScaleDownDelayAfterAdd (ACK: unneeded_duration) is how long after a scale-out no node is
	// removed: whole minutes. Optional, default "10m".
	ScaleDownDelayAfterAdd string `json:"scaleDownDelayAfterAdd,omitempty" pulumi:"scaleDownDelayAfterAdd"`
	// UtilizationThreshold is the share of a node's allocatable resources its pods must request to
	// keep it, above 0 and at most 1. Optional, default "0.5".
	UtilizationThreshold string `json:"utilizationThreshold,omitempty" pulumi:"utilizationThreshold"`
	// MaxGracefulTerminationSec is how long a scale-in waits for a drained node's pods, in seconds.
	// Optional, default 600.
	MaxGracefulTerminationSec int `json:"maxGracefulTerminationSec,omitempty" pulumi:"maxGracefulTerminationSec"`
	// SkipNodesWithLocalStorage keeps nodes whose pods use emptyDir or hostPath. Optional, default
	// false. The provider sends it only when true: once set true, setting it false again does not
	// reach ACK (change it in the console then).
	SkipNodesWithLocalStorage *bool `json:"skipNodesWithLocalStorage,omitempty" pulumi:"skipNodesWithLocalStorage"`
	// SkipNodesWithSystemPods keeps nodes that run kube-system pods other than DaemonSets.
	// Optional, default true; false is refused, since the provider never sends it.
	SkipNodesWithSystemPods *bool `json:"skipNodesWithSystemPods,omitempty" pulumi:"skipNodesWithSystemPods"`
	// DaemonSetEviction (ACK: daemonset_eviction_for_nodes) evicts DaemonSet pods from an empty
	// node before it is removed. Optional, default false; like SkipNodesWithLocalStorage, only
	// true reaches ACK.
	DaemonSetEviction *bool `json:"daemonsetEviction,omitempty" pulumi:"daemonsetEviction"`
}

func (a AutoscalerArgs) withDefaults() AutoscalerArgs {
	out := a
	for _, f := range []struct {
		v   *string
		def string
	}{{&out.ScalerType, DefaultScalerType}, {&out.ScanInterval, DefaultScanInterval}, {&out.Expander, DefaultExpander},
		{&out.ScaleDownUnneededTime, DefaultScaleDownUnneededTime}, {&out.ScaleDownDelayAfterAdd, DefaultScaleDownDelayAfterAdd},
		{&out.UtilizationThreshold, DefaultUtilizationThreshold}} {
		if *f.v == "" {
			*f.v = f.def
		}
	}
	if out.MaxGracefulTerminationSec == 0 {
		out.MaxGracefulTerminationSec = DefaultMaxGracefulTerminationSec
	}
	for _, f := range []struct {
		v   **bool
		def bool
	}{{&out.ScaleDownEnabled, DefaultScaleDownEnabled}, {&out.SkipNodesWithLocalStorage, DefaultSkipNodesWithLocalStorage},
		{&out.SkipNodesWithSystemPods, DefaultSkipNodesWithSystemPods}, {&out.DaemonSetEviction, DefaultDaemonSetEviction}} {
		if *f.v == nil {
			*f.v = pulumi.BoolRef(f.def)
		}
	}
	return out
}

// Scan intervals zonestack takes (the API states none). Below 10 seconds scans repeat many times
// while one ECS node boots and joins (a minute or more), adding API load and no speed; above 5
// minutes a preempted placeholder waits minutes only to be noticed.
const (
	minScanSeconds = 10
	maxScanSeconds = 300
)

// validate adds the problems of a (defaults applied) to l under prefix. Each value is checked
// against the rule internal/base/cloudrules records for the property it is sent as, then against
// zonestack's narrower choices.
func (a AutoscalerArgs) validate(l *validation.List, prefix string) {
	field := func(f string) string { return validation.Join(prefix, f) }
	rule := func(prop string, v resource.PropertyValue, inputs resource.PropertyMap) error {
		return cloudrules.Alicloud.Must(rt.CsAutoscalingConfig, prop).Check(v, inputs)
	}
	str := resource.NewStringProperty
	if rule("scalerType", str(a.ScalerType), nil) != nil {
		l.Invalid(field("scalerType"), a.ScalerType, "must be one of %s", strings.Join(cloudrules.CsScalerTypes, ", "))
	}
	if rule("scanInterval", str(a.ScanInterval), nil) != nil {
		l.Invalid(field("scanInterval"), a.ScanInterval, "must be whole seconds such as 15s")
	} else if n, _ := strconv.Atoi(strings.TrimSuffix(a.ScanInterval, "s")); n < minScanSeconds || n > maxScanSeconds {
		l.Invalid(field("scanInterval"), a.ScanInterval, "must be %ds to %ds", minScanSeconds, maxScanSeconds)
	}
	switch err := rule("expander", str(a.Expander), resource.PropertyMap{"scalerType": str(a.ScalerType)}); {
	case !slices.Contains(cloudrules.CsExpanders, a.Expander):
		l.Invalid(field("expander"), a.Expander, "must be least-waste or random")
	case a.Expander == "priority":
		l.Invalid(field("expander"), a.Expander, "is not offered: it ranks pools by a map of their scaling groups that zonestack does not write, and zonestack's pools (one per zone, alike) have no order; use least-waste or random")
	case err != nil:
		l.Invalid(field("expander"), a.Expander, "%v", err)
	}
	for _, d := range []struct{ name, prop, v string }{
		{"scaleDownUnneededTime", "coolDownDuration", a.ScaleDownUnneededTime},
		{"scaleDownDelayAfterAdd", "unneededDuration", a.ScaleDownDelayAfterAdd},
	} {
		if rule(d.prop, str(d.v), nil) != nil {
			l.Invalid(field(d.name), d.v, "must be whole minutes such as 10m")
		}
	}
	if rule("utilizationThreshold", str(a.UtilizationThreshold), nil) != nil {
		l.Invalid(field("utilizationThreshold"), a.UtilizationThreshold, "must be a ratio above 0 and at most 1, such as 0.5")
	}
	if rule("maxGracefulTerminationSec", resource.NewNumberProperty(float64(a.MaxGracefulTerminationSec)), nil) != nil {
		l.Invalid(field("maxGracefulTerminationSec"), a.MaxGracefulTerminationSec, "must be a number of seconds, at least 1")
	}
	if s := a.SkipNodesWithSystemPods; s != nil && rule("skipNodesWithSystemPods", resource.NewBoolProperty(*s), nil) != nil {
		l.Invalid(field("skipNodesWithSystemPods"), *s, "cannot be false: the provider sends this setting only when true, so ACK would keep its own, true")
	}
}

// newAutoscaler turns on node autoscaling for the cluster with the settings of a (defaults applied).
func newAutoscaler(ctx *pulumi.Context, name string, cluster *cs.ManagedKubernetes, a AutoscalerArgs, opts ...pulumi.ResourceOption) (*cs.AutoscalingConfig, error) {
	opts = append(opts, pulumi.DependsOn([]pulumi.Resource{cluster}))
	ac, err := cs.NewAutoscalingConfig(ctx, name, &cs.AutoscalingConfigArgs{
		ClusterId:                 cluster.ID().ToStringOutput(),
		ScalerType:                pulumi.String(a.ScalerType),
		ScanInterval:              pulumi.String(a.ScanInterval),
		Expander:                  pulumi.String(a.Expander),
		ScaleDownEnabled:          pulumi.Bool(*a.ScaleDownEnabled),
		CoolDownDuration:          pulumi.String(a.ScaleDownUnneededTime),
		UnneededDuration:          pulumi.String(a.ScaleDownDelayAfterAdd),
		UtilizationThreshold:      pulumi.String(a.UtilizationThreshold),
		MaxGracefulTerminationSec: pulumi.Int(a.MaxGracefulTerminationSec),
		SkipNodesWithLocalStorage: pulumi.Bool(*a.SkipNodesWithLocalStorage),
		SkipNodesWithSystemPods:   pulumi.Bool(*a.SkipNodesWithSystemPods),
		DaemonsetEvictionForNodes: pulumi.Bool(*a.DaemonSetEviction),
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("autoscaler: %w", err)
	}
	return ac, nil
}
