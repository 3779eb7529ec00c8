// Package ackapi holds the Kubernetes APIs that ACK adds to a cluster and zonestack writes
// objects of: the scheduler's ResourcePolicy (ECS node pools first, ECI last), the CronHPA
// controller's CronHorizontalPodAutoscaler, and the names ACK's virtual nodes and Cloud
// Controller Manager read (taints, labels, annotations, the eci-profile ConfigMap).
//
// The Go types are written from ACK's documentation and the CronHPA controller's published CRD;
// the manifests package decodes every registered object into them strictly, so a misspelled
// field fails a test here rather than being dropped by the API server on a user's cluster. The
// CRDs under crds/ are what the local cluster installs to stand in for ACK: the CronHPA one is
// the controller's own, the ResourcePolicy one is transcribed from the documented fields
// (ACK ships it with its closed-source scheduler).
package ackapi
