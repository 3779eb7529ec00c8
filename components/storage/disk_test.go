package storage_test

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/storage"
	"github.com/zonestack/zonestack/internal/app/offline"
	"github.com/zonestack/zonestack/internal/app/testutil"
)

const storageClassType = "kubernetes:storage.k8s.io/v1:StorageClass"

func TestDiskStorageClassIsSeed000s(t *testing.T) {
	var name offline.Output
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		c, err := storage.NewDiskStorageClass(ctx, "disk", nil)
		if err != nil {
			return err
		}
		name, err = offline.Await(ctx, c.Name)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	scs := rec.ByType(storageClassType)
	if len(scs) != 1 {
		t.Fatalf("%d storage classes", len(scs))
	}
	comp, _ := rec.Named("zonestack:storage:DiskStorageClass", "disk")
	sc := scs[0]
	if sc.Parent != comp.URN {
		t.Errorf("parent %s", sc.Parent)
	}
	in := sc.Inputs
	if in["metadata"].ObjectValue()["name"].StringValue() != "sts-sc" || name.Value != "sts-sc" {
		t.Errorf("name %v / %v", in["metadata"], name.Value)
	}
	if in["provisioner"].StringValue() != "diskplugin.csi.alibabacloud.com" ||
		in["volumeBindingMode"].StringValue() != "WaitForFirstConsumer" ||
		in["reclaimPolicy"].StringValue() != "Retain" || !in["allowVolumeExpansion"].BoolValue() {
		t.Errorf("class %v", in)
	}
	params := in["parameters"].ObjectValue()
	if len(params) != 1 || params["type"].StringValue() != "cloud_essd,cloud_ssd,cloud_efficiency" {
		t.Errorf("parameters %v", params)
	}
	if _, ok := in["allowedTopologies"]; ok {
		t.Error("zone restriction without zones")
	}
}

func TestDiskStorageClassOptions(t *testing.T) {
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		_, err := storage.NewDiskStorageClass(ctx, "disk", &storage.DiskStorageClassArgs{DiskClassSpec: storage.DiskClassSpec{
			Name: "db-essd", Categories: []string{"cloud_essd"}, PerformanceLevel: "PL1",
			Encrypted: true, KMSKeyID: "key-1", FsType: "xfs", Zones: []string{"cn-beijing-h", "cn-beijing-k"},
		}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	in := rec.ByType(storageClassType)[0].Inputs
	params := in["parameters"].ObjectValue()
	want := map[string]string{"type": "cloud_essd", "performanceLevel": "PL1", "encrypted": "true", "kmsKeyId": "key-1", "csi.storage.k8s.io/fstype": "xfs"}
	for k, v := range want {
		if params[pk(k)].StringValue() != v {
			t.Errorf("%s = %v, want %s", k, params[pk(k)], v)
		}
	}
	term := in["allowedTopologies"].ArrayValue()[0].ObjectValue()["matchLabelExpressions"].ArrayValue()[0].ObjectValue()
	if term["key"].StringValue() != storage.DiskZoneTopologyKey || len(term["values"].ArrayValue()) != 2 {
		t.Errorf("topology %v", term)
	}
}

func TestDiskStorageClassValidation(t *testing.T) {
	tests := []struct {
		name string
		args storage.DiskStorageClassArgs
		want string
	}{
		{"unknown category", storage.DiskStorageClassArgs{DiskClassSpec: storage.DiskClassSpec{Categories: []string{"cloud_essd", "cloud_pl9"}}}, `categories[1]: is not a disk category the disk CSI driver knows`},
		{"category twice", storage.DiskStorageClassArgs{DiskClassSpec: storage.DiskClassSpec{Categories: []string{"cloud_ssd", "cloud_ssd"}}}, `categories[1]: appears twice`},
		{"bad name", storage.DiskStorageClassArgs{DiskClassSpec: storage.DiskClassSpec{Name: "STS_SC"}}, `name: must be a lower-case DNS subdomain name`},
		{"performance level", storage.DiskStorageClassArgs{DiskClassSpec: storage.DiskClassSpec{PerformanceLevel: "PL4"}}, `performanceLevel: must be PL0, PL1, PL2 or PL3`},
		{"performance level without ESSD", storage.DiskStorageClassArgs{DiskClassSpec: storage.DiskClassSpec{Categories: []string{"cloud_ssd"}, PerformanceLevel: "PL1"}}, `performanceLevel: applies to cloud_essd disks`},
		{"kms without encryption", storage.DiskStorageClassArgs{DiskClassSpec: storage.DiskClassSpec{KMSKeyID: "k"}}, `kmsKeyId: is set but encrypted is false`},
		{"fs type", storage.DiskStorageClassArgs{DiskClassSpec: storage.DiskClassSpec{FsType: "btrfs"}}, `fsType: must be one of ext4, ext3, xfs`},
		{"zone", storage.DiskStorageClassArgs{DiskClassSpec: storage.DiskClassSpec{Zones: []string{"h"}}}, `zones[0]: must be a zone ID`},
		{"zone twice", storage.DiskStorageClassArgs{DiskClassSpec: storage.DiskClassSpec{Zones: []string{"cn-beijing-h", "cn-beijing-h"}}}, `zones[1]: duplicates zones[0]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			testutil.Rejected(t, tt.want, func(ctx *pulumi.Context) error {
				_, err := storage.NewDiskStorageClass(ctx, "disk", &tt.args)
				return err
			})
		})
	}
}

func pk(s string) resource.PropertyKey { return resource.PropertyKey(s) }

// GKE's counterpart of sts-sc: the PD CSI driver, pd-ssd, bound where the pod lands, kept.
func TestPdStorageClass(t *testing.T) {
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		_, err := storage.NewPdStorageClass(ctx, "storage-sts-sc", nil)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sc := rec.ByType("kubernetes:storage.k8s.io/v1:StorageClass")
	if len(sc) != 1 {
		t.Fatalf("%d classes", len(sc))
	}
	in := sc[0].Inputs
	if in["provisioner"].StringValue() != "pd.csi.storage.gke.io" || in["parameters"].ObjectValue()["type"].StringValue() != "pd-ssd" ||
		in["volumeBindingMode"].StringValue() != "WaitForFirstConsumer" || in["reclaimPolicy"].StringValue() != "Retain" || !in["allowVolumeExpansion"].BoolValue() ||
		in["metadata"].ObjectValue()["name"].StringValue() != "sts-sc" {
		t.Errorf("class %v", in)
	}
	testutil.Rejected(t, "type: must be one of", func(ctx *pulumi.Context) error {
		_, err := storage.NewPdStorageClass(ctx, "x", &storage.PdStorageClassArgs{Type: "cloud_essd"})
		return err
	})
}

// A gcp stack's disk class is a DiskClassSpec read as a persistent-disk class: one category, the
// disk type; kmsKeyId, the Cloud KMS key; no ESSD settings.
func TestPdClassSpec(t *testing.T) {
	spec := storage.PdClassSpec{Name: "fast", Categories: []string{"pd-balanced"}, KMSKeyID: "projects/p/keyRings/r/cryptoKeys/k"}
	if err := spec.Validate(); err != nil {
		t.Fatal(err)
	}
	if a := spec.Args(); a != (storage.PdStorageClassArgs{Name: "fast", Type: "pd-balanced", KMSKey: "projects/p/keyRings/r/cryptoKeys/k"}) {
		t.Errorf("args %+v", a)
	}
	if a := (storage.PdClassSpec{}).Args(); a != (storage.PdStorageClassArgs{}) {
		t.Errorf("defaults are the class's: %+v", a)
	}
	for spec, want := range map[*storage.PdClassSpec]string{
		{Categories: []string{"pd-ssd", "pd-standard"}}: "categories: a persistent-disk class has one type",
		{Categories: []string{"cloud_essd"}}:            "categories[0]: must be a persistent disk type",
		{FsType: "xfs"}:                                 "performanceLevel: performanceLevel, fsType and zones are ESSD settings",
	} {
		if err := spec.Validate(); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%+v: got %v, want %q", *spec, err, want)
		}
	}
	// The same entry on an alicloud stack is a DiskStorageClass's, with its own rules.
	if err := (storage.DiskClassSpec{Categories: []string{"pd-ssd"}}).Validate(); err == nil || !strings.Contains(err.Error(), "categories[0]: is not a disk category") {
		t.Errorf("disk class: %v", err)
	}
}
