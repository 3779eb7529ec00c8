package network

import (
	"fmt"
	"net/netip"

	"github.com/zonestack/zonestack/validation"
)

// AddressPlan is the address layout of a Network: known before anything is created, so other
// components and the offline tools can use it.
type AddressPlan struct {
	VpcCidr     string        `pulumi:"vpcCidr"`
	ServiceCidr string        `pulumi:"serviceCidr"`
	Zones       []VSwitchArgs `pulumi:"zones"`
}

// PlanAddresses returns the address plan of args, defaults applied: the given vSwitch CIDRs, or
// when none are given, ones carved out of the VPC CIDR. The VPC is cut into 8 equal blocks: zone
// i's pod vSwitch is block i, the large one, because Terway gives every pod a VPC address; the
// last block is cut again into 8 node vSwitches. A /16 gives /19 pod vSwitches (8,189 addresses
// each) and /22 node vSwitches (1,021 each), for up to 7 zones. The cut does not depend on how
// many zones there are, so appending a zone leaves every existing vSwitch as it is.
func PlanAddresses(args NetworkArgs) (AddressPlan, error) {
	return args.withDefaults().plan()
}

// Plan returns the address plan of the spec over zones, defaults applied, as PlanAddresses does
// for Args of these zones; its problems are the spec's (see Validate).
func (s NetworkSpec) Plan(zones []string) (AddressPlan, error) {
	var l validation.List
	plan := s.withDefaults().plan(&l, zones)
	if err := l.Err(); err != nil {
		return AddressPlan{}, err
	}
	return plan, nil
}

func (a NetworkArgs) plan() (AddressPlan, error) {
	var l validation.List
	validateZones(&l, a.Region, a.Zones)
	plan := a.NetworkSpec.plan(&l, a.Zones)
	if err := l.Err(); err != nil {
		return AddressPlan{}, err
	}
	return plan, nil
}

// plan records the spec's problems (defaults applied) in l and returns its plan over zones.
func (s NetworkSpec) plan(l *validation.List, zones []string) AddressPlan {
	validateNat(l, s.Nat)
	vpc, vpcOK := l.CIDR("vpcCidr", s.VpcCidr, 8, 24)
	svc, svcOK := l.CIDR("serviceCidr", s.ServiceCidr, 16, 24)
	if vpcOK && svcOK && vpc.Overlaps(svc) {
		l.Invalid("serviceCidr", s.ServiceCidr, "overlaps vpcCidr %s; service addresses must not be VPC addresses", s.VpcCidr)
	}
	plan := AddressPlan{VpcCidr: s.VpcCidr, ServiceCidr: s.ServiceCidr}
	switch {
	case len(s.VSwitches) > 0:
		plan.Zones = s.VSwitches
		checkGivenVSwitches(l, s, zones, vpc, vpcOK, svc, svcOK)
	case vpcOK && len(zones) > 0:
		carved, err := carve(vpc, zones)
		if err != nil {
			l.Invalid("vpcCidr", s.VpcCidr, "%v", err)
		}
		plan.Zones = carved
	}
	return plan
}

func checkGivenVSwitches(l *validation.List, a NetworkSpec, zones []string, vpc netip.Prefix, vpcOK bool, svc netip.Prefix, svcOK bool) {
	if len(a.VSwitches) != len(zones) {
		l.Invalid("vswitches", len(a.VSwitches), "must have one entry per zone (%d zones)", len(zones))
	}
	type taken struct {
		field  string
		prefix netip.Prefix
	}
	var seen []taken
	zoneOf := map[string]int{}
	for i, v := range a.VSwitches {
		base := fmt.Sprintf("vswitches[%d]", i)
		known := false
		for _, z := range zones {
			known = known || z == v.Zone
		}
		switch {
		case v.Zone == "":
			l.Required(base+".zone", "")
		case !known:
			l.Invalid(base+".zone", v.Zone, "must be one of zones %v", zones)
		}
		if j, dup := zoneOf[v.Zone]; dup && v.Zone != "" {
			l.Invalid(base+".zone", v.Zone, "duplicates vswitches[%d].zone", j)
		}
		zoneOf[v.Zone] = i
		for _, c := range []struct{ field, cidr string }{{base + ".nodeCidr", v.NodeCidr}, {base + ".podCidr", v.PodCidr}} {
			p, ok := l.CIDR(c.field, c.cidr, 16, 29)
			if !ok {
				continue
			}
			if vpcOK && !(vpc.Contains(p.Addr()) && p.Bits() >= vpc.Bits()) {
				l.Invalid(c.field, c.cidr, "must be inside vpcCidr %s", a.VpcCidr)
			}
			if svcOK && p.Overlaps(svc) {
				l.Invalid(c.field, c.cidr, "overlaps serviceCidr %s", a.ServiceCidr)
			}
			for _, t := range seen {
				if t.prefix.Overlaps(p) {
					l.Invalid(c.field, c.cidr, "overlaps %s %s", t.field, t.prefix)
				}
			}
			seen = append(seen, taken{c.field, p})
		}
	}
}

// planBits is log2 of the blocks the VPC is cut into: 8 blocks, 7 zones at most.
const planBits = 3

// carve plans the vSwitch CIDRs of zones out of vpc (see PlanAddresses).
func carve(vpc netip.Prefix, zones []string) ([]VSwitchArgs, error) {
	if max := 1<<planBits - 1; len(zones) > max {
		return nil, fmt.Errorf("can be planned for at most %d zones (got %d); set network.vswitches", max, len(zones))
	}
	podBits := vpc.Bits() + planBits
	nodeBits := podBits + planBits
	if nodeBits > 29 {
		return nil, fmt.Errorf("is too small to plan vSwitches in (node vSwitches would be /%d, smaller than /29); use /23 or larger, or set network.vswitches", nodeBits)
	}
	blocks := subnets(vpc, podBits)
	nodes := subnets(blocks[len(blocks)-1], nodeBits)
	out := make([]VSwitchArgs, len(zones))
	for i, z := range zones {
		out[i] = VSwitchArgs{Zone: z, NodeCidr: nodes[i].String(), PodCidr: blocks[i].String()}
	}
	return out, nil
}

// subnets splits p into all of its sub-prefixes of length b, in address order.
func subnets(p netip.Prefix, b int) []netip.Prefix {
	n := 1 << (b - p.Bits())
	out := make([]netip.Prefix, 0, n)
	size := uint32(1) << (32 - b)
	base := p.Addr().As4()
	start := uint32(base[0])<<24 | uint32(base[1])<<16 | uint32(base[2])<<8 | uint32(base[3])
	for i := 0; i < n; i++ {
		a := start + uint32(i)*size
		addr := netip.AddrFrom4([4]byte{byte(a >> 24), byte(a >> 16), byte(a >> 8), byte(a)})
		out = append(out, netip.PrefixFrom(addr, b))
	}
	return out
}

// PlanServiceCidr is the Kubernetes service CIDR of args with the default applied, for the
// cluster built in this network.
func PlanServiceCidr(args NetworkArgs) string {
	return args.withDefaults().ServiceCidr
}

// PlanVpcCidr is the VPC CIDR of args with the default applied.
func PlanVpcCidr(args NetworkArgs) string {
	return args.withDefaults().VpcCidr
}
