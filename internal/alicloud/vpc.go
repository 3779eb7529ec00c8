package alicloud

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// Type tokens of the VPC resources, exactly as the provider declares them.
const (
	NetworkToken    = "alicloud:vpc/network:Network"
	SwitchToken     = "alicloud:vpc/switch:Switch"
	NatGatewayToken = "alicloud:vpc/natGateway:NatGateway"
	SnatEntryToken  = "alicloud:vpc/snatEntry:SnatEntry"
)

// NetworkArgs are the inputs of a VPC (alicloud:vpc/network:Network).
type NetworkArgs struct {
	// CidrBlock is the VPC's IPv4 CIDR block. Required.
	CidrBlock       pulumi.StringInput    `pulumi:"cidrBlock" required:"true"`
	VpcName         pulumi.StringInput    `pulumi:"vpcName"`
	Description     pulumi.StringInput    `pulumi:"description"`
	ResourceGroupID pulumi.StringInput    `pulumi:"resourceGroupId"`
	Tags            pulumi.StringMapInput `pulumi:"tags"`
}

// Network is a VPC.
type Network struct {
	pulumi.CustomResourceState

	CidrBlock    pulumi.StringOutput `pulumi:"cidrBlock"`
	VpcName      pulumi.StringOutput `pulumi:"vpcName"`
	RouteTableID pulumi.StringOutput `pulumi:"routeTableId"`
	RouterID     pulumi.StringOutput `pulumi:"routerId"`
	Status       pulumi.StringOutput `pulumi:"status" mock:"Available"`
}

// NewNetwork registers a VPC.
func NewNetwork(ctx *pulumi.Context, name string, args *NetworkArgs, opts ...pulumi.ResourceOption) (*Network, error) {
	return newResource[Network](ctx, NetworkToken, name, args, opts)
}

// SwitchArgs are the inputs of a vSwitch (alicloud:vpc/switch:Switch), a zonal subnet of a VPC.
type SwitchArgs struct {
	// VpcID, CidrBlock and ZoneID are optional in the schema but the API rejects a vSwitch without them.
	VpcID       pulumi.StringInput    `pulumi:"vpcId" required:"true"`
	CidrBlock   pulumi.StringInput    `pulumi:"cidrBlock" required:"true"`
	ZoneID      pulumi.StringInput    `pulumi:"zoneId" required:"true"`
	VswitchName pulumi.StringInput    `pulumi:"vswitchName"`
	Description pulumi.StringInput    `pulumi:"description"`
	Tags        pulumi.StringMapInput `pulumi:"tags"`
}

// Switch is a vSwitch.
type Switch struct {
	pulumi.CustomResourceState

	VpcID       pulumi.StringOutput `pulumi:"vpcId"`
	CidrBlock   pulumi.StringOutput `pulumi:"cidrBlock"`
	ZoneID      pulumi.StringOutput `pulumi:"zoneId"`
	VswitchName pulumi.StringOutput `pulumi:"vswitchName"`
	Status      pulumi.StringOutput `pulumi:"status" mock:"Available"`
}

// NewSwitch registers a vSwitch.
func NewSwitch(ctx *pulumi.Context, name string, args *SwitchArgs, opts ...pulumi.ResourceOption) (*Switch, error) {
	return newResource[Switch](ctx, SwitchToken, name, args, opts)
}

// NatGatewayArgs are the inputs of an Internet NAT gateway (alicloud:vpc/natGateway:NatGateway).
type NatGatewayArgs struct {
	VpcID pulumi.StringInput `pulumi:"vpcId" required:"true"`
	// VswitchID places an enhanced NAT gateway; the API requires it for natType "Enhanced".
	VswitchID          pulumi.StringInput    `pulumi:"vswitchId" required:"true"`
	NatGatewayName     pulumi.StringInput    `pulumi:"natGatewayName"`
	NatType            pulumi.StringInput    `pulumi:"natType"`
	NetworkType        pulumi.StringInput    `pulumi:"networkType"`
	PaymentType        pulumi.StringInput    `pulumi:"paymentType"`
	InternetChargeType pulumi.StringInput    `pulumi:"internetChargeType"`
	EipBindMode        pulumi.StringInput    `pulumi:"eipBindMode"`
	DeletionProtection pulumi.BoolInput      `pulumi:"deletionProtection"`
	Description        pulumi.StringInput    `pulumi:"description"`
	Tags               pulumi.StringMapInput `pulumi:"tags"`
}

// NatGateway is an Internet NAT gateway.
type NatGateway struct {
	pulumi.CustomResourceState

	NatGatewayName pulumi.StringOutput `pulumi:"natGatewayName"`
	// SnatTableIDs is the ID of the gateway's SNAT table (the provider names it in the plural).
	SnatTableIDs    pulumi.StringOutput `pulumi:"snatTableIds" mock:"stb-{name}"`
	ForwardTableIDs pulumi.StringOutput `pulumi:"forwardTableIds" mock:"ftb-{name}"`
	Status          pulumi.StringOutput `pulumi:"status" mock:"Available"`
}

// NewNatGateway registers an Internet NAT gateway.
func NewNatGateway(ctx *pulumi.Context, name string, args *NatGatewayArgs, opts ...pulumi.ResourceOption) (*NatGateway, error) {
	return newResource[NatGateway](ctx, NatGatewayToken, name, args, opts)
}

// SnatEntryArgs are the inputs of one SNAT rule (alicloud:vpc/snatEntry:SnatEntry).
type SnatEntryArgs struct {
	SnatTableID pulumi.StringInput `pulumi:"snatTableId" required:"true"`
	SnatIP      pulumi.StringInput `pulumi:"snatIp" required:"true"`
	// SourceVswitchID or SourceCidr selects the traffic to translate.
	SourceVswitchID pulumi.StringInput `pulumi:"sourceVswitchId"`
	SourceCidr      pulumi.StringInput `pulumi:"sourceCidr"`
	SnatEntryName   pulumi.StringInput `pulumi:"snatEntryName"`
}

// SnatEntry is one SNAT rule of a NAT gateway.
type SnatEntry struct {
	pulumi.CustomResourceState

	SnatEntryID pulumi.StringOutput `pulumi:"snatEntryId" mock:"snat-{name}"`
	Status      pulumi.StringOutput `pulumi:"status" mock:"Available"`
}

// NewSnatEntry registers one SNAT rule.
func NewSnatEntry(ctx *pulumi.Context, name string, args *SnatEntryArgs, opts ...pulumi.ResourceOption) (*SnatEntry, error) {
	return newResource[SnatEntry](ctx, SnatEntryToken, name, args, opts)
}
