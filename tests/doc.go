// Package tests holds zonestack's whole-program tests: every stack file in stacks/ is run through
// the real program under the offline recorder, and the HA invariants, the provider schema, secret
// handling and the golden plans are checked on what it registers.
//
// Golden plans live in testdata/plans/<stack>.json; regenerate them after an intended change
// with `PULUMI_ACCEPT=1 go test ./tests/`.
package tests
