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
	// EgressIP is the public address of the NAT gateway's EIP; empty when NAT is disabled.
	EgressIP pulumi.StringOutput `pulumi:"egressIp"`

	// Plan is the address plan, known before anything is created.
	Plan AddressPlan
	// Zones are the zones in order; NodeVSwitches[i] and PodVSwitches[i] are in Zones[i].
	Zones []string

	// Child resources, as escape hatches.
	VPC           *vpc.Network
	NodeVSwitches []*vpc.Switch
	PodVSwitches  []*vpc.Switch
	SecurityGroup *ecs.SecurityGroup
	NatGateway    *vpc.NatGateway // nil when NAT is disabled
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
	tags := pulumi.ToStringMap(a.Tags)
	if len(a.Tags) == 0 {
		tags = nil
	}

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

	egress := pulumi.String("").ToStringOutput()
	if *a.Nat.Enabled {
		if egress, err = n.natEgress(ctx, name, a, nodeIDs, podIDs, tags); err != nil {
			return nil, err
		}
	}

	n.VpcID = n.VPC.ID()
	n.NodeVSwitchIDs = nodeIDs.ToStringArrayOutput()
	n.PodVSwitchIDs = podIDs.ToStringArrayOutput()
	n.SecurityGroupID = n.SecurityGroup.ID()
	n.EgressIP = egress
	if err := ctx.RegisterResourceOutputs(n, pulumi.Map{
		"vpcId":           n.VpcID,
		"nodeVswitchIds":  n.NodeVSwitchIDs,
		"podVswitchIds":   n.PodVSwitchIDs,
		"securityGroupId": n.SecurityGroupID,
		"egressIp":        n.EgressIP,
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

// natEgress registers the NAT gateway in the first zone's node vSwitch, its EIP, and one SNAT rule
// per vSwitch, and returns the egress address.
func (n *Network) natEgress(ctx *pulumi.Context, name string, a NetworkArgs, nodeIDs, podIDs pulumi.StringArray, tags pulumi.StringMapInput) (pulumi.StringOutput, error) {
	parent := pulumi.Parent(n)
	var err error
	n.NatGateway, err = vpc.NewNatGateway(ctx, name+"-nat", &vpc.NatGatewayArgs{
		VpcId:              n.VPC.ID(),
		VswitchId:          nodeIDs[0],
		NatGatewayName:     pulumi.String(a.NamePrefix + "-nat"),
		NatType:            pulumi.String("Enhanced"),
		NetworkType:        pulumi.String("internet"),
		PaymentType:        pulumi.String("PayAsYouGo"),
		InternetChargeType: pulumi.String("PayByLcu"),
		Description:        pulumi.String("egress of " + a.NamePrefix),
		Tags:               tags,
	}, parent)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	eip, err := ecs.NewEipAddress(ctx, name+"-eip", &ecs.EipAddressArgs{
		AddressName:        pulumi.String(a.NamePrefix + "-egress"),
		Bandwidth:          pulumi.String(a.Nat.bandwidth()),
		InternetChargeType: pulumi.String(a.Nat.InternetChargeType),
		PaymentType:        pulumi.String(eipPaymentType),
		Description:        pulumi.String("egress address of " + a.NamePrefix),
		Tags:               tags,
	}, parent)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	assoc, err := ecs.NewEipAssociation(ctx, name+"-eip-nat", &ecs.EipAssociationArgs{
		AllocationId: eip.ID(),
		InstanceId:   n.NatGateway.ID(),
		InstanceType: pulumi.String("Nat"),
	}, parent)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	// A SNAT rule needs the EIP bound to the gateway first; the API refuses it otherwise.
	afterBind := pulumi.DependsOn([]pulumi.Resource{assoc})
	for i, z := range n.Zones {
		for _, src := range []struct {
			kind string
			id   pulumi.StringInput
		}{{"node", nodeIDs[i]}, {"pod", podIDs[i]}} {
			if _, err := vpc.NewSnatEntry(ctx, fmt.Sprintf("%s-snat-%s-%s", name, src.kind, z), &vpc.SnatEntryArgs{
				SnatTableId:     n.NatGateway.SnatTableIds,
				SnatIp:          eip.IpAddress,
				SourceVswitchId: src.id,
				SnatEntryName:   pulumi.String(fmt.Sprintf("%s-%s-%s", a.NamePrefix, src.kind, z)),
			}, parent, afterBind); err != nil {
				return pulumi.StringOutput{}, err
			}
		}
	}
	return eip.IpAddress, nil
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
