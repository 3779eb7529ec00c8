package cloudrules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

// How many mount targets one NAS file system takes, from File Storage NAS's "Limits" page
// (limits on service specifications: "Maximum number of mount targets for a single file system").
// A General-purpose file system (file_system_type standard: storage types Performance, Capacity
// and Premium alike) takes 2, an Extreme one (extreme: standard, advance) takes 1; the page gives
// no number for CPFS. Neither the provider (resource_alicloud_nas_mount_target.go) nor the rules
// below can count the mount targets of one file system: a component that puts one in each zone
// must check it.
const (
	NasMountTargetsGeneralPurpose = 2
	NasMountTargetsExtreme        = 1
)

// Limits of permission groups, from the same page and from CreateAccessGroup's description.
const (
	NasAccessGroupsPerRegion = 20
	NasRulesPerAccessGroup   = 300
)

// nasStorageTypes are the storage types of each file system type (resource_alicloud_nas_file_system.go
// docs, protocol_type and storage_type; API CreateFileSystem).
var nasStorageTypes = map[string][]string{
	"standard": {"Performance", "Capacity", "Premium"},
	"extreme":  {"standard", "advance"},
	"cpfs":     {"advance_100", "advance_200"},
}

var nasProtocols = map[string][]string{
	"standard": {"NFS", "SMB"},
	"extreme":  {"NFS"},
	"cpfs":     {"cpfs"},
}

// nasDescription is CreateFileSystem's and CreateAccessGroup's Description: 2 to 128 characters,
// starting with a letter (or a Chinese character), then letters, digits, ':', '_' or '-'.
const nasDescription = `[A-Za-z\p{Han}][A-Za-z0-9\p{Han}:_-]*`

var nasRules = Table{
	rt.NasFileSystem: {
		"description":    ruleNoURL("resource_alicloud_nas_file_system.go: description, Optional, no ValidateFunc; API CreateFileSystem Description: 2 to 128 characters, starting with a letter, then letters, digits, ':', '_' or '-' (spaces are not listed), not http(s)://", 2, 128, nasDescription),
		"encryptType":    nasEncryptType("resource_alicloud_nas_file_system.go: encrypt_type, Optional, Computed, ForceNew, IntInSlice 0, 1, 2; docs: 2 (a KMS key of the user's) needs kms_key_id").Replaces(),
		"fileSystemType": nasFileSystemType("resource_alicloud_nas_file_system.go: file_system_type, Optional, Computed (API default standard), ForceNew, StringInSlice standard, extreme, cpfs, cpfsse; docs: zone_id is required for extreme and cpfs").Replaces(),
		"protocolType":   nasByType("resource_alicloud_nas_file_system.go: protocol_type, Required, ForceNew, StringInSlice NFS, SMB, cpfs; docs: standard takes NFS or SMB, extreme NFS, cpfs cpfs", []string{"NFS", "SMB", "cpfs"}, nasProtocols).Replaces(),
		"storageType":    nasByType("resource_alicloud_nas_file_system.go: storage_type, Required, ForceNew, StringInSlice Performance, Capacity, standard, advance, advance_100, advance_200, Premium; docs: standard takes Performance, Capacity or Premium, extreme standard or advance, cpfs advance_100 or advance_200", []string{"Performance", "Capacity", "standard", "advance", "advance_100", "advance_200", "Premium"}, nasStorageTypes).Replaces(),
		"zoneId":         Matches("resource_alicloud_nas_file_system.go: zone_id, Optional, Computed, ForceNew; docs: unset for standard, the API picks a zone that has the protocol and storage type", zoneIDExpr, 64).Replaces(),
		"kmsKeyId":       Ref("resource_alicloud_nas_file_system.go: kms_key_id, Optional, Computed, ForceNew; docs: only with encrypt_type 2").Replaces(),
		"tags":           ruleTags("resource_alicloud_nas_file_system.go: tags, tagsSchema (no ValidateFunc); API TagResources (NAS)", 128),
	},
	rt.NasAccessGroup: {
		"accessGroupName": nasAccessGroupName("resource_alicloud_nas_access_group.go: access_group_name, Optional, Computed, ForceNew, ExactlyOneOf access_group_name/name, no ValidateFunc; API CreateAccessGroup AccessGroupName: 3 to 64 characters, a letter first, then letters, digits, '_' or '-', not DEFAULT_VPC_GROUP_NAME").Replaces(),
		"accessGroupType": OneOf("resource_alicloud_nas_access_group.go: access_group_type, Optional, Computed, ForceNew, ExactlyOneOf access_group_type/type, no ValidateFunc; API CreateAccessGroup AccessGroupType: Vpc (only VPC groups can be created)", "Vpc").Replaces(),
		"description":     ruleNoURL("resource_alicloud_nas_access_group.go: description, Optional, updatable; API CreateAccessGroup Description: 2 to 128 characters, starting with a letter, then letters, digits, ':', '_' or '-' (spaces are not listed), not http(s)://", 2, 128, nasDescription),
		"fileSystemType":  OneOf("resource_alicloud_nas_access_group.go: file_system_type, Optional, Default standard, ForceNew, StringInSlice standard, extreme", "standard", "extreme").Replaces(),
	},
	rt.NasAccessRule: {
		"accessGroupName": Ref("resource_alicloud_nas_access_rule.go: access_group_name, Required, ForceNew").Replaces(),
		"fileSystemType":  Matches("resource_alicloud_nas_access_rule.go: file_system_type, Optional, Computed, ForceNew, StringInSlice standard, extreme (ignoring case)", `(?i)standard|extreme`, 0).Replaces(),
		"priority":        Range("resource_alicloud_nas_access_rule.go: priority, Optional, Default 1, IntBetween 0..100; API CreateAccessRule Priority: 1 (highest) to 100", 1, 100),
		"rwAccessType":    Matches("resource_alicloud_nas_access_rule.go: rw_access_type, Optional, Computed, StringInSlice RDWR, RDONLY (ignoring case)", `(?i)RDWR|RDONLY`, 0),
		"sourceCidrIp":    nasSourceCIDR("resource_alicloud_nas_access_rule.go: source_cidr_ip, Optional, updatable, no ValidateFunc; API CreateAccessRule SourceCidrIp: an IP address or a CIDR block"),
		"userAccessType":  Matches("resource_alicloud_nas_access_rule.go: user_access_type, Optional, Computed, StringInSlice no_squash, root_squash, all_squash (ignoring case)", `(?i)no_squash|root_squash|all_squash`, 0),
	},
	rt.NasMountTarget: {
		"accessGroupName": Ref("resource_alicloud_nas_mount_target.go: access_group_name, Optional, updatable (ModifyMountTarget)"),
		"fileSystemId":    Ref("resource_alicloud_nas_mount_target.go: file_system_id, Required, ForceNew").Replaces(),
		"networkType":     OneOf("resource_alicloud_nas_mount_target.go: network_type, Optional, Computed, ForceNew, no ValidateFunc; API CreateMountTarget NetworkType: Vpc or Classic", "Vpc", "Classic").Replaces(),
		"vswitchId":       Ref("resource_alicloud_nas_mount_target.go: vswitch_id, Optional, ForceNew").Replaces(),
	},
}

// nasType is the file system's type, standard when unset (the API's default).
func nasType(inputs resource.PropertyMap) (string, bool) {
	t := Plain(inputs["fileSystemType"])
	switch {
	case t.IsNull():
		return "standard", true
	case t.IsString():
		return t.StringValue(), true
	}
	return "", false // computed
}

// nasByType accepts one of all, and of those the ones the file system's type takes.
func nasByType(source string, all []string, byType map[string][]string) Rule {
	return Func(source, func(v resource.PropertyValue, inputs resource.PropertyMap) error {
		s := valueText(v)
		if !slices.Contains(all, s) {
			return fmt.Errorf("must be one of %s (got %s)", strings.Join(all, ", "), s)
		}
		if t, ok := nasType(inputs); ok && byType[t] != nil && !slices.Contains(byType[t], s) {
			return fmt.Errorf("must be one of %s for file system type %s (got %s)", strings.Join(byType[t], ", "), t, s)
		}
		return nil
	})
}

func nasFileSystemType(source string) Rule {
	return Func(source, func(v resource.PropertyValue, inputs resource.PropertyMap) error {
		s := valueText(v)
		if !slices.Contains([]string{"standard", "extreme", "cpfs", "cpfsse"}, s) {
			return fmt.Errorf("must be one of standard, extreme, cpfs, cpfsse (got %s)", s)
		}
		if (s == "extreme" || s == "cpfs") && Plain(inputs["zoneId"]).IsNull() {
			return fmt.Errorf("%s needs zoneId", s)
		}
		return nil
	})
}

func nasEncryptType(source string) Rule {
	return Func(source, func(v resource.PropertyValue, inputs resource.PropertyMap) error {
		s := valueText(v)
		if !slices.Contains([]string{"0", "1", "2"}, s) {
			return fmt.Errorf("must be one of 0, 1, 2 (got %s)", s)
		}
		if s == "2" && Plain(inputs["kmsKeyId"]).IsNull() {
			return fmt.Errorf("2 (a user's KMS key) needs kmsKeyId")
		}
		return nil
	})
}

func nasAccessGroupName(source string) Rule {
	name := ruleNoURL(source, 3, 64, `[A-Za-z][A-Za-z0-9_-]*`)
	return Func(source, func(v resource.PropertyValue, inputs resource.PropertyMap) error {
		if err := name.Check(v, inputs); err != nil {
			return err
		}
		if valueText(v) == "DEFAULT_VPC_GROUP_NAME" {
			return fmt.Errorf("must not be the default group's name DEFAULT_VPC_GROUP_NAME")
		}
		return nil
	})
}

func nasSourceCIDR(source string) Rule {
	cidr := ruleCIDR(source, 0, 32, false)
	ip := ruleIPv4(source)
	return Func(source, func(v resource.PropertyValue, inputs resource.PropertyMap) error {
		if ip.Check(v, inputs) == nil {
			return nil
		}
		return cidr.Check(v, inputs)
	})
}
