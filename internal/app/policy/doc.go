// Package policy checks a stack as it would be applied: the registrations of an offline run
// against the rules that keep a stack highly available, private, encrypted and hard to destroy
// by mistake. `zonestack plan` runs every check (an error stops the plan, a warning is listed) and
// the tests run them on every stack; each check has a test with a stack that breaks it.
//
// A check applies to the components that exist; later components (databases, self-managed etcd,
// DNS) extend the list.
package policy
