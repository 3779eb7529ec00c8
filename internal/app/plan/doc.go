// Package plan renders the result of an offline run as the plan that `zonestack plan` prints:
// every resource `pulumi up` would register, with its URN, type, name, parent, provider, inputs
// and dependencies, and the stack outputs. Every secret value is written as "[secret]".
//
// The JSON form is a contract for tools and tests:
//
//	{"stack": "...", "resources": [{"urn", "type", "name", "parent", "custom", "provider",
//	  "inputs", "dependencies"}], "outputs": {...}}
//
// The text form is for people: a tree by component, with counts.
package plan
