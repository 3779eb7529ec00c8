package nodepools

import (
	"fmt"
	"maps"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp/container"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/internal/base/cloudrules"
)

const gkeZonalPoolsType = "zonestack:nodepools:GkeZonalPools"

// GkeZonalPoolsArgs are the inputs of GkeZonalPools: the same zones and spec as ZonalPools (Cloud
// is gcp; a zone needs no vSwitch), and where the regional cluster is.
type GkeZonalPoolsArgs struct {
	ZonalPoolsArgs
	// Location is the regional cluster's region. Required.
	Location string `pulumi:"location"`
	// Project holds the cluster. Optional: the provider's project.
	Project string `pulumi:"project"`
}

// GkeZonalPools are one GKE node pool per zone, each confined to its zone (nodeLocations), with
// the same labels, taint and autoscaling spec as ZonalPools on ACK: on GKE too, a pool that spans
// zones cannot be told which zone to grow.
type GkeZonalPools struct {
	pulumi.ResourceState

	// NodePoolNames are the pools' names, in zone order.
	NodePoolNames pulumi.StringArrayOutput `pulumi:"nodePoolNames"`

	// Pools are the pools as planned, in zone order: what placeholders and workloads select.
	Pools []Pool
}

// gkeTaintEffects are GKE's spellings of the Kubernetes taint effects.
var gkeTaintEffects = map[string]string{"NoSchedule": "NO_SCHEDULE", "PreferNoSchedule": "PREFER_NO_SCHEDULE", "NoExecute": "NO_EXECUTE"}

// gkePoolName is GKE's rule for a node pool name: the API's regex for node_pool.name, at most 40
// characters (the provider, resource_container_node_pool.go v5.42.0, passes any name through).
var gkePoolName = regexp.MustCompile(`^` + cloudrules.GkeName + `$`)

// GkeOAuthScopes are the nodes' OAuth scopes: a default of ours, kept by existing pools when it
// changes (oauth_scopes is ForceNew).
var GkeOAuthScopes = []string{"https://www.googleapis.com/auth/cloud-platform"}

// gkeKeptAsCreated are the pools' ForceNew inputs whose values are constants of ours: a new pool
// takes today's, an existing one keeps its own rather than being replaced.
var gkeKeptAsCreated = []string{"initialNodeCount", "nodeCount", "nodeConfig.oauthScopes", "nodeConfig.shieldedInstanceConfig"}

// CheckGkePoolName returns nil when GKE accepts name as a node pool name.
func CheckGkePoolName(name string) error {
	if !gkePoolName.MatchString(name) {
		return fmt.Errorf("GKE takes 1 to 40 lower-case letters, digits or '-', starting with a letter and ending with a letter or digit")
	}
	return nil
}

// GkePoolNames are the names the pools of args get on GKE, in zone order; none when the args
// are invalid (PlanPools says why).
func GkePoolNames(args ZonalPoolsArgs) []string {
	args.Cloud = CloudGCP
	pools, err := PlanPools(args, "names")
	if err != nil {
		return nil
	}
	var out []string
	for _, p := range pools {
		out = append(out, strings.ToLower(p.Name))
	}
	return out
}

// NewGkeZonalPools validates args and registers one node pool per zone. On invalid args it
// returns every problem and registers nothing.
func NewGkeZonalPools(ctx *pulumi.Context, name string, args *GkeZonalPoolsArgs, opts ...pulumi.ResourceOption) (*GkeZonalPools, error) {
	if args == nil {
		return nil, fmt.Errorf("gke zonal pools %q: args are required", name)
	}
	a := *args
	a.Cloud = CloudGCP
	pools, err := PlanPools(a.ZonalPoolsArgs, name)
	if err == nil && a.Location == "" {
		err = fmt.Errorf("location: is required: the regional cluster's region")
	}
	for i := 0; err == nil && i < len(pools); i++ {
		p := pools[i]
		if e := CheckGkePoolName(strings.ToLower(p.Name)); e != nil {
			err = fmt.Errorf("namePrefix: gives the node pool name %q (%d characters): %v; shorten namePrefix", strings.ToLower(p.Name), len(p.Name), e)
		} else if p.Spec.AutoRepair != nil && !*p.Spec.AutoRepair {
			err = fmt.Errorf("spec.autoRepair: must be true on GKE (zone %s): a GkeCluster is enrolled in a release channel, and GKE keeps auto-repair and auto-upgrade on for the nodes of a cluster in a release channel", p.Zone)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("gke zonal pools %q: %w", name, err)
	}
	zp := &GkeZonalPools{Pools: pools}
	if err := ctx.RegisterComponentResource(gkeZonalPoolsType, name, zp, opts...); err != nil {
		return nil, err
	}
	var names pulumi.StringArray
	for _, p := range pools {
		s := p.Spec
		var taints container.NodePoolNodeConfigTaintArray
		for _, t := range s.Taints {
			taints = append(taints, container.NodePoolNodeConfigTaintArgs{Key: pulumi.String(t.Key), Value: pulumi.String(t.Value), Effect: pulumi.String(gkeTaintEffects[t.Effect])})
		}
		labels := maps.Clone(p.Labels)
		np := &container.NodePoolArgs{
			Name:          pulumi.String(strings.ToLower(p.Name)),
			Cluster:       a.ClusterID,
			Location:      pulumi.String(a.Location),
			NodeLocations: pulumi.ToStringArray([]string{p.Zone}),
			// Per zone, since the pool has one: the autoscaler's bounds for this zone alone.
			InitialNodeCount: pulumi.Int(*s.MinSize),
			Autoscaling:      &container.NodePoolAutoscalingArgs{MinNodeCount: pulumi.Int(*s.MinSize), MaxNodeCount: pulumi.Int(*s.MaxSize)},
			Management:       &container.NodePoolManagementArgs{AutoRepair: pulumi.Bool(*s.AutoRepair), AutoUpgrade: pulumi.Bool(true)},
			NodeConfig: &container.NodePoolNodeConfigArgs{
				MachineType: pulumi.String(s.InstanceTypes[0]),
				DiskType:    pulumi.String(s.SystemDisk.Categories[0]),
				DiskSizeGb:  pulumi.Int(s.SystemDisk.SizeGiB),
				ImageType:   pulumi.String(s.ImageType),
				Labels:      pulumi.ToStringMap(labels),
				Taints:      taints,
				OauthScopes: pulumi.ToStringArray(GkeOAuthScopes),
				// Workload Identity: pods get Google credentials by their service account, not the node's.
				WorkloadMetadataConfig: &container.NodePoolNodeConfigWorkloadMetadataConfigArgs{Mode: pulumi.String("GKE_METADATA")},
				ShieldedInstanceConfig: &container.NodePoolNodeConfigShieldedInstanceConfigArgs{EnableSecureBoot: pulumi.Bool(true), EnableIntegrityMonitoring: pulumi.Bool(true)},
				ResourceLabels:         pulumi.ToStringMap(a.Tags),
			},
		}
		if a.Project != "" {
			np.Project = pulumi.String(a.Project)
		}
		// The autoscaler owns the node count: pulumi up never resets it. A pool that is replaced
		// (a new name) is created before the old one is deleted: the engine's default, never
		// DeleteBeforeReplace, so the zone keeps its capacity meanwhile.
		pool, err := container.NewNodePool(ctx, name+"-"+p.ZoneLabelValue, np, pulumi.Parent(zp), pulumi.IgnoreChanges(gkeKeptAsCreated))
		if err != nil {
			return nil, err
		}
		names = append(names, pool.Name)
	}
	zp.NodePoolNames = names.ToStringArrayOutput()
	if err := ctx.RegisterResourceOutputs(zp, pulumi.Map{"nodePoolNames": zp.NodePoolNames}); err != nil {
		return nil, err
	}
	return zp, nil
}
