package program

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/cluster"
	"github.com/zonestack/zonestack/components/network"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
	"github.com/zonestack/zonestack/validation"
)

// kubeadmArgs converts the stack's self-managed cluster: its machines in the node vSwitches,
// whose CIDRs the network plans.
func kubeadmArgs(cfg *stackconfig.Config, nodeIDs []pulumi.StringInput, vpcID, sg pulumi.StringInput) cluster.KubeadmClusterArgs {
	m := cfg.SelfManaged
	ha := cfg.HighlyAvailable()
	a := cluster.KubeadmClusterArgs{
		Name: cfg.ResourcePrefix(), Zones: cfg.Zones, VpcID: vpcID, SecurityGroupID: sg, HA: &ha,
		Masters: m.Masters, Etcd: m.Etcd, EtcdMembers: m.EtcdMembers, Workers: m.Workers, VIP: m.VIP,
		KubernetesVersion: m.KubernetesVersion, ImageID: m.ImageID, PodCidr: m.PodCidr, ServiceCidr: m.ServiceCidr,
		ImageRepository: m.ImageRepository, PackageMirror: m.PackageMirror, KeyName: m.KeyName, Tags: cfg.Tags,
		PublicEndpoint: m.PublicEndpoint, AuthorizedNetworks: m.AuthorizedNetworks, ProviderFromVPC: cfg.RunsInVPC(),
	}
	machine := func(mm *stackconfig.Machine) cluster.Machine {
		if mm == nil {
			return cluster.Machine{}
		}
		return cluster.Machine{InstanceType: mm.InstanceType, DiskGiB: mm.DiskGiB}
	}
	a.Master, a.Worker, a.EtcdMachine, a.LB = machine(m.Master), machine(m.Worker), machine(m.EtcdMachine), machine(m.LB)
	plan, err := network.PlanAddresses(networkArgs(cfg))
	for i := range cfg.Zones {
		s := cluster.KubeadmSubnet{ID: nodeIDs[i]}
		if err == nil && i < len(plan.Zones) {
			s.Cidr = plan.Zones[i].NodeCidr
		}
		a.VSwitches = append(a.VSwitches, s)
	}
	return a
}

// selfManagedPath maps a KubeadmClusterArgs field to the config key it comes from.
func selfManagedPath(field string) string {
	switch {
	case field == "name":
		return "name"
	case field == "zones":
		return "zones"
	case strings.HasPrefix(field, "vswitches"):
		return "network.vswitches"
	}
	return validation.Join("selfManaged", field)
}
