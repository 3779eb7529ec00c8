package nodepools

import (
	"fmt"
	"strings"

	"github.com/zonestack/zonestack/validation"
)

// Roles of a set of pools: what the pools are for decides their defaults.
const (
	// RoleStateful pools (the default) run the stateful services: seed 000's usage=sts label and
	// taint, placeholders keep a warm node in each.
	RoleStateful = "stateful"
	// RoleSystem pools run everything that tolerates no taint: CoreDNS, the CSI provisioners,
	// metrics-server, the cloud's add-ons, the federated service. They are never tainted and get
	// no placeholders (a system pod waits for no warm node; the pool's minimum is its warm node).
	RoleSystem = "system"
)

// The system pool's label: what a system workload selects, and what tells the pool apart from the
// stateful ones (which carry usage=sts).
const (
	SystemPoolLabelKey   = "zonestack.io/pool"
	SystemPoolLabelValue = "system"
)

// Sizes of a system pool, per zone. On ACK a system pool keeps a fixed MinSize nodes per zone and
// MaxSize does not apply: ACK labels an autoscaled pool's nodes k8s.aliyun.com=true, which its
// system components avoid. On GKE the pool autoscales from MinSize to MaxSize.
const (
	// DefaultSystemPoolMinSize is one node per zone: the zone-spread system pods (CoreDNS's replicas,
	// the CSI controllers) keep a node in every zone, so the loss of one zone leaves them running.
	DefaultSystemPoolMinSize = 1
	// DefaultSystemPoolMaxSize lets a zone's pool grow to three nodes: the system load grows with the
	// cluster's size slowly, and a cap keeps a runaway untainted Deployment from growing the bill.
	DefaultSystemPoolMaxSize = 3
	// DefaultSystemPoolDiskGiB is the ACK system disk: the same 120 GiB as the stateful pools', room
	// for the add-ons' images (ESSD PL1's throughput also grows with the size).
	DefaultSystemPoolDiskGiB = 120
	// DefaultGkeSystemPoolDiskGiB is GKE's boot disk default of 100 GiB, room for the add-ons' images.
	DefaultGkeSystemPoolDiskGiB = 100
)

// DefaultSystemPoolInstanceTypes are 4 vCPU / 16 GiB general-purpose types of two generations: enough
// for ACK's add-ons, CoreDNS, the CSI plugins and metrics-server with room for the federated
// service, and a second generation so the pool still scales when one is sold out in a zone.
var DefaultSystemPoolInstanceTypes = []string{"ecs.g7.xlarge", "ecs.g6.xlarge"}

// DefaultGkeSystemPoolMachineTypes is a 4 vCPU / 16 GiB E2: the cheapest general-purpose family,
// enough for GKE's system pods (kube-dns, the PD CSI driver, metrics-server) and the federated
// service.
var DefaultGkeSystemPoolMachineTypes = []string{"e2-standard-4"}

// DefaultGkeSystemPoolDiskTypes is pd-balanced, GKE's default boot disk: system pods need no pd-ssd.
var DefaultGkeSystemPoolDiskTypes = []string{"pd-balanced"}

// SystemLabels are the labels of every system pool's nodes, beside the zone label.
func SystemLabels() map[string]string {
	return map[string]string{SystemPoolLabelKey: SystemPoolLabelValue}
}

// AckSystemPoolSpec sizes an ACK cluster's system pools, one per zone (a stack file's
// systemPool). Every field is optional: the defaults are DefaultSystemPool*; the system disk's
// categories, performance level and encryption, the image, the zone label key and the key pair
// follow the stateful pools' (SystemPools).
type AckSystemPoolSpec struct {
	InstanceTypes []string `json:"instanceTypes,omitempty" pulumi:"instanceTypes"`
	MinSize       *int     `json:"minSize,omitempty" pulumi:"minSize"`
	MaxSize       *int     `json:"maxSize,omitempty" pulumi:"maxSize"`
	DiskGiB       int      `json:"diskGiB,omitempty" pulumi:"diskGiB"`
	// KeyName is the ECS key pair of the system nodes. Default: the stateful pools' keyName.
	KeyName string `json:"keyName,omitempty" pulumi:"keyName"`
}

// SystemPools are the system pools that go with a set of stateful pools (stateful may be nil):
// the stateful pools' disk categories, level and encryption, image, zone label (key and each
// zone's value), key pair and auto-repair carry over, and s sizes them.
func (s AckSystemPoolSpec) SystemPools(stateful *AckPools) AckPools {
	var out AckPools
	if stateful != nil {
		sp := stateful.AckPoolSpec
		out.ZoneLabelKey, out.ImageType, out.KeyName, out.AutoRepair = sp.ZoneLabelKey, sp.ImageType, sp.KeyName, sp.AutoRepair
		d := sp.SystemDisk
		out.SystemDisk = SystemDisk{Categories: d.Categories, PerformanceLevel: d.PerformanceLevel, Encrypted: d.Encrypted, KMSKeyID: d.KMSKeyID}
		for z, o := range stateful.Zones {
			if o.ZoneLabelValue != "" {
				if out.Zones == nil {
					out.Zones = map[string]AckZoneSpec{}
				}
				// One zone, one label value: the system pool's is the stateful pool's.
				out.Zones[z] = AckZoneSpec{ZoneLabelValue: o.ZoneLabelValue}
			}
		}
	}
	out.InstanceTypes, out.MinSize, out.MaxSize, out.SystemDisk.SizeGiB = s.InstanceTypes, s.MinSize, s.MaxSize, s.DiskGiB
	if s.KeyName != "" {
		out.KeyName = s.KeyName
	}
	return out
}

// Validate reports the problems of the system pools' own sizes, at their keys (the settings that
// carry over are the stateful pools' to report).
func (s AckSystemPoolSpec) Validate(stateful *AckPools) error {
	var all validation.List
	s.SystemPools(stateful).AckPoolSpec.mergeOnto(ackDefaults(RoleSystem)).validate(&all, func(f string) string { return f })
	return systemSizeProblems(all.Err(), len(s.InstanceTypes) > 0)
}

// systemSizeProblems are the problems of a planned system pool spec that are its systemPool
// settings': the sizes (the disk's as diskGiB) and, when the systemPool names them, the instance
// types.
func systemSizeProblems(err error, ownTypes bool) error {
	var own validation.List
	keys := map[string]string{"minSize": "minSize", "maxSize": "maxSize", "systemDisk.sizeGiB": "diskGiB"}
	for _, p := range validation.Problems(err) {
		switch k, ok := keys[p.Field]; {
		case ok:
			p.Field = k
			own.Merge("", p)
		case strings.HasPrefix(p.Field, "instanceTypes") && ownTypes:
			own.Merge("", p)
		}
	}
	return own.Err()
}

// validateRole checks what a role asks of the planned shared shape: a system pool keeps no pod off.
func validateRole(l *validation.List, role string, shared PoolShape) {
	switch role {
	case "", RoleStateful:
	case RoleSystem:
		for i, t := range shared.Taints {
			if t.Effect == "NoSchedule" || t.Effect == "NoExecute" {
				l.Invalid(fmt.Sprintf("taints[%d]", i), t.Key+"="+t.Value+":"+t.Effect,
					"a system pool takes no NoSchedule or NoExecute taint: it is where untainted system pods run")
			}
		}
		if shared.Labels[SystemPoolLabelKey] != SystemPoolLabelValue {
			l.Invalid("labels."+SystemPoolLabelKey, shared.Labels[SystemPoolLabelKey], "a system pool's nodes are labelled %s=%s", SystemPoolLabelKey, SystemPoolLabelValue)
		}
	default:
		l.Invalid("role", role, "must be %s or %s", RoleStateful, RoleSystem)
	}
}
