package tests

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/zonestack/zonestack/internal/base/cloudrules"
	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

// ruleReport is what checking every stack's registrations of one provider against a rule table found.
type ruleReport struct {
	set, ruled map[string]bool // "type path" of each property set, and of those with a rule
	problems   []string
}

// checkRules checks the registrations of every stack whose type is a provider's (ofProvider)
// against a rule table.
func checkRules(runs []stackRun, table cloudrules.Table, ofProvider func(typ string) bool) ruleReport {
	rep := ruleReport{set: map[string]bool{}, ruled: map[string]bool{}}
	for _, r := range runs {
		ids := map[string]bool{}
		for _, reg := range r.res.Recorder.Registrations() {
			if reg.ID != "" {
				ids[reg.ID] = true
			}
		}
		for _, reg := range r.res.Recorder.Registrations() {
			if !reg.Custom || !ofProvider(reg.Type) {
				continue
			}
			checked, problems := table.Check(reg.Type, unknownIDs(reg.Inputs, ids))
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

// isAlicloud says whether a registration's type is an alicloud resource or the alicloud provider.
func isAlicloud(typ string) bool {
	return strings.HasPrefix(typ, "alicloud:") || typ == "pulumi:providers:alicloud"
}

func checkAlicloudRules(runs []stackRun, table cloudrules.Table) ruleReport {
	return checkRules(runs, table, isAlicloud)
}

// unknownIDs is inputs with every other resource's ID unknown, as in a real preview, where a
// resource to be created has no ID yet: an offline run's stand-in IDs ("network-sg-id") are not
// the cloud's ("sg-..."), and a rule on an ID's format is the cloud's to meet.
func unknownIDs(inputs resource.PropertyMap, ids map[string]bool) resource.PropertyMap {
	var mask func(v resource.PropertyValue) resource.PropertyValue
	mask = func(v resource.PropertyValue) resource.PropertyValue {
		switch {
		case v.IsString() && ids[v.StringValue()]:
			return resource.MakeComputed(resource.NewProperty(""))
		case v.IsSecret():
			return resource.MakeSecret(mask(v.SecretValue().Element))
		case v.IsArray():
			out := make([]resource.PropertyValue, len(v.ArrayValue()))
			for i, e := range v.ArrayValue() {
				out[i] = mask(e)
			}
			return resource.NewProperty(out)
		case v.IsObject():
			return resource.NewProperty(unknownIDs(v.ObjectValue(), ids))
		}
		return v
	}
	out := resource.PropertyMap{}
	for k, v := range inputs {
		out[k] = mask(v)
	}
	return out
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

// statefulTypes are the resources whose replacement loses what runs on them or in them: the
// cluster, a machine's disk (stacked etcd with it), a database, a file system, and the security
// group a cluster is bound to.
var statefulTypes = []string{rt.CsManagedKubernetes, rt.EcsInstance, rt.RdsInstance, rt.NasFileSystem, rt.EcsSecurityGroup}

// usersChoice are ForceNew properties of stateful resources whose value is the user's own, read
// from the stack file as given: a change of it is the user's decision, which the preview shows as
// a replacement. Each says where the value comes from.
var usersChoice = map[string]string{
	rt.CsManagedKubernetes + " serviceCidr": "network.serviceCidr, or the plan of network.vpcCidr the user gave",
	rt.NasFileSystem + " storageType":       "storage.nas.storageType, when the stack sets it (else ignored after creation)",
	rt.NasFileSystem + " encryptType":       "storage.nas.encrypted and kmsKeyId, when the stack sets them (else ignored after creation)",
}

// No default of ours and no order of zones can replace a stateful resource: every ForceNew
// property it sends is either kept as created (ignoreChanges) or the user's own value.
func TestNoDefaultOfOursReplacesStatefulResources(t *testing.T) {
	checked := 0
	for _, r := range runAll(t) {
		for _, typ := range statefulTypes {
			for _, reg := range r.res.Recorder.ByType(typ) {
				paths, _ := cloudrules.Alicloud.Check(typ, reg.Inputs)
				for _, p := range paths {
					// A reference changes only with the resource it names, which this test checks too.
					if rule := cloudrules.Alicloud[typ][p]; !rule.ForceNew || rule.IsRef() {
						continue
					}
					checked++
					top, _, _ := strings.Cut(strings.Split(p, ".")[0], "[")
					if slices.Contains(reg.IgnoreChanges, top) || usersChoice[typ+" "+p] != "" {
						continue
					}
					t.Errorf("%s: %s %s: %s is ForceNew and neither ignored after creation nor the user's own value: a change of our default would replace it", r.name, typ, reg.Name, p)
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no ForceNew property of a stateful resource was checked")
	}
}
