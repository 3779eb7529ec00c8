package cloudrules

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

// A zone ID (cn-hangzhou-h, ap-southeast-1a); the provider passes any string, the API takes
// DescribeZones' IDs.
const zoneIDExpr = `[a-z]{2}-[a-z0-9-]*[a-z0-9]`

var vpcRules = Table{
	rt.VpcNetwork: {
		"cidrBlock":   vpcCIDRRule("resource_alicloud_vpc.go: cidr_block, Optional, Computed, not ForceNew (ModifyVpcAttribute changes it); API CreateVpc CidrBlock: 10/8, 172.16/12, 192.168/16 or a custom block outside 100.64/10, 224/4, 127/8, 169.254/16, mask 8 to 28"),
		"description": ruleNoURL("resource_alicloud_vpc.go: description, Optional, no ValidateFunc; API CreateVpc Description: 1 to 256 characters, not starting with http:// or https://", 1, 256, ""),
		"vpcName":     ruleNoURL("resource_alicloud_vpc.go: vpc_name, Optional, Computed, ConflictsWith name; API CreateVpc VpcName: 1 to 128 characters, not starting with http:// or https://", 1, 128, ""),
		"tags":        ruleTags("resource_alicloud_vpc.go: tags, tagsSchema (a map, no ValidateFunc); API TagResources (VPC)", 128),
	},
	rt.VpcSwitch: {
		"cidrBlock":   ruleCIDR("resource_alicloud_vswitch.go: cidr_block, Optional, Computed, ForceNew (required since 1.233.0 unless is_default); API CreateVSwitch CidrBlock: inside the VPC's block, mask 16 to 29", 16, 29, false).Replaces(),
		"description": ruleNoURL("resource_alicloud_vswitch.go: description, Optional; API CreateVSwitch Description: 1 to 256 characters, not starting with http:// or https://", 1, 256, ""),
		"vswitchName": ruleNoURL("resource_alicloud_vswitch.go: vswitch_name, Optional, Computed, ConflictsWith name; API CreateVSwitch VSwitchName: 1 to 128 characters, not starting with http:// or https://", 1, 128, ""),
		"vpcId":       Ref("resource_alicloud_vswitch.go: vpc_id, Optional, Computed, ForceNew (required since 1.233.0 unless is_default)").Replaces(),
		"zoneId":      Matches("resource_alicloud_vswitch.go: zone_id, Optional, Computed, ForceNew, ExactlyOneOf zone_id/availability_zone; API CreateVSwitch ZoneId: a zone of the region", zoneIDExpr, 64).Replaces(),
		"tags":        ruleTags("resource_alicloud_vswitch.go: tags, tagsSchema (no ValidateFunc); API TagResources (VPC)", 128),
	},
	rt.VpcNatGateway: {
		"description":        ruleNoURL("resource_alicloud_nat_gateway.go: description, Optional, no ValidateFunc; docs/r/nat_gateway (API CreateNatGateway Description): 2 to 256 characters, not starting with http:// or https://", 2, 256, ""),
		"internetChargeType": OneOf("resource_alicloud_nat_gateway.go: internet_charge_type, Optional, Computed, ForceNew, StringInSlice PayByLcu, PayBySpec; docs/r/nat_gateway: PayBySpec cannot be set since 1.137.0 (API CreateNatGateway takes PayByLcu)", "PayByLcu").Replaces(),
		"natGatewayName":     ruleNoURL("resource_alicloud_nat_gateway.go: nat_gateway_name, Optional, Computed, ConflictsWith name; docs/r/nat_gateway (API CreateNatGateway Name): 2 to 128 letters, digits, '.', '_' or '-', not starting or ending with '-'", 2, 128, `[A-Za-z0-9._](?:[A-Za-z0-9._-]*[A-Za-z0-9._])?`),
		"natType":            OneOf("resource_alicloud_nat_gateway.go: nat_type, Optional, Computed, StringInSlice Enhanced, Normal, updated in place by UpdateNatGatewayNatType; docs/r/nat_gateway: Normal cannot be set since 1.137.0", "Enhanced"),
		"networkType":        OneOf("resource_alicloud_nat_gateway.go: network_type, Optional, Computed, StringInSlice internet, intranet; not ForceNew and no update call: a change after creation is never applied", "internet", "intranet"),
		"paymentType":        OneOf("resource_alicloud_nat_gateway.go: payment_type, Optional, Computed, ForceNew, StringInSlice PayAsYouGo, Subscription, ConflictsWith instance_charge_type", "PayAsYouGo", "Subscription").Replaces(),
		"tags":               ruleTags("resource_alicloud_nat_gateway.go: tags, tagsSchema (no ValidateFunc); API TagResources (VPC)", 128),
		"vpcId":              Ref("resource_alicloud_nat_gateway.go: vpc_id, Required, ForceNew").Replaces(),
		"vswitchId":          Ref("resource_alicloud_nat_gateway.go: vswitch_id, Optional, not ForceNew (a change calls UpdateNatGatewayNatType), diff suppressed unless nat_type is Enhanced; API CreateNatGateway: required for an enhanced NAT gateway"),
	},
	rt.VpcSnatEntry: {
		"snatEntryName":   ruleNoURL("resource_alicloud_snat_entry.go: snat_entry_name, Optional, updatable; docs/r/snat_entry (API CreateSnatEntry SnatEntryName): 2 to 128 characters, starting with a letter, not with http:// or https://", 2, 128, `[A-Za-z\p{Han}](?s:.*)`),
		"snatIp":          ruleIPv4List("resource_alicloud_snat_entry.go: snat_ip, Required, updatable since 1.241.0 (ModifySnatEntry); API CreateSnatEntry SnatIp: EIP or NAT IP addresses, comma-separated"),
		"snatTableId":     Ref("resource_alicloud_snat_entry.go: snat_table_id, Required, ForceNew").Replaces(),
		"sourceVswitchId": Ref("resource_alicloud_snat_entry.go: source_vswitch_id, Optional, Computed, ForceNew, ConflictsWith source_cidr").Replaces(),
	},
	rt.VpcHaVipv2: {
		"vswitchId":   Ref("resource_alicloud_vpc_ha_vip.go: vswitch_id, Required, ForceNew").Replaces(),
		"ipAddress":   ruleIPv4("resource_alicloud_vpc_ha_vip.go: ip_address, Optional, Computed, ForceNew; API CreateHaVip IpAddress: a free address of the vSwitch's block").Replaces(),
		"haVipName":   ruleNoURL("resource_alicloud_vpc_ha_vip.go: ha_vip_name, Optional, Computed, ConflictsWith havip_name; API CreateHaVip Name: 1 to 128 characters, not starting with http:// or https://", 1, 128, ""),
		"description": ruleNoURL("resource_alicloud_vpc_ha_vip.go: description, Optional, StringMatch ^.{2,256}$; API CreateHaVip Description: not starting with http:// or https://", 2, 256, ""),
	},
	rt.VpcHAVipAttachment: {
		"haVipId":      Ref("resource_alicloud_havip_attachment.go: ha_vip_id, Optional, Computed, ForceNew, ExactlyOneOf ha_vip_id/havip_id").Replaces(),
		"instanceId":   Ref("resource_alicloud_havip_attachment.go: instance_id, Required, ForceNew").Replaces(),
		"instanceType": OneOf("resource_alicloud_havip_attachment.go: instance_type, Optional, Computed, ForceNew, no ValidateFunc; API AssociateHaVip InstanceType: EcsInstance or NetworkInterface", "EcsInstance", "NetworkInterface").Replaces(),
	},
	rt.VpcRouteTable: {
		"routeTableName": ruleNoURL("resource_alicloud_route_table.go: route_table_name, Optional, Computed, ConflictsWith name; API CreateRouteTable RouteTableName: 1 to 128 characters, not starting with http:// or https://", 1, 128, ""),
		"vpcId":          Ref("resource_alicloud_route_table.go: vpc_id, Required, ForceNew").Replaces(),
		"associateType":  OneOf("resource_alicloud_route_table.go: associate_type, Optional, Computed, ForceNew, StringInSlice VSwitch, Gateway", "VSwitch", "Gateway").Replaces(),
		"description":    ruleNoURL("resource_alicloud_route_table.go: description, Optional, no ValidateFunc, updatable; API CreateRouteTable Description: 1 to 256 characters, not starting with http:// or https://", 1, 256, ""),
		"tags":           ruleTags("resource_alicloud_route_table.go: tags, tagsSchema (no ValidateFunc); API TagResources (VPC)", 128),
	},
	rt.VpcRouteTableAttachment: {
		"vswitchId":    Ref("resource_alicloud_route_table_attachment.go: vswitch_id, Required, ForceNew").Replaces(),
		"routeTableId": Ref("resource_alicloud_route_table_attachment.go: route_table_id, Required, ForceNew").Replaces(),
	},
	rt.VpcRouteEntry: {
		"routeTableId":         Ref("resource_alicloud_route_entry.go: route_table_id, Required, ForceNew").Replaces(),
		"destinationCidrblock": ruleCIDR("resource_alicloud_route_entry.go: destination_cidrblock, Optional, ForceNew, no ValidateFunc; API CreateRouteEntry DestinationCidrBlock: an IPv4 or IPv6 CIDR block", 0, 32, true).Replaces(),
		"nexthopType":          OneOf("resource_alicloud_route_entry.go: nexthop_type, Optional, ForceNew, no ValidateFunc; docs/r/route_entry (API CreateRouteEntry NextHopType)", "Instance", "HaVip", "RouterInterface", "NetworkInterface", "VpnGateway", "IPv6Gateway", "NatGateway", "Attachment", "VpcPeer", "Ipv4Gateway", "GatewayEndpoint", "Ecr").Replaces(),
		"nexthopId":            Ref("resource_alicloud_route_entry.go: nexthop_id, Optional, ForceNew").Replaces(),
		"name":                 ruleNoURL("resource_alicloud_route_entry.go: name, Optional, ForceNew, StringLenBetween(2, 128); docs/r/route_entry: 1 to 128 characters, not starting with http:// or https://", 2, 128, "").Replaces(),
	},
}

// ruleNoURL accepts a string of min to max characters that does not start with http:// or
// https://, the common rule of Alibaba Cloud names and descriptions; expr, when set, must also
// match the whole value.
func ruleNoURL(source string, min, max int, expr string) Rule {
	var re *regexp.Regexp
	if expr != "" {
		re = regexp.MustCompile(`^(?:` + expr + `)$`)
	}
	return Func(source, func(v resource.PropertyValue, _ resource.PropertyMap) error {
		if !v.IsString() {
			return fmt.Errorf("must be a string (got %s)", valueText(v))
		}
		s := v.StringValue()
		if n := utf8.RuneCountInString(s); n < min || n > max {
			return fmt.Errorf("must be %d to %d characters (got %d)", min, max, n)
		}
		if l := strings.ToLower(s); strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") {
			return fmt.Errorf("must not start with http:// or https:// (got %q)", s)
		}
		if re != nil && !re.MatchString(s) {
			return fmt.Errorf("must match %s (got %q)", re, s)
		}
		return nil
	})
}

// ruleCIDR accepts an IPv4 CIDR block with a mask of minBits to maxBits, or with v6 also any IPv6
// block.
func ruleCIDR(source string, minBits, maxBits int, v6 bool) Rule {
	return Func(source, func(v resource.PropertyValue, _ resource.PropertyMap) error {
		p, err := netip.ParsePrefix(valueText(v))
		switch {
		case err != nil:
			return fmt.Errorf("must be a CIDR block (got %q)", valueText(v))
		case p.Addr().Is6() && v6:
			return nil
		case !p.Addr().Is4():
			return fmt.Errorf("must be an IPv4 CIDR block (got %q)", valueText(v))
		case p.Bits() < minBits || p.Bits() > maxBits:
			return fmt.Errorf("must have a mask of %d to %d bits (got %s)", minBits, maxBits, p)
		}
		return nil
	})
}

// vpcCIDRRule is CreateVpc's CidrBlock: mask 8 to 28, not inside a block the VPC reserves.
func vpcCIDRRule(source string) Rule {
	mask := ruleCIDR(source, 8, 28, false)
	reserved := []netip.Prefix{
		netip.MustParsePrefix("100.64.0.0/10"), netip.MustParsePrefix("224.0.0.0/4"),
		netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("169.254.0.0/16"),
	}
	return Func(source, func(v resource.PropertyValue, inputs resource.PropertyMap) error {
		if err := mask.Check(v, inputs); err != nil {
			return err
		}
		p := netip.MustParsePrefix(valueText(v))
		for _, r := range reserved {
			if r.Overlaps(p) {
				return fmt.Errorf("must not overlap %s (got %s)", r, p)
			}
		}
		return nil
	})
}

// ruleIPv4 accepts one IPv4 address.
func ruleIPv4(source string) Rule {
	return Func(source, func(v resource.PropertyValue, _ resource.PropertyMap) error {
		if a, err := netip.ParseAddr(valueText(v)); err != nil || !a.Is4() {
			return fmt.Errorf("must be an IPv4 address (got %q)", valueText(v))
		}
		return nil
	})
}

// ruleIPv4List accepts IPv4 addresses separated by commas.
func ruleIPv4List(source string) Rule {
	return Func(source, func(v resource.PropertyValue, _ resource.PropertyMap) error {
		for _, s := range strings.Split(valueText(v), ",") {
			if a, err := netip.ParseAddr(s); err != nil || !a.Is4() {
				return fmt.Errorf("must be IPv4 addresses separated by commas (got %q)", valueText(v))
			}
		}
		return nil
	})
}

// ruleJSON accepts a JSON document (the provider's validation.StringIsJSON) of at most maxLen
// bytes (0: no bound).
func ruleJSON(source string, maxLen int) Rule {
	return Func(source, func(v resource.PropertyValue, _ resource.PropertyMap) error {
		s := valueText(v)
		if !json.Valid([]byte(s)) {
			return fmt.Errorf("must be a JSON document")
		}
		if maxLen > 0 && len(s) > maxLen {
			return fmt.Errorf("must be at most %d bytes (got %d)", maxLen, len(s))
		}
		return nil
	})
}

// ruleTags is the tag rule of Alibaba Cloud's TagResources operations, the provider's tagsSchema
// having none: at most 20 tags; a key of 1 to keyMax characters (128 in most services) and a
// value of at most 128, neither starting with aliyun or acs: nor containing http:// or https://.
func ruleTags(source string, keyMax int) Rule {
	bad := func(s string) bool {
		l := strings.ToLower(s)
		return strings.HasPrefix(l, "aliyun") || strings.HasPrefix(l, "acs:") ||
			strings.Contains(l, "http://") || strings.Contains(l, "https://")
	}
	return Func(source, func(v resource.PropertyValue, _ resource.PropertyMap) error {
		if !v.IsObject() {
			return fmt.Errorf("must be a map of strings")
		}
		tags := v.ObjectValue()
		if len(tags) > 20 {
			return fmt.Errorf("must be at most 20 tags (got %d)", len(tags))
		}
		for k, tv := range tags {
			key, val := string(k), Plain(tv)
			if n := utf8.RuneCountInString(key); n < 1 || n > keyMax || bad(key) {
				return fmt.Errorf("tag key %q must be 1 to %d characters, not starting with aliyun or acs: nor containing http(s)://", key, keyMax)
			}
			if val.IsComputed() || val.IsOutput() {
				continue
			}
			if s := valueText(val); utf8.RuneCountInString(s) > 128 || bad(s) {
				return fmt.Errorf("tag %q: value %q must be at most 128 characters, not starting with aliyun or acs: nor containing http(s)://", key, s)
			}
		}
		return nil
	})
}

// ruleCount is a rule on an element's field that also bounds how many elements the list has.
func ruleCount(source, list string, min, max int, each Rule) Rule {
	return Func(source, func(v resource.PropertyValue, inputs resource.PropertyMap) error {
		if l := Plain(inputs[resource.PropertyKey(list)]); l.IsArray() {
			if n := len(l.ArrayValue()); n < min || n > max {
				return fmt.Errorf("%s must have %d to %d elements (got %d)", list, min, max, n)
			}
		}
		return each.Check(v, inputs)
	})
}
