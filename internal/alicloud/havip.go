package alicloud

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// Type tokens of the high-availability virtual IP (HaVip) resources. Their camel-casing is the
// provider's own: haVipv2 for the address, hAVipAttachment for its binding.
const (
	HaVipToken           = "alicloud:vpc/haVipv2:HaVipv2"
	HaVipAttachmentToken = "alicloud:vpc/hAVipAttachment:HAVipAttachment"
)

// HaVipArgs are the inputs of a high-availability virtual IP (alicloud:vpc/haVipv2:HaVipv2), a
// private address that can move between the instances attached to it.
type HaVipArgs struct {
	VswitchID pulumi.StringInput `pulumi:"vswitchId" required:"true"`
	// HaVipName is the name; the provider's havipName is its deprecated spelling.
	HaVipName pulumi.StringInput `pulumi:"haVipName"`
	// IPAddress must be free in the vSwitch's CIDR block; unset, the cloud picks one.
	IPAddress   pulumi.StringInput    `pulumi:"ipAddress"`
	Description pulumi.StringInput    `pulumi:"description"`
	Tags        pulumi.StringMapInput `pulumi:"tags"`
}

// HaVip is a high-availability virtual IP.
type HaVip struct {
	pulumi.CustomResourceState

	HaVipID pulumi.StringOutput `pulumi:"haVipId" mock:"havip-{name}"`
	// IPAddress is the virtual address. Offline runs report the given one, else MockPrivateIP's
	// stable 10.x address.
	IPAddress pulumi.StringOutput `pulumi:"ipAddress" mock:"{ip}"`
	VpcID     pulumi.StringOutput `pulumi:"vpcId"`
	Status    pulumi.StringOutput `pulumi:"status" mock:"Available"`
}

// NewHaVip registers a high-availability virtual IP.
func NewHaVip(ctx *pulumi.Context, name string, args *HaVipArgs, opts ...pulumi.ResourceOption) (*HaVip, error) {
	return newResource[HaVip](ctx, HaVipToken, name, args, opts)
}

// HaVipAttachmentArgs attach a HaVip to an ECS instance or ENI
// (alicloud:vpc/hAVipAttachment:HAVipAttachment).
type HaVipAttachmentArgs struct {
	InstanceID pulumi.StringInput `pulumi:"instanceId" required:"true"`
	// HaVipID is optional in the schema (it replaces the deprecated havipId) but the API needs it.
	HaVipID pulumi.StringInput `pulumi:"haVipId" required:"true"`
	// InstanceType is EcsInstance or NetworkInterface; required for an ENI.
	InstanceType pulumi.StringInput `pulumi:"instanceType"`
	Force        pulumi.BoolInput   `pulumi:"force"`
}

// HaVipAttachment is the attachment of a HaVip to an instance.
type HaVipAttachment struct {
	pulumi.CustomResourceState

	HaVipID    pulumi.StringOutput `pulumi:"haVipId"`
	InstanceID pulumi.StringOutput `pulumi:"instanceId"`
	Status     pulumi.StringOutput `pulumi:"status" mock:"InUse"`
}

// NewHaVipAttachment registers the attachment of a HaVip to an instance.
func NewHaVipAttachment(ctx *pulumi.Context, name string, args *HaVipAttachmentArgs, opts ...pulumi.ResourceOption) (*HaVipAttachment, error) {
	return newResource[HaVipAttachment](ctx, HaVipAttachmentToken, name, args, opts)
}
