package program

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/cluster"
	"github.com/zonestack/zonestack/components/network"
	"github.com/zonestack/zonestack/internal/alicloud"
	"github.com/zonestack/zonestack/internal/stackconfig"
	"github.com/zonestack/zonestack/internal/validation"
)

// Run validates cfg, builds the stack and exports its outputs. It is the whole program body.
func Run(ctx *pulumi.Context, cfg *stackconfig.Config) error {
	outputs, err := Build(ctx, cfg)
	if err != nil {
		return err
	}
	for name, v := range outputs {
		ctx.Export(name, v)
	}
	return nil
}

// Validate reports every problem of cfg, the stack's own and its components', each under the
// config path the user wrote (for example "network.vswitches[1].podCidr").
func Validate(cfg *stackconfig.Config) error {
	if cfg.Cloud != stackconfig.CloudAlicloud {
		return nil
	}
	var l validation.List
	na := networkArgs(cfg)
	l.MergeFunc(na.Validate(), networkPath)
	ca := clusterArgs(cfg, placeholders(len(cfg.Zones)), placeholders(len(cfg.Zones)), nil)
	if ca != nil {
		l.MergeFunc(ca.Validate(), clusterPath)
	}
	return l.Err()
}

// Build registers the stack's resources and returns the outputs to export.
func Build(ctx *pulumi.Context, cfg *stackconfig.Config) (map[string]pulumi.Input, error) {
	if err := Validate(cfg); err != nil {
		return nil, err
	}
	out := map[string]pulumi.Input{
		"cloud":  pulumi.String(cfg.Cloud),
		"region": pulumi.String(cfg.Region),
		"zones":  pulumi.ToStringArray(cfg.Zones),
	}
	if cfg.Cloud != stackconfig.CloudAlicloud {
		return out, nil
	}

	// An explicit provider pins the region to the stack's, whatever alicloud:region says.
	prov, err := alicloud.NewProvider(ctx, "alicloud", &alicloud.ProviderArgs{Region: pulumi.String(cfg.Region)})
	if err != nil {
		return nil, err
	}
	onAlicloud := pulumi.Providers(prov)

	na := networkArgs(cfg)
	net, err := network.NewNetwork(ctx, "network", &na, onAlicloud)
	if err != nil {
		return nil, err
	}
	out["vpcId"] = net.VpcID
	out["nodeVswitchIds"] = net.NodeVSwitchIDs
	out["podVswitchIds"] = net.PodVSwitchIDs
	out["securityGroupId"] = net.SecurityGroupID
	out["egressIp"] = net.EgressIP

	nodes, pods := net.VSwitchIDs()
	ca := clusterArgs(cfg, nodes, pods, net.SecurityGroupID.ToStringOutput())
	if ca == nil {
		return out, nil
	}
	ack, err := cluster.NewAckCluster(ctx, "cluster", ca, onAlicloud)
	if err != nil {
		return nil, err
	}
	out["clusterId"] = ack.ClusterID
	out["kubeconfig"] = ack.Kubeconfig
	out["apiServerIntranet"] = ack.APIServerIntranet
	out["kubernetesVersion"] = ack.KubernetesVersion
	return out, nil
}

func networkArgs(cfg *stackconfig.Config) network.NetworkArgs {
	a := network.NetworkArgs{
		Region:     cfg.Region,
		Zones:      cfg.Zones,
		NamePrefix: cfg.ResourcePrefix(),
		Tags:       cfg.Tags,
	}
	if n := cfg.Network; n != nil {
		a.VpcCidr = n.VpcCidr
		a.ServiceCidr = n.ServiceCidr
		for _, v := range n.VSwitches {
			a.VSwitches = append(a.VSwitches, network.VSwitchArgs{Zone: v.Zone, NodeCidr: v.NodeCidr, PodCidr: v.PodCidr})
		}
		if n.Nat != nil {
			a.Nat = network.NatArgs{Enabled: n.Nat.Enabled, EipBandwidth: n.Nat.EipBandwidth, InternetChargeType: n.Nat.InternetChargeType}
		}
	}
	return a
}

// networkPath maps a NetworkArgs field to the config key it comes from.
func networkPath(field string) string {
	if field == "region" || strings.HasPrefix(field, "zones") {
		return field
	}
	return validation.Join("network", field)
}

// clusterArgs is nil when the stack asks for no cluster.
func clusterArgs(cfg *stackconfig.Config, nodeIDs, podIDs []pulumi.StringInput, sg pulumi.StringInput) *cluster.AckClusterArgs {
	c := cfg.Cluster
	if c == nil {
		return nil
	}
	a := &cluster.AckClusterArgs{
		ClusterName:        cfg.ResourcePrefix(),
		VSwitchIDs:         nodeIDs,
		PodVSwitchIDs:      podIDs,
		SecurityGroupID:    sg,
		ServiceCidr:        network.PlanServiceCidr(networkArgs(cfg)),
		Spec:               c.Spec,
		KubernetesVersion:  c.KubernetesVersion,
		PublicEndpoint:     c.PublicEndpoint,
		DeletionProtection: c.DeletionProtection,
		ProxyMode:          c.ProxyMode,
		EnableRrsa:         c.EnableRrsa,
		ControlPlaneLogs:   c.ControlPlaneLogs,
		Tags:               cfg.Tags,
	}
	if w := c.MaintenanceWindow; w != nil {
		a.MaintenanceWindow = cluster.MaintenanceWindowArgs{
			Enabled: w.Enabled, Weekdays: w.Weekdays, StartTime: w.StartTime, UTCOffset: w.UTCOffset, Duration: w.Duration,
		}
	}
	return a
}

// clusterPath maps an AckClusterArgs field to the config key it comes from.
func clusterPath(field string) string {
	switch {
	case field == "serviceCidr":
		return "network.serviceCidr"
	case field == "clusterName":
		return "name"
	}
	return validation.Join("cluster", field)
}

// placeholders stand for IDs that exist only after creation, so that validation can count them.
func placeholders(n int) []pulumi.StringInput {
	out := make([]pulumi.StringInput, n)
	for i := range out {
		out[i] = pulumi.String("")
	}
	return out
}
