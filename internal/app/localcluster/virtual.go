package localcluster

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/zonestack/zonestack/internal/base/ackapi"
)

// VirtualNodePrefix starts the name of every virtual node: ACK's ack-virtual-node makes one per
// zone, virtual-kubelet-<zone>.
const VirtualNodePrefix = "virtual-kubelet-"

// VirtualNodeShape is the capacity of a fake virtual node: large, as ECI's pool is to a cluster
// of this size; not ECI's figure (ACK reports its own), only enough that the local cluster's
// bursts never fill it.
var VirtualNodeShape = struct {
	MilliCPU, MemoryGiB, Pods int64
}{MilliCPU: 1000 * 1000, MemoryGiB: 4096, Pods: 2000}

// NodeKind says what a node stands for: "virtual" for a virtual node (ECI), "ECS" for the others.
func NodeKind(n *corev1.Node) string {
	if n.Labels[ackapi.VirtualNodeLabelKey] == ackapi.VirtualNodeLabelValue {
		return "virtual"
	}
	return "ECS"
}

// VirtualNode is the fake virtual node of a zone, shaped as ACK's: named virtual-kubelet-<zone>,
// labelled type=virtual-kubelet and with the zone, tainted
// virtual-kubelet.io/provider=alibabacloud:NoSchedule (so only pods that tolerate it, ACK's ECI
// recipe, go there), with VirtualNodeShape's capacity. kwok keeps it Ready and runs its pods.
func VirtualNode(zone string) *corev1.Node {
	name := VirtualNodePrefix + zone
	capacity := corev1.ResourceList{
		corev1.ResourceCPU:    *resource.NewMilliQuantity(VirtualNodeShape.MilliCPU, resource.DecimalSI),
		corev1.ResourceMemory: *resource.NewQuantity(VirtualNodeShape.MemoryGiB<<30, resource.BinarySI),
		corev1.ResourcePods:   *resource.NewQuantity(VirtualNodeShape.Pods, resource.DecimalSI),
	}
	return &corev1.Node{
		TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Node"},
		ObjectMeta: metav1.ObjectMeta{
			Name: name,
			Labels: map[string]string{
				ackapi.VirtualNodeLabelKey: ackapi.VirtualNodeLabelValue,
				ZoneLabel:                  zone,
				"kubernetes.io/hostname":   name,
				"kubernetes.io/os":         "linux",
				"kubernetes.io/arch":       "amd64",
			},
			Annotations: map[string]string{KwokNodeAnnotation: "fake", ResourceMetricsPathAnnotation: ResourceMetricsPath(name)},
		},
		Spec: corev1.NodeSpec{Taints: []corev1.Taint{{
			Key: ackapi.VirtualNodeTaintKey, Value: ackapi.VirtualNodeTaintValue, Effect: corev1.TaintEffectNoSchedule,
		}}},
		Status: corev1.NodeStatus{Capacity: capacity, Allocatable: capacity.DeepCopy(), Phase: corev1.NodeRunning},
	}
}

// CreateVirtualNodes creates the fake virtual node of each zone, as ack-virtual-node does on
// ACK; one that exists is kept.
func (c *Client) CreateVirtualNodes(ctx context.Context, zones []string) error {
	for _, z := range zones {
		_, err := c.Kube.CoreV1().Nodes().Create(ctx, VirtualNode(z), metav1.CreateOptions{FieldManager: FieldManager})
		if err != nil && !apierrors.IsAlreadyExists(err) {
			return err
		}
	}
	return nil
}
