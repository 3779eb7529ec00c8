package cluster

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/internal/alicloud"
)

const ackClusterType = "zonestack:cluster:AckCluster"

// AckCluster is a managed ACK cluster over several zones, with its kubeconfig and a kubernetes
// Provider for it.
type AckCluster struct {
	pulumi.ResourceState

	// ClusterID is the ACK cluster ID.
	ClusterID pulumi.IDOutput `pulumi:"clusterId"`
	// Kubeconfig is a kubeconfig for the cluster. Always a secret.
	Kubeconfig pulumi.StringOutput `pulumi:"kubeconfig"`
	// KubeconfigExpiration is when the kubeconfig's credential expires (RFC 3339, UTC).
	KubeconfigExpiration pulumi.StringOutput `pulumi:"kubeconfigExpiration"`
	// APIServerIntranet is the API server's address inside the VPC.
	APIServerIntranet pulumi.StringOutput `pulumi:"apiServerIntranet"`
	// KubernetesVersion is the version ACK runs.
	KubernetesVersion pulumi.StringOutput `pulumi:"kubernetesVersion"`

	// Provider puts Kubernetes objects into this cluster.
	Provider *kubernetes.Provider
	// Cluster is the ACK resource, as an escape hatch.
	Cluster *alicloud.ManagedKubernetes
}

// NewAckCluster validates args and registers an AckCluster. On invalid args it returns every
// problem and registers nothing.
func NewAckCluster(ctx *pulumi.Context, name string, args *AckClusterArgs, opts ...pulumi.ResourceOption) (*AckCluster, error) {
	if args == nil {
		return nil, fmt.Errorf("ack cluster %q: args are required", name)
	}
	a := args.withDefaults()
	if err := a.validate(); err != nil {
		return nil, fmt.Errorf("ack cluster %q: %w", name, err)
	}
	if a.ClusterName == "" {
		a.ClusterName = name
	}
	c := &AckCluster{}
	if err := ctx.RegisterComponentResource(ackClusterType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)

	var tags pulumi.StringMapInput
	if len(a.Tags) > 0 {
		tags = pulumi.ToStringMap(a.Tags)
	}
	var logs pulumi.StringArrayInput
	if len(a.ControlPlaneLogs) > 0 {
		logs = pulumi.ToStringArray(a.ControlPlaneLogs)
	}
	var version pulumi.StringInput
	if a.KubernetesVersion != "" {
		version = pulumi.String(a.KubernetesVersion)
	}
	w := a.MaintenanceWindow
	var err error
	c.Cluster, err = alicloud.NewManagedKubernetes(ctx, name+"-ack", &alicloud.ManagedKubernetesArgs{
		Name:                      pulumi.String(a.ClusterName),
		ClusterSpec:               pulumi.String(a.Spec),
		Version:                   version,
		VswitchIDs:                pulumi.StringArray(a.VSwitchIDs),
		PodVswitchIDs:             pulumi.StringArray(a.PodVSwitchIDs),
		ServiceCidr:               pulumi.String(a.ServiceCidr),
		ProxyMode:                 pulumi.String(a.ProxyMode),
		IPStack:                   pulumi.String("ipv4"),
		SecurityGroupID:           a.SecurityGroupID,
		NewNatGateway:             pulumi.Bool(false), // egress is the network's NAT gateway
		SlbInternetEnabled:        pulumi.Bool(a.PublicEndpoint),
		DeletionProtection:        pulumi.Bool(*a.DeletionProtection),
		EnableRrsa:                pulumi.Bool(*a.EnableRrsa),
		Tags:                      tags,
		ControlPlaneLogComponents: logs,
		MaintenanceWindow: &alicloud.ManagedKubernetesMaintenanceWindowArgs{
			Enable:          pulumi.Bool(*w.Enabled),
			MaintenanceTime: pulumi.String(w.maintenanceTime()),
			Duration:        pulumi.String(w.Duration),
			WeeklyPeriod:    pulumi.String(strings.Join(w.Weekdays, ",")),
		},
		Addons: addons(),
	}, parent)
	if err != nil {
		return nil, err
	}

	cred := alicloud.GetClusterCredentialOutput(ctx, &alicloud.GetClusterCredentialArgs{
		ClusterID: c.Cluster.ID().ToStringOutput(),
	}, parent)
	c.Kubeconfig = cred.KubeConfig()
	c.KubeconfigExpiration = cred.Expiration()

	c.Provider, err = kubernetes.NewProvider(ctx, name+"-k8s", &kubernetes.ProviderArgs{
		Kubeconfig: c.Kubeconfig,
		// Objects in a cluster that no longer answers are gone with it; do not block destroy.
		DeleteUnreachable: pulumi.Bool(true),
	}, parent)
	if err != nil {
		return nil, err
	}

	c.ClusterID = c.Cluster.ID()
	c.APIServerIntranet = c.Cluster.Connections.MapIndex(pulumi.String("apiServerIntranet"))
	c.KubernetesVersion = c.Cluster.Version
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"clusterId":            c.ClusterID,
		"kubeconfig":           c.Kubeconfig,
		"kubeconfigExpiration": c.KubeconfigExpiration,
		"apiServerIntranet":    c.APIServerIntranet,
		"kubernetesVersion":    c.KubernetesVersion,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// addons are installed with the cluster: Terway, and the CSI plugin and provisioner without
// which no disk or NAS volume can be provisioned.
func addons() []alicloud.ManagedKubernetesAddonArgs {
	names := append([]string{TerwayAddon}, CSIAddons...)
	out := make([]alicloud.ManagedKubernetesAddonArgs, len(names))
	for i, n := range names {
		out[i] = alicloud.ManagedKubernetesAddonArgs{Name: pulumi.String(n)}
	}
	return out
}
