package cloudrules

import (
	"fmt"
	"maps"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Rules are the rules of one resource type, by property path.
type Rules map[string]Rule

// Table holds rules by resource type token.
type Table map[string]Rules

// Alicloud holds the rules of every alicloud resource and the provider zonestack registers. The
// provider's source is terraform-provider-alicloud v1.285.0, the upstream of pulumi-alicloud
// 3.105.0; its files are cited by name ("resource_alicloud_pvtz_zone_record.go").
var Alicloud = merge(alicloudProvider, csRules, ecsRules, vpcRules, nasRules, ossRules, rdsRules, nlbRules, ramRules, dnsRules, pvtzRules, csAutoscalingRules)

func merge(parts ...Table) Table {
	out := Table{}
	for _, p := range parts {
		for typ, rules := range p {
			if _, dup := out[typ]; dup {
				panic("cloudrules: rules of " + typ + " are written twice")
			}
			out[typ] = rules
		}
	}
	return out
}

// Problem is one property of a registration that breaks its rule or has none.
type Problem struct {
	Path string
	// NoRule: the property has no recorded rule.
	NoRule bool
	Err    error
}

// Error says which property and what is wrong with it.
func (p Problem) Error() string {
	if p.NoRule {
		return p.Path + ": no rule is recorded for this property"
	}
	return p.Path + ": " + p.Err.Error()
}

// Check checks every property a registration of type typ sends. It returns the paths it checked
// and a problem for each property that breaks its rule or has none; a type without rules is one
// problem.
func (t Table) Check(typ string, inputs resource.PropertyMap) (checked []string, problems []Problem) {
	rules, ok := t[typ]
	if !ok {
		return nil, []Problem{{Path: typ, NoRule: true}}
	}
	var walk func(path string, v resource.PropertyValue)
	walk = func(path string, v resource.PropertyValue) {
		v = Plain(v)
		if r, ok := rules[path]; ok {
			checked = append(checked, path)
			if err := r.Check(v, inputs); err != nil {
				problems = append(problems, Problem{Path: path, Err: err})
			}
			return
		}
		switch {
		case v.IsObject():
			obj := v.ObjectValue()
			for _, k := range slices.Sorted(maps.Keys(obj)) {
				walk(path+"."+string(k), obj[k])
			}
			return
		case v.IsArray() && len(v.ArrayValue()) > 0 && Plain(v.ArrayValue()[0]).IsObject():
			for _, e := range v.ArrayValue() {
				walk(path+"[]", e)
			}
			return
		}
		problems = append(problems, Problem{Path: path, NoRule: true})
	}
	for _, k := range slices.Sorted(maps.Keys(inputs)) {
		walk(string(k), inputs[k])
	}
	return checked, problems
}

// Must returns the rule of typ's property path; a missing rule is a bug in the program, not input.
func (t Table) Must(typ, path string) Rule {
	r, ok := t[typ][path]
	if !ok {
		panic(fmt.Sprintf("cloudrules: no rule for %s %s", typ, path))
	}
	return r
}
