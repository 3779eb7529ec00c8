// Package apiaccess says how the machine that runs `pulumi up` of a stack reaches the API server
// of each cluster the stack applies Kubernetes objects to: which endpoint its kubernetes
// provider talks to, which sources that endpoint accepts, and, when none would let the runner
// in, what to change. A stack's cluster is made in the same `pulumi up` as its VPC, so on a first
// `up` no machine can be inside that VPC yet: only a public endpoint serves a first `up`.
//
// The program refuses an unreachable stack before registering anything; `zonestack plan`
// prints the route of every stack, a global stack's members included; the policy check
// api-reachable checks the same on the inputs the resources really get.
package apiaccess
