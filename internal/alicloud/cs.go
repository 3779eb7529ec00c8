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
