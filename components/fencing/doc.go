// Package fencing provides the NodeFencing component, which deploys zonestack's node fencing
// controller (cmd/zonestack-fencing) into a cluster: a ServiceAccount, a ClusterRole to read and
// patch nodes, a Role for its leader election Lease, a Deployment of two replicas (one leads and
// fences, the other waits) spread over zones and nodes, and a PodDisruptionBudget.
//
// The controller taints node.kubernetes.io/out-of-service a node that has been NotReady for
// NotReadyFor and whose instance the cloud (ECS, Compute Engine) reports stopped or released,
// so that Kubernetes force-deletes its pods and force-detaches their volumes and a StatefulSet
// member runs again in its zone; it removes the taint when the node is Ready again. It never
// fences a node whose machine may still be writing: only the cloud's word that it is off counts.
//
// zonestack publishes no image of the controller: Image is required, an image you build from
// cmd/zonestack-fencing and push to your registry (README, "When a node dies").
package fencing
