// Package schemacheck checks zonestack's alicloud bindings, and the inputs a program actually
// registers, against the provider's own Pulumi schema (../shared/schemas/alicloud-subset.json,
// provider 3.105.0).
//
// It answers two questions: does every bound Go struct name only declared properties with
// compatible types and tag every schema-required input as required (Binding checks); and does
// every registration recorded from a run send only declared properties, with the right types,
// and every required one (CheckInputs)? It is used by tests only, but lives outside _test files so
// that whole-program tests in tests/ can use it too.
package schemacheck
