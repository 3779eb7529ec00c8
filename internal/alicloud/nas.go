package alicloud

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// Type tokens of the NAS (Apsara File Storage) resources.
const (
	NasFileSystemToken  = "alicloud:nas/fileSystem:FileSystem"
	NasAccessGroupToken = "alicloud:nas/accessGroup:AccessGroup"
	NasAccessRuleToken  = "alicloud:nas/accessRule:AccessRule"
	NasMountTargetToken = "alicloud:nas/mountTarget:MountTarget"
)

// NasFileSystemArgs are the inputs of a NAS file system (alicloud:nas/fileSystem:FileSystem).
type NasFileSystemArgs struct {
	// ProtocolType is NFS or SMB for a standard file system. Required.
	ProtocolType pulumi.StringInput `pulumi:"protocolType" required:"true"`
	// StorageType is Performance, Capacity or Premium for a standard file system. Required.
	StorageType    pulumi.StringInput `pulumi:"storageType" required:"true"`
	FileSystemType pulumi.StringInput `pulumi:"fileSystemType"`
	// EncryptType is 0 (none), 1 (NAS-managed key) or 2 (a KMS key, KmsKeyID).
	EncryptType pulumi.IntInput       `pulumi:"encryptType"`
	KmsKeyID    pulumi.StringInput    `pulumi:"kmsKeyId"`
	ZoneID      pulumi.StringInput    `pulumi:"zoneId"`
	Description pulumi.StringInput    `pulumi:"description"`
	Tags        pulumi.StringMapInput `pulumi:"tags"`
}

// NasFileSystem is a NAS file system.
type NasFileSystem struct {
	pulumi.CustomResourceState

	ZoneID pulumi.StringOutput `pulumi:"zoneId"`
	Status pulumi.StringOutput `pulumi:"status" mock:"Running"`
}

// NewNasFileSystem registers a NAS file system.
func NewNasFileSystem(ctx *pulumi.Context, name string, args *NasFileSystemArgs, opts ...pulumi.ResourceOption) (*NasFileSystem, error) {
	return newResource[NasFileSystem](ctx, NasFileSystemToken, name, args, opts)
}

// NasAccessGroupArgs are the inputs of a NAS permission group (alicloud:nas/accessGroup:AccessGroup).
type NasAccessGroupArgs struct {
	AccessGroupName pulumi.StringInput `pulumi:"accessGroupName" required:"true"`
	// AccessGroupType is "Vpc".
	AccessGroupType pulumi.StringInput `pulumi:"accessGroupType" required:"true"`
	FileSystemType  pulumi.StringInput `pulumi:"fileSystemType"`
	Description     pulumi.StringInput `pulumi:"description"`
}

// NasAccessGroup is a NAS permission group.
type NasAccessGroup struct {
	pulumi.CustomResourceState

	AccessGroupName pulumi.StringOutput `pulumi:"accessGroupName"`
}

// NewNasAccessGroup registers a NAS permission group.
func NewNasAccessGroup(ctx *pulumi.Context, name string, args *NasAccessGroupArgs, opts ...pulumi.ResourceOption) (*NasAccessGroup, error) {
	return newResource[NasAccessGroup](ctx, NasAccessGroupToken, name, args, opts)
}

// NasAccessRuleArgs are the inputs of one rule of a permission group (alicloud:nas/accessRule:AccessRule).
type NasAccessRuleArgs struct {
	AccessGroupName pulumi.StringInput `pulumi:"accessGroupName" required:"true"`
	SourceCidrIP    pulumi.StringInput `pulumi:"sourceCidrIp" required:"true"`
	// RwAccessType is RDWR or RDONLY.
	RwAccessType pulumi.StringInput `pulumi:"rwAccessType"`
	// UserAccessType is no_squash, root_squash or all_squash.
	UserAccessType pulumi.StringInput `pulumi:"userAccessType"`
	Priority       pulumi.IntInput    `pulumi:"priority"`
	FileSystemType pulumi.StringInput `pulumi:"fileSystemType"`
}

// NasAccessRule is one rule of a NAS permission group.
type NasAccessRule struct {
	pulumi.CustomResourceState

	AccessRuleID pulumi.StringOutput `pulumi:"accessRuleId" mock:"1"`
}

// NewNasAccessRule registers a rule of a NAS permission group.
func NewNasAccessRule(ctx *pulumi.Context, name string, args *NasAccessRuleArgs, opts ...pulumi.ResourceOption) (*NasAccessRule, error) {
	return newResource[NasAccessRule](ctx, NasAccessRuleToken, name, args, opts)
}

// NasMountTargetArgs are the inputs of a NAS mount target (alicloud:nas/mountTarget:MountTarget).
type NasMountTargetArgs struct {
	FileSystemID pulumi.StringInput `pulumi:"fileSystemId" required:"true"`
	// VswitchID puts the mount target in a zone's vSwitch; the API needs it for a VPC mount target.
	VswitchID       pulumi.StringInput `pulumi:"vswitchId" required:"true"`
	VpcID           pulumi.StringInput `pulumi:"vpcId"`
	AccessGroupName pulumi.StringInput `pulumi:"accessGroupName" required:"true"`
	NetworkType     pulumi.StringInput `pulumi:"networkType"`
	SecurityGroupID pulumi.StringInput `pulumi:"securityGroupId"`
}

// NasMountTarget is a NAS mount target.
type NasMountTarget struct {
	pulumi.CustomResourceState

	// MountTargetDomain is the NFS server address of the mount target.
	MountTargetDomain pulumi.StringOutput `pulumi:"mountTargetDomain" mock:"{name}.nas.aliyuncs.com"`
}

// NewNasMountTarget registers a NAS mount target.
func NewNasMountTarget(ctx *pulumi.Context, name string, args *NasMountTargetArgs, opts ...pulumi.ResourceOption) (*NasMountTarget, error) {
	return newResource[NasMountTarget](ctx, NasMountTargetToken, name, args, opts)
}
