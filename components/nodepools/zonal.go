package nodepools

import (
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/cs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const zonalPoolsType = "zonestack:nodepools:ZonalPools"

// ZonalPools is one autoscaled ACK node pool per zone, all from one spec.
type ZonalPools struct {
	pulumi.ResourceState

	// NodePoolIDs are the pools' IDs, in zone order.
	NodePoolIDs pulumi.StringArrayOutput `pulumi:"nodePoolIds"`
	// ScalingGroupIDs are the pools' auto scaling groups, in zone order.
	ScalingGroupIDs pulumi.StringArrayOutput `pulumi:"scalingGroupIds"`

	// Pools describe the pools, in zone order: labels, taints, spec. Known before creation.
	Pools []Pool
	// NodePools are the pool resources, in zone order, as escape hatches.
	NodePools []*cs.NodePool
}

// NewZonalPools validates args and registers one node pool per zone. On invalid args it returns
// every problem and registers nothing.
func NewZonalPools(ctx *pulumi.Context, name string, args *ZonalPoolsArgs, opts ...pulumi.ResourceOption) (*ZonalPools, error) {
	if args == nil {
		return nil, fmt.Errorf("zonal pools %q: args are required", name)
	}
	pools, err := PlanPools(*args, name)
	if err == nil {
		err = CheckLogin(pools)
	}
	if err != nil {
		return nil, fmt.Errorf("zonal pools %q: %w", name, err)
	}
	z := &ZonalPools{Pools: pools}
	if err := ctx.RegisterComponentResource(zonalPoolsType, name, z, opts...); err != nil {
		return nil, err
	}
	var sgs pulumi.StringArrayInput
	if len(args.SecurityGroupIDs) > 0 {
		sgs = pulumi.StringArray(args.SecurityGroupIDs)
	}
	var tags pulumi.StringMapInput
	if len(args.Tags) > 0 {
		tags = pulumi.ToStringMap(args.Tags)
	}
	var ids, groups pulumi.StringArray
	for i, p := range pools {
		// No pool depends on another, so the engine creates them in parallel.
		opts := []pulumi.ResourceOption{pulumi.Parent(z)}
		if p.Role != RoleSystem {
			// The autoscaler owns the node count; a later `pulumi up` must not reset it.
			opts = append(opts, pulumi.IgnoreChanges([]string{"desiredSize", "nodeCount"}))
		}
		np, err := cs.NewNodePool(ctx, name+"-"+p.ZoneLabelValue, poolArgs(args.ClusterID, args.VSwitches[i].VSwitchID, sgs, tags, p), opts...)
		if err != nil {
			return nil, err
		}
		z.NodePools = append(z.NodePools, np)
		ids = append(ids, np.NodePoolId)
		groups = append(groups, np.ScalingGroupId)
	}
	z.NodePoolIDs = ids.ToStringArrayOutput()
	z.ScalingGroupIDs = groups.ToStringArrayOutput()
	if err := ctx.RegisterResourceOutputs(z, pulumi.Map{
		"nodePoolIds":     z.NodePoolIDs,
		"scalingGroupIds": z.ScalingGroupIDs,
	}); err != nil {
		return nil, err
	}
	return z, nil
}

func poolArgs(clusterID, vswitch pulumi.StringInput, sgs pulumi.StringArrayInput, tags pulumi.StringMapInput, p Pool) *cs.NodePoolArgs {
	s := p.Ack
	a := &cs.NodePoolArgs{
		ClusterId:            clusterID,
		NodePoolName:         pulumi.String(p.Name),
		VswitchIds:           pulumi.StringArray{vswitch},
		InstanceTypes:        pulumi.ToStringArray(s.InstanceTypes),
		SecurityGroupIds:     sgs,
		ImageType:            pulumi.String(s.ImageType),
		InstanceChargeType:   pulumi.String("PostPaid"),
		ScalingPolicy:        pulumi.String("release"),
		InstallCloudMonitor:  pulumi.Bool(true),
		UpdateNodes:          pulumi.Bool(true),
		Tags:                 tags,
		SystemDiskCategory:   pulumi.String(s.SystemDisk.Categories[0]),
		SystemDiskCategories: pulumi.ToStringArray(s.SystemDisk.Categories),
		SystemDiskSize:       pulumi.Int(s.SystemDisk.SizeGiB),
		ScalingConfig: &cs.NodePoolScalingConfigArgs{
			Enable:  pulumi.Bool(true),
			MinSize: pulumi.Int(*s.MinSize),
			MaxSize: pulumi.Int(*s.MaxSize),
			Type:    pulumi.String("cpu"),
		},
		Management: &cs.NodePoolManagementArgs{
			Enable:           pulumi.Bool(true),
			AutoRepair:       pulumi.Bool(*s.AutoRepair),
			AutoRepairPolicy: &cs.NodePoolManagementAutoRepairPolicyArgs{RestartNode: pulumi.Bool(true)},
			AutoUpgrade:      pulumi.Bool(false),
			MaxUnavailable:   pulumi.Int(1),
		},
	}
	if p.Role == RoleSystem {
		// A fixed size, not autoscaled: ACK labels an autoscaled pool's nodes k8s.aliyun.com=true,
		// and its system components (CoreDNS, metrics-server) keep off such nodes (the provider's
		// cs_kubernetes_node_pool docs, v1.285.0), so a system pool that scaled would run no system
		// pod.
		a.ScalingConfig = nil
		a.DesiredSize = pulumi.String(strconv.Itoa(*s.MinSize))
	}
	if s.KeyName != "" {
		a.KeyName = pulumi.String(s.KeyName)
	}
	if p.Spot {
		spotArgs(a, s.InstanceTypes, *s.Spot)
	} else {
		// Said, not left out: spot_strategy is Optional and Computed, so a pool that stops being
		// spot would otherwise keep buying spot instances.
		a.SpotStrategy = pulumi.String(NoSpot)
	}
	if s.SystemDisk.PerformanceLevel != "" {
		a.SystemDiskPerformanceLevel = pulumi.String(s.SystemDisk.PerformanceLevel)
	}
	if s.SystemDisk.Encrypted {
		a.SystemDiskEncrypted = pulumi.Bool(true)
		if s.SystemDisk.KMSKeyID != "" {
			a.SystemDiskKmsKey = pulumi.String(s.SystemDisk.KMSKeyID)
		}
	}
	// Lists are set only when they have entries: an empty list would be sent as [] rather than
	// left unset.
	var labels cs.NodePoolLabelArray
	for _, k := range slices.Sorted(maps.Keys(p.Labels)) {
		labels = append(labels, cs.NodePoolLabelArgs{Key: pulumi.String(k), Value: pulumi.String(p.Labels[k])})
	}
	if len(labels) > 0 {
		a.Labels = labels
	}
	var taints cs.NodePoolTaintArray
	for _, t := range p.Taints {
		taints = append(taints, cs.NodePoolTaintArgs{Key: pulumi.String(t.Key), Value: pulumi.String(t.Value), Effect: pulumi.String(t.Effect)})
	}
	if len(taints) > 0 {
		a.Taints = taints
	}
	var disks cs.NodePoolDataDiskArray
	for _, d := range s.DataDisks {
		cat := d.Category
		if cat == "" {
			cat = "cloud_essd"
		}
		dd := cs.NodePoolDataDiskArgs{
			Category:  pulumi.String(cat),
			Size:      pulumi.Int(d.SizeGiB),
			Encrypted: pulumi.String(strconv.FormatBool(d.Encrypted)),
		}
		if d.PerformanceLevel != "" {
			dd.PerformanceLevel = pulumi.String(d.PerformanceLevel)
		}
		if d.KMSKeyID != "" {
			dd.KmsKeyId = pulumi.String(d.KMSKeyID)
		}
		disks = append(disks, dd)
	}
	if len(disks) > 0 {
		a.DataDisks = disks
	}
	return a
}

// spotArgs makes a pool's scaling group buy spot instances (cs_kubernetes_node_pool v1.285.0:
// spot_strategy, spot_price_limit, on_demand_base_capacity,
// on_demand_percentage_above_base_capacity; compensate_with_on_demand takes effect with
// multi_az_policy COST_OPTIMIZED, per the provider's docs). spot_instance_remedy replaces a spot
// node the cloud announces it will reclaim before it goes.
func spotArgs(a *cs.NodePoolArgs, instanceTypes []string, sp AckSpot) {
	strategy := sp.Strategy
	if strategy == "" {
		strategy = SpotAsPriceGo
	}
	a.SpotStrategy = pulumi.String(strategy)
	a.SpotInstanceRemedy = pulumi.Bool(true)
	if strategy == SpotWithPriceLimit {
		var limits cs.NodePoolSpotPriceLimitArray
		for _, t := range instanceTypes {
			limits = append(limits, cs.NodePoolSpotPriceLimitArgs{InstanceType: pulumi.String(t), PriceLimit: pulumi.String(sp.PriceLimits[t])})
		}
		a.SpotPriceLimits = limits
	}
	if sp.OnDemandBaseCapacity != nil {
		a.OnDemandBaseCapacity = pulumi.String(strconv.Itoa(*sp.OnDemandBaseCapacity))
	}
	if sp.OnDemandPercentageAboveBaseCapacity != nil {
		a.OnDemandPercentageAboveBaseCapacity = pulumi.String(strconv.Itoa(*sp.OnDemandPercentageAboveBaseCapacity))
	}
	if sp.FallbackToOnDemand == nil || *sp.FallbackToOnDemand {
		a.MultiAzPolicy = pulumi.String("COST_OPTIMIZED")
		a.CompensateWithOnDemand = pulumi.Bool(true)
	}
}
