package nodepools

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp/container"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/internal/base/cloudrules"
	"github.com/zonestack/zonestack/validation"
)

const gkeZonalPoolsType = "zonestack:nodepools:GkeZonalPools"

// GkeZonalPoolsArgs are the inputs of GkeZonalPools: what the pools are (GkePools, the part a
// stack file writes under nodePools) and where the regional cluster is.
type GkeZonalPoolsArgs struct {
	GkePools
	// ClusterID is the regional cluster's name or ID. Required.
	ClusterID pulumi.StringInput `pulumi:"clusterId"`
	// NodeZones are the zones, one pool each, in order. Required.
	NodeZones []string `pulumi:"nodeZones"`
	// Location is the regional cluster's region. Required.
	Location string `pulumi:"location"`
	// Project holds the cluster. Optional: the provider's project.
	Project string `pulumi:"project"`
	// Tags are the nodes' resource labels. Optional.
	Tags map[string]string `pulumi:"tags"`
	// Role is RoleStateful (the default) or RoleSystem, as for ZonalPools.
	Role string `pulumi:"role"`
}

// GkePools are a set of GKE node pools, one per zone, as a stack file writes them: a shared spec,
// and per zone an override of it.
type GkePools struct {
	// Name starts each pool's name, "<name>-<zone label value>", lower-cased. Optional, default:
	// the component name.
	Name string `json:"name,omitempty" pulumi:"name"`
	GkePoolSpec
	// Zones override the shared spec in one zone, keyed by zone ID. Optional.
	Zones map[string]GkeZoneSpec `json:"zones,omitempty" pulumi:"zones"`
}

// GkeZoneSpec overrides the shared spec in one zone.
type GkeZoneSpec struct {
	// ZoneLabelValue is the zone label's value on this pool's nodes. Optional, default: the
	// zone's letter (a for us-central1-a).
	ZoneLabelValue string `json:"zoneLabelValue,omitempty" pulumi:"zoneLabelValue"`
	GkePoolSpec
}

// GkePoolSpec is what a GKE node pool is made of. In the shared spec a zero field takes the
// default; in a zone's override a zero field takes the shared value.
type GkePoolSpec struct {
	PoolShape
	// InstanceTypes is the one Compute Engine machine type of the nodes. Default [n2-standard-8].
	InstanceTypes []string `json:"instanceTypes,omitempty" pulumi:"instanceTypes"`
	// SystemDisk is each node's boot disk: one type (categories) and a size. Default 100 GiB pd-ssd.
	SystemDisk GkeBootDisk `json:"systemDisk,omitempty" pulumi:"systemDisk"`
	// ImageType is the node image: COS_CONTAINERD (the default) or UBUNTU_CONTAINERD.
	ImageType string `json:"imageType,omitempty" pulumi:"imageType"`
	// AutoRepair must stay true: every GkeCluster is in a release channel. Default true.
	AutoRepair *bool `json:"autoRepair,omitempty" pulumi:"autoRepair"`
	// Spot makes the nodes Spot VMs, which Compute Engine may reclaim at any time. Optional, default
	// false; false in a zone's override keeps that zone on-demand under a spot shared spec. A spot
	// pool's name ends in -spot: the setting is ForceNew on GKE, and a new name lets the new pool be
	// created before the old one is deleted.
	Spot *bool `json:"spot,omitempty" pulumi:"spot"`
}

// GkeBootDisk is a GKE node's boot disk.
type GkeBootDisk struct {
	// Categories is the one disk type, one of GkeDiskTypes.
	Categories []string `json:"categories,omitempty" pulumi:"categories"`
	// SizeGiB is 10 to 65536.
	SizeGiB int `json:"sizeGiB,omitempty" pulumi:"sizeGiB"`
}

// GkeSystemPoolSpec sizes a GKE cluster's system pools, one per zone (a stack file's systemPool).
// Every field is optional; the boot disk type, the image, the zone label and auto-repair follow
// the stateful pools'.
type GkeSystemPoolSpec struct {
	InstanceTypes []string `json:"instanceTypes,omitempty" pulumi:"instanceTypes"`
	MinSize       *int     `json:"minSize,omitempty" pulumi:"minSize"`
	MaxSize       *int     `json:"maxSize,omitempty" pulumi:"maxSize"`
	DiskGiB       int      `json:"diskGiB,omitempty" pulumi:"diskGiB"`
}

// SystemPools are the system pools that go with a set of stateful pools (stateful may be nil:
// then the defaults).
func (s GkeSystemPoolSpec) SystemPools(stateful *GkePools) GkePools {
	var out GkePools
	if stateful != nil {
		out.ZoneLabelKey, out.ImageType, out.AutoRepair = stateful.ZoneLabelKey, stateful.ImageType, stateful.AutoRepair
		out.SystemDisk.Categories = stateful.SystemDisk.Categories
		for z, o := range stateful.Zones {
			if o.ZoneLabelValue != "" {
				if out.Zones == nil {
					out.Zones = map[string]GkeZoneSpec{}
				}
				out.Zones[z] = GkeZoneSpec{ZoneLabelValue: o.ZoneLabelValue}
			}
		}
	}
	out.InstanceTypes, out.MinSize, out.MaxSize, out.SystemDisk.SizeGiB = s.InstanceTypes, s.MinSize, s.MaxSize, s.DiskGiB
	return out
}

// Validate reports the problems of the system pools' own sizes, at their keys (the settings that
// carry over are the stateful pools' to report).
func (s GkeSystemPoolSpec) Validate(stateful *GkePools) error {
	var all validation.List
	s.SystemPools(stateful).GkePoolSpec.mergeOnto(gkeDefaults(RoleSystem)).validate(&all, func(f string) string { return f })
	return systemSizeProblems(all.Err(), len(s.InstanceTypes) > 0)
}

// GKE defaults of a pool spec.
var (
	DefaultGkeMachineTypes = []string{"n2-standard-8"}
	DefaultGkeDiskTypes    = []string{"pd-ssd"}
)

// Defaults of a GKE node pool's spec.
const (
	DefaultGkeImageType = "COS_CONTAINERD"
	DefaultGkeDiskGiB   = 100
)

// GkeDiskTypes are the boot disk types a GKE node may have.
var GkeDiskTypes = []string{"pd-standard", "pd-balanced", "pd-ssd", "hyperdisk-balanced"}

// gkeSpotSuffix ends a spot pool's name.
const gkeSpotSuffix = "-spot"

func (s GkePoolSpec) shape() PoolShape { return s.PoolShape }

func (s GkePoolSpec) withShape(p PoolShape) GkePoolSpec { s.PoolShape = p; return s }

func (s GkePoolSpec) machineTypes() []string { return slices.Clone(s.InstanceTypes) }

func (s GkePoolSpec) isSpot() bool { return s.Spot != nil && *s.Spot }

// gkeDefaults are a GKE pool's defaults for a role.
func gkeDefaults(role string) GkePoolSpec {
	if role == RoleSystem {
		return GkePoolSpec{
			PoolShape: systemShape(), InstanceTypes: DefaultGkeSystemPoolMachineTypes,
			SystemDisk: GkeBootDisk{Categories: DefaultGkeSystemPoolDiskTypes, SizeGiB: DefaultGkeSystemPoolDiskGiB},
			ImageType:  DefaultGkeImageType, AutoRepair: pulumi.BoolRef(true),
		}
	}
	return GkePoolSpec{
		PoolShape: statefulShape(), InstanceTypes: DefaultGkeMachineTypes,
		SystemDisk: GkeBootDisk{Categories: DefaultGkeDiskTypes, SizeGiB: DefaultGkeDiskGiB},
		ImageType:  DefaultGkeImageType, AutoRepair: pulumi.BoolRef(true),
	}
}

// mergeOnto returns base with every non-zero field of s laid over it; labels are added.
func (s GkePoolSpec) mergeOnto(base GkePoolSpec) GkePoolSpec {
	out := base
	out.PoolShape = s.PoolShape.mergeOnto(base.PoolShape)
	out.InstanceTypes = slices.Clone(base.InstanceTypes)
	if len(s.InstanceTypes) > 0 {
		out.InstanceTypes = slices.Clone(s.InstanceTypes)
	}
	if len(s.SystemDisk.Categories) > 0 {
		out.SystemDisk.Categories = slices.Clone(s.SystemDisk.Categories)
	}
	if s.SystemDisk.SizeGiB != 0 {
		out.SystemDisk.SizeGiB = s.SystemDisk.SizeGiB
	}
	if s.ImageType != "" {
		out.ImageType = s.ImageType
	}
	if s.AutoRepair != nil {
		out.AutoRepair = s.AutoRepair
	}
	if s.Spot != nil {
		out.Spot = s.Spot
	}
	return out
}

// gkeMachineType is a Compute Engine machine type such as n2-standard-8 or e2-custom-4-8192.
var gkeMachineType = regexp.MustCompile(`^[a-z][a-z0-9]*-[a-z0-9-]+$`)

// validate applies GKE's rules to a planned spec.
func (s GkePoolSpec) validate(l *validation.List, at func(string) string) {
	if len(s.InstanceTypes) != 1 || !gkeMachineType.MatchString(s.InstanceTypes[0]) || strings.HasPrefix(s.InstanceTypes[0], "ecs.") {
		l.Invalid(at("instanceTypes"), s.InstanceTypes, "a GKE node pool takes one Compute Engine machine type, such as [n2-standard-8]")
	}
	s.validateSizes(l, at, false)
	s.validateLabelsAndTaints(l, at)
	if len(s.SystemDisk.Categories) != 1 || !slices.Contains(GkeDiskTypes, s.SystemDisk.Categories[0]) {
		l.Invalid(at("systemDisk.categories"), s.SystemDisk.Categories, "a GKE node has one boot disk type, one of %s", strings.Join(GkeDiskTypes, ", "))
	}
	if s.SystemDisk.SizeGiB < 10 || s.SystemDisk.SizeGiB > 65536 {
		l.Invalid(at("systemDisk.sizeGiB"), s.SystemDisk.SizeGiB, "must be 10 to 65536")
	}
	switch s.ImageType {
	case "COS_CONTAINERD", "UBUNTU_CONTAINERD":
	default:
		l.Invalid(at("imageType"), s.ImageType, "must be a GKE node image: COS_CONTAINERD or UBUNTU_CONTAINERD")
	}
	if s.AutoRepair != nil && !*s.AutoRepair {
		l.Invalid(at("autoRepair"), false, "must be true on GKE: a GkeCluster is enrolled in a release channel, and GKE keeps auto-repair and auto-upgrade on for the nodes of a cluster in a release channel")
	}
}

// Plan returns the pools p makes in zones, one each, in order, for role ("" is RoleStateful),
// named after name when p has none: PlanGkePools without the cluster.
func (p GkePools) Plan(name string, zones []string, role string) ([]Pool, error) {
	return PlanGkePools(GkeZonalPoolsArgs{GkePools: p, ClusterID: pulumi.String(""), NodeZones: zones, Role: role}, name)
}

// PlanGkePools returns the pools args would create, defaults and overrides applied, or every
// problem with the args, with paths as the settings are written (see PlanPools).
func PlanGkePools(args GkeZonalPoolsArgs, name string) ([]Pool, error) {
	var l validation.List
	if args.ClusterID == nil {
		l.Required("clusterId", "")
	}
	prefix := args.Name
	if prefix == "" {
		prefix = name
	}
	role := args.Role
	if role == "" {
		role = RoleStateful
	}
	overrides := map[string]zoneSpec[GkePoolSpec]{}
	for z, o := range args.GkePools.Zones {
		overrides[z] = zoneSpec[GkePoolSpec]{value: o.ZoneLabelValue, spec: o.GkePoolSpec}
	}
	var zones []PoolZone
	for _, z := range args.NodeZones {
		zones = append(zones, PoolZone{Zone: z})
	}
	var pools []Pool
	field := "name"
	zoneOf := map[string]string{} // GKE pool name -> zone: GKE names are lower-case, label values need not be
	for _, p := range plan(&l, prefix, role, gkeDefaults(role), args.GkePoolSpec, zones, overrides, false) {
		p.pool.Name = strings.ToLower(p.pool.Name)
		if p.pool.Spot {
			p.pool.Name += gkeSpotSuffix
		}
		if other, dup := zoneOf[p.pool.Name]; dup {
			l.Invalid("zones."+p.pool.Zone+".zoneLabelValue", p.pool.ZoneLabelValue, "gives the GKE node pool name %q, zone %s's too: GKE pool names are lower-case and unique in a cluster", p.pool.Name, other)
		}
		zoneOf[p.pool.Name] = p.pool.Zone
		if err := CheckGkePoolName(p.pool.Name); err != nil && field != "" {
			l.Invalid(field, p.pool.Name, "gives the GKE node pool name %q (%d characters): %v; shorten the name", p.pool.Name, len(p.pool.Name), err)
			field = "" // once: every zone's name is as long
		}
		p.pool.Gke = &p.spec
		pools = append(pools, p.pool)
	}
	if err := l.Err(); err != nil {
		return nil, err
	}
	return pools, nil
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

// NewGkeZonalPools validates args and registers one node pool per zone. On invalid args it
// returns every problem and registers nothing.
func NewGkeZonalPools(ctx *pulumi.Context, name string, args *GkeZonalPoolsArgs, opts ...pulumi.ResourceOption) (*GkeZonalPools, error) {
	if args == nil {
		return nil, fmt.Errorf("gke zonal pools %q: args are required", name)
	}
	a := *args
	pools, err := PlanGkePools(a, name)
	if err == nil && a.Location == "" {
		err = fmt.Errorf("location: is required: the regional cluster's region")
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
		s := p.Gke
		var taints container.NodePoolNodeConfigTaintArray
		for _, t := range s.Taints {
			taints = append(taints, container.NodePoolNodeConfigTaintArgs{Key: pulumi.String(t.Key), Value: pulumi.String(t.Value), Effect: pulumi.String(gkeTaintEffects[t.Effect])})
		}
		labels := maps.Clone(p.Labels)
		nodeConfig := &container.NodePoolNodeConfigArgs{
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
		}
		if p.Spot {
			// Spot VMs (node_config.spot, ForceNew in terraform-provider-google v5.42.0); the
			// pool's name changes with it, so the new pool comes up before the old one goes.
			nodeConfig.Spot = pulumi.Bool(true)
		}
		np := &container.NodePoolArgs{
			Name:          pulumi.String(p.Name),
			Cluster:       a.ClusterID,
			Location:      pulumi.String(a.Location),
			NodeLocations: pulumi.ToStringArray([]string{p.Zone}),
			// Per zone, since the pool has one: the autoscaler's bounds for this zone alone.
			InitialNodeCount: pulumi.Int(*s.MinSize),
			Autoscaling:      &container.NodePoolAutoscalingArgs{MinNodeCount: pulumi.Int(*s.MinSize), MaxNodeCount: pulumi.Int(*s.MaxSize)},
			Management:       &container.NodePoolManagementArgs{AutoRepair: pulumi.Bool(*s.AutoRepair), AutoUpgrade: pulumi.Bool(true)},
			NodeConfig:       nodeConfig,
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
