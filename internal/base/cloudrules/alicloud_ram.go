package cloudrules

import rt "github.com/zonestack/zonestack/internal/base/resourcetypes"

var ramRules = Table{
	rt.RamRole: {
		"assumeRolePolicyDocument": ruleJSON("resource_alicloud_ram_role.go: assume_role_policy_document, Optional, Computed, updatable (UpdateRole), validation.StringIsJSON, compared as JSON, ConflictsWith document, version, ram_users, services", 0),
		"description":              Text("resource_alicloud_ram_role.go: description, Optional, updatable; API CreateRole Description: 1 to 1,024 characters", "a description", 1024),
		"force":                    Free("resource_alicloud_ram_role.go: force, Optional: detach the role's policies on delete", "a switch"),
		"roleName":                 Matches("resource_alicloud_ram_role.go: role_name, Optional, Computed, ForceNew, ConflictsWith name, no ValidateFunc; API CreateRole RoleName: 1 to 64 letters, digits, '.' or '-'", `[A-Za-z0-9.-]{1,64}`, 0).Replaces(),
	},
	rt.RamPolicy: {
		"description":    Text("resource_alicloud_ram_policy.go: description, Optional, updatable; docs/r/ram_policy (API CreatePolicy Description): 1 to 1,024 characters", "a description", 1024),
		"force":          Free("resource_alicloud_ram_policy.go: force, Optional: detach the policy and delete its versions on delete", "a switch"),
		"policyDocument": ruleJSON("resource_alicloud_ram_policy.go: policy_document, Optional, Computed, updatable (a new default version), validation.StringIsJSON, ConflictsWith document, version, statement; docs/r/ram_policy: at most 6,144 bytes", 6144),
		"policyName":     Matches("resource_alicloud_ram_policy.go: policy_name, Optional, Computed, ForceNew, ConflictsWith name, no ValidateFunc; docs/r/ram_policy (API CreatePolicy PolicyName): 1 to 128 letters, digits or '-'", `[A-Za-z0-9-]{1,128}`, 0).Replaces(),
	},
	rt.RamRolePolicyAttachment: {
		"policyName": Matches("resource_alicloud_ram_role_policy_attachment.go: policy_name, Required, ForceNew, no ValidateFunc: a system or custom policy's name (API AttachPolicyToRole PolicyName; CreatePolicy: 1 to 128 letters, digits or '-')", `[A-Za-z0-9-]{1,128}`, 0).Replaces(),
		"policyType": OneOf("resource_alicloud_ram_role_policy_attachment.go: policy_type, Required, ForceNew, StringInSlice System, Custom", "System", "Custom").Replaces(),
		"roleName":   Matches("resource_alicloud_ram_role_policy_attachment.go: role_name, Required, ForceNew, no ValidateFunc: a role's name (API CreateRole RoleName: 1 to 64 letters, digits, '.' or '-')", `[A-Za-z0-9.-]{1,64}`, 0).Replaces(),
	},
}
