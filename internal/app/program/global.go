package program

import (
	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud"
	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/federation"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
)

// dnsBackEnds are the DNS back ends' args as the stack file sets them (federation.dns), wired to
// the members' clusters, shards and VPCs.
type dnsBackEnds struct {
	cloudDNS federation.CloudDNSRecordsArgs
	alidns   federation.AlidnsRecordsArgs
	gtm      *federation.GtmGlobalArgs
	private  federation.PrivateZoneRecordsArgs
	// coreDNS has no servers yet: they are members with providers (CoreDNSSpec.ServersOf).
	coreDNS federation.CoreDNSZoneArgs
}

func dnsArgs(cfg *stackconfig.Config, clusters []federation.Cluster, shards map[string]pulumi.Output, vpcs []federation.VPC) dnsBackEnds {
	f := cfg.Federation
	fed, svc, d := f.Federation, f.Service.Service, f.DNS
	b := dnsBackEnds{
		cloudDNS: federation.CloudDNSRecordsArgs{Federation: fed, Service: svc, Clusters: clusters, Shards: shards, ZoneName: d.ZoneName, Project: cfg.GcpProject()},
		alidns: federation.AlidnsRecordsArgs{Federation: fed, Service: svc, Clusters: clusters, Shards: shards,
			DomainName: d.ZoneName, Edition: d.Edition, CreateDomain: d.CreateZone},
		private: federation.PrivateZoneRecordsArgs{Federation: fed, Service: svc, Clusters: clusters, Shards: shards, VPCs: vpcs},
	}
	if c := d.CoreDNS; c != nil {
		b.coreDNS = federation.CoreDNSZoneArgs{Image: c.Image, Replicas: c.Replicas, Reload: c.Reload}
	}
	b.coreDNS.Federation, b.coreDNS.Service, b.coreDNS.Clusters, b.coreDNS.Shards = fed, svc, clusters, shards
	if g := d.GTM; g != nil {
		b.gtm = &federation.GtmGlobalArgs{Federation: fed, Service: svc, Clusters: clusters, Shards: shards, PublicZoneName: d.ZoneName,
			GtmSpec: *g, Port: f.Service.Port}
	}
	return b
}

// registerGlobal builds a global stack: the member clusters from their stacks, the service in each,
// each member's shard read live (a real run) or from the shard's outputs (an offline one), and the
// records in Cloud DNS, Alibaba Cloud DNS (with GTM for the global name, and a private zone) or
// CoreDNS in member clusters.
func registerGlobal(ctx *pulumi.Context, cfg *stackconfig.Config, out map[string]pulumi.Input, mode runMode) error {
	f := cfg.Federation
	members, err := federation.NewMemberClusters(ctx, "members", &federation.MemberClustersArgs{Members: f.Members, StackPrefix: f.StackPrefix,
		ProviderVersion: mode.kubernetesVersion})
	if err != nil {
		return err
	}
	fed := f.Federation
	fs, err := federation.NewFederatedService(ctx, "service", &federation.FederatedServiceArgs{ServiceSpec: f.Service, Members: members.Members, Federation: &fed})
	if err != nil {
		return err
	}
	// This stack's own outputs of its last run: the shards a member that cannot be read keeps.
	self, err := pulumi.NewStackReference(ctx, "last-run", &pulumi.StackReferenceArgs{
		Name: pulumi.String(ctx.Organization() + "/" + ctx.Project() + "/" + ctx.Stack()),
	})
	if err != nil {
		return err
	}
	shards := fs.ShardStatus
	if mode.liveShards {
		shards = federation.LiveShards(ctx, federation.LiveShardsArgs{Service: f.Service.Service, Members: members.Members,
			Last: lastShards(self), After: fs.ShardStatus})
	}
	var clusters []federation.Cluster
	var vpcs []federation.VPC
	for _, m := range members.Members {
		clusters = append(clusters, m.Cluster)
		if m.Cloud == federation.CloudAlicloud {
			vpcs = append(vpcs, federation.VPC{ID: m.VpcID, Region: m.Region})
		}
	}
	all := pulumi.Map{}
	for name, st := range shards {
		all[name] = st
	}
	out["shards"] = all
	b := dnsArgs(cfg, clusters, shards, vpcs)
	var aliProv *alicloud.Provider
	if f.DNS.Backend == federation.BackendAlidns || f.DNS.PrivateZone {
		if aliProv, err = globalAlicloudProvider(ctx, f); err != nil {
			return err
		}
	}
	switch f.DNS.Backend {
	case federation.BackendAlidns:
		if b.gtm != nil {
			gtm, err := federation.NewGtmGlobal(ctx, "gtm", b.gtm, pulumi.Provider(aliProv))
			if err != nil {
				return err
			}
			b.alidns.GlobalTarget = gtm.Target
			out["gtmInstanceId"] = gtm.InstanceID
			out["gtm"] = pulumi.Map{"name": pulumi.String(gtm.Target), "ttl": pulumi.Int(gtm.TTL)}
		}
		records, err := federation.NewAlidnsRecords(ctx, "dns", &b.alidns, pulumi.Provider(aliProv))
		if err != nil {
			return err
		}
		out["records"] = records.Records
		out["dnsSlots"] = records.Slots
		if f.DNS.CreateZone {
			out["nameServers"] = records.NameServers
		}
	case federation.BackendCoreDNS:
		var spec federation.CoreDNSSpec
		if f.DNS.CoreDNS != nil {
			spec = *f.DNS.CoreDNS
		}
		b.coreDNS.Servers = spec.ServersOf(f.Members, members.Members)
		zone, err := federation.NewCoreDNSZone(ctx, "dns", &b.coreDNS)
		if err != nil {
			return err
		}
		out["records"] = zone.Records
		out["nameServers"] = zone.NameServers
		out["delegation"] = zone.Delegation
		out["dnsAddresses"] = zone.Addresses
	default:
		prov, err := gcp.NewProvider(ctx, "gcp", &gcp.ProviderArgs{Project: pulumi.String(cfg.GcpProject())}, pulumi.Version(GCPProviderVersion))
		if err != nil {
			return err
		}
		records, err := federation.NewCloudDNSRecords(ctx, "dns", &b.cloudDNS, pulumi.Provider(prov))
		if err != nil {
			return err
		}
		out["records"] = records.Records
		out["nameServers"] = records.NameServers
	}
	if f.DNS.PrivateZone {
		pz, err := federation.NewPrivateZoneRecords(ctx, "private-dns", &b.private, pulumi.Provider(aliProv))
		if err != nil {
			return err
		}
		out["privateZoneId"] = pz.ZoneID
	}
	return nil
}

// lastShards is the shards output of the stack's last run, nil before its first. Read from the
// whole outputs map, not with GetOutput, which during a preview makes a missing output (the first
// run's) unknown, and with it every record planned from the shards.
func lastShards(self *pulumi.StackReference) pulumi.Output {
	return self.Outputs.ApplyT(func(outs map[string]any) any { return outs["shards"] })
}

// globalAlicloudProvider is the global stack's alicloud provider: Alibaba Cloud DNS, PrivateZone
// and GTM are global services, reached through the first Alibaba Cloud member's region
// (cn-hangzhou without one).
func globalAlicloudProvider(ctx *pulumi.Context, f *federation.FederationSpec) (*alicloud.Provider, error) {
	region := "cn-hangzhou"
	for _, m := range f.Members {
		if m.Cloud == federation.CloudAlicloud {
			region = m.Region
			break
		}
	}
	return alicloud.NewProvider(ctx, "alicloud", &alicloud.ProviderArgs{Region: pulumi.String(region)})
}
