package fencing

import (
	"time"

	"github.com/zonestack/zonestack/validation"
)

// Defaults of NodeFencing.
const (
	DefaultNamespace   = "kube-system"
	DefaultName        = "zonestack-fencing"
	DefaultReplicas    = 2
	DefaultNotReadyFor = "10s"
)

// Clouds the controller can ask.
const (
	CloudAlicloud = "alicloud"
	CloudGCP      = "gcp"
)

// NodeFencingSpec is what a stack file can say about fencing (zonestack:fencing). Zero values
// mean "use the default".
type NodeFencingSpec struct {
	// Enabled deploys the controller. Optional, default: the stack's zonestack:production (on in
	// production, off elsewhere). The component itself deploys whenever it is registered.
	Enabled *bool `json:"enabled,omitempty" pulumi:"enabled"`
	// Image of the controller, built from cmd/zonestack-fencing. Required: zonestack publishes
	// none.
	Image string `json:"image,omitempty" pulumi:"image"`
	// NotReadyFor is how long a node must be NotReady (after kube-controller-manager's
	// node-monitor grace period) before the cloud is asked, e.g. "10s". Optional, default "10s";
	// 0s to 10m.
	NotReadyFor string `json:"notReadyFor,omitempty" pulumi:"notReadyFor"`
	// NodeSelector limits fencing to the nodes of this label selector, e.g. "usage=sts" for the
	// stateful pools only. Optional, default: every node.
	NodeSelector string `json:"nodeSelector,omitempty" pulumi:"nodeSelector"`
	// Namespace of the controller. Optional, default "kube-system".
	Namespace string `json:"namespace,omitempty" pulumi:"namespace"`
}

// IsEnabled is Enabled, or def when it is not set.
func (s NodeFencingSpec) IsEnabled(def bool) bool {
	if s.Enabled == nil {
		return def
	}
	return *s.Enabled
}

// NodeFencingArgs are the inputs of NodeFencing.
type NodeFencingArgs struct {
	NodeFencingSpec
	// Cloud is the cluster's: CloudAlicloud (ECS DescribeInstanceStatus with the node's RAM role)
	// or CloudGCP (Compute Engine instances.get with Workload Identity). Required.
	Cloud string `pulumi:"cloud"`
}

func (a NodeFencingArgs) withDefaults() NodeFencingArgs {
	out := a
	if out.Namespace == "" {
		out.Namespace = DefaultNamespace
	}
	if out.NotReadyFor == "" {
		out.NotReadyFor = DefaultNotReadyFor
	}
	return out
}

// Validate reports every problem with the args, defaults applied.
func (a NodeFencingArgs) Validate() error { return a.withDefaults().validate() }

func (a NodeFencingArgs) validate() error {
	var l validation.List
	if a.Image == "" {
		l.Required("image", "is required: zonestack publishes no image of the fencing controller; build cmd/zonestack-fencing, push it to your registry and name it here (README, When a node dies), or set fencing.enabled: false")
	}
	switch a.Cloud {
	case CloudAlicloud, CloudGCP:
	case "":
		l.Required("cloud", "is required: "+CloudAlicloud+" or "+CloudGCP)
	default:
		l.Invalid("cloud", a.Cloud, "must be %s or %s: the controller fences only on the cloud's word that a machine is off", CloudAlicloud, CloudGCP)
	}
	if d, err := time.ParseDuration(a.NotReadyFor); err != nil || d < 0 || d > 10*time.Minute {
		l.Invalid("notReadyFor", a.NotReadyFor, "must be a duration from 0s to 10m, such as 10s")
	}
	if !dnsLabel.MatchString(a.Namespace) {
		l.Invalid("namespace", a.Namespace, "must be a DNS label")
	}
	if a.NodeSelector != "" {
		if _, err := parseSelector(a.NodeSelector); err != nil {
			l.Invalid("nodeSelector", a.NodeSelector, "must be a label selector: %v", err)
		}
	}
	return l.Err()
}
