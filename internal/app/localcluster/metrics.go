package localcluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
)

// The resource metrics of a local cluster with MetricsServer: kwokctl runs metrics-server (built
// by scripts/build-local-cluster) and registers its APIService, v1beta1.metrics.k8s.io; kwok
// serves each fake node's /metrics/resource from its "metrics-resource" Metric, and the pods' CPU
// and memory come from kwokctl's default ClusterResourceUsage, "usage-from-annotation", which
// reads them from the pods' annotations UsageCPUAnnotation and UsageMemoryAnnotation (1m and 1Mi
// without them). Those names are kwok v0.7.0's (kustomize/metrics/usage).
const (
	UsageCPUAnnotation    = "kwok.x-k8s.io/usage-cpu"
	UsageMemoryAnnotation = "kwok.x-k8s.io/usage-memory"
	// MetricsAPIService is the APIService kwokctl registers for metrics-server.
	MetricsAPIService = "v1beta1.metrics.k8s.io"
	// ResourceMetricsPathAnnotation on a node tells metrics-server where its resource metrics
	// are (metrics-server v0.8.0, pkg/scraper/client/resource); kwok serves every fake node's
	// on one port, at ResourceMetricsPath (its Metric "metrics-resource"'s path), and kwokctl's
	// own node template sets it so.
	ResourceMetricsPathAnnotation = "metrics.k8s.io/resource-metrics-path"
)

// ResourceMetricsPath is where kwok serves a fake node's resource metrics.
func ResourceMetricsPath(node string) string { return "/metrics/nodes/" + node + "/metrics/resource" }

// HPAPeriods are the controller manager's HPA flags on a local cluster with MetricsServer, and
// metrics-server's resolution: the upstream defaults (sync 15 s, scale-down stabilization 5 min,
// resolution 60 s in metrics-server, 15 s as kwokctl runs it) made short so that a scale-out and
// back takes a test minutes, not a quarter of an hour. A real cluster keeps the defaults (ACK's
// managed controller manager does).
var HPAPeriods = struct {
	Sync, DownscaleStabilization, MetricResolution time.Duration
}{Sync: 5 * time.Second, DownscaleStabilization: 20 * time.Second, MetricResolution: 10 * time.Second}

// metricsServerArgs are kwokctl's arguments for a cluster with MetricsServer; kwokctlArgs puts
// their --extra-args in the order kwokctl needs.
func metricsServerArgs() []string {
	d := func(t time.Duration) string { return t.String() }
	return []string{
		"--enable", "metrics-server",
		"--extra-args", "kube-controller-manager=horizontal-pod-autoscaler-sync-period=" + d(HPAPeriods.Sync),
		// metrics-server refuses less than 10 s ...
		"--extra-args", "metrics-server=metric-resolution=" + d(HPAPeriods.MetricResolution),
		"--extra-args", "kube-controller-manager=horizontal-pod-autoscaler-downscale-stabilization=" + d(HPAPeriods.DownscaleStabilization),
		// ... and a resolution within 0.9 of its kubelet request timeout (default 10 s).
		"--extra-args", "metrics-server=kubelet-request-timeout=" + d(HPAPeriods.MetricResolution/2),
	}
}

// WaitMetrics waits until the resource metrics API serves: its APIService available and
// metrics-server having scraped kwok once (some node's metrics listed). A node that runs no pod
// reports no CPU used, and metrics-server leaves it out; that is not waited for.
func (c *Client) WaitMetrics(ctx context.Context, wait time.Duration) error {
	deadline := time.Now().Add(wait)
	var last error
	for time.Now().Before(deadline) {
		var body []byte
		body, last = c.Kube.CoreV1().RESTClient().Get().AbsPath("/apis/metrics.k8s.io/v1beta1/nodes").DoRaw(ctx)
		if last == nil {
			var list struct{ Items []json.RawMessage }
			if last = json.Unmarshal(body, &list); last == nil {
				if len(list.Items) > 0 {
					return nil
				}
				last = errors.New("no node's metrics served yet")
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Second):
		}
	}
	return fmt.Errorf("the resource metrics API (%s) is not serving after %s: %v", MetricsAPIService, wait, last)
}

// EmulatedLoad plays the traffic of a Service for the HPA: a total CPU usage shared evenly by the
// Running pods of a selector, as a load balancer shares requests, written to each pod's
// UsageCPUAnnotation for kwok to report. More pods each use less; the HPA's answer to a load is
// therefore the replica count that brings the average back to its target, as on a real cluster.
type EmulatedLoad struct {
	Kube      kubernetes.Interface
	Namespace string
	Selector  string
	// Every is how often the pods are re-read. Optional, default 1 s.
	Every time.Duration

	mu         sync.Mutex
	milliCores int64
}

// Set changes the total CPU usage, in millicores.
func (l *EmulatedLoad) Set(milliCores int64) {
	l.mu.Lock()
	l.milliCores = milliCores
	l.mu.Unlock()
}

func (l *EmulatedLoad) total() int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.milliCores
}

// Run shares the load until ctx is done.
func (l *EmulatedLoad) Run(ctx context.Context) {
	every := l.Every
	if every == 0 {
		every = time.Second
	}
	for {
		_ = l.Share(ctx)
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
	}
}

// Share writes each Running pod's share of the load once.
func (l *EmulatedLoad) Share(ctx context.Context) error {
	pods, err := l.Kube.CoreV1().Pods(l.Namespace).List(ctx, metav1.ListOptions{LabelSelector: l.Selector})
	if err != nil {
		return err
	}
	var running []corev1.Pod
	for _, p := range pods.Items {
		if p.Status.Phase == corev1.PodRunning && p.DeletionTimestamp == nil {
			running = append(running, p)
		}
	}
	if len(running) == 0 {
		return nil
	}
	share := fmt.Sprintf("%dm", max(1, l.total()/int64(len(running))))
	for _, p := range running {
		if p.Annotations[UsageCPUAnnotation] == share {
			continue
		}
		patch := fmt.Sprintf(`{"metadata":{"annotations":{%q:%q}}}`, UsageCPUAnnotation, share)
		if _, err := l.Kube.CoreV1().Pods(p.Namespace).Patch(ctx, p.Name, types.MergePatchType, []byte(patch),
			metav1.PatchOptions{FieldManager: FieldManager}); err != nil && ctx.Err() == nil {
			return err
		}
	}
	return nil
}
