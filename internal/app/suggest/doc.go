// Package suggest finds the name a misspelled one most likely meant, for "did you mean" hints in
// the errors of the stack config and of the provider-schema checks.
package suggest
