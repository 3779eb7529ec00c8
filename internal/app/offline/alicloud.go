package offline

import (
	"fmt"
	"hash/fnv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

// alicloudComputed lists, for each alicloud resource zonestack registers, the outputs the cloud
// computes that an offline run stands in for, with their stand-ins. An empty stand-in is
// "<name>-<property>"; "{name}" is replaced by the resource's name, "{ip}" by MockPrivateIP and
// "{ackVersion}" by the newest version the fixture says ACK creates (what a cluster that pins
// none gets).
// An output the inputs already carry keeps the input's value. Outputs listed with a nil slice
// are empty lists, with "{}" empty maps.
var alicloudComputed = map[string]map[string]string{
	rt.VpcNetwork:           {"cidrBlock": "", "vpcName": "", "routeTableId": "", "routerId": "", "status": "Available"},
	rt.VpcSwitch:            {"vpcId": "", "cidrBlock": "", "zoneId": "", "vswitchName": "", "status": "Available"},
	rt.VpcNatGateway:        {"natGatewayName": "", "snatTableIds": "stb-{name}", "forwardTableIds": "ftb-{name}", "status": "Available"},
	rt.VpcSnatEntry:         {"snatEntryId": "snat-{name}", "status": "Available"},
	rt.EcsEipAddress:        {"addressName": "", "ipAddress": "203.0.113.10", "status": "InUse"},
	rt.EcsEipAssociation:    {"allocationId": "", "instanceId": ""},
	rt.EcsSecurityGroup:     {"securityGroupName": "", "vpcId": ""},
	rt.EcsSecurityGroupRule: {"securityGroupRuleId": "sgr-{name}"},
	rt.CsManagedKubernetes: {
		"name": "", "clusterSpec": "", "version": "{ackVersion}", "vpcId": "", "securityGroupId": "",
		"slbIntranet": "10.0.192.5", "workerRamRoleName": "KubernetesWorkerRole-{name}",
	},
	rt.CsNodePool:                     {"nodePoolId": "np-{name}", "scalingGroupId": "asg-{name}", "nodePoolName": ""},
	rt.NasFileSystem:                  {"zoneId": "", "status": "Running"},
	rt.NasAccessGroup:                 {"accessGroupName": ""},
	rt.NasAccessRule:                  {"accessRuleId": "1"},
	rt.NasMountTarget:                 {"mountTargetDomain": "{name}.nas.aliyuncs.com"},
	rt.OssBucket:                      {"bucket": "", "intranetEndpoint": "", "location": "", "creationDate": ""},
	rt.CsKubernetesAddon:              {"name": "", "version": ""},
	rt.CsAutoscalingConfig:            {}, // computes nothing zonestack reads; its ID is the cluster's
	rt.RdsInstance:                    {"connectionString": "{name}.mysql.rds.aliyuncs.com", "port": "3306", "status": "Running"},
	rt.RdsAccount:                     {"accountName": ""},
	rt.RdsDatabase:                    {"dataBaseName": ""},
	rt.RdsAccountPrivilege:            {"privilege": ""},
	rt.EcsInstance:                    {"instanceName": "", "primaryIpAddress": "{ip}", "privateIp": "{ip}", "status": "Running"},
	rt.EcsDeploymentSet:               {"deploymentSetName": "", "strategy": "Availability"},
	rt.EcsLaunchTemplate:              {"launchTemplateName": ""},
	rt.NlbLoadBalancer:                {"loadBalancerName": "", "dnsName": "{name}.nlb.aliyuncs.com", "status": "Active"},
	rt.NlbServerGroup:                 {"serverGroupName": "", "status": "Available"},
	rt.NlbListener:                    {"status": "Running"},
	rt.NlbServerGroupServerAttachment: {"status": "Available", "zoneId": ""},
	rt.VpcHaVipv2:                     {"haVipId": "havip-{name}", "ipAddress": "{ip}", "vpcId": "", "status": "Available"},
	rt.VpcHAVipAttachment:             {"haVipId": "", "instanceId": "", "status": "InUse"},
	rt.RamRole:                        {"roleName": "", "arn": "acs:ram::1234567890:role/{name}", "roleId": ""},
	rt.RamPolicy:                      {"policyName": "", "type": "Custom"},
	rt.RamRolePolicyAttachment:        {"policyName": "", "roleName": ""},
	rt.DnsAlidnsDomain:                {"domainName": ""},
	rt.DnsAlidnsRecord:                {"rr": "", "type": "", "value": ""},
	rt.PvtzZone:                       {"zoneName": ""},
	rt.PvtzZoneAttachment:             {"zoneId": ""},
	rt.PvtzZoneRecord:                 {"recordId": ""},
	rt.DnsGtmInstance:                 {"instanceName": ""},
	rt.DnsAddressPool:                 {"addressPoolName": ""},
	rt.DnsAccessStrategy:              {"strategyName": ""},
	rt.DnsMonitorConfig:               {"protocolType": ""},
}

// alicloudEmptyLists are computed list outputs that an offline run reports empty.
var alicloudEmptyLists = map[string][]string{
	rt.DnsAlidnsDomain: {"dnsServers"},
}

// alicloudState is what an offline run reports as the state of an alicloud resource: the inputs
// as sent, plus a stand-in for each computed output in alicloudComputed. An ECS instance given a
// privateIp reports it as its primaryIpAddress too; a cluster reports its API server's intranet
// address. The second result is false for a type that is not an alicloud resource of ours.
func alicloudState(typ, name string, inputs resource.PropertyMap) (resource.PropertyMap, bool) {
	return alicloudStateFor(typ, name, inputs, nil)
}

// alicloudStateFor is alicloudState with the ACK version taken from fx (DefaultFixture if nil).
func alicloudStateFor(typ, name string, inputs resource.PropertyMap, fx *Fixture) (resource.PropertyMap, bool) {
	computed, ok := alicloudComputed[typ]
	if !ok && typ != rt.AlicloudProvider {
		return nil, false
	}
	out := inputs.Copy()
	for prop, standIn := range computed {
		key := resource.PropertyKey(prop)
		if out.HasValue(key) {
			continue
		}
		v := standIn
		switch {
		case v == "":
			v = name + "-" + prop
		default:
			v = strings.ReplaceAll(v, "{name}", name)
			if strings.Contains(v, "{ip}") {
				v = strings.ReplaceAll(v, "{ip}", MockPrivateIP(typ, name))
			}
			if strings.Contains(v, "{ackVersion}") {
				if fx == nil {
					fx = defaultFixture()
				}
				v = strings.ReplaceAll(v, "{ackVersion}", fx.NewestKubernetesVersion("ManagedKubernetes"))
			}
		}
		out[key] = resource.NewProperty(v)
	}
	for _, prop := range alicloudEmptyLists[typ] {
		if key := resource.PropertyKey(prop); !out.HasValue(key) {
			out[key] = resource.NewProperty([]resource.PropertyValue{})
		}
	}
	if ip := inputs["privateIp"]; typ == rt.EcsInstance && ip.IsString() {
		out["primaryIpAddress"] = ip
	}
	if typ == rt.CsManagedKubernetes {
		// The credential's server is the Internet endpoint's (DescribeClusterUserKubeconfig with
		// PrivateIpAddress false), one from TEST-NET-3; see mockKubeconfig.
		conn := resource.PropertyMap{
			"apiServerIntranet": resource.NewProperty("https://10.0.192.5:6443"),
			"serviceDomain":     resource.NewProperty("*." + name + ".cluster.local"),
		}
		if v := inputs["slbInternetEnabled"]; v.IsBool() && v.BoolValue() {
			conn["apiServerInternet"] = resource.NewProperty("https://203.0.113.5:6443")
		}
		out["connections"] = resource.NewProperty(conn)
		if v := inputs["enableRrsa"]; v.IsBool() && v.BoolValue() {
			// ACK registers the cluster's OIDC provider in RAM as ack-rrsa-<cluster ID>.
			out["rrsaMetadata"] = resource.NewProperty(resource.PropertyMap{
				"enabled":             resource.NewProperty(true),
				"ramOidcProviderArn":  resource.NewProperty("acs:ram::1234567890:oidc-provider/ack-rrsa-" + name),
				"ramOidcProviderName": resource.NewProperty("ack-rrsa-" + name),
				"rrsaOidcIssuerUrl":   resource.NewProperty("https://oidc.offline.invalid/" + name),
			})
		}
	}
	return out, true
}

// MockPrivateIP is the private address an offline run gives the resource of type typ named name
// wherever its stand-in says "{ip}": 10.a.b.c, with a, b and c taken from the 32-bit FNV-1a hash
// of type and name, and c kept in 1–254 so that it is never a network or broadcast address. The
// same resource always gets the same address, so plans are reproducible, and different resources
// (or resources of different types with one name) get different addresses unless their hashes
// collide in the 2^24 addresses of 10.0.0.0/8. The address is not taken from the resource's
// vSwitch, whose CIDR block an offline run does not know.
func MockPrivateIP(typ, name string) string {
	h := fnv.New32a()
	h.Write([]byte(typ))
	h.Write([]byte{0})
	h.Write([]byte(name))
	sum := h.Sum32()
	return fmt.Sprintf("10.%d.%d.%d", byte(sum>>24), byte(sum>>16), 1+(sum&0xffff)%254)
}

// alicloudInvoke is what an offline run reports for an alicloud function. The kubeconfig it
// returns is well formed, points at a documentation address and carries no credential.
func alicloudInvoke(token string, args resource.PropertyMap) (resource.PropertyMap, bool) {
	switch token {
	case rt.CsGetClusterCredential:
		id := args["clusterId"].StringValue()
		return resource.PropertyMap{
			"id":          resource.NewProperty(id),
			"clusterId":   resource.NewProperty(id),
			"clusterName": resource.NewProperty(id),
			"expiration":  resource.NewProperty("2029-11-23T00:00:00Z"),
			"kubeConfig":  resource.NewProperty(mockKubeconfig(id)),
		}, true
	}
	return nil, false
}

func mockKubeconfig(clusterID string) string {
	return fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: %[1]s
  cluster:
    server: https://203.0.113.5:6443
    insecure-skip-tls-verify: true
contexts:
- name: %[1]s
  context:
    cluster: %[1]s
    user: offline
current-context: %[1]s
users:
- name: offline
  user:
    token: offline-plan-has-no-credential
`, clusterID)
}
