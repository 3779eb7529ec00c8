package report

import (
	"fmt"
	"strings"
)

// NotKept lists every row of the report that does not say "kept" for this zone, each as the plan
// prints it: a control plane, egress, shared volumes, burst or load balancer that is lost or at
// risk, a stateful service that keeps no majority of its members, pools with no capacity left,
// a database with no standby in another zone. Nothing in the stack of a kind is nothing lost.
func (l ZoneLoss) NotKept() []string {
	var out []string
	row := func(what, text string) {
		if text != "" && !kept(text) {
			out = append(out, what+": "+text)
		}
	}
	if l.ControlPlane != "none in this stack" {
		row("control plane", l.ControlPlane)
	}
	if l.Pools.OfPools > 0 && l.Pools.MaxNodes == 0 {
		out = append(out, fmt.Sprintf("pools: lost: no pool with room for a node is left (%d of %d pools)", l.Pools.Pools, l.Pools.OfPools))
	}
	for _, s := range l.Services {
		if !s.Quorum {
			out = append(out, fmt.Sprintf("%s: lost: at worst %d of %d members run, no majority", s.Name, s.Kept, s.Replicas))
		}
	}
	if l.Egress != "no NAT gateway in this stack" {
		row("egress", l.Egress)
	}
	row("shared volumes", l.Shared)
	for _, d := range l.Databases {
		// "<name>: kept…" or "<name>: fails over…", the standby taking over in another zone.
		if _, status, _ := strings.Cut(d, ": "); !kept(status) && !strings.HasPrefix(status, "fails over") {
			out = append(out, "database "+d)
		}
	}
	row("burst", l.Burst)
	for _, lb := range l.LoadBalancers {
		if _, status, _ := strings.Cut(lb, ": "); !kept(status) {
			out = append(out, "load balancer "+lb)
		}
	}
	return out
}

// kept says whether a row's text says the zone's loss keeps it.
func kept(text string) bool { return strings.HasPrefix(text, "kept") }
