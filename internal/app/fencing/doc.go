// Package fencing is zonestack's node fencing controller: it tells Kubernetes that a dead node's
// machine is off, so that the node's stateful members run again elsewhere in their zone.
//
// When a node dies without a clean shutdown its kubelet confirms nothing: the node goes NotReady
// after kube-controller-manager's --node-monitor-grace-period, its pods are evicted after their
// not-ready/unreachable tolerations, and a StatefulSet member then stays Terminating for as long
// as the node object exists, its disk attached to the dead machine (kubernetes/kubernetes#55713).
// Kubernetes' answer is non-graceful node shutdown: the node.kubernetes.io/out-of-service taint
// (GA in 1.28) makes the pod garbage collector force-delete the node's terminating pods and the
// attach/detach controller force-detach their volumes. Someone must know the machine is off.
//
// The controller adds that taint to a node that has been NotReady for NotReadyFor and whose
// instance the cloud reports stopped, released or failed, and removes it (only the taint it
// added) once the node is Ready again; a deleted node takes its taint with it. It never fences on
// anything less than the cloud's word: two writers on one zonal disk is data loss, so an instance
// the cloud reports running, or any error or unknown answer, leaves the node alone.
//
// Cloud is the small interface it asks; ECS (Alibaba Cloud, DescribeInstanceStatus) and the
// stand-in cloud of the local cluster implement it. cmd/zonestack-fencing is the binary, and
// components/fencing the Pulumi component that deploys it into a cluster.
package fencing
