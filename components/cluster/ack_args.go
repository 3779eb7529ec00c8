package cluster

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/validation"
)

// Defaults of AckClusterArgs, each stated on its field.
const (
	DefaultAckSpec        = "ack.pro.small"
	DefaultServiceCidr    = "172.21.0.0/20"
	DefaultProxyMode      = "ipvs"
	DefaultWindowWeekday  = "Saturday"
	DefaultWindowStart    = "03:00"
	DefaultWindowOffset   = "+08:00"
	DefaultWindowDuration = "3h"
)

// AckSpecs are the cluster specifications ACK offers for managed clusters.
var AckSpecs = []string{"ack.standard", "ack.pro.small", "ack.pro.xlarge", "ack.pro.2xlarge", "ack.pro.4xlarge"}

// ControlPlaneLogComponents are the control-plane logs ACK can ship to SLS.
var ControlPlaneLogComponents = []string{"apiserver", "kcm", "scheduler", "ccm", "controlplane-events"}

// Weekdays are the names ACK's maintenance window takes.
var Weekdays = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

// CSIAddons are the add-ons that dynamically provisioned disk and NAS volumes need.
var CSIAddons = []string{"csi-plugin", "csi-provisioner"}

// TerwayAddon is the Terway network plugin in ENI multi-IP mode, which gives pods VPC addresses
// from the pod vSwitches.
const TerwayAddon = "terway-eniip"

// AckClusterSpec is what a stack file says about an ACK cluster (zonestack:cluster of an alicloud
// stack), each field under its stack-file key. Zero values mean "use the default".
type AckClusterSpec struct {
	// Spec is the ACK edition. Optional, default "ack.pro.small" (Pro: SLA-backed control plane,
	// managed node pools); one of AckSpecs.
	Spec string `json:"spec,omitempty" pulumi:"spec"`
	// KubernetesVersion pins the version, e.g. "1.36.1-aliyun.1". Optional: unset, ACK installs
	// its latest version at creation and never upgrades by itself. Raise it to upgrade; ACK
	// refuses downgrades.
	KubernetesVersion string `json:"kubernetesVersion,omitempty" pulumi:"kubernetesVersion"`
	// PublicEndpoint binds an EIP to the API server's load balancer: what a `pulumi up` from
	// outside the VPC needs (a first `up` always is: the VPC is made with the cluster). It is
	// open to any source: the provider (1.285.0) cannot limit it, so an ACK cluster takes no
	// authorizedNetworks (GKE's and selfManaged's key); requests are authenticated by the
	// kubeconfig's client certificate. ACK reads it at creation only (slb_internet_enabled):
	// changing it later changes nothing on the cloud. Optional, default false: the intranet
	// endpoint only, reachable from inside the VPC.
	PublicEndpoint bool `json:"publicEndpoint,omitempty" pulumi:"publicEndpoint"`
	// DeletionProtection makes ACK refuse to delete the cluster. Optional, default true (a stack
	// defaults it to its production setting).
	DeletionProtection *bool `json:"deletionProtection,omitempty" pulumi:"deletionProtection"`
	// ProxyMode is kube-proxy's mode: "ipvs" (default), "iptables" or "nftables". ACK sets it at
	// creation only: the provider marks proxy_mode ForceNew, so changing it replaces the cluster.
	// Unset, the cluster keeps the mode it was created with even if DefaultProxyMode changes in a
	// later release (the input's changes are ignored); set, a change is yours and replaces it.
	ProxyMode string `json:"proxyMode,omitempty" pulumi:"proxyMode"`
	// EnableRrsa turns on RAM Roles for Service Accounts. Optional, default true; ACK cannot turn
	// it off again.
	EnableRrsa *bool `json:"enableRrsa,omitempty" pulumi:"enableRrsa"`
	// ControlPlaneLogs are control-plane components whose logs go to SLS. Optional, default none;
	// each one of ControlPlaneLogComponents.
	ControlPlaneLogs []string `json:"controlPlaneLogs,omitempty" pulumi:"controlPlaneLogs"`
	// MaintenanceWindow is when ACK may upgrade and repair. Optional, default Saturdays 03:00
	// +08:00 for 3 hours.
	MaintenanceWindow MaintenanceWindowArgs `json:"maintenanceWindow,omitempty" pulumi:"maintenanceWindow"`
	// Autoscaler is the cluster's node autoscaling, without which ACK scales no pool however
	// its scalingConfig reads. Optional: the zero value is the defaults (DefaultScanInterval and
	// the others), tuned so that a zone whose placeholder was preempted gets a node back fast.
	Autoscaler AutoscalerArgs `json:"autoscaler,omitempty" pulumi:"autoscaler"`
}

// AckClusterArgs are the inputs of an AckCluster: its spec, and what the stack around it decides
// (its name, vSwitches, security group, service range, tags). Zero values mean "use the default".
type AckClusterArgs struct {
	AckClusterSpec
	// ClusterName is the cluster's name in ACK. Optional, default: the component name.
	ClusterName string `pulumi:"clusterName"`
	// VSwitchIDs are the node vSwitches, one per zone; the control plane spans their zones.
	// Required, at least one.
	VSwitchIDs []pulumi.StringInput `pulumi:"vswitchIds"`
	// PodVSwitchIDs are Terway's pod vSwitches, one per zone and in the same zones as VSwitchIDs.
	// Required, as many as VSwitchIDs. They cannot change after creation.
	PodVSwitchIDs []pulumi.StringInput `pulumi:"podVswitchIds"`
	// SecurityGroupID is the nodes' security group. Optional; ACK creates one when unset.
	SecurityGroupID pulumi.StringInput `pulumi:"securityGroupId"`
	// ServiceCidr is the Kubernetes service range. Optional, default 172.21.0.0/20; mask /16 to
	// /24. It must not overlap the VPC (components/network checks that). It cannot change after
	// creation (the provider marks service_cidr ForceNew): set, changing it replaces the cluster;
	// unset, the cluster keeps its range even if DefaultServiceCidr changes in a later release.
	// A stack sets it in network.serviceCidr.
	ServiceCidr string `pulumi:"serviceCidr"`
	// ProviderFromVPC makes Provider talk to the intranet endpoint, for a program that runs
	// inside the VPC (or a network routed to it). Optional, default false: Provider uses the
	// kubeconfig ACK gives, whose server is the public endpoint.
	ProviderFromVPC bool `pulumi:"providerFromVpc"`
	// Tags go on the cluster. Optional.
	Tags map[string]string `pulumi:"tags"`
}

// MaintenanceWindowArgs are the cluster's weekly maintenance window.
type MaintenanceWindowArgs struct {
	// Enabled turns the window on. Optional, default true: managed node pools repair and patch
	// only inside it.
	Enabled *bool `json:"enabled,omitempty" pulumi:"enabled"`
	// Weekdays are the days of the window. Optional, default ["Saturday"]; each one of Weekdays.
	Weekdays []string `json:"weekdays,omitempty" pulumi:"weekdays"`
	// StartTime is the time of day, "HH:MM". Optional, default "03:00".
	StartTime string `json:"startTime,omitempty" pulumi:"startTime"`
	// UTCOffset is StartTime's offset from UTC, "+HH:MM" or "-HH:MM". Optional, default "+08:00".
	UTCOffset string `json:"utcOffset,omitempty" pulumi:"utcOffset"`
	// Duration is whole hours, "1h" to "24h". Optional, default "3h".
	Duration string `json:"duration,omitempty" pulumi:"duration"`
}

func (a AckClusterArgs) withDefaults() AckClusterArgs {
	out := a
	out.AckClusterSpec = a.AckClusterSpec.withDefaults()
	if out.ServiceCidr == "" {
		out.ServiceCidr = DefaultServiceCidr
	}
	return out
}

func (s AckClusterSpec) withDefaults() AckClusterSpec {
	out := s
	out.Autoscaler = s.Autoscaler.withDefaults()
	if out.Spec == "" {
		out.Spec = DefaultAckSpec
	}
	if out.ProxyMode == "" {
		out.ProxyMode = DefaultProxyMode
	}
	if out.DeletionProtection == nil {
		out.DeletionProtection = pulumi.BoolRef(true)
	}
	if out.EnableRrsa == nil {
		out.EnableRrsa = pulumi.BoolRef(true)
	}
	w := &out.MaintenanceWindow
	if w.Enabled == nil {
		w.Enabled = pulumi.BoolRef(true)
	}
	if len(w.Weekdays) == 0 {
		w.Weekdays = []string{DefaultWindowWeekday}
	}
	if w.StartTime == "" {
		w.StartTime = DefaultWindowStart
	}
	if w.UTCOffset == "" {
		w.UTCOffset = DefaultWindowOffset
	}
	if w.Duration == "" {
		w.Duration = DefaultWindowDuration
	}
	return out
}

var (
	ackVersionPattern = regexp.MustCompile(`^1\.[0-9]+\.[0-9]+-aliyun\.[0-9]+$`)
	clockPattern      = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)
	offsetPattern     = regexp.MustCompile(`^[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00)$`)
	hoursPattern      = regexp.MustCompile(`^([0-9]+)h$`)
	clusterNameChars  = regexp.MustCompile(`^[\p{Han}A-Za-z0-9][\p{Han}A-Za-z0-9_-]{0,62}$`)
)

// Validate reports every problem with the Args, defaults applied, with field paths relative to
// the Args (for example "maintenanceWindow.weekdays[1]"): the spec's (AckClusterSpec.Validate) and
// those of the fields the stack decides.
func (a AckClusterArgs) Validate() error {
	return a.withDefaults().validate()
}

func (a AckClusterArgs) validate() error {
	var l validation.List
	if a.ClusterName != "" {
		l.Merge("clusterName", ValidateAckClusterName(a.ClusterName))
	}
	if len(a.VSwitchIDs) == 0 {
		l.Required("vswitchIds", "is required: at least one node vSwitch")
	}
	if len(a.PodVSwitchIDs) != len(a.VSwitchIDs) {
		l.Invalid("podVswitchIds", len(a.PodVSwitchIDs), "must have one pod vSwitch per node vSwitch (%d)", len(a.VSwitchIDs))
	}
	l.CIDR("serviceCidr", a.ServiceCidr, 16, 24)
	a.AckClusterSpec.validate(&l)
	return l.Err()
}

// ValidateAckClusterName reports a problem with name as an ACK cluster's name, at the empty field
// path: the caller merges it under the key the name comes from (validation.List.Merge).
func ValidateAckClusterName(name string) error {
	var l validation.List
	if !clusterNameChars.MatchString(name) {
		l.Invalid("", name, "must be 1 to 63 letters, digits, Chinese characters, '-' or '_', not starting with '-' or '_'")
	}
	return l.Err()
}

// Validate reports every problem with the spec, defaults applied, at its stack-file keys (for
// example "maintenanceWindow.weekdays[1]").
func (s AckClusterSpec) Validate() error {
	var l validation.List
	s.withDefaults().validate(&l)
	return l.Err()
}

func (s AckClusterSpec) validate(l *validation.List) {
	if !slices.Contains(AckSpecs, s.Spec) {
		l.Invalid("spec", s.Spec, "must be one of %s", strings.Join(AckSpecs, ", "))
	}
	if s.KubernetesVersion != "" && !ackVersionPattern.MatchString(s.KubernetesVersion) {
		l.Invalid("kubernetesVersion", s.KubernetesVersion, "must be an ACK version such as 1.36.1-aliyun.1")
	}
	switch s.ProxyMode {
	case "ipvs", "iptables", "nftables":
	default:
		l.Invalid("proxyMode", s.ProxyMode, "must be ipvs, iptables or nftables")
	}
	for i, c := range s.ControlPlaneLogs {
		if !slices.Contains(ControlPlaneLogComponents, c) {
			l.Invalid(fmt.Sprintf("controlPlaneLogs[%d]", i), c, "must be one of %s", strings.Join(ControlPlaneLogComponents, ", "))
		}
	}
	w := s.MaintenanceWindow
	seen := map[string]bool{}
	for i, d := range w.Weekdays {
		field := fmt.Sprintf("maintenanceWindow.weekdays[%d]", i)
		if !slices.Contains(Weekdays, d) {
			l.Invalid(field, d, "must be one of %s", strings.Join(Weekdays, ", "))
		}
		if seen[d] {
			l.Invalid(field, d, "appears twice")
		}
		seen[d] = true
	}
	if !clockPattern.MatchString(w.StartTime) {
		l.Invalid("maintenanceWindow.startTime", w.StartTime, "must be a time of day HH:MM, 00:00 to 23:59")
	}
	if !offsetPattern.MatchString(w.UTCOffset) {
		l.Invalid("maintenanceWindow.utcOffset", w.UTCOffset, "must be an offset from UTC such as +08:00 or -05:00")
	}
	if m := hoursPattern.FindStringSubmatch(w.Duration); m == nil {
		l.Invalid("maintenanceWindow.duration", w.Duration, "must be whole hours such as 3h")
	} else if h, _ := strconv.Atoi(m[1]); h < 1 || h > 24 {
		l.Invalid("maintenanceWindow.duration", w.Duration, "must be 1h to 24h")
	}
	s.Autoscaler.validate(l, "autoscaler")
}

// maintenanceTime is the window's start as ACK takes it: an RFC 3339 time whose time of day and
// offset matter; the date is a fixed Saturday in the past.
func (w MaintenanceWindowArgs) maintenanceTime() string {
	return "2025-01-04T" + w.StartTime + ":00.000" + w.UTCOffset
}
