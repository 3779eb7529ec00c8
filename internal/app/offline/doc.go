// Package offline runs the zonestack program with no cloud account: under the Pulumi SDK's mock
// monitor, with a Recorder that keeps every registration (type, name, parent, provider, inputs,
// dependencies, options) and every invoke, and stands in for the clouds' computed outputs.
//
// `zonestack plan` and the tests use the same Run, so what the plan shows is what the tests check.
// Only the clouds are stood in for: the program, the components, the Pulumi SDK and its
// marshalling of inputs, secrets and dependencies are the real ones.
package offline
