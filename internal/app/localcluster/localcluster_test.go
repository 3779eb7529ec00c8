package localcluster

import (
	"context"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/zonestack/zonestack/components/nodepools"
)

func seedPool(t *testing.T) nodepools.Pool {
	t.Helper()
	a := nodepools.ZonalPoolsArgs{
		ClusterID: pulumi.String("c"),
		VSwitches: []nodepools.PoolZone{{Zone: "cn-beijing-h", VSwitchID: pulumi.String("v")}},
	}
	a.InstanceTypes = []string{"ecs.g7.xlarge"}
	pools, err := nodepools.PlanPools(a, "sts")
	if err != nil {
		t.Fatal(err)
	}
	return pools[0]
}

func TestNodeMirrorsThePool(t *testing.T) {
	n := Node(seedPool(t), 2)
	if n.Name != "sts-h-2" || n.Annotations[KwokNodeAnnotation] != "fake" {
		t.Fatalf("node %s %v", n.Name, n.Annotations)
	}
	for k, v := range map[string]string{"usage": "sts", "avaliable_zone": "h", ZoneLabel: "cn-beijing-h", DiskZoneLabel: "cn-beijing-h",
		InstanceTypeLabel: "ecs.g7.xlarge", PoolLabel: "sts-h", "kubernetes.io/hostname": "sts-h-2"} {
		if n.Labels[k] != v {
			t.Errorf("label %s = %q, want %q", k, n.Labels[k], v)
		}
	}
	if len(n.Spec.Taints) != 1 || n.Spec.Taints[0].Key != "usage" || n.Spec.Taints[0].Effect != corev1.TaintEffectNoSchedule {
		t.Errorf("taints %v", n.Spec.Taints)
	}
	if got := n.Status.Allocatable.Cpu().MilliValue(); got != 3820 {
		t.Errorf("allocatable cpu %dm, want the instance type's 3820m", got)
	}
	if got := n.Status.Capacity.Cpu().Value(); got != 4 {
		t.Errorf("capacity cpu %d", got)
	}
}

func TestPodFits(t *testing.T) {
	n := Node(seedPool(t), 0)
	pod := func(cpu string, sel map[string]string, tol ...corev1.Toleration) *corev1.Pod {
		return &corev1.Pod{Spec: corev1.PodSpec{
			NodeSelector: sel,
			Tolerations:  tol,
			Containers: []corev1.Container{{Resources: corev1.ResourceRequirements{
				Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse(cpu)},
			}}},
		}}
	}
	sts := corev1.Toleration{Key: "usage", Operator: corev1.TolerationOpEqual, Value: "sts", Effect: corev1.TaintEffectNoSchedule}
	tests := []struct {
		name string
		pod  *corev1.Pod
		want bool
	}{
		{"fits", pod("3", map[string]string{"avaliable_zone": "h"}, sts), true},
		{"too big", pod("4", nil, sts), false},
		{"wrong zone", pod("1", map[string]string{"avaliable_zone": "g"}, sts), false},
		{"taint not tolerated", pod("1", nil), false},
		{"exists toleration", pod("1", nil, corev1.Toleration{Key: "usage", Operator: corev1.TolerationOpExists}), true},
		{"other value", pod("1", nil, corev1.Toleration{Key: "usage", Value: "db", Effect: corev1.TaintEffectNoSchedule}), false},
	}
	for _, tt := range tests {
		if got := podFits(tt.pod, n); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

// A zone marked down gets no node, neither for a pending pod that fits its pool nor from a boot
// under way when it went down; back up, the same pod gets its node.
func TestAutoscalerStartsNoNodeInAZoneThatIsDown(t *testing.T) {
	ctx := context.Background()
	pool := seedPool(t)
	pending := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "member-0", Namespace: "default"},
		Spec: corev1.PodSpec{
			Tolerations: []corev1.Toleration{{Key: "usage", Operator: corev1.TolerationOpEqual, Value: "sts", Effect: corev1.TaintEffectNoSchedule}},
			Containers: []corev1.Container{{Resources: corev1.ResourceRequirements{
				Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("2")},
			}}},
		},
		Status: corev1.PodStatus{Phase: corev1.PodPending, Conditions: []corev1.PodCondition{{
			Type: corev1.PodScheduled, Status: corev1.ConditionFalse, Reason: corev1.PodReasonUnschedulable,
		}}},
	}
	kube := fake.NewClientset(pending)
	a := &Autoscaler{Kube: kube, Pools: []nodepools.Pool{pool}, BootDelay: 50 * time.Millisecond}
	nodes := func() int {
		t.Helper()
		list, err := kube.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return len(list.Items)
	}

	a.SetZoneDown(pool.Zone, true)
	if n, err := a.Once(ctx); err != nil || n != 0 {
		t.Fatalf("zone %s down: started %d nodes (%v), want none", pool.Zone, n, err)
	}
	a.SetZoneDown(pool.Zone, false)
	if n, err := a.Once(ctx); err != nil || n != 1 {
		t.Fatalf("zone %s up: started %d nodes (%v), want 1", pool.Zone, n, err)
	}
	// The zone goes down while that node boots: the instance never starts.
	a.SetZoneDown(pool.Zone, true)
	time.Sleep(10 * a.BootDelay)
	if n := nodes(); n != 0 {
		t.Fatalf("%d nodes came up in a zone that went down while they booted", n)
	}
	a.SetZoneDown(pool.Zone, false)
	if n, err := a.Once(ctx); err != nil || n != 1 {
		t.Fatalf("zone %s back: started %d nodes (%v), want 1", pool.Zone, n, err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for nodes() == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := nodes(); n != 1 {
		t.Fatalf("zone %s back: %d nodes, want the one started", pool.Zone, n)
	}
}
