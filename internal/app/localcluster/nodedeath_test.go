package localcluster

import (
	"context"
	"slices"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/zonestack/zonestack/components/nodepools"
	"github.com/zonestack/zonestack/internal/app/fencing"
)

// The stand-in cloud says stopped only for a machine Stop stopped; a partitioned one runs, and a
// providerID of no fake node is unknown. Stop and Partition take the node out of kwok's selection.
func TestMachines(t *testing.T) {
	ctx := context.Background()
	p := nodepools.Pool{Name: "sts-a", Zone: "a", MachineTypes: []string{"ecs.g7.xlarge"}, Labels: map[string]string{"usage": "sts"}}
	a, b := Node(p, 0), Node(p, 1)
	kube := fake.NewClientset(a, b)
	m := &Machines{Kube: kube}
	state := func(providerID string) fencing.State {
		s, _ := m.InstanceState(ctx, providerID)
		return s
	}
	if a.Spec.ProviderID != "kwok://sts-a-0" || state(a.Spec.ProviderID) != fencing.Running {
		t.Fatalf("a live node: %q %s", a.Spec.ProviderID, state(a.Spec.ProviderID))
	}
	if err := m.Stop(ctx, a.Name); err != nil {
		t.Fatal(err)
	}
	if err := m.Partition(ctx, b.Name); err != nil {
		t.Fatal(err)
	}
	if state(a.Spec.ProviderID) != fencing.Stopped || state(b.Spec.ProviderID) != fencing.Running {
		t.Errorf("stopped %s, partitioned %s", state(a.Spec.ProviderID), state(b.Spec.ProviderID))
	}
	for _, id := range []string{"kwok://nope", "cn-hangzhou.i-1", ""} {
		if s, err := m.InstanceState(ctx, id); s != fencing.Unknown || err == nil {
			t.Errorf("%q: %s, %v; want unknown and an error", id, s, err)
		}
	}
	for _, n := range []string{a.Name, b.Name} {
		got, _ := kube.CoreV1().Nodes().Get(ctx, n, metav1.GetOptions{})
		if got.Labels[StoppedLabel] != "true" {
			t.Errorf("%s labels %v: kwok would still act for it", n, got.Labels)
		}
	}
	if err := m.Start(ctx, a.Name); err != nil {
		t.Fatal(err)
	}
	got, _ := kube.CoreV1().Nodes().Get(ctx, a.Name, metav1.GetOptions{})
	if _, ok := got.Labels[StoppedLabel]; ok || state(a.Spec.ProviderID) != fencing.Running {
		t.Errorf("started: labels %v, state %s", got.Labels, state(a.Spec.ProviderID))
	}
	// kwok manages every node without the label.
	if args := nodeLifecycleArgs(); !slices.Contains(args, "--extra-args=kwok-controller=manage-nodes-with-label-selector=!"+StoppedLabel) || !slices.Contains(args, "--heartbeat-factor=1") {
		t.Errorf("kwokctl args %v", args)
	}
}
