package nodepools

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/validation"
)

// Defaults of a pool spec: seed 000's labels and taint, an ESSD system disk with fallbacks.
const (
	DefaultZoneLabelKey  = "avaliable_zone" // sic: the seed's key, kept so its manifests keep working
	DefaultMinSize       = 1
	DefaultMaxSize       = 10
	DefaultImageType     = "AliyunLinux3"
	DefaultSystemDiskGiB = 120
)

// DefaultInstanceTypes are tried in order: 8 vCPU / 32 GiB general-purpose types of two
// generations, so a pool still scales when one is sold out in a zone.
var DefaultInstanceTypes = []string{"ecs.g7.2xlarge", "ecs.g6.2xlarge"}

// DefaultLabels are seed 000's common label of the stateful pools.
var DefaultLabels = map[string]string{"usage": "sts"}

// DefaultTaints keep every pod that does not tolerate usage=sts off the stateful pools.
var DefaultTaints = []Taint{{Key: "usage", Value: "sts", Effect: "NoSchedule"}}

// DefaultSystemDiskCategories is the fallback order of the system disk: ESSD first.
var DefaultSystemDiskCategories = []string{"cloud_essd", "cloud_ssd", "cloud_efficiency"}

// DiskCategories are the ECS cloud disk categories a node's disks may use.
var DiskCategories = []string{"cloud_essd", "cloud_ssd", "cloud_efficiency", "cloud_auto", "cloud_essd_entry"}

// ZonalPoolsArgs are the inputs of ZonalPools. Zero values mean "use the default".
type ZonalPoolsArgs struct {
	// ClusterID is the ACK cluster the pools join. Required.
	ClusterID pulumi.StringInput `pulumi:"clusterId"`
	// Zones are the zones, one pool each, with the zone's vSwitch. Required.
	Zones []PoolZoneArgs `pulumi:"zones"`
	// NamePrefix starts each pool's name, "<prefix>-<zone label value>". Optional, default: the
	// component name.
	NamePrefix string `pulumi:"namePrefix"`
	// SecurityGroupIDs are the nodes' security groups. Optional: unset, the cluster's.
	SecurityGroupIDs []pulumi.StringInput `pulumi:"securityGroupIds"`
	// Spec is shared by every pool; a zone's own Spec overrides it field by field.
	Spec PoolSpec `pulumi:"spec"`
	// Tags go on the nodes' ECS instances. Optional.
	Tags map[string]string `pulumi:"tags"`
	// Cloud is alicloud (ACK node pools, the default) or gcp (GKE node pools): it decides which
	// machine types, disk types and node images the spec may name.
	Cloud string `pulumi:"cloud"`
	// Role is RoleStateful (the default) or RoleSystem: it decides the spec's defaults. A system
	// pool is untainted and labelled zonestack.io/pool=system; placeholders refuse it.
	Role string `pulumi:"role"`
}

// Clouds the pools can be planned for.
const (
	CloudAlicloud = "alicloud"
	CloudGCP      = "gcp"
)

// GKE defaults of a PoolSpec.
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

// PoolZoneArgs place one pool.
type PoolZoneArgs struct {
	// Zone is the zone ID, e.g. cn-beijing-h. Required.
	Zone string `pulumi:"zone"`
	// VSwitchID is the zone's node vSwitch; the pool uses it alone. Required.
	VSwitchID pulumi.StringInput `pulumi:"vswitchId"`
	// ZoneLabelValue is the zone label's value on this pool's nodes. Optional, default: the
	// zone's letter (h for cn-beijing-h), as in seed 000.
	ZoneLabelValue string `pulumi:"zoneLabelValue"`
	// Spec overrides the shared spec for this zone. Optional.
	Spec PoolSpec `pulumi:"spec"`
}

// PoolSpec is what a pool is made of. In ZonalPoolsArgs.Spec a zero field takes the default; in
// a zone's Spec a zero field takes the shared value.
type PoolSpec struct {
	// InstanceTypes are tried in order. Default DefaultInstanceTypes.
	InstanceTypes []string `pulumi:"instanceTypes"`
	// MinSize is the fewest nodes; the autoscaler never goes below. Default 1: one warm node.
	MinSize *int `pulumi:"minSize"`
	// MaxSize is the most nodes; more than MinSize, at most 1000. Default 10.
	MaxSize *int `pulumi:"maxSize"`
	// Labels go on every node; a zone's labels are added to the shared ones. Default {usage: sts}.
	Labels map[string]string `pulumi:"labels"`
	// ZoneLabelKey is the label that names the node's zone. Default "avaliable_zone" (seed 000's
	// spelling). Shared only: all pools must agree on it.
	ZoneLabelKey string `pulumi:"zoneLabelKey"`
	// Taints go on every node. Default (nil) usage=sts:NoSchedule; an empty list means none.
	Taints []Taint `pulumi:"taints"`
	// SystemDisk is each node's system disk. Default 120 GiB cloud_essd, falling back to
	// cloud_ssd then cloud_efficiency.
	SystemDisk SystemDisk `pulumi:"systemDisk"`
	// DataDisks are extra disks on each node. Optional.
	DataDisks []DataDisk `pulumi:"dataDisks"`
	// ImageType is the node OS. Default AliyunLinux3.
	ImageType string `pulumi:"imageType"`
	// KeyName is the ECS key pair for logging in to nodes, in the cluster's region. Required on
	// ACK (a managed pool takes a key pair and nothing else; see CheckLogin); not on GKE.
	KeyName string `pulumi:"keyName"`
	// AutoRepair lets ACK repair broken nodes in the maintenance window. Default true.
	AutoRepair *bool `pulumi:"autoRepair"`
}

// Taint is a Kubernetes taint.
type Taint struct {
	Key    string `pulumi:"key"`
	Value  string `pulumi:"value"`
	Effect string `pulumi:"effect"`
}

// SystemDisk is a node's system disk.
type SystemDisk struct {
	// Categories are tried in order; the first is the preferred one.
	Categories []string `pulumi:"categories"`
	// SizeGiB is the size. Default 120.
	SizeGiB int `pulumi:"sizeGiB"`
	// PerformanceLevel is PL0 to PL3, for cloud_essd only. Optional.
	PerformanceLevel string `pulumi:"performanceLevel"`
	// Encrypted encrypts the disk, with KMSKeyID or the default service key.
	Encrypted bool   `pulumi:"encrypted"`
	KMSKeyID  string `pulumi:"kmsKeyId"`
}

// DataDisk is one extra disk of each node.
type DataDisk struct {
	// Category is the disk category. Default cloud_essd.
	Category string `pulumi:"category"`
	// SizeGiB is 40 to 32768. Required.
	SizeGiB          int    `pulumi:"sizeGiB"`
	PerformanceLevel string `pulumi:"performanceLevel"`
	Encrypted        bool   `pulumi:"encrypted"`
	KMSKeyID         string `pulumi:"kmsKeyId"`
}

// Pool is one zone's pool as planned: everything about it that is known before it exists.
// Placeholders and workloads read it to select and tolerate the pool.
type Pool struct {
	Name           string
	Zone           string
	ZoneLabelKey   string
	ZoneLabelValue string
	// Labels are all the node labels, the zone label included.
	Labels map[string]string
	Taints []Taint
	Spec   PoolSpec
	// Role is the set's role: RoleStateful or RoleSystem.
	Role string
}

// NodeSelector selects this pool's nodes: all of its labels.
func (p Pool) NodeSelector() map[string]string { return maps.Clone(p.Labels) }

// CommonSelector selects the nodes of every pool of the set: the labels without the zone label.
func (p Pool) CommonSelector() map[string]string {
	sel := maps.Clone(p.Labels)
	delete(sel, p.ZoneLabelKey)
	return sel
}

// withDefaultsFor fills the shared spec with the cloud's defaults for the role.
func (s PoolSpec) withDefaultsFor(cloud, role string) PoolSpec {
	if role == RoleSystem {
		return s.mergeOnto(systemDefaults(cloud))
	}
	if cloud == CloudGCP {
		return s.mergeOnto(PoolSpec{
			InstanceTypes: DefaultGkeMachineTypes,
			MinSize:       pulumi.IntRef(DefaultMinSize),
			MaxSize:       pulumi.IntRef(DefaultMaxSize),
			Labels:        DefaultLabels,
			ZoneLabelKey:  DefaultZoneLabelKey,
			Taints:        DefaultTaints,
			SystemDisk:    SystemDisk{Categories: DefaultGkeDiskTypes, SizeGiB: DefaultGkeDiskGiB},
			ImageType:     DefaultGkeImageType,
			AutoRepair:    pulumi.BoolRef(true),
		})
	}
	return s.withDefaults()
}

// withDefaults fills the shared spec with the defaults.
func (s PoolSpec) withDefaults() PoolSpec {
	out := s.mergeOnto(PoolSpec{
		InstanceTypes: DefaultInstanceTypes,
		MinSize:       pulumi.IntRef(DefaultMinSize),
		MaxSize:       pulumi.IntRef(DefaultMaxSize),
		Labels:        DefaultLabels,
		ZoneLabelKey:  DefaultZoneLabelKey,
		Taints:        DefaultTaints,
		SystemDisk:    SystemDisk{Categories: DefaultSystemDiskCategories, SizeGiB: DefaultSystemDiskGiB},
		ImageType:     DefaultImageType,
		AutoRepair:    pulumi.BoolRef(true),
	})
	return out
}

// mergeOnto returns base with every non-zero field of s laid over it; labels are added.
func (s PoolSpec) mergeOnto(base PoolSpec) PoolSpec {
	out := base
	out.InstanceTypes = slices.Clone(base.InstanceTypes)
	out.Taints = slices.Clone(base.Taints)
	out.DataDisks = slices.Clone(base.DataDisks)
	out.Labels = maps.Clone(base.Labels)
	if out.Labels == nil {
		out.Labels = map[string]string{}
	}
	if len(s.InstanceTypes) > 0 {
		out.InstanceTypes = slices.Clone(s.InstanceTypes)
	}
	if s.MinSize != nil {
		out.MinSize = s.MinSize
	}
	if s.MaxSize != nil {
		out.MaxSize = s.MaxSize
	}
	maps.Copy(out.Labels, s.Labels)
	if s.ZoneLabelKey != "" {
		out.ZoneLabelKey = s.ZoneLabelKey
	}
	// An empty, non-nil list clears the taints: an untainted pool for ordinary workloads.
	if s.Taints != nil {
		out.Taints = slices.Clone(s.Taints)
	}
	if len(s.SystemDisk.Categories) > 0 {
		out.SystemDisk.Categories = slices.Clone(s.SystemDisk.Categories)
	}
	if s.SystemDisk.SizeGiB != 0 {
		out.SystemDisk.SizeGiB = s.SystemDisk.SizeGiB
	}
	if s.SystemDisk.PerformanceLevel != "" {
		out.SystemDisk.PerformanceLevel = s.SystemDisk.PerformanceLevel
	}
	if s.SystemDisk.Encrypted {
		out.SystemDisk.Encrypted, out.SystemDisk.KMSKeyID = true, s.SystemDisk.KMSKeyID
	}
	if len(s.DataDisks) > 0 {
		out.DataDisks = slices.Clone(s.DataDisks)
	}
	if s.ImageType != "" {
		out.ImageType = s.ImageType
	}
	if s.KeyName != "" {
		out.KeyName = s.KeyName
	}
	if s.AutoRepair != nil {
		out.AutoRepair = s.AutoRepair
	}
	return out
}

// PlanPools returns the pools args would create, defaults and overrides applied, or every problem
// with the args (field paths relative to the args, e.g. "zones[1].spec.maxSize").
func PlanPools(args ZonalPoolsArgs, name string) ([]Pool, error) {
	var l validation.List
	if args.ClusterID == nil {
		l.Required("clusterId", "")
	}
	if len(args.Zones) == 0 {
		l.Required("zones", "is required: one entry per zone")
	}
	if args.NamePrefix == "" {
		args.NamePrefix = name
	}
	if args.Cloud == "" {
		args.Cloud = CloudAlicloud
	}
	if args.Cloud != CloudAlicloud && args.Cloud != CloudGCP {
		l.Invalid("cloud", args.Cloud, "must be %s or %s", CloudAlicloud, CloudGCP)
	}
	if args.Role == "" {
		args.Role = RoleStateful
	}
	shared := args.Spec.withDefaultsFor(args.Cloud, args.Role)
	validateRole(&l, args.Role, shared)
	var sharedProblems validation.List
	validateSpecFor(&sharedProblems, "", shared, args.Cloud)
	reported := map[string]bool{} // a shared problem shows once, not again in every zone
	for _, p := range validation.Problems(sharedProblems.Err()) {
		reported[p.Error()] = true
	}
	l.Merge("spec", sharedProblems.Err())
	if err := validateLabelKey(shared.ZoneLabelKey); err != "" {
		l.Invalid("spec.zoneLabelKey", shared.ZoneLabelKey, "%s", err)
	}
	var pools []Pool
	zoneAt := map[string]int{}
	valueAt := map[string]int{}
	for i, z := range args.Zones {
		base := fmt.Sprintf("zones[%d]", i)
		if z.Zone == "" {
			l.Required(base+".zone", "")
		} else if j, dup := zoneAt[z.Zone]; dup {
			l.Invalid(base+".zone", z.Zone, "duplicates zones[%d].zone; one pool per zone", j)
		}
		zoneAt[z.Zone] = i
		if z.VSwitchID == nil && args.Cloud == CloudAlicloud {
			l.Required(base+".vswitchId", "is required: the zone's node vSwitch")
		}
		if z.Spec.ZoneLabelKey != "" {
			l.Invalid(base+".spec.zoneLabelKey", z.Spec.ZoneLabelKey, "can only be set in the shared spec: all pools use one zone label")
		}
		value := z.ZoneLabelValue
		if value == "" {
			value = z.Zone[strings.LastIndex(z.Zone, "-")+1:]
		}
		if err := validateLabelValue(value); err != "" {
			l.Invalid(base+".zoneLabelValue", value, "%s", err)
		}
		if j, dup := valueAt[value]; dup {
			l.Invalid(base+".zoneLabelValue", value, "is zones[%d]'s too; each pool needs its own zone label value", j)
		}
		valueAt[value] = i
		spec := z.Spec.mergeOnto(shared)
		spec.Labels[shared.ZoneLabelKey] = value
		var zoneProblems validation.List
		validateSpecFor(&zoneProblems, "", spec, args.Cloud)
		for _, p := range validation.Problems(zoneProblems.Err()) {
			if !reported[p.Error()] {
				l.MergeFunc(p, func(f string) string { return validation.Join(base+".spec", f) })
			}
		}
		pools = append(pools, Pool{
			Name:           args.NamePrefix + "-" + value,
			Zone:           z.Zone,
			ZoneLabelKey:   shared.ZoneLabelKey,
			ZoneLabelValue: value,
			Labels:         spec.Labels,
			Taints:         spec.Taints,
			Spec:           spec,
			Role:           args.Role,
		})
	}
	if err := l.Err(); err != nil {
		return nil, err
	}
	return pools, nil
}

var (
	instanceTypeName = regexp.MustCompile(`^ecs\.[a-z0-9-]+\.[a-z0-9-]+$`)
	labelNamePart    = regexp.MustCompile(`^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$`)
	dnsSubdomain     = regexp.MustCompile(`^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$`)
)

// validateLabelKey applies Kubernetes' rule for label keys: an optional DNS-subdomain prefix and
// a name of at most 63 characters. It returns the broken rule, or "".
func validateLabelKey(k string) string {
	prefix, name, hasPrefix := strings.Cut(k, "/")
	if !hasPrefix {
		name, prefix = prefix, ""
	}
	if !labelNamePart.MatchString(name) || (hasPrefix && !dnsSubdomain.MatchString(prefix)) {
		return "must be a Kubernetes label key: [prefix/]name, name 1 to 63 letters, digits, '-', '_' or '.'"
	}
	return ""
}

func validateLabelValue(v string) string {
	if v != "" && !labelNamePart.MatchString(v) {
		return "must be a Kubernetes label value: at most 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric"
	}
	return ""
}

// gkeMachineType is a Compute Engine machine type such as n2-standard-8 or e2-custom-4-8192.
var gkeMachineType = regexp.MustCompile(`^[a-z][a-z0-9]*-[a-z0-9-]+$`)

// validateSpecFor applies the rules of the cloud the pools are for.
func validateSpecFor(l *validation.List, path string, s PoolSpec, cloud string) {
	if cloud != CloudGCP {
		validateSpec(l, path, s)
		return
	}
	at := func(f string) string { return validation.Join(path, f) }
	if len(s.InstanceTypes) != 1 || !gkeMachineType.MatchString(s.InstanceTypes[0]) || strings.HasPrefix(s.InstanceTypes[0], "ecs.") {
		l.Invalid(at("instanceTypes"), s.InstanceTypes, "a GKE node pool takes one Compute Engine machine type, such as [n2-standard-8]")
	}
	if *s.MinSize < 0 || *s.MinSize > 1000 {
		l.Invalid(at("minSize"), *s.MinSize, "must be 0 to 1000")
	}
	if *s.MaxSize < 1 || *s.MaxSize > 1000 || *s.MaxSize < *s.MinSize {
		l.Invalid(at("maxSize"), *s.MaxSize, "must be 1 to 1000 and at least minSize %d", *s.MinSize)
	}
	validateLabelsAndTaints(l, at, s)
	if len(s.SystemDisk.Categories) != 1 || !slices.Contains(GkeDiskTypes, s.SystemDisk.Categories[0]) {
		l.Invalid(at("systemDisk.categories"), s.SystemDisk.Categories, "a GKE node has one boot disk type, one of %s", strings.Join(GkeDiskTypes, ", "))
	}
	if s.SystemDisk.SizeGiB < 10 || s.SystemDisk.SizeGiB > 65536 {
		l.Invalid(at("systemDisk.sizeGiB"), s.SystemDisk.SizeGiB, "must be 10 to 65536")
	}
	if s.SystemDisk.PerformanceLevel != "" {
		l.Invalid(at("systemDisk.performanceLevel"), s.SystemDisk.PerformanceLevel, "is an ESSD setting; GKE boot disks have none")
	}
	if len(s.DataDisks) > 0 {
		l.Invalid(at("dataDisks"), len(s.DataDisks), "GKE node pools take no extra disks here; give workloads volumes from a pd-ssd class instead")
	}
	if s.KeyName != "" {
		l.Invalid(at("keyName"), s.KeyName, "is an ECS key pair; GKE nodes take SSH keys through OS Login")
	}
	switch s.ImageType {
	case "COS_CONTAINERD", "UBUNTU_CONTAINERD":
	default:
		l.Invalid(at("imageType"), s.ImageType, "must be a GKE node image: COS_CONTAINERD or UBUNTU_CONTAINERD")
	}
}

// validateLabelsAndTaints applies Kubernetes' rules to the spec's labels and taints, the same on
// every cloud.
func validateLabelsAndTaints(l *validation.List, at func(string) string, s PoolSpec) {
	for _, k := range slices.Sorted(maps.Keys(s.Labels)) {
		if err := validateLabelKey(k); err != "" {
			l.Invalid(at("labels"), k, "%s", err)
		}
		if err := validateLabelValue(s.Labels[k]); err != "" {
			l.Invalid(at("labels."+k), s.Labels[k], "%s", err)
		}
	}
	for i, t := range s.Taints {
		f := at(fmt.Sprintf("taints[%d]", i))
		if err := validateLabelKey(t.Key); err != "" {
			l.Invalid(f+".key", t.Key, "%s", err)
		}
		if err := validateLabelValue(t.Value); err != "" {
			l.Invalid(f+".value", t.Value, "%s", err)
		}
		switch t.Effect {
		case "NoSchedule", "PreferNoSchedule", "NoExecute":
		default:
			l.Invalid(f+".effect", t.Effect, "must be NoSchedule, PreferNoSchedule or NoExecute")
		}
	}
}

func validateSpec(l *validation.List, path string, s PoolSpec) {
	at := func(f string) string { return validation.Join(path, f) }
	if len(s.InstanceTypes) == 0 {
		l.Required(at("instanceTypes"), "is required: at least one ECS instance type")
	}
	seen := map[string]bool{}
	for i, t := range s.InstanceTypes {
		if !instanceTypeName.MatchString(t) {
			l.Invalid(at(fmt.Sprintf("instanceTypes[%d]", i)), t, "must be an ECS instance type such as ecs.g7.2xlarge")
		}
		if seen[t] {
			l.Invalid(at(fmt.Sprintf("instanceTypes[%d]", i)), t, "appears twice")
		}
		seen[t] = true
	}
	if *s.MinSize < 0 || *s.MinSize > 1000 {
		l.Invalid(at("minSize"), *s.MinSize, "must be 0 to 1000")
	}
	if *s.MaxSize < 1 || *s.MaxSize > 1000 {
		l.Invalid(at("maxSize"), *s.MaxSize, "must be 1 to 1000")
	} else if *s.MaxSize <= *s.MinSize {
		l.Invalid(at("maxSize"), *s.MaxSize, "must be more than minSize %d (ACK's rule for autoscaled pools)", *s.MinSize)
	}
	validateLabelsAndTaints(l, at, s)
	validateDisk(l, at("systemDisk"), s.SystemDisk.Categories, s.SystemDisk.SizeGiB, s.SystemDisk.PerformanceLevel,
		s.SystemDisk.Encrypted, s.SystemDisk.KMSKeyID, systemDiskRange)
	for i, d := range s.DataDisks {
		cat := d.Category
		if cat == "" {
			cat = "cloud_essd"
		}
		validateDisk(l, at(fmt.Sprintf("dataDisks[%d]", i)), []string{cat}, d.SizeGiB, d.PerformanceLevel, d.Encrypted, d.KMSKeyID, dataDiskRange)
	}
	switch s.ImageType {
	case "AliyunLinux3", "AliyunLinux3Arm64", "AliyunLinux3ContainerOptimized", "AliyunLinux4",
		"AliyunLinux4Arm64", "AliyunLinux4ContainerOptimized", "ContainerOS", "Ubuntu":
	default:
		l.Invalid(at("imageType"), s.ImageType, "must be a Linux node image ACK offers: AliyunLinux3, AliyunLinux3Arm64, AliyunLinux3ContainerOptimized, AliyunLinux4, AliyunLinux4Arm64, AliyunLinux4ContainerOptimized, ContainerOS or Ubuntu")
	}
}

// sizeRange gives the allowed size of a disk of a category at a performance level.
type sizeRange func(category, pl string) (lo, hi int)

// systemDiskRange is the provider's documented system disk range (NodePool.systemDiskSize).
func systemDiskRange(category, pl string) (int, int) {
	if category == "cloud_essd" {
		switch pl {
		case "PL0":
			return 1, 2048
		case "PL2":
			return 461, 2048
		case "PL3":
			return 1261, 2048
		}
		return 20, 2048 // PL1, ACK's default level
	}
	if category == "cloud_auto" {
		return 1, 2048
	}
	return 20, 2048
}

// dataDiskRange is the provider's documented data disk range (NodePoolDataDisk.size), narrowed for
// ESSD performance levels as ECS documents them.
func dataDiskRange(category, pl string) (int, int) {
	lo, hi := 40, 32768
	if category == "cloud_essd" {
		switch pl {
		case "PL2":
			lo = 461
		case "PL3":
			lo = 1261
		}
	}
	return lo, hi
}

func validateDisk(l *validation.List, path string, categories []string, size int, pl string, encrypted bool, kms string, sizes sizeRange) {
	field := "categories"
	if len(categories) == 1 && strings.Contains(path, "dataDisks") {
		field = "category"
	}
	if len(categories) == 0 {
		l.Required(validation.Join(path, field), "is required: at least one disk category")
		return
	}
	for i, c := range categories {
		f := validation.Join(path, field)
		if field == "categories" {
			f = fmt.Sprintf("%s[%d]", f, i)
		}
		if !slices.Contains(DiskCategories, c) {
			l.Invalid(f, c, "is not a disk category; use one of %s", strings.Join(DiskCategories, ", "))
		}
	}
	if pl != "" {
		if !slices.Contains([]string{"PL0", "PL1", "PL2", "PL3"}, pl) {
			l.Invalid(validation.Join(path, "performanceLevel"), pl, "must be PL0, PL1, PL2 or PL3")
		} else if categories[0] != "cloud_essd" {
			l.Invalid(validation.Join(path, "performanceLevel"), pl, "applies to cloud_essd only; the first category is %s", categories[0])
		}
	}
	lo, hi := sizes(categories[0], pl)
	if size < lo || size > hi {
		l.Invalid(validation.Join(path, "sizeGiB"), size, "must be %d to %d GiB for %s%s", lo, hi, categories[0], plSuffix(pl))
	}
	if kms != "" && !encrypted {
		l.Invalid(validation.Join(path, "kmsKeyId"), kms, "is set but encrypted is false; set encrypted: true")
	}
}

func plSuffix(pl string) string {
	if pl == "" {
		return ""
	}
	return " " + pl
}

// keyNameHelp says how to give an ACK pool its login.
const keyNameHelp = "is required: an ACK node pool needs a login, and zonestack's pools are managed pools (auto-repair), which take only an ECS key pair, not a password (the provider's cs_kubernetes_node_pool docs). Create one in the stack's region, e.g. `aliyun ecs CreateKeyPair --RegionId <region> --KeyPairName <name>` (or import your public key with ImportKeyPair, or in the ECS console under Key Pairs), then name it here"

// CheckLogin reports every ACK pool that has no way to log in to its nodes. The provider lets
// key_name, password and kms_encrypted_password conflict and checks none is set; ACK refuses a pool
// with none, and a managed pool with anything but a key pair. It is separate from PlanPools because
// only pools that ACK creates need it (a local cluster's are planned from the same spec).
func CheckLogin(pools []Pool) error {
	var l validation.List
	var missing []int
	for i, p := range pools {
		if p.Spec.KeyName == "" {
			missing = append(missing, i)
		}
	}
	if len(missing) == len(pools) && len(pools) > 0 {
		l.Required("spec.keyName", keyNameHelp)
		return l.Err()
	}
	for _, i := range missing {
		l.Required(fmt.Sprintf("zones[%d].spec.keyName", i), keyNameHelp)
	}
	return l.Err()
}
