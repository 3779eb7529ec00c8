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

// ZonalPoolsArgs are the inputs of ZonalPools: what the pools are (AckPools, the part a stack
// file writes under nodePools) and where they go.
type ZonalPoolsArgs struct {
	AckPools
	// ClusterID is the ACK cluster the pools join. Required.
	ClusterID pulumi.StringInput `pulumi:"clusterId"`
	// VSwitches are the zones, one pool each, in order, with each zone's node vSwitch. Required.
	VSwitches []PoolZone `pulumi:"vswitches"`
	// SecurityGroupIDs are the nodes' security groups. Optional: unset, the cluster's.
	SecurityGroupIDs []pulumi.StringInput `pulumi:"securityGroupIds"`
	// Tags go on the nodes' ECS instances. Optional.
	Tags map[string]string `pulumi:"tags"`
	// Role is RoleStateful (the default) or RoleSystem: it decides the spec's defaults. A system
	// pool is untainted and labelled zonestack.io/pool=system; placeholders refuse it.
	Role string `pulumi:"role"`
}

// AckPools are a set of ACK pools, one per zone, as a stack file writes them: a shared spec, and
// per zone an override of it.
type AckPools struct {
	// Name starts each pool's name, "<name>-<zone label value>". Optional, default: the component
	// name.
	Name string `json:"name,omitempty" pulumi:"name"`
	// AckPoolSpec is shared by every pool; a zone's override changes it field by field.
	AckPoolSpec
	// Zones override the shared spec in one zone, keyed by zone ID. Optional.
	Zones map[string]AckZoneSpec `json:"zones,omitempty" pulumi:"zones"`
}

// AckZoneSpec overrides the shared spec in one zone.
type AckZoneSpec struct {
	// ZoneLabelValue is the zone label's value on this pool's nodes. Optional, default: the
	// zone's letter (h for cn-beijing-h), as in seed 000.
	ZoneLabelValue string `json:"zoneLabelValue,omitempty" pulumi:"zoneLabelValue"`
	AckPoolSpec
}

// AckPoolSpec is what an ACK pool is made of. In the shared spec a zero field takes the default;
// in a zone's override a zero field takes the shared value.
type AckPoolSpec struct {
	PoolShape
	// InstanceTypes are tried in order. Default DefaultInstanceTypes.
	InstanceTypes []string `json:"instanceTypes,omitempty" pulumi:"instanceTypes"`
	// SystemDisk is each node's system disk. Default 120 GiB cloud_essd, falling back to
	// cloud_ssd then cloud_efficiency.
	SystemDisk SystemDisk `json:"systemDisk,omitempty" pulumi:"systemDisk"`
	// DataDisks are extra disks on each node. Optional.
	DataDisks []DataDisk `json:"dataDisks,omitempty" pulumi:"dataDisks"`
	// ImageType is the node OS. Default AliyunLinux3.
	ImageType string `json:"imageType,omitempty" pulumi:"imageType"`
	// KeyName is the ECS key pair for logging in to nodes, in the cluster's region. Required (a
	// managed pool takes a key pair and nothing else; see CheckLogin).
	KeyName string `json:"keyName,omitempty" pulumi:"keyName"`
	// AutoRepair lets ACK repair broken nodes in the maintenance window. Default true.
	AutoRepair *bool `json:"autoRepair,omitempty" pulumi:"autoRepair"`
	// Spot makes the nodes spot (preemptible) instances. Optional, default on-demand. Spot pools are
	// labelled and tainted zonestack.io/capacity=spot.
	Spot *AckSpot `json:"spot,omitempty" pulumi:"spot"`
}

// Spot strategies of an ACK pool (the provider's spot_strategy, cs_kubernetes_node_pool v1.285.0).
// NoSpot is on-demand: in a zone's override it keeps that zone's pool on-demand under a spot
// shared spec.
const (
	SpotAsPriceGo      = "SpotAsPriceGo"
	SpotWithPriceLimit = "SpotWithPriceLimit"
	NoSpot             = "NoSpot"
)

// AckSpot is an ACK pool's spot capacity: the pool's scaling group buys spot instances at the
// market price, or up to a price per instance type, and buys pay-as-you-go instances when no spot
// instance can be had. All of it can be changed on a running pool (none of the provider's fields
// is ForceNew).
type AckSpot struct {
	// Strategy is SpotAsPriceGo (the default: pay the market price), SpotWithPriceLimit (pay at
	// most PriceLimits) or NoSpot (on-demand after all: a zone's way out of a shared spot spec).
	Strategy string `json:"strategy,omitempty" pulumi:"strategy"`
	// PriceLimits are the highest hourly prices, per instance type, a SpotWithPriceLimit pool
	// pays, as decimals ("0.70"). Required with SpotWithPriceLimit, one per instance type.
	PriceLimits map[string]string `json:"priceLimits,omitempty" pulumi:"priceLimits"`
	// OnDemandBaseCapacity is how many of the pool's nodes are always pay-as-you-go. Default 0.
	OnDemandBaseCapacity *int `json:"onDemandBaseCapacity,omitempty" pulumi:"onDemandBaseCapacity"`
	// OnDemandPercentageAboveBaseCapacity is the share of pay-as-you-go nodes above the base.
	// Default 0: all spot.
	OnDemandPercentageAboveBaseCapacity *int `json:"onDemandPercentageAboveBaseCapacity,omitempty" pulumi:"onDemandPercentageAboveBaseCapacity"`
	// FallbackToOnDemand buys pay-as-you-go instances when spot ones cannot be had (price, stock),
	// so a scale-up still gets its node. Default true.
	FallbackToOnDemand *bool `json:"fallbackToOnDemand,omitempty" pulumi:"fallbackToOnDemand"`
}

// Clouds the pools can be planned for.
const (
	CloudAlicloud = "alicloud"
	CloudGCP      = "gcp"
)

// SystemDisk is a node's system disk.
type SystemDisk struct {
	// Categories are tried in order; the first is the preferred one.
	Categories []string `json:"categories,omitempty" pulumi:"categories"`
	// SizeGiB is the size. Default 120.
	SizeGiB int `json:"sizeGiB,omitempty" pulumi:"sizeGiB"`
	// PerformanceLevel is PL0 to PL3, for cloud_essd only. Optional.
	PerformanceLevel string `json:"performanceLevel,omitempty" pulumi:"performanceLevel"`
	// Encrypted encrypts the disk, with KMSKeyID or the default service key.
	Encrypted bool   `json:"encrypted,omitempty" pulumi:"encrypted"`
	KMSKeyID  string `json:"kmsKeyId,omitempty" pulumi:"kmsKeyId"`
}

// DataDisk is one extra disk of each node.
type DataDisk struct {
	// Category is the disk category. Default cloud_essd.
	Category string `json:"category,omitempty" pulumi:"category"`
	// SizeGiB is 40 to 32768. Required.
	SizeGiB          int    `json:"sizeGiB" pulumi:"sizeGiB"`
	PerformanceLevel string `json:"performanceLevel,omitempty" pulumi:"performanceLevel"`
	Encrypted        bool   `json:"encrypted,omitempty" pulumi:"encrypted"`
	KMSKeyID         string `json:"kmsKeyId,omitempty" pulumi:"kmsKeyId"`
}

func (s AckPoolSpec) shape() PoolShape { return s.PoolShape }

func (s AckPoolSpec) withShape(p PoolShape) AckPoolSpec { s.PoolShape = p; return s }

func (s AckPoolSpec) machineTypes() []string { return slices.Clone(s.InstanceTypes) }

func (s AckPoolSpec) isSpot() bool { return s.Spot != nil && s.Spot.Strategy != NoSpot }

// ackDefaults are an ACK pool's defaults for a role.
func ackDefaults(role string) AckPoolSpec {
	if role == RoleSystem {
		return AckPoolSpec{
			PoolShape:     systemShape(),
			InstanceTypes: DefaultSystemPoolInstanceTypes,
			SystemDisk:    SystemDisk{Categories: DefaultSystemDiskCategories, SizeGiB: DefaultSystemPoolDiskGiB},
			ImageType:     DefaultImageType,
			AutoRepair:    pulumi.BoolRef(true),
		}
	}
	return AckPoolSpec{
		PoolShape:     statefulShape(),
		InstanceTypes: DefaultInstanceTypes,
		SystemDisk:    SystemDisk{Categories: DefaultSystemDiskCategories, SizeGiB: DefaultSystemDiskGiB},
		ImageType:     DefaultImageType,
		AutoRepair:    pulumi.BoolRef(true),
	}
}

// mergeOnto returns base with every non-zero field of s laid over it; labels are added.
func (s AckPoolSpec) mergeOnto(base AckPoolSpec) AckPoolSpec {
	out := base
	out.PoolShape = s.PoolShape.mergeOnto(base.PoolShape)
	out.InstanceTypes = slices.Clone(base.InstanceTypes)
	out.DataDisks = slices.Clone(base.DataDisks)
	if len(s.InstanceTypes) > 0 {
		out.InstanceTypes = slices.Clone(s.InstanceTypes)
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
	if s.Spot != nil {
		out.Spot = s.Spot
	}
	return out
}

// PlanPools returns the pools args would create, defaults and overrides applied, or every problem
// with the args, with paths as the settings are written ("maxSize", "zones.cn-beijing-h.maxSize",
// "vswitches[1].zone"), so that a stack file's are its own under nodePools.
func PlanPools(args ZonalPoolsArgs, name string) ([]Pool, error) {
	var l validation.List
	if args.ClusterID == nil {
		l.Required("clusterId", "")
	}
	pools := planAck(&l, args, name)
	if err := l.Err(); err != nil {
		return nil, err
	}
	return pools, nil
}

// Plan returns the pools p makes in zones, one each, in order, for role ("" is RoleStateful),
// named after name when p has none: PlanPools without the IDs, which exist only once the cluster
// and the vSwitches do. Problems have paths as p is written ("zones.cn-beijing-h.maxSize").
func (p AckPools) Plan(name string, zones []string, role string) ([]Pool, error) {
	var l validation.List
	args := ZonalPoolsArgs{AckPools: p, Role: role}
	for _, z := range zones {
		args.VSwitches = append(args.VSwitches, PoolZone{Zone: z, VSwitchID: pulumi.String("")})
	}
	pools := planAck(&l, args, name)
	if err := l.Err(); err != nil {
		return nil, err
	}
	return pools, nil
}

func planAck(l *validation.List, args ZonalPoolsArgs, name string) []Pool {
	prefix := args.Name
	if prefix == "" {
		prefix = name
	}
	role := args.Role
	if role == "" {
		role = RoleStateful
	}
	overrides := map[string]zoneSpec[AckPoolSpec]{}
	for z, o := range args.Zones {
		overrides[z] = zoneSpec[AckPoolSpec]{value: o.ZoneLabelValue, spec: o.AckPoolSpec}
	}
	var pools []Pool
	for _, p := range plan(l, prefix, role, ackDefaults(role), args.AckPoolSpec, args.VSwitches, overrides, true) {
		p.pool.Ack = &p.spec
		pools = append(pools, p.pool)
	}
	return pools
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

// validate applies ACK's rules to a planned spec.
func (s AckPoolSpec) validate(l *validation.List, at func(string) string) {
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
	s.validateSizes(l, at, true)
	s.validateLabelsAndTaints(l, at)
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
	if s.Spot != nil {
		s.Spot.validate(l, func(f string) string { return at(validation.Join("spot", f)) }, s.InstanceTypes)
	}
}

// spotPrice is how ECS writes a price: a decimal with at most three places.
var spotPrice = regexp.MustCompile(`^[0-9]+(\.[0-9]{1,3})?$`)

// validate applies the provider's rules to a spot setting (cs_kubernetes_node_pool v1.285.0:
// spot_strategy, spot_price_limit, on_demand_base_capacity 0 to 1000 and
// on_demand_percentage_above_base_capacity 0 to 100, as its docs give them).
func (s AckSpot) validate(l *validation.List, at func(string) string, instanceTypes []string) {
	switch s.Strategy {
	case NoSpot:
		if len(s.PriceLimits) > 0 || s.OnDemandBaseCapacity != nil || s.OnDemandPercentageAboveBaseCapacity != nil || s.FallbackToOnDemand != nil {
			l.Invalid(at("strategy"), s.Strategy, "is on-demand: it takes no price limits, on-demand shares or fallback")
		}
		return
	case "", SpotAsPriceGo:
		if len(s.PriceLimits) > 0 {
			l.Invalid(at("priceLimits"), len(s.PriceLimits), "apply with strategy %s only; %s pays the market price", SpotWithPriceLimit, SpotAsPriceGo)
		}
	case SpotWithPriceLimit:
		for _, t := range instanceTypes {
			if _, ok := s.PriceLimits[t]; !ok {
				l.Required(at("priceLimits."+t), "is required: a "+SpotWithPriceLimit+" pool names a price limit for each of its instance types")
			}
		}
	default:
		l.Invalid(at("strategy"), s.Strategy, "must be %s, %s or %s", SpotAsPriceGo, SpotWithPriceLimit, NoSpot)
	}
	for _, t := range slices.Sorted(maps.Keys(s.PriceLimits)) {
		if !slices.Contains(instanceTypes, t) {
			l.Invalid(at("priceLimits."+t), t, "is not one of the pool's instance types %v", instanceTypes)
		}
		if p := s.PriceLimits[t]; !spotPrice.MatchString(p) || strings.Trim(p, "0.") == "" {
			l.Invalid(at("priceLimits."+t), p, "must be a positive price per hour with at most three decimals, such as \"0.70\"")
		}
	}
	if b := s.OnDemandBaseCapacity; b != nil && (*b < 0 || *b > 1000) {
		l.Invalid(at("onDemandBaseCapacity"), *b, "must be 0 to 1000")
	}
	if p := s.OnDemandPercentageAboveBaseCapacity; p != nil && (*p < 0 || *p > 100) {
		l.Invalid(at("onDemandPercentageAboveBaseCapacity"), *p, "must be 0 to 100")
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
	var missing []string
	for _, p := range pools {
		if p.Ack != nil && p.Ack.KeyName == "" {
			missing = append(missing, p.Zone)
		}
	}
	if len(missing) == len(pools) && len(pools) > 0 {
		l.Required("keyName", keyNameHelp)
		return l.Err()
	}
	for _, z := range missing {
		l.Required("zones."+z+".keyName", keyNameHelp)
	}
	return l.Err()
}
