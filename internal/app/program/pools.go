package program

import (
	"strings"

	"github.com/zonestack/zonestack/components/nodepools"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
	"github.com/zonestack/zonestack/validation"
)

// systemPoolsName is the system pools' component name: its pools are system-pools-<zone letter>.
const systemPoolsName = "system-pools"

// ackPools are the stack's stateful ACK (or local) pools, their name defaulted from the stack's:
// nil when it has none.
func ackPools(cfg *stackconfig.Config) *nodepools.AckPools {
	np := cfg.NodePools
	if np == nil || np.Alicloud == nil || !hasKubernetes(cfg) {
		return nil
	}
	p := np.Alicloud.AckPools
	p.Name = statefulPoolsName(cfg)
	return &p
}

// gkePools are ackPools on GKE.
func gkePools(cfg *stackconfig.Config) *nodepools.GkePools {
	np := cfg.NodePools
	if np == nil || np.GCP == nil || !hasKubernetes(cfg) {
		return nil
	}
	p := np.GCP.GkePools
	p.Name = statefulPoolsName(cfg)
	return &p
}

// statefulPoolsName is nodePools.name, by default "<name>-sts".
func statefulPoolsName(cfg *stackconfig.Config) string {
	if n := cfg.NodePools.Name(); n != "" {
		return n
	}
	return cfg.ResourcePrefix() + "-sts"
}

// hasSystemPools says whether the stack's cluster gets system pools: every ACK and GKE cluster, and
// the local cluster, which plays an ACK one.
func hasSystemPools(cfg *stackconfig.Config) bool {
	switch cfg.Cloud {
	case stackconfig.CloudLocal:
		return true
	case stackconfig.CloudAlicloud, stackconfig.CloudGCP:
		return cfg.Cluster != nil
	}
	return false
}

// ackSystemPools are the system pools of an ACK (or local) stack, named after the stack; nil on
// other stacks.
func ackSystemPools(cfg *stackconfig.Config) *nodepools.AckPools {
	if !hasSystemPools(cfg) || cfg.Cloud == stackconfig.CloudGCP {
		return nil
	}
	p := ackSystemSpec(cfg).SystemPools(statefulAck(cfg))
	p.Name = cfg.ResourcePrefix() + "-system"
	return &p
}

// gkeSystemPools are ackSystemPools on GKE.
func gkeSystemPools(cfg *stackconfig.Config) *nodepools.GkePools {
	if !hasSystemPools(cfg) || cfg.Cloud != stackconfig.CloudGCP {
		return nil
	}
	p := gkeSystemSpec(cfg).SystemPools(statefulGke(cfg))
	p.Name = cfg.ResourcePrefix() + "-system"
	return &p
}

// ackSystemSpec is the stack's systemPool on ACK, empty (every size defaulted) when unset.
func ackSystemSpec(cfg *stackconfig.Config) nodepools.AckSystemPoolSpec {
	if sp := cfg.SystemPool; sp != nil && sp.Alicloud != nil {
		return *sp.Alicloud
	}
	return nodepools.AckSystemPoolSpec{}
}

// gkeSystemSpec is ackSystemSpec on GKE.
func gkeSystemSpec(cfg *stackconfig.Config) nodepools.GkeSystemPoolSpec {
	if sp := cfg.SystemPool; sp != nil && sp.GCP != nil {
		return *sp.GCP
	}
	return nodepools.GkeSystemPoolSpec{}
}

// statefulAck is the stack's nodePools as written, for what the system pools take from them.
func statefulAck(cfg *stackconfig.Config) *nodepools.AckPools {
	if np := cfg.NodePools; np != nil && np.Alicloud != nil {
		return &np.Alicloud.AckPools
	}
	return nil
}

// statefulGke is statefulAck on GKE.
func statefulGke(cfg *stackconfig.Config) *nodepools.GkePools {
	if np := cfg.NodePools; np != nil && np.GCP != nil {
		return &np.GCP.GkePools
	}
	return nil
}

// planPools plans the stateful pools into l's problems, under nodePools: a name derived from the
// stack's (nodePools.name unset) is the stack's name to shorten.
func planPools(l *validation.List, cfg *stackconfig.Config) []nodepools.Pool {
	var pools []nodepools.Pool
	var err error
	ack, gke := ackPools(cfg), gkePools(cfg)
	switch {
	case ack != nil:
		pools, err = ack.Plan("pools", cfg.Zones, nodepools.RoleStateful)
		if err == nil && cfg.Cloud == stackconfig.CloudAlicloud {
			// Only the pools ACK creates need a login; the local cluster's are fake nodes. The plan
			// stands without one: placeholders and workloads are still checked against it.
			l.Merge("nodePools", nodepools.CheckLogin(pools))
		}
	case gke != nil:
		pools, err = gke.Plan("pools", cfg.Zones, nodepools.RoleStateful)
	default:
		return nil
	}
	derived := cfg.NodePools.Name() == ""
	for _, p := range validation.Problems(err) {
		if p.Field == "name" && derived {
			p.Rule += " (nodePools.name is unset: shorten the stack's name, or set a shorter nodePools.name)"
			l.Merge("", p)
			continue
		}
		l.Merge("nodePools", p)
	}
	return pools
}

// planSystemPools plans the system pools into l's problems: their own sizes under systemPool, their
// name at the stack's name, which it derives from. What they take from nodePools is reported there.
func planSystemPools(l *validation.List, cfg *stackconfig.Config) []nodepools.Pool {
	var pools []nodepools.Pool
	var err error
	ack, gke := ackSystemPools(cfg), gkeSystemPools(cfg)
	switch {
	case ack != nil:
		if own := ackSystemSpec(cfg).Validate(statefulAck(cfg)); own != nil {
			l.Merge("systemPool", own)
			return nil
		}
		pools, err = ack.Plan(systemPoolsName, cfg.Zones, nodepools.RoleSystem)
		if err == nil && cfg.Cloud == stackconfig.CloudAlicloud {
			l.Merge("systemPool", nodepools.CheckLogin(pools))
		}
	case gke != nil:
		if own := gkeSystemSpec(cfg).Validate(statefulGke(cfg)); own != nil {
			l.Merge("systemPool", own)
			return nil
		}
		pools, err = gke.Plan(systemPoolsName, cfg.Zones, nodepools.RoleSystem)
	default:
		return nil
	}
	for _, p := range validation.Problems(err) {
		if p.Field == "name" {
			p.Rule = strings.Replace(p.Rule, "shorten the name", "shorten zonestack:name", 1)
			p.Rule = strings.Replace(p.Rule, "gives the GKE node pool name", "gives the system node pool name", 1)
			l.Merge("", p)
		}
		// Anything else comes from what nodePools gives them, and is reported there.
	}
	if err != nil {
		return nil
	}
	return pools
}

// ackPoolsArgs are the stateful or system pools of an ACK stack, in the stack's zones; the cluster
// and the zones' vSwitches are wired in at registration.
func ackPoolsArgs(cfg *stackconfig.Config, pools *nodepools.AckPools, role string) *nodepools.ZonalPoolsArgs {
	if pools == nil {
		return nil
	}
	a := &nodepools.ZonalPoolsArgs{AckPools: *pools, Tags: cfg.Tags, Role: role}
	for _, z := range cfg.Zones {
		a.VSwitches = append(a.VSwitches, nodepools.PoolZone{Zone: z})
	}
	return a
}

// gkePoolsArgs are the stateful or system pools of a GKE stack; the regional cluster is wired in at
// registration.
func gkePoolsArgs(cfg *stackconfig.Config, pools *nodepools.GkePools, role string) *nodepools.GkeZonalPoolsArgs {
	if pools == nil {
		return nil
	}
	return &nodepools.GkeZonalPoolsArgs{GkePools: *pools, NodeZones: cfg.Zones, Location: cfg.Region,
		Project: cfg.GcpProject(), Tags: cfg.Tags, Role: role}
}
