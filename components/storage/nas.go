package storage

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/nas"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	storagev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/storage/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/validation"
)

const nasStorageType = "zonestack:storage:NasStorage"

// Facts of Alibaba Cloud's NAS CSI driver.
const (
	NasProvisioner = "nasplugin.csi.alibabacloud.com"
	// DefaultNasClassName is the StorageClass's default name.
	DefaultNasClassName = "shared-nas"
	// DefaultNasStorageType is the general-purpose Performance tier.
	DefaultNasStorageType = "Performance"
)

// NasStorageTypes are the storage types of a general-purpose NAS file system.
var NasStorageTypes = []string{"Performance", "Capacity", "Premium"}

// NasMaxMountTargets is how many mount targets a general-purpose NAS file system takes (NAS
// limits: two per file system).
const NasMaxMountTargets = 2

// NasSpec is what a stack file says about a NasStorage (zonestack:storage's nas): the class and
// the file system's kind and encryption. Where it is mounted from is the stack's, in
// NasStorageArgs. Zero values mean "use the default".
type NasSpec struct {
	// ClassName is the StorageClass's name. Optional, default "shared-nas".
	ClassName string `json:"className,omitempty" pulumi:"className"`
	// StorageType is Performance (default), Capacity or Premium. ForceNew: a change of a value you
	// set replaces the file system (a new, empty one); a change of our default never reaches it.
	StorageType string `json:"storageType,omitempty" pulumi:"storageType"`
	// Encrypted encrypts the file system at rest. Optional, default true: with a KMSKeyID the
	// user's KMS key, else a NAS-managed key.
	Encrypted *bool  `json:"encrypted,omitempty" pulumi:"encrypted"`
	KMSKeyID  string `json:"kmsKeyId,omitempty" pulumi:"kmsKeyId"`
}

// NasStorageArgs are the inputs of NasStorage: the spec and where the file system is mounted
// from. Zero values mean "use the default".
type NasStorageArgs struct {
	NasSpec
	// VpcCidr is the range allowed to mount, read and write. Required.
	VpcCidr string `pulumi:"vpcCidr"`
	// MountTargets are the vSwitches a mount target goes in, one per zone, the file system's zone
	// first. Required; at most NasMaxMountTargets (a general-purpose file system takes no more).
	// Every mount target serves clients anywhere in the VPC, so a pod in a zone without one mounts
	// through another's.
	MountTargets []NasMountTargetArgs `pulumi:"mountTargets"`
	// Zone is the zone the file system is stored in. Optional, default: the first mount target's.
	// The zone is ForceNew: a later change of it is ignored, so that no change of ours or of the
	// zones' order replaces the file system and its data.
	Zone string `pulumi:"zone"`
	// NamePrefix starts the cloud names. Optional, default: the component name.
	NamePrefix string `pulumi:"namePrefix"`
	// Tags go on the file system. Optional.
	Tags map[string]string `pulumi:"tags"`
}

// NasMountTargetArgs place one mount target.
type NasMountTargetArgs struct {
	Zone      string             `pulumi:"zone"`
	VSwitchID pulumi.StringInput `pulumi:"vswitchId"`
}

// NasStorage is a NAS file system shared by every zone, with a mount target per zone and a
// ReadWriteMany StorageClass on it. A general-purpose NAS file system is stored in one zone
// (zone-redundant storage is for CPFS only): it survives the loss of a node, not of its zone.
type NasStorage struct {
	pulumi.ResourceState

	// FileSystemID is the NAS file system's ID.
	FileSystemID pulumi.IDOutput `pulumi:"fileSystemId"`
	// MountTargetDomains are the NFS servers, in the order of MountTargets.
	MountTargetDomains pulumi.StringArrayOutput `pulumi:"mountTargetDomains"`
	// Name is the StorageClass's name.
	Name pulumi.StringOutput `pulumi:"name"`

	// ClassName is Name, known before creation.
	ClassName string
	// Zone is the file system's zone and MountZones the zones of its mount targets, known before
	// creation.
	Zone       string
	MountZones []string
	// FileSystem and StorageClass are the resources, as escape hatches.
	FileSystem   *nas.FileSystem
	StorageClass *storagev1.StorageClass
}

func (a NasStorageArgs) withDefaults() NasStorageArgs {
	out := a
	out.NasSpec = a.NasSpec.withDefaults()
	if out.Zone == "" && len(out.MountTargets) > 0 {
		out.Zone = out.MountTargets[0].Zone
	}
	return out
}

func (s NasSpec) withDefaults() NasSpec {
	out := s
	if out.ClassName == "" {
		out.ClassName = DefaultNasClassName
	}
	if out.StorageType == "" {
		out.StorageType = DefaultNasStorageType
	}
	if out.Encrypted == nil {
		out.Encrypted = pulumi.BoolRef(true)
	}
	return out
}

// Validate reports every problem with the args, defaults applied: the spec's and the mounting's.
func (a NasStorageArgs) Validate() error { return a.withDefaults().validate() }

// Validate reports every problem with the spec, defaults applied, with field paths in the spec's
// keys (for example "storageType").
func (s NasSpec) Validate() error {
	var l validation.List
	s.withDefaults().validate(&l)
	return l.Err()
}

// validate records the problems of s, defaults applied, in l.
func (s NasSpec) validate(l *validation.List) {
	if !resourceName.MatchString(s.ClassName) {
		l.Invalid("className", s.ClassName, "must be a lower-case DNS subdomain name")
	}
	if !slices.Contains(NasStorageTypes, s.StorageType) {
		l.Invalid("storageType", s.StorageType, "must be one of %s", strings.Join(NasStorageTypes, ", "))
	}
	if s.KMSKeyID != "" && !*s.Encrypted {
		l.Invalid("kmsKeyId", s.KMSKeyID, "is set but encrypted is false; set encrypted: true")
	}
}

func (a NasStorageArgs) validate() error {
	var l validation.List
	l.CIDR("vpcCidr", a.VpcCidr, 8, 29)
	if len(a.MountTargets) == 0 {
		l.Required("mountTargets", "is required: one vSwitch per zone")
	}
	if len(a.MountTargets) > NasMaxMountTargets {
		l.Invalid("mountTargets", len(a.MountTargets), "a general-purpose NAS file system takes at most %d mount targets (Alibaba Cloud NAS limits); every mount target serves the whole VPC, so %d zones reach it", NasMaxMountTargets, NasMaxMountTargets)
	}
	for i, m := range a.MountTargets {
		if m.VSwitchID == nil {
			l.Required(fmt.Sprintf("mountTargets[%d].vswitchId", i), "")
		}
		if m.Zone == "" {
			l.Required(fmt.Sprintf("mountTargets[%d].zone", i), "is required: the vSwitch's zone")
		}
	}
	if len(a.MountTargets) > 0 && a.Zone != a.MountTargets[0].Zone {
		l.Invalid("zone", a.Zone, "must be the first mount target's zone (%s): the file system's own zone mounts it first", a.MountTargets[0].Zone)
	}
	a.NasSpec.validate(&l)
	return l.Err()
}

// keptAsCreated are the file system's inputs a later change of ours must not reach: each is
// ForceNew (resource_alicloud_nas_file_system.go), and a new file system is an empty one. They are
// the zone (it follows the zones' order), our constants (NFS, general purpose), and the storage type
// and encryption when args leave them to our defaults; a value the caller sets is the caller's, and
// a change of it shows in the preview as the replacement it is.
func keptAsCreated(args NasStorageArgs) []string {
	kept := []string{"zoneId", "protocolType", "fileSystemType"}
	if args.StorageType == "" {
		kept = append(kept, "storageType")
	}
	if args.Encrypted == nil {
		kept = append(kept, "encryptType")
	}
	return kept
}

// NewNasStorage validates args and registers the file system, its permission group and rule, a
// mount target per zone and the StorageClass. It expects the "alicloud" provider, and the
// cluster's "kubernetes" provider for the StorageClass (pulumi.ProviderMap or pulumi.Providers on
// the component). On invalid args it returns every problem and registers nothing.
func NewNasStorage(ctx *pulumi.Context, name string, args *NasStorageArgs, opts ...pulumi.ResourceOption) (*NasStorage, error) {
	if args == nil {
		return nil, fmt.Errorf("nas storage %q: args are required", name)
	}
	a := args.withDefaults()
	if err := a.validate(); err != nil {
		return nil, fmt.Errorf("nas storage %q: %w", name, err)
	}
	if a.NamePrefix == "" {
		a.NamePrefix = name
	}
	n := &NasStorage{ClassName: a.ClassName, Zone: a.Zone}
	for _, m := range a.MountTargets {
		n.MountZones = append(n.MountZones, m.Zone)
	}
	if err := ctx.RegisterComponentResource(nasStorageType, name, n, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(n)
	fsArgs := &nas.FileSystemArgs{
		ProtocolType:   pulumi.String("NFS"),
		StorageType:    pulumi.String(a.StorageType),
		FileSystemType: pulumi.String("standard"),
		EncryptType:    pulumi.Int(0),
		// NAS descriptions take letters, digits, ':', '_' and '-' only (CreateFileSystem).
		Description: pulumi.String(a.NamePrefix + "-shared-volumes"),
		ZoneId:      pulumi.String(a.Zone),
	}
	if *a.Encrypted {
		fsArgs.EncryptType = pulumi.Int(1)
		if a.KMSKeyID != "" {
			fsArgs.EncryptType = pulumi.Int(2)
			fsArgs.KmsKeyId = pulumi.String(a.KMSKeyID)
		}
	}
	if len(a.Tags) > 0 {
		fsArgs.Tags = pulumi.ToStringMap(a.Tags)
	}
	var err error
	n.FileSystem, err = nas.NewFileSystem(ctx, name+"-fs", fsArgs, parent, pulumi.IgnoreChanges(keptAsCreated(*args)))
	if err != nil {
		return nil, err
	}
	group, err := nas.NewAccessGroup(ctx, name+"-access", &nas.AccessGroupArgs{
		AccessGroupName: pulumi.String(a.NamePrefix + "-vpc"),
		AccessGroupType: pulumi.String("Vpc"),
		FileSystemType:  pulumi.String("standard"),
		Description:     pulumi.String(a.NamePrefix + "-vpc-access"),
	}, parent)
	if err != nil {
		return nil, err
	}
	rule, err := nas.NewAccessRule(ctx, name+"-access-vpc", &nas.AccessRuleArgs{
		AccessGroupName: group.AccessGroupName,
		SourceCidrIp:    pulumi.String(a.VpcCidr),
		RwAccessType:    pulumi.String("RDWR"),
		UserAccessType:  pulumi.String("no_squash"),
		Priority:        pulumi.Int(1),
		FileSystemType:  pulumi.String("standard"),
	}, parent)
	if err != nil {
		return nil, err
	}
	var domains pulumi.StringArray
	for _, m := range a.MountTargets {
		mt, err := nas.NewMountTarget(ctx, name+"-mount-"+m.Zone, &nas.MountTargetArgs{
			FileSystemId:    n.FileSystem.ID(),
			VswitchId:       m.VSwitchID,
			AccessGroupName: group.AccessGroupName,
			NetworkType:     pulumi.String("Vpc"),
		}, parent, pulumi.DependsOn([]pulumi.Resource{rule}))
		if err != nil {
			return nil, err
		}
		domains = append(domains, mt.MountTargetDomain)
	}
	// The class mounts through the first zone's mount target; the file system lives in one zone
	// and every mount target reaches the same data.
	server := domains[0].ToStringOutput().ApplyT(func(d string) string { return d + ":/" }).(pulumi.StringOutput)
	n.StorageClass, err = storagev1.NewStorageClass(ctx, name+"-class", &storagev1.StorageClassArgs{
		Metadata: &metav1.ObjectMetaArgs{
			Name: pulumi.String(a.ClassName),
			Labels: pulumi.StringMap{
				"app.kubernetes.io/managed-by": pulumi.String("zonestack"),
				"zonestack.io/volume-kind":     pulumi.String("shared-nas"),
			},
		},
		Provisioner: pulumi.String(NasProvisioner),
		Parameters: pulumi.StringMap{
			// Each claim gets its own directory of the shared file system.
			"volumeAs": pulumi.String("subpath"),
			"server":   server,
		},
		MountOptions:         pulumi.StringArray{pulumi.String("nolock,tcp,noresvport"), pulumi.String("vers=3")},
		ReclaimPolicy:        pulumi.String(ReclaimRetain),
		VolumeBindingMode:    pulumi.String("Immediate"),
		AllowVolumeExpansion: pulumi.Bool(true),
	}, parent)
	if err != nil {
		return nil, err
	}
	n.FileSystemID = n.FileSystem.ID()
	n.MountTargetDomains = domains.ToStringArrayOutput()
	n.Name = n.StorageClass.Metadata.Name().Elem()
	if err := ctx.RegisterResourceOutputs(n, pulumi.Map{
		"fileSystemId":       n.FileSystemID,
		"mountTargetDomains": n.MountTargetDomains,
		"name":               n.Name,
	}); err != nil {
		return nil, err
	}
	return n, nil
}
