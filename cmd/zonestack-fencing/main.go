// Command zonestack-fencing is zonestack's node fencing controller (internal/app/fencing): it
// taints node.kubernetes.io/out-of-service a node that has been NotReady for --not-ready-for and
// whose instance the cloud reports stopped or released, and removes the taint when the node is
// Ready again. components/fencing deploys it; zonestack publishes no image of it: build one with
//
//	CGO_ENABLED=0 go build -trimpath -o zonestack-fencing ./cmd/zonestack-fencing
//
// and a Dockerfile of two lines (FROM gcr.io/distroless/static; COPY zonestack-fencing /), pushed
// to your registry (README, "When a node dies").
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"

	"github.com/go-logr/stdr"
	"k8s.io/apimachinery/pkg/labels"
	ctrl "sigs.k8s.io/controller-runtime"

	"github.com/zonestack/zonestack/internal/app/fencing"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "zonestack-fencing:", err)
		os.Exit(1)
	}
}

func run() error {
	cloud := flag.String("cloud", "", "the cluster's cloud: alicloud (ECS DescribeInstanceStatus) or gcp (Compute Engine instances.get); required")
	notReadyFor := flag.Duration("not-ready-for", fencing.DefaultNotReadyFor, "how long a node must be NotReady before the cloud is asked")
	recheck := flag.Duration("recheck", fencing.DefaultRecheck, "how often a NotReady node the cloud still reports running is asked about again")
	selector := flag.String("node-selector", "", "fence only the nodes of this label selector (default: every node)")
	leaderElect := flag.Bool("leader-elect", true, "elect a leader among the replicas (only the leader fences)")
	leaderNS := flag.String("leader-election-namespace", os.Getenv("POD_NAMESPACE"), "namespace of the leader election Lease (default: $POD_NAMESPACE)")
	metrics := flag.String("metrics-bind-address", ":8080", `where to serve metrics ("0": off)`)
	health := flag.String("health-probe-bind-address", ":8081", `where to serve /healthz and /readyz ("0": off)`)
	flag.Parse()
	ctrl.SetLogger(stdr.New(log.New(os.Stderr, "", log.LstdFlags)))

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	var c fencing.Cloud
	var err error
	switch *cloud {
	case "alicloud":
		c, err = fencing.NewECS()
	case "gcp":
		c, err = fencing.NewGCE(ctx)
	default:
		return fmt.Errorf("--cloud must be alicloud or gcp (got %q)", *cloud)
	}
	if err != nil {
		return err
	}
	var nodes labels.Selector
	if *selector != "" {
		if nodes, err = labels.Parse(*selector); err != nil {
			return fmt.Errorf("--node-selector: %w", err)
		}
	}
	cfg, err := ctrl.GetConfig()
	if err != nil {
		return err
	}
	mgr, err := fencing.NewManager(cfg, fencing.Options{
		Cloud: c, NotReadyFor: *notReadyFor, Recheck: *recheck, Nodes: nodes,
		LeaderElection: *leaderElect, LeaderElectionNamespace: *leaderNS,
		MetricsAddr: *metrics, HealthAddr: *health,
		Log: log.Printf,
	})
	if err != nil {
		return err
	}
	return mgr.Start(ctx)
}
