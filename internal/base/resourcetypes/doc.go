// Package resourcetypes names the Pulumi type tokens of the alicloud resources and functions that
// zonestack registers, exactly as the provider declares them, and the provider plugin version the
// official SDK's packages pin; and the gcp, kubernetes, random and tls tokens (each checked against
// its SDK), the providers' and StackReference's. The SDK registers by these tokens itself; this package is for the
// code that reads a run back by type: the offline stand-ins, policy, reports and tests.
package resourcetypes
