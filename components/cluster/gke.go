package cluster

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"

	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp/container"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/network"
	"github.com/zonestack/zonestack/internal/base/cloudrules"
	"github.com/zonestack/zonestack/validation"
)

const gkeClusterType = "zonestack:cluster:GkeCluster"

// PulumiGcpVersion is the pulumi-gcp SDK the components are built with; it bridges the Google
// provider v5.42.0.
const PulumiGcpVersion = "7.38.0"

// ReleaseChannels are the GKE release channels the Google provider v5.42.0 (pulumi-gcp 7.38.0)
// accepts; it refuses EXTENDED, which v5.43.0 added.
var ReleaseChannels = cloudrules.GkeReleaseChannels

// DefaultReleaseChannel is the channel of a cluster whose args set none.
const DefaultReleaseChannel = "REGULAR"

// gkeClusterName is GKE's rule for a cluster name (resource_container_cluster.go v5.42.0).
var gkeClusterName = regexp.MustCompile(`^` + cloudrules.GkeName + `$`)

// GkeClusterSpec is what a stack file says about a GKE cluster (zonestack:cluster of a gcp stack),
// each field under its stack-file key. Zero values mean "use the default".
type GkeClusterSpec struct {
	// ReleaseChannel is RAPID, REGULAR (default) or STABLE. EXTENDED needs the Google provider
	// v5.43.0; pulumi-gcp 7.38.0 bridges v5.42.0.
	ReleaseChannel string `json:"releaseChannel,omitempty" pulumi:"releaseChannel"`
	// KubernetesVersion is the minimum control-plane version. Optional: the channel's default.
	KubernetesVersion string `json:"kubernetesVersion,omitempty" pulumi:"kubernetesVersion"`
	// PublicEndpoint also exposes the API server on a public address, which accepts only
	// AuthorizedNetworks: what a `pulumi up` from outside the VPC needs (a first `up` always is:
	// the VPC is made with the cluster). Optional, default false: the private endpoint only.
	PublicEndpoint bool `json:"publicEndpoint,omitempty" pulumi:"publicEndpoint"`
	// DeletionProtection refuses to delete the cluster. Optional, default true.
	DeletionProtection *bool `json:"deletionProtection,omitempty" pulumi:"deletionProtection"`
	// AuthorizedNetworks are the source CIDRs the public endpoint accepts (GKE lets the VPC's
	// nodes in besides). Required with PublicEndpoint: with none, no address outside the VPC
	// gets through. A range reserved for examples (RFC 5737) is refused at `pulumi up`. (An ACK
	// cluster has no such key: its public endpoint cannot be limited by source through the
	// alicloud provider.)
	AuthorizedNetworks []string `json:"authorizedNetworks,omitempty" pulumi:"authorizedNetworks"`
}

// GkeClusterArgs are the inputs of a GkeCluster: its spec, and what the stack around it decides
// (name, project, region, network, labels). Zero values mean "use the default".
type GkeClusterArgs struct {
	GkeClusterSpec
	// Name of the cluster. Required.
	Name string `pulumi:"name"`
	// Project holds the cluster; Workload Identity's pool is <project>.svc.id.goog. Required.
	Project string `pulumi:"project"`
	// Region makes the cluster regional: its control plane runs in every zone of the region.
	// Required.
	Region string `pulumi:"region"`
	// Network and Subnetwork are a GcpNetwork's; PodRange and ServiceRange its secondary ranges.
	Network      pulumi.StringInput `pulumi:"network"`
	Subnetwork   pulumi.StringInput `pulumi:"subnetwork"`
	PodRange     string             `pulumi:"podRange"`
	ServiceRange string             `pulumi:"serviceRange"`
	// PodRange and ServiceRange default to network.GcpPodRange and network.GcpServiceRange; a
	// cluster keeps the ranges it was created with when these defaults change (they are ForceNew).
	//
	// MasterCidr is the control plane's /28. Optional: network.DefaultGcpMasterCidr, which a
	// cluster keeps as created when the default changes (ForceNew); a CIDR set here is applied.
	MasterCidr string `pulumi:"masterCidr"`
	// ProviderFromVPC makes Provider talk to the private endpoint, for a program that runs inside
	// the VPC (or a network routed to it); the private endpoint's global access is always on, so
	// it may run in any region. Optional, default false: Provider talks to Endpoint.
	ProviderFromVPC bool `pulumi:"providerFromVpc"`
	// Labels go on the cluster.
	Labels map[string]string `pulumi:"labels"`
}

// GkeCluster is a regional GKE cluster with private nodes and Workload Identity; its default
// node pool is removed (GkeZonalPools add one per zone).
type GkeCluster struct {
	pulumi.ResourceState

	// Name is the cluster's name.
	Name pulumi.StringOutput `pulumi:"name"`
	// Endpoint is the API server's address.
	Endpoint pulumi.StringOutput `pulumi:"endpoint"`
	// Kubeconfig authenticates with gke-gcloud-auth-plugin (the user's Google credentials); it
	// holds the cluster CA and is kept a secret.
	Kubeconfig pulumi.StringOutput `pulumi:"kubeconfig"`

	// Provider applies Kubernetes objects to the cluster.
	Provider *kubernetes.Provider
	// Cluster is the GKE cluster, as an escape hatch.
	Cluster *container.Cluster
}

// Validate reports every problem with the args: the spec's (GkeClusterSpec.Validate) and those of
// the fields the stack decides.
func (a GkeClusterArgs) Validate() error {
	var l validation.List
	l.Merge("name", ValidateGkeClusterName(a.Name))
	if a.Project == "" {
		l.Required("project", "is required: set gcp:project in the stack (Workload Identity's pool is <project>.svc.id.goog)")
	}
	if a.Region == "" {
		l.Required("region", "")
	}
	if a.Network == nil || a.Subnetwork == nil {
		l.Required("network", "is required: a GcpNetwork's network and subnetwork")
	}
	l.Merge("", a.GkeClusterSpec.Validate())
	return l.Err()
}

// ValidateGkeClusterName reports a problem with name as a GKE cluster's name, at the empty field
// path: the caller merges it under the key the name comes from (validation.List.Merge).
func ValidateGkeClusterName(name string) error {
	var l validation.List
	if !gkeClusterName.MatchString(name) {
		l.Invalid("", name, "must be a GKE cluster name: 1 to 40 lower-case letters, digits or '-', starting with a letter and ending with a letter or digit (%d characters given)", len(name))
	}
	return l.Err()
}

// Validate reports every problem with the spec, at its stack-file keys.
func (s GkeClusterSpec) Validate() error {
	var l validation.List
	if s.ReleaseChannel == "EXTENDED" {
		l.Invalid("releaseChannel", s.ReleaseChannel, "EXTENDED was added in the Google provider v5.43.0; pulumi-gcp %s bridges v5.42.0, which accepts only %v", PulumiGcpVersion, ReleaseChannels)
	} else if s.ReleaseChannel != "" && !slices.Contains(ReleaseChannels, s.ReleaseChannel) {
		l.Invalid("releaseChannel", s.ReleaseChannel, "must be one of %v", ReleaseChannels)
	}
	for i, c := range s.AuthorizedNetworks {
		if _, err := netip.ParsePrefix(c); err != nil {
			l.Invalid(fmt.Sprintf("authorizedNetworks[%d]", i), c, "must be a CIDR")
		}
	}
	if s.PublicEndpoint && len(s.AuthorizedNetworks) == 0 {
		l.Required("authorizedNetworks", "is required with publicEndpoint: GKE lets no address outside the VPC through an empty list; list the egress range of the machine that runs pulumi up")
	}
	return l.Err()
}

// NewGkeCluster validates args and registers the cluster and a kubernetes provider for it.
func NewGkeCluster(ctx *pulumi.Context, name string, args *GkeClusterArgs, opts ...pulumi.ResourceOption) (*GkeCluster, error) {
	if args == nil {
		return nil, fmt.Errorf("gke cluster %q: args are required", name)
	}
	a := *args
	if err := a.Validate(); err != nil {
		return nil, fmt.Errorf("gke cluster %q: %w", name, err)
	}
	if a.ReleaseChannel == "" {
		a.ReleaseChannel = DefaultReleaseChannel
	}
	// ForceNew inputs whose values are ours: a new cluster takes today's, an existing one keeps
	// what it was created with (a replacement of a deletion-protected cluster fails half-way).
	ignore := []string{"initialNodeCount", "nodeConfig", "nodePool", "networkingMode", "privateClusterConfig.enablePrivateNodes"}
	if a.MasterCidr == "" {
		a.MasterCidr = network.DefaultGcpMasterCidr
		ignore = append(ignore, "privateClusterConfig.masterIpv4CidrBlock")
	}
	if a.PodRange == "" {
		a.PodRange = network.GcpPodRange
		ignore = append(ignore, "ipAllocationPolicy.clusterSecondaryRangeName")
	}
	if a.ServiceRange == "" {
		a.ServiceRange = network.GcpServiceRange
		ignore = append(ignore, "ipAllocationPolicy.servicesSecondaryRangeName")
	}
	if !ctx.DryRun() {
		if err := refuseExampleSources(a.AuthorizedNetworks); err != nil {
			return nil, fmt.Errorf("gke cluster %q: %w", name, err)
		}
	}
	protect := a.DeletionProtection == nil || *a.DeletionProtection
	c := &GkeCluster{}
	if err := ctx.RegisterComponentResource(gkeClusterType, name, c, opts...); err != nil {
		return nil, err
	}
	var blocks container.ClusterMasterAuthorizedNetworksConfigCidrBlockArray
	for _, cidr := range a.AuthorizedNetworks {
		blocks = append(blocks, container.ClusterMasterAuthorizedNetworksConfigCidrBlockArgs{CidrBlock: pulumi.String(cidr)})
	}
	ca := &container.ClusterArgs{
		Name:     pulumi.String(a.Name),
		Project:  pulumi.String(a.Project),
		Location: pulumi.String(a.Region),
		// Node pools are GkeZonalPools, one per zone; GKE needs a default pool to exist at first.
		RemoveDefaultNodePool: pulumi.Bool(true),
		InitialNodeCount:      pulumi.Int(1),
		Network:               a.Network,
		Subnetwork:            a.Subnetwork,
		NetworkingMode:        pulumi.String("VPC_NATIVE"),
		IpAllocationPolicy: &container.ClusterIpAllocationPolicyArgs{
			ClusterSecondaryRangeName: pulumi.String(a.PodRange), ServicesSecondaryRangeName: pulumi.String(a.ServiceRange),
		},
		PrivateClusterConfig: &container.ClusterPrivateClusterConfigArgs{
			EnablePrivateNodes: pulumi.Bool(true), EnablePrivateEndpoint: pulumi.Bool(!a.PublicEndpoint),
			MasterIpv4CidrBlock: pulumi.String(a.MasterCidr),
			// The private endpoint answers every region of the VPC network and the networks routed
			// to it, not only the cluster's region: a runner inside need not sit beside it.
			MasterGlobalAccessConfig: &container.ClusterPrivateClusterConfigMasterGlobalAccessConfigArgs{Enabled: pulumi.Bool(true)},
		},
		MasterAuthorizedNetworksConfig: &container.ClusterMasterAuthorizedNetworksConfigArgs{CidrBlocks: blocks},
		ReleaseChannel:                 &container.ClusterReleaseChannelArgs{Channel: pulumi.String(a.ReleaseChannel)},
		WorkloadIdentityConfig:         &container.ClusterWorkloadIdentityConfigArgs{WorkloadPool: pulumi.String(a.Project + ".svc.id.goog")},
		DeletionProtection:             pulumi.Bool(protect),
		ResourceLabels:                 pulumi.ToStringMap(a.Labels),
	}
	if a.KubernetesVersion != "" {
		ca.MinMasterVersion = pulumi.String(a.KubernetesVersion)
	}
	// The default pool's settings and the node count belong to GKE after creation.
	cl, err := container.NewCluster(ctx, name+"-gke", ca, pulumi.Parent(c), pulumi.IgnoreChanges(ignore))
	if err != nil {
		return nil, err
	}
	c.Cluster, c.Name, c.Endpoint = cl, cl.Name, cl.Endpoint
	c.Kubeconfig = kubeconfigAt(cl, cl.Endpoint)
	reach := c.Kubeconfig
	if a.ProviderFromVPC {
		reach = kubeconfigAt(cl, cl.PrivateClusterConfig.PrivateEndpoint().Elem())
	}
	// Replaced, with every object it applies, only when the cluster is: another endpoint of the
	// same cluster (runner: vpc, the public endpoint turned off) is an update.
	c.Provider, err = kubernetes.NewProvider(ctx, name+"-k8s", &kubernetes.ProviderArgs{Kubeconfig: reach, ClusterIdentifier: cl.ID().ToStringOutput()}, pulumi.Parent(c))
	if err != nil {
		return nil, err
	}
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{"name": c.Name, "endpoint": c.Endpoint, "kubeconfig": c.Kubeconfig}); err != nil {
		return nil, err
	}
	return c, nil
}

// kubeconfigAt is a secret kubeconfig for cl whose server is endpoint.
func kubeconfigAt(cl *container.Cluster, endpoint pulumi.StringOutput) pulumi.StringOutput {
	return pulumi.ToSecret(pulumi.All(cl.Name, endpoint, cl.MasterAuth.ClusterCaCertificate().Elem()).ApplyT(func(xs []any) (string, error) {
		if xs[1] == "" {
			return "", fmt.Errorf("gke cluster %s reports no endpoint to reach it by", xs[0])
		}
		return gkeKubeconfig(fmt.Sprint(xs[0]), fmt.Sprint(xs[1]), fmt.Sprint(xs[2])), nil
	})).(pulumi.StringOutput)
}

// gkeKubeconfig authenticates as the user running Pulumi, through gke-gcloud-auth-plugin.
func gkeKubeconfig(name, endpoint, caBase64 string) string {
	return fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: %[1]s
  cluster:
    server: https://%[2]s
    certificate-authority-data: %[3]s
users:
- name: %[1]s
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: gke-gcloud-auth-plugin
      installHint: Install gke-gcloud-auth-plugin (gcloud components install gke-gcloud-auth-plugin)
      provideClusterInfo: true
contexts:
- name: %[1]s
  context:
    cluster: %[1]s
    user: %[1]s
current-context: %[1]s
`, name, endpoint, caBase64)
}
