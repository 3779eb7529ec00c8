package alicloud

import (
	"reflect"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Tokens of the Container Service (ACK) resource and function.
const (
	ManagedKubernetesToken    = "alicloud:cs/managedKubernetes:ManagedKubernetes"
	GetClusterCredentialToken = "alicloud:cs/getClusterCredential:getClusterCredential"
)

// ManagedKubernetesArgs are the inputs of a managed ACK cluster
// (alicloud:cs/managedKubernetes:ManagedKubernetes). The schema requires none of them.
type ManagedKubernetesArgs struct {
	Name pulumi.StringInput `pulumi:"name"`
	// ClusterSpec is "ack.standard" (Basic) or "ack.pro.small" (Pro), among others.
	ClusterSpec pulumi.StringInput `pulumi:"clusterSpec"`
	Version     pulumi.StringInput `pulumi:"version"`
	// VswitchIDs are the control plane's vSwitches; ACK spreads the control plane over their zones.
	VswitchIDs pulumi.StringArrayInput `pulumi:"vswitchIds"`
	// PodVswitchIDs are Terway's pod vSwitches, create-only.
	PodVswitchIDs      pulumi.StringArrayInput `pulumi:"podVswitchIds"`
	ServiceCidr        pulumi.StringInput      `pulumi:"serviceCidr"`
	ProxyMode          pulumi.StringInput      `pulumi:"proxyMode"`
	IPStack            pulumi.StringInput      `pulumi:"ipStack"`
	NewNatGateway      pulumi.BoolInput        `pulumi:"newNatGateway"`
	SlbInternetEnabled pulumi.BoolInput        `pulumi:"slbInternetEnabled"`
	DeletionProtection pulumi.BoolInput        `pulumi:"deletionProtection"`
	SecurityGroupID    pulumi.StringInput      `pulumi:"securityGroupId"`
	ClusterDomain      pulumi.StringInput      `pulumi:"clusterDomain"`
	Timezone           pulumi.StringInput      `pulumi:"timezone"`
	EnableRrsa         pulumi.BoolInput        `pulumi:"enableRrsa"`
	ResourceGroupID    pulumi.StringInput      `pulumi:"resourceGroupId"`
	Tags               pulumi.StringMapInput   `pulumi:"tags"`
	// ControlPlaneLogComponents picks control-plane logs to ship to SLS, e.g. "apiserver".
	ControlPlaneLogComponents pulumi.StringArrayInput `pulumi:"controlPlaneLogComponents"`

	MaintenanceWindow *ManagedKubernetesMaintenanceWindowArgs `pulumi:"maintenanceWindow"`
	// Addons are installed at creation; the provider ignores later changes to this list.
	Addons []ManagedKubernetesAddonArgs `pulumi:"addons"`
}

// ManagedKubernetesMaintenanceWindowArgs is the cluster's maintenance window
// (alicloud:cs/ManagedKubernetesMaintenanceWindow).
type ManagedKubernetesMaintenanceWindowArgs struct {
	Enable pulumi.BoolInput `pulumi:"enable"`
	// MaintenanceTime is an RFC 3339 time; its time of day and offset start the window.
	MaintenanceTime pulumi.StringInput `pulumi:"maintenanceTime"`
	// Duration is whole hours, e.g. "3h".
	Duration pulumi.StringInput `pulumi:"duration"`
	// WeeklyPeriod is a comma-separated list of weekdays, e.g. "Monday,Thursday".
	WeeklyPeriod pulumi.StringInput `pulumi:"weeklyPeriod"`
}

// ManagedKubernetesAddonArgs is one add-on installed with the cluster
// (alicloud:cs/ManagedKubernetesAddon).
type ManagedKubernetesAddonArgs struct {
	Name    pulumi.StringInput `pulumi:"name" required:"true"`
	Version pulumi.StringInput `pulumi:"version"`
	// Config is a JSON document, not an object.
	Config   pulumi.StringInput `pulumi:"config"`
	Disabled pulumi.BoolInput   `pulumi:"disabled"`
}

// ManagedKubernetes is a managed ACK cluster.
type ManagedKubernetes struct {
	pulumi.CustomResourceState

	Name              pulumi.StringOutput `pulumi:"name"`
	ClusterSpec       pulumi.StringOutput `pulumi:"clusterSpec"`
	Version           pulumi.StringOutput `pulumi:"version" mock:"1.33.3-aliyun.1"`
	VpcID             pulumi.StringOutput `pulumi:"vpcId"`
	SecurityGroupID   pulumi.StringOutput `pulumi:"securityGroupId"`
	SlbIntranet       pulumi.StringOutput `pulumi:"slbIntranet" mock:"10.0.192.5"`
	WorkerRAMRoleName pulumi.StringOutput `pulumi:"workerRamRoleName" mock:"KubernetesWorkerRole-{name}"`
	// Connections holds apiServerIntranet, apiServerInternet, masterPublicIp and serviceDomain.
	Connections pulumi.StringMapOutput `pulumi:"connections"`
}

// NewManagedKubernetes registers a managed ACK cluster.
func NewManagedKubernetes(ctx *pulumi.Context, name string, args *ManagedKubernetesArgs, opts ...pulumi.ResourceOption) (*ManagedKubernetes, error) {
	return newResource[ManagedKubernetes](ctx, ManagedKubernetesToken, name, args, opts)
}

// GetClusterCredentialArgs are the inputs of cs/getClusterCredential.
type GetClusterCredentialArgs struct {
	ClusterID pulumi.StringInput `pulumi:"clusterId" required:"true"`
	// TemporaryDurationMinutes (15 to 4320) makes a credential that expires; unset, ACK decides.
	TemporaryDurationMinutes pulumi.IntInput `pulumi:"temporaryDurationMinutes"`
}

// GetClusterCredentialResult is what cs/getClusterCredential returns.
type GetClusterCredentialResult struct {
	ClusterID   string `pulumi:"clusterId"`
	ClusterName string `pulumi:"clusterName"`
	Expiration  string `pulumi:"expiration"`
	// KubeConfig is sensitive: read it through KubeConfig(), which marks it secret.
	KubeConfig string `pulumi:"kubeConfig"`
}

// GetClusterCredentialResultOutput is the output form of GetClusterCredentialResult.
type GetClusterCredentialResultOutput struct{ *pulumi.OutputState }

// ElementType is part of the pulumi.Output contract.
func (GetClusterCredentialResultOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*GetClusterCredentialResult)(nil)).Elem()
}

// KubeConfig is the cluster's kubeconfig, always a secret.
func (o GetClusterCredentialResultOutput) KubeConfig() pulumi.StringOutput {
	kc := o.ApplyT(func(r GetClusterCredentialResult) string { return r.KubeConfig }).(pulumi.StringOutput)
	return pulumi.ToSecret(kc).(pulumi.StringOutput)
}

// Expiration is when the kubeconfig's credential expires (RFC 3339, UTC).
func (o GetClusterCredentialResultOutput) Expiration() pulumi.StringOutput {
	return o.ApplyT(func(r GetClusterCredentialResult) string { return r.Expiration }).(pulumi.StringOutput)
}

func init() {
	pulumi.RegisterOutputType(GetClusterCredentialResultOutput{})
}

// GetClusterCredentialOutput invokes cs/getClusterCredential once its inputs are known. Pass
// pulumi.Parent so that the invoke uses the same provider as the cluster.
func GetClusterCredentialOutput(ctx *pulumi.Context, args *GetClusterCredentialArgs, opts ...pulumi.InvokeOption) GetClusterCredentialResultOutput {
	if err := checkRequired(args); err != nil {
		return pulumi.Any(nil).ApplyT(func(any) (GetClusterCredentialResult, error) {
			return GetClusterCredentialResult{}, err
		}).(GetClusterCredentialResultOutput)
	}
	opts = append(opts, pulumi.Version(ProviderVersion))
	return ctx.InvokeOutput(GetClusterCredentialToken, toInputMap(args), GetClusterCredentialResultOutput{},
		pulumi.InvokeOutputOptions{InvokeOptions: opts}).(GetClusterCredentialResultOutput)
}

// NodePoolToken is the type of an ACK node pool.
const NodePoolToken = "alicloud:cs/nodePool:NodePool"

// NodePoolArgs are the inputs of an ACK node pool (alicloud:cs/nodePool:NodePool).
type NodePoolArgs struct {
	ClusterID    pulumi.StringInput `pulumi:"clusterId" required:"true"`
	NodePoolName pulumi.StringInput `pulumi:"nodePoolName"`
	// VswitchIDs are the pool's vSwitches; one vSwitch keeps the pool in one zone.
	VswitchIDs pulumi.StringArrayInput `pulumi:"vswitchIds" required:"true"`
	// InstanceTypes are tried in order when the pool scales out.
	InstanceTypes    pulumi.StringArrayInput `pulumi:"instanceTypes" required:"true"`
	SecurityGroupIDs pulumi.StringArrayInput `pulumi:"securityGroupIds"`
	// DesiredSize is a string in the schema; leave it unset on an autoscaled pool.
	DesiredSize         pulumi.StringInput `pulumi:"desiredSize"`
	ImageType           pulumi.StringInput `pulumi:"imageType"`
	KeyName             pulumi.StringInput `pulumi:"keyName"`
	RuntimeName         pulumi.StringInput `pulumi:"runtimeName"`
	ScalingPolicy       pulumi.StringInput `pulumi:"scalingPolicy"`
	InstanceChargeType  pulumi.StringInput `pulumi:"instanceChargeType"`
	InstallCloudMonitor pulumi.BoolInput   `pulumi:"installCloudMonitor"`
	// UpdateNodes pushes label and taint changes to the nodes that already run.
	UpdateNodes pulumi.BoolInput      `pulumi:"updateNodes"`
	Tags        pulumi.StringMapInput `pulumi:"tags"`

	SystemDiskCategory         pulumi.StringInput      `pulumi:"systemDiskCategory"`
	SystemDiskCategories       pulumi.StringArrayInput `pulumi:"systemDiskCategories"`
	SystemDiskSize             pulumi.IntInput         `pulumi:"systemDiskSize"`
	SystemDiskPerformanceLevel pulumi.StringInput      `pulumi:"systemDiskPerformanceLevel"`
	SystemDiskEncrypted        pulumi.BoolInput        `pulumi:"systemDiskEncrypted"`
	SystemDiskKmsKey           pulumi.StringInput      `pulumi:"systemDiskKmsKey"`

	Labels        []NodePoolLabelArgs        `pulumi:"labels"`
	Taints        []NodePoolTaintArgs        `pulumi:"taints"`
	DataDisks     []NodePoolDataDiskArgs     `pulumi:"dataDisks"`
	ScalingConfig *NodePoolScalingConfigArgs `pulumi:"scalingConfig"`
	Management    *NodePoolManagementArgs    `pulumi:"management"`
}

// NodePoolLabelArgs is one Kubernetes label of the pool's nodes (a list entry, not a map).
type NodePoolLabelArgs struct {
	Key   pulumi.StringInput `pulumi:"key" required:"true"`
	Value pulumi.StringInput `pulumi:"value"`
}

// NodePoolTaintArgs is one taint of the pool's nodes.
type NodePoolTaintArgs struct {
	Key   pulumi.StringInput `pulumi:"key" required:"true"`
	Value pulumi.StringInput `pulumi:"value"`
	// Effect is NoSchedule, NoExecute or PreferNoSchedule.
	Effect pulumi.StringInput `pulumi:"effect"`
}

// NodePoolDataDiskArgs is one data disk of each node.
type NodePoolDataDiskArgs struct {
	Category         pulumi.StringInput `pulumi:"category"`
	Size             pulumi.IntInput    `pulumi:"size"`
	PerformanceLevel pulumi.StringInput `pulumi:"performanceLevel"`
	// Encrypted is "true" or "false": a string in the schema.
	Encrypted pulumi.StringInput `pulumi:"encrypted"`
	KmsKeyID  pulumi.StringInput `pulumi:"kmsKeyId"`
}

// NodePoolScalingConfigArgs turn on autoscaling between MinSize and MaxSize.
type NodePoolScalingConfigArgs struct {
	Enable  pulumi.BoolInput `pulumi:"enable"`
	MinSize pulumi.IntInput  `pulumi:"minSize"`
	MaxSize pulumi.IntInput  `pulumi:"maxSize"`
	// Type is cpu (default), gpu, gpushare or spot.
	Type pulumi.StringInput `pulumi:"type"`
}

// NodePoolManagementArgs make the pool a managed node pool.
type NodePoolManagementArgs struct {
	Enable           pulumi.BoolInput                        `pulumi:"enable"`
	AutoRepair       pulumi.BoolInput                        `pulumi:"autoRepair"`
	AutoRepairPolicy *NodePoolManagementAutoRepairPolicyArgs `pulumi:"autoRepairPolicy"`
	AutoUpgrade      pulumi.BoolInput                        `pulumi:"autoUpgrade"`
	MaxUnavailable   pulumi.IntInput                         `pulumi:"maxUnavailable"`
}

// NodePoolManagementAutoRepairPolicyArgs say whether auto-repair may restart a node.
type NodePoolManagementAutoRepairPolicyArgs struct {
	RestartNode pulumi.BoolInput `pulumi:"restartNode"`
}

// NodePool is an ACK node pool.
type NodePool struct {
	pulumi.CustomResourceState

	NodePoolID     pulumi.StringOutput `pulumi:"nodePoolId" mock:"np-{name}"`
	ScalingGroupID pulumi.StringOutput `pulumi:"scalingGroupId" mock:"asg-{name}"`
	NodePoolName   pulumi.StringOutput `pulumi:"nodePoolName"`
}

// NewNodePool registers an ACK node pool.
func NewNodePool(ctx *pulumi.Context, name string, args *NodePoolArgs, opts ...pulumi.ResourceOption) (*NodePool, error) {
	return newResource[NodePool](ctx, NodePoolToken, name, args, opts)
}
