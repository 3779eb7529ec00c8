package fencing

import (
	"context"
	"errors"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/types"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"
)

var now = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

// node is a node whose Ready condition has been status since now-ago.
func node(status corev1.ConditionStatus, ago time.Duration, mutate ...func(*corev1.Node)) *corev1.Node {
	n := &corev1.Node{
		ObjectMeta: metav1.ObjectMeta{Name: "n1", Labels: map[string]string{"pool": "sts"}},
		Spec:       corev1.NodeSpec{ProviderID: "cn-hangzhou.i-1"},
		Status: corev1.NodeStatus{Conditions: []corev1.NodeCondition{{
			Type: corev1.NodeReady, Status: status, LastTransitionTime: metav1.NewTime(now.Add(-ago)),
		}}},
	}
	for _, m := range mutate {
		m(n)
	}
	return n
}

func outOfService(n *corev1.Node) {
	n.Spec.Taints = append(n.Spec.Taints, corev1.Taint{Key: OutOfServiceTaintKey, Value: OutOfServiceTaintValue, Effect: corev1.TaintEffectNoExecute})
}

func ours(n *corev1.Node) {
	outOfService(n)
	n.Annotations = map[string]string{FencedAnnotation: "2026-12-01T11:59:00Z stopped"}
}

// cloud answers state (or err) and counts its calls.
type cloud struct {
	state State
	err   error
	calls int
}

func (c *cloud) InstanceState(context.Context, string) (State, error) {
	c.calls++
	return c.state, c.err
}

func TestReconcile(t *testing.T) {
	tests := []struct {
		name      string
		node      *corev1.Node // nil: the node is gone
		cloud     cloud
		selector  string
		wantTaint bool
		wantAsked bool
		wantAfter time.Duration
	}{
		{name: "ready node: left alone, cloud not asked", node: node(corev1.ConditionTrue, time.Hour), cloud: cloud{state: Stopped}},
		{name: "NotReady for less than NotReadyFor: asked again when it has passed", node: node(corev1.ConditionUnknown, 4*time.Second), cloud: cloud{state: Stopped}, wantAfter: 6 * time.Second},
		{name: "NotReady and stopped: fenced", node: node(corev1.ConditionUnknown, 30*time.Second), cloud: cloud{state: Stopped}, wantTaint: true, wantAsked: true},
		{name: "NotReady and released: fenced", node: node(corev1.ConditionFalse, 30*time.Second), cloud: cloud{state: Released}, wantTaint: true, wantAsked: true},
		{name: "NotReady and failed: fenced", node: node(corev1.ConditionUnknown, 30*time.Second), cloud: cloud{state: Failed}, wantTaint: true, wantAsked: true},
		{name: "NotReady but running (a partition): never fenced", node: node(corev1.ConditionUnknown, time.Hour), cloud: cloud{state: Running}, wantAsked: true, wantAfter: DefaultRecheck},
		{name: "NotReady, the cloud does not know: not fenced", node: node(corev1.ConditionUnknown, time.Hour), cloud: cloud{state: Unknown}, wantAsked: true, wantAfter: DefaultRecheck},
		{name: "NotReady, the cloud errs: not fenced", node: node(corev1.ConditionUnknown, time.Hour), cloud: cloud{state: Stopped, err: errors.New("throttled")}, wantAsked: true, wantAfter: DefaultRecheck},
		{name: "NotReady, an answer of no known state: not fenced", node: node(corev1.ConditionUnknown, time.Hour), cloud: cloud{state: "Stopping"}, wantAsked: true, wantAfter: DefaultRecheck},
		{name: "no providerID: not fenced, cloud not asked", node: node(corev1.ConditionUnknown, time.Hour, func(n *corev1.Node) { n.Spec.ProviderID = "" }), cloud: cloud{state: Stopped}, wantAfter: DefaultRecheck},
		{name: "fenced and still NotReady: stays fenced, cloud not asked", node: node(corev1.ConditionUnknown, time.Hour, ours), cloud: cloud{state: Running}, wantTaint: true},
		{name: "fenced and Ready again: unfenced", node: node(corev1.ConditionTrue, time.Second, ours), cloud: cloud{state: Stopped}},
		{name: "tainted by hand and Ready: the operator's taint stays", node: node(corev1.ConditionTrue, time.Second, outOfService), cloud: cloud{state: Stopped}, wantTaint: true},
		{name: "not a selected node: left alone", node: node(corev1.ConditionUnknown, time.Hour), selector: "pool=other", cloud: cloud{state: Stopped}},
		{name: "node deleted: nothing to do", node: nil, cloud: cloud{state: Stopped}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := fake.NewClientBuilder()
			if tt.node != nil {
				b = b.WithObjects(tt.node)
			}
			c := b.Build()
			r := &Reconciler{Client: c, Cloud: &tt.cloud, Now: func() time.Time { return now }}
			if tt.selector != "" {
				r.Nodes = labels.SelectorFromSet(labels.Set{"pool": "other"})
			}
			res, err := r.Reconcile(context.Background(), ctrl.Request{NamespacedName: types.NamespacedName{Name: "n1"}})
			if err != nil {
				t.Fatal(err)
			}
			if res.RequeueAfter != tt.wantAfter {
				t.Errorf("requeue after %s, want %s", res.RequeueAfter, tt.wantAfter)
			}
			if asked := tt.cloud.calls > 0; asked != tt.wantAsked {
				t.Errorf("cloud asked %d times, want asked: %v", tt.cloud.calls, tt.wantAsked)
			}
			if tt.node == nil {
				return
			}
			var got corev1.Node
			if err := c.Get(context.Background(), types.NamespacedName{Name: "n1"}, &got); err != nil {
				t.Fatal(err)
			}
			if has := hasOutOfServiceTaint(&got); has != tt.wantTaint {
				t.Errorf("out-of-service taint: %v, want %v (taints %v)", has, tt.wantTaint, got.Spec.Taints)
			}
			if _, marked := got.Annotations[FencedAnnotation]; marked != (tt.wantTaint && (tt.node.Annotations[FencedAnnotation] != "" || tt.cloud.calls > 0)) {
				t.Errorf("annotation %s: %v (annotations %v)", FencedAnnotation, marked, got.Annotations)
			}
			for _, taint := range got.Spec.Taints {
				if taint.Key == OutOfServiceTaintKey && (taint.Effect != corev1.TaintEffectNoExecute || taint.Value != OutOfServiceTaintValue) {
					t.Errorf("taint %v, want %s=%s:NoExecute", taint, OutOfServiceTaintKey, OutOfServiceTaintValue)
				}
			}
		})
	}
}

// Only Stopped, Released and Failed are off: a new state a cloud adds is never taken for off.
func TestOnlyOffStatesFence(t *testing.T) {
	for s, want := range map[State]bool{Stopped: true, Released: true, Failed: true, Running: false, Unknown: false, "": false, "Stopping": false} {
		if s.Off() != want {
			t.Errorf("%q.Off() = %v, want %v", s, s.Off(), want)
		}
	}
}
