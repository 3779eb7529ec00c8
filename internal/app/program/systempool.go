package program

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/nodepools"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
	"github.com/zonestack/zonestack/validation"
)

// systemPoolsName is the system pools' component name: its pools are system-pools-<zone letter>.
const systemPoolsName = "system-pools"

// systemPoolArgs are the system pools of the stack's ACK or GKE cluster, one per zone, untainted
// (nodepools.RoleSystem), so that the pods that tolerate nothing have nodes: nil when the stack has
// no such cluster. The stateful pools' system disk (categories, level, encryption), image, zone
// label key and key pair carry over; systemPool sizes them.
func systemPoolArgs(cfg *stackconfig.Config, clusterID pulumi.StringInput, vswitches, sgs []pulumi.StringInput) *nodepools.ZonalPoolsArgs {
	// A local stack plays an ACK cluster: its system pools become fake nodes.
	if cfg.Cloud != stackconfig.CloudLocal && (cfg.Cluster == nil || (cfg.Cloud != stackconfig.CloudAlicloud && cfg.Cloud != stackconfig.CloudGCP)) {
		return nil
	}
	var spec nodepools.PoolSpec
	if np := cfg.NodePools; np != nil {
		spec.ZoneLabelKey = np.ZoneLabelKey
		spec.ImageType = np.ImageType
		spec.KeyName = np.KeyName
		spec.AutoRepair = np.AutoRepair
		if d := np.SystemDisk; d != nil {
			spec.SystemDisk = nodepools.SystemDisk{Categories: d.Categories, PerformanceLevel: d.PerformanceLevel, Encrypted: d.Encrypted, KMSKeyID: d.KMSKeyID}
		}
	}
	if sp := cfg.SystemPool; sp != nil {
		spec.InstanceTypes = sp.InstanceTypes
		spec.MinSize = sp.MinSize
		spec.MaxSize = sp.MaxSize
		spec.SystemDisk.SizeGiB = sp.DiskGiB
		if sp.KeyName != "" {
			spec.KeyName = sp.KeyName
		}
	}
	a := &nodepools.ZonalPoolsArgs{
		ClusterID:        clusterID,
		Cloud:            poolCloud(cfg),
		Role:             nodepools.RoleSystem,
		NamePrefix:       cfg.ResourcePrefix() + "-system",
		SecurityGroupIDs: sgs,
		Spec:             spec,
		Tags:             cfg.Tags,
	}
	for i, z := range cfg.Zones {
		zone := nodepools.PoolZoneArgs{Zone: z, VSwitchID: vswitches[i]}
		if o, ok := zoneOverride(cfg, z); ok {
			// The zone's label value is the stateful pool's: one zone, one value.
			zone.ZoneLabelValue = o.ZoneLabelValue
		}
		a.Zones = append(a.Zones, zone)
	}
	return a
}

func zoneOverride(cfg *stackconfig.Config, zone string) (stackconfig.ZonePool, bool) {
	if cfg.NodePools == nil {
		return stackconfig.ZonePool{}, false
	}
	o, ok := cfg.NodePools.Zones[zone]
	return o, ok
}

// validateSystemPool reports the system pools' problems under the config keys they come from.
func validateSystemPool(l *validation.List, cfg *stackconfig.Config, ids []pulumi.StringInput) {
	sa := systemPoolArgs(cfg, pulumi.String(""), ids, nil)
	if sa == nil {
		return
	}
	pools, err := nodepools.PlanPools(*sa, systemPoolsName)
	l.MergeFunc(err, systemPoolPath(cfg))
	if err == nil && cfg.Cloud == stackconfig.CloudAlicloud {
		l.MergeFunc(nodepools.CheckLogin(pools), systemPoolPath(cfg))
	}
	if cfg.Cloud == stackconfig.CloudGCP && len(pools) > 0 {
		// The pools are named <name>-system-<zone letter>: a long stack name makes names GKE refuses.
		name := strings.ToLower(pools[0].Name)
		if e := nodepools.CheckGkePoolName(name); e != nil {
			l.Invalid("name", cfg.ResourcePrefix(), "gives the system node pool name %q (%d characters): %v; shorten zonestack:name", name, len(name), e)
		}
	}
}

// SystemPools plans the stack's system pools without registering anything; none when the stack has
// no ACK or GKE cluster.
func SystemPools(cfg *stackconfig.Config) ([]nodepools.Pool, error) {
	sa := systemPoolArgs(cfg, pulumi.String("planned"), unknownIDs(len(cfg.Zones)), nil)
	if sa == nil {
		return nil, nil
	}
	return nodepools.PlanPools(*sa, systemPoolsName)
}

// systemPoolPath maps a system pools' ZonalPoolsArgs field to the config key it comes from: the
// sizes are systemPool's, what carries over from the stateful pools is nodePools'.
func systemPoolPath(cfg *stackconfig.Config) func(string) string {
	stateful := poolsPath(cfg)
	return func(field string) string {
		rest := field
		if m := zoneIndexed.FindStringSubmatch(field); m != nil {
			rest = "spec" + m[2]
		}
		f, ok := strings.CutPrefix(rest, "spec.")
		if !ok {
			return validation.Join("systemPool", field)
		}
		switch {
		case f == "systemDisk.sizeGiB":
			return "systemPool.diskGiB"
		case strings.HasPrefix(f, "instanceTypes"), f == "minSize", f == "maxSize":
			return "systemPool." + f
		case f == "keyName":
			if cfg.SystemPool != nil && cfg.SystemPool.KeyName != "" {
				return "systemPool.keyName"
			}
			if cfg.NodePools != nil && cfg.NodePools.KeyName != "" {
				return "nodePools.keyName"
			}
			return "systemPool.keyName"
		case strings.HasPrefix(f, "systemDisk"), f == "imageType", f == "zoneLabelKey", f == "autoRepair":
			if cfg.NodePools != nil {
				return stateful(field)
			}
		}
		return validation.Join("systemPool", f)
	}
}
