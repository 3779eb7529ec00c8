package storage

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	storagev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/storage/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/validation"
)

const diskStorageClassType = "zonestack:storage:DiskStorageClass"

// Facts of Alibaba Cloud's disk CSI driver.
const (
	DiskProvisioner = "diskplugin.csi.alibabacloud.com"
	// DiskZoneTopologyKey is the node topology key the disk driver reports and honours.
	DiskZoneTopologyKey = "topology.diskplugin.csi.alibabacloud.com/zone"
	// VolumeBindingWaitForFirstConsumer delays a disk's creation until a pod that uses it is
	// scheduled, so the disk lands in that pod's zone.
	VolumeBindingWaitForFirstConsumer = "WaitForFirstConsumer"
	// ReclaimRetain keeps a volume and its disk when the claim is deleted.
	ReclaimRetain = "Retain"
)

// DefaultDiskClassName is seed 000's class name.
const DefaultDiskClassName = "sts-sc"

// DefaultDiskCategories is seed 000's fallback order: ESSD first, then SSD, then ultra disk.
var DefaultDiskCategories = []string{"cloud_essd", "cloud_ssd", "cloud_efficiency"}

// DiskCategories are the categories the disk CSI driver provisions.
var DiskCategories = []string{
	"cloud_essd", "cloud_ssd", "cloud_efficiency", "cloud_auto", "cloud_essd_entry",
	"elastic_ephemeral_disk_standard", "elastic_ephemeral_disk_premium",
}

// FsTypes are the file systems the disk driver formats.
var FsTypes = []string{"ext4", "ext3", "xfs"}

// DiskClassSpec is one disk StorageClass as a stack file writes it (an entry of
// zonestack:storage's diskClasses), with the same keys on every cloud: on an alicloud stack it is
// a DiskStorageClass (DiskStorageClassArgs embeds it, and its rules are Validate), on a gcp stack
// a PdStorageClass (read as a PdClassSpec, whose rules and args those are). Zero values mean "use
// the default".
type DiskClassSpec struct {
	// Name is the StorageClass's name. Optional, default "sts-sc".
	Name string `json:"name,omitempty" pulumi:"name"`
	// Categories are the disk categories, tried in order. Optional, default cloud_essd, cloud_ssd,
	// cloud_efficiency. Each one of DiskCategories.
	Categories []string `json:"categories,omitempty" pulumi:"categories"`
	// PerformanceLevel of ESSD disks: PL0 to PL3. Optional; needs cloud_essd among Categories.
	PerformanceLevel string `json:"performanceLevel,omitempty" pulumi:"performanceLevel"`
	// Encrypted encrypts every disk, with KMSKeyID or the account's default service key.
	Encrypted bool   `json:"encrypted,omitempty" pulumi:"encrypted"`
	KMSKeyID  string `json:"kmsKeyId,omitempty" pulumi:"kmsKeyId"`
	// FsType is the file system: ext4 (the driver's default), ext3 or xfs. Optional.
	FsType string `json:"fsType,omitempty" pulumi:"fsType"`
	// Zones restrict where disks are created. Optional: unset, any zone a pod lands in.
	Zones []string `json:"zones,omitempty" pulumi:"zones"`
}

// DiskStorageClassArgs are the inputs of a DiskStorageClass: its spec, which is all of them.
// Zero values mean "use the default".
type DiskStorageClassArgs struct {
	DiskClassSpec
}

// DiskStorageClass is a StorageClass for zonal cloud disks.
type DiskStorageClass struct {
	pulumi.ResourceState

	// Name is the StorageClass's name, for claims' storageClassName.
	Name pulumi.StringOutput `pulumi:"name"`

	// ClassName is Name, known before creation.
	ClassName string
	// StorageClass is the Kubernetes resource, as an escape hatch.
	StorageClass *storagev1.StorageClass
}

func (a DiskStorageClassArgs) withDefaults() DiskStorageClassArgs {
	return DiskStorageClassArgs{DiskClassSpec: a.DiskClassSpec.withDefaults()}
}

func (s DiskClassSpec) withDefaults() DiskClassSpec {
	out := s
	if out.Name == "" {
		out.Name = DefaultDiskClassName
	}
	if len(out.Categories) == 0 {
		out.Categories = slices.Clone(DefaultDiskCategories)
	}
	return out
}

var (
	resourceName = regexp.MustCompile(`^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$`)
	zoneName     = regexp.MustCompile(`^[a-z]{2,}(-[a-z0-9]+)+$`)
)

// Validate reports every problem with the args, defaults applied: the spec's.
func (a DiskStorageClassArgs) Validate() error {
	return a.DiskClassSpec.Validate()
}

// Validate reports every problem with the spec as a DiskStorageClass reads it, defaults applied,
// with field paths in the spec's keys (for example "categories[1]").
func (s DiskClassSpec) Validate() error {
	return s.withDefaults().validate()
}

func (a DiskStorageClassArgs) validate() error { return a.DiskClassSpec.validate() }

func (s DiskClassSpec) validate() error {
	var l validation.List
	if !resourceName.MatchString(s.Name) {
		l.Invalid("name", s.Name, "must be a lower-case DNS subdomain name such as sts-sc")
	}
	seen := map[string]bool{}
	for i, c := range s.Categories {
		f := fmt.Sprintf("categories[%d]", i)
		if !slices.Contains(DiskCategories, c) {
			l.Invalid(f, c, "is not a disk category the disk CSI driver knows; use one of %s", strings.Join(DiskCategories, ", "))
		}
		if seen[c] {
			l.Invalid(f, c, "appears twice")
		}
		seen[c] = true
	}
	if s.PerformanceLevel != "" {
		switch {
		case !slices.Contains([]string{"PL0", "PL1", "PL2", "PL3"}, s.PerformanceLevel):
			l.Invalid("performanceLevel", s.PerformanceLevel, "must be PL0, PL1, PL2 or PL3")
		case !seen["cloud_essd"]:
			l.Invalid("performanceLevel", s.PerformanceLevel, "applies to cloud_essd disks; add cloud_essd to categories")
		}
	}
	if s.KMSKeyID != "" && !s.Encrypted {
		l.Invalid("kmsKeyId", s.KMSKeyID, "is set but encrypted is false; set encrypted: true")
	}
	if s.FsType != "" && !slices.Contains(FsTypes, s.FsType) {
		l.Invalid("fsType", s.FsType, "must be one of %s", strings.Join(FsTypes, ", "))
	}
	zones := map[string]int{}
	for i, z := range s.Zones {
		f := fmt.Sprintf("zones[%d]", i)
		if !zoneName.MatchString(z) {
			l.Invalid(f, z, "must be a zone ID such as cn-beijing-h")
		}
		if j, dup := zones[z]; dup {
			l.Invalid(f, z, "duplicates zones[%d]", j)
		}
		zones[z] = i
	}
	return l.Err()
}

// Parameters are the StorageClass parameters the args give, as the disk driver reads them.
func (a DiskStorageClassArgs) Parameters() map[string]string {
	a = a.withDefaults()
	p := map[string]string{"type": strings.Join(a.Categories, ",")}
	if a.PerformanceLevel != "" {
		p["performanceLevel"] = a.PerformanceLevel
	}
	if a.Encrypted {
		p["encrypted"] = "true"
		if a.KMSKeyID != "" {
			p["kmsKeyId"] = a.KMSKeyID
		}
	}
	if a.FsType != "" {
		p["csi.storage.k8s.io/fstype"] = a.FsType
	}
	return p
}

// NewDiskStorageClass validates args and registers the StorageClass. On invalid args it returns
// every problem and registers nothing.
func NewDiskStorageClass(ctx *pulumi.Context, name string, args *DiskStorageClassArgs, opts ...pulumi.ResourceOption) (*DiskStorageClass, error) {
	if args == nil {
		args = &DiskStorageClassArgs{}
	}
	a := args.withDefaults()
	if err := a.validate(); err != nil {
		return nil, fmt.Errorf("disk storage class %q: %w", name, err)
	}
	c := &DiskStorageClass{ClassName: a.Name}
	if err := ctx.RegisterComponentResource(diskStorageClassType, name, c, opts...); err != nil {
		return nil, err
	}
	sc := &storagev1.StorageClassArgs{
		Metadata: &metav1.ObjectMetaArgs{
			Name: pulumi.String(a.Name),
			Labels: pulumi.StringMap{
				"app.kubernetes.io/managed-by": pulumi.String("zonestack"),
				"zonestack.io/volume-kind":     pulumi.String("zonal-disk"),
			},
		},
		Provisioner:          pulumi.String(DiskProvisioner),
		Parameters:           pulumi.ToStringMap(a.Parameters()),
		VolumeBindingMode:    pulumi.String(VolumeBindingWaitForFirstConsumer),
		ReclaimPolicy:        pulumi.String(ReclaimRetain),
		AllowVolumeExpansion: pulumi.Bool(true),
	}
	if len(a.Zones) > 0 {
		sc.AllowedTopologies = corev1.TopologySelectorTermArray{corev1.TopologySelectorTermArgs{
			MatchLabelExpressions: corev1.TopologySelectorLabelRequirementArray{corev1.TopologySelectorLabelRequirementArgs{
				Key:    pulumi.String(DiskZoneTopologyKey),
				Values: pulumi.ToStringArray(a.Zones),
			}},
		}}
	}
	var err error
	// A StorageClass's parameters cannot change in place; the provider replaces it, which is
	// safe: bound volumes keep their own copy of what they were provisioned with.
	c.StorageClass, err = storagev1.NewStorageClass(ctx, name+"-class", sc, pulumi.Parent(c))
	if err != nil {
		return nil, err
	}
	c.Name = c.StorageClass.Metadata.Name().Elem()
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{"name": c.Name}); err != nil {
		return nil, err
	}
	return c, nil
}
