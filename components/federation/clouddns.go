package federation

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp/dns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/validation"
)

const cloudDNSRecordsType = "zonestack:federation:CloudDNSRecords"

// CloudDNSRecordsArgs are the inputs of CloudDNSRecords.
type CloudDNSRecordsArgs struct {
	Federation Federation `pulumi:"federation"`
	Service    Service    `pulumi:"service"`
	// Clusters are the members, their shards left empty: the shards come from Shards.
	Clusters []Cluster `pulumi:"clusters"`
	// Shards are each member's ShardStatus output, by cluster name (FederatedService.ShardStatus).
	Shards map[string]pulumi.Output `pulumi:"shards"`
	// ZoneName names the Cloud DNS managed zone created for Federation.Domain. Required.
	ZoneName string `pulumi:"zoneName"`
	// Project holds the zone. Optional: the provider's.
	Project string `pulumi:"project"`
}

// CloudDNSRecords is a public Cloud DNS zone for the federation's domain and one record set per
// scope name, whose type (A or CNAME) and values follow the shards' health at each pulumi up.
type CloudDNSRecords struct {
	pulumi.ResourceState

	// NameServers are the zone's name servers: delegate the domain to them.
	NameServers pulumi.StringArrayOutput `pulumi:"nameServers"`
	// Records are the planned records.
	Records pulumi.AnyOutput `pulumi:"records"`
}

// Validate reports every problem of a's own settings (the planner's rules are PlanRecords').
func (a CloudDNSRecordsArgs) Validate() error {
	var l validation.List
	requireManagedZone(&l, "zoneName", a.ZoneName)
	checkAliasesInDomain(&l, a.Federation)
	return l.Err()
}

// requireManagedZone records at field that Cloud DNS needs the managed zone's name.
func requireManagedZone(l *validation.List, field, zone string) {
	if zone == "" {
		l.Required(field, "is required: the Cloud DNS managed zone's name")
	}
}

// checkAliasesInDomain records the aliases of f outside its domain, the zone Cloud DNS makes.
func checkAliasesInDomain(l *validation.List, f Federation) {
	domain := strings.TrimSuffix(strings.ToLower(f.Domain), ".")
	for _, v := range aliasNames(f) {
		if !strings.HasSuffix(v, "."+domain) {
			l.Invalid("aliases", v, "must be inside the zone %s; an alias in another zone is a CNAME you make there, to its scope name", domain)
		}
	}
}

// NewCloudDNSRecords registers the zone and the record sets.
func NewCloudDNSRecords(ctx *pulumi.Context, name string, args *CloudDNSRecordsArgs, opts ...pulumi.ResourceOption) (*CloudDNSRecords, error) {
	if args == nil {
		return nil, fmt.Errorf("cloud dns records %q: args are required", name)
	}
	a := *args
	// The static part first: with every shard unhealthy and no address the plan is still
	// computed, so bad names fail before anything is registered.
	if err := validateBackEnd(a.Federation, a.Service, a.Clusters, a.Validate()); err != nil {
		return nil, fmt.Errorf("cloud dns records %q: %w", name, err)
	}
	domain := strings.TrimSuffix(strings.ToLower(a.Federation.Domain), ".")
	c := &CloudDNSRecords{}
	if err := ctx.RegisterComponentResource(cloudDNSRecordsType, name, c, opts...); err != nil {
		return nil, err
	}
	zoneArgs := &dns.ManagedZoneArgs{
		Name:        pulumi.String(a.ZoneName),
		DnsName:     pulumi.String(domain + "."),
		Description: pulumi.String("zonestack: federation " + a.Federation.Name),
		Visibility:  pulumi.String("public"),
	}
	if a.Project != "" {
		zoneArgs.Project = pulumi.String(a.Project)
	}
	zone, err := dns.NewManagedZone(ctx, name+"-zone", zoneArgs, pulumi.Parent(c))
	if err != nil {
		return nil, err
	}
	onShards := planOnShards(a.Federation, a.Service, a.Clusters, a.Shards)
	planned := onShards.ApplyT(func(v any) []Record { return v.(shardPlan).Records })
	// recordSet registers one record set; fqdn is its name when it never moves ("" when the
	// record says, as a parked set's does).
	recordSet := func(rsName, fqdn string, rec pulumi.Output, opts ...pulumi.ResourceOption) (*dns.RecordSet, error) {
		var owner pulumi.StringInput = pulumi.String(fqdn + ".")
		if fqdn == "" {
			owner = rec.ApplyT(func(v any) string { return v.(Record).Name + "." }).(pulumi.StringOutput)
		}
		rsArgs := &dns.RecordSetArgs{
			ManagedZone: zone.Name,
			Name:        owner,
			Type:        rec.ApplyT(func(v any) string { return v.(Record).Type }).(pulumi.StringOutput),
			Ttl:         pulumi.Int(ttlOf(a.Federation)),
			Rrdatas:     rec.ApplyT(func(v any) []string { return v.(Record).Values }).(pulumi.StringArrayOutput),
		}
		if a.Project != "" {
			rsArgs.Project = pulumi.String(a.Project)
		}
		// A change of type (A to CNAME and back) is an update: the Google provider's type is not
		// ForceNew, and its update sends Cloud DNS one change that deletes the old set and adds
		// the new, applied at once (google_dns_record_set). A change of name (a parked set in the
		// layered layout) replaces the set, the new one first: it goes where no set of its type
		// is, so nothing conflicts and the name is never absent.
		return dns.NewRecordSet(ctx, rsName, rsArgs, append(opts, pulumi.Parent(c))...)
	}
	if slices.ContainsFunc(a.Clusters, func(cl Cluster) bool { return cl.DualStack }) {
		// A dual-stack member: the layered layout, three record sets per name (RenderLayered).
		laid := onShards.ApplyT(func(v any) ([]Record, error) {
			p := v.(shardPlan)
			return RenderLayered(a.Federation, a.Service, p.Clusters, p.Records)
		})
		// Per name the head, then its A and AAAA sets (LayeredKinds); the head is registered last
		// and depends on the sets, so that a flip finds addr.N ready.
		i := 0
		for _, n := range ScopeNames(a.Federation, a.Service, a.Clusters) {
			at := func(j int) pulumi.Output { return laid.ApplyT(func(v any) Record { return v.([]Record)[j] }) }
			var sets []pulumi.Resource
			for k, kind := range LayeredKinds[1:] {
				rs, err := recordSet(name+"-"+layeredKey(a.Federation, a.Service, n, kind), "", at(i+1+k))
				if err != nil {
					return nil, err
				}
				sets = append(sets, rs)
			}
			if _, err := recordSet(name+"-"+layeredKey(a.Federation, a.Service, n, "head"), n, at(i), pulumi.DependsOn(sets)); err != nil {
				return nil, err
			}
			i += len(LayeredKinds)
		}
		for _, v := range aliasNames(a.Federation) {
			at := i
			rec := laid.ApplyT(func(v any) Record { return v.([]Record)[at] })
			if _, err := recordSet(name+"-alias-"+strings.TrimSuffix(v, "."+domain), v, rec); err != nil {
				return nil, err
			}
			i++
		}
	} else {
		aliases := aliasNames(a.Federation)
		for _, n := range append(ScopeNames(a.Federation, a.Service, a.Clusters), aliases...) {
			rec := planned.ApplyT(func(v any) (Record, error) {
				var found []Record
				for _, r := range v.([]Record) {
					if r.Name == n {
						found = append(found, r)
					}
				}
				switch {
				case len(found) == 0:
					// Only the global name can be absent: no shard is healthy and allUnhealthy is omit.
					return Record{}, fmt.Errorf("%s: no shard is healthy, and this back end keeps one record set per name: set allUnhealthy to failOpen, or bring a shard back", n)
				case len(found) > 1:
					// One record set per name keeps the resources static; a name of both
					// families needs the layered layout, which dualStack members turn on.
					return Record{}, fmt.Errorf("%s: its shards have IPv4 and IPv6 addresses, and no member is dualStack; set dualStack on the members whose load balancers have IPv6 addresses, so that each name keeps an A and an AAAA record set", n)
				}
				return found[0], nil
			})
			rsName := name + "-" + strings.TrimSuffix(n, "."+domain)
			if slices.Contains(aliases, n) {
				rsName = name + "-alias-" + strings.TrimSuffix(n, "."+domain)
			}
			if _, err := recordSet(rsName, n, rec); err != nil {
				return nil, err
			}
		}
	}
	c.NameServers = zone.NameServers
	c.Records = pulumi.Any(planned)
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{"nameServers": c.NameServers, "records": c.Records}); err != nil {
		return nil, err
	}
	return c, nil
}

// shardPlan is the plan once the shards report: the members with their shards, and the records.
type shardPlan struct {
	Clusters []Cluster
	Records  []Record
}

// planOnShards plans the records again once every member's shard status (FederatedService's
// ShardStatus) is known: a pure function of their addresses and health.
func planOnShards(f Federation, svc Service, members []Cluster, shards map[string]pulumi.Output) pulumi.Output {
	names := make([]string, 0, len(members))
	statuses := make([]any, 0, len(members))
	for _, cl := range members {
		names = append(names, cl.Name)
		statuses = append(statuses, shards[cl.Name])
	}
	return pulumi.All(statuses...).ApplyT(func(xs []any) (shardPlan, error) {
		clusters := make([]Cluster, len(members))
		copy(clusters, members)
		for i, x := range xs {
			st, ok := x.(ShardStatus)
			if !ok {
				return shardPlan{}, fmt.Errorf("shard of %s: no status", names[i])
			}
			clusters[i].Shard = Shard{Addresses: st.Addresses, Healthy: st.Healthy}
		}
		rs, _, err := PlanRecords(f, svc, clusters, nil)
		return shardPlan{Clusters: clusters, Records: rs}, err
	})
}

// validateBackEnd joins the planner's problems and a back end's own.
func validateBackEnd(f Federation, svc Service, clusters []Cluster, own error) error {
	var l validation.List
	if _, _, err := PlanRecords(f, svc, clusters, nil); err != nil {
		l.Merge("", err)
	}
	l.Merge("", own)
	return l.Err()
}

func ttlOf(f Federation) int {
	if f.TTL == 0 {
		return DefaultTTL
	}
	return f.TTL
}
