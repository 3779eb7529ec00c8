package cloudrules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

// CsScalerTypes are the node autoscalers an ACK cluster runs: cs_autoscaling_config.html.markdown,
// scaler_type ("cluster-autoscaler" is node autoscaling, "goatscaler" node instant scaling).
var CsScalerTypes = []string{"cluster-autoscaler", "goatscaler"}

// CsExpanders are the policies that pick the node pool to scale out:
// cs_autoscaling_config.html.markdown, expander; goatscaler takes least-waste only.
var CsExpanders = []string{"least-waste", "random", "priority"}

// Every rule below cites resource_alicloud_cs_autoscaling_config.go (v1.285.0) and its page
// cs_autoscaling_config.html.markdown. The resource has no ValidateFunc at all: every value goes to
// ACK's CreateAutoscalingConfig as given, so the constraints are the API's (its reference gives the
// durations in minutes, the scan interval in seconds and the thresholds as ratios of requests to
// allocatable). The resource's Create and Update send a setting only when d.GetOk finds it, which is
// never for false or 0: such a value leaves ACK's own in place (noted per property). Delete does
// nothing: the configuration goes with the cluster.
const csAutoscalingSource = "resource_alicloud_cs_autoscaling_config.go"

var csAutoscalingRules = Table{
	rt.CsAutoscalingConfig: {
		"clusterId": Ref(csAutoscalingSource + ": cluster_id, Optional, ForceNew; the cluster the configuration is written to (also the resource's ID)").Replaces(),
		"scalerType": OneOf(csAutoscalingSource+": scaler_type, Optional, no ValidateFunc, sent when set; the page: cluster-autoscaler or goatscaler, clusters of 1.22 and below take cluster-autoscaler only",
			CsScalerTypes...),
		"scanInterval": Matches(csAutoscalingSource+": scan_interval, TypeString, Default \"30s\", no ValidateFunc; API CreateAutoscalingConfig scan_interval: whole seconds, such as 30s",
			`[1-9][0-9]*s`, 0),
		"expander": Func(csAutoscalingSource+": expander, Default \"least-waste\", no ValidateFunc; the page: least-waste, random or priority, and least-waste only for scaler type goatscaler",
			checkExpander),
		"scaleDownEnabled": Free(csAutoscalingSource+": scale_down_enabled, TypeBool, Default true, always sent (d.Get, not GetOk)", "a switch"),
		// The names are ACK's, and the wrong way round for the cluster autoscaler's: the resource's
		// Read fills cool_down_duration from the add-on's ScaleDownUnneededTime and
		// unneeded_duration from its ScaleDownDelayAfterAdd.
		"coolDownDuration": Matches(csAutoscalingSource+": cool_down_duration, TypeString, Default \"10m\", no ValidateFunc, read back from ScaleDownUnneededTime; API CreateAutoscalingConfig cool_down_duration: whole minutes a node must stay under the threshold before it is removed",
			`[1-9][0-9]*m`, 0),
		"unneededDuration": Matches(csAutoscalingSource+": unneeded_duration, TypeString, Default \"10m\", no ValidateFunc, read back from ScaleDownDelayAfterAdd; API CreateAutoscalingConfig unneeded_duration: whole minutes after a scale-out before any node may be removed",
			`[1-9][0-9]*m`, 0),
		"utilizationThreshold": Matches(csAutoscalingSource+": utilization_threshold, TypeString, Default \"0.5\", no ValidateFunc; API CreateAutoscalingConfig utilization_threshold: the ratio of requested to allocatable resources below which a node may be removed, above 0 and at most 1",
			`0\.[0-9]*[1-9][0-9]*|1(\.0+)?`, 0),
		"maxGracefulTerminationSec": AtLeast(csAutoscalingSource+": max_graceful_termination_sec, TypeInt, no ValidateFunc, sent only when not 0 (GetOk); the page: seconds the autoscaler waits for a drained node's pods, ACK's default 14400",
			1),
		"skipNodesWithLocalStorage": Free(csAutoscalingSource+": skip_nodes_with_local_storage, TypeBool, no ValidateFunc, sent only when true (GetOk): false leaves ACK's value (its default is false, but a true set earlier stays)", "a switch"),
		"skipNodesWithSystemPods": OneOf(csAutoscalingSource+": skip_nodes_with_system_pods, TypeBool, sent only when true (GetOk): false would never reach ACK, whose default is true",
			"true"),
		"daemonsetEvictionForNodes": Free(csAutoscalingSource+": daemonset_eviction_for_nodes, TypeBool, no ValidateFunc, sent only when true (GetOk): false leaves ACK's value (its default is false, but a true set earlier stays)", "a switch"),
	},
}

// checkExpander accepts CsExpanders, and with scalerType goatscaler least-waste only.
func checkExpander(v resource.PropertyValue, inputs resource.PropertyMap) error {
	if !v.IsString() {
		return fmt.Errorf("must be a string (got %s)", valueText(v))
	}
	e := v.StringValue()
	if !slices.Contains(CsExpanders, e) {
		return fmt.Errorf("must be one of %s (got %s)", strings.Join(CsExpanders, ", "), e)
	}
	if st := Plain(inputs["scalerType"]); st.IsString() && st.StringValue() == "goatscaler" && e != "least-waste" {
		return fmt.Errorf("must be least-waste with scaler type goatscaler (got %s)", e)
	}
	return nil
}
