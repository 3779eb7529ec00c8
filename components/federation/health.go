package federation

import (
	"context"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ShardReader reads the shard of svc in the cluster a kubeconfig reaches, as it is at that
// moment. ReadShard is the real one.
type ShardReader func(ctx context.Context, kubeconfig string, svc Service) (ShardStatus, error)

// ReadTimeout bounds one member's live read: an API server that has not answered in this time is
// taken as unreachable, so that one lost member cannot hold up the run that fails over from it.
const ReadTimeout = 10 * time.Second

// ReadShard reads svc's shard through kubeconfig's current context: the load balancer's
// addresses from the Service's status and the ready endpoints from its EndpointSlices (kubefed's
// rule: healthy with an address and at least one ready endpoint). A Service that does not exist
// yet is a shard with neither; only a cluster that cannot be asked is an error.
func ReadShard(ctx context.Context, kubeconfig string, svc Service) (ShardStatus, error) {
	cfg, err := clientcmd.RESTConfigFromKubeConfig([]byte(kubeconfig))
	if err != nil {
		return ShardStatus{}, fmt.Errorf("kubeconfig: %w", err)
	}
	cfg.Timeout = ReadTimeout
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return ShardStatus{}, err
	}
	var st ShardStatus
	s, err := client.CoreV1().Services(svc.Namespace).Get(ctx, svc.Name, metav1.GetOptions{})
	switch {
	case apierrors.IsNotFound(err):
		return st, nil
	case err != nil:
		return ShardStatus{}, err
	}
	st.Addresses = ingressAddresses(s.Status.LoadBalancer.Ingress)
	slices, err := client.DiscoveryV1().EndpointSlices(svc.Namespace).List(ctx, metav1.ListOptions{
		LabelSelector: discoveryv1.LabelServiceName + "=" + svc.Name,
	})
	if err != nil {
		return ShardStatus{}, err
	}
	st.ReadyEndpoints = readyEndpoints(slices.Items)
	st.Healthy = len(st.Addresses) > 0 && st.ReadyEndpoints > 0
	return st, nil
}

// ingressAddresses are a load balancer's IPs and hostnames, in its status's order.
func ingressAddresses(ingress []corev1.LoadBalancerIngress) []string {
	var out []string
	for _, in := range ingress {
		switch {
		case in.IP != "":
			out = append(out, in.IP)
		case in.Hostname != "":
			out = append(out, in.Hostname)
		}
	}
	return out
}

// readyEndpoints counts the ready endpoints of a Service's slices. A nil ready condition is
// ready: the EndpointSlice API says a consumer must read it so (discovery/v1 EndpointConditions).
// An endpoint in two slices (while the controller moves it) counts twice, which changes no
// health: one is enough.
func readyEndpoints(slices []discoveryv1.EndpointSlice) int {
	n := 0
	for _, s := range slices {
		for _, e := range s.Endpoints {
			if e.Conditions.Ready == nil || *e.Conditions.Ready {
				n++
			}
		}
	}
	return n
}

// LiveShardsArgs are the inputs of LiveShards.
type LiveShardsArgs struct {
	// Service is the federated service.
	Service Service
	// Members are the member clusters; each needs its Kubeconfig.
	Members []Member
	// Last is the shards output of this stack's last run (a map by member name, as ShardStatus's
	// JSON), read through a StackReference to the stack itself: what a member that cannot be
	// reached keeps. Nil, or a map without the member, keeps it unhealthy.
	Last pulumi.Output
	// After are outputs to resolve before a member is read, by member name: its shard's
	// Deployment and Service, so that an up reads the shard it has just applied.
	After map[string]pulumi.Output
	// Read reads one member. Optional, default ReadShard.
	Read ShardReader
}

// LiveShards are each member's shard as the member's API server reports it during this run, by
// member name: what the DNS back ends' Shards take. Resource outputs are no substitute: a plain
// `pulumi up` does not re-read a resource it does not change, so the shard statuses in the state
// are those of the last change to the shard, not of now.
//
// A member that cannot be read keeps the status it had at the last run, marked Kept, and the run
// says so as a warning instead of failing: kubefed's rule, so that losing a member's API server
// (a partition, a control plane upgrade) neither aborts the run nor moves the member's names.
//
// The statuses are not secret although the kubeconfigs they are read through are: they hold
// load balancer addresses and counts, which the records publish anyway, and a secret status
// would make every record a secret in the state and in every diff.
func LiveShards(ctx *pulumi.Context, args LiveShardsArgs) map[string]pulumi.Output {
	read := args.Read
	if read == nil {
		read = ReadShard
	}
	last := args.Last
	if last == nil {
		last = pulumi.ToOutput(map[string]any{})
	}
	out := map[string]pulumi.Output{}
	for _, m := range args.Members {
		name := m.Name
		inputs := []any{m.Kubeconfig, last}
		if a, ok := args.After[name]; ok {
			inputs = append(inputs, a)
		}
		st := pulumi.All(inputs...).ApplyT(func(xs []any) (ShardStatus, error) {
			kubeconfig, _ := xs[0].(string)
			rctx, cancel := context.WithTimeout(ctx.Context(), 2*ReadTimeout)
			defer cancel()
			st, err := read(rctx, kubeconfig, args.Service)
			if err == nil {
				return st, nil
			}
			kept := LastShard(xs[1], name)
			kept.Kept = true
			_ = ctx.Log.Warn(fmt.Sprintf("federation member %s cannot be read (%v): its names keep the health of the last run (healthy: %t, addresses: %v)",
				name, err, kept.Healthy, kept.Addresses), nil)
			return kept, nil
		})
		out[name] = pulumi.Unsecret(st)
	}
	return out
}

// LastShard is member's status in a shards output as a StackReference returns it (JSON decoded
// into maps), or an unhealthy shard when it has none.
func LastShard(shards any, member string) ShardStatus {
	m, _ := shards.(map[string]any)
	s, _ := m[member].(map[string]any)
	var st ShardStatus
	if as, ok := s["addresses"].([]any); ok {
		for _, a := range as {
			if v, ok := a.(string); ok {
				st.Addresses = append(st.Addresses, v)
			}
		}
	}
	st.Healthy, _ = s["healthy"].(bool)
	if n, ok := s["readyEndpoints"].(float64); ok {
		st.ReadyEndpoints = int(n)
	}
	return st
}
