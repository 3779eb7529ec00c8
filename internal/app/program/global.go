package program

import (
	"strings"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud"
	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/federation"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
	"github.com/zonestack/zonestack/validation"
)

func federationArgs(cfg *stackconfig.Config) (federation.Federation, federation.Service, []federation.Cluster) {
	f := cfg.Federation
	fed := federation.Federation{Name: f.Name, Domain: f.Domain, TTL: f.TTL, AllUnhealthy: f.AllUnhealthy, Aliases: f.Aliases}
	svc := federation.Service{Name: f.Service.Name, Namespace: f.Service.Namespace}
	var clusters []federation.Cluster
	for _, m := range f.Members {
		clusters = append(clusters, federation.Cluster{Name: m.Stack, Cloud: m.Cloud, Region: m.Region, Zones: m.Zones, DualStack: m.DualStack})
	}
	return fed, svc, clusters
}

// dnsBackEnds are the DNS back ends' args as the stack file sets them: one mapping for the check
// before anything is registered (no shards, stand-in VPC IDs) and for the registration.
type dnsBackEnds struct {
	cloudDNS federation.CloudDNSRecordsArgs
	alidns   federation.AlidnsRecordsArgs
	gtm      *federation.GtmGlobalArgs
	private  federation.PrivateZoneRecordsArgs
}

func dnsArgs(cfg *stackconfig.Config, clusters []federation.Cluster, shards map[string]pulumi.Output, vpcs []federation.VPC) dnsBackEnds {
	fed, svc, _ := federationArgs(cfg)
	d := cfg.Federation.DNS
	b := dnsBackEnds{
		cloudDNS: federation.CloudDNSRecordsArgs{Federation: fed, Service: svc, Clusters: clusters, Shards: shards, ZoneName: d.ZoneName, Project: cfg.GcpProject()},
		alidns: federation.AlidnsRecordsArgs{Federation: fed, Service: svc, Clusters: clusters, Shards: shards,
			DomainName: d.ZoneName, Edition: d.Edition, CreateDomain: d.CreateZone},
		private: federation.PrivateZoneRecordsArgs{Federation: fed, Service: svc, Clusters: clusters, Shards: shards, VPCs: vpcs},
	}
	if g := d.GTM; g != nil {
		b.gtm = &federation.GtmGlobalArgs{Federation: fed, Service: svc, Clusters: clusters, Shards: shards, PublicZoneName: d.ZoneName,
			Edition: g.Edition, Period: g.Period, TTL: g.TTL, Port: cfg.Federation.Service.Port}
	}
	return b
}

// validateGlobal reports the federation's problems: the planner's rules on names, with every
// shard unhealthy (health is only known at pulumi up).
func validateGlobal(l *validation.List, cfg *stackconfig.Config) {
	fed, svc, clusters := federationArgs(cfg)
	f := cfg.Federation
	_, _, err := federation.PlanRecords(fed, svc, clusters, nil)
	l.MergeFunc(err, federationField)
	var vpcs []federation.VPC
	for _, m := range f.Members {
		if m.Cloud == stackconfig.CloudAlicloud {
			vpcs = append(vpcs, federation.VPC{ID: pulumi.String("from " + m.Stack), Region: m.Region})
		}
	}
	b := dnsArgs(cfg, clusters, nil, vpcs)
	if f.DNS.Backend == "clouddns" {
		l.MergeFunc(b.cloudDNS.Validate(), federationField)
	}
	if f.DNS.Backend == "alidns" {
		l.MergeFunc(b.alidns.Validate(), federationField)
		if b.gtm != nil {
			l.MergeFunc(b.gtm.Validate(), func(field string) string {
				switch field {
				case "publicZoneName":
					return "federation.dns.zoneName"
				case "port":
					return "federation.service.port"
				}
				return validation.Join("federation.dns.gtm", field)
			})
		}
	}
	if f.DNS.PrivateZone {
		l.MergeFunc(b.private.Validate(), federationField)
	}
}

// federationField names a component's field in the stack file: clusters[i] are the members,
// domainName and edition the dns settings, the rest the federation's own.
func federationField(field string) string {
	switch {
	case field == "service":
		return "federation.service"
	case field == "domainName" || field == "zoneName":
		return "federation.dns.zoneName"
	case field == "edition":
		return "federation.dns.edition"
	case strings.HasPrefix(field, "clusters["):
		return validation.Join("federation", "members"+strings.TrimPrefix(field, "clusters"))
	}
	return validation.Join("federation", field)
}

// registerGlobal builds a global stack: the member clusters from their stacks, the service in each,
// and the records in Cloud DNS or Alibaba Cloud DNS (with GTM for the global name, and a private zone).
func registerGlobal(ctx *pulumi.Context, cfg *stackconfig.Config, out map[string]pulumi.Input) error {
	f := cfg.Federation
	fed, svc, _ := federationArgs(cfg)
	var refs []federation.MemberRef
	for _, m := range f.Members {
		refs = append(refs, federation.MemberRef{Stack: m.Stack, Cloud: m.Cloud, Region: m.Region, Zones: m.Zones, DualStack: m.DualStack})
	}
	members, err := federation.NewMemberClusters(ctx, "members", &federation.MemberClustersArgs{Members: refs, StackPrefix: f.StackPrefix})
	if err != nil {
		return err
	}
	fs, err := federation.NewFederatedService(ctx, "service", &federation.FederatedServiceArgs{
		Service: svc, Image: f.Service.Image, Port: f.Service.Port, Replicas: f.Service.Replicas, Members: members.Members,
		Federation: &fed,
	})
	if err != nil {
		return err
	}
	var clusters []federation.Cluster
	var vpcs []federation.VPC
	for _, m := range members.Members {
		clusters = append(clusters, m.Cluster)
		if m.Cloud == stackconfig.CloudAlicloud {
			vpcs = append(vpcs, federation.VPC{ID: m.VpcID, Region: m.Region})
		}
	}
	out["shards"] = fs.Shards
	b := dnsArgs(cfg, clusters, fs.ShardStatus, vpcs)
	var aliProv *alicloud.Provider
	if f.DNS.Backend == "alidns" || f.DNS.PrivateZone {
		if aliProv, err = globalAlicloudProvider(ctx, f); err != nil {
			return err
		}
	}
	switch f.DNS.Backend {
	case "alidns":
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

// globalAlicloudProvider is the global stack's alicloud provider: Alibaba Cloud DNS, PrivateZone
// and GTM are global services, reached through the first Alibaba Cloud member's region
// (cn-hangzhou without one).
func globalAlicloudProvider(ctx *pulumi.Context, f *stackconfig.Federation) (*alicloud.Provider, error) {
	region := "cn-hangzhou"
	for _, m := range f.Members {
		if m.Cloud == stackconfig.CloudAlicloud {
			region = m.Region
			break
		}
	}
	return alicloud.NewProvider(ctx, "alicloud", &alicloud.ProviderArgs{Region: pulumi.String(region)})
}
