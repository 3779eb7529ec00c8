package localcluster

import (
	"fmt"
	"maps"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/zonestack/zonestack/components/nodepools"
	"github.com/zonestack/zonestack/internal/base/ackapi"
)

// Labels and annotations of the fake nodes.
const (
	// KwokNodeAnnotation makes kwok manage a node: keep it Ready and run its pods.
	KwokNodeAnnotation = "kwok.x-k8s.io/node"
	// PoolLabel names the pool a fake node belongs to. Not the system pools' own
	// zonestack.io/pool=system, which the node keeps.
	PoolLabel = "local.zonestack.io/pool"
	// ZoneLabel is the well-known zone label.
	ZoneLabel = "topology.kubernetes.io/zone"
	// DiskZoneLabel is the zone label Alibaba Cloud's disk CSI driver reports.
	DiskZoneLabel = "topology.diskplugin.csi.alibabacloud.com/zone"
	// InstanceTypeLabel is the well-known instance type label.
	InstanceTypeLabel = "node.kubernetes.io/instance-type"
)

// DefaultShape is the size of a fake node whose instance type zonestack does not know.
var DefaultShape = nodepools.InstanceShape{CPUs: 8, MemoryGiB: 32}

// Node returns the i-th fake node of a pool: the pool's labels and taints, the zone labels, and
// the allocatable resources of the pool's first instance type.
func Node(p nodepools.Pool, i int) *corev1.Node {
	typ := "unknown"
	shape := DefaultShape
	if len(p.MachineTypes) > 0 {
		typ = p.MachineTypes[0]
		if s, ok := nodepools.Shape(typ); ok {
			shape = s
		}
	}
	name := fmt.Sprintf("%s-%d", p.Name, i)
	labels := maps.Clone(p.Labels)
	maps.Copy(labels, map[string]string{
		ZoneLabel:                p.Zone,
		DiskZoneLabel:            p.Zone,
		InstanceTypeLabel:        typ,
		PoolLabel:                p.Name,
		"kubernetes.io/hostname": name,
		"kubernetes.io/os":       "linux",
		"kubernetes.io/arch":     "amd64",
		"type":                   "kwok",
	})
	if p.Role != nodepools.RoleSystem && strings.HasPrefix(typ, "ecs.") {
		// An ACK pool that autoscales: ACK labels its nodes so that system components keep off.
		labels[ackapi.AutoscaledNodeLabel] = ackapi.AutoscaledNodeLabelValue
	}
	var taints []corev1.Taint
	for _, t := range p.Taints {
		taints = append(taints, corev1.Taint{Key: t.Key, Value: t.Value, Effect: corev1.TaintEffect(t.Effect)})
	}
	milliCPU, memMiB := shape.Allocatable()
	capacity := corev1.ResourceList{
		corev1.ResourceCPU:    *resource.NewQuantity(int64(shape.CPUs), resource.DecimalSI),
		corev1.ResourceMemory: *resource.NewQuantity(int64(shape.MemoryGiB)<<30, resource.BinarySI),
		corev1.ResourcePods:   *resource.NewQuantity(110, resource.DecimalSI),
	}
	allocatable := corev1.ResourceList{
		corev1.ResourceCPU:    *resource.NewMilliQuantity(int64(milliCPU), resource.DecimalSI),
		corev1.ResourceMemory: *resource.NewQuantity(int64(memMiB)<<20, resource.BinarySI),
		corev1.ResourcePods:   *resource.NewQuantity(110, resource.DecimalSI),
	}
	return &corev1.Node{
		TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Node"},
		ObjectMeta: metav1.ObjectMeta{
			Name:        name,
			Labels:      labels,
			Annotations: map[string]string{KwokNodeAnnotation: "fake", ResourceMetricsPathAnnotation: ResourceMetricsPath(name)},
		},
		Spec: corev1.NodeSpec{Taints: taints, ProviderID: ProviderIDPrefix + name},
		Status: corev1.NodeStatus{
			Capacity:    capacity,
			Allocatable: allocatable,
			Phase:       corev1.NodeRunning,
		},
	}
}
