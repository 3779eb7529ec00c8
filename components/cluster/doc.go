// Package cluster provides the Kubernetes control planes of zonestack. This release has
// AckCluster: a managed ACK Pro cluster whose control plane spans the network's zones, with a
// private API endpoint unless asked otherwise, deletion protection, a maintenance window, the
// Terway network plugin and the CSI add-ons that disk and NAS volumes need. Its kubeconfig comes
// from cs/getClusterCredential as a secret, and a kubernetes Provider built from it is exposed for
// the components that put objects into the cluster.
//
// AckCluster expects the "alicloud" provider on the component (pulumi.Provider or
// pulumi.ProviderMap) or the stack's default one. Its kubernetes Provider is created by the
// component; pass it on with pulumi.Provider(c.Provider).
package cluster
