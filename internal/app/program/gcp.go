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
	"github.com/zonestack/zonestack/internal/app/stackconfig"
	"github.com/zonestack/zonestack/validation"
)

// GCPProviderVersion pins the gcp provider plugin, the version of the SDK the program is built
// with.
const GCPProviderVersion = cluster.PulumiGcpVersion

var gcpZone = regexp.MustCompile(`^[a-z]+-[a-z]+[0-9]+-[a-z]$`)

// gcpNetworkSpec is the gcp stack's network spec, every setting defaulted when it sets none.
func gcpNetworkSpec(cfg *stackconfig.Config) network.GcpNetworkSpec {
	if n := cfg.Network; n != nil && n.GCP != nil {
		return *n.GCP
	}
	return network.GcpNetworkSpec{}
}

func gcpNetworkArgs(cfg *stackconfig.Config) network.GcpNetworkArgs {
	return network.GcpNetworkArgs{GcpNetworkSpec: gcpNetworkSpec(cfg), Region: cfg.Region, Project: cfg.GcpProject(), NamePrefix: cfg.ResourcePrefix()}
}

func gkeClusterArgs(cfg *stackconfig.Config, net pulumi.StringInput, sub pulumi.StringInput) *cluster.GkeClusterArgs {
	spec := cfg.GkeCluster()
	if spec == nil {
		return nil
	}
	// The ranges' names and an unset masterCidr are left to the cluster's defaults, which an
	// existing cluster keeps as created (they are ForceNew); a masterCidr the stack sets is applied.
	na := gcpNetworkArgs(cfg)
	return &cluster.GkeClusterArgs{
		GkeClusterSpec:  *spec,
		Name:            cfg.ResourcePrefix(),
		Project:         cfg.GcpProject(),
		Region:          cfg.Region,
		Network:         net,
		Subnetwork:      sub,
		MasterCidr:      na.MasterCidr,
		ProviderFromVPC: cfg.RunsInVPC(),
		Labels:          cfg.Tags,
	}
}

func validateGCP(l *validation.List, cfg *stackconfig.Config) {
	for i, z := range cfg.Zones {
		if !gcpZone.MatchString(z) || !strings.HasPrefix(z, cfg.Region+"-") {
			l.Invalid(fmt.Sprintf("zones[%d]", i), z, "must be a zone of region %s, such as %s-a", cfg.Region, cfg.Region)
		}
	}
	// The network's resources are named after the stack.
	if err := network.CheckGcpName(cfg.ResourcePrefix()); err != nil {
		l.Invalid("name", cfg.ResourcePrefix(), "%s", err)
	}
	l.Merge("network", gcpNetworkSpec(cfg).Validate())
	// The cluster's project (gcp:project) and region are required by the stack config, and its
	// network is the stack's own.
	if spec := cfg.GkeCluster(); spec != nil {
		l.Merge("name", cluster.ValidateGkeClusterName(cfg.ResourcePrefix()))
		l.Merge("cluster", spec.Validate())
	}
}

// registerGCP builds a GKE stack: network, regional cluster, a pool per zone, then what goes into
// the cluster, the same as on ACK.
func registerGCP(ctx *pulumi.Context, cfg *stackconfig.Config, out map[string]pulumi.Input) error {
	prov, err := gcp.NewProvider(ctx, "gcp", &gcp.ProviderArgs{Project: pulumi.String(cfg.GcpProject()), Region: pulumi.String(cfg.Region)},
		pulumi.Version(GCPProviderVersion))
	if err != nil {
		return err
	}
	onGCP := pulumi.Provider(prov)
	na := gcpNetworkArgs(cfg)
	net, err := network.NewGcpNetwork(ctx, "network", &na, onGCP)
	if err != nil {
		return err
	}
	out["networkId"] = net.NetworkID
	out["subnetworkId"] = net.SubnetworkID
	ca := gkeClusterArgs(cfg, net.NetworkID, net.SubnetworkID)
	if ca == nil {
		return nil
	}
	gke, err := cluster.NewGkeCluster(ctx, "cluster", ca, onGCP, pulumi.Protect(cfg.Production))
	if err != nil {
		return err
	}
	out["clusterName"] = gke.Name
	out["kubeconfig"] = gke.Kubeconfig
	out["clusterIdentifier"] = gke.Cluster.ID()
	out["apiServerEndpoint"] = gke.Endpoint
	var pools []nodepools.Pool
	if pa := gkePoolsArgs(cfg, gkePools(cfg), nodepools.RoleStateful, gke.Name); pa != nil {
		gp, err := nodepools.NewGkeZonalPools(ctx, "pools", pa, onGCP)
		if err != nil {
			return err
		}
		pools = gp.Pools
		out["nodePoolNames"] = gp.NodePoolNames
	}
	// The untainted pools (one per zone, as the stateful ones) for the pods that tolerate no
	// taint: the cluster drops its default pool, so without them kube-dns has no node.
	if sa := gkePoolsArgs(cfg, gkeSystemPools(cfg), nodepools.RoleSystem, gke.Name); sa != nil {
		sp, err := nodepools.NewGkeZonalPools(ctx, systemPoolsName, sa, onGCP)
		if err != nil {
			return err
		}
		out["systemNodePoolNames"] = sp.NodePoolNames
	}
	return registerInCluster(ctx, cfg, pools, pulumi.Provider(gke.Provider), cloudParts{}, out)
}
