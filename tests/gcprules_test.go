package tests

import (
	"encoding/json"
	"maps"
	"strings"
	"testing"

	"github.com/zonestack/zonestack/internal/app/program"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
	"github.com/zonestack/zonestack/internal/base/cloudrules"
)

// isGcp says whether a registration's type is a gcp resource or the gcp provider.
func isGcp(typ string) bool { return strings.HasPrefix(typ, "gcp:") || typ == "pulumi:providers:gcp" }

// checkGcpRules checks the gcp registrations of every stack against a table.
func checkGcpRules(runs []stackRun, table cloudrules.Table) ruleReport {
	return checkRules(runs, table, isGcp)
}

// Every property that any stack sets on a gcp resource (and the gcp provider) has a rule recorded
// from terraform-provider-google v5.42.0 or the GKE and Cloud DNS API references, and every value
// in every plan keeps it.
func TestEveryGcpPropertyKeepsItsRule(t *testing.T) {
	rep := checkGcpRules(runAll(t), cloudrules.Gcp)
	t.Logf("MEASURE gcp properties set: %d, with a rule: %d", len(rep.set), len(rep.ruled))
	for _, p := range rep.problems {
		t.Error(p)
	}
	if len(rep.set) < 70 {
		t.Fatalf("only %d gcp properties seen", len(rep.set))
	}
	types := map[string]bool{}
	for k := range rep.set {
		typ, _, _ := strings.Cut(k, " ")
		types[typ] = true
	}
	for _, typ := range []string{"pulumi:providers:gcp", "gcp:container/cluster:Cluster", "gcp:container/nodePool:NodePool", "gcp:compute/network:Network",
		"gcp:compute/subnetwork:Subnetwork", "gcp:compute/router:Router", "gcp:compute/routerNat:RouterNat", "gcp:dns/managedZone:ManagedZone", "gcp:dns/recordSet:RecordSet"} {
		if !types[typ] {
			t.Errorf("no stack sets a property of %s: the check covers less than the plans", typ)
		}
	}
}

// The check above fails when a rule is missing: removing one leaves a property without a rule.
func TestARemovedGcpRuleIsFound(t *testing.T) {
	table := cloudrules.Table{}
	for typ, rules := range cloudrules.Gcp {
		table[typ] = maps.Clone(rules)
	}
	delete(table["gcp:container/nodePool:NodePool"], "nodeConfig.oauthScopes")
	rep := checkGcpRules(runAll(t), table)
	for _, p := range rep.problems {
		if strings.Contains(p, "gcp:container/nodePool:NodePool") && strings.Contains(p, "nodeConfig.oauthScopes: no rule is recorded") {
			return
		}
	}
	t.Fatalf("removing the node pool's oauthScopes rule went unnoticed: %v", rep.problems)
}

// gkeStack is stack gke-us-central1's file with edits of its JSON values.
func gkeStack(t *testing.T, edit func(values map[string]string)) stackconfig.Raw {
	t.Helper()
	raw, err := stackconfig.ReadStackFile(stackconfig.StackFile(stacksDir, "gke-us-central1"))
	if err != nil {
		t.Fatal(err)
	}
	raw.Values = maps.Clone(raw.Values)
	edit(raw.Values)
	return raw
}

func editJSON(t *testing.T, values map[string]string, key string, f func(m map[string]any)) {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(values[key]), &m); err != nil {
		t.Fatal(err)
	}
	f(m)
	b, _ := json.Marshal(m)
	values[key] = string(b)
}

// What GKE or the bridged provider refuses is refused before anything registers, with the stack
// file's field: EXTENDED (added in provider v5.43.0), auto-repair off on a release channel, a
// cluster name over 40 characters and a node pool name over 40 derived from the stack's name.
func TestGkeStackRefusesWhatGKERefuses(t *testing.T) {
	cases := map[string]func(t *testing.T, v map[string]string){
		"cluster.releaseChannel: EXTENDED was added in the Google provider v5.43.0": func(t *testing.T, v map[string]string) {
			editJSON(t, v, "zonestack:cluster", func(m map[string]any) { m["releaseChannel"] = "EXTENDED" })
		},
		"nodePools.autoRepair: must be true on GKE": func(t *testing.T, v map[string]string) {
			editJSON(t, v, "zonestack:nodePools", func(m map[string]any) { m["autoRepair"] = false })
		},
		"name: must be a GKE cluster name": func(t *testing.T, v map[string]string) {
			v["zonestack:name"] = strings.Repeat("z", 41)
		},
		// 38 characters give the pool name zzz...-sts-a, 44 characters.
		"shorten the stack's name": func(t *testing.T, v map[string]string) {
			v["zonestack:name"] = strings.Repeat("z", 38)
		},
		"nodePools.name": func(t *testing.T, v map[string]string) {
			editJSON(t, v, "zonestack:nodePools", func(m map[string]any) { m["name"] = strings.Repeat("p", 40) })
		},
	}
	for want, edit := range cases {
		t.Run(want, func(t *testing.T) {
			_, err := program.OfflineRaw("gke-us-central1", gkeStack(t, func(v map[string]string) { edit(t, v) }))
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("want an error with %q, got %v", want, err)
			}
		})
	}
	if _, err := program.OfflineRaw("gke-us-central1", gkeStack(t, func(v map[string]string) { v["zonestack:name"] = strings.Repeat("z", 31) })); err != nil {
		t.Errorf("a 31-character name gives pool names GKE takes (the longest, <name>-system-a, 40 characters): %v", err)
	}
}
