package cluster

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/cs"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
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
	Cluster *cs.ManagedKubernetes
	// Autoscaler is the cluster's node autoscaling configuration, as an escape hatch.
	Autoscaler *cs.AutoscalingConfig
}

// IPStack is the cluster's IP stack. ACK sets it at creation only (the provider marks ip_stack
// ForceNew), so the cluster ignores later changes of it: a change of this constant never replaces
// an existing cluster.
const IPStack = "ipv4"

// defaultedForceNew are the inputs of the ManagedKubernetes that the provider marks ForceNew and
// that zonestack fills from its own defaults unless args set them: with their changes ignored, a
// default that changes in a later release applies to new clusters and never replaces one.
// IPStack is always zonestack's.
func defaultedForceNew(args *AckClusterArgs) []string {
	out := []string{"ipStack"}
	if args.ProxyMode == "" {
		out = append(out, "proxyMode")
	}
	if args.ServiceCidr == "" {
		out = append(out, "serviceCidr")
	}
	return out
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
	var version pulumi.StringPtrInput
	if a.KubernetesVersion != "" {
		version = pulumi.String(a.KubernetesVersion)
	}
	w := a.MaintenanceWindow
	var err error
	c.Cluster, err = cs.NewManagedKubernetes(ctx, name+"-ack", &cs.ManagedKubernetesArgs{
		Name:                      pulumi.String(a.ClusterName),
		ClusterSpec:               pulumi.String(a.Spec),
		Version:                   version,
		VswitchIds:                pulumi.StringArray(a.VSwitchIDs),
		PodVswitchIds:             pulumi.StringArray(a.PodVSwitchIDs),
		ServiceCidr:               pulumi.String(a.ServiceCidr),
		ProxyMode:                 pulumi.String(a.ProxyMode),
		IpStack:                   pulumi.String(IPStack),
		SecurityGroupId:           optionalInput(a.SecurityGroupID),
		NewNatGateway:             pulumi.Bool(false), // egress is the network's NAT gateway
		SlbInternetEnabled:        pulumi.Bool(a.PublicEndpoint),
		DeletionProtection:        pulumi.Bool(*a.DeletionProtection),
		EnableRrsa:                pulumi.Bool(*a.EnableRrsa),
		Tags:                      tags,
		ControlPlaneLogComponents: logs,
		MaintenanceWindow: &cs.ManagedKubernetesMaintenanceWindowArgs{
			Enable:          pulumi.Bool(*w.Enabled),
			MaintenanceTime: pulumi.String(w.maintenanceTime()),
			Duration:        pulumi.String(w.Duration),
			WeeklyPeriod:    pulumi.String(strings.Join(w.Weekdays, ",")),
		},
		Addons: addons(),
	}, parent, pulumi.IgnoreChanges(defaultedForceNew(args)))
	if err != nil {
		return nil, err
	}
	if c.Autoscaler, err = newAutoscaler(ctx, name+"-autoscaler", c.Cluster, a.Autoscaler, parent); err != nil {
		return nil, err
	}

	cred := cs.GetClusterCredentialOutput(ctx, cs.GetClusterCredentialOutputArgs{
		ClusterId: c.Cluster.ID().ToStringOutput(),
	}, parent)
	// The SDK returns the kubeconfig, a cluster-admin credential, in plain text.
	c.Kubeconfig = pulumi.ToSecret(cred.KubeConfig()).(pulumi.StringOutput)
	c.KubeconfigExpiration = cred.Expiration()

	reach := c.Kubeconfig
	if a.ProviderFromVPC {
		// The credential the provider reads is always the Internet one (DescribeClusterUserKubeconfig
		// with PrivateIpAddress false, service_alicloud_cs.go at v1.285.0); the API server's
		// certificate also names the intranet load balancer, which the nodes use.
		reach = pulumi.ToSecret(pulumi.All(c.Kubeconfig, c.Cluster.Connections.ApiServerIntranet().Elem()).ApplyT(func(xs []any) (string, error) {
			return kubeconfigServer(xs[0].(string), xs[1].(string))
		})).(pulumi.StringOutput)
	}
	c.Provider, err = kubernetes.NewProvider(ctx, name+"-k8s", &kubernetes.ProviderArgs{
		Kubeconfig: reach,
		// The provider, and with it every object it applies, is replaced only when this changes:
		// a new credential or another endpoint of the same cluster (runner: vpc) is an update.
		ClusterIdentifier: c.Cluster.ID().ToStringOutput(),
		// Objects in a cluster that no longer answers are gone with it; do not block destroy.
		DeleteUnreachable: pulumi.Bool(true),
	}, parent)
	if err != nil {
		return nil, err
	}

	c.ClusterID = c.Cluster.ID()
	// Elem reads an endpoint ACK does not report as "", as the connections map did.
	c.APIServerIntranet = c.Cluster.Connections.ApiServerIntranet().Elem()
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
func addons() cs.ManagedKubernetesAddonArray {
	names := append([]string{TerwayAddon}, CSIAddons...)
	out := make(cs.ManagedKubernetesAddonArray, len(names))
	for i, n := range names {
		out[i] = cs.ManagedKubernetesAddonArgs{Name: pulumi.String(n)}
	}
	return out
}
