package alicloud

import "reflect"

// ResourceBinding names one bound resource: its token, its Args struct and its resource struct.
type ResourceBinding struct {
	Token string
	Args  reflect.Type
	State reflect.Type
}

// FunctionBinding names one bound provider function: its token, its Args and its Result struct.
type FunctionBinding struct {
	Token  string
	Args   reflect.Type
	Result reflect.Type
}

// Resources lists every resource binding in this package. The schema test checks each of them;
// a new binding must be added here.
func Resources() []ResourceBinding {
	return []ResourceBinding{
		{NetworkToken, reflect.TypeFor[NetworkArgs](), reflect.TypeFor[Network]()},
		{SwitchToken, reflect.TypeFor[SwitchArgs](), reflect.TypeFor[Switch]()},
		{NatGatewayToken, reflect.TypeFor[NatGatewayArgs](), reflect.TypeFor[NatGateway]()},
		{SnatEntryToken, reflect.TypeFor[SnatEntryArgs](), reflect.TypeFor[SnatEntry]()},
		{EipAddressToken, reflect.TypeFor[EipAddressArgs](), reflect.TypeFor[EipAddress]()},
		{EipAssociationToken, reflect.TypeFor[EipAssociationArgs](), reflect.TypeFor[EipAssociation]()},
		{SecurityGroupToken, reflect.TypeFor[SecurityGroupArgs](), reflect.TypeFor[SecurityGroup]()},
		{SecurityGroupRuleToken, reflect.TypeFor[SecurityGroupRuleArgs](), reflect.TypeFor[SecurityGroupRule]()},
		{ManagedKubernetesToken, reflect.TypeFor[ManagedKubernetesArgs](), reflect.TypeFor[ManagedKubernetes]()},
		{NodePoolToken, reflect.TypeFor[NodePoolArgs](), reflect.TypeFor[NodePool]()},
		{NasFileSystemToken, reflect.TypeFor[NasFileSystemArgs](), reflect.TypeFor[NasFileSystem]()},
		{NasAccessGroupToken, reflect.TypeFor[NasAccessGroupArgs](), reflect.TypeFor[NasAccessGroup]()},
		{NasAccessRuleToken, reflect.TypeFor[NasAccessRuleArgs](), reflect.TypeFor[NasAccessRule]()},
		{NasMountTargetToken, reflect.TypeFor[NasMountTargetArgs](), reflect.TypeFor[NasMountTarget]()},
		{KubernetesAddonToken, reflect.TypeFor[KubernetesAddonArgs](), reflect.TypeFor[KubernetesAddon]()},
		{RdsInstanceToken, reflect.TypeFor[RdsInstanceArgs](), reflect.TypeFor[RdsInstance]()},
		{RdsAccountToken, reflect.TypeFor[RdsAccountArgs](), reflect.TypeFor[RdsAccount]()},
		{RdsDatabaseToken, reflect.TypeFor[RdsDatabaseArgs](), reflect.TypeFor[RdsDatabase]()},
		{RdsAccountPrivilegeToken, reflect.TypeFor[RdsAccountPrivilegeArgs](), reflect.TypeFor[RdsAccountPrivilege]()},
		{InstanceToken, reflect.TypeFor[InstanceArgs](), reflect.TypeFor[Instance]()},
		{EcsDeploymentSetToken, reflect.TypeFor[EcsDeploymentSetArgs](), reflect.TypeFor[EcsDeploymentSet]()},
		{EcsLaunchTemplateToken, reflect.TypeFor[EcsLaunchTemplateArgs](), reflect.TypeFor[EcsLaunchTemplate]()},
		{NlbLoadBalancerToken, reflect.TypeFor[NlbLoadBalancerArgs](), reflect.TypeFor[NlbLoadBalancer]()},
		{NlbServerGroupToken, reflect.TypeFor[NlbServerGroupArgs](), reflect.TypeFor[NlbServerGroup]()},
		{NlbListenerToken, reflect.TypeFor[NlbListenerArgs](), reflect.TypeFor[NlbListener]()},
		{NlbServerGroupServerAttachmentToken, reflect.TypeFor[NlbServerGroupServerAttachmentArgs](), reflect.TypeFor[NlbServerGroupServerAttachment]()},
		{HaVipToken, reflect.TypeFor[HaVipArgs](), reflect.TypeFor[HaVip]()},
		{HaVipAttachmentToken, reflect.TypeFor[HaVipAttachmentArgs](), reflect.TypeFor[HaVipAttachment]()},
		{RamRoleToken, reflect.TypeFor[RamRoleArgs](), reflect.TypeFor[RamRole]()},
		{RamPolicyToken, reflect.TypeFor[RamPolicyArgs](), reflect.TypeFor[RamPolicy]()},
		{RamRolePolicyAttachmentToken, reflect.TypeFor[RamRolePolicyAttachmentArgs](), reflect.TypeFor[RamRolePolicyAttachment]()},
		{AlidnsDomainToken, reflect.TypeFor[AlidnsDomainArgs](), reflect.TypeFor[AlidnsDomain]()},
		{AlidnsRecordToken, reflect.TypeFor[AlidnsRecordArgs](), reflect.TypeFor[AlidnsRecord]()},
		{PvtzZoneToken, reflect.TypeFor[PvtzZoneArgs](), reflect.TypeFor[PvtzZone]()},
		{PvtzZoneAttachmentToken, reflect.TypeFor[PvtzZoneAttachmentArgs](), reflect.TypeFor[PvtzZoneAttachment]()},
		{PvtzZoneRecordToken, reflect.TypeFor[PvtzZoneRecordArgs](), reflect.TypeFor[PvtzZoneRecord]()},
		{GtmInstanceToken, reflect.TypeFor[GtmInstanceArgs](), reflect.TypeFor[GtmInstance]()},
		{GtmAddressPoolToken, reflect.TypeFor[GtmAddressPoolArgs](), reflect.TypeFor[GtmAddressPool]()},
		{GtmAccessStrategyToken, reflect.TypeFor[GtmAccessStrategyArgs](), reflect.TypeFor[GtmAccessStrategy]()},
		{GtmMonitorConfigToken, reflect.TypeFor[GtmMonitorConfigArgs](), reflect.TypeFor[GtmMonitorConfig]()},
	}
}

// Functions lists every function binding in this package.
func Functions() []FunctionBinding {
	return []FunctionBinding{
		{GetClusterCredentialToken, reflect.TypeFor[GetClusterCredentialArgs](), reflect.TypeFor[GetClusterCredentialResult]()},
	}
}

// ProviderBinding is the binding of the explicit provider resource.
func ProviderBinding() ResourceBinding {
	return ResourceBinding{ProviderToken, reflect.TypeFor[ProviderArgs](), reflect.TypeFor[Provider]()}
}
