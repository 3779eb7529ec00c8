package offline

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud"
	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/cs"
	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/ecs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// The embedded fixture parses, fills each zone from its region's defaults, records where its ACK
// versions come from, and no longer offers 1.33 (support ended 2026-05-31).
func TestDefaultFixture(t *testing.T) {
	fx := DefaultFixture()
	for _, id := range []string{"cn-beijing-h", "cn-beijing-g", "cn-beijing-k"} {
		z := fx.Zone("cn-beijing", id)
		if z == nil || !slices.Contains(z.InstanceTypes, "ecs.g7.2xlarge") || !slices.Contains(z.DiskCategories, "cloud_essd") ||
			!slices.Contains(z.ResourceCreation, "VSwitch") {
			t.Errorf("%s: %+v", id, z)
		}
	}
	v := fx.KubernetesVersions["ManagedKubernetes"]
	if v == nil || len(v.Sources) == 0 || v.Comment == "" {
		t.Fatalf("the ACK versions name no source: %+v", v)
	}
	for _, x := range v.Versions {
		if strings.HasPrefix(x.Version, "1.33.") || strings.HasPrefix(x.Version, "1.34.") {
			t.Errorf("%s: ACK no longer creates that minor", x.Version)
		}
	}
	if got := fx.NewestKubernetesVersion("ManagedKubernetes"); got != "1.37.1-aliyun.1" {
		t.Errorf("newest %s", got)
	}
	fx.AddRegion("cn-shenzhen", fx.Regions["cn-beijing"].Defaults, "cn-shenzhen-a", "cn-shenzhen-b")
	if z := fx.Zone("cn-shenzhen", "cn-shenzhen-b"); z == nil || !slices.Equal(z.InstanceTypes, fx.Regions["cn-beijing"].Defaults.InstanceTypes) {
		t.Errorf("added zone %+v", z)
	}
	// A copy is the test's own.
	fx.Zone("cn-beijing", "cn-beijing-h").InstanceTypes = nil
	if len(DefaultFixture().Zone("cn-beijing", "cn-beijing-h").InstanceTypes) == 0 {
		t.Error("changing one copy changed the next")
	}
}

func TestCompareVersions(t *testing.T) {
	for _, tt := range []struct{ a, b string }{
		{"1.36.1-aliyun.1", "1.35.7-aliyun.1"}, {"1.35.10-aliyun.1", "1.35.7-aliyun.1"}, {"1.35.7-aliyun.2", "1.35.7-aliyun.1"},
	} {
		if compareVersions(tt.a, tt.b) <= 0 || compareVersions(tt.b, tt.a) >= 0 {
			t.Errorf("%s is newer than %s", tt.a, tt.b)
		}
	}
}

// The four functions answer through the SDK's own invokes, in the region of the explicit
// provider they name, with the provider's filters applied.
func TestFixtureAnswersTheSDKsInvokes(t *testing.T) {
	fx := DefaultFixture()
	fx.Zone("cn-hangzhou", "cn-hangzhou-j").InstanceTypes = []string{"ecs.g7.2xlarge"}
	var zones *alicloud.GetZonesResult
	var soldJ *alicloud.GetZonesResult
	var types *ecs.GetInstanceTypesResult
	var byID, noImage *ecs.GetImagesResult
	var versions *cs.GetKubernetesVersionResult
	var bareImages error
	rec, err := Record(func(ctx *pulumi.Context) error {
		prov, err := alicloud.NewProvider(ctx, "alicloud", &alicloud.ProviderArgs{Region: pulumi.String("cn-hangzhou")})
		if err != nil {
			return err
		}
		on := pulumi.Provider(prov)
		if zones, err = alicloud.GetZones(ctx, &alicloud.GetZonesArgs{EnableDetails: pulumi.BoolRef(true)}, on); err != nil {
			return err
		}
		if soldJ, err = alicloud.GetZones(ctx, &alicloud.GetZonesArgs{AvailableInstanceType: pulumi.StringRef("ecs.g8i.4xlarge")}, on); err != nil {
			return err
		}
		if types, err = ecs.GetInstanceTypes(ctx, &ecs.GetInstanceTypesArgs{InstanceType: pulumi.StringRef("ecs.g8i.4xlarge")}, on); err != nil {
			return err
		}
		id := "aliyun_3_x64_20G_alibase_20250117.vhd"
		if byID, err = ecs.GetImages(ctx, &ecs.GetImagesArgs{ImageId: &id, MostRecent: pulumi.BoolRef(true)}, on); err != nil {
			return err
		}
		if noImage, err = ecs.GetImages(ctx, &ecs.GetImagesArgs{ImageId: pulumi.StringRef("m-gone"), MostRecent: pulumi.BoolRef(true)}, on); err != nil {
			return err
		}
		_, bareImages = ecs.GetImages(ctx, &ecs.GetImagesArgs{ImageId: &id}, on)
		versions, err = cs.GetKubernetesVersion(ctx, &cs.GetKubernetesVersionArgs{ClusterType: "ManagedKubernetes"}, on)
		return err
	}, WithFixture(fx))
	if err != nil {
		t.Fatal(err)
	}
	if len(zones.Zones) != 3 || zones.Zones[0].Id != "cn-hangzhou-h" || len(zones.Zones[0].AvailableInstanceTypes) == 0 ||
		!slices.Contains(zones.Zones[2].AvailableResourceCreations, "Instance") || len(zones.Zones[1].AvailableDiskCategories) == 0 {
		t.Errorf("getZones with details: %+v", zones.Zones)
	}
	if !slices.Equal(soldJ.Ids, []string{"cn-hangzhou-h", "cn-hangzhou-i"}) || len(soldJ.Zones[0].AvailableInstanceTypes) != 0 {
		t.Errorf("getZones for a type cn-hangzhou-j stopped selling, without details: %+v", soldJ)
	}
	if len(types.InstanceTypes) != 1 || types.InstanceTypes[0].CpuCoreCount != 16 || types.InstanceTypes[0].Family != "ecs.g8i" ||
		!slices.Equal(types.InstanceTypes[0].AvailabilityZones, []string{"cn-hangzhou-h", "cn-hangzhou-i"}) {
		t.Errorf("getInstanceTypes: %+v", types.InstanceTypes)
	}
	if len(byID.Images) != 1 || byID.Images[0].ImageOwnerAlias != "system" || len(noImage.Images) != 0 {
		t.Errorf("getImages: %+v, %+v", byID.Images, noImage.Images)
	}
	if bareImages == nil || !strings.Contains(bareImages.Error(), "one of nameRegex, owners or mostRecent") {
		t.Errorf("getImages by ID alone: %v, want the provider's refusal", bareImages)
	}
	var got []string
	for _, m := range versions.Metadatas {
		got = append(got, m.Version)
	}
	if !slices.Equal(got, []string{"1.35.7-aliyun.1", "1.36.1-aliyun.1", "1.37.1-aliyun.1"}) || versions.Metadatas[2].Runtimes[0].Name != "containerd" {
		t.Errorf("getKubernetesVersion: %+v", versions.Metadatas)
	}
	for _, inv := range rec.Invocations() {
		if !strings.HasPrefix(inv.Provider, "urn:pulumi:test::zonestack::pulumi:providers:alicloud::alicloud::") {
			t.Errorf("%s through %q", inv.Token, inv.Provider)
		}
	}
}

// A region the fixture has no answers for, or an invoke without the explicit provider, fails
// with the fixture's path rather than answering that the region has no zones.
func TestFixtureRefusesWhatItCannotAnswer(t *testing.T) {
	_, err := Record(func(ctx *pulumi.Context) error {
		prov, err := alicloud.NewProvider(ctx, "alicloud", &alicloud.ProviderArgs{Region: pulumi.String("cn-shenzhen")})
		if err != nil {
			return err
		}
		_, err = alicloud.GetZones(ctx, &alicloud.GetZonesArgs{}, pulumi.Provider(prov))
		return err
	})
	if err == nil || !strings.Contains(err.Error(), FixturePath+" has no answers for region cn-shenzhen") {
		t.Errorf("unknown region: %v", err)
	}
	_, err = Record(func(ctx *pulumi.Context) error {
		_, err := alicloud.GetZones(ctx, &alicloud.GetZonesArgs{})
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "no explicit alicloud provider") {
		t.Errorf("default provider: %v", err)
	}
}
