package alicloud

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// Type tokens of the ECS-side network resources.
const (
	EipAddressToken        = "alicloud:ecs/eipAddress:EipAddress"
	EipAssociationToken    = "alicloud:ecs/eipAssociation:EipAssociation"
	SecurityGroupToken     = "alicloud:ecs/securityGroup:SecurityGroup"
	SecurityGroupRuleToken = "alicloud:ecs/securityGroupRule:SecurityGroupRule"
)

// EipAddressArgs are the inputs of an elastic IP (alicloud:ecs/eipAddress:EipAddress).
type EipAddressArgs struct {
	AddressName pulumi.StringInput `pulumi:"addressName"`
	// Bandwidth is in Mbit/s and, unusually, a string in the provider schema.
	Bandwidth          pulumi.StringInput    `pulumi:"bandwidth"`
	InternetChargeType pulumi.StringInput    `pulumi:"internetChargeType"`
	PaymentType        pulumi.StringInput    `pulumi:"paymentType"`
	Isp                pulumi.StringInput    `pulumi:"isp"`
	DeletionProtection pulumi.BoolInput      `pulumi:"deletionProtection"`
	Description        pulumi.StringInput    `pulumi:"description"`
	Tags               pulumi.StringMapInput `pulumi:"tags"`
}

// EipAddress is an elastic IP.
type EipAddress struct {
	pulumi.CustomResourceState

	AddressName pulumi.StringOutput `pulumi:"addressName"`
	// IPAddress is the public address. Offline runs report an address from TEST-NET-3 (RFC 5737).
	IPAddress pulumi.StringOutput `pulumi:"ipAddress" mock:"203.0.113.10"`
	Status    pulumi.StringOutput `pulumi:"status" mock:"InUse"`
}

// NewEipAddress registers an elastic IP.
func NewEipAddress(ctx *pulumi.Context, name string, args *EipAddressArgs, opts ...pulumi.ResourceOption) (*EipAddress, error) {
	return newResource[EipAddress](ctx, EipAddressToken, name, args, opts)
}

// EipAssociationArgs bind an elastic IP to an instance (alicloud:ecs/eipAssociation:EipAssociation).
type EipAssociationArgs struct {
	AllocationID pulumi.StringInput `pulumi:"allocationId" required:"true"`
	InstanceID   pulumi.StringInput `pulumi:"instanceId" required:"true"`
	// InstanceType is "Nat" for a NAT gateway; the provider's default is "EcsInstance".
	InstanceType pulumi.StringInput `pulumi:"instanceType"`
}

// EipAssociation is the binding of an elastic IP to an instance.
type EipAssociation struct {
	pulumi.CustomResourceState

	AllocationID pulumi.StringOutput `pulumi:"allocationId"`
	InstanceID   pulumi.StringOutput `pulumi:"instanceId"`
}

// NewEipAssociation registers the binding of an elastic IP to an instance.
func NewEipAssociation(ctx *pulumi.Context, name string, args *EipAssociationArgs, opts ...pulumi.ResourceOption) (*EipAssociation, error) {
	return newResource[EipAssociation](ctx, EipAssociationToken, name, args, opts)
}

// SecurityGroupArgs are the inputs of a security group (alicloud:ecs/securityGroup:SecurityGroup).
type SecurityGroupArgs struct {
	VpcID             pulumi.StringInput    `pulumi:"vpcId" required:"true"`
	SecurityGroupName pulumi.StringInput    `pulumi:"securityGroupName"`
	SecurityGroupType pulumi.StringInput    `pulumi:"securityGroupType"`
	InnerAccessPolicy pulumi.StringInput    `pulumi:"innerAccessPolicy"`
	Description       pulumi.StringInput    `pulumi:"description"`
	Tags              pulumi.StringMapInput `pulumi:"tags"`
}

// SecurityGroup is a security group.
type SecurityGroup struct {
	pulumi.CustomResourceState

	SecurityGroupName pulumi.StringOutput `pulumi:"securityGroupName"`
	VpcID             pulumi.StringOutput `pulumi:"vpcId"`
}

// NewSecurityGroup registers a security group.
func NewSecurityGroup(ctx *pulumi.Context, name string, args *SecurityGroupArgs, opts ...pulumi.ResourceOption) (*SecurityGroup, error) {
	return newResource[SecurityGroup](ctx, SecurityGroupToken, name, args, opts)
}

// SecurityGroupRuleArgs are the inputs of one rule (alicloud:ecs/securityGroupRule:SecurityGroupRule).
type SecurityGroupRuleArgs struct {
	// Type is "ingress" or "egress".
	Type            pulumi.StringInput `pulumi:"type" required:"true"`
	IPProtocol      pulumi.StringInput `pulumi:"ipProtocol" required:"true"`
	SecurityGroupID pulumi.StringInput `pulumi:"securityGroupId" required:"true"`
	// PortRange is "from/to"; "-1/-1" for protocols without ports.
	PortRange             pulumi.StringInput `pulumi:"portRange"`
	CidrIP                pulumi.StringInput `pulumi:"cidrIp"`
	SourceSecurityGroupID pulumi.StringInput `pulumi:"sourceSecurityGroupId"`
	Policy                pulumi.StringInput `pulumi:"policy"`
	Priority              pulumi.IntInput    `pulumi:"priority"`
	NicType               pulumi.StringInput `pulumi:"nicType"`
	Description           pulumi.StringInput `pulumi:"description"`
}

// SecurityGroupRule is one rule of a security group.
type SecurityGroupRule struct {
	pulumi.CustomResourceState

	SecurityGroupRuleID pulumi.StringOutput `pulumi:"securityGroupRuleId" mock:"sgr-{name}"`
}

// NewSecurityGroupRule registers one security group rule.
func NewSecurityGroupRule(ctx *pulumi.Context, name string, args *SecurityGroupRuleArgs, opts ...pulumi.ResourceOption) (*SecurityGroupRule, error) {
	return newResource[SecurityGroupRule](ctx, SecurityGroupRuleToken, name, args, opts)
}
