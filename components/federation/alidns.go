package federation

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/dns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/validation"
)

const alidnsRecordsType = "zonestack:federation:AlidnsRecords"

// AlidnsMinTTL is the least TTL each Alibaba Cloud DNS edition accepts, in seconds (the
// AlidnsRecord documentation): the default TTL of 180 needs a paid edition.
var AlidnsMinTTL = map[string]int{"free": 600, "personal": 600, "basic": 120, "standard": 60, "ultimate": 10, "exclusive": 1}

// AlidnsRecordsArgs are the inputs of AlidnsRecords.
type AlidnsRecordsArgs struct {
	Federation Federation `pulumi:"federation"`
	Service    Service    `pulumi:"service"`
	// Clusters are the members, their shards left empty: the shards come from Shards.
	Clusters []Cluster `pulumi:"clusters"`
	// Shards are each member's ShardStatus output, by cluster name (FederatedService.ShardStatus).
	Shards map[string]pulumi.Output `pulumi:"shards"`
	// DomainName is the domain hosted in Alibaba Cloud DNS that holds the names: the federation's
	// domain or a parent of it. Required.
	DomainName string `pulumi:"domainName"`
	// Edition is the hosted domain's edition: free, personal, basic, standard, ultimate or
	// exclusive. Required: it bounds the TTL.
	Edition string `pulumi:"edition"`
	// CreateDomain hosts DomainName here (AlidnsDomain) rather than using a domain already hosted.
	CreateDomain bool `pulumi:"createDomain"`
	// GlobalTarget, when set, is the global name's one target (the GTM instance's name): the
	// global name is then a CNAME to it and its address slots are not made.
	GlobalTarget string `pulumi:"globalTarget"`
}

// AlidnsRecords are the federation's names in Alibaba Cloud DNS, in the per-value layout
// (RenderPerValue): one AlidnsRecord per slot, whatever the health, updated in place at each
// pulumi up.
type AlidnsRecords struct {
	pulumi.ResourceState

	// NameServers are the hosted domain's name servers when CreateDomain; empty otherwise.
	NameServers pulumi.StringArrayOutput `pulumi:"nameServers"`
	// Records are the planned records (the plan's RRsets, before the per-value layout).
	Records pulumi.AnyOutput `pulumi:"records"`
	// Slots are the records as written, one value each ([]Slot).
	Slots pulumi.AnyOutput `pulumi:"slots"`
}

// relativeTo returns name's host part in domain ("@" for the domain itself).
func relativeTo(name, domain string) string {
	if name == domain {
		return "@"
	}
	return strings.TrimSuffix(name, "."+domain)
}

// checkHostedDomain reports whether the names of f can live in the hosted domain.
func checkHostedDomain(l *validation.List, field string, f Federation, hosted string) string {
	hosted = strings.TrimSuffix(strings.ToLower(hosted), ".")
	domain := strings.TrimSuffix(strings.ToLower(f.Domain), ".")
	switch {
	case hosted == "":
		l.Required(field, "is required: the hosted domain that holds the federation's names")
	case !checkName(hosted):
		l.Invalid(field, hosted, "must be a domain name")
	case domain != hosted && !strings.HasSuffix(domain, "."+hosted):
		l.Invalid(field, hosted, "must be the federation's domain %s or a parent of it", domain)
	}
	return hosted
}

// NewAlidnsRecords validates args and registers the records.
func NewAlidnsRecords(ctx *pulumi.Context, name string, args *AlidnsRecordsArgs, opts ...pulumi.ResourceOption) (*AlidnsRecords, error) {
	if args == nil {
		return nil, fmt.Errorf("alidns records %q: args are required", name)
	}
	a := *args
	if err := validateBackEnd(a.Federation, a.Service, a.Clusters, a.Validate()); err != nil {
		return nil, fmt.Errorf("alidns records %q: %w", name, err)
	}
	hosted := strings.TrimSuffix(strings.ToLower(a.DomainName), ".")
	ttl := ttlOf(a.Federation)
	c := &AlidnsRecords{NameServers: pulumi.StringArray{}.ToStringArrayOutput()}
	if err := ctx.RegisterComponentResource(alidnsRecordsType, name, c, opts...); err != nil {
		return nil, err
	}
	domainName := pulumi.String(hosted).ToStringOutput()
	if a.CreateDomain {
		d, err := dns.NewAlidnsDomain(ctx, name+"-domain", &dns.AlidnsDomainArgs{
			DomainName: pulumi.String(hosted), Remark: pulumi.String("zonestack: federation " + a.Federation.Name),
		}, pulumi.Parent(c), pulumi.Protect(true))
		if err != nil {
			return nil, err
		}
		domainName, c.NameServers = d.DomainName, d.DnsServers
	}
	planned := planOnShards(a.Federation, a.Service, a.Clusters, a.Shards)
	written, err := registerSlots(a.Federation, a.Service, a.Clusters, a.GlobalTarget, planned, func(k SlotKey, slot pulumi.Output, opts ...pulumi.ResourceOption) (pulumi.Resource, error) {
		return dns.NewAlidnsRecord(ctx, name+"-"+k.Short, &dns.AlidnsRecordArgs{
			DomainName: domainName,
			Rr:         pulumi.String(relativeTo(k.Name, hosted)),
			Type:       slotType(slot),
			Value:      slotValue(slot),
			Ttl:        pulumi.Int(ttl),
			Remark:     pulumi.String("zonestack: " + k.Short),
		}, append(opts, pulumi.Parent(c))...)
	})
	if err != nil {
		return nil, err
	}
	c.Records = planned.ApplyT(func(v any) []Record { return v.(shardPlan).Records }).(pulumi.AnyOutput)
	c.Slots = written
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{"nameServers": c.NameServers, "records": c.Records, "slots": c.Slots}); err != nil {
		return nil, err
	}
	return c, nil
}

// Validate reports every problem of a's own settings (the planner's rules are PlanRecords'): the
// hosted domain, the aliases in it, and the TTL against the edition's minimum.
func (a AlidnsRecordsArgs) Validate() error {
	var l validation.List
	hosted := checkHostedDomain(&l, "domainName", a.Federation, a.DomainName)
	checkAliasesInHosted(&l, a.Federation, hosted)
	checkAlidnsEdition(&l, "edition", a.Edition, ttlOf(a.Federation))
	return l.Err()
}

// checkAliasesInHosted records the aliases of f outside the hosted domain (as checkHostedDomain
// returns it; none to check against when ""), which holds their CNAMEs.
func checkAliasesInHosted(l *validation.List, f Federation, hosted string) {
	for _, v := range aliasNames(f) {
		if hosted != "" && v != hosted && !strings.HasSuffix(v, "."+hosted) {
			l.Invalid("aliases", v, "must be inside the hosted domain %s, which holds the alias's CNAME; make it in the alias's own zone instead", hosted)
		}
	}
}

// checkAlidnsEdition records at field an edition Alibaba Cloud DNS does not have, and at ttl a
// federation TTL below the edition's minimum.
func checkAlidnsEdition(l *validation.List, field, edition string, ttl int) {
	if min, ok := AlidnsMinTTL[edition]; !ok {
		l.Invalid(field, edition, "must be one of %s: the hosted domain's Alibaba Cloud DNS edition, which bounds the TTL", strings.Join(sortedEditions(), ", "))
	} else if ttl < min {
		l.Invalid("ttl", ttl, "is below the %s edition's minimum of %d seconds: raise the TTL or the edition", edition, min)
	}
}

func sortedEditions() []string {
	out := make([]string, 0, len(AlidnsMinTTL))
	for k := range AlidnsMinTTL {
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b string) int {
		if d := AlidnsMinTTL[b] - AlidnsMinTTL[a]; d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	return out
}
