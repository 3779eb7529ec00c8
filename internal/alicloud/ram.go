package alicloud

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// Type tokens of the RAM (Resource Access Management) resources.
const (
	RamRoleToken                 = "alicloud:ram/role:Role"
	RamPolicyToken               = "alicloud:ram/policy:Policy"
	RamRolePolicyAttachmentToken = "alicloud:ram/rolePolicyAttachment:RolePolicyAttachment"
)

// RamRoleArgs are the inputs of a RAM role (alicloud:ram/role:Role). The schema requires none;
// RoleName and AssumeRolePolicyDocument are tagged required because the API needs both (the
// provider's name and document are their deprecated spellings).
type RamRoleArgs struct {
	RoleName pulumi.StringInput `pulumi:"roleName" required:"true"`
	// AssumeRolePolicyDocument is the trust policy, a JSON document.
	AssumeRolePolicyDocument pulumi.StringInput `pulumi:"assumeRolePolicyDocument" required:"true"`
	Description              pulumi.StringInput `pulumi:"description"`
	// MaxSessionDuration is in seconds, 3600 to 43200.
	MaxSessionDuration pulumi.IntInput `pulumi:"maxSessionDuration"`
	// Force deletes the role even while policies are attached to it.
	Force pulumi.BoolInput      `pulumi:"force"`
	Tags  pulumi.StringMapInput `pulumi:"tags"`
}

// RamRole is a RAM role.
type RamRole struct {
	pulumi.CustomResourceState

	RoleName pulumi.StringOutput `pulumi:"roleName"`
	// ARN names the role in policies and in STS AssumeRole.
	ARN    pulumi.StringOutput `pulumi:"arn" mock:"acs:ram::1234567890:role/{name}"`
	RoleID pulumi.StringOutput `pulumi:"roleId"`
}

// NewRamRole registers a RAM role.
func NewRamRole(ctx *pulumi.Context, name string, args *RamRoleArgs, opts ...pulumi.ResourceOption) (*RamRole, error) {
	return newResource[RamRole](ctx, RamRoleToken, name, args, opts)
}

// RamPolicyArgs are the inputs of a custom RAM policy (alicloud:ram/policy:Policy). PolicyName and
// PolicyDocument are optional in the schema (name and document are their deprecated spellings)
// but the API needs both.
type RamPolicyArgs struct {
	PolicyName pulumi.StringInput `pulumi:"policyName" required:"true"`
	// PolicyDocument is the policy, a JSON document of at most 6144 bytes.
	PolicyDocument pulumi.StringInput `pulumi:"policyDocument" required:"true"`
	Description    pulumi.StringInput `pulumi:"description"`
	// RotateStrategy is None (default) or DeleteOldestNonDefaultVersionWhenLimitExceeded.
	RotateStrategy pulumi.StringInput `pulumi:"rotateStrategy"`
	// Force deletes the policy even while it is attached to principals.
	Force pulumi.BoolInput      `pulumi:"force"`
	Tags  pulumi.StringMapInput `pulumi:"tags"`
}

// RamPolicy is a custom RAM policy.
type RamPolicy struct {
	pulumi.CustomResourceState

	PolicyName pulumi.StringOutput `pulumi:"policyName"`
	// Type is Custom for a policy created here.
	Type pulumi.StringOutput `pulumi:"type" mock:"Custom"`
}

// NewRamPolicy registers a custom RAM policy.
func NewRamPolicy(ctx *pulumi.Context, name string, args *RamPolicyArgs, opts ...pulumi.ResourceOption) (*RamPolicy, error) {
	return newResource[RamPolicy](ctx, RamPolicyToken, name, args, opts)
}

// RamRolePolicyAttachmentArgs attach a policy to a RAM role
// (alicloud:ram/rolePolicyAttachment:RolePolicyAttachment).
type RamRolePolicyAttachmentArgs struct {
	PolicyName pulumi.StringInput `pulumi:"policyName" required:"true"`
	// PolicyType is Custom or System.
	PolicyType pulumi.StringInput `pulumi:"policyType" required:"true"`
	RoleName   pulumi.StringInput `pulumi:"roleName" required:"true"`
}

// RamRolePolicyAttachment is the attachment of a policy to a RAM role.
type RamRolePolicyAttachment struct {
	pulumi.CustomResourceState

	PolicyName pulumi.StringOutput `pulumi:"policyName"`
	RoleName   pulumi.StringOutput `pulumi:"roleName"`
}

// NewRamRolePolicyAttachment registers the attachment of a policy to a RAM role.
func NewRamRolePolicyAttachment(ctx *pulumi.Context, name string, args *RamRolePolicyAttachmentArgs, opts ...pulumi.ResourceOption) (*RamRolePolicyAttachment, error) {
	return newResource[RamRolePolicyAttachment](ctx, RamRolePolicyAttachmentToken, name, args, opts)
}
