package storage_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/storage"
	"github.com/zonestack/zonestack/internal/app/offline"
	"github.com/zonestack/zonestack/internal/app/testutil"
	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

func nasArgs() storage.NasStorageArgs {
	var mts []storage.NasMountTargetArgs
	for _, z := range []string{"cn-beijing-h", "cn-beijing-g"} {
		mts = append(mts, storage.NasMountTargetArgs{Zone: z, VSwitchID: pulumi.String("vsw-" + z)})
	}
	return storage.NasStorageArgs{VpcCidr: "10.0.0.0/16", MountTargets: mts}
}

func TestNasStorage(t *testing.T) {
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		_, err := storage.NewNasStorage(ctx, "nas", ptr(nasArgs()))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	comp, _ := rec.Named("zonestack:storage:NasStorage", "nas")
	fs, ok := rec.Named(rt.NasFileSystem, "nas-fs")
	if !ok || fs.Parent != comp.URN {
		t.Fatal("file system not registered under the component")
	}
	if fs.Inputs["protocolType"].StringValue() != "NFS" || fs.Inputs["storageType"].StringValue() != "Performance" ||
		fs.Inputs["encryptType"].NumberValue() != 1 {
		t.Errorf("file system %v", fs.Inputs)
	}
	// Stored in the first mount target's zone, which it keeps: zoneId is ForceNew.
	if fs.Inputs["zoneId"].StringValue() != "cn-beijing-h" || !slices.Contains(fs.IgnoreChanges, "zoneId") {
		t.Errorf("file system zone %v, ignoreChanges %v", fs.Inputs["zoneId"], fs.IgnoreChanges)
	}
	rule, _ := rec.Named(rt.NasAccessRule, "nas-access-vpc")
	if rule.Inputs["sourceCidrIp"].StringValue() != "10.0.0.0/16" || rule.Inputs["rwAccessType"].StringValue() != "RDWR" {
		t.Errorf("access rule %v", rule.Inputs)
	}
	mts := rec.ByType(rt.NasMountTarget)
	if len(mts) != 2 {
		t.Fatalf("%d mount targets", len(mts))
	}
	for _, mt := range mts {
		zone := strings.TrimPrefix(mt.Name, "nas-mount-")
		if mt.Inputs["vswitchId"].StringValue() != "vsw-"+zone || mt.Inputs["fileSystemId"].StringValue() != "nas-fs-id" {
			t.Errorf("%s %v", mt.Name, mt.Inputs)
		}
	}
	sc := rec.ByType(storageClassType)[0].Inputs
	if sc["provisioner"].StringValue() != storage.NasProvisioner || sc["reclaimPolicy"].StringValue() != "Retain" ||
		sc["metadata"].ObjectValue()["name"].StringValue() != "shared-nas" {
		t.Errorf("class %v", sc)
	}
	params := sc["parameters"].ObjectValue()
	if params["server"].StringValue() != "nas-mount-cn-beijing-h.nas.aliyuncs.com:/" || params["volumeAs"].StringValue() != "subpath" {
		t.Errorf("parameters %v", params)
	}
}

func TestNasStorageKMSKey(t *testing.T) {
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		a := nasArgs()
		a.KMSKeyID = "key-1"
		a.StorageType = "Capacity"
		_, err := storage.NewNasStorage(ctx, "nas", &a)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	fs, _ := rec.Named(rt.NasFileSystem, "nas-fs")
	if fs.Inputs["encryptType"].NumberValue() != 2 || fs.Inputs["kmsKeyId"].StringValue() != "key-1" || fs.Inputs["storageType"].StringValue() != "Capacity" {
		t.Errorf("file system %v", fs.Inputs)
	}
}

func TestNasStorageValidation(t *testing.T) {
	tests := []struct {
		name   string
		modify func(a *storage.NasStorageArgs)
		want   string
	}{
		{"vpc cidr", func(a *storage.NasStorageArgs) { a.VpcCidr = "" }, "vpcCidr: is required"},
		{"no mount targets", func(a *storage.NasStorageArgs) { a.MountTargets = nil }, "mountTargets: is required"},
		{"vswitch", func(a *storage.NasStorageArgs) { a.MountTargets[1].VSwitchID = nil }, "mountTargets[1].vswitchId: is required"},
		{"mount target zone", func(a *storage.NasStorageArgs) { a.MountTargets[1].Zone = "" }, "mountTargets[1].zone: is required"},
		// A general-purpose file system takes two mount targets (NAS limits).
		{"three mount targets", func(a *storage.NasStorageArgs) {
			a.MountTargets = append(a.MountTargets, storage.NasMountTargetArgs{Zone: "cn-beijing-k", VSwitchID: pulumi.String("vsw-k")})
		}, "mountTargets: a general-purpose NAS file system takes at most 2 mount targets"},
		{"zone", func(a *storage.NasStorageArgs) { a.Zone = "cn-beijing-g" }, "zone: must be the first mount target's zone (cn-beijing-h)"},
		{"storage type", func(a *storage.NasStorageArgs) { a.StorageType = "Standard" }, "storageType: must be one of Performance, Capacity, Premium"},
		{"class name", func(a *storage.NasStorageArgs) { a.ClassName = "Shared" }, "className: must be a lower-case DNS subdomain name"},
		{"kms unencrypted", func(a *storage.NasStorageArgs) { a.Encrypted = pulumi.BoolRef(false); a.KMSKeyID = "k" }, "kmsKeyId: is set but encrypted is false"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := nasArgs()
			tt.modify(&a)
			testutil.Rejected(t, tt.want, func(ctx *pulumi.Context) error {
				_, err := storage.NewNasStorage(ctx, "nas", &a)
				return err
			})
		})
	}
}

func ptr[T any](v T) *T { return &v }

// A stack file's NAS is the spec alone: its rules, in its own keys; where it is mounted from is
// the Args'.
func TestNasSpecValidatesInItsOwnKeys(t *testing.T) {
	if err := (storage.NasSpec{}).Validate(); err != nil {
		t.Errorf("defaults: %v", err)
	}
	err := storage.NasSpec{ClassName: "Shared", StorageType: "Standard", Encrypted: pulumi.BoolRef(false), KMSKeyID: "k"}.Validate()
	if err == nil || !strings.HasPrefix(err.Error(), "3 problems:\n  className: must be a lower-case DNS subdomain name") ||
		!strings.Contains(err.Error(), "kmsKeyId: is set but encrypted is false") || !strings.Contains(err.Error(), "storageType: must be one of") {
		t.Errorf("got %v", err)
	}
}
