// Package report computes what `zonestack plan` reports beyond the resource list: the estimated
// critical path of `pulumi up` (the longest chain of creations the engine must wait through,
// against the sum of every creation) and what a stack keeps when it loses one zone.
//
// Both read an offline run: the registrations, their dependencies and inputs. Creation times come
// from CreationTimes, a table whose every figure names its source.
package report
