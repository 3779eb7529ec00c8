package alicloud_test

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/internal/alicloud"
	"github.com/zonestack/zonestack/internal/offline"
)

// An instance's password and user data reach the provider as secrets even when they were given in
// plain text, and the recorded inputs (nested data disks included) match the provider schema.
func TestInstancePasswordAndUserDataAreAlwaysSecret(t *testing.T) {
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		_, err := alicloud.NewInstance(ctx, "cp-1", &alicloud.InstanceArgs{
			InstanceType:   pulumi.String("ecs.g7.large"),
			ImageID:        pulumi.String("aliyun_3_x64_20G_alibase_20250101.vhd"),
			SecurityGroups: pulumi.StringArray{pulumi.String("sg-1")},
			VswitchID:      pulumi.String("vsw-1"),
			Password:       pulumi.String("plain-text-by-mistake"),
			UserData:       pulumi.String("I2Nsb3VkLWNvbmZpZwp0b2tlbjogYm9vdHN0cmFw"),
			SystemDiskSize: pulumi.Int(40),
			DataDisks: []alicloud.InstanceDataDiskArgs{{
				Size:      pulumi.Int(100),
				Category:  pulumi.String("cloud_essd"),
				Encrypted: pulumi.Bool(true),
			}},
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	inst, ok := rec.Named(alicloud.InstanceToken, "cp-1")
	if !ok {
		t.Fatal("instance not registered")
	}
	for _, key := range []string{"password", "userData"} {
		if v := inst.Inputs[resourceKey(key)]; !v.ContainsSecrets() {
			t.Errorf("%s sent as %v", key, v)
		}
	}
	if v := inst.Inputs["instanceType"]; v.ContainsSecrets() {
		t.Errorf("instanceType needlessly secret: %v", v)
	}
	for _, err := range loadSchema(t).CheckInputs(alicloud.InstanceToken, inst.Inputs) {
		t.Error(err)
	}
}

// An instance without the inputs the API needs in practice is refused before it is registered,
// and so is a data disk without a size.
func TestInstanceRequiresPracticalInputs(t *testing.T) {
	_, err := offline.Record(func(ctx *pulumi.Context) error {
		_, err := alicloud.NewInstance(ctx, "cp-1", &alicloud.InstanceArgs{
			InstanceType: pulumi.String("ecs.g7.large"),
			ImageID:      pulumi.String("img-1"),
			VswitchID:    pulumi.String("vsw-1"),
		})
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "SecurityGroups") {
		t.Fatalf("want an error naming SecurityGroups, got %v", err)
	}
	_, err = offline.Record(func(ctx *pulumi.Context) error {
		_, err := alicloud.NewInstance(ctx, "cp-1", &alicloud.InstanceArgs{
			InstanceType:   pulumi.String("ecs.g7.large"),
			ImageID:        pulumi.String("img-1"),
			SecurityGroups: pulumi.StringArray{pulumi.String("sg-1")},
			VswitchID:      pulumi.String("vsw-1"),
			DataDisks:      []alicloud.InstanceDataDiskArgs{{Category: pulumi.String("cloud_essd")}},
		})
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "Size") {
		t.Fatalf("want an error naming Size, got %v", err)
	}
}
