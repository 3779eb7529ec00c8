package storage

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/oss"
	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/ram"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	storagev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/storage/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/validation"
)

const ossStorageType = "zonestack:storage:OssStorage"

// Facts of Alibaba Cloud's OSS CSI driver and of OSS.
const (
	OssProvisioner = "ossplugin.csi.alibabacloud.com"
	// DefaultOssClassName is the StorageClass's default name.
	DefaultOssClassName = "shared-oss"
	// DefaultOssStorageClass is the bucket's default storage class.
	DefaultOssStorageClass = "Standard"
	// OssRedundancyZRS is zone-redundant storage: OSS keeps each object's copies in several zones
	// of the region, so the bucket answers while one zone is down (OSS "Disaster recovery": with
	// three or more zones in a region, copies across them; with two, across both).
	OssRedundancyZRS = "ZRS"
	// DefaultOssNoncurrentVersionDays is how long a replaced or deleted object's previous version
	// is kept.
	DefaultOssNoncurrentVersionDays = 30
	// OssAbortMultipartDays is when the parts of an interrupted upload are removed: ossfs uploads
	// files over 10 MB in parts, and an interrupted upload leaves its parts, billed, in the
	// bucket (ACK, "Mount a dynamically provisioned OSS volume": configure a lifecycle rule).
	OssAbortMultipartDays = 7
	// OssFuseNamespace and OssFuseServiceAccount are where CSI 1.30.4 and later run ossfs, and
	// the service account that assumes the RAM role under RRSA: ACK's docs give the RAM role's
	// oidc:sub condition as system:serviceaccount:ack-csi-fuse:csi-fuse-ossfs, the namespace
	// fixed (ACK, "[Product Changes] CSI ossfs version upgrade" and "Mount a dynamically
	// provisioned OSS volume", RRSA; the driver's fuse pod manager names the account
	// csi-fuse-ossfs).
	OssFuseNamespace      = "ack-csi-fuse"
	OssFuseServiceAccount = "csi-fuse-ossfs"
	// OssBucketMaxTags is how many tags a bucket takes (resource_alicloud_oss_bucket docs: "no
	// more than 10").
	OssBucketMaxTags = 10
)

// OssStorageClasses are the bucket storage classes an OSS volume can be: ZRS takes Standard, IA
// and Archive (OSS, "Disaster recovery"), and ossfs cannot mount an Archive bucket (OSS, "ossfs
// overview", limits). IA bills a 30-day minimum storage duration and every read (OSS storage
// classes), so it suits files written once and rarely read again.
var OssStorageClasses = []string{"Standard", "IA"}

// OssSpec is what a stack file says about an OssStorage (zonestack:storage's oss): the class, the
// bucket's name, storage class and encryption key, and how long replaced files' old versions are
// kept. Where it is and who mounts it are the stack's, in OssStorageArgs. Zero values mean "use the
// default".
type OssSpec struct {
	// ClassName is the StorageClass's name. Optional, default "shared-oss".
	ClassName string `json:"className,omitempty" pulumi:"className"`
	// Bucket is the bucket's name. Optional, default: the args' NamePrefix + "-shared". Bucket
	// names are global to all of OSS (every account, every region): 3 to 63 characters, lower-case
	// letters, digits and hyphens, starting and ending with a letter or a digit. ForceNew: a new
	// name is a new, empty bucket, so a bucket keeps the name it was created with when the name is
	// our default; a name you set and then change shows in the preview as the replacement it is.
	Bucket string `json:"bucket,omitempty" pulumi:"bucket"`
	// StorageClass is Standard (default) or IA. ForceNew, kept as created when left to the
	// default, like Bucket.
	StorageClass string `json:"storageClass,omitempty" pulumi:"storageClass"`
	// KMSKeyID encrypts objects with this KMS key (SSE-KMS). Optional: unset, OSS encrypts every
	// object with keys OSS manages (SSE-OSS, AES256). Objects are always encrypted at rest. With a
	// key, the RAM role the volumes mount with needs KMS permissions on it too, which the stack
	// does not grant (ACK, "Encrypt an OSS volume").
	KMSKeyID string `json:"kmsKeyId,omitempty" pulumi:"kmsKeyId"`
	// NoncurrentVersionDays is how many days a replaced or deleted file's previous version is kept
	// before OSS removes it. Optional, default 30; at least 1. Versioning is always on: a delete
	// or an overwrite through the mount reaches the bucket at once, and ACK advises versioning
	// against that loss.
	NoncurrentVersionDays int `json:"noncurrentVersionDays,omitempty" pulumi:"noncurrentVersionDays"`
}

// OssStorageArgs are the inputs of OssStorage: the spec, the region, the cluster's RRSA identity
// the volumes mount with, and names. Zero values mean "use the default".
type OssStorageArgs struct {
	OssSpec
	// Region is the bucket's region, the stack's; the class mounts through its internal endpoint,
	// oss-<region>-internal.aliyuncs.com. Required.
	Region string `pulumi:"region"`
	// OidcProviderArn and OidcIssuerURL are the ACK cluster's RRSA OIDC provider in RAM and its
	// token issuer (the cluster's rrsaMetadata). Required: ossfs assumes the component's RAM role
	// with the token of its service account, so no AccessKey is stored in the cluster.
	OidcProviderArn pulumi.StringInput `pulumi:"oidcProviderArn"`
	OidcIssuerURL   pulumi.StringInput `pulumi:"oidcIssuerUrl"`
	// NamePrefix starts the bucket's default name (OssDefaultBucket) and the RAM names.
	// Optional, default: the component name.
	NamePrefix string `pulumi:"namePrefix"`
	// ForceDestroy lets the bucket be deleted with its objects. Optional, default false: a
	// destroy stops at a bucket that holds objects. For a stack that is created and destroyed
	// whole and holds nothing to keep.
	ForceDestroy bool `pulumi:"forceDestroy"`
	// Tags go on the bucket. Optional; at most OssBucketMaxTags.
	Tags map[string]string `pulumi:"tags"`
}

// OssStorage is an OSS bucket with zone-redundant storage and a ReadWriteMany StorageClass on
// ACK's OSS CSI driver, each claim a directory of the bucket mounted through ossfs (ossfs 1.0, the
// driver's default client). Its objects outlive any one zone.
//
// ossfs is not a POSIX file system. Per ossfs's own limits (aliyun/ossfs README, "Limitations";
// OSS "ossfs overview") and ACK's notes on OSS volumes:
//   - a random write or an append rewrites the whole object (re-uploaded, in parts over 10 MB);
//   - renames of files and directories are not atomic: a directory is renamed object by object;
//   - no hard links;
//   - no coordination between the pods that mount the bucket: two writers of one file overwrite
//     each other (ACK: "concurrent single-file writes can still cause data to be overwritten"),
//     and no lock one pod takes (flock, fcntl) holds in another;
//   - metadata operations (listing a directory, stat) go over the network and are slow; listing
//     a directory of about 100,000 files can exhaust ossfs's memory (ACK), and fsGroup makes the
//     kubelet chown every object at mount;
//   - inotify sees only changes made through this mount, not other pods'.
//
// So it suits files written whole and then read: uploads, media, static assets, backups and
// snapshots written as whole files. It does not suit databases, logs appended to, or anything that
// locks files or needs atomic renames; those belong on zonal disks (DiskStorageClass) with
// replication above them.
//
// Authentication is RRSA, the method ACK documents for dynamic OSS volumes on Kubernetes 1.26 and
// later with CSI 1.30.4 or later: the component registers a RAM role that only the ossfs service
// account of the cluster (OssFuseNamespace/OssFuseServiceAccount) can assume, with read-write
// access to this bucket alone. The cluster must have RRSA enabled (AckClusterSpec.EnableRrsa, on by
// default).
type OssStorage struct {
	pulumi.ResourceState

	// BucketName is the bucket's name.
	BucketName pulumi.StringOutput `pulumi:"bucketName"`
	// RoleName is the RAM role the volumes mount with.
	RoleName pulumi.StringOutput `pulumi:"roleName"`
	// Name is the StorageClass's name.
	Name pulumi.StringOutput `pulumi:"name"`

	// ClassName is Name, known before creation.
	ClassName string
	// Bucket, Role and StorageClass are the resources, as escape hatches.
	Bucket       *oss.Bucket
	Role         *ram.Role
	StorageClass *storagev1.StorageClass
}

func (a OssStorageArgs) withDefaults() OssStorageArgs {
	out := a
	out.OssSpec = a.OssSpec.withDefaults()
	if out.Bucket == "" {
		out.Bucket = OssDefaultBucket(out.NamePrefix)
	}
	return out
}

func (s OssSpec) withDefaults() OssSpec {
	out := s
	if out.ClassName == "" {
		out.ClassName = DefaultOssClassName
	}
	if out.StorageClass == "" {
		out.StorageClass = DefaultOssStorageClass
	}
	if out.NoncurrentVersionDays == 0 {
		out.NoncurrentVersionDays = DefaultOssNoncurrentVersionDays
	}
	return out
}

// OssDefaultBucket is the bucket's name when the spec names none: the name prefix + "-shared".
func OssDefaultBucket(namePrefix string) string { return namePrefix + "-shared" }

// Validate reports every problem with the args, defaults applied.
func (a OssStorageArgs) Validate() error { return a.withDefaults().validate() }

// Validate reports every problem with the spec, defaults applied, with field paths in the spec's
// keys (for example "storageClass"). A default bucket name is the stack's; ValidateFor checks it.
func (s OssSpec) Validate() error {
	var l validation.List
	s.withDefaults().validate(&l, "")
	return l.Err()
}

// ValidateFor is Validate for a stack whose names start with namePrefix: the spec's rules, and
// the default bucket name's when the spec names no bucket.
func (s OssSpec) ValidateFor(namePrefix string) error {
	var l validation.List
	s.withDefaults().validate(&l, namePrefix)
	return l.Err()
}

var (
	bucketName = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*[a-z0-9]$`)
	regionName = regexp.MustCompile(`^[a-z]{2,}(-[a-z0-9]+)+$`)
	ramName    = regexp.MustCompile(`^[A-Za-z0-9.-]+$`)
)

// validate records the problems of s, defaults applied, in l; with a namePrefix, a bucket name
// left to the default is checked, saying where it comes from. The provider checks a name's length
// only (resource_alicloud_oss_bucket.go: bucket, ValidateFunc StringLenBetween(3, 63)); the
// characters are OSS's bucket naming rules.
func (s OssSpec) validate(l *validation.List, namePrefix string) {
	if !resourceName.MatchString(s.ClassName) {
		l.Invalid("className", s.ClassName, "must be a lower-case DNS subdomain name")
	}
	name, from := s.Bucket, ""
	if name == "" && namePrefix != "" {
		name = OssDefaultBucket(namePrefix)
		from = fmt.Sprintf(" (the default: the stack's name prefix %q + \"-shared\"; set bucket to choose one)", namePrefix)
	}
	switch {
	case name == "":
	case len(name) < 3 || len(name) > 63:
		l.Invalid("bucket", name, "must be 3 to 63 characters, it has %d%s", len(name), from)
	case !bucketName.MatchString(name):
		l.Invalid("bucket", name, "must be lower-case letters, digits and hyphens, starting and ending with a letter or a digit%s", from)
	}
	if !slices.Contains(OssStorageClasses, s.StorageClass) {
		l.Invalid("storageClass", s.StorageClass, "must be one of %s: zone-redundant storage takes Standard, IA or Archive, and ossfs cannot mount an Archive bucket", strings.Join(OssStorageClasses, ", "))
	}
	if s.NoncurrentVersionDays < 1 {
		l.Invalid("noncurrentVersionDays", s.NoncurrentVersionDays, "must be at least 1")
	}
}

// validate checks a, defaults applied (so the bucket is named).
func (a OssStorageArgs) validate() error {
	var l validation.List
	a.OssSpec.validate(&l, "")
	if !regionName.MatchString(a.Region) {
		l.Invalid("region", a.Region, "must be a region ID such as cn-hangzhou")
	}
	if a.OidcProviderArn == nil {
		l.Required("oidcProviderArn", "is required: the cluster's RRSA OIDC provider (rrsaMetadata.ramOidcProviderArn)")
	}
	if a.OidcIssuerURL == nil {
		l.Required("oidcIssuerUrl", "is required: the cluster's RRSA token issuer (rrsaMetadata.rrsaOidcIssuerUrl)")
	}
	// RAM role names take 1 to 64 letters, digits, '.' and '-' (CreateRole).
	if role := a.NamePrefix + "-ossfs"; len(role) > 64 || !ramName.MatchString(role) {
		l.Invalid("namePrefix", a.NamePrefix, "must make a RAM role name (namePrefix + \"-ossfs\") of at most 64 letters, digits, '.' and '-'")
	}
	if len(a.Tags) > OssBucketMaxTags {
		l.Invalid("tags", len(a.Tags), "a bucket takes at most %d tags", OssBucketMaxTags)
	}
	return l.Err()
}

// ossKeptAsCreated are the bucket's inputs a later change of ours must not reach: each is ForceNew
// in resource_alicloud_oss_bucket.go (bucket, storage_class, redundancy_type), and a new bucket is
// an empty one. The redundancy type is always ours (ZRS); the name and the storage class are ours
// when args leave them to the defaults. A value the caller sets is the caller's, and a change of it
// shows in the preview as the replacement it is.
func ossKeptAsCreated(args OssStorageArgs) []string {
	kept := []string{"redundancyType"}
	if args.Bucket == "" {
		kept = append(kept, "bucket")
	}
	if args.StorageClass == "" {
		kept = append(kept, "storageClass")
	}
	return kept
}

// OssEndpoint is a region's internal OSS endpoint, the one nodes in the region's VPCs mount
// through.
func OssEndpoint(region string) string { return "oss-" + region + "-internal.aliyuncs.com" }

// ossTrustPolicy is the RAM role's trust policy: only a token of the ossfs service account,
// issued by the cluster's RRSA issuer for STS, assumes it.
func ossTrustPolicy(provider, issuer string) (string, error) {
	doc := map[string]any{
		"Version": "1",
		"Statement": []any{map[string]any{
			"Action":    "sts:AssumeRole",
			"Effect":    "Allow",
			"Principal": map[string]any{"Federated": []string{provider}},
			"Condition": map[string]any{"StringEquals": map[string]any{
				"oidc:aud": "sts.aliyuncs.com",
				"oidc:iss": issuer,
				"oidc:sub": "system:serviceaccount:" + OssFuseNamespace + ":" + OssFuseServiceAccount,
			}},
		}},
	}
	b, err := json.Marshal(doc)
	return string(b), err
}

// ossAccessPolicy is ACK's read-write policy for an OSS volume, on this bucket only.
func ossAccessPolicy(bucket string) (string, error) {
	b, err := json.Marshal(map[string]any{
		"Version": "1",
		"Statement": []any{map[string]any{
			"Action":   "oss:*",
			"Effect":   "Allow",
			"Resource": []string{"acs:oss:*:*:" + bucket, "acs:oss:*:*:" + bucket + "/*"},
		}},
	})
	return string(b), err
}

// ossMountOptions are ossfs's options for every volume: allow_other lets a container's non-root
// user reach the mount, and max_stat_cache_size=0 turns off ossfs's cache of file attributes, so a
// file another pod wrote is seen at once rather than after the cache expires (at the cost of a
// request per stat); both are the options of the driver's own examples.
const ossMountOptions = "-o max_stat_cache_size=0 -o allow_other"

// NewOssStorage validates args and registers the bucket, the RAM role its volumes mount with, the
// role's policy, and the StorageClass. It expects the "alicloud" provider, and the cluster's
// "kubernetes" provider for the StorageClass (pulumi.ProviderMap or pulumi.Providers on the
// component). On invalid args it returns every problem and registers nothing.
func NewOssStorage(ctx *pulumi.Context, name string, args *OssStorageArgs, opts ...pulumi.ResourceOption) (*OssStorage, error) {
	if args == nil {
		return nil, fmt.Errorf("oss storage %q: args are required", name)
	}
	in := *args
	if in.NamePrefix == "" {
		in.NamePrefix = name
	}
	a := in.withDefaults()
	if err := a.validate(); err != nil {
		return nil, fmt.Errorf("oss storage %q: %w", name, err)
	}
	o := &OssStorage{ClassName: a.ClassName}
	if err := ctx.RegisterComponentResource(ossStorageType, name, o, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(o)
	sse := &oss.BucketServerSideEncryptionRuleArgs{SseAlgorithm: pulumi.String("AES256")}
	if a.KMSKeyID != "" {
		sse = &oss.BucketServerSideEncryptionRuleArgs{SseAlgorithm: pulumi.String("KMS"), KmsMasterKeyId: pulumi.String(a.KMSKeyID)}
	}
	bucketArgs := &oss.BucketArgs{
		Bucket:         pulumi.String(a.Bucket),
		RedundancyType: pulumi.String(OssRedundancyZRS),
		StorageClass:   pulumi.String(a.StorageClass),
		// The bucket's own ACL (the provider takes private, public-read or public-read-write):
		// objects are read through the RAM role, never anonymously.
		Acl:                      pulumi.String("private"),
		ServerSideEncryptionRule: sse,
		Versioning:               &oss.BucketVersioningTypeArgs{Status: pulumi.String("Enabled")},
		LifecycleRules: oss.BucketLifecycleRuleArray{&oss.BucketLifecycleRuleArgs{
			Id:                           pulumi.String("zonestack-versions-and-parts"),
			Enabled:                      pulumi.Bool(true),
			NoncurrentVersionExpirations: oss.BucketLifecycleRuleNoncurrentVersionExpirationArray{&oss.BucketLifecycleRuleNoncurrentVersionExpirationArgs{Days: pulumi.Int(a.NoncurrentVersionDays)}},
			AbortMultipartUploads:        oss.BucketLifecycleRuleAbortMultipartUploadArray{&oss.BucketLifecycleRuleAbortMultipartUploadArgs{Days: pulumi.Int(OssAbortMultipartDays)}},
		}},
		ForceDestroy: pulumi.Bool(a.ForceDestroy),
	}
	if len(a.Tags) > 0 {
		bucketArgs.Tags = pulumi.ToStringMap(a.Tags)
	}
	var err error
	o.Bucket, err = oss.NewBucket(ctx, name+"-bucket", bucketArgs, parent, pulumi.IgnoreChanges(ossKeptAsCreated(*args)))
	if err != nil {
		return nil, err
	}
	// The bucket's name from its state: with "bucket" ignored, a bucket keeps its first name.
	bucket := o.Bucket.Bucket

	trust := pulumi.All(a.OidcProviderArn, a.OidcIssuerURL).ApplyT(func(xs []any) (string, error) {
		return ossTrustPolicy(xs[0].(string), xs[1].(string))
	}).(pulumi.StringOutput)
	o.Role, err = ram.NewRole(ctx, name+"-role", &ram.RoleArgs{
		RoleName:                 pulumi.String(a.NamePrefix + "-ossfs"),
		AssumeRolePolicyDocument: trust,
		Description:              pulumi.String("zonestack: ossfs mounts the volumes of the shared OSS class"),
		Force:                    pulumi.Bool(true),
	}, parent)
	if err != nil {
		return nil, err
	}
	policy, err := ram.NewPolicy(ctx, name+"-policy", &ram.PolicyArgs{
		PolicyName:     pulumi.String(a.NamePrefix + "-ossfs"),
		PolicyDocument: bucket.ApplyT(ossAccessPolicy).(pulumi.StringOutput),
		Description:    pulumi.String("zonestack: read and write the shared OSS bucket"),
		Force:          pulumi.Bool(true),
	}, parent)
	if err != nil {
		return nil, err
	}
	attachment, err := ram.NewRolePolicyAttachment(ctx, name+"-policy-attachment", &ram.RolePolicyAttachmentArgs{
		PolicyName: policy.PolicyName, PolicyType: pulumi.String("Custom"), RoleName: o.Role.RoleName,
	}, parent)
	if err != nil {
		return nil, err
	}
	o.StorageClass, err = storagev1.NewStorageClass(ctx, name+"-class", &storagev1.StorageClassArgs{
		Metadata: &metav1.ObjectMetaArgs{
			Name: pulumi.String(a.ClassName),
			Labels: pulumi.StringMap{
				"app.kubernetes.io/managed-by": pulumi.String("zonestack"),
				"zonestack.io/volume-kind":     pulumi.String("shared-oss"),
			},
		},
		Provisioner: pulumi.String(OssProvisioner),
		Parameters: pulumi.StringMap{
			"bucket": bucket,
			"url":    pulumi.String(OssEndpoint(a.Region)),
			// Each claim gets its own directory, path/<volume name> (the driver's parseVolumeAsOptions:
			// subpath joins path and the volume's name).
			"path":      pulumi.String("/"),
			"volumeAs":  pulumi.String("subpath"),
			"authType":  pulumi.String("rrsa"),
			"roleName":  o.Role.RoleName,
			"otherOpts": pulumi.String(ossMountOptions),
		},
		// Deleting a claim keeps its volume and objects (ACK's guide to dynamic ossfs 2.0 volumes
		// supports Retain only; the driver's ossfs 1.0 example deletes, which we never do).
		ReclaimPolicy: pulumi.String(ReclaimRetain),
		// OSS is regional: a volume has no zone to wait for.
		VolumeBindingMode: pulumi.String("Immediate"),
	}, parent, pulumi.DependsOn([]pulumi.Resource{attachment}))
	if err != nil {
		return nil, err
	}
	o.BucketName = bucket
	o.RoleName = o.Role.RoleName
	o.Name = o.StorageClass.Metadata.Name().Elem()
	if err := ctx.RegisterResourceOutputs(o, pulumi.Map{
		"bucketName": o.BucketName,
		"roleName":   o.RoleName,
		"name":       o.Name,
	}); err != nil {
		return nil, err
	}
	return o, nil
}
