package preflight_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/zonestack/zonestack/components/cluster"
	"github.com/zonestack/zonestack/internal/app/preflight"
	"github.com/zonestack/zonestack/internal/app/program"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
	"github.com/zonestack/zonestack/validation"
)

var (
	sells    = []string{"ecs.g6.2xlarge", "ecs.g6.4xlarge", "ecs.g7.2xlarge", "ecs.g7.4xlarge", "ecs.g8i.4xlarge", "ecs.c7.large"}
	disks    = []string{"cloud_efficiency", "cloud_ssd", "cloud_essd"}
	creates  = []string{"Instance", "Disk", "VSwitch"}
	versions = []string{"1.36.1-aliyun.1", "1.35.7-aliyun.1", "1.37.1-aliyun.1"}
)

// facts are the cloud's answers in which the base stack passes: every zone sells everything.
func facts() preflight.Facts {
	f := preflight.Facts{Region: "cn-hangzhou", KubernetesVersions: slices.Clone(versions)}
	for _, z := range []string{"cn-hangzhou-h", "cn-hangzhou-i", "cn-hangzhou-j"} {
		f.Zones = append(f.Zones, preflight.Zone{ID: z, ResourceCreation: slices.Clone(creates),
			InstanceTypes: slices.Clone(sells), DiskCategories: slices.Clone(disks)})
	}
	return f
}

func zone(f *preflight.Facts, id string) *preflight.Zone {
	for i := range f.Zones {
		if f.Zones[i].ID == id {
			return &f.Zones[i]
		}
	}
	panic("no zone " + id)
}

func without(list []string, drop string) []string {
	return slices.DeleteFunc(slices.Clone(list), func(s string) bool { return s == drop })
}

// base is an ACK stack with pools whose spec is set in every way a refusal can come from: the
// shared spec, a zone's override, a data disk.
func base() map[string]string {
	return map[string]string{
		"zonestack:cloud":   "alicloud",
		"zonestack:region":  "cn-hangzhou",
		"zonestack:zones":   `["cn-hangzhou-h","cn-hangzhou-i","cn-hangzhou-j"]`,
		"zonestack:cluster": `{"kubernetesVersion":"1.36.1-aliyun.1"}`,
		"zonestack:runner":  "vpc",
		"zonestack:nodePools": `{"keyName":"ops","instanceTypes":["ecs.g8i.4xlarge","ecs.g7.4xlarge"],
			"systemDisk":{"categories":["cloud_essd","cloud_ssd"]},
			"dataDisks":[{"category":"cloud_essd","sizeGiB":200}],
			"zones":{"cn-hangzhou-j":{"instanceTypes":["ecs.g7.4xlarge","ecs.g6.4xlarge"]}}}`,
	}
}

func check(t *testing.T, v map[string]string, f preflight.Facts) []validation.Problem {
	t.Helper()
	cfg, err := stackconfig.Parse("test", stackconfig.Raw{Values: v})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := program.Validate(cfg); err != nil {
		t.Fatalf("the stack must be valid offline: %v", err)
	}
	pools, err := program.Pools(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return validation.Problems(preflight.Check(cfg, pools, f))
}

// want fails unless the problems are at fields, in order, each naming value (unless it is "") and
// saying every phrase of says: what is offered instead.
func want(t *testing.T, problems []validation.Problem, fields []string, value string, says ...string) {
	t.Helper()
	var got []string
	for _, p := range problems {
		got = append(got, p.Field)
	}
	if !slices.Equal(got, fields) {
		t.Fatalf("problems at %v, want %v:\n%v", got, fields, problems)
	}
	for _, p := range problems {
		msg := p.Error()
		if value != "" && !strings.Contains(msg, `(got "`+value+`")`) {
			t.Errorf("%s does not name the value %q", msg, value)
		}
		for _, s := range says {
			if !strings.Contains(msg, s) {
				t.Errorf("%s does not say %q", msg, s)
			}
		}
	}
}

func TestEverythingOfferedPasses(t *testing.T) {
	if p := check(t, base(), facts()); len(p) != 0 {
		t.Fatalf("want no problem, got %v", p)
	}
}

func TestAZoneTheRegionDoesNotOffer(t *testing.T) {
	f := facts()
	f.Zones = slices.DeleteFunc(f.Zones, func(z preflight.Zone) bool { return z.ID == "cn-hangzhou-i" })
	// The zone's pool is not checked on top: one problem, at the zone.
	want(t, check(t, base(), f), []string{"zones[1]"}, "cn-hangzhou-i",
		"is not a zone getZones offers in cn-hangzhou now", "it offers cn-hangzhou-h, cn-hangzhou-j")
}

func TestAZoneThatCannotCreateInstances(t *testing.T) {
	f := facts()
	zone(&f, "cn-hangzhou-h").ResourceCreation = []string{"VSwitch", "Disk"}
	want(t, check(t, base(), f), []string{"zones[0]"}, "cn-hangzhou-h",
		"ECS cannot create Instance now", "zones that can: cn-hangzhou-i, cn-hangzhou-j")

	// A stack with no machine in its zones needs only vSwitches there.
	v := base()
	delete(v, "zonestack:nodePools")
	v["zonestack:systemPool"] = `{"keyName":"ops"}` // the system pools' key pair, nodePools' no more
	if p := check(t, v, f); len(p) != 0 {
		t.Errorf("a zone without instances refused for a stack without pools: %v", p)
	}
	zone(&f, "cn-hangzhou-h").ResourceCreation = []string{"Instance"}
	want(t, check(t, v, f), []string{"zones[0]"}, "cn-hangzhou-h", "cannot create VSwitch now")
}

func TestAnInstanceTypeAZoneDoesNotSell(t *testing.T) {
	f := facts()
	zone(&f, "cn-hangzhou-i").InstanceTypes = without(sells, "ecs.g8i.4xlarge")
	want(t, check(t, base(), f), []string{"nodePools.instanceTypes[0]"}, "ecs.g8i.4xlarge",
		"is not sold in cn-hangzhou-i now", "of its size or family it sells ecs.g6.4xlarge, ecs.g7.4xlarge",
		"it is sold in cn-hangzhou-h, cn-hangzhou-j")

	// A zone's override is refused under the zone's key, and only in that zone.
	f = facts()
	for i := range f.Zones {
		f.Zones[i].InstanceTypes = without(sells, "ecs.g6.4xlarge")
	}
	want(t, check(t, base(), f), []string{"nodePools.zones.cn-hangzhou-j.instanceTypes[1]"}, "ecs.g6.4xlarge",
		"is not sold in cn-hangzhou-j now", "ecs.g7.4xlarge, ecs.g8i.4xlarge")

	// zonestack's default types are refused under the shared key, saying they are the default.
	v := base()
	v["zonestack:nodePools"] = `{"keyName":"ops"}`
	f = facts()
	zone(&f, "cn-hangzhou-h").InstanceTypes = []string{"ecs.g7.4xlarge"}
	want(t, check(t, v, f), []string{"nodePools.instanceTypes[0]", "nodePools.instanceTypes[1]"}, "",
		"(zonestack's default)", "is not sold in cn-hangzhou-h now")
}

func TestADiskCategoryAZoneDoesNotSell(t *testing.T) {
	f := facts()
	zone(&f, "cn-hangzhou-j").DiskCategories = without(disks, "cloud_ssd")
	want(t, check(t, base(), f), []string{"nodePools.systemDisk.categories[1]"}, "cloud_ssd",
		"is not a disk category cn-hangzhou-j sells now", "it sells cloud_efficiency, cloud_essd")

	// The data disk's category, and the system disk's first choice, in every zone.
	f = facts()
	for i := range f.Zones {
		f.Zones[i].DiskCategories = []string{"cloud_ssd"}
	}
	want(t, check(t, base(), f), []string{
		"nodePools.dataDisks[0].category", "nodePools.dataDisks[0].category", "nodePools.dataDisks[0].category",
		"nodePools.systemDisk.categories[0]", "nodePools.systemDisk.categories[0]", "nodePools.systemDisk.categories[0]",
	}, "cloud_essd", "it sells cloud_ssd")
}

func TestAVersionACKDoesNotCreate(t *testing.T) {
	v := base()
	v["zonestack:cluster"] = `{"kubernetesVersion":"1.33.3-aliyun.1"}`
	want(t, check(t, v, facts()), []string{"cluster.kubernetesVersion"}, "1.33.3-aliyun.1",
		"is not a version ACK creates ManagedKubernetes clusters of in cn-hangzhou now",
		"it creates 1.35.7-aliyun.1, 1.36.1-aliyun.1, 1.37.1-aliyun.1", "drop the pin")

	// No pin, nothing to refuse.
	v["zonestack:cluster"] = `{}`
	if p := check(t, v, facts()); len(p) != 0 {
		t.Errorf("a cluster without a pin refused: %v", p)
	}
}

func selfManaged() map[string]string {
	return map[string]string{
		"zonestack:cloud":       "alicloud",
		"zonestack:region":      "cn-hangzhou",
		"zonestack:zones":       `["cn-hangzhou-h","cn-hangzhou-i","cn-hangzhou-j"]`,
		"zonestack:selfManaged": `{"imageId":"aliyun_3_x64_20G_alibase_20240819.vhd"}`,
		"zonestack:runner":      "vpc",
	}
}

func TestAnImageTheRegionDoesNotHave(t *testing.T) {
	f := facts()
	f.Image = &preflight.Image{ID: "aliyun_3_x64_20G_alibase_20240819.vhd",
		Offered: []string{"aliyun_3_x64_20G_alibase_20251120.vhd", "aliyun_3_x64_20G_alibase_20250117.vhd"}}
	want(t, check(t, selfManaged(), f), []string{"selfManaged.imageId"}, "aliyun_3_x64_20G_alibase_20240819.vhd",
		"is not an image cn-hangzhou has now", "of its family it has aliyun_3_x64_20G_alibase_20251120.vhd, aliyun_3_x64_20G_alibase_20250117.vhd")

	f.Image = &preflight.Image{ID: cluster.DefaultImageID}
	v := selfManaged()
	v["zonestack:selfManaged"] = `{}`
	want(t, check(t, v, f), []string{"selfManaged.imageId"}, cluster.DefaultImageID,
		"(zonestack's default)", "it has none of its family")

	f.Image.Found = true
	if p := check(t, v, f); len(p) != 0 {
		t.Errorf("an image that exists refused: %v", p)
	}
}

// Every refusal comes at once, sorted by field, in one error.
func TestEveryRefusalAtOnce(t *testing.T) {
	v := base()
	v["zonestack:cluster"] = `{"kubernetesVersion":"1.33.3-aliyun.1"}`
	f := facts()
	f.Zones = f.Zones[1:]
	zone(&f, "cn-hangzhou-i").InstanceTypes = without(sells, "ecs.g7.4xlarge")
	zone(&f, "cn-hangzhou-j").DiskCategories = []string{"cloud_essd"}
	cfg, _ := stackconfig.Parse("test", stackconfig.Raw{Values: v})
	pools, _ := program.Pools(cfg)
	err := preflight.Check(cfg, pools, f)
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "4 problems:\n") {
		t.Fatalf("want 4 problems in one error, got:\n%s", msg)
	}
	for _, w := range []string{
		"cluster.kubernetesVersion: is not a version",
		"nodePools.instanceTypes[1]: is not sold in cn-hangzhou-i now",
		"nodePools.systemDisk.categories[1]: is not a disk category cn-hangzhou-j sells now",
		"zones[0]: is not a zone getZones offers",
	} {
		if !strings.Contains(msg, w) {
			t.Errorf("missing %q in:\n%s", w, msg)
		}
	}
}

// Ask asks only what the stack needs: the zones of an alicloud stack, the versions when the
// cluster pins one, the image of a self-managed cluster with its family; a GKE stack nothing.
func TestAsk(t *testing.T) {
	parse := func(v map[string]string) *stackconfig.Config {
		cfg, err := stackconfig.Parse("test", stackconfig.Raw{Values: v})
		if err != nil {
			t.Fatal(err)
		}
		return cfg
	}
	if q := preflight.Ask(parse(base())); !q.Zones || q.KubernetesVersion != "1.36.1-aliyun.1" || q.ImageID != "" {
		t.Errorf("ACK stack asks %+v", q)
	}
	v := base()
	v["zonestack:cluster"] = `{}`
	if q := preflight.Ask(parse(v)); q.KubernetesVersion != "" {
		t.Errorf("a cluster without a pin asks for versions: %+v", q)
	}
	v = selfManaged()
	v["zonestack:selfManaged"] = `{}`
	q := preflight.Ask(parse(v))
	if q.ImageID != cluster.DefaultImageID || q.ImageFamily != `^aliyun_3_x64_20G_alibase_` {
		t.Errorf("self-managed stack asks %+v", q)
	}
	gke := map[string]string{"gcp:project": "p", "zonestack:cloud": "gcp", "zonestack:region": "us-east1",
		"zonestack:zones": `["us-east1-b","us-east1-c","us-east1-d"]`, "zonestack:cluster": `{}`}
	if q := preflight.Ask(parse(gke)); q != (preflight.Questions{}) {
		t.Errorf("a GKE stack asks %+v", q)
	}
}
