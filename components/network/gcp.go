package network

import (
	"errors"
	"fmt"
	"net/netip"
	"regexp"

	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp/compute"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/validation"
)

const gcpNetworkType = "zonestack:network:GcpNetwork"

// Defaults of a GcpNetwork: one regional subnetwork for the nodes with secondary ranges for
// pods and Services (VPC-native GKE), and the private control plane's range.
const (
	DefaultGcpNodeCidr    = "10.0.0.0/20"
	DefaultGcpPodCidr     = "10.4.0.0/14"
	DefaultGcpServiceCidr = "10.8.0.0/20"
	DefaultGcpMasterCidr  = "172.16.0.0/28"
	// GcpPodRange and GcpServiceRange name the subnetwork's secondary ranges.
	GcpPodRange     = "pods"
	GcpServiceRange = "services"
)

// GcpNetworkSpec is what a stack file says about a GcpNetwork (zonestack:network on a gcp stack):
// the subnetwork's primary and secondary ranges and the control plane's. Zero values mean "use
// the default"; the ranges must not overlap one another.
type GcpNetworkSpec struct {
	// NodeCidr is the subnetwork's primary range, the nodes'. Optional, default 10.0.0.0/20.
	NodeCidr string `json:"nodeCidr,omitempty" pulumi:"nodeCidr"`
	// PodCidr is the pods' secondary range. Optional, default 10.4.0.0/14.
	PodCidr string `json:"podCidr,omitempty" pulumi:"podCidr"`
	// ServiceCidr is the Services' secondary range. Optional, default 10.8.0.0/20.
	ServiceCidr string `json:"serviceCidr,omitempty" pulumi:"serviceCidr"`
	// MasterCidr is the /28 GKE puts the private control plane's endpoint in. Optional, default
	// 172.16.0.0/28.
	MasterCidr string `json:"masterCidr,omitempty" pulumi:"masterCidr"`
}

// GcpNetworkArgs are the inputs of a GcpNetwork: the spec and what the stack decides. Zero values
// mean "use the default".
type GcpNetworkArgs struct {
	GcpNetworkSpec
	// Region of the subnetwork, router and NAT. Required.
	Region string `pulumi:"region"`
	// Project holds the network. Optional: the provider's.
	Project string `pulumi:"project"`
	// NamePrefix names the network's resources. Required; a Compute Engine name (CheckGcpName).
	NamePrefix string `pulumi:"namePrefix"`
}

// GcpNetwork is a custom-mode VPC with one regional subnetwork and Cloud NAT: a subnetwork spans
// every zone of its region, and Cloud NAT is regional too, so a zone's loss costs neither
// addresses nor egress.
type GcpNetwork struct {
	pulumi.ResourceState

	NetworkID    pulumi.StringOutput `pulumi:"networkId"`
	SubnetworkID pulumi.StringOutput `pulumi:"subnetworkId"`
	// Args are the args, defaults applied: the GKE cluster reads its ranges from them.
	Args GcpNetworkArgs
}

var gcpName = regexp.MustCompile(`^[a-z]([-a-z0-9]{0,50}[a-z0-9])?$`)

func (a GcpNetworkArgs) withDefaults() GcpNetworkArgs {
	out := a
	out.GcpNetworkSpec = a.GcpNetworkSpec.withDefaults()
	return out
}

func (s GcpNetworkSpec) withDefaults() GcpNetworkSpec {
	out := s
	for _, d := range []struct {
		f   *string
		def string
	}{{&out.NodeCidr, DefaultGcpNodeCidr}, {&out.PodCidr, DefaultGcpPodCidr}, {&out.ServiceCidr, DefaultGcpServiceCidr}, {&out.MasterCidr, DefaultGcpMasterCidr}} {
		if *d.f == "" {
			*d.f = d.def
		}
	}
	return out
}

// Validate reports every problem with the args, defaults applied: the spec's and the region's and
// name prefix's.
func (a GcpNetworkArgs) Validate() error {
	a = a.withDefaults()
	var l validation.List
	if a.Region == "" {
		l.Required("region", "")
	}
	if err := CheckGcpName(a.NamePrefix); err != nil {
		l.Invalid("namePrefix", a.NamePrefix, "%s", err)
	}
	a.GcpNetworkSpec.validate(&l)
	return l.Err()
}

// Validate reports every problem with the spec, defaults applied, with field paths in the spec's
// keys (for example "masterCidr").
func (s GcpNetworkSpec) Validate() error {
	var l validation.List
	s.withDefaults().validate(&l)
	return l.Err()
}

// CheckGcpName says whether name can name a GcpNetwork's resources (GcpNetworkArgs.NamePrefix):
// nil, or the rule it breaks.
func CheckGcpName(name string) error {
	if !gcpName.MatchString(name) {
		return errors.New("must be a Compute Engine name: lower-case letters, digits and '-', starting with a letter")
	}
	return nil
}

// validate records the problems of s, defaults applied, in l.
func (s GcpNetworkSpec) validate(l *validation.List) {
	var ranges []netip.Prefix
	var names []string
	for _, r := range []struct {
		field, cidr string
	}{{"nodeCidr", s.NodeCidr}, {"podCidr", s.PodCidr}, {"serviceCidr", s.ServiceCidr}, {"masterCidr", s.MasterCidr}} {
		p, err := netip.ParsePrefix(r.cidr)
		if err != nil || p.Masked() != p || !p.Addr().Is4() || !p.Addr().IsPrivate() {
			l.Invalid(r.field, r.cidr, "must be a private IPv4 CIDR such as 10.0.0.0/20")
			continue
		}
		if r.field == "masterCidr" && p.Bits() != 28 {
			l.Invalid(r.field, r.cidr, "must be a /28: GKE's rule for the private control plane")
		}
		for i, q := range ranges {
			if q.Overlaps(p) {
				l.Invalid(r.field, r.cidr, "overlaps %s %s", names[i], q)
			}
		}
		ranges, names = append(ranges, p), append(names, r.field)
	}
}

// NewGcpNetwork validates args and registers the network, its subnetwork, a router and Cloud NAT.
func NewGcpNetwork(ctx *pulumi.Context, name string, args *GcpNetworkArgs, opts ...pulumi.ResourceOption) (*GcpNetwork, error) {
	if args == nil {
		return nil, fmt.Errorf("gcp network %q: args are required", name)
	}
	a := args.withDefaults()
	if err := a.Validate(); err != nil {
		return nil, fmt.Errorf("gcp network %q: %w", name, err)
	}
	n := &GcpNetwork{Args: a}
	if err := ctx.RegisterComponentResource(gcpNetworkType, name, n, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(n)
	project := func() pulumi.StringPtrInput {
		if a.Project == "" {
			return nil
		}
		return pulumi.String(a.Project)
	}
	vpc, err := compute.NewNetwork(ctx, name+"-vpc", &compute.NetworkArgs{
		Name: pulumi.String(a.NamePrefix), AutoCreateSubnetworks: pulumi.Bool(false), RoutingMode: pulumi.String("REGIONAL"), Project: project(),
	}, parent)
	if err != nil {
		return nil, err
	}
	sub, err := compute.NewSubnetwork(ctx, name+"-nodes", &compute.SubnetworkArgs{
		Name: pulumi.String(a.NamePrefix + "-nodes"), Network: vpc.ID(), Region: pulumi.String(a.Region), Project: project(),
		IpCidrRange: pulumi.String(a.NodeCidr),
		// Private nodes reach Google APIs (the image registry among them) without a public address.
		PrivateIpGoogleAccess: pulumi.Bool(true),
		SecondaryIpRanges: compute.SubnetworkSecondaryIpRangeArray{
			compute.SubnetworkSecondaryIpRangeArgs{RangeName: pulumi.String(GcpPodRange), IpCidrRange: pulumi.String(a.PodCidr)},
			compute.SubnetworkSecondaryIpRangeArgs{RangeName: pulumi.String(GcpServiceRange), IpCidrRange: pulumi.String(a.ServiceCidr)},
		},
	}, parent)
	if err != nil {
		return nil, err
	}
	router, err := compute.NewRouter(ctx, name+"-router", &compute.RouterArgs{
		Name: pulumi.String(a.NamePrefix + "-router"), Network: vpc.ID(), Region: pulumi.String(a.Region), Project: project(),
	}, parent)
	if err != nil {
		return nil, err
	}
	if _, err := compute.NewRouterNat(ctx, name+"-nat", &compute.RouterNatArgs{
		Name: pulumi.String(a.NamePrefix + "-nat"), Router: router.Name, Region: pulumi.String(a.Region), Project: project(),
		NatIpAllocateOption:           pulumi.String("AUTO_ONLY"),
		SourceSubnetworkIpRangesToNat: pulumi.String("ALL_SUBNETWORKS_ALL_IP_RANGES"),
	}, parent); err != nil {
		return nil, err
	}
	n.NetworkID, n.SubnetworkID = vpc.ID().ToStringOutput(), sub.ID().ToStringOutput()
	if err := ctx.RegisterResourceOutputs(n, pulumi.Map{"networkId": n.NetworkID, "subnetworkId": n.SubnetworkID}); err != nil {
		return nil, err
	}
	return n, nil
}
