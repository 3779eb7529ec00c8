package fencing

import (
	"time"

	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/rest"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/healthz"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"
)

// LeaderElectionID is the Lease the replicas of the controller elect a leader with: only the
// leader fences.
const LeaderElectionID = "zonestack-fencing"

// Options configure NewManager.
type Options struct {
	Cloud       Cloud
	NotReadyFor time.Duration
	Recheck     time.Duration
	// Nodes limits the controller to the nodes it selects. Optional: every node.
	Nodes labels.Selector
	// LeaderElection on, in LeaderElectionNamespace: what a Deployment of more than one replica
	// needs. Off in-process (the local cluster's tests).
	LeaderElection          bool
	LeaderElectionNamespace string
	// MetricsAddr and HealthAddr are where the manager serves; "0" or "" turn them off.
	MetricsAddr, HealthAddr string
	Log                     func(format string, args ...any)
}

// NewManager is a controller-runtime manager running the fencing Reconciler; start it with
// Start(ctx).
func NewManager(cfg *rest.Config, o Options) (ctrl.Manager, error) {
	metrics := o.MetricsAddr
	if metrics == "" {
		metrics = "0"
	}
	health := o.HealthAddr
	if health == "" {
		health = "0"
	}
	mgr, err := ctrl.NewManager(cfg, ctrl.Options{
		LeaderElection:          o.LeaderElection,
		LeaderElectionID:        LeaderElectionID,
		LeaderElectionNamespace: o.LeaderElectionNamespace,
		// The leader steps down when it stops: a rolling update hands over at once.
		LeaderElectionReleaseOnCancel: true,
		Metrics:                       metricsserver.Options{BindAddress: metrics},
		HealthProbeBindAddress:        health,
	})
	if err != nil {
		return nil, err
	}
	if health != "0" {
		if err := mgr.AddHealthzCheck("healthz", healthz.Ping); err != nil {
			return nil, err
		}
		if err := mgr.AddReadyzCheck("readyz", healthz.Ping); err != nil {
			return nil, err
		}
	}
	r := &Reconciler{Client: mgr.GetClient(), Cloud: o.Cloud, NotReadyFor: o.NotReadyFor, Recheck: o.Recheck, Nodes: o.Nodes, Log: o.Log}
	if err := r.SetupWithManager(mgr); err != nil {
		return nil, err
	}
	return mgr, nil
}
