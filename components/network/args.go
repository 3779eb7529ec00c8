package network

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/zonestack/zonestack/internal/base/cloudrules"
	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
	"github.com/zonestack/zonestack/validation"
)

// Defaults, each stated on the field it applies to.
const (
	DefaultVpcCidr            = "10.0.0.0/16"
	DefaultServiceCidr        = "172.21.0.0/20"
	DefaultEipBandwidth       = 200
	DefaultInternetChargeType = "PayByTraffic"
)

// NetworkSpec is what a stack file says about a Network (zonestack:network on an alicloud stack):
// its address ranges and its egress. The region, zones, names and tags are the stack's and sit
// in NetworkArgs. Zero values mean "use the default".
type NetworkSpec struct {
	// VpcCidr is the VPC's IPv4 range. Optional, default 10.0.0.0/16; mask /8 to /24.
	VpcCidr string `json:"vpcCidr,omitempty" pulumi:"vpcCidr"`
	// ServiceCidr is the cluster's Kubernetes service range, kept out of the VPC. Optional,
	// default 172.21.0.0/20; mask /16 to /24 (ACK's range).
	ServiceCidr string `json:"serviceCidr,omitempty" pulumi:"serviceCidr"`
	// VSwitches set each zone's CIDRs. Optional: when empty, PlanAddresses carves them out of
	// VpcCidr. When set, there is one per zone.
	VSwitches []VSwitchArgs `json:"vswitches,omitempty" pulumi:"vswitches"`
	// Nat configures egress. Optional, default: a NAT gateway with one pay-by-traffic EIP.
	Nat NatArgs `json:"nat,omitempty" pulumi:"nat"`
}

// NetworkArgs are the inputs of a Network: the spec and what the stack decides. Zero values mean
// "use the default".
type NetworkArgs struct {
	NetworkSpec
	// Region is the Alibaba Cloud region, e.g. "cn-beijing". Required.
	Region string `pulumi:"region"`
	// Zones are the zones to span, e.g. cn-beijing-h, cn-beijing-g, cn-beijing-k. Required; each
	// must belong to Region.
	Zones []string `pulumi:"zones"`
	// NamePrefix starts the cloud name of every resource. Optional, default: the component name.
	NamePrefix string `pulumi:"namePrefix"`
	// Tags go on every resource that takes tags. Optional.
	Tags map[string]string `pulumi:"tags"`
}

// VSwitchArgs are one zone's CIDRs.
type VSwitchArgs struct {
	// Zone is one of NetworkArgs.Zones. Required.
	Zone string `json:"zone" pulumi:"zone"`
	// NodeCidr is the node vSwitch's range, inside the VPC; mask /16 to /29. Required.
	NodeCidr string `json:"nodeCidr" pulumi:"nodeCidr"`
	// PodCidr is the Terway pod vSwitch's range, inside the VPC; mask /16 to /29. Required.
	PodCidr string `json:"podCidr" pulumi:"podCidr"`
}

// NatArgs configure the NAT gateway and its elastic IP.
type NatArgs struct {
	// Enabled creates the NAT gateway, EIP and SNAT rules. Optional, default true: nodes pull
	// images from outside the VPC.
	Enabled *bool `json:"enabled,omitempty" pulumi:"enabled"`
	// EipBandwidth is the EIP's peak bandwidth in Mbit/s. Optional, default 200; 1 to 200 when
	// paid by traffic, 1 to 500 when paid by bandwidth (Alibaba Cloud's limits for pay-as-you-go
	// EIPs).
	EipBandwidth int `json:"eipBandwidth,omitempty" pulumi:"eipBandwidth"`
	// InternetChargeType is "PayByTraffic" (default) or "PayByBandwidth".
	InternetChargeType string `json:"internetChargeType,omitempty" pulumi:"internetChargeType"`
	// PerZone gives every zone its own egress: a NAT gateway and EIP in the zone, and a route
	// table attached to the zone's node and pod vSwitches whose default route leads to that
	// gateway, so the loss of one zone takes no other zone's Internet egress with it. Optional,
	// default false here; the zonestack program turns it on for production stacks. Cost: one more
	// NAT gateway and EIP per zone beyond the first (see the README's zone-loss section). Turning
	// it on or off changes the route tables, gateways and SNAT rules only, never the VPC or a
	// vSwitch: the first zone keeps the gateway and EIP a single-gateway network has.
	PerZone *bool `json:"perZone,omitempty" pulumi:"perZone"`
}

// IsPerZone says whether each zone gets its own NAT gateway (see PerZone).
func (n NatArgs) IsPerZone() bool { return n.PerZone != nil && *n.PerZone }

// withDefaults returns a copy of a with every default applied; a itself is not changed.
func (a NetworkArgs) withDefaults() NetworkArgs {
	out := a
	out.Zones = append([]string(nil), a.Zones...)
	out.NetworkSpec = a.NetworkSpec.withDefaults()
	return out
}

// withDefaults returns a copy of s with every default applied; s itself is not changed.
func (s NetworkSpec) withDefaults() NetworkSpec {
	out := s
	out.VSwitches = append([]VSwitchArgs(nil), s.VSwitches...)
	if out.VpcCidr == "" {
		out.VpcCidr = DefaultVpcCidr
	}
	if out.ServiceCidr == "" {
		out.ServiceCidr = DefaultServiceCidr
	}
	if out.Nat.Enabled == nil {
		enabled := true
		out.Nat.Enabled = &enabled
	}
	if out.Nat.EipBandwidth == 0 {
		out.Nat.EipBandwidth = DefaultEipBandwidth
	}
	if out.Nat.InternetChargeType == "" {
		out.Nat.InternetChargeType = DefaultInternetChargeType
	}
	return out
}

// Validate reports every problem with the Args, defaults applied, with field paths relative to
// the Args (for example "vswitches[1].podCidr"): the spec's (NetworkSpec.Validate) and the
// region's and zones' (ValidateZones).
func (a NetworkArgs) Validate() error {
	_, err := a.withDefaults().plan()
	return err
}

// Validate reports every problem with the spec of a network over zones, defaults applied, with
// field paths in the spec's keys (for example "vswitches[1].podCidr", "nat.eipBandwidth"). The
// zones themselves are checked by ValidateZones.
func (s NetworkSpec) Validate(zones []string) error {
	_, err := s.Plan(zones)
	return err
}

// ValidateZones reports the problems of the region and zones a Network spans, at "region" and
// "zones[i]": each zone is an Alibaba Cloud zone ID of the region, and appears once.
func ValidateZones(region string, zones []string) error {
	var l validation.List
	validateZones(&l, region, zones)
	return l.Err()
}

// zonePattern is how Alibaba Cloud names zones: the region ID, a dash, one lower-case letter
// (cn-beijing-h). A zone of another region, or a typo, does not match its region's prefix.
var zonePattern = regexp.MustCompile(`^[a-z]{2,}(-[a-z0-9]+)+-[a-z]$`)

func validateZones(l *validation.List, region string, zones []string) {
	if region == "" {
		l.Required("region", "")
	}
	if len(zones) == 0 {
		l.Required("zones", "is required: the zones the network spans")
	}
	seen := map[string]int{}
	for i, z := range zones {
		field := fmt.Sprintf("zones[%d]", i)
		switch {
		case !zonePattern.MatchString(z):
			l.Invalid(field, z, "must be an Alibaba Cloud zone ID such as %s-h", orExample(region))
		case region != "" && !inRegion(z, region):
			l.Invalid(field, z, "is not a zone of region %q; its zones are named %s-<letter>", region, region)
		}
		if j, dup := seen[z]; dup {
			l.Invalid(field, z, "duplicates zones[%d]; each zone appears once", j)
		}
		seen[z] = i
	}
}

// inRegion says whether zone z is named as a zone of region: "<region>-<one letter>".
func inRegion(z, region string) bool {
	suffix, ok := strings.CutPrefix(z, region+"-")
	return ok && len(suffix) == 1
}

func orExample(region string) string {
	if region == "" {
		return "cn-beijing"
	}
	return region
}

// eipPaymentType is how the egress EIP is paid for: by the hour, never a subscription.
const eipPaymentType = "PayAsYouGo"

// validateNat checks the EIP's charge type and bandwidth by the rules the EIP is registered under
// (internal/base/cloudrules), so that the stack file's error names its own field.
func validateNat(l *validation.List, n NatArgs) {
	eip := resource.PropertyMap{
		"internetChargeType": resource.NewProperty(n.InternetChargeType),
		"paymentType":        resource.NewProperty(eipPaymentType),
	}
	rules := cloudrules.Alicloud[rt.EcsEipAddress]
	if err := rules["internetChargeType"].Check(eip["internetChargeType"], eip); err != nil {
		l.Invalid("nat.internetChargeType", n.InternetChargeType, "%s", cloudrules.RuleOf(err))
		return
	}
	if err := rules["bandwidth"].Check(resource.NewProperty(n.bandwidth()), eip); err != nil {
		l.Invalid("nat.eipBandwidth", n.EipBandwidth, "%s", cloudrules.RuleOf(err))
	}
}

// bandwidth is the EIP bandwidth as the provider takes it: a string.
func (n NatArgs) bandwidth() string { return strconv.Itoa(n.EipBandwidth) }
