package fencing

import (
	"context"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
)

// Names the controller writes on nodes.
const (
	// OutOfServiceTaintKey is Kubernetes' non-graceful node shutdown taint
	// (corev1.TaintNodeOutOfService).
	OutOfServiceTaintKey = corev1.TaintNodeOutOfService
	// OutOfServiceTaintValue is the value the Kubernetes documentation uses.
	OutOfServiceTaintValue = "nodeshutdown"
	// FencedAnnotation marks a node this controller fenced, with the time (RFC 3339) and the
	// cloud's state; only a taint so marked is ever removed by the controller, so a taint an
	// operator added by hand stays.
	FencedAnnotation = "fencing.zonestack.io/fenced"
)

// Defaults.
const (
	// DefaultNotReadyFor is how long a node must have been NotReady before the cloud is asked:
	// 10 s on top of kube-controller-manager's --node-monitor-grace-period, which has already
	// waited for the kubelet. The cloud's answer is what makes fencing safe; this only spares it
	// calls for a node that flaps.
	DefaultNotReadyFor = 10 * time.Second
	// DefaultRecheck is how often a NotReady node the cloud still reports running (or could not
	// answer for) is asked about again.
	DefaultRecheck = 10 * time.Second
)

// Action is what the controller does to a node.
type Action string

// Actions.
const (
	Nothing Action = "nothing"
	Fence   Action = "fence"
	Unfence Action = "unfence"
)

// Decision is the controller's verdict on one node.
type Decision struct {
	Action Action
	// After is when to look at the node again (0: only on its next change).
	After time.Duration
	// Reason says why, for logs and events.
	Reason string
	// State is the cloud's answer, when it was asked.
	State State
}

// Decide is the controller's rule for one node at now. The cloud is asked only for a node that
// has been NotReady for notReadyFor and is not fenced yet. The rule:
//   - a node this controller fenced that is Ready again is unfenced;
//   - a fenced node that is still not Ready is left as it is;
//   - a node Ready, or NotReady for less than notReadyFor, is left alone (looked at again when
//     notReadyFor has passed);
//   - otherwise the node is fenced only if the cloud says its instance is stopped, released or
//     failed; running, unknown or an error leave it alone, to be asked again after recheck.
func Decide(ctx context.Context, node *corev1.Node, now time.Time, notReadyFor, recheck time.Duration, cloud Cloud) Decision {
	ready, since := readiness(node)
	fenced := hasOutOfServiceTaint(node)
	ours := node.Annotations[FencedAnnotation] != ""
	switch {
	case node.DeletionTimestamp != nil:
		return Decision{Action: Nothing, Reason: "node is being deleted: its taint goes with it"}
	case ready && fenced && ours:
		return Decision{Action: Unfence, Reason: "node is Ready again"}
	case ready:
		return Decision{Action: Nothing, Reason: "node is Ready"}
	case fenced:
		return Decision{Action: Nothing, Reason: "node is already out of service"}
	}
	if wait := since.Add(notReadyFor).Sub(now); wait > 0 {
		return Decision{Action: Nothing, After: wait, Reason: fmt.Sprintf("NotReady for %s, less than %s", now.Sub(since).Round(time.Second), notReadyFor)}
	}
	if node.Spec.ProviderID == "" {
		return Decision{Action: Nothing, After: recheck, State: Unknown, Reason: "node has no providerID: the cloud cannot be asked"}
	}
	state, err := cloud.InstanceState(ctx, node.Spec.ProviderID)
	if err != nil {
		return Decision{Action: Nothing, After: recheck, State: Unknown, Reason: fmt.Sprintf("cloud could not say whether %s is off: %v", node.Spec.ProviderID, err)}
	}
	if !state.Off() {
		return Decision{Action: Nothing, After: recheck, State: state, Reason: fmt.Sprintf("cloud reports %s %s: it may still write to its disks", node.Spec.ProviderID, state)}
	}
	return Decision{Action: Fence, State: state, Reason: fmt.Sprintf("NotReady for %s and the cloud reports %s %s", now.Sub(since).Round(time.Second), node.Spec.ProviderID, state)}
}

// readiness is whether the node's Ready condition is True, and since when it has been what it is.
// A node with no Ready condition yet (a new node) counts as Ready: nothing has seen it die.
func readiness(node *corev1.Node) (bool, time.Time) {
	for _, c := range node.Status.Conditions {
		if c.Type == corev1.NodeReady {
			return c.Status == corev1.ConditionTrue, c.LastTransitionTime.Time
		}
	}
	return true, time.Time{}
}

func hasOutOfServiceTaint(node *corev1.Node) bool {
	for _, t := range node.Spec.Taints {
		if t.Key == OutOfServiceTaintKey {
			return true
		}
	}
	return false
}

// fence adds the out-of-service taint and the annotation to a copy of node.
func fence(node *corev1.Node, now time.Time, state State) *corev1.Node {
	out := node.DeepCopy()
	out.Spec.Taints = append(out.Spec.Taints, corev1.Taint{Key: OutOfServiceTaintKey, Value: OutOfServiceTaintValue, Effect: corev1.TaintEffectNoExecute})
	if out.Annotations == nil {
		out.Annotations = map[string]string{}
	}
	out.Annotations[FencedAnnotation] = now.UTC().Format(time.RFC3339) + " " + string(state)
	return out
}

// unfence removes the out-of-service taint and the annotation from a copy of node.
func unfence(node *corev1.Node) *corev1.Node {
	out := node.DeepCopy()
	var taints []corev1.Taint
	for _, t := range out.Spec.Taints {
		if t.Key != OutOfServiceTaintKey {
			taints = append(taints, t)
		}
	}
	out.Spec.Taints = taints
	delete(out.Annotations, FencedAnnotation)
	return out
}
