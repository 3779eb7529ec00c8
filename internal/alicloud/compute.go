package alicloud

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// Type tokens of the ECS compute resources.
const (
	InstanceToken         = "alicloud:ecs/instance:Instance"
	EcsDeploymentSetToken = "alicloud:ecs/ecsDeploymentSet:EcsDeploymentSet"
)

// InstanceArgs are the inputs of an ECS instance (alicloud:ecs/instance:Instance). The schema
// requires none of them; InstanceType, ImageID, SecurityGroups and VswitchID are tagged required
// because the API rejects a VPC instance without them. The provider's roleName input is
// deprecated (replaced by the ecs/ramRoleAttachment resource) and is therefore not bound.
type InstanceArgs struct {
	InstanceType pulumi.StringInput `pulumi:"instanceType" required:"true"`
	ImageID      pulumi.StringInput `pulumi:"imageId" required:"true"`
	// SecurityGroups are security group IDs.
	SecurityGroups pulumi.StringArrayInput `pulumi:"securityGroups" required:"true"`
	VswitchID      pulumi.StringInput      `pulumi:"vswitchId" required:"true"`
	InstanceName   pulumi.StringInput      `pulumi:"instanceName"`
	HostName       pulumi.StringInput      `pulumi:"hostName"`
	// KeyName is an ECS key pair; when it is set the password is ignored.
	KeyName pulumi.StringInput `pulumi:"keyName"`
	// Password is sent as a secret whatever it is given as.
	Password pulumi.StringInput `pulumi:"password"`
	// SystemDiskCategory is an API value such as cloud_essd or cloud_auto.
	SystemDiskCategory pulumi.StringInput `pulumi:"systemDiskCategory"`
	// SystemDiskSize is in GiB.
	SystemDiskSize pulumi.IntInput `pulumi:"systemDiskSize"`
	// SystemDiskPerformanceLevel is PL0 to PL3 for an ESSD.
	SystemDiskPerformanceLevel pulumi.StringInput     `pulumi:"systemDiskPerformanceLevel"`
	DataDisks                  []InstanceDataDiskArgs `pulumi:"dataDisks"`
	DeploymentSetID            pulumi.StringInput     `pulumi:"deploymentSetId"`
	// UserData is cloud-init data, preferably base64-encoded. It is sent as a secret whatever it
	// is given as, because it may carry bootstrap tokens.
	UserData pulumi.StringInput `pulumi:"userData"`
	// InstanceChargeType is PrePaid or PostPaid.
	InstanceChargeType pulumi.StringInput `pulumi:"instanceChargeType"`
	// InternetMaxBandwidthOut is in Mbit/s; above 0 the instance gets a public address.
	InternetMaxBandwidthOut pulumi.IntInput `pulumi:"internetMaxBandwidthOut"`
	// PrivateIP fixes the primary private address; it must be free in the vSwitch's CIDR block.
	PrivateIP pulumi.StringInput    `pulumi:"privateIp"`
	Tags      pulumi.StringMapInput `pulumi:"tags"`
	// LaunchTemplateID starts the instance from a launch template: the way to give it a RAM
	// role now that the instance's own roleName is deprecated. Settings given here win over the
	// template's.
	LaunchTemplateID pulumi.StringInput `pulumi:"launchTemplateId"`
}

// InstanceDataDiskArgs is one data disk created with an instance (alicloud:ecs/InstanceDataDisk).
type InstanceDataDiskArgs struct {
	// Size is in GiB. Required by the schema.
	Size pulumi.IntInput `pulumi:"size" required:"true"`
	// Category is an API value such as cloud_essd (default cloud_efficiency).
	Category pulumi.StringInput `pulumi:"category"`
	// PerformanceLevel is PL0 to PL3 for an ESSD.
	PerformanceLevel pulumi.StringInput `pulumi:"performanceLevel"`
	// Encrypted is a boolean here, unlike the string of a node pool's data disk.
	Encrypted          pulumi.BoolInput   `pulumi:"encrypted"`
	KmsKeyID           pulumi.StringInput `pulumi:"kmsKeyId"`
	Name               pulumi.StringInput `pulumi:"name"`
	DeleteWithInstance pulumi.BoolInput   `pulumi:"deleteWithInstance"`
}

// Instance is an ECS instance.
type Instance struct {
	pulumi.CustomResourceState

	InstanceName pulumi.StringOutput `pulumi:"instanceName"`
	// PrimaryIPAddress is the primary private address. Offline runs report PrivateIP when it was
	// given, else MockPrivateIP's stable 10.x address.
	PrimaryIPAddress pulumi.StringOutput `pulumi:"primaryIpAddress" mock:"{ip}"`
	PrivateIP        pulumi.StringOutput `pulumi:"privateIp" mock:"{ip}"`
	Status           pulumi.StringOutput `pulumi:"status" mock:"Running"`
}

// NewInstance registers an ECS instance. The password and the user data are always sent as
// secrets, however they were given.
func NewInstance(ctx *pulumi.Context, name string, args *InstanceArgs, opts ...pulumi.ResourceOption) (*Instance, error) {
	if args != nil && (args.Password != nil || args.UserData != nil) {
		a := *args
		if args.Password != nil {
			a.Password = pulumi.ToSecret(args.Password).(pulumi.StringOutput)
		}
		if args.UserData != nil {
			a.UserData = pulumi.ToSecret(args.UserData).(pulumi.StringOutput)
		}
		args = &a
	}
	return newResource[Instance](ctx, InstanceToken, name, args, opts)
}

// EcsDeploymentSetArgs are the inputs of a deployment set (alicloud:ecs/ecsDeploymentSet:EcsDeploymentSet),
// which spreads its instances over distinct physical servers. The provider's domain and
// granularity inputs are deprecated and not bound.
type EcsDeploymentSetArgs struct {
	DeploymentSetName pulumi.StringInput `pulumi:"deploymentSetName"`
	// Strategy is Availability (default), AvailabilityGroup or LowLatency.
	Strategy    pulumi.StringInput `pulumi:"strategy"`
	Description pulumi.StringInput `pulumi:"description"`
}

// EcsDeploymentSet is an ECS deployment set.
type EcsDeploymentSet struct {
	pulumi.CustomResourceState

	DeploymentSetName pulumi.StringOutput `pulumi:"deploymentSetName"`
	Strategy          pulumi.StringOutput `pulumi:"strategy" mock:"Availability"`
}

// NewEcsDeploymentSet registers an ECS deployment set.
func NewEcsDeploymentSet(ctx *pulumi.Context, name string, args *EcsDeploymentSetArgs, opts ...pulumi.ResourceOption) (*EcsDeploymentSet, error) {
	return newResource[EcsDeploymentSet](ctx, EcsDeploymentSetToken, name, args, opts)
}

// EcsLaunchTemplateToken is the type of an ECS launch template.
const EcsLaunchTemplateToken = "alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate"

// EcsLaunchTemplateArgs are the inputs of a launch template
// (alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate); zonestack sets in it only what an instance
// cannot carry itself.
type EcsLaunchTemplateArgs struct {
	LaunchTemplateName pulumi.StringInput `pulumi:"launchTemplateName"`
	// RAMRoleName is the instance RAM role of instances started from the template.
	RAMRoleName  pulumi.StringInput    `pulumi:"ramRoleName"`
	Description  pulumi.StringInput    `pulumi:"description"`
	TemplateTags pulumi.StringMapInput `pulumi:"templateTags"`
}

// EcsLaunchTemplate is a launch template.
type EcsLaunchTemplate struct {
	pulumi.CustomResourceState

	LaunchTemplateName pulumi.StringOutput `pulumi:"launchTemplateName"`
}

// NewEcsLaunchTemplate registers a launch template.
func NewEcsLaunchTemplate(ctx *pulumi.Context, name string, args *EcsLaunchTemplateArgs, opts ...pulumi.ResourceOption) (*EcsLaunchTemplate, error) {
	return newResource[EcsLaunchTemplate](ctx, EcsLaunchTemplateToken, name, args, opts)
}
