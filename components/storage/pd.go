package storage

import (
	"fmt"
	"slices"

	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	storagev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/storage/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/validation"
)

const pdStorageClassType = "zonestack:storage:PdStorageClass"

// PDProvisioner is GKE's Compute Engine persistent disk CSI driver.
const PDProvisioner = "pd.csi.storage.gke.io"

// PDTypes are the persistent disk types a class may ask for.
var PDTypes = []string{"pd-ssd", "pd-balanced", "pd-standard", "pd-extreme", "hyperdisk-balanced"}

// PdStorageClassArgs are the inputs of a PdStorageClass, GKE's counterpart of seed 000's
// sts-sc. Zero values mean "use the default".
type PdStorageClassArgs struct {
	// Name of the class. Optional, default "sts-sc", so that a service declares its volumes the
	// same way on ACK and on GKE.
	Name string `pulumi:"name"`
	// Type is the disk type. Optional, default pd-ssd.
	Type string `pulumi:"type"`
	// KMSKey encrypts the disks with a Cloud KMS key (projects/…/cryptoKeys/…). Optional: Google's
	// default encryption.
	KMSKey string `pulumi:"kmsKey"`
}

// PdClassSpec is a disk class of a gcp stack: an entry of zonestack:storage's diskClasses (a
// DiskClassSpec) as a persistent-disk class reads it. Its first and only category is the disk
// type (PDTypes; default pd-ssd) and its kmsKeyId the Cloud KMS key; the ESSD settings
// (performanceLevel, fsType, zones) do not apply to it.
type PdClassSpec DiskClassSpec

// Validate reports every problem with the spec as a PdStorageClass reads it, with field paths in
// the spec's keys (for example "categories[0]").
func (s PdClassSpec) Validate() error {
	var l validation.List
	if len(s.Categories) > 1 {
		l.Invalid("categories", s.Categories, "a persistent-disk class has one type, one of %v", PDTypes)
	} else if len(s.Categories) == 1 && !slices.Contains(PDTypes, s.Categories[0]) {
		l.Invalid("categories[0]", s.Categories[0], "must be a persistent disk type, one of %v", PDTypes)
	}
	if s.PerformanceLevel != "" || s.FsType != "" || len(s.Zones) > 0 {
		l.Invalid("performanceLevel", s.PerformanceLevel, "performanceLevel, fsType and zones are ESSD settings; a pd class takes categories and kmsKeyId")
	}
	return l.Err()
}

// Args are the PdStorageClassArgs of the spec: its name, its category as the disk type and its
// kmsKeyId as the KMS key.
func (s PdClassSpec) Args() PdStorageClassArgs {
	a := PdStorageClassArgs{Name: s.Name, KMSKey: s.KMSKeyID}
	if len(s.Categories) > 0 {
		a.Type = s.Categories[0]
	}
	return a
}

// PdStorageClass is a zonal persistent-disk class: bound where the pod is scheduled, kept when
// its claim goes, expandable.
type PdStorageClass struct {
	pulumi.ResourceState

	Name pulumi.StringOutput `pulumi:"name"`
}

// NewPdStorageClass validates args and registers the class.
func NewPdStorageClass(ctx *pulumi.Context, name string, args *PdStorageClassArgs, opts ...pulumi.ResourceOption) (*PdStorageClass, error) {
	if args == nil {
		args = &PdStorageClassArgs{}
	}
	a := *args
	if a.Name == "" {
		a.Name = DefaultDiskClassName
	}
	if a.Type == "" {
		a.Type = "pd-ssd"
	}
	var l validation.List
	if !slices.Contains(PDTypes, a.Type) {
		l.Invalid("type", a.Type, "must be one of %v", PDTypes)
	}
	if err := l.Err(); err != nil {
		return nil, fmt.Errorf("pd storage class %q: %w", name, err)
	}
	c := &PdStorageClass{}
	if err := ctx.RegisterComponentResource(pdStorageClassType, name, c, opts...); err != nil {
		return nil, err
	}
	params := pulumi.StringMap{"type": pulumi.String(a.Type)}
	if a.KMSKey != "" {
		params["disk-encryption-kms-key"] = pulumi.String(a.KMSKey)
	}
	sc, err := storagev1.NewStorageClass(ctx, name+"-class", &storagev1.StorageClassArgs{
		Metadata:             &metav1.ObjectMetaArgs{Name: pulumi.String(a.Name), Labels: pulumi.StringMap{"app.kubernetes.io/managed-by": pulumi.String("zonestack")}},
		Provisioner:          pulumi.String(PDProvisioner),
		Parameters:           params,
		VolumeBindingMode:    pulumi.String(VolumeBindingWaitForFirstConsumer),
		ReclaimPolicy:        pulumi.String(ReclaimRetain),
		AllowVolumeExpansion: pulumi.Bool(true),
	}, pulumi.Parent(c))
	if err != nil {
		return nil, err
	}
	c.Name = sc.Metadata.Name().Elem()
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{"name": c.Name}); err != nil {
		return nil, err
	}
	return c, nil
}
