package fencing

import (
	"context"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/labels"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/builder"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/event"
	"sigs.k8s.io/controller-runtime/pkg/predicate"
)

// Reconciler fences and unfences nodes (Decide is its rule).
type Reconciler struct {
	Client client.Client
	Cloud  Cloud
	// NotReadyFor is how long a node must be NotReady before the cloud is asked. Default
	// DefaultNotReadyFor.
	NotReadyFor time.Duration
	// Recheck is how often a NotReady node that was not fenced is asked about again. Default
	// DefaultRecheck.
	Recheck time.Duration
	// Nodes limits the controller to the nodes it selects. Optional: every node.
	Nodes labels.Selector
	// Now is the clock. Optional: time.Now.
	Now func() time.Time
	// Log receives one line per fence and unfence, and per node left alone on the cloud's word.
	// Optional.
	Log func(format string, args ...any)
}

// Reconcile looks at one node.
func (r *Reconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	var node corev1.Node
	if err := r.Client.Get(ctx, req.NamespacedName, &node); err != nil {
		// A deleted node took its taint with it.
		return ctrl.Result{}, client.IgnoreNotFound(err)
	}
	if r.Nodes != nil && !r.Nodes.Matches(labels.Set(node.Labels)) {
		return ctrl.Result{}, nil
	}
	now := r.now()
	d := Decide(ctx, &node, now, r.notReadyFor(), r.recheck(), r.Cloud)
	var changed *corev1.Node
	switch d.Action {
	case Fence:
		changed = fence(&node, now, d.State)
	case Unfence:
		changed = unfence(&node)
	default:
		if d.State != "" {
			r.logf("fencing: %s left alone: %s", node.Name, d.Reason)
		}
		return ctrl.Result{RequeueAfter: d.After}, nil
	}
	// Optimistic lock: a node that changed since it was read (it came back Ready, someone else
	// tainted it) is read and decided again.
	if err := r.Client.Patch(ctx, changed, client.MergeFromWithOptions(&node, client.MergeFromWithOptimisticLock{})); err != nil {
		if apierrors.IsNotFound(err) {
			return ctrl.Result{}, nil
		}
		return ctrl.Result{}, err
	}
	r.logf("fencing: %s %sd: %s", node.Name, d.Action, d.Reason)
	return ctrl.Result{}, nil
}

// SetupWithManager watches the nodes.
func (r *Reconciler) SetupWithManager(mgr ctrl.Manager) error {
	return ctrl.NewControllerManagedBy(mgr).
		Named("node-fencing").
		For(&corev1.Node{}, builder.WithPredicates(readinessOrTaintChanged())).
		Complete(r)
}

// readinessOrTaintChanged skips the heartbeats: a node's status is written every few seconds,
// and only its Ready condition, taints, annotations and providerID matter here.
func readinessOrTaintChanged() predicate.Predicate {
	return predicate.Funcs{
		UpdateFunc: func(e event.UpdateEvent) bool {
			o, ok1 := e.ObjectOld.(*corev1.Node)
			n, ok2 := e.ObjectNew.(*corev1.Node)
			if !ok1 || !ok2 {
				return true
			}
			or, _ := readiness(o)
			nr, _ := readiness(n)
			return or != nr || hasOutOfServiceTaint(o) != hasOutOfServiceTaint(n) ||
				o.Annotations[FencedAnnotation] != n.Annotations[FencedAnnotation] || o.Spec.ProviderID != n.Spec.ProviderID
		},
	}
}

func (r *Reconciler) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

func (r *Reconciler) notReadyFor() time.Duration {
	if r.NotReadyFor > 0 {
		return r.NotReadyFor
	}
	return DefaultNotReadyFor
}

func (r *Reconciler) recheck() time.Duration {
	if r.Recheck > 0 {
		return r.Recheck
	}
	return DefaultRecheck
}

func (r *Reconciler) logf(format string, args ...any) {
	if r.Log != nil {
		r.Log(format, args...)
	}
}
