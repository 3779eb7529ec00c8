package localcluster

import (
	"context"
	"fmt"
	"strings"
	"sync"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"

	"github.com/zonestack/zonestack/internal/app/fencing"
)

// A fake node dies the way a real one does when kwok stops acting for it: kwok manages only the
// nodes of a label selector (its --manage-nodes-with-label-selector flag), and a node that takes
// StoppedLabel leaves it. The API server's watch then tells kwok the node is gone from its
// selection (a label-selected watch reports an object that stops matching as deleted): kwok
// forgets the node, stops renewing its Lease and writing its status, and stops playing its pods,
// so nothing confirms their deletion. The real node lifecycle controller marks the node NotReady
// after the node-monitor grace period and taints it unreachable; the real taint eviction
// controller evicts its pods; a StatefulSet member stays Terminating.
//
// (kwok's annotation selector, kwok.x-k8s.io/node=fake, would not do: kwok filters annotations
// itself, on its side of the watch, and drops the update that removes the annotation, so it
// keeps renewing the node's Lease; pkg/utils/informer in sigs.k8s.io/kwok v0.7.0.)
const (
	// StoppedLabel makes kwok stop acting for a node: its kubelet is gone.
	StoppedLabel = "local.zonestack.io/kubelet-stopped"
	// ProviderIDPrefix starts the fake nodes' spec.providerID: kwok://<node name>.
	ProviderIDPrefix = "kwok://"
)

// Node lifecycle timings of the local cluster. kwokctl multiplies its own by a heartbeat factor
// of 5 unless told otherwise (lease 200 s, grace period 200 s); the local cluster runs them at
// the kubelet's and kube-controller-manager's own rates, 40 s the grace period as the issue and
// kwokctl's base value have it (Kubernetes 1.37's own default is 50 s:
// pkg/controller/nodelifecycle/config/v1alpha1/defaults.go).
const (
	// NodeMonitorGracePeriod is kube-controller-manager's --node-monitor-grace-period here.
	NodeMonitorGracePeriodSeconds = 40
	// NodeLeaseDurationSeconds is the fake kubelets' Lease duration (the kubelet's default), renewed
	// every quarter of it.
	NodeLeaseDurationSeconds = 40
)

// nodeLifecycleArgs are kwokctl's flags for the above: heartbeats at factor 1 (kwokctl's base
// values: lease 40 s, node status every 10 s, node-monitor period 5 s and grace period 40 s), and
// kwok managing the nodes without StoppedLabel (every node until one dies).
func nodeLifecycleArgs() []string {
	return []string{
		"--heartbeat-factor=1",
		fmt.Sprintf("--node-lease-duration-seconds=%d", NodeLeaseDurationSeconds),
		fmt.Sprintf("--extra-args=kube-controller-manager=node-monitor-grace-period=%ds", NodeMonitorGracePeriodSeconds),
		"--extra-args=kwok-controller=manage-all-nodes=false",
		"--extra-args=kwok-controller=manage-nodes-with-label-selector=!" + StoppedLabel,
	}
}

// Machines plays the cloud's record of the fake nodes' machines: what the local cluster's
// stand-in cloud answers the fencing controller (fencing.Cloud), and the ways a machine dies.
// A fake node's machine is running unless Stop said otherwise; a providerID that is not a fake
// node's is unknown. kwok's pods run no process, so there is nothing else to stop.
type Machines struct {
	Kube kubernetes.Interface

	mu      sync.Mutex
	stopped map[string]bool
}

// Stop powers a node's machine off: from now on the cloud reports it stopped, and its kubelet
// stops (kwok leaves the node).
func (m *Machines) Stop(ctx context.Context, node string) error {
	m.mu.Lock()
	if m.stopped == nil {
		m.stopped = map[string]bool{}
	}
	m.stopped[node] = true
	m.mu.Unlock()
	return m.setKubelet(ctx, node, false)
}

// Partition cuts a node off: its kubelet no longer reaches the API server (kwok leaves the node),
// but the machine runs on and the cloud reports it running, as it would a machine that may still
// write to its disks.
func (m *Machines) Partition(ctx context.Context, node string) error {
	return m.setKubelet(ctx, node, false)
}

// Start powers a node's machine on again (or heals its partition): the cloud reports it running
// and its kubelet is back.
func (m *Machines) Start(ctx context.Context, node string) error {
	m.mu.Lock()
	delete(m.stopped, node)
	m.mu.Unlock()
	return m.setKubelet(ctx, node, true)
}

// InstanceState answers for the fake nodes (fencing.Cloud).
func (m *Machines) InstanceState(ctx context.Context, providerID string) (fencing.State, error) {
	name, ok := strings.CutPrefix(providerID, ProviderIDPrefix)
	if !ok || name == "" {
		return fencing.Unknown, fmt.Errorf("providerID %q is not a fake node's", providerID)
	}
	m.mu.Lock()
	stopped := m.stopped[name]
	m.mu.Unlock()
	if stopped {
		return fencing.Stopped, nil
	}
	n, err := m.Kube.CoreV1().Nodes().Get(ctx, name, metav1.GetOptions{})
	if err != nil || n.Spec.ProviderID != providerID {
		return fencing.Unknown, fmt.Errorf("no fake node has providerID %q: %v", providerID, err)
	}
	return fencing.Running, nil
}

var _ fencing.Cloud = (*Machines)(nil)

func (m *Machines) setKubelet(ctx context.Context, node string, running bool) error {
	patch := fmt.Sprintf(`{"metadata":{"labels":{%q:"true"}}}`, StoppedLabel)
	if running {
		patch = fmt.Sprintf(`{"metadata":{"labels":{%q:null}}}`, StoppedLabel)
	}
	_, err := m.Kube.CoreV1().Nodes().Patch(ctx, node, types.StrategicMergePatchType, []byte(patch), metav1.PatchOptions{})
	return err
}

// Ready is whether a node's Ready condition is True.
func Ready(n *corev1.Node) bool {
	for _, c := range n.Status.Conditions {
		if c.Type == corev1.NodeReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}
