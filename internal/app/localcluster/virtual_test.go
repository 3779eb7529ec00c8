package localcluster

import (
	"slices"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/zonestack/zonestack/components/nodepools"
	"github.com/zonestack/zonestack/internal/base/ackapi"
)

// A fake virtual node is ACK's shape: named after its zone, labelled and tainted as
// ack-virtual-node's, in its zone, with its metrics path for metrics-server.
func TestVirtualNodeIsShapedAsACKs(t *testing.T) {
	n := VirtualNode("local-e")
	if n.Name != "virtual-kubelet-local-e" || n.Labels[ZoneLabel] != "local-e" {
		t.Errorf("name %s, zone %q", n.Name, n.Labels[ZoneLabel])
	}
	if n.Labels[ackapi.VirtualNodeLabelKey] != ackapi.VirtualNodeLabelValue || NodeKind(n) != "virtual" {
		t.Errorf("labels %v, kind %s", n.Labels, NodeKind(n))
	}
	want := corev1.Taint{Key: ackapi.VirtualNodeTaintKey, Value: ackapi.VirtualNodeTaintValue, Effect: corev1.TaintEffectNoSchedule}
	if !slices.Equal(n.Spec.Taints, []corev1.Taint{want}) {
		t.Errorf("taints %v, want %v", n.Spec.Taints, want)
	}
	if n.Annotations[KwokNodeAnnotation] != "fake" || n.Annotations[ResourceMetricsPathAnnotation] != "/metrics/nodes/virtual-kubelet-local-e/metrics/resource" {
		t.Errorf("annotations %v", n.Annotations)
	}
	if ecs := Node(nodepools.Pool{Name: "web-e", Zone: "local-e", MachineTypes: []string{"ecs.g7.xlarge"}, Labels: map[string]string{"usage": "web"}}, 0); NodeKind(ecs) != "ECS" ||
		ecs.Annotations[ResourceMetricsPathAnnotation] != ResourceMetricsPath(ecs.Name) {
		t.Errorf("pool node: kind %s, annotations %v", NodeKind(ecs), ecs.Annotations)
	}
}

// kwokctl v0.7.0 files a component's later --extra-args under the index of its first among all
// of them: every component's first must come before any component's second, whichever features
// (metrics-server, the node lifecycle) add them, and none may be lost.
func TestKwokctlExtraArgsComeFirstOfEachComponent(t *testing.T) {
	given := append(append([]string{"create", "cluster"}, metricsServerArgs()...), nodeLifecycleArgs()...)
	args := kwokctlArgs(given)
	var components []string
	for i, a := range args {
		if a == "--extra-args" {
			components = append(components, strings.SplitN(args[i+1], "=", 2)[0])
		}
		if strings.HasPrefix(a, "--extra-args=") {
			t.Fatalf("%q left in the --extra-args=V form", a)
		}
	}
	if n := strings.Count(strings.Join(given, " "), "--extra-args"); n != len(components) {
		t.Fatalf("%d extra args given, %d passed on: %v", n, len(components), args)
	}
	first := map[string]int{}
	for i, c := range components {
		if _, ok := first[c]; !ok {
			if len(first) != i {
				t.Fatalf("extra args %v: %s first appears at %d, after a repeat", components, c, i)
			}
			first[c] = i
		}
	}
	if len(first) != 3 {
		t.Errorf("components %v, want kube-controller-manager, metrics-server and kwok-controller", first)
	}
}

func TestWriteCountsByZoneAndKind(t *testing.T) {
	var b strings.Builder
	WriteCounts(&b, []PodRow{
		{Zone: "local-e", Kind: "ECS"}, {Zone: "local-e", Kind: "virtual"}, {Zone: "local-e", Kind: "virtual"},
		{Zone: "local-f", Kind: "virtual"}, {Zone: "-", Kind: "-"},
	})
	for _, want := range []string{"local-e  1       2", "local-f  0       1", "1 pods not placed"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("counts:\n%s\nwant a line with %q", b.String(), want)
		}
	}
}

// A pod that must run on a virtual node (eci mode's required affinity) never gets an ECS node
// from the stand-in autoscaler, however much room the pool's nodes have.
func TestAnECIOnlyPodDoesNotFitAnECSNode(t *testing.T) {
	pod := &corev1.Pod{Spec: corev1.PodSpec{
		Affinity: &corev1.Affinity{NodeAffinity: &corev1.NodeAffinity{RequiredDuringSchedulingIgnoredDuringExecution: &corev1.NodeSelector{
			NodeSelectorTerms: []corev1.NodeSelectorTerm{{MatchExpressions: []corev1.NodeSelectorRequirement{{
				Key: ackapi.VirtualNodeLabelKey, Operator: corev1.NodeSelectorOpIn, Values: []string{ackapi.VirtualNodeLabelValue},
			}}}},
		}}},
		Tolerations: []corev1.Toleration{{Key: ackapi.VirtualNodeTaintKey, Operator: corev1.TolerationOpEqual, Value: ackapi.VirtualNodeTaintValue, Effect: corev1.TaintEffectNoSchedule}},
	}}
	ecs := Node(nodepools.Pool{Name: "web-e", Zone: "local-e", MachineTypes: []string{"ecs.g7.xlarge"}, Labels: map[string]string{"usage": "web"}}, 0)
	if podFits(pod, ecs) {
		t.Error("an eci-only pod fits an ECS node")
	}
	if !podFits(pod, VirtualNode("local-e")) {
		t.Error("an eci-only pod does not fit a virtual node")
	}
	pod.Spec.Affinity = nil
	if !podFits(pod, ecs) {
		t.Error("a pod without affinity does not fit an ECS node")
	}
}
