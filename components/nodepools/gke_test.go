package nodepools_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/nodepools"
	"github.com/zonestack/zonestack/internal/app/offline"
	"github.com/zonestack/zonestack/internal/app/testutil"
	"github.com/zonestack/zonestack/internal/base/cloudrules"
)

func gkeArgs() nodepools.GkeZonalPoolsArgs {
	a := nodepools.GkeZonalPoolsArgs{Location: "us-central1"}
	a.ClusterID = pulumi.String("zs-usc1")
	a.NodeZones = []string{"us-central1-a", "us-central1-b", "us-central1-c"}
	return a
}

// The same shape as on ACK: one pool per zone, seed 000's labels and taint, the zone's letter as
// its label; GKE's machine type, boot disk, Workload Identity and node count left to the
// autoscaler.
func TestGkeZonalPoolsFollowSeed000(t *testing.T) {
	var pools []nodepools.Pool
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		a := gkeArgs()
		zp, err := nodepools.NewGkeZonalPools(ctx, "sts", &a)
		if zp != nil {
			pools = zp.Pools
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	nps := rec.ByType("gcp:container/nodePool:NodePool")
	if len(nps) != 3 || len(pools) != 3 {
		t.Fatalf("%d node pools", len(nps))
	}
	byLetter := map[string]nodepools.Pool{}
	for _, p := range pools {
		byLetter[p.ZoneLabelValue] = p
	}
	for _, np := range nps {
		pool := byLetter[np.Name[strings.LastIndex(np.Name, "-")+1:]]
		in := np.Inputs
		zone := in["nodeLocations"].ArrayValue()
		if len(zone) != 1 || !strings.HasSuffix(zone[0].StringValue(), "-"+pool.ZoneLabelValue) {
			t.Errorf("%s: node locations %v", np.Name, zone)
		}
		cfg := in["nodeConfig"].ObjectValue()
		if cfg["machineType"].StringValue() != "n2-standard-8" || cfg["diskType"].StringValue() != "pd-ssd" ||
			cfg["workloadMetadataConfig"].ObjectValue()["mode"].StringValue() != "GKE_METADATA" {
			t.Errorf("%s: node config %v", np.Name, cfg)
		}
		labels := cfg["labels"].ObjectValue()
		if labels["usage"].StringValue() != "sts" || labels["avaliable_zone"].StringValue() != pool.ZoneLabelValue {
			t.Errorf("%s: labels %v", np.Name, labels)
		}
		taint := cfg["taints"].ArrayValue()[0].ObjectValue()
		if taint["key"].StringValue() != "usage" || taint["effect"].StringValue() != "NO_SCHEDULE" {
			t.Errorf("%s: taint %v", np.Name, taint)
		}
		as := in["autoscaling"].ObjectValue()
		if as["minNodeCount"].NumberValue() != 1 || as["maxNodeCount"].NumberValue() != 10 {
			t.Errorf("%s: autoscaling %v", np.Name, as)
		}
		if !slices.Contains(np.IgnoreChanges, "nodeCount") {
			t.Errorf("%s: pulumi up would reset the autoscaler's node count", np.Name)
		}
	}
}

// ACK's settings are refused where the types let them be written. An ECS key pair cannot be: a
// GkePoolSpec has no keyName.
func TestGkeZonalPoolsRejectACKSettings(t *testing.T) {
	cases := map[string]func(*nodepools.GkeZonalPoolsArgs){
		"instanceTypes: a GKE node pool takes one Compute Engine machine type": func(a *nodepools.GkeZonalPoolsArgs) { a.InstanceTypes = []string{"ecs.g7.2xlarge"} },
		"systemDisk.categories: a GKE node has one boot disk type":             func(a *nodepools.GkeZonalPoolsArgs) { a.SystemDisk.Categories = []string{"cloud_essd"} },
		"imageType: must be a GKE node image":                                  func(a *nodepools.GkeZonalPoolsArgs) { a.ImageType = "AliyunLinux3" },
		"zones.us-central1-b.imageType: must be a GKE node image": func(a *nodepools.GkeZonalPoolsArgs) {
			a.Zones = map[string]nodepools.GkeZoneSpec{"us-central1-b": {GkePoolSpec: nodepools.GkePoolSpec{ImageType: "AliyunLinux3"}}}
		},
		"location: is required": func(a *nodepools.GkeZonalPoolsArgs) { a.Location = "" },
	}
	for want, mutate := range cases {
		t.Run(want, func(t *testing.T) {
			testutil.Rejected(t, at(want), func(ctx *pulumi.Context) error {
				a := gkeArgs()
				mutate(&a)
				_, err := nodepools.NewGkeZonalPools(ctx, "sts", &a)
				return err
			})
		})
	}
}

func recordGkePools(t *testing.T, modify func(a *nodepools.GkeZonalPoolsArgs)) []offline.Registration {
	t.Helper()
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		a := gkeArgs()
		modify(&a)
		_, err := nodepools.NewGkeZonalPools(ctx, "sts", &a)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return rec.ByType("gcp:container/nodePool:NodePool")
}

// A change of zonestack's constants of the pools' ForceNew inputs (OAuth scopes, shielded-instance
// settings, the initial count) never replaces an existing pool; a pool that is replaced (a new
// name) is created before the old one is deleted, so its zone keeps capacity.
func TestChangedGkeDefaultsNeverReplaceAPool(t *testing.T) {
	const typ = "gcp:container/nodePool:NodePool"
	for _, np := range recordGkePools(t, func(a *nodepools.GkeZonalPoolsArgs) {}) {
		before := np.Inputs.Copy()
		cfg := before["nodeConfig"].ObjectValue().Copy()
		cfg["oauthScopes"] = resource.NewProperty([]resource.PropertyValue{resource.NewProperty("https://www.googleapis.com/auth/devstorage.read_only")})
		cfg["shieldedInstanceConfig"] = resource.NewProperty(resource.PropertyMap{"enableSecureBoot": resource.NewProperty(false), "enableIntegrityMonitoring": resource.NewProperty(false)})
		before["nodeConfig"] = resource.NewProperty(cfg)
		before["initialNodeCount"] = resource.NewProperty(3.0)
		replacing := testutil.Replacing(cloudrules.Gcp[typ], offline.Registration{Inputs: before}, np)
		if len(replacing) != 0 {
			t.Errorf("%s: new defaults of %v would replace the pool (ignoreChanges %v)", np.Name, replacing, np.IgnoreChanges)
		}
		if np.DeleteBeforeReplace {
			t.Errorf("%s: a replaced pool must be created before the old one goes", np.Name)
		}
		if !testutil.InputAt(np.Inputs, "nodeConfig.shieldedInstanceConfig.enableSecureBoot").BoolValue() {
			t.Errorf("%s: a new pool must still get secure boot", np.Name)
		}
	}
}

// GKE refuses pool names over 40 characters and, for a cluster in a release channel (every
// GkeCluster), auto-repair off.
func TestGkeZonalPoolsRefuseWhatGKERefuses(t *testing.T) {
	testutil.Rejected(t, at("name: gives the GKE node pool name"), func(ctx *pulumi.Context) error {
		a := gkeArgs()
		a.Name = strings.Repeat("a", 39) // with "-a": 41 characters
		_, err := nodepools.NewGkeZonalPools(ctx, "sts", &a)
		return err
	})
	testutil.Rejected(t, at("autoRepair: must be true on GKE"), func(ctx *pulumi.Context) error {
		a := gkeArgs()
		a.AutoRepair = pulumi.BoolRef(false)
		_, err := nodepools.NewGkeZonalPools(ctx, "sts", &a)
		return err
	})
	testutil.Rejected(t, at("zones.us-central1-c.autoRepair: must be true on GKE"), func(ctx *pulumi.Context) error {
		a := gkeArgs()
		a.Zones = map[string]nodepools.GkeZoneSpec{"us-central1-c": {GkePoolSpec: nodepools.GkePoolSpec{AutoRepair: pulumi.BoolRef(false)}}}
		_, err := nodepools.NewGkeZonalPools(ctx, "sts", &a)
		return err
	})
	// The plan says so, before any cluster exists.
	a := gkeArgs()
	a.Name, a.AutoRepair = strings.Repeat("a", 39), pulumi.BoolRef(false)
	if _, err := nodepools.PlanGkePools(a, "sts"); err == nil || !strings.Contains(err.Error(), "autoRepair: must be true on GKE") ||
		!strings.Contains(err.Error(), `name: gives the GKE node pool name "`+a.Name+`-a" (41 characters)`) {
		t.Errorf("PlanGkePools: %v", err)
	}
	if got := recordGkePools(t, func(a *nodepools.GkeZonalPoolsArgs) { a.Name = strings.Repeat("a", 38) }); len(got) != 3 {
		t.Errorf("a 40-character pool name is GKE's: %d pools", len(got))
	}
}
