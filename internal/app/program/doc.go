// Package program is the zonestack Pulumi program: it turns one stack's configuration into the
// components it asks for, wires them together (network into cluster, the explicit cloud
// provider into both) and returns the stack outputs.
//
// Validate checks the whole configuration through the components' own rules and reports every
// problem with its config path before Build registers anything. main.go and the offline tools
// both call Run, so `zonestack plan` shows exactly what `pulumi up` would register.
package program
