package program

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/cluster"
	"github.com/zonestack/zonestack/components/network"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
	"github.com/zonestack/zonestack/validation"
)

// kubeadmArgs is the stack's self-managed cluster: its machines in the node vSwitches, whose
// CIDRs the network plans.
func kubeadmArgs(cfg *stackconfig.Config, nodeIDs []pulumi.StringInput, vpcID, sg pulumi.StringInput) cluster.KubeadmClusterArgs {
	ha := cfg.HighlyAvailable()
	return cluster.KubeadmClusterArgs{
		KubeadmSpec:     *cfg.SelfManaged,
		Name:            cfg.ResourcePrefix(),
		Zones:           cfg.Zones,
		VSwitches:       kubeadmSubnets(cfg, nodeIDs),
		VpcID:           vpcID,
		SecurityGroupID: sg,
		HA:              &ha,
		ProviderFromVPC: cfg.RunsInVPC(),
		Tags:            cfg.Tags,
	}
}

// kubeadmSubnets are the zones' node vSwitches with the CIDRs the network plans for them (none
// when the plan fails: the network reports why).
func kubeadmSubnets(cfg *stackconfig.Config, nodeIDs []pulumi.StringInput) []cluster.KubeadmSubnet {
	plan, err := network.PlanAddresses(networkArgs(cfg))
	var out []cluster.KubeadmSubnet
	for i := range cfg.Zones {
		s := cluster.KubeadmSubnet{ID: nodeIDs[i]}
		if err == nil && i < len(plan.Zones) {
			s.Cidr = plan.Zones[i].NodeCidr
		}
		out = append(out, s)
	}
	return out
}

// validateKubeadm checks the stack's self-managed cluster: its spec under selfManaged, the
// cluster name the stack's name gives, and the node vSwitches the network plans (under
// network.vswitches). The stack's zones are checked by the stack config.
func validateKubeadm(l *validation.List, cfg *stackconfig.Config, nodeIDs []pulumi.StringInput) {
	spec := cfg.SelfManaged
	if spec == nil {
		return
	}
	subnets := kubeadmSubnets(cfg, nodeIDs)
	l.Merge("name", cluster.ValidateKubeadmName(cfg.ResourcePrefix()))
	for _, s := range subnets {
		l.Merge("network.vswitches", cluster.ValidateKubeadmSubnet(s.Cidr))
	}
	l.Merge("selfManaged", spec.Validate(cfg.HighlyAvailable(), cfg.Zones, subnets))
}
