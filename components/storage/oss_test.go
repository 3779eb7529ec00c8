package storage_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/storage"
	"github.com/zonestack/zonestack/internal/app/offline"
	"github.com/zonestack/zonestack/internal/app/testutil"
	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

func ossArgs() storage.OssStorageArgs {
	return storage.OssStorageArgs{
		Region:          "cn-hangzhou",
		NamePrefix:      "zs-prod",
		OidcProviderArn: pulumi.String("acs:ram::1:oidc-provider/ack-rrsa-c1"),
		OidcIssuerURL:   pulumi.String("https://oidc-ack-cn-hangzhou.oss-cn-hangzhou.aliyuncs.com/c1"),
	}
}

func TestOssStorage(t *testing.T) {
	var bucketName offline.Output
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		o, err := storage.NewOssStorage(ctx, "oss", ptr(ossArgs()))
		if err != nil {
			return err
		}
		bucketName, err = offline.Await(ctx, o.BucketName)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	comp, _ := rec.Named("zonestack:storage:OssStorage", "oss")
	b, ok := rec.Named(rt.OssBucket, "oss-bucket")
	if !ok || b.Parent != comp.URN {
		t.Fatal("bucket not registered under the component")
	}
	in := b.Inputs
	if in["bucket"].StringValue() != "zs-prod-shared" || bucketName.Value != "zs-prod-shared" {
		t.Errorf("bucket name %v / %v", in["bucket"], bucketName.Value)
	}
	if in["redundancyType"].StringValue() != "ZRS" || in["storageClass"].StringValue() != "Standard" || in["acl"].StringValue() != "private" {
		t.Errorf("bucket %v", in)
	}
	if sse := in["serverSideEncryptionRule"].ObjectValue(); sse["sseAlgorithm"].StringValue() != "AES256" || sse.HasValue("kmsMasterKeyId") {
		t.Errorf("encryption %v", sse)
	}
	if in["versioning"].ObjectValue()["status"].StringValue() != "Enabled" {
		t.Errorf("versioning %v", in["versioning"])
	}
	rule := in["lifecycleRules"].ArrayValue()[0].ObjectValue()
	if !rule["enabled"].BoolValue() ||
		rule["noncurrentVersionExpirations"].ArrayValue()[0].ObjectValue()["days"].NumberValue() != 30 ||
		rule["abortMultipartUploads"].ArrayValue()[0].ObjectValue()["days"].NumberValue() != 7 {
		t.Errorf("lifecycle %v", rule)
	}
	if in["forceDestroy"].BoolValue() {
		t.Error("forceDestroy without asking")
	}
	// Every ForceNew input left to us is kept as created: no change of ours replaces the bucket.
	for _, k := range []string{"redundancyType", "bucket", "storageClass"} {
		if !slices.Contains(b.IgnoreChanges, k) {
			t.Errorf("%s not kept as created: %v", k, b.IgnoreChanges)
		}
	}

	role, _ := rec.Named(rt.RamRole, "oss-role")
	var trust struct {
		Statement []struct {
			Action    string
			Principal struct{ Federated []string }
			Condition struct{ StringEquals map[string]string }
		}
	}
	if err := json.Unmarshal([]byte(role.Inputs["assumeRolePolicyDocument"].StringValue()), &trust); err != nil {
		t.Fatal(err)
	}
	st := trust.Statement[0]
	if st.Action != "sts:AssumeRole" || st.Principal.Federated[0] != "acs:ram::1:oidc-provider/ack-rrsa-c1" ||
		st.Condition.StringEquals["oidc:sub"] != "system:serviceaccount:ack-csi-fuse:csi-fuse-ossfs" ||
		st.Condition.StringEquals["oidc:aud"] != "sts.aliyuncs.com" ||
		st.Condition.StringEquals["oidc:iss"] != "https://oidc-ack-cn-hangzhou.oss-cn-hangzhou.aliyuncs.com/c1" {
		t.Errorf("trust %+v", trust)
	}
	if role.Inputs["roleName"].StringValue() != "zs-prod-ossfs" {
		t.Errorf("role %v", role.Inputs["roleName"])
	}
	policy, _ := rec.Named(rt.RamPolicy, "oss-policy")
	if doc := policy.Inputs["policyDocument"].StringValue(); !strings.Contains(doc, `"acs:oss:*:*:zs-prod-shared"`) || !strings.Contains(doc, `"acs:oss:*:*:zs-prod-shared/*"`) || strings.Contains(doc, `"acs:oss:*:*:*"`) {
		t.Errorf("policy %s", doc)
	}

	scs := rec.ByType(storageClassType)
	if len(scs) != 1 {
		t.Fatalf("%d storage classes", len(scs))
	}
	sc := scs[0].Inputs
	meta := sc["metadata"].ObjectValue()
	if sc["provisioner"].StringValue() != "ossplugin.csi.alibabacloud.com" || sc["reclaimPolicy"].StringValue() != "Retain" ||
		sc["volumeBindingMode"].StringValue() != "Immediate" || meta["name"].StringValue() != "shared-oss" ||
		meta["labels"].ObjectValue()["zonestack.io/volume-kind"].StringValue() != "shared-oss" {
		t.Errorf("class %v", sc)
	}
	params := sc["parameters"].ObjectValue()
	want := map[string]string{
		"bucket": "zs-prod-shared", "url": "oss-cn-hangzhou-internal.aliyuncs.com", "path": "/", "volumeAs": "subpath",
		"authType": "rrsa", "roleName": "zs-prod-ossfs", "otherOpts": "-o max_stat_cache_size=0 -o allow_other",
	}
	for k, v := range want {
		if params[pk(k)].StringValue() != v {
			t.Errorf("%s = %v, want %s", k, params[pk(k)], v)
		}
	}
	for _, secret := range []string{"akId", "akSecret", "csi.storage.k8s.io/node-publish-secret-name"} {
		if params.HasValue(pk(secret)) {
			t.Errorf("the class carries %s: RRSA needs no AccessKey", secret)
		}
	}
}

// A name, a storage class and a key the caller sets are the caller's: a change of them shows as a
// replacement (name, class) or an update (key); the redundancy type is always ours.
func TestOssStorageOptions(t *testing.T) {
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		a := ossArgs()
		a.Bucket, a.StorageClass, a.KMSKeyID, a.NoncurrentVersionDays, a.ForceDestroy = "my-uploads", "IA", "key-1", 7, true
		a.ClassName = "uploads"
		_, err := storage.NewOssStorage(ctx, "oss", &a)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := rec.Named(rt.OssBucket, "oss-bucket")
	sse := b.Inputs["serverSideEncryptionRule"].ObjectValue()
	if b.Inputs["bucket"].StringValue() != "my-uploads" || b.Inputs["storageClass"].StringValue() != "IA" ||
		sse["sseAlgorithm"].StringValue() != "KMS" || sse["kmsMasterKeyId"].StringValue() != "key-1" || !b.Inputs["forceDestroy"].BoolValue() {
		t.Errorf("bucket %v", b.Inputs)
	}
	if !slices.Equal(b.IgnoreChanges, []string{"redundancyType"}) {
		t.Errorf("ignoreChanges %v", b.IgnoreChanges)
	}
	if d := b.Inputs["lifecycleRules"].ArrayValue()[0].ObjectValue()["noncurrentVersionExpirations"].ArrayValue()[0].ObjectValue()["days"].NumberValue(); d != 7 {
		t.Errorf("noncurrent days %v", d)
	}
	if n := rec.ByType(storageClassType)[0].Inputs["metadata"].ObjectValue()["name"].StringValue(); n != "uploads" {
		t.Errorf("class %s", n)
	}
}

func TestOssStorageValidation(t *testing.T) {
	tests := []struct {
		name   string
		modify func(a *storage.OssStorageArgs)
		want   string
	}{
		{"region", func(a *storage.OssStorageArgs) { a.Region = "" }, `region: must be a region ID such as cn-hangzhou (got "")`},
		{"oidc provider", func(a *storage.OssStorageArgs) { a.OidcProviderArn = nil }, "oidcProviderArn: is required"},
		{"oidc issuer", func(a *storage.OssStorageArgs) { a.OidcIssuerURL = nil }, "oidcIssuerUrl: is required"},
		{"bucket too short", func(a *storage.OssStorageArgs) { a.Bucket = "ab" }, `bucket: must be 3 to 63 characters, it has 2 (got "ab")`},
		{"bucket too long", func(a *storage.OssStorageArgs) { a.Bucket = strings.Repeat("a", 64) }, "bucket: must be 3 to 63 characters, it has 64"},
		{"bucket upper case", func(a *storage.OssStorageArgs) { a.Bucket = "My_Bucket" }, `bucket: must be lower-case letters, digits and hyphens, starting and ending with a letter or a digit (got "My_Bucket")`},
		{"bucket hyphen end", func(a *storage.OssStorageArgs) { a.Bucket = "uploads-" }, "bucket: must be lower-case letters, digits and hyphens"},
		{"default bucket from the prefix", func(a *storage.OssStorageArgs) { a.NamePrefix = "Prod" }, `bucket: must be lower-case letters, digits and hyphens, starting and ending with a letter or a digit (got "Prod-shared")`},
		{"storage class", func(a *storage.OssStorageArgs) { a.StorageClass = "Archive" }, `storageClass: must be one of Standard, IA: zone-redundant storage takes Standard, IA or Archive, and ossfs cannot mount an Archive bucket (got "Archive")`},
		{"noncurrent days", func(a *storage.OssStorageArgs) { a.NoncurrentVersionDays = -1 }, "noncurrentVersionDays: must be at least 1 (got -1)"},
		{"class name", func(a *storage.OssStorageArgs) { a.ClassName = "Shared" }, "className: must be a lower-case DNS subdomain name"},
		{"tags", func(a *storage.OssStorageArgs) {
			a.Tags = map[string]string{}
			for i := range 11 {
				a.Tags[string(rune('a'+i))] = "v"
			}
		}, "tags: a bucket takes at most 10 tags (got 11)"},
		{"role name", func(a *storage.OssStorageArgs) { a.NamePrefix = strings.Repeat("p", 60); a.Bucket = "b-1" }, "namePrefix: must make a RAM role name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := ossArgs()
			tt.modify(&a)
			testutil.Rejected(t, tt.want, func(ctx *pulumi.Context) error {
				_, err := storage.NewOssStorage(ctx, "oss", &a)
				return err
			})
		})
	}
	testutil.Rejected(t, "args are required", func(ctx *pulumi.Context) error {
		_, err := storage.NewOssStorage(ctx, "oss", nil)
		return err
	})
}

// A stack file's OSS is the spec alone; ValidateFor also checks the bucket name a stack's prefix
// makes, and names where it comes from.
func TestOssSpecValidatesInItsOwnKeys(t *testing.T) {
	if err := (storage.OssSpec{}).Validate(); err != nil {
		t.Errorf("defaults: %v", err)
	}
	if err := (storage.OssSpec{}).ValidateFor("zonestack-prod"); err != nil {
		t.Errorf("defaults with a prefix: %v", err)
	}
	err := (storage.OssSpec{}).ValidateFor("Zonestack")
	if err == nil || !strings.Contains(err.Error(), `bucket: must be lower-case letters`) || !strings.Contains(err.Error(), `the stack's name prefix "Zonestack"`) {
		t.Errorf("got %v", err)
	}
	// A bucket the spec names is checked as it is, whatever the prefix.
	if err := (storage.OssSpec{Bucket: "uploads-1"}).ValidateFor("Zonestack"); err != nil {
		t.Errorf("named bucket: %v", err)
	}
	err = storage.OssSpec{ClassName: "Shared", StorageClass: "Cold", Bucket: "x"}.Validate()
	if err == nil || !strings.HasPrefix(err.Error(), "3 problems:") {
		t.Errorf("got %v", err)
	}
}
