package tests

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/zonestack/zonestack/internal/app/offline"
	"github.com/zonestack/zonestack/internal/app/program"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
)

// resize changes every size, count and version a stack sets, and nothing structural.
func resize(t *testing.T, raw stackconfig.Raw) stackconfig.Raw {
	t.Helper()
	out := stackconfig.Raw{Values: maps.Clone(raw.Values), Secrets: raw.Secrets}
	gke := out.Values["zonestack:cloud"] == "gcp"
	edit := func(key string, f func(m map[string]any)) {
		s, ok := out.Values["zonestack:"+key]
		if !ok {
			return
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(s), &m); err != nil {
			t.Fatal(err)
		}
		f(m)
		b, _ := json.Marshal(m)
		out.Values["zonestack:"+key] = string(b)
	}
	edit("cluster", func(m map[string]any) {
		if gke {
			m["kubernetesVersion"] = "1.34.1-gke.1000"
			return
		}
		// A version ACK creates now: the pre-flight refuses any other.
		m["kubernetesVersion"] = offline.DefaultFixture().NewestKubernetesVersion("ManagedKubernetes")
		m["maintenanceWindow"] = map[string]any{"weekdays": []string{"Sunday"}, "startTime": "01:30", "duration": "5h"}
	})
	edit("selfManaged", func(m map[string]any) {
		m["kubernetesVersion"] = "1.37.5"
		m["master"] = map[string]any{"instanceType": "ecs.g8i.4xlarge", "diskGiB": 200}
		m["worker"] = map[string]any{"instanceType": "ecs.g8i.4xlarge", "diskGiB": 800}
	})
	edit("network", func(m map[string]any) {
		if !gke {
			m["nat"] = map[string]any{"eipBandwidth": 150}
		}
	})
	edit("nodePools", func(m map[string]any) {
		m["minSize"], m["maxSize"] = 2, 50
		m["instanceTypes"] = []string{"ecs.g8i.4xlarge", "ecs.g7.4xlarge"}
		if gke {
			m["instanceTypes"] = []string{"n2-standard-16"}
		}
		ph := map[string]any{"cpu": "4", "memory": "8Gi", "replicas": 2}
		if old, ok := m["placeholders"].(map[string]any); ok && old["enabled"] != nil {
			ph["enabled"] = old["enabled"] // on or off is structural
		}
		m["placeholders"] = ph
		m["systemDisk"] = map[string]any{"sizeGiB": 200}
	})
	edit("workloads", func(m map[string]any) {
		for _, s := range list(m["elasticServices"]) {
			svc := s.(map[string]any)
			svc["image"] = "wordpress:6.7.1-apache"
			svc["resources"] = map[string]any{"requests": map[string]any{"cpu": "1", "memory": "1Gi"}, "limits": map[string]any{"cpu": "2", "memory": "2Gi"}}
			svc["autoscaling"] = map[string]any{"minReplicas": 30, "maxReplicas": 200, "targetCpuUtilization": 50}
			for _, j := range list(svc["schedules"]) {
				j.(map[string]any)["targetSize"] = 60
			}
		}
		for _, s := range list(m["statefulServices"]) {
			svc := s.(map[string]any)
			svc["replicas"] = 5
			svc["resources"] = map[string]any{"requests": map[string]any{"cpu": "1", "memory": "2Gi"}, "limits": map[string]any{"cpu": "2", "memory": "4Gi"}}
			svc["image"] = "nginx:1.27"
		}
	})
	if s, ok := out.Values["zonestack:databases"]; ok {
		var dbs []map[string]any
		if err := json.Unmarshal([]byte(s), &dbs); err != nil {
			t.Fatal(err)
		}
		for _, d := range dbs {
			d["storageGiB"], d["instanceType"] = 200, "mysql.n4.large.2c"
		}
		b, _ := json.Marshal(dbs)
		out.Values["zonestack:databases"] = string(b)
	}
	return out
}

// list is v as a JSON list; nil when it is absent.
func list(v any) []any {
	l, _ := v.([]any)
	return l
}

func urns(t *testing.T, stack string, raw stackconfig.Raw) []string {
	t.Helper()
	res, err := program.OfflineRaw(stack, raw)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range res.Recorder.Registrations() {
		out = append(out, r.URN)
	}
	slices.Sort(out)
	return out
}

// Changing sizes, counts and versions keeps every URN: nothing is replaced or deleted by it.
func TestResourceNamesSurviveNonStructuralChanges(t *testing.T) {
	for _, stack := range stacks(t) {
		raw, err := stackconfig.ReadStackFile(stackconfig.StackFile(stacksDir, stack))
		if err != nil {
			t.Fatal(err)
		}
		before, after := urns(t, stack, raw), urns(t, stack, resize(t, raw))
		if !slices.Equal(before, after) {
			for _, u := range before {
				if !slices.Contains(after, u) {
					t.Errorf("%s: %s is gone after a non-structural change", stack, u)
				}
			}
			for _, u := range after {
				if !slices.Contains(before, u) {
					t.Errorf("%s: %s is new after a non-structural change", stack, u)
				}
			}
		}
		if raw.Values["zonestack:nodePools"] == resize(t, raw).Values["zonestack:nodePools"] && raw.Values["zonestack:nodePools"] != "" {
			t.Errorf("%s: the resize changed nothing; the test would prove nothing", stack)
		}
	}
}

// Every URN an earlier release created (testdata/urns/<stack>.txt, the URNs of the release before
// workloads were named <namespace>/<name>) is still a URN of this release or an alias of exactly
// one of its resources: upgrading a stack renames, it does not replace.
func TestEarlierURNsStillResolve(t *testing.T) {
	renamed := 0
	for _, r := range runAll(t) {
		b, err := os.ReadFile(filepath.Join("testdata", "urns", r.name+".txt"))
		if err != nil {
			t.Errorf("%s: no earlier URNs (%v)", r.name, err)
			continue
		}
		owner := map[string][]string{}
		for _, reg := range r.res.Recorder.Registrations() {
			owner[reg.URN] = append(owner[reg.URN], reg.URN)
			for _, a := range reg.Aliases {
				owner[a] = append(owner[a], reg.URN)
			}
		}
		for _, old := range strings.Fields(string(b)) {
			switch got := owner[old]; {
			case len(got) == 0:
				t.Errorf("%s: %s is gone: an existing stack would delete it and create its successor", r.name, old)
			case len(got) > 1:
				t.Errorf("%s: %s is claimed by %v", r.name, old, got)
			case got[0] != old:
				renamed++
			}
		}
	}
	if renamed == 0 {
		t.Error("no URN was renamed; the aliases are not exercised")
	}
}
