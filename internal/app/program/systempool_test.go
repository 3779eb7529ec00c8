package program_test

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/zonestack/zonestack/components/nodepools"
	"github.com/zonestack/zonestack/internal/app/offline"
	"github.com/zonestack/zonestack/internal/app/policy"
	"github.com/zonestack/zonestack/internal/app/program"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

const stackDir = "../../../stacks"

// plannedPool is a registered node pool as the scheduler sees it.
type plannedPool struct {
	name, zone string
	labels     map[string]string
	untainted  bool
}

func plannedPools(rec *offline.Recorder) []plannedPool {
	var out []plannedPool
	zoneOf := rec.VSwitchZones()
	for _, np := range rec.ByType(rt.CsNodePool) {
		taints := np.Inputs["taints"]
		p := plannedPool{name: np.Name, labels: map[string]string{}, untainted: !taints.IsArray() || len(taints.ArrayValue()) == 0}
		for _, l := range np.Inputs["labels"].ArrayValue() {
			p.labels[l.ObjectValue()["key"].StringValue()] = l.ObjectValue()["value"].StringValue()
		}
		for _, v := range np.Inputs["vswitchIds"].ArrayValue() {
			p.zone = zoneOf[v.StringValue()]
		}
		out = append(out, p)
	}
	for _, np := range rec.ByType("gcp:container/nodePool:NodePool") {
		cfg := np.Inputs["nodeConfig"].ObjectValue()
		p := plannedPool{name: np.Name, labels: map[string]string{}}
		p.untainted = !cfg["taints"].IsArray() || len(cfg["taints"].ArrayValue()) == 0
		for k, v := range cfg["labels"].ObjectValue() {
			p.labels[string(k)] = v.StringValue()
		}
		if locs := np.Inputs["nodeLocations"].ArrayValue(); len(locs) == 1 {
			p.zone = locs[0].StringValue()
		}
		out = append(out, p)
	}
	return out
}

// clusterStacks are the stacks of stacks/ with an ACK or GKE cluster.
func clusterStacks(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(stackDir, "Pulumi.*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range files {
		stack := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "Pulumi."), ".yaml")
		cfg, _, err := stackconfig.Load(stackDir, stack)
		if err != nil {
			t.Fatalf("%s: %v", stack, err)
		}
		if cfg.Cluster != nil && (cfg.Cloud == stackconfig.CloudAlicloud || cfg.Cloud == stackconfig.CloudGCP) {
			out = append(out, stack)
		}
	}
	if len(out) < 7 {
		t.Fatalf("only %v have a cluster", out)
	}
	return out
}

// Every ACK and GKE stack's plan has an untainted system pool in every one of its zones, which no
// placeholder and no stateful service selects, and the policy agrees.
func TestEveryClusterStackHasAnUntaintedSystemPoolPerZone(t *testing.T) {
	if _, err := os.Stat(stackDir); err != nil {
		t.Skip(err)
	}
	for _, stack := range clusterStacks(t) {
		t.Run(stack, func(t *testing.T) {
			cfg, _, _ := stackconfig.Load(stackDir, stack)
			res, err := program.Offline(stackDir, stack)
			if err != nil {
				t.Fatal(err)
			}
			pools := plannedPools(res.Recorder)
			for _, z := range cfg.Zones {
				n := 0
				for _, p := range pools {
					if p.zone == z && p.labels[nodepools.SystemPoolLabelKey] == nodepools.SystemPoolLabelValue {
						n++
						if !p.untainted {
							t.Errorf("system pool %s is tainted", p.name)
						}
						if p.labels["usage"] == "sts" {
							t.Errorf("system pool %s carries the stateful pools' label usage=sts", p.name)
						}
					}
				}
				if n != 1 {
					t.Errorf("zone %s has %d system pools, want 1", z, n)
				}
			}
			// No placeholder and no StatefulSet selects a system pool.
			for _, typ := range []string{"kubernetes:apps/v1:Deployment", "kubernetes:apps/v1:StatefulSet"} {
				for _, d := range res.Recorder.ByType(typ) {
					spec := resource.NewProperty(d.Inputs)
					if typ == "kubernetes:apps/v1:Deployment" && spec.ObjectValue()["metadata"].ObjectValue()["labels"].ObjectValue()["app.kubernetes.io/name"].StringValue() != "placeholder" {
						continue
					}
					sel := spec.ObjectValue()["spec"].ObjectValue()["template"].ObjectValue()["spec"].ObjectValue()["nodeSelector"]
					if !sel.IsObject() {
						continue
					}
					for _, p := range pools {
						if p.labels[nodepools.SystemPoolLabelKey] != nodepools.SystemPoolLabelValue {
							continue
						}
						match := true
						for k, v := range sel.ObjectValue() {
							match = match && p.labels[string(k)] == v.StringValue()
						}
						if match {
							t.Errorf("%s %s selects the system pool %s", typ, d.Name, p.name)
						}
					}
				}
			}
			for _, f := range policy.Run(cfg, res) {
				if f.Check == "system-pool" {
					t.Errorf("%v", f)
				}
			}
		})
	}
}

func systemPoolsOf(t *testing.T, rec *offline.Recorder) []offline.Registration {
	t.Helper()
	var out []offline.Registration
	for _, np := range rec.ByType(rt.CsNodePool) {
		if strings.HasPrefix(np.Name, "system-pools-") {
			out = append(out, np)
		}
	}
	return out
}

// With nothing set, an ACK cluster's system pools take the defaults and the stateful pools' key
// pair; no placeholder keeps them warm.
func TestSystemPoolDefaultsOnACK(t *testing.T) {
	v := values()
	v["zonestack:systemPool"] = `{}`
	v["zonestack:nodePools"] = `{"keyName":"ops","placeholders":{"cpu":"2"}}`
	res, err := run(t, v)
	if err != nil {
		t.Fatal(err)
	}
	sys := systemPoolsOf(t, res.Recorder)
	if len(sys) != 3 {
		t.Fatalf("%d system pools, want one per zone", len(sys))
	}
	for _, np := range sys {
		in := np.Inputs
		if got := in["nodePoolName"].StringValue(); got != "zonestack-test-system-"+strings.TrimPrefix(np.Name, "system-pools-") {
			t.Errorf("name %s", got)
		}
		var types []string
		for _, v := range in["instanceTypes"].ArrayValue() {
			types = append(types, v.StringValue())
		}
		if !slices.Equal(types, nodepools.DefaultSystemPoolInstanceTypes) {
			t.Errorf("%s instance types %v", np.Name, types)
		}
		// Fixed, not autoscaled: ACK's system pods avoid an autoscaled pool's nodes
		// (k8s.aliyun.com=true), and a later up keeps the size the stack says.
		if _, set := in["scalingConfig"]; set || in["desiredSize"].StringValue() != strconv.Itoa(nodepools.DefaultSystemPoolMinSize) {
			t.Errorf("%s scalingConfig %v desiredSize %v, want a fixed %d", np.Name, in["scalingConfig"], in["desiredSize"], nodepools.DefaultSystemPoolMinSize)
		}
		if slices.Contains(np.IgnoreChanges, "desiredSize") {
			t.Errorf("%s ignores desiredSize: a fixed pool's size is the stack's", np.Name)
		}
		if in["systemDiskSize"].NumberValue() != nodepools.DefaultSystemPoolDiskGiB || in["keyName"].StringValue() != "ops" {
			t.Errorf("%s disk %v key %v", np.Name, in["systemDiskSize"], in["keyName"])
		}
		if in["taints"].IsArray() {
			t.Errorf("%s tainted %v", np.Name, in["taints"])
		}
	}
	if n := len(res.Recorder.ByType("kubernetes:apps/v1:Deployment")); n != 3 {
		t.Errorf("%d placeholders, want the stateful pools' 3", n)
	}
	if _, ok := res.Outputs["systemNodePoolIds"]; !ok {
		t.Error("no systemNodePoolIds output")
	}
}

func TestSystemPoolOverridesOnACK(t *testing.T) {
	v := values()
	v["zonestack:systemPool"] = `{"instanceTypes":["ecs.g8i.xlarge"],"minSize":2,"maxSize":6,"diskGiB":80,"keyName":"sys"}`
	res, err := run(t, v)
	if err != nil {
		t.Fatal(err)
	}
	for _, np := range systemPoolsOf(t, res.Recorder) {
		in := np.Inputs
		if in["instanceTypes"].ArrayValue()[0].StringValue() != "ecs.g8i.xlarge" || in["desiredSize"].StringValue() != "2" ||
			in["systemDiskSize"].NumberValue() != 80 || in["keyName"].StringValue() != "sys" {
			t.Errorf("%s %v", np.Name, in)
		}
	}
}

func TestSystemPoolOnGKE(t *testing.T) {
	raw, err := stackconfig.ReadStackFile(stackconfig.StackFile(stackDir, "gke-us-central1"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := program.OfflineRaw("gke-us-central1", raw)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	for _, np := range res.Recorder.ByType("gcp:container/nodePool:NodePool") {
		if !strings.HasPrefix(np.Name, "system-pools-") {
			continue
		}
		n++
		nc := np.Inputs["nodeConfig"].ObjectValue()
		as := np.Inputs["autoscaling"].ObjectValue()
		if nc["machineType"].StringValue() != nodepools.DefaultGkeSystemPoolMachineTypes[0] || nc["diskType"].StringValue() != "pd-balanced" ||
			as["minNodeCount"].NumberValue() != 1 || as["maxNodeCount"].NumberValue() != nodepools.DefaultSystemPoolMaxSize {
			t.Errorf("%s %v %v", np.Name, nc, as)
		}
		if nc["labels"].ObjectValue()[nodepools.SystemPoolLabelKey].StringValue() != nodepools.SystemPoolLabelValue {
			t.Errorf("%s labels %v", np.Name, nc["labels"])
		}
		if len(np.Inputs["nodeLocations"].ArrayValue()) != 1 {
			t.Errorf("%s spans %v", np.Name, np.Inputs["nodeLocations"])
		}
	}
	if n != 3 {
		t.Fatalf("%d GKE system pools, want 3", n)
	}
}

// Bad system pool settings are refused under their config keys, before anything is registered.
func TestSystemPoolValidation(t *testing.T) {
	for _, tt := range []struct {
		name string
		set  map[string]string
		want []string
	}{
		{"sizes", map[string]string{"zonestack:systemPool": `{"keyName":"ops","instanceTypes":["g7"],"minSize":3,"maxSize":3,"diskGiB":10}`},
			[]string{"systemPool.instanceTypes[0]: must be an ECS instance type", "systemPool.maxSize: must be more than minSize 3", "systemPool.diskGiB: must be 20 to 2048 GiB"}},
		{"no key pair", map[string]string{"zonestack:systemPool": `{}`}, []string{"systemPool.keyName: is required"}},
		{"GKE machine type", map[string]string{"zonestack:cloud": "gcp", "zonestack:region": "us-central1", "gcp:project": "p",
			"zonestack:zones": `["us-central1-a","us-central1-b","us-central1-c"]`, "zonestack:systemPool": `{"instanceTypes":["ecs.g7.xlarge"]}`},
			[]string{"systemPool.instanceTypes: a GKE node pool takes one Compute Engine machine type"}},
		{"GKE pool name", map[string]string{"zonestack:cloud": "gcp", "zonestack:region": "us-central1", "gcp:project": "p",
			"zonestack:zones": `["us-central1-a","us-central1-b","us-central1-c"]`, "zonestack:systemPool": `{}`,
			"zonestack:name": "a-very-long-stack-name-for-gke-pools-x"},
			[]string{`name: gives the system node pool name "a-very-long-stack-name-for-gke-pools-x-system-a"`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v := values()
			for k, x := range tt.set {
				v[k] = x
			}
			res, err := run(t, v)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("missing %q in %v", w, err)
				}
			}
			if res != nil && len(res.Recorder.Registrations()) > 0 {
				t.Errorf("registered %d resources", len(res.Recorder.Registrations()))
			}
		})
	}
}
