// Package alicloud holds zonestack's typed bindings for the Pulumi alicloud provider.
//
// The provider's Go SDK is not published where we build, so each resource and function we use is
// bound here by hand: a typed Args struct whose fields carry the provider's own camelCase property
// names in `pulumi:"…"` tags, and a resource struct whose tagged fields receive the provider's
// outputs. Every resource registers by the provider's real type token with
// pulumi.Version(ProviderVersion), so on a machine where the engine can install the alicloud plugin
// `pulumi up` drives the real provider; here the same registrations run under mocks.
//
// Fields tagged `required:"true"` are checked before registering: the provider schema's required
// inputs plus those the cloud API needs in practice (a vSwitch without a zone is rejected by
// the API, not by the schema). The test in schema_test.go checks every binding listed by
// Resources and Functions against the provider's schema for this version: a misspelled
// property, a wrong type or a schema-required input without the tag fails it.
package alicloud
