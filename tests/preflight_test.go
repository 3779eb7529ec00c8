package tests

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/internal/app/offline"
	"github.com/zonestack/zonestack/internal/app/program"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

// preflightTokens are the functions the pre-flight calls.
var preflightTokens = []string{rt.AlicloudGetZones, rt.EcsGetInstanceTypes, rt.EcsGetImages, rt.CsGetKubernetesVersion}

// refused runs a stack of stacks/ (its config changed by edit, if given) against the fixture fx
// and returns the error, failing the test unless the run failed with every phrase of want in its
// message and registered nothing but the explicit provider the pre-flight asks through.
func refused(t *testing.T, stack string, fx *offline.Fixture, edit func(raw stackconfig.Raw), want ...string) string {
	t.Helper()
	raw, err := stackconfig.ReadStackFile(stackconfig.StackFile(stacksDir, stack))
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(raw)
	}
	// What program.OfflineRaw runs, under a recorder the test keeps.
	rec := offline.NewRecorder(stackconfig.Project, stack, offline.WithFixture(fx))
	err = pulumi.RunErr(func(ctx *pulumi.Context) error {
		cfg, err := stackconfig.Parse(stack, raw)
		if err != nil {
			return err
		}
		return program.Run(ctx, cfg)
	}, pulumi.WithMocks(stackconfig.Project, stack, rec))
	if err == nil {
		t.Fatalf("stack %s passed the pre-flight, want a refusal", stack)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("missing %q in:\n%v", w, err)
		}
	}
	var types []string
	for _, r := range rec.Registrations() {
		types = append(types, r.Type+" "+r.Name)
	}
	if !slices.Equal(types, []string{rt.AlicloudProvider + " alicloud"}) {
		t.Errorf("registered %v before the refusal; want only the provider", types)
	}
	return err.Error()
}

func TestPreflightRefusesAZoneTheRegionNoLongerHas(t *testing.T) {
	fx := offline.DefaultFixture()
	r := fx.Regions["cn-beijing"]
	r.Zones = slices.DeleteFunc(r.Zones, func(z *offline.FixtureZone) bool { return z.ID == "cn-beijing-k" })
	refused(t, "dev", fx, nil,
		`zones[2]: is not a zone getZones offers in cn-beijing now (no such zone, or ECS has sold out there); it offers cn-beijing-g, cn-beijing-h (got "cn-beijing-k")`)

	// A zone that is there but where ECS cannot create vSwitches now.
	fx = offline.DefaultFixture()
	fx.Zone("cn-beijing", "cn-beijing-g").ResourceCreation = []string{"Instance", "Disk"}
	refused(t, "dev", fx, nil,
		`zones[1]: is a zone of cn-beijing where ECS cannot create VSwitch now`, "zones that can: cn-beijing-h, cn-beijing-k")
}

func TestPreflightRefusesAnInstanceTypeAZoneDoesNotSell(t *testing.T) {
	fx := offline.DefaultFixture()
	z := fx.Zone("cn-beijing", "cn-beijing-g")
	z.InstanceTypes = slices.DeleteFunc(z.InstanceTypes, func(s string) bool { return s == "ecs.g6.2xlarge" })
	refused(t, "dev", fx, nil,
		`nodePools.instanceTypes[1]: is not sold in cn-beijing-g now; of its size or family it sells ecs.g6.4xlarge, ecs.g6.xlarge, ecs.g7.2xlarge, ecs.g8i.2xlarge; it is sold in cn-beijing-h, cn-beijing-k (got "ecs.g6.2xlarge")`)
}

func TestPreflightRefusesADiskCategoryAZoneDoesNotSell(t *testing.T) {
	fx := offline.DefaultFixture()
	z := fx.Zone("cn-hangzhou", "cn-hangzhou-j")
	z.DiskCategories = []string{"cloud_efficiency", "cloud_auto"}
	refused(t, "prod", fx, nil,
		`nodePools.dataDisks[0].category: is not a disk category cn-hangzhou-j sells now; it sells cloud_efficiency, cloud_auto (got "cloud_essd")`,
		`nodePools.systemDisk.categories[0]: is not a disk category cn-hangzhou-j sells now; it sells cloud_efficiency, cloud_auto (got "cloud_essd")`,
		`nodePools.systemDisk.categories[1]: is not a disk category cn-hangzhou-j sells now; it sells cloud_efficiency, cloud_auto (got "cloud_ssd")`)
}

// prod's old pin: ACK stopped creating 1.33 clusters (end of support 2026-05-31).
func TestPreflightRefusesAVersionACKNoLongerCreates(t *testing.T) {
	pin := func(raw stackconfig.Raw) {
		var c map[string]any
		if err := json.Unmarshal([]byte(raw.Values["zonestack:cluster"]), &c); err != nil {
			t.Fatal(err)
		}
		c["kubernetesVersion"] = "1.33.3-aliyun.1"
		b, _ := json.Marshal(c)
		raw.Values["zonestack:cluster"] = string(b)
	}
	refused(t, "prod", offline.DefaultFixture(), pin,
		`cluster.kubernetesVersion: is not a version ACK creates ManagedKubernetes clusters of in cn-hangzhou now; it creates 1.35.7-aliyun.1, 1.36.1-aliyun.1, 1.37.1-aliyun.1.`,
		`(got "1.33.3-aliyun.1")`)

	// What the answer offers is the fixture's.
	fx := offline.DefaultFixture()
	fx.KubernetesVersions["ManagedKubernetes"].Versions = []offline.FixtureVersion{{Version: "1.38.2-aliyun.1"}}
	refused(t, "prod", fx, pin, "it creates 1.38.2-aliyun.1.")
}

func TestPreflightRefusesAnImageTheRegionDoesNotHave(t *testing.T) {
	fx := offline.DefaultFixture()
	fx.Images.Images = []offline.FixtureImage{
		{ID: "aliyun_3_x64_20G_alibase_20261020.vhd", Name: "aliyun_3_x64_20G_alibase_20261020.vhd", OwnerAlias: "system", CreationTime: "2026-10-20T00:00:00Z"},
		{ID: "aliyun_3_x64_20G_alibase_20260610.vhd", Name: "aliyun_3_x64_20G_alibase_20260610.vhd", OwnerAlias: "system", CreationTime: "2026-06-10T00:00:00Z"},
		{ID: "ubuntu_24_04_x64_20G_alibase_20261001.vhd", Name: "ubuntu_24_04_x64_20G_alibase_20261001.vhd", OwnerAlias: "system", CreationTime: "2026-10-01T00:00:00Z"},
	}
	refused(t, "selfmanaged", fx, nil,
		`selfManaged.imageId: is not an image cn-hangzhou has now (getImages by ID found none) (zonestack's default); of its family it has aliyun_3_x64_20G_alibase_20261020.vhd, aliyun_3_x64_20G_alibase_20260610.vhd (got "aliyun_3_x64_20G_alibase_20250117.vhd")`)
}

// Offline, the pre-flight of every alicloud stack passes on the fixture, through the explicit
// provider, with a few invokes: getZones always, getKubernetesVersion only for a pinned cluster
// version, getImages only for a self-managed cluster.
func TestPreflightCallsPerStack(t *testing.T) {
	want := map[string][]string{
		"dev":         {rt.AlicloudGetZones},
		"burst":       {rt.AlicloudGetZones},
		"prod":        {rt.AlicloudGetZones},
		"selfmanaged": {rt.AlicloudGetZones, rt.EcsGetImages},
	}
	for _, r := range runAll(t) {
		prov, ok := r.res.Recorder.Named(rt.AlicloudProvider, "alicloud")
		var got []string
		for _, inv := range r.res.Recorder.Invocations() {
			if !slices.Contains(preflightTokens, inv.Token) {
				continue
			}
			got = append(got, inv.Token)
			if !ok || inv.Provider != prov.URN+"::"+prov.ID {
				t.Errorf("%s: %s through %q, want the stack's explicit provider", r.name, inv.Token, inv.Provider)
			}
		}
		if !slices.Equal(got, want[r.name]) {
			t.Errorf("%s: pre-flight invokes %v, want %v", r.name, got, want[r.name])
		}
	}
}

// A cluster that pins no version reports, offline, the newest version the fixture says ACK creates.
func TestUnpinnedClusterVersionFollowsTheFixture(t *testing.T) {
	raw, err := stackconfig.ReadStackFile(stackconfig.StackFile(stacksDir, "dev"))
	if err != nil {
		t.Fatal(err)
	}
	fx := offline.DefaultFixture()
	newest := fx.NewestKubernetesVersion("ManagedKubernetes")
	res, err := program.OfflineRaw("dev", raw)
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Outputs["kubernetesVersion"].Value; got != newest {
		t.Errorf("kubernetesVersion %v, want the fixture's newest %s", got, newest)
	}
	fx.KubernetesVersions["ManagedKubernetes"].Versions = append(fx.KubernetesVersions["ManagedKubernetes"].Versions,
		offline.FixtureVersion{Version: "1.38.2-aliyun.1"})
	if res, err = program.OfflineRaw("dev", raw, offline.WithFixture(fx)); err != nil {
		t.Fatal(err)
	}
	if got := res.Outputs["kubernetesVersion"].Value; got != "1.38.2-aliyun.1" {
		t.Errorf("kubernetesVersion %v with 1.38.2-aliyun.1 in the fixture", got)
	}
}

// The system pools' instance types are checked like the stateful pools': a default type no longer
// sold in a zone is refused under systemPool, saying it was the default.
func TestPreflightRefusesASystemPoolTypeAZoneNoLongerSells(t *testing.T) {
	fx := offline.DefaultFixture()
	z := fx.Zone("cn-beijing", "cn-beijing-g")
	z.InstanceTypes = slices.DeleteFunc(slices.Clone(fx.Regions["cn-beijing"].Defaults.InstanceTypes), func(t string) bool { return t == "ecs.g7.xlarge" })
	refused(t, "dev", fx, nil,
		`systemPool.instanceTypes[0]: is not sold in cn-beijing-g now (a default type of the system pool)`, `(got "ecs.g7.xlarge")`)
}
