package program

import (
	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/federation"
	"github.com/zonestack/zonestack/internal/stackconfig"
	"github.com/zonestack/zonestack/internal/validation"
)

func federationArgs(cfg *stackconfig.Config) (federation.Federation, federation.Service, []federation.Cluster) {
	f := cfg.Federation
	fed := federation.Federation{Name: f.Name, Domain: f.Domain, TTL: f.TTL, AllUnhealthy: f.AllUnhealthy}
	svc := federation.Service{Name: f.Service.Name, Namespace: f.Service.Namespace}
	var clusters []federation.Cluster
	for _, m := range f.Members {
		clusters = append(clusters, federation.Cluster{Name: m.Stack, Region: m.Region, Zones: m.Zones})
	}
	return fed, svc, clusters
}

// validateGlobal reports the federation's problems: the planner's rules on names, with every
// shard unhealthy (health is only known at pulumi up).
func validateGlobal(l *validation.List, cfg *stackconfig.Config) {
	fed, svc, clusters := federationArgs(cfg)
	_, _, err := federation.PlanRecords(fed, svc, clusters, nil)
	l.MergeFunc(err, func(f string) string {
		if f == "service" {
			return "federation.service"
		}
		return validation.Join("federation", f)
	})
}

// registerGlobal builds a global stack: the member clusters from their stacks, the service in each,
// and the records in Cloud DNS.
func registerGlobal(ctx *pulumi.Context, cfg *stackconfig.Config, out map[string]pulumi.Input) error {
	f := cfg.Federation
	fed, svc, _ := federationArgs(cfg)
	var refs []federation.MemberRef
	for _, m := range f.Members {
		refs = append(refs, federation.MemberRef{Stack: m.Stack, Cloud: m.Cloud, Region: m.Region, Zones: m.Zones})
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
	prov, err := gcp.NewProvider(ctx, "gcp", &gcp.ProviderArgs{Project: pulumi.String(cfg.GcpProject())}, pulumi.Version(GCPProviderVersion))
	if err != nil {
		return err
	}
	var clusters []federation.Cluster
	for _, m := range members.Members {
		clusters = append(clusters, m.Cluster)
	}
	records, err := federation.NewCloudDNSRecords(ctx, "dns", &federation.CloudDNSRecordsArgs{
		Federation: fed, Service: svc, Clusters: clusters, Shards: fs.ShardStatus, ZoneName: f.DNS.ZoneName, Project: cfg.GcpProject(),
	}, pulumi.Provider(prov))
	if err != nil {
		return err
	}
	out["shards"] = fs.Shards
	out["records"] = records.Records
	out["nameServers"] = records.NameServers
	return nil
}
