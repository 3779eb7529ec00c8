package policy

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

// alicloudRequired lists, per alicloud resource type, the inputs Alibaba Cloud's API needs in
// practice although the provider's schema marks most of them optional (so the SDK does not check
// them): a vSwitch without a zone, an instance without an image, a listener without a port are
// refused at `pulumi up`. "a[].b" means field b of every element of list a. The list is the one the
// hand-written bindings enforced before the official SDK replaced them.
var alicloudRequired = map[string][]string{
	rt.AlicloudProvider:               {"region"},
	rt.VpcNetwork:                     {"cidrBlock"},
	rt.VpcSwitch:                      {"vpcId", "cidrBlock", "zoneId"},
	rt.VpcNatGateway:                  {"vpcId", "vswitchId"},
	rt.VpcSnatEntry:                   {"snatTableId", "snatIp"},
	rt.EcsEipAssociation:              {"allocationId", "instanceId"},
	rt.EcsSecurityGroup:               {"vpcId"},
	rt.EcsSecurityGroupRule:           {"type", "ipProtocol", "securityGroupId"},
	rt.CsManagedKubernetes:            {"addons[].name"},
	rt.CsNodePool:                     {"clusterId", "vswitchIds", "instanceTypes", "labels[].key", "taints[].key"},
	rt.CsKubernetesAddon:              {"clusterId", "name"},
	rt.NasFileSystem:                  {"protocolType", "storageType"},
	rt.NasAccessGroup:                 {"accessGroupName", "accessGroupType"},
	rt.NasAccessRule:                  {"accessGroupName", "sourceCidrIp"},
	rt.NasMountTarget:                 {"fileSystemId", "vswitchId", "accessGroupName"},
	rt.OssBucket:                      {"bucket"},
	rt.RdsInstance:                    {"engine", "engineVersion", "instanceStorage", "instanceType"},
	rt.RdsAccount:                     {"dbInstanceId", "accountName", "accountPassword"},
	rt.RdsDatabase:                    {"instanceId", "dataBaseName"},
	rt.RdsAccountPrivilege:            {"instanceId", "accountName", "dbNames"},
	rt.EcsInstance:                    {"instanceType", "imageId", "securityGroups", "vswitchId", "dataDisks[].size"},
	rt.NlbLoadBalancer:                {"addressType", "vpcId", "zoneMappings", "zoneMappings[].vswitchId", "zoneMappings[].zoneId"},
	rt.NlbServerGroup:                 {"serverGroupName", "vpcId"},
	rt.NlbListener:                    {"listenerPort", "listenerProtocol", "loadBalancerId", "serverGroupId"},
	rt.NlbServerGroupServerAttachment: {"serverGroupId", "serverId", "serverType"},
	rt.VpcHaVipv2:                     {"vswitchId"},
	rt.VpcHAVipAttachment:             {"instanceId", "haVipId"},
	rt.RamRole:                        {"roleName", "assumeRolePolicyDocument"},
	rt.RamPolicy:                      {"policyName", "policyDocument"},
	rt.RamRolePolicyAttachment:        {"policyName", "policyType", "roleName"},
	rt.DnsAlidnsDomain:                {"domainName"},
	rt.DnsAlidnsRecord:                {"domainName", "rr", "type", "value"},
	rt.PvtzZoneAttachment:             {"zoneId", "vpcs[].vpcId"},
	rt.PvtzZoneRecord:                 {"zoneId", "type", "value"},
	rt.DnsGtmInstance:                 {"instanceName", "packageEdition", "paymentType", "period", "healthCheckTaskCount", "smsNotificationCount"},
	rt.DnsAddressPool:                 {"instanceId", "addressPoolName", "type", "lbaStrategy", "addresses", "addresses[].address", "addresses[].attributeInfo", "addresses[].mode"},
	rt.DnsAccessStrategy:              {"instanceId", "strategyName", "strategyMode", "defaultAddrPoolType", "defaultAddrPools", "defaultAddrPools[].addrPoolId", "defaultMinAvailableAddrNum"},
	rt.DnsMonitorConfig:               {"addrPoolId", "protocolType", "interval", "timeout", "evaluationCount", "monitorExtendInfo", "ispCityNodes", "ispCityNodes[].cityCode", "ispCityNodes[].ispCode"},
}

func alicloudInputs(s *Stack) []Finding {
	var out []Finding
	for _, typ := range slices.Sorted(maps.Keys(alicloudRequired)) {
		for _, r := range s.byType(typ) {
			for _, path := range alicloudRequired[typ] {
				if missing := missingAt(r.Inputs, path); missing != "" {
					out = append(out, Finding{"alicloud-inputs", Error, r.Name, fmt.Sprintf("%s: %s is not set; Alibaba Cloud refuses the resource without it", typ, missing)})
				}
			}
		}
	}
	return out
}

// missingAt returns the first place along path ("a", or "a[].b") where inputs hold no value, or "".
func missingAt(inputs resource.PropertyMap, path string) string {
	list, field, nested := strings.Cut(path, "[].")
	v := inputs[resource.PropertyKey(list)]
	if !nested {
		if !v.HasValue() {
			return path
		}
		return ""
	}
	for i, e := range arr(unsecret(v)) {
		if !fields(unsecret(e))[resource.PropertyKey(field)].HasValue() {
			return fmt.Sprintf("%s[%d].%s", list, i, field)
		}
	}
	return ""
}

func unsecret(v resource.PropertyValue) resource.PropertyValue {
	for v.IsSecret() {
		v = v.SecretValue().Element
	}
	return v
}
