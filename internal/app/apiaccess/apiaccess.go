package apiaccess

import (
	"fmt"
	"strings"

	"github.com/zonestack/zonestack/internal/app/stackconfig"
)

// Kinds of cluster.
const (
	ACK     = "ACK"
	GKE     = "GKE"
	Kubeadm = "kubeadm"
)

// Access is the route from a stack's runner to one cluster's API server.
type Access struct {
	// Stack holds the cluster: the stack itself, or a global stack's member.
	Stack string `json:"stack"`
	// Cluster is ACK, GKE or kubeadm.
	Cluster string `json:"cluster"`
	// Runner is where `pulumi up` runs: internet or vpc.
	Runner string `json:"runner"`
	// Endpoint is what the stack's kubernetes provider talks to.
	Endpoint string `json:"endpoint"`
	// Public says Endpoint is an Internet address.
	Public bool `json:"public"`
	// Sources are the only addresses a public endpoint accepts; empty: any.
	Sources []string `json:"sources,omitempty"`
	// Reachable says the runner gets through; Fix says how to make it so when it does not.
	Reachable bool   `json:"reachable"`
	Fix       string `json:"fix,omitempty"`
	// Field is the stack key that decides the route, for errors.
	Field string `json:"field"`
	// Note is the route's trade-off, in a sentence.
	Note string `json:"note"`
}

// String is the route in one line.
func (a Access) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s) from a runner on %s: %s", a.Stack, a.Cluster, runnerPlace(a.Runner), a.Endpoint)
	if a.Public {
		if len(a.Sources) > 0 {
			fmt.Fprintf(&b, ", accepting only %s", strings.Join(a.Sources, ", "))
		} else {
			b.WriteString(", accepting any source")
		}
	}
	if !a.Reachable {
		fmt.Fprintf(&b, ": UNREACHABLE; %s", a.Fix)
	} else if a.Note != "" {
		fmt.Fprintf(&b, "; %s", a.Note)
	}
	return b.String()
}

func runnerPlace(r string) string {
	if r == stackconfig.RunnerVPC {
		return "the VPC"
	}
	return "the Internet"
}

// Of is the route of a stack's own cluster; nil for a stack with no cluster of its own (local,
// global, or one without cluster or selfManaged).
func Of(cfg *stackconfig.Config) *Access {
	return of(cfg, runner(cfg))
}

// Global is the route of a global stack's runner to each member's cluster, read from the
// members' stack files by stack name; a member missing from members is left out.
func Global(cfg *stackconfig.Config, members map[string]*stackconfig.Config) []Access {
	if cfg.Federation == nil {
		return nil
	}
	var out []Access
	for _, m := range cfg.Federation.Members {
		mc := members[m.Stack]
		if mc == nil {
			continue
		}
		if a := of(mc, runner(cfg)); a != nil {
			if a.Cluster == ACK && !mc.AckCluster().PublicEndpoint {
				// The member's kubeconfig output is ACK's credential for the Internet endpoint
				// (the provider asks DescribeClusterUserKubeconfig with PrivateIpAddress false),
				// whichever network the global stack's runner is on.
				a.Endpoint, a.Reachable, a.Public = "only the intranet endpoint, while its kubeconfig output is ACK's credential for the Internet endpoint", false, false
				a.Fix = "set cluster.publicEndpoint: true in " + m.Stack
			}
			if a.Reachable {
				a.Note = strings.TrimSuffix("through the member's kubeconfig output; "+a.Note, "; ")
			} else {
				a.Fix = fmt.Sprintf("the global stack's runner (runner: %s) cannot reach %s's API server: %s", runner(cfg), m.Stack, a.Fix)
			}
			out = append(out, *a)
		}
	}
	return out
}

func runner(cfg *stackconfig.Config) string {
	if cfg.Runner == "" {
		return stackconfig.RunnerInternet
	}
	return cfg.Runner
}

func of(cfg *stackconfig.Config, runner string) *Access {
	a := &Access{Stack: cfg.Stack(), Runner: runner}
	inVPC := runner == stackconfig.RunnerVPC
	switch {
	case cfg.Cloud == stackconfig.CloudAlicloud && cfg.AckCluster() != nil:
		a.Cluster, a.Field = ACK, "cluster.publicEndpoint"
		public := cfg.AckCluster().PublicEndpoint
		switch {
		case inVPC:
			a.Endpoint, a.Reachable = "the intranet endpoint (the API server's internal load balancer, connections.apiServerIntranet)", true
			if public {
				a.Note = "the public endpoint also exists, open to any source (see below)"
			}
		case public:
			a.Endpoint, a.Public, a.Reachable = "the public endpoint (an EIP on the API server's load balancer, connections.apiServerInternet)", true, true
			a.Note = "authenticated by the kubeconfig's client certificate; the alicloud provider (1.285.0) cannot limit it by source (README, \"Reaching the API server\")"
		default:
			a.Endpoint = "only the intranet endpoint"
			a.Fix = "set cluster.publicEndpoint: true, or run `pulumi up` from inside the VPC (runner: vpc); the VPC is made by this stack, so a first `up` needs the public endpoint"
		}
	case cfg.Cloud == stackconfig.CloudGCP && cfg.GkeCluster() != nil:
		a.Cluster = GKE
		a.limited(inVPC, cfg.GkeCluster().PublicEndpoint, cfg.GkeCluster().AuthorizedNetworks, limitedRoute{
			key:      "cluster",
			private:  "the private endpoint (privateClusterConfig.privateEndpoint; global access on, so from any region of the VPC network and the networks routed to it)",
			public:   "the public endpoint",
			only:     "only the private endpoint",
			noSource: ": GKE lets no address outside the VPC through an empty list",
		})
	case cfg.SelfManaged != nil:
		a.Cluster = Kubeadm
		a.limited(inVPC, cfg.SelfManaged.PublicEndpoint, cfg.SelfManaged.AuthorizedNetworks, limitedRoute{
			key:     "selfManaged",
			private: "the control plane's internal VIP (selfManaged.vip)",
			public:  "the public endpoint (an Internet-facing NLB in front of the masters)",
			only:    "only the control plane's internal VIP (selfManaged.vip)",
			note:    "a security group of its own admits them on port 6443 only; ",
			after:   "; the machines keep the internal VIP",
		})
	default:
		return nil
	}
	return a
}

// limitedRoute words the route to a cluster whose public endpoint accepts only its authorized
// networks (GKE, a kubeadm control plane).
type limitedRoute struct {
	// key is the stack key holding publicEndpoint and authorizedNetworks.
	key string
	// private, public: the endpoints; only: what an unreachable cluster has.
	private, public, only string
	// note, after: said before and after the runner's egress rule; noSource, after an empty
	// list's fix.
	note, after, noSource string
}

func (a *Access) limited(inVPC, public bool, nets []string, r limitedRoute) {
	a.Field = r.key + ".publicEndpoint"
	switch {
	case inVPC:
		a.Endpoint, a.Reachable = r.private, true
	case public && len(nets) > 0:
		a.Endpoint, a.Public, a.Reachable, a.Sources = r.public, true, true, nets
		a.Note = r.note + "the runner's egress address must be among them" + r.after
	case public:
		a.Endpoint, a.Public, a.Field = r.public+", with no authorized network", true, r.key+".authorizedNetworks"
		a.Fix = "list the runner's egress range in " + r.key + ".authorizedNetworks" + r.noSource
	default:
		a.Endpoint = r.only
		a.Fix = "set " + r.key + ".publicEndpoint: true with the runner's egress range in " + r.key + ".authorizedNetworks, or run `pulumi up` from inside the VPC (runner: vpc); the VPC is made by this stack, so a first `up` needs the public endpoint"
	}
}
