package cloudrules

import (
	"fmt"
	"net/netip"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

// AlidnsTTLMin is the lowest TTL of a record of each Alibaba Cloud DNS edition (docs/r/alidns_record,
// ttl); the record does not say its domain's edition, so the rule below takes the widest range.
var AlidnsTTLMin = map[string]int{"free": 600, "basic": 120, "standard": 60, "ultimate": 10, "exclusive": 1}

var dnsLabel = `[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?`

var dnsRules = Table{
	rt.DnsAlidnsDomain: {
		"domainName":      alidnsDomainName("resource_alicloud_alidns_domain.go: domain_name, Required, ForceNew, no ValidateFunc; docs/r/alidns_domain (API AddDomain): labels of 1 to 63 letters, digits or '-', not starting or ending with '-', '-' not in both the 3rd and 4th place (xn-- punycode aside), not under .sh or .tel").Replaces(),
		"groupId":         Ref("resource_alicloud_alidns_domain.go: group_id, Optional, updatable (ChangeDomainGroup); unset: the default group"),
		"remark":          Text("resource_alicloud_alidns_domain.go: remark, Optional, updatable (UpdateDomainRemark), no ValidateFunc; the API documents no length", "a description", 0),
		"resourceGroupId": Ref("resource_alicloud_alidns_domain.go: resource_group_id, Optional, Computed, ForceNew").Replaces(),
	},
	rt.DnsAlidnsRecord: {
		"domainName": alidnsDomainName("resource_alicloud_alidns_record.go: domain_name, Required, ForceNew, no ValidateFunc; docs/r/alidns_record: as alidns_domain's domain_name").Replaces(),
		"remark":     Text("resource_alicloud_alidns_record.go: remark, Optional, updatable (UpdateDomainRecordRemark), no ValidateFunc; the API documents no length", "a description", 0),
		"rr":         alidnsRR("resource_alicloud_alidns_record.go: rr, Required, updatable, no ValidateFunc; docs/r/alidns_record: at most 253 characters, labels of at most 63 letters, digits, '-', '*' or '@', not starting or ending with '-'"),
		"ttl":        Range("resource_alicloud_alidns_record.go: ttl, Optional, Default 600, no ValidateFunc; docs/r/alidns_record: up to 86400, from 600 (Free), 120 (Basic), 60 (Standard), 10 (Ultimate) or 1 (Exclusive) by the domain's edition, see AlidnsTTLMin", 1, 86400),
		"type":       OneOf("resource_alicloud_alidns_record.go: type, Required, updatable, no ValidateFunc; API AddDomainRecord Type (DNS record types)", "A", "NS", "MX", "TXT", "CNAME", "SRV", "AAAA", "CAA", "REDIRECT_URL", "FORWARD_URL"),
		"value":      Text("resource_alicloud_alidns_record.go: value, Required, updatable, no ValidateFunc (MX, NS, CNAME and SRV values are taken as FQDNs)", "the record's data", 0),
	},
	rt.DnsGtmInstance: {
		"cnameType":            OneOf("resource_alicloud_alidns_gtm_instance.go: cname_type, Optional, Computed, StringInSlice PUBLIC", "PUBLIC"),
		"healthCheckTaskCount": Range("resource_alicloud_alidns_gtm_instance.go: health_check_task_count, Required, ForceNew, IntBetween 0..100000", 0, 100000).Replaces(),
		"instanceName":         Text("resource_alicloud_alidns_gtm_instance.go: instance_name, Required, updatable, no ValidateFunc", "the instance's name", 0),
		"packageEdition":       OneOf("resource_alicloud_alidns_gtm_instance.go: package_edition, Required, ForceNew, StringInSlice standard, ultimate", "standard", "ultimate").Replaces(),
		"paymentType":          OneOf("resource_alicloud_alidns_gtm_instance.go: payment_type, Required, ForceNew, StringInSlice Subscription", "Subscription").Replaces(),
		"period":               AtLeast("resource_alicloud_alidns_gtm_instance.go: period, Required, no ValidateFunc, not ForceNew and never updated; docs: months, a multiple of 12 for yearly", 1),
		"publicCnameMode":      OneOf("resource_alicloud_alidns_gtm_instance.go: public_cname_mode, Optional, Computed, StringInSlice CUSTOM, SYSTEM_ASSIGN", "CUSTOM", "SYSTEM_ASSIGN"),
		"publicRr":             alidnsRR("resource_alicloud_alidns_gtm_instance.go: public_rr, Optional, Computed, updatable, no ValidateFunc, diff-suppressed under SYSTEM_ASSIGN: the CNAME host record under public_zone_name"),
		"publicUserDomainName": alidnsDomainName("resource_alicloud_alidns_gtm_instance.go: public_user_domain_name, Optional, Computed, updatable, no ValidateFunc: the domain users resolve"),
		"publicZoneName":       alidnsDomainName("resource_alicloud_alidns_gtm_instance.go: public_zone_name, Optional, Computed, updatable, no ValidateFunc, diff-suppressed under SYSTEM_ASSIGN: the zone of the CNAME"),
		"renewPeriod":          AtLeast("resource_alicloud_alidns_gtm_instance.go: renew_period, Optional, ForceNew, no ValidateFunc, diff-suppressed under ManualRenewal; months", 1).Replaces(),
		"renewalStatus":        OneOf("resource_alicloud_alidns_gtm_instance.go: renewal_status, Optional, Computed, ForceNew, StringInSlice AutoRenewal, ManualRenewal", "AutoRenewal", "ManualRenewal").Replaces(),
		"smsNotificationCount": Range("resource_alicloud_alidns_gtm_instance.go: sms_notification_count, Required, ForceNew, IntBetween 0..100000", 0, 100000).Replaces(),
		"strategyMode":         OneOf("resource_alicloud_alidns_gtm_instance.go: strategy_mode, Optional, Computed, updatable, StringInSlice GEO, LATENCY", "GEO", "LATENCY"),
		"ttl":                  OneOf("resource_alicloud_alidns_gtm_instance.go: ttl, Optional, updatable, IntInSlice 60, 120, 300, 600", "60", "120", "300", "600"),
	},
	rt.DnsAddressPool: {
		"addressPoolName":           Text("resource_alicloud_alidns_address_pool.go: address_pool_name, Required, updatable, no ValidateFunc", "the pool's name", 0),
		"addresses[].address":       ruleCount("resource_alicloud_alidns_address_pool.go: address.address, Required; address is a Set, MinItems 1, MaxItems 20; an IPv4, IPv6 or domain address by the pool's type", "addresses", 1, 20, alidnsPoolAddress("resource_alicloud_alidns_address_pool.go: address.address")),
		"addresses[].attributeInfo": ruleJSON("resource_alicloud_alidns_address_pool.go: address.attribute_info, Required, validation.StringIsJSON (LineCodes, lineCodeRectifyType)", 0),
		"addresses[].mode":          OneOf("resource_alicloud_alidns_address_pool.go: address.mode, Required, StringInSlice SMART, ONLINE, OFFLINE", "SMART", "ONLINE", "OFFLINE"),
		"addresses[].remark":        Text("resource_alicloud_alidns_address_pool.go: address.remark, Optional, no ValidateFunc", "a description", 0),
		"instanceId":                Ref("resource_alicloud_alidns_address_pool.go: instance_id, Required, ForceNew").Replaces(),
		"lbaStrategy":               OneOf("resource_alicloud_alidns_address_pool.go: lba_strategy, Required, updatable, StringInSlice ALL_RR, RATIO", "ALL_RR", "RATIO"),
		"type":                      OneOf("resource_alicloud_alidns_address_pool.go: type, Required, ForceNew, StringInSlice IPV4, IPV6, DOMAIN", "IPV4", "IPV6", "DOMAIN").Replaces(),
	},
	rt.DnsAccessStrategy: {
		"accessMode":                    OneOf("resource_alicloud_alidns_access_strategy.go: access_mode, Optional, Computed, updatable, StringInSlice AUTO, DEFAULT, FAILOVER", "AUTO", "DEFAULT", "FAILOVER"),
		"defaultAddrPoolType":           OneOf("resource_alicloud_alidns_access_strategy.go: default_addr_pool_type, Required, updatable, StringInSlice IPV4, IPV6, DOMAIN", "IPV4", "IPV6", "DOMAIN"),
		"defaultAddrPools[].addrPoolId": Ref("resource_alicloud_alidns_access_strategy.go: default_addr_pools.addr_pool_id, Required; default_addr_pools is a Set, Required, updatable"),
		"defaultLbaStrategy":            OneOf("resource_alicloud_alidns_access_strategy.go: default_lba_strategy, Optional, updatable, StringInSlice ALL_RR, RATIO, diff-suppressed unless strategy_mode is GEO", "ALL_RR", "RATIO"),
		"defaultMinAvailableAddrNum":    AtLeast("resource_alicloud_alidns_access_strategy.go: default_min_available_addr_num, Required, updatable, no ValidateFunc: a count, no range documented", 0),
		"instanceId":                    Ref("resource_alicloud_alidns_access_strategy.go: instance_id, Required, ForceNew").Replaces(),
		"lines[].lineCode":              Matches("resource_alicloud_alidns_access_strategy.go: lines.line_code, Optional, no ValidateFunc; lines is a Set, updatable: a GTM line code such as default or cn_mobile_anhui", `[A-Za-z0-9_]+`, 0),
		"strategyMode":                  OneOf("resource_alicloud_alidns_access_strategy.go: strategy_mode, Required, StringInSlice GEO, LATENCY; not ForceNew and no update call: a change is never applied", "GEO", "LATENCY"),
		"strategyName":                  Text("resource_alicloud_alidns_access_strategy.go: strategy_name, Required, updatable, no ValidateFunc", "the strategy's name", 0),
	},
	rt.DnsMonitorConfig: {
		"addrPoolId":              Ref("resource_alicloud_alidns_monitor_config.go: addr_pool_id, Required, ForceNew").Replaces(),
		"evaluationCount":         OneOf("resource_alicloud_alidns_monitor_config.go: evaluation_count, Required, updatable, IntInSlice 1, 2, 3", "1", "2", "3"),
		"interval":                OneOf("resource_alicloud_alidns_monitor_config.go: interval, Required, updatable, IntInSlice 60", "60"),
		"ispCityNodes[].cityCode": Matches("resource_alicloud_alidns_monitor_config.go: isp_city_node.city_code, Required, no ValidateFunc; isp_city_node is a Set, Required, updatable: a monitoring node's city code", `[A-Za-z0-9_]+`, 0),
		"ispCityNodes[].ispCode":  Matches("resource_alicloud_alidns_monitor_config.go: isp_city_node.isp_code, Required, no ValidateFunc: a monitoring node's ISP code", `[A-Za-z0-9_]+`, 0),
		"monitorExtendInfo":       ruleJSON("resource_alicloud_alidns_monitor_config.go: monitor_extend_info, Required, updatable, validation.StringIsJSON, compared as JSON", 0),
		"protocolType":            OneOf("resource_alicloud_alidns_monitor_config.go: protocol_type, Required, updatable, StringInSlice HTTP, HTTPS, PING, TCP", "HTTP", "HTTPS", "PING", "TCP"),
		"timeout":                 OneOf("resource_alicloud_alidns_monitor_config.go: timeout, Required, updatable, IntInSlice 2000, 3000, 5000, 10000 (milliseconds)", "2000", "3000", "5000", "10000"),
	},
}

var (
	dnsNameRe = regexp.MustCompile(`^(` + dnsLabel + `\.)+[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9]\.?$`)
	dnsRRRe   = regexp.MustCompile(`^(@|(\*|[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)$`)
)

func alidnsDomainName(source string) Rule {
	return Func(source, func(v resource.PropertyValue, _ resource.PropertyMap) error {
		s := strings.TrimSuffix(valueText(v), ".")
		switch {
		case len(s) > 253 || !dnsNameRe.MatchString(s):
			return fmt.Errorf("must be a domain name of labels of 1 to 63 letters, digits or '-' (got %q)", s)
		case strings.HasSuffix(strings.ToLower(s), ".sh") || strings.HasSuffix(strings.ToLower(s), ".tel"):
			return fmt.Errorf(".sh and .tel domains are not supported (got %q)", s)
		}
		if first, _, _ := strings.Cut(s, "."); len(first) >= 4 && first[2:4] == "--" && !strings.HasPrefix(strings.ToLower(first), "xn--") {
			return fmt.Errorf("must not have '-' in both the 3rd and 4th place (got %q)", s)
		}
		return nil
	})
}

func alidnsRR(source string) Rule {
	return Func(source, func(v resource.PropertyValue, _ resource.PropertyMap) error {
		s := valueText(v)
		if len(s) > 253 || !dnsRRRe.MatchString(s) {
			return fmt.Errorf("must be @ or a host record of labels of at most 63 letters, digits or '-', the first possibly * (got %q)", s)
		}
		return nil
	})
}

func alidnsPoolAddress(source string) Rule {
	return Func(source, func(v resource.PropertyValue, inputs resource.PropertyMap) error {
		t := Plain(inputs["type"])
		if !t.IsString() {
			return nil
		}
		s := valueText(v)
		switch t.StringValue() {
		case "IPV4", "IPV6":
			a, err := netip.ParseAddr(s)
			if err != nil || a.Is4() != (t.StringValue() == "IPV4") {
				return fmt.Errorf("must be an %s address in a pool of type %s (got %q)", strings.ToLower(t.StringValue()), t.StringValue(), s)
			}
		case "DOMAIN":
			return alidnsDomainName(source).Check(v, inputs)
		}
		return nil
	})
}
