package cloudrules

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

// ossBucketName is OSS's bucket naming rule (PutBucket): lower-case letters, digits and hyphens,
// starting and ending with a letter or a digit, 3 to 63 characters in all; the provider checks
// the length only.
const ossBucketName = `[a-z0-9][a-z0-9-]{1,61}[a-z0-9]`

// ossStorageClasses are resource_alicloud_oss_bucket.go's storage_class values (StringInSlice).
var ossStorageClasses = []string{"Standard", "IA", "Archive", "ColdArchive", "DeepColdArchive"}

var ossRules = Table{
	rt.OssBucket: {
		"bucket":                                Matches("resource_alicloud_oss_bucket.go: bucket, Optional, Computed, ForceNew, StringLenBetween(3, 63); OSS bucket naming: lower-case letters, digits and hyphens, starting and ending with a letter or a digit, unique across OSS", ossBucketName, 63).Replaces(),
		"acl":                                   OneOf("resource_alicloud_oss_bucket.go: acl, Optional, Computed, updatable (SetBucketACL), StringInSlice private, public-read, public-read-write; deprecated since 1.220.0 for alicloud_oss_bucket_acl", "private", "public-read", "public-read-write"),
		"redundancyType":                        OneOf("resource_alicloud_oss_bucket.go: redundancy_type, Optional, Default LRS, ForceNew, StringInSlice LRS, ZRS", "LRS", "ZRS").Replaces(),
		"storageClass":                          OneOf("resource_alicloud_oss_bucket.go: storage_class, Optional, Default Standard, ForceNew, StringInSlice Standard, IA, Archive, ColdArchive, DeepColdArchive", ossStorageClasses...).Replaces(),
		"forceDestroy":                          Free("resource_alicloud_oss_bucket.go: force_destroy, Optional, Default false: delete the objects with the bucket", "a switch"),
		"serverSideEncryptionRule.sseAlgorithm": OneOf("resource_alicloud_oss_bucket.go: server_side_encryption_rule.sse_algorithm, Required, StringInSlice AES256, KMS, SM4; updatable (PutBucketEncryption)", "AES256", "KMS", "SM4"),
		"serverSideEncryptionRule.kmsMasterKeyId":              Text("resource_alicloud_oss_bucket.go: server_side_encryption_rule.kms_master_key_id, Optional, no ValidateFunc; with sse_algorithm KMS", "a KMS key ID; KMS checks that it exists", 0),
		"versioning.status":                                    OneOf("resource_alicloud_oss_bucket.go: versioning.status, Required, StringInSlice Enabled, Suspended; updatable (PutBucketVersioning)", "Enabled", "Suspended"),
		"lifecycleRules[].id":                                  Text("resource_alicloud_oss_bucket.go: lifecycle_rule.id, Optional, Computed, StringLenBetween(0, 255)", "a rule's name", 255),
		"lifecycleRules[].enabled":                             Free("resource_alicloud_oss_bucket.go: lifecycle_rule.enabled, Required", "a switch"),
		"lifecycleRules[].noncurrentVersionExpirations[].days": AtLeast("resource_alicloud_oss_bucket.go: lifecycle_rule.noncurrent_version_expiration.days, Required, no ValidateFunc; OSS lifecycle rules count days from 1", 1),
		"lifecycleRules[].abortMultipartUploads[].days":        AtLeast("resource_alicloud_oss_bucket.go: lifecycle_rule.abort_multipart_upload.days, Optional, no ValidateFunc; OSS lifecycle rules count days from 1", 1),
		"tags": ossTags("resource_alicloud_oss_bucket.go: tags, tagsSchema; docs/r/oss_bucket: no more than 10 items for a bucket"),
	},
}

// ossTags is ruleTags with OSS's count: a bucket takes at most 10 tags.
func ossTags(source string) Rule {
	each := ruleTags(source, 128)
	return Func(source, func(v resource.PropertyValue, inputs resource.PropertyMap) error {
		if v.IsObject() && len(v.ObjectValue()) > 10 {
			return fmt.Errorf("must be at most 10 tags (got %d)", len(v.ObjectValue()))
		}
		return each.Check(v, inputs)
	})
}
