// Package localcluster runs a stack's Kubernetes layer on a real local control plane: etcd,
// kube-apiserver, kube-controller-manager and kube-scheduler from k8s.io/kubernetes, started on
// loopback by kwokctl, with kwok playing the nodes and their kubelets.
//
// It mirrors the stack's pools as fake nodes (labels, taints, zone labels, the instance type's
// allocatable CPU and memory), applies the stack's objects with server-side apply, and runs two
// small controllers that stand in for the cloud: a disk provisioner that plays Alibaba Cloud's
// zonal disk CSI driver (a WaitForFirstConsumer claim gets a volume pinned to the zone of the node
// the scheduler chose) and an autoscaler that plays ACK's (a pod that cannot be scheduled gets a
// new node in the pool and zone that can take it, after a boot delay). For a stack with an HPA it
// runs metrics-server beside the control plane, kwok emulating the kubelets' resource metrics
// (EmulatedLoad sets the pods' CPU); for a stack with virtual nodes it adds one fake virtual node
// per zone, shaped as ACK's (VirtualNode). Everything else, the scheduling, the preemption, the
// binding, the HPA, is the real Kubernetes code.
//
// A fake node can also die as a real one does (Machines, nodedeath.go): kwok stops acting for it,
// and the real node lifecycle, taint eviction and StatefulSet controllers take it from there;
// Machines is also the stand-in cloud the fencing controller asks whether a machine is off.
package localcluster
