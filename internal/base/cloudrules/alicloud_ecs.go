package cloudrules

import (
	"encoding/base64"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

// Formats shared by the ECS and ACK rules.
const (
	// ecsNameExpr is an ECS resource name as the ECS API takes it (RunInstances InstanceName,
	// CreateSecurityGroup SecurityGroupName, CreateLaunchTemplate LaunchTemplateName): a letter
	// first, then letters, digits, '.', ':', '_' and '-'.
	ecsNameExpr = `\p{L}[\p{L}\p{N}.:_-]*`
	// ecsKeyPairExpr is a key pair name (ECS CreateKeyPair KeyPairName): as a name, without '.'.
	ecsKeyPairExpr = `\p{L}[\p{L}\p{N}:_-]*`
	ipv4Octet      = `(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])`
	ipv4Expr       = ipv4Octet + `(\.` + ipv4Octet + `){3}`
	ipv4CIDRExpr   = ipv4Expr + `/(3[0-2]|[12]?[0-9])`
	// ecsInstanceTypeExpr is an ECS instance type name, ecs.<family>.<size>.
	ecsInstanceTypeExpr = `ecs\.[a-z0-9-]+\.[a-z0-9-]+`
)

var ecsRules = Table{
	rt.EcsInstance: {
		"instanceName":       ecsName("resource_alicloud_instance.go: instance_name, Optional, StringLenBetween(2, 128), updatable; API RunInstances InstanceName: a letter first, then letters, digits, '.', ':', '_', '-', not http(s)://", ecsNameExpr, 2, 128),
		"hostName":           ecsName("resource_alicloud_instance.go: host_name, Optional, no ValidateFunc, updatable (ModifyInstanceAttribute, reboots); API RunInstances HostName (Linux): 2 to 64, dot-separated segments of letters, digits and '-', no '.' or '-' at either end or twice in a row", `[A-Za-z0-9]+([.-][A-Za-z0-9]+)*`, 2, 64),
		"imageId":            Text("resource_alicloud_instance.go: image_id, Optional, no ValidateFunc, AtLeastOneOf launch_template_id/name; a change runs ReplaceSystemDisk on the stopped instance: a new system disk, in place", "an ECS image ID, checked by RunInstances", 0).Replaces(),
		"instanceType":       Matches("resource_alicloud_instance.go: instance_type, Optional, StringMatch ^ecs\\..*; a change stops the instance and runs ModifyInstanceSpec (ModifyPrepayInstanceSpec when PrePaid)", `ecs\..*`, 0),
		"instanceChargeType": OneOf("resource_alicloud_instance.go: instance_charge_type, Optional, StringInSlice PrePaid, PostPaid; a change runs ModifyInstanceChargeType", "PrePaid", "PostPaid"),
		"securityGroups":     Ref("resource_alicloud_instance.go: security_groups, Optional, set of security group IDs; a change joins and leaves groups in place"),
		"vswitchId":          Ref("resource_alicloud_instance.go: vswitch_id, Optional, not ForceNew: a change stops the instance and runs ModifyInstanceVpcAttribute"),
		"privateIp":          Matches("resource_alicloud_instance.go: private_ip, Optional, no ValidateFunc; a change (with vswitch_id) stops the instance and runs ModifyInstanceVpcAttribute; API RunInstances PrivateIpAddress: an IPv4 address in the vSwitch", ipv4Expr, 0),
		"systemDiskCategory": OneOf("resource_alicloud_instance.go: system_disk_category, Optional, ForceNew, StringInSlice", "all", "cloud", "ephemeral_ssd", "cloud_essd", "cloud_efficiency", "cloud_ssd", "local_disk", "cloud_auto", "cloud_essd_entry").Replaces(),
		"systemDiskSize":     ecsSystemDiskSize("resource_alicloud_instance.go: system_disk_size, Optional, no ValidateFunc, grows in place (ResizeDisk); API RunInstances SystemDisk.Size by category: cloud 20-500, ESSD PL0 1-2048, PL1 (default) 20-2048, PL2 461-2048, PL3 1261-2048, cloud_auto 1-2048, others 20-2048", ""),
		"deploymentSetId":    Ref("resource_alicloud_instance.go: deployment_set_id, Optional, not ForceNew: a change runs ModifyInstanceDeployment"),
		"launchTemplateId":   Ref("resource_alicloud_instance.go: launch_template_id, Optional, ForceNew").Replaces(),
		"userData":           ecsUserData("resource_alicloud_instance.go: user_data, Optional, sent base64-encoded (encoded by the provider unless it already is); a change reboots the instance; API RunInstances UserData: at most 32 KB before encoding"),
		"keyName":            ecsName("resource_alicloud_instance.go: key_name, Optional, Computed, no ValidateFunc; updatable since v1.268.0 (reboots); API CreateKeyPair KeyPairName: 2 to 128, a letter first, then letters, digits, ':', '_', '-'", ecsKeyPairExpr, 2, 128),
		"password":           ecsPassword("resource_alicloud_instance.go: password, Optional, Sensitive, no ValidateFunc; a change reboots the instance; API RunInstances Password: 8 to 30, three of upper case, lower case, digits, specials ()`~!@#$%^&*-_+=|{}[]:;'<>,.?/"),
		"tags":               ecsTags("resource_alicloud_instance.go: tags, tagsSchemaWithIgnore (values must not start with aliyun or acs:); API TagResources: at most 20 tags, key 1-128 and value 0-128 characters, neither starting with aliyun or acs: nor containing http:// or https://"),
	},
	rt.EcsLaunchTemplate: {
		"launchTemplateName": ecsName("resource_alicloud_ecs_launch_template.go: launch_template_name, Optional, ForceNew, ConflictsWith name, no ValidateFunc; API CreateLaunchTemplate LaunchTemplateName: 2 to 128, a letter first, then letters, digits, '.', ':', '_', '-'", ecsNameExpr, 2, 128).Replaces(),
		"description":        ecsNoURL("resource_alicloud_ecs_launch_template.go: description, Optional, StringLenBetween(2, 256) and not http(s)://; a change adds a template version", 2, 256),
		"ramRoleName":        Ref("resource_alicloud_ecs_launch_template.go: ram_role_name, Optional; a change adds a template version (instances take the template at creation only)"),
		"templateTags":       ecsTags("resource_alicloud_ecs_launch_template.go: template_tags, tagsSchema, no ValidateFunc; API TagResources: at most 20 tags, key 1-128 and value 0-128 characters, neither starting with aliyun or acs: nor containing http:// or https://"),
	},
	rt.EcsDeploymentSet: {
		"deploymentSetName": Matches("resource_alicloud_ecs_deployment_set.go: deployment_set_name, Optional, StringMatch ^([\\w\\\\:\\-]){2,128}$ (word characters, '\\', ':', '-'), updatable", `[\w\\:-]{2,128}`, 0),
		"description":       ecsLen("resource_alicloud_ecs_deployment_set.go: description, Optional, StringLenBetween(2, 256), updatable", 2, 256),
		"strategy":          OneOf("resource_alicloud_ecs_deployment_set.go: strategy, Optional, ForceNew, StringInSlice Availability, AvailabilityGroup, LowLatency", "Availability", "AvailabilityGroup", "LowLatency").Replaces(),
	},
	rt.EcsSecurityGroup: {
		"securityGroupName": ecsName("resource_alicloud_security_group.go: security_group_name, Optional, no ValidateFunc (the provider dropped its own over an API bug), updatable; API CreateSecurityGroup SecurityGroupName: 2 to 128, a letter first, then letters, digits, '.', ':', '_', '-'", ecsNameExpr, 2, 128),
		"description":       ecsNoURL("resource_alicloud_security_group.go: description, Optional, no ValidateFunc, updatable; API CreateSecurityGroup Description: 2 to 256, not http(s)://", 2, 256),
		"securityGroupType": OneOf("resource_alicloud_security_group.go: security_group_type, Optional, ForceNew, StringInSlice normal, enterprise", "normal", "enterprise").Replaces(),
		"innerAccessPolicy": ecsInnerAccessPolicy("resource_alicloud_security_group.go: inner_access_policy, Optional, StringInSlice Accept, Drop, ConflictsWith inner_access, diff suppressed for enterprise groups; API ModifySecurityGroupPolicy: an enterprise (advanced) group always isolates its members, its policy cannot be changed"),
		"vpcId":             Ref("resource_alicloud_security_group.go: vpc_id, Optional, ForceNew").Replaces(),
		"tags":              ecsTags("resource_alicloud_security_group.go: tags, tagsSchema, no ValidateFunc; API CreateSecurityGroup Tag.N: at most 20 tags, key 1-128 and value 0-128 characters, neither starting with aliyun or acs: nor containing http:// or https://"),
	},
	rt.EcsSecurityGroupRule: {
		"securityGroupId": Ref("resource_alicloud_security_group_rule.go: security_group_id, Required, ForceNew").Replaces(),
		"type":            OneOf("resource_alicloud_security_group_rule.go: type, Required, ForceNew, StringInSlice ingress, egress", "ingress", "egress").Replaces(),
		"ipProtocol":      OneOf("resource_alicloud_security_group_rule.go: ip_protocol, Required, ForceNew, StringInSlice", "tcp", "udp", "icmp", "icmpv6", "gre", "all").Replaces(),
		"portRange":       ecsPortRange("resource_alicloud_security_group_rule.go: port_range, Optional, ForceNew, Default -1/-1; create refuses -1/-1 for tcp and udp (1-65535 each side) and anything else for other protocols").Replaces(),
		"cidrIp":          Matches("resource_alicloud_security_group_rule.go: cidr_ip, Optional, ForceNew, no ValidateFunc; API AuthorizeSecurityGroup SourceCidrIp: an IPv4 CIDR block or address", ipv4CIDRExpr+`|`+ipv4Expr, 0).Replaces(),
		"policy":          OneOf("resource_alicloud_security_group_rule.go: policy, Optional, ForceNew, Default accept, StringInSlice accept, drop", "accept", "drop").Replaces(),
		"priority":        Range("resource_alicloud_security_group_rule.go: priority, Optional, ForceNew, Default 1, IntBetween(1, 100)", 1, 100).Replaces(),
		"nicType":         OneOf("resource_alicloud_security_group_rule.go: nic_type, Optional, ForceNew, Computed, StringInSlice internet, intranet", "internet", "intranet").Replaces(),
		"description":     Text("resource_alicloud_security_group_rule.go: description, Optional, no ValidateFunc, updatable (ModifySecurityGroupRule); API AuthorizeSecurityGroup Description: 1 to 512 characters", "a description", 512),
	},
	rt.EcsEipAddress: {
		"addressName":        ecsName("resource_alicloud_eip_address.go: address_name, Optional, ConflictsWith name, no ValidateFunc, updatable; API AllocateEipAddress Name: 1 to 128, a letter first, then letters, digits, '.', '_', '-'", `\p{L}[\p{L}\p{N}._-]*`, 1, 128),
		"description":        ecsName("resource_alicloud_eip_address.go: description, Optional, no ValidateFunc, updatable; API AllocateEipAddress Description: 2 to 256, a letter first, not http(s)://", `(?s)\p{L}.*`, 2, 256),
		"bandwidth":          ecsEipBandwidth("resource_alicloud_eip_address.go: bandwidth, Optional, a string, no ValidateFunc, updatable (ModifyEipAddressAttribute); API AllocateEipAddress Bandwidth (Mbit/s): PayAsYouGo with PayByBandwidth (the default) 1-500, PayAsYouGo with PayByTraffic 1-200, Subscription 1-1000"),
		"internetChargeType": ecsEipChargeType("resource_alicloud_eip_address.go: internet_charge_type, Optional, ForceNew, StringInSlice PayByBandwidth, PayByTraffic; API AllocateEipAddress InternetChargeType: a Subscription EIP must be PayByBandwidth").Replaces(),
		"paymentType":        OneOf("resource_alicloud_eip_address.go: payment_type, Optional, ForceNew, ConflictsWith instance_charge_type, StringInSlice (PrePaid and PostPaid are taken as Subscription and PayAsYouGo)", "Subscription", "PayAsYouGo", "PrePaid", "PostPaid").Replaces(),
		"tags":               ecsTags("resource_alicloud_eip_address.go: tags, tagsSchema, no ValidateFunc; API TagResources: at most 20 tags, key 1-128 and value 0-128 characters, neither starting with aliyun or acs: nor containing http:// or https://"),
	},
	rt.EcsEipAssociation: {
		"allocationId": Ref("resource_alicloud_eip_association.go: allocation_id, Required, ForceNew").Replaces(),
		"instanceId":   Ref("resource_alicloud_eip_association.go: instance_id, Required, ForceNew").Replaces(),
		"instanceType": OneOf("resource_alicloud_eip_association.go: instance_type, Optional, Computed, ForceNew, no ValidateFunc; API AssociateEipAddress InstanceType (default EcsInstance)", "Nat", "SlbInstance", "EcsInstance", "NetworkInterface", "HaVip", "IpAddress").Replaces(),
	},
}

// ecsInput is the known, plain value of the resource's input at path (e.g. "management",
// "enable").
func ecsInput(inputs resource.PropertyMap, path ...string) (resource.PropertyValue, bool) {
	v := resource.NewObjectProperty(inputs)
	for _, k := range path {
		v = Plain(v)
		if !v.IsObject() {
			return resource.PropertyValue{}, false
		}
		e, ok := v.ObjectValue()[resource.PropertyKey(k)]
		if !ok {
			return resource.PropertyValue{}, false
		}
		v = e
	}
	v = Plain(v)
	if v.IsNull() || v.IsComputed() || v.IsOutput() {
		return resource.PropertyValue{}, false
	}
	return v, true
}

// ecsInputText is the input at path as text, when it is known.
func ecsInputText(inputs resource.PropertyMap, path ...string) (string, bool) {
	v, ok := ecsInput(inputs, path...)
	if !ok {
		return "", false
	}
	return valueText(v), true
}

// ecsStringCheck checks a string: its length from min to max (in bytes when bytes is set, as
// the provider's StringLenBetween counts, else in characters, as the API does), the expression
// expr whole (when not empty), and no http:// or https:// prefix (when noURL is set).
func ecsStringCheck(min, max int, bytes bool, expr string, noURL bool) func(resource.PropertyValue, resource.PropertyMap) error {
	var re *regexp.Regexp
	if expr != "" {
		re = regexp.MustCompile(`^(?:` + expr + `)$`)
	}
	return func(v resource.PropertyValue, _ resource.PropertyMap) error {
		if !v.IsString() {
			return Violated("must be a string", v)
		}
		s := v.StringValue()
		n := utf8.RuneCountInString(s)
		if bytes {
			n = len(s)
		}
		switch {
		case n < min || n > max:
			return Violated(fmt.Sprintf("must be %d to %d characters long", min, max), v)
		case noURL && (strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")):
			return Violated("must not start with http:// or https://", v)
		case re != nil && !re.MatchString(s):
			return Violated("must match "+re.String(), v)
		}
		return nil
	}
}

// ecsLen is a string of min to max bytes, the provider's StringLenBetween.
func ecsLen(source string, min, max int) Rule {
	return Func(source, ecsStringCheck(min, max, true, "", false))
}

// ecsNoURL is a description: min to max characters, not starting with http:// or https://.
func ecsNoURL(source string, min, max int) Rule {
	return Func(source, ecsStringCheck(min, max, false, "", true))
}

// ecsName is a name matching expr, min to max characters, not starting with http:// or https://.
func ecsName(source, expr string, min, max int) Rule {
	return Func(source, ecsStringCheck(min, max, false, expr, true))
}

// ecsTags is a map of tags as Alibaba Cloud's tag API takes them.
func ecsTags(source string) Rule {
	bad := func(s string) bool {
		return strings.HasPrefix(s, "aliyun") || strings.HasPrefix(s, "acs:") ||
			strings.Contains(s, "http://") || strings.Contains(s, "https://")
	}
	return Func(source, func(v resource.PropertyValue, _ resource.PropertyMap) error {
		if !v.IsObject() {
			return fmt.Errorf("must be a map of tags (got %s)", valueText(v))
		}
		tags := v.ObjectValue()
		if len(tags) > 20 {
			return fmt.Errorf("must be at most 20 tags (got %d)", len(tags))
		}
		for k, e := range tags {
			key := string(k)
			if n := utf8.RuneCountInString(key); n < 1 || n > 128 || bad(key) {
				return fmt.Errorf("tag key %q must be 1 to 128 characters, not start with aliyun or acs: and not contain http:// or https://", key)
			}
			e = Plain(e)
			if e.IsComputed() || e.IsOutput() {
				continue
			}
			if !e.IsString() {
				return fmt.Errorf("tag %q must have a string value", key)
			}
			if s := e.StringValue(); utf8.RuneCountInString(s) > 128 || bad(s) {
				return fmt.Errorf("tag %q: value %q must be at most 128 characters, not start with aliyun or acs: and not contain http:// or https://", key, s)
			}
		}
		return nil
	})
}

// ecsPasswordSpecials are the special characters ECS takes in a password.
const ecsPasswordSpecials = "()`~!@#$%^&*-_+=|{}[]:;'<>,.?/"

// ecsPasswordError says why s is not an ECS login password: 8 to 30 characters of letters,
// digits and ecsPasswordSpecials, with at least three of upper case, lower case, digits and
// specials.
func ecsPasswordError(s string) error {
	if n := len(s); n < 8 || n > 30 {
		return &Violation{Rule: "must be 8 to 30 characters long", Value: fmt.Sprintf("%d characters", n)}
	}
	var upper, lower, digit, special bool
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			upper = true
		case r >= 'a' && r <= 'z':
			lower = true
		case r >= '0' && r <= '9':
			digit = true
		case strings.ContainsRune(ecsPasswordSpecials, r):
			special = true
		default:
			return fmt.Errorf("must contain only letters, digits and %s", ecsPasswordSpecials)
		}
	}
	kinds := 0
	for _, b := range []bool{upper, lower, digit, special} {
		if b {
			kinds++
		}
	}
	if kinds < 3 {
		return fmt.Errorf("must contain at least three of upper case letters, lower case letters, digits and special characters")
	}
	return nil
}

// ecsGenerated is offline.GeneratedPlaceholder: the offline plan's stand-in for a value
// generated at `pulumi up` (a random password), which no rule can judge before then.
const ecsGenerated = "[generated at pulumi up]"

// ecsPassword is an ECS login password; the error never shows the value.
func ecsPassword(source string) Rule {
	return Func(source, func(v resource.PropertyValue, _ resource.PropertyMap) error {
		if !v.IsString() {
			return fmt.Errorf("must be a string")
		}
		if v.StringValue() == ecsGenerated {
			return nil
		}
		return ecsPasswordError(v.StringValue())
	})
}

// ecsSystemDiskSize is a system disk's size in GiB, in the range its category and (for ESSD)
// its performance level allow: the category is the input systemDiskCategory and, when listKey is
// set, every entry of that list (any of them may be the one a node is created with); the
// performance level is systemDiskPerformanceLevel, PL1 when unset.
func ecsSystemDiskSize(source, listKey string) Rule {
	return Func(source, func(v resource.PropertyValue, inputs resource.PropertyMap) error {
		size, ok := number(v)
		if !ok {
			return Violated("must be a number", v)
		}
		var cats []string
		if c, ok := ecsInputText(inputs, "systemDiskCategory"); ok {
			cats = append(cats, c)
		}
		if listKey != "" {
			if l, ok := ecsInput(inputs, listKey); ok && l.IsArray() {
				for _, e := range l.ArrayValue() {
					if e = Plain(e); e.IsString() {
						cats = append(cats, e.StringValue())
					}
				}
			}
		}
		pl, ok := ecsInputText(inputs, "systemDiskPerformanceLevel")
		if !ok {
			pl = "PL1"
		}
		if len(cats) == 0 {
			cats = []string{""}
		}
		for _, c := range cats {
			lo, hi := 20.0, 2048.0
			switch c {
			case "":
				lo = 1
			case "cloud":
				hi = 500
			case "cloud_auto":
				lo = 1
			case "cloud_essd":
				lo = map[string]float64{"PL0": 1, "PL1": 20, "PL2": 461, "PL3": 1261}[pl]
			}
			if size < lo || size > hi {
				what := c
				if c == "" {
					what = "any"
				} else if c == "cloud_essd" {
					what += " " + pl
				}
				return Violated(fmt.Sprintf("must be %v to %v GiB for a %s system disk", lo, hi, what), v)
			}
		}
		return nil
	})
}

// ecsUserData is an instance's user data: at most 32 KB before base64 encoding.
func ecsUserData(source string) Rule {
	return Func(source, func(v resource.PropertyValue, _ resource.PropertyMap) error {
		if !v.IsString() {
			return fmt.Errorf("must be a string")
		}
		raw := []byte(v.StringValue())
		if b, err := base64.StdEncoding.DecodeString(v.StringValue()); err == nil {
			raw = b
		}
		if len(raw) > 32*1024 {
			return &Violation{Rule: "must be at most 32 KB before base64 encoding", Value: fmt.Sprintf("%d bytes", len(raw))}
		}
		return nil
	})
}

var ecsPortRangeExpr = regexp.MustCompile(`^([0-9]{1,5})/([0-9]{1,5})$`)

// ecsPortRange is a security group rule's port range: start/end from 1 to 65535 for tcp and
// udp, -1/-1 for every other protocol.
func ecsPortRange(source string) Rule {
	return Func(source, func(v resource.PropertyValue, inputs resource.PropertyMap) error {
		s := valueText(v)
		proto, ok := ecsInputText(inputs, "ipProtocol")
		if !ok {
			return nil
		}
		if proto != "tcp" && proto != "udp" {
			if s != "-1/-1" {
				return Violated("must be -1/-1 for protocol "+proto, v)
			}
			return nil
		}
		m := ecsPortRangeExpr.FindStringSubmatch(s)
		if m == nil {
			return Violated("must be start/end ports from 1 to 65535 for protocol "+proto, v)
		}
		lo, _ := strconv.Atoi(m[1])
		hi, _ := strconv.Atoi(m[2])
		if lo < 1 || hi > 65535 || lo > hi {
			return Violated("must be start/end ports from 1 to 65535, start not above end, for protocol "+proto, v)
		}
		return nil
	})
}

// ecsEipSubscription reports whether an EIP's paymentType is a subscription; unset is
// PayAsYouGo.
func ecsEipSubscription(inputs resource.PropertyMap) bool {
	p, _ := ecsInputText(inputs, "paymentType")
	return p == "Subscription" || p == "PrePaid"
}

// ecsEipBandwidth is an EIP's peak bandwidth, whose limit depends on how it is paid for.
func ecsEipBandwidth(source string) Rule {
	return Func(source, func(v resource.PropertyValue, inputs resource.PropertyMap) error {
		bw, ok := number(v)
		if !ok || bw != float64(int64(bw)) {
			return Violated("must be a whole number of Mbit/s", v)
		}
		charge, ok := ecsInputText(inputs, "internetChargeType")
		if !ok {
			if _, set := inputs["internetChargeType"]; set {
				return nil // known at `pulumi up` only
			}
			charge = "PayByBandwidth"
		}
		max, how := 500.0, "a pay-as-you-go PayByBandwidth EIP"
		switch {
		case ecsEipSubscription(inputs):
			max, how = 1000, "a subscription EIP"
		case charge == "PayByTraffic":
			max, how = 200, "a pay-as-you-go PayByTraffic EIP"
		}
		if bw < 1 || bw > max {
			return Violated(fmt.Sprintf("must be 1 to %v Mbit/s for %s", max, how), v)
		}
		return nil
	})
}

// ecsEipChargeType is an EIP's metering: PayByBandwidth or PayByTraffic, and PayByBandwidth for
// a subscription.
func ecsEipChargeType(source string) Rule {
	return Func(source, func(v resource.PropertyValue, inputs resource.PropertyMap) error {
		s := valueText(v)
		if s != "PayByBandwidth" && s != "PayByTraffic" {
			return Violated("must be one of PayByBandwidth, PayByTraffic", v)
		}
		if s != "PayByBandwidth" && ecsEipSubscription(inputs) {
			return Violated("must be PayByBandwidth for a subscription EIP", v)
		}
		return nil
	})
}

// ecsInnerAccessPolicy is a security group's internal policy: Accept or Drop, and never Accept
// for an enterprise group, which always isolates its members.
func ecsInnerAccessPolicy(source string) Rule {
	return Func(source, func(v resource.PropertyValue, inputs resource.PropertyMap) error {
		s := valueText(v)
		if s != "Accept" && s != "Drop" {
			return Violated("must be one of Accept, Drop", v)
		}
		if t, _ := ecsInputText(inputs, "securityGroupType"); t == "enterprise" && s == "Accept" {
			return Violated("must be Drop for an enterprise security group: its members are always isolated, and the provider ignores the setting", v)
		}
		return nil
	})
}
