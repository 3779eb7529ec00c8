package testutil

import (
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/zonestack/zonestack/internal/app/offline"
	"github.com/zonestack/zonestack/internal/base/cloudrules"
)

// InputAt is the input at a dotted path ("privateClusterConfig.masterIpv4CidrBlock"), null where
// the path leads nowhere.
func InputAt(in resource.PropertyMap, path string) resource.PropertyValue {
	v := resource.NewProperty(in)
	for _, k := range strings.Split(path, ".") {
		if !v.IsObject() {
			return resource.NewNullProperty()
		}
		v = v.ObjectValue()[resource.PropertyKey(k)]
	}
	return v
}

// Ignored says whether ignoreChanges covers path: the path itself or an object holding it.
func Ignored(ignore []string, path string) bool {
	for _, p := range ignore {
		if p == path || strings.HasPrefix(path, p+".") {
			return true
		}
	}
	return false
}

// Replacing lists the inputs that would make the engine replace a resource registered as before
// when it is registered as after: those the rules of its type mark ForceNew (references aside,
// which change only with what they name), whose value differs and which after does not ignore.
func Replacing(rules cloudrules.Rules, before, after offline.Registration) []string {
	var out []string
	for p, r := range rules {
		if !r.ForceNew || r.IsRef() || strings.Contains(p, "[]") {
			continue
		}
		if InputAt(before.Inputs, p).DeepEquals(InputAt(after.Inputs, p)) || Ignored(after.IgnoreChanges, p) {
			continue
		}
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}
