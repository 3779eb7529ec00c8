package network

import (
	"fmt"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/ecs"
	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const networkType = "zonestack:network:Network"

// Network is a VPC over several zones with per-zone node and pod vSwitches, a security group and
// NAT egress.
type Network struct {
	pulumi.ResourceState

	// VpcID is the VPC's ID.
	VpcID pulumi.IDOutput `pulumi:"vpcId"`
	// NodeVSwitchIDs are the node vSwitches' IDs, in zone order.
	NodeVSwitchIDs pulumi.StringArrayOutput `pulumi:"nodeVswitchIds"`
	// PodVSwitchIDs are the Terway pod vSwitches' IDs, in zone order.
	PodVSwitchIDs pulumi.StringArrayOutput `pulumi:"podVswitchIds"`
	// SecurityGroupID is the security group for the cluster's nodes.
	SecurityGroupID pulumi.IDOutput `pulumi:"securityGroupId"`
	// EgressIP is the public address of the first zone's NAT gateway's EIP, the only one unless
	// NAT is per zone; empty when NAT is disabled.
	EgressIP pulumi.StringOutput `pulumi:"egressIp"`
	// EgressIPs are the addresses each zone's traffic leaves from, in zone order: one address for
	// every zone with one gateway, each zone's own with NatArgs.PerZone; empty when NAT is
	// disabled.
	EgressIPs pulumi.StringArrayOutput `pulumi:"egressIps"`

	// Plan is the address plan, known before anything is created.
	Plan AddressPlan
	// Zones are the zones in order; NodeVSwitches[i] and PodVSwitches[i] are in Zones[i].
	Zones []string

	// Child resources, as escape hatches.
	VPC           *vpc.Network
	NodeVSwitches []*vpc.Switch
	PodVSwitches  []*vpc.Switch
	SecurityGroup *ecs.SecurityGroup
	NatGateway    *vpc.NatGateway // the first zone's; nil when NAT is disabled
	// NatGateways are every gateway, the first zone's first: one, or one per zone.
	NatGateways []*vpc.NatGateway
	// RouteTables are the zones' route tables, in zone order; none unless NAT is per zone.
	RouteTables []*vpc.RouteTable
}

// NewNetwork validates args and registers a Network. On invalid args it returns every problem and
// registers nothing.
func NewNetwork(ctx *pulumi.Context, name string, args *NetworkArgs, opts ...pulumi.ResourceOption) (*Network, error) {
	if args == nil {
		return nil, fmt.Errorf("network %q: args are required", name)
	}
	a := args.withDefaults()
	plan, err := a.plan()
	if err != nil {
		return nil, fmt.Errorf("network %q: %w", name, err)
	}
	if a.NamePrefix == "" {
		a.NamePrefix = name
	}
	n := &Network{Plan: plan, Zones: a.Zones}
	if err := ctx.RegisterComponentResource(networkType, name, n, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(n)
	tags := tagsInput(a.Tags)

	n.VPC, err = vpc.NewNetwork(ctx, name+"-vpc", &vpc.NetworkArgs{
		VpcName:     pulumi.String(a.NamePrefix + "-vpc"),
		CidrBlock:   pulumi.String(plan.VpcCidr),
		Description: pulumi.String("zonestack network over " + fmt.Sprint(a.Zones)),
		Tags:        tags,
	}, parent)
	if err != nil {
		return nil, err
	}
	vpcID := n.VPC.ID().ToStringOutput()

	var nodeIDs, podIDs pulumi.StringArray
	for _, z := range plan.Zones {
		for _, role := range []struct {
			kind, cidr string
			into       *[]*vpc.Switch
			ids        *pulumi.StringArray
		}{
			{"node", z.NodeCidr, &n.NodeVSwitches, &nodeIDs},
			{"pod", z.PodCidr, &n.PodVSwitches, &podIDs},
		} {
			sw, err := vpc.NewSwitch(ctx, fmt.Sprintf("%s-vsw-%s-%s", name, role.kind, z.Zone), &vpc.SwitchArgs{
				VpcId:       vpcID,
				CidrBlock:   pulumi.String(role.cidr),
				ZoneId:      pulumi.String(z.Zone),
				VswitchName: pulumi.String(fmt.Sprintf("%s-%s-%s", a.NamePrefix, role.kind, z.Zone)),
				Description: pulumi.String(role.kind + " vSwitch of zone " + z.Zone),
				Tags:        tags,
			}, parent)
			if err != nil {
				return nil, err
			}
			*role.into = append(*role.into, sw)
			*role.ids = append(*role.ids, sw.ID().ToStringOutput())
		}
	}

	// An enterprise group: Terway gives every pod an address on an ENI in the nodes' group, and a
	// basic group holds at most 2,000 of nodes and pods together (ACK's Terway documentation). An
	// enterprise group lets no member reach another by default, and its inner policy cannot be
	// set, so the rules below say what the cluster needs. The type is ForceNew, and a new group
	// would replace the cluster that uses it: a group that exists keeps its type and policy.
	n.SecurityGroup, err = ecs.NewSecurityGroup(ctx, name+"-sg", &ecs.SecurityGroupArgs{
		VpcId:             vpcID,
		SecurityGroupName: pulumi.String(a.NamePrefix + "-nodes"),
		SecurityGroupType: pulumi.String(SecurityGroupType),
		Description:       pulumi.String("nodes and pods of " + a.NamePrefix),
		Tags:              tags,
	}, parent, pulumi.IgnoreChanges([]string{"securityGroupType", "innerAccessPolicy"}))
	if err != nil {
		return nil, err
	}
	for _, r := range securityGroupRules(plan.VpcCidr) {
		if _, err := ecs.NewSecurityGroupRule(ctx, name+"-sg-"+r.name, &ecs.SecurityGroupRuleArgs{
			Type:            pulumi.String(r.direction),
			IpProtocol:      pulumi.String(r.protocol),
			PortRange:       pulumi.String("-1/-1"),
			CidrIp:          pulumi.String(r.cidr),
			SecurityGroupId: n.SecurityGroup.ID(),
			Policy:          pulumi.String("accept"),
			Priority:        pulumi.Int(1),
			NicType:         pulumi.String("intranet"),
			Description:     pulumi.String(r.description),
		}, parent); err != nil {
			return nil, err
		}
	}

	egress := pulumi.StringArray{}
	if *a.Nat.Enabled {
		if egress, err = n.natEgress(ctx, name, a, nodeIDs, podIDs, tags); err != nil {
			return nil, err
		}
	}

	n.VpcID = n.VPC.ID()
	n.NodeVSwitchIDs = nodeIDs.ToStringArrayOutput()
	n.PodVSwitchIDs = podIDs.ToStringArrayOutput()
	n.SecurityGroupID = n.SecurityGroup.ID()
	n.EgressIPs = egress.ToStringArrayOutput()
	n.EgressIP = pulumi.String("").ToStringOutput()
	if len(egress) > 0 {
		n.EgressIP = egress[0].ToStringOutput()
	}
	if err := ctx.RegisterResourceOutputs(n, pulumi.Map{
		"vpcId":           n.VpcID,
		"nodeVswitchIds":  n.NodeVSwitchIDs,
		"podVswitchIds":   n.PodVSwitchIDs,
		"securityGroupId": n.SecurityGroupID,
		"egressIp":        n.EgressIP,
		"egressIps":       n.EgressIPs,
	}); err != nil {
		return nil, err
	}
	return n, nil
}

// SecurityGroupType is the nodes' group's type (see NewNetwork).
const SecurityGroupType = "enterprise"

// sgRule is one rule of the nodes' security group.
type sgRule struct{ name, direction, protocol, cidr, description string }

// securityGroupRules are the rules ACK documents for a cluster's own security group ("Configure
// security group rules to enforce access control on ACK clusters"), which an enterprise group
// needs written out: nodes and Terway pods have VPC addresses and reach each other across zones;
// Alibaba Cloud's services (load balancer health checks among them) come from 100.64.0.0/10;
// ICMP keeps path MTU discovery working; and everything may go out (the NAT gateway decides what
// reaches the Internet).
func securityGroupRules(vpcCidr string) []sgRule {
	return []sgRule{
		{"vpc-ingress", "ingress", "all", vpcCidr, "all traffic from inside the VPC"},
		{"cloud-ingress", "ingress", "all", "100.64.0.0/10", "Alibaba Cloud services, load balancer health checks among them"},
		{"icmp-ingress", "ingress", "icmp", "0.0.0.0/0", "ICMP, for path MTU discovery"},
		{"egress", "egress", "all", "0.0.0.0/0", "everything out; the NAT gateway decides what reaches the Internet"},
	}
}

// natEgress registers the egress of the network's zones and returns each zone's egress address,
// in zone order. With one gateway (the default), it sits in the first zone's node vSwitch, and
// every vSwitch leaves through it by the VPC's system route table, whose default route Alibaba
// Cloud points at the first enhanced NAT gateway of a VPC (CreateNatGateway's usage notes). Per
// zone (NatArgs.PerZone), every zone gets its own gateway and EIP, and a route table of its own
// attached to its two vSwitches, its default route to that gateway: a custom table, because the
// system table holds one default route for the whole VPC.
func (n *Network) natEgress(ctx *pulumi.Context, name string, a NetworkArgs, nodeIDs, podIDs pulumi.StringArray, tags pulumi.StringMapInput) (pulumi.StringArray, error) {
	ips := make(pulumi.StringArray, len(n.Zones))
	gateways := 1
	if a.Nat.IsPerZone() {
		gateways = len(n.Zones)
	}
	for g := range gateways {
		// The zones that leave through gateway g: its own, or every zone when it is the only one.
		served := []int{g}
		if gateways == 1 {
			served = nil
			for i := range n.Zones {
				served = append(served, i)
			}
		}
		gw, err := n.natGateway(ctx, name, a, g, nodeIDs[g], tags)
		if err != nil {
			return nil, err
		}
		for _, i := range served {
			z := n.Zones[i]
			ips[i] = gw.ip
			var snats []pulumi.Resource
			for _, src := range []struct {
				kind string
				id   pulumi.StringInput
			}{{"node", nodeIDs[i]}, {"pod", podIDs[i]}} {
				snat, err := vpc.NewSnatEntry(ctx, fmt.Sprintf("%s-snat-%s-%s", name, src.kind, z), &vpc.SnatEntryArgs{
					SnatTableId:     gw.nat.SnatTableIds,
					SnatIp:          gw.ip,
					SourceVswitchId: src.id,
					SnatEntryName:   pulumi.String(fmt.Sprintf("%s-%s-%s", a.NamePrefix, src.kind, z)),
				}, pulumi.Parent(n), gw.bound)
				if err != nil {
					return nil, err
				}
				snats = append(snats, snat)
			}
			if gateways > 1 {
				if err := n.zoneRoute(ctx, name, a, z, gw.nat, nodeIDs[i], podIDs[i], snats); err != nil {
					return nil, err
				}
			}
		}
	}
	return ips, nil
}

// egressGateway is one NAT gateway with its EIP bound.
type egressGateway struct {
	nat *vpc.NatGateway
	ip  pulumi.StringOutput
	// bound orders what needs the EIP on the gateway after the binding: the API refuses a SNAT
	// rule on an address the gateway does not hold.
	bound pulumi.ResourceOption
}

// natGateway registers gateway g (in zone g's node vSwitch), its EIP and the binding. The first
// keeps the names a single-gateway network has, so turning PerZone on or off never replaces it.
func (n *Network) natGateway(ctx *pulumi.Context, name string, a NetworkArgs, g int, vswitch pulumi.StringInput, tags pulumi.StringMapInput) (egressGateway, error) {
	suffix, of := "", a.NamePrefix
	if g > 0 {
		suffix, of = "-"+n.Zones[g], a.NamePrefix+" in "+n.Zones[g]
	}
	parent := pulumi.Parent(n)
	nat, err := vpc.NewNatGateway(ctx, name+"-nat"+suffix, &vpc.NatGatewayArgs{
		VpcId:              n.VPC.ID(),
		VswitchId:          vswitch,
		NatGatewayName:     pulumi.String(a.NamePrefix + "-nat" + suffix),
		NatType:            pulumi.String("Enhanced"),
		NetworkType:        pulumi.String("internet"),
		PaymentType:        pulumi.String("PayAsYouGo"),
		InternetChargeType: pulumi.String("PayByLcu"),
		Description:        pulumi.String("egress of " + of),
		Tags:               tags,
	}, parent)
	if err != nil {
		return egressGateway{}, err
	}
	if g == 0 {
		n.NatGateway = nat
	}
	n.NatGateways = append(n.NatGateways, nat)
	eip, err := ecs.NewEipAddress(ctx, name+"-eip"+suffix, &ecs.EipAddressArgs{
		AddressName:        pulumi.String(a.NamePrefix + "-egress" + suffix),
		Bandwidth:          pulumi.String(a.Nat.bandwidth()),
		InternetChargeType: pulumi.String(a.Nat.InternetChargeType),
		PaymentType:        pulumi.String(eipPaymentType),
		Description:        pulumi.String("egress address of " + of),
		Tags:               tags,
	}, parent)
	if err != nil {
		return egressGateway{}, err
	}
	assoc, err := ecs.NewEipAssociation(ctx, name+"-eip-nat"+suffix, &ecs.EipAssociationArgs{
		AllocationId: eip.ID(),
		InstanceId:   nat.ID(),
		InstanceType: pulumi.String("Nat"),
	}, parent)
	if err != nil {
		return egressGateway{}, err
	}
	return egressGateway{nat: nat, ip: eip.IpAddress, bound: pulumi.DependsOn([]pulumi.Resource{assoc})}, nil
}

// zoneRoute registers zone z's route table, its default route to the zone's gateway, and its
// attachment to the zone's node and pod vSwitches. A vSwitch is attached only once its zone's
// route and SNAT rules exist: attached earlier, its traffic would reach a gateway that does not
// yet translate it.
func (n *Network) zoneRoute(ctx *pulumi.Context, name string, a NetworkArgs, z string, nat *vpc.NatGateway, node, pod pulumi.StringInput, snats []pulumi.Resource) error {
	parent := pulumi.Parent(n)
	table, err := vpc.NewRouteTable(ctx, name+"-rt-"+z, &vpc.RouteTableArgs{
		VpcId:          n.VPC.ID().ToStringOutput(),
		RouteTableName: pulumi.String(a.NamePrefix + "-" + z),
		AssociateType:  pulumi.String("VSwitch"),
		Description:    pulumi.String("egress of zone " + z + " through its own NAT gateway"),
		Tags:           tagsInput(a.Tags),
	}, parent)
	if err != nil {
		return err
	}
	n.RouteTables = append(n.RouteTables, table)
	route, err := vpc.NewRouteEntry(ctx, name+"-rt-"+z+"-default", &vpc.RouteEntryArgs{
		RouteTableId:         table.ID().ToStringOutput(),
		DestinationCidrblock: pulumi.String("0.0.0.0/0"),
		NexthopType:          pulumi.String("NatGateway"),
		NexthopId:            nat.ID().ToStringOutput(),
		Name:                 pulumi.String(a.NamePrefix + "-default-" + z),
	}, parent)
	if err != nil {
		return err
	}
	ready := pulumi.DependsOn(append([]pulumi.Resource{route}, snats...))
	for _, vsw := range []struct {
		kind string
		id   pulumi.StringInput
	}{{"node", node}, {"pod", pod}} {
		if _, err := vpc.NewRouteTableAttachment(ctx, fmt.Sprintf("%s-rt-%s-%s", name, vsw.kind, z), &vpc.RouteTableAttachmentArgs{
			RouteTableId: table.ID().ToStringOutput(),
			VswitchId:    vsw.id,
		}, parent, ready); err != nil {
			return err
		}
	}
	return nil
}

// tagsInput is the tags input, nil when there are none.
func tagsInput(t map[string]string) pulumi.StringMapInput {
	if len(t) == 0 {
		return nil
	}
	return pulumi.ToStringMap(t)
}

// VSwitchIDs returns the node and pod vSwitch IDs one per zone, in zone order, as the inputs
// cluster components take (their count is known before the IDs are).
func (n *Network) VSwitchIDs() (nodes, pods []pulumi.StringInput) {
	for i := range n.Zones {
		nodes = append(nodes, n.NodeVSwitches[i].ID().ToStringOutput())
		pods = append(pods, n.PodVSwitches[i].ID().ToStringOutput())
	}
	return nodes, pods
}
