package tests

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/zonestack/zonestack/internal/cloudrules"
)

// ruleReport is what checking every stack's alicloud registrations against a rule table found.
type ruleReport struct {
	set, ruled map[string]bool // "type path" of each property set, and of those with a rule
	problems   []string
}

func checkAlicloudRules(runs []stackRun, table cloudrules.Table) ruleReport {
	rep := ruleReport{set: map[string]bool{}, ruled: map[string]bool{}}
	for _, r := range runs {
		for _, reg := range r.res.Recorder.Registrations() {
			if !reg.Custom || !(strings.HasPrefix(reg.Type, "alicloud:") || reg.Type == "pulumi:providers:alicloud") {
				continue
			}
			checked, problems := table.Check(reg.Type, reg.Inputs)
			for _, p := range checked {
				rep.set[reg.Type+" "+p], rep.ruled[reg.Type+" "+p] = true, true
			}
			for _, p := range problems {
				if p.NoRule {
					rep.set[reg.Type+" "+p.Path] = true
				}
				rep.problems = append(rep.problems, fmt.Sprintf("%s: %s %s: %v", r.name, reg.Type, reg.Name, p))
			}
		}
	}
	slices.Sort(rep.problems)
	rep.problems = slices.Compact(rep.problems)
	return rep
}

// Every property that any stack sets on an alicloud resource has a rule recorded from the
// provider's source or Alibaba Cloud's API reference, and every value in every plan keeps it.
func TestEveryAlicloudPropertyKeepsItsRule(t *testing.T) {
	rep := checkAlicloudRules(runAll(t), cloudrules.Alicloud)
	t.Logf("MEASURE alicloud properties set: %d, with a rule: %d", len(rep.set), len(rep.ruled))
	for _, p := range rep.problems {
		t.Error(p)
	}
	if len(rep.set) < 250 {
		t.Fatalf("only %d alicloud properties seen", len(rep.set))
	}
}

// The check above fails when a rule is missing: removing one leaves a property without a rule.
func TestARemovedRuleIsFound(t *testing.T) {
	table := cloudrules.Table{}
	for typ, rules := range cloudrules.Alicloud {
		table[typ] = cloudrules.Rules{}
		for p, r := range rules {
			table[typ][p] = r
		}
	}
	delete(table["alicloud:vpc/switch:Switch"], "zoneId")
	rep := checkAlicloudRules(runAll(t), table)
	for _, p := range rep.problems {
		if strings.Contains(p, "alicloud:vpc/switch:Switch") && strings.Contains(p, "zoneId: no rule is recorded") {
			return
		}
	}
	t.Fatalf("removing the vSwitch's zoneId rule went unnoticed: %v", rep.problems)
}
