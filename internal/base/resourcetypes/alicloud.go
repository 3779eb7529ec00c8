package resourcetypes

// AlicloudVersion is the alicloud provider release of the SDK packages in
// third_party/pulumi-alicloud/sdk: every alicloud resource and invoke asks the engine for it.
const AlicloudVersion = "3.105.0"

// AlicloudProvider is the type of an explicit alicloud provider.
const AlicloudProvider = "pulumi:providers:alicloud"

// AlicloudGetZones is the provider's zones function (package alicloud): the pre-flight asks it
// which zones of the region exist and what each sells.
const AlicloudGetZones = "alicloud:index/getZones:getZones"

// VPC (package vpc).
const (
	VpcNetwork         = "alicloud:vpc/network:Network"
	VpcSwitch          = "alicloud:vpc/switch:Switch"
	VpcNatGateway      = "alicloud:vpc/natGateway:NatGateway"
	VpcSnatEntry       = "alicloud:vpc/snatEntry:SnatEntry"
	VpcHaVipv2         = "alicloud:vpc/haVipv2:HaVipv2"
	VpcHAVipAttachment = "alicloud:vpc/hAVipAttachment:HAVipAttachment"
	// Route tables: zonestack registers none today; internal/base/cloudrules records their rules.
	VpcRouteTable           = "alicloud:vpc/routeTable:RouteTable"
	VpcRouteTableAttachment = "alicloud:vpc/routeTableAttachment:RouteTableAttachment"
	VpcRouteEntry           = "alicloud:vpc/routeEntry:RouteEntry"
)

// ECS (package ecs).
const (
	EcsEipAddress        = "alicloud:ecs/eipAddress:EipAddress"
	EcsEipAssociation    = "alicloud:ecs/eipAssociation:EipAssociation"
	EcsSecurityGroup     = "alicloud:ecs/securityGroup:SecurityGroup"
	EcsSecurityGroupRule = "alicloud:ecs/securityGroupRule:SecurityGroupRule"
	EcsInstance          = "alicloud:ecs/instance:Instance"
	EcsDisk              = "alicloud:ecs/ecsDisk:EcsDisk"
	EcsDeploymentSet     = "alicloud:ecs/ecsDeploymentSet:EcsDeploymentSet"
	EcsLaunchTemplate    = "alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate"
	EcsGetInstanceTypes  = "alicloud:ecs/getInstanceTypes:getInstanceTypes"
	EcsGetImages         = "alicloud:ecs/getImages:getImages"
)

// Container Service for Kubernetes (package cs).
const (
	CsManagedKubernetes    = "alicloud:cs/managedKubernetes:ManagedKubernetes"
	CsNodePool             = "alicloud:cs/nodePool:NodePool"
	CsKubernetesAddon      = "alicloud:cs/kubernetesAddon:KubernetesAddon"
	CsAutoscalingConfig    = "alicloud:cs/autoscalingConfig:AutoscalingConfig"
	CsGetClusterCredential = "alicloud:cs/getClusterCredential:getClusterCredential"
	CsGetKubernetesVersion = "alicloud:cs/getKubernetesVersion:getKubernetesVersion"
)

// NAS (package nas).
const (
	NasFileSystem  = "alicloud:nas/fileSystem:FileSystem"
	NasAccessGroup = "alicloud:nas/accessGroup:AccessGroup"
	NasAccessRule  = "alicloud:nas/accessRule:AccessRule"
	NasMountTarget = "alicloud:nas/mountTarget:MountTarget"
)

// OSS (package oss).
const (
	OssBucket = "alicloud:oss/bucket:Bucket"
)

// RDS (package rds).
const (
	RdsInstance         = "alicloud:rds/instance:Instance"
	RdsAccount          = "alicloud:rds/rdsAccount:RdsAccount"
	RdsDatabase         = "alicloud:rds/database:Database"
	RdsAccountPrivilege = "alicloud:rds/accountPrivilege:AccountPrivilege"
)

// Network Load Balancer (package nlb).
const (
	NlbLoadBalancer                = "alicloud:nlb/loadBalancer:LoadBalancer"
	NlbServerGroup                 = "alicloud:nlb/serverGroup:ServerGroup"
	NlbListener                    = "alicloud:nlb/listener:Listener"
	NlbServerGroupServerAttachment = "alicloud:nlb/serverGroupServerAttachment:ServerGroupServerAttachment"
)

// RAM (package ram).
const (
	RamRole                 = "alicloud:ram/role:Role"
	RamPolicy               = "alicloud:ram/policy:Policy"
	RamRolePolicyAttachment = "alicloud:ram/rolePolicyAttachment:RolePolicyAttachment"
)

// Alibaba Cloud DNS and GTM (package dns), PrivateZone (package pvtz).
const (
	DnsAlidnsDomain    = "alicloud:dns/alidnsDomain:AlidnsDomain"
	DnsAlidnsRecord    = "alicloud:dns/alidnsRecord:AlidnsRecord"
	DnsGtmInstance     = "alicloud:dns/gtmInstance:GtmInstance"
	DnsAddressPool     = "alicloud:dns/addressPool:AddressPool"
	DnsAccessStrategy  = "alicloud:dns/accessStrategy:AccessStrategy"
	DnsMonitorConfig   = "alicloud:dns/monitorConfig:MonitorConfig"
	PvtzZone           = "alicloud:pvtz/zone:Zone"
	PvtzZoneAttachment = "alicloud:pvtz/zoneAttachment:ZoneAttachment"
	PvtzZoneRecord     = "alicloud:pvtz/zoneRecord:ZoneRecord"
)
