package program

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/cluster"
	"github.com/zonestack/zonestack/components/network"
	"github.com/zonestack/zonestack/components/nodepools"
	"github.com/zonestack/zonestack/validation"
)

// GCPProviderVersion pins the gcp provider plugin, the version of the SDK the program is built
// with.
const GCPProviderVersion = cluster.PulumiGcpVersion

var gcpZone = regexp.MustCompile(`^[a-z]+-[a-z]+[0-9]+-[a-z]$`)

// assembleGCP assembles a gcp stack's cloud layer: its network and regional cluster. The pools
// are assembled with every cloud's (Assemble).
func assembleGCP(l *validation.List, a *Assembly) {
	cfg := a.Config
	for i, z := range cfg.Zones {
		if !gcpZone.MatchString(z) || !strings.HasPrefix(z, cfg.Region+"-") {
			l.Invalid(fmt.Sprintf("zones[%d]", i), z, "must be a zone of region %s, such as %s-a", cfg.Region, cfg.Region)
		}
	}
	var spec network.GcpNetworkSpec
	if n := cfg.Network; n != nil && n.GCP != nil {
		spec = *n.GCP
	}
	a.GcpNetwork = &network.GcpNetworkArgs{GcpNetworkSpec: spec, Region: cfg.Region, Project: cfg.GcpProject(), NamePrefix: cfg.ResourcePrefix()}
	// The network's resources are named after the stack.
	if err := network.CheckGcpName(cfg.ResourcePrefix()); err != nil {
		l.Invalid("name", cfg.ResourcePrefix(), "%s", err)
	}
	l.Merge("network", spec.Validate())
	// The cluster's project (gcp:project) and region are required by the stack config, and its
	// network is the stack's own.
	if c := cfg.GkeCluster(); c != nil {
		// The ranges' names and an unset masterCidr are left to the cluster's defaults, which an
		// existing cluster keeps as created (they are ForceNew); a masterCidr the stack sets is
		// applied.
		a.Gke = &cluster.GkeClusterArgs{
			GkeClusterSpec:  *c,
			Name:            cfg.ResourcePrefix(),
			Project:         cfg.GcpProject(),
			Region:          cfg.Region,
			MasterCidr:      spec.MasterCidr,
			ProviderFromVPC: cfg.RunsInVPC(),
			Labels:          cfg.Tags,
		}
		l.Merge("name", cluster.ValidateGkeClusterName(cfg.ResourcePrefix()))
		l.Merge("cluster", c.Validate())
	}
}

// registerGCP builds a GKE stack from its assembly: network, regional cluster, a pool per zone,
// then what goes into the cluster, the same as on ACK.
func registerGCP(ctx *pulumi.Context, a *Assembly, out map[string]pulumi.Input) error {
	cfg := a.Config
	prov, err := gcp.NewProvider(ctx, "gcp", &gcp.ProviderArgs{Project: pulumi.String(cfg.GcpProject()), Region: pulumi.String(cfg.Region)},
		pulumi.Version(GCPProviderVersion))
	if err != nil {
		return err
	}
	onGCP := pulumi.Provider(prov)
	net, err := network.NewGcpNetwork(ctx, "network", a.GcpNetwork, onGCP)
	if err != nil {
		return err
	}
	out["networkId"] = net.NetworkID
	out["subnetworkId"] = net.SubnetworkID
	if a.Gke == nil {
		return nil
	}
	ca := *a.Gke
	ca.Network, ca.Subnetwork = net.NetworkID, net.SubnetworkID
	gke, err := cluster.NewGkeCluster(ctx, "cluster", &ca, onGCP, pulumi.Protect(cfg.Production))
	if err != nil {
		return err
	}
	out["clusterName"] = gke.Name
	out["kubeconfig"] = gke.Kubeconfig
	out["clusterIdentifier"] = gke.Cluster.ID()
	out["apiServerEndpoint"] = gke.Endpoint
	if a.GkePools != nil {
		pa := *a.GkePools
		pa.ClusterID = gke.Name
		gp, err := nodepools.NewGkeZonalPools(ctx, "pools", &pa, onGCP)
		if err != nil {
			return err
		}
		out["nodePoolNames"] = gp.NodePoolNames
	}
	// The untainted pools (one per zone, as the stateful ones) for the pods that tolerate no
	// taint: the cluster drops its default pool, so without them kube-dns has no node.
	if a.GkeSystemPools != nil {
		sa := *a.GkeSystemPools
		sa.ClusterID = gke.Name
		sp, err := nodepools.NewGkeZonalPools(ctx, systemPoolsName, &sa, onGCP)
		if err != nil {
			return err
		}
		out["systemNodePoolNames"] = sp.NodePoolNames
	}
	return registerInCluster(ctx, a, pulumi.Provider(gke.Provider), cloudParts{}, out)
}
