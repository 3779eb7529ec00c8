// Package cloudrules records what the clouds accept for every property zonestack sets on a cloud
// resource: the allowed values, ranges and formats, whether a change replaces the resource
// (ForceNew), and the source each rule was read from (the provider's own code at the version our
// SDK bridges, or the cloud's API reference), cited beside the rule.
//
// The schema says a property's name and type; these rules say which values a real `pulumi up`
// accepts. Components validate what a stack file can set against them before anything is
// registered (with the stack file's field path), and a whole-program test checks every property of
// every stack's plan against its rule and fails on a property that has none.
//
// Paths name nested properties: "scalingConfig.minSize" is a field of an object, "labels[].key" a
// field of every element of a list.
package cloudrules
