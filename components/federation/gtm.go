package federation

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/dns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/internal/base/cloudrules"
	"github.com/zonestack/zonestack/validation"
)

const gtmGlobalType = "zonestack:federation:GtmGlobal"

// GtmTTLs are the TTLs a GTM 2.0 instance accepts.
var GtmTTLs = []int{60, 120, 300, 600}

// GtmSpec is what a stack file says about GTM (federation.dns.gtm): the instance's package, its
// subscription and its TTL.
type GtmSpec struct {
	// Edition is the instance's package: standard (default) or ultimate.
	Edition string `pulumi:"edition" json:"edition,omitempty"`
	// Period is the subscription in months (default 1; multiples of 12 for yearly). The instance
	// renews itself: a lapsed subscription takes the global name down.
	Period int `pulumi:"period" json:"period,omitempty"`
	// TTL is one of GtmTTLs. Optional: the largest of them not above the federation's TTL.
	TTL int `pulumi:"ttl" json:"ttl,omitempty"`
}

// withDefaults is g with its defaults, its TTL's from federationTTL (0: the federation's default).
func (g GtmSpec) withDefaults(federationTTL int) GtmSpec {
	if g.Edition == "" {
		g.Edition = "standard"
	}
	if g.Period == 0 {
		g.Period = 1
	}
	if g.TTL == 0 {
		g.TTL = GtmTTLFor(ttlOf(Federation{TTL: federationTTL}))
	}
	return g
}

// Validate reports every problem of g, defaults applied; federationTTL is the federation's TTL
// (0: its default), which the TTL's default follows.
func (g GtmSpec) Validate(federationTTL int) error {
	g = g.withDefaults(federationTTL)
	var l validation.List
	if g.Edition != "standard" && g.Edition != "ultimate" {
		l.Invalid("edition", g.Edition, "must be standard or ultimate")
	}
	if g.Period < 1 || (g.Period > 9 && g.Period%12 != 0) {
		l.Invalid("period", g.Period, "must be 1 to 9 months or a multiple of 12")
	}
	if !slices.Contains(GtmTTLs, g.TTL) {
		l.Invalid("ttl", g.TTL, "must be one of 60, 120, 300, 600: the TTLs GTM accepts")
	}
	return l.Err()
}

// GtmGlobalArgs are the inputs of GtmGlobal.
type GtmGlobalArgs struct {
	Federation Federation `pulumi:"federation"`
	Service    Service    `pulumi:"service"`
	// Clusters are the members, their shards left empty: the shards come from Shards.
	Clusters []Cluster `pulumi:"clusters"`
	// Shards are each member's ShardStatus output, by cluster name.
	Shards map[string]pulumi.Output `pulumi:"shards"`
	// PublicZoneName is a domain hosted in Alibaba Cloud DNS where GTM keeps its name. Required.
	PublicZoneName string `pulumi:"publicZoneName"`
	// GtmSpec is the instance's edition, subscription period and TTL.
	GtmSpec
	// Port is the shards' port, probed over TCP. Required.
	Port int `pulumi:"port"`
}

// GtmGlobal answers the federation's global name with GTM: an address pool per region holding
// its members' load-balancer addresses, a TCP health check on each pool, and one access strategy
// over every pool that answers the available addresses (returns all, at least one available).
// Unlike the plan, which follows health at each pulumi up, GTM follows it every minute.
type GtmGlobal struct {
	pulumi.ResourceState

	// Target is the name GTM answers at, for the global name's CNAME; TTL its answers' TTL.
	Target string
	TTL    int
	// InstanceID is the GTM instance.
	InstanceID pulumi.IDOutput `pulumi:"instanceId"`
}

// GtmTTLFor is the TTL a GTM instance gets for a federation TTL: ttl itself when GTM accepts it,
// otherwise the largest accepted TTL below it (60 at least).
func GtmTTLFor(ttl int) int { return cloudrules.LargestAtMost(GtmTTLs, ttl) }

// NewGtmGlobal validates args and registers the instance, pools, health checks and strategy.
func NewGtmGlobal(ctx *pulumi.Context, name string, args *GtmGlobalArgs, opts ...pulumi.ResourceOption) (*GtmGlobal, error) {
	if args == nil {
		return nil, fmt.Errorf("gtm %q: args are required", name)
	}
	a := args.withDefaults()
	if err := validateBackEnd(a.Federation, a.Service, a.Clusters, a.Validate()); err != nil {
		return nil, fmt.Errorf("gtm %q: %w", name, err)
	}
	hosted := strings.TrimSuffix(strings.ToLower(a.PublicZoneName), ".")
	n := namesOf(a.Federation, a.Service)
	g := &GtmGlobal{Target: "gtm." + n.Global(), TTL: a.TTL}
	if err := ctx.RegisterComponentResource(gtmGlobalType, name, g, opts...); err != nil {
		return nil, err
	}
	inst, err := dns.NewGtmInstance(ctx, name, &dns.GtmInstanceArgs{
		InstanceName:         pulumi.String(truncate("zonestack-"+a.Federation.Name+"-"+a.Service.Namespace+"-"+a.Service.Name, 64)),
		PackageEdition:       pulumi.String(a.Edition),
		PaymentType:          pulumi.String("Subscription"),
		Period:               pulumi.Int(a.Period),
		RenewalStatus:        pulumi.String("AutoRenewal"),
		RenewPeriod:          pulumi.Int(a.Period),
		HealthCheckTaskCount: pulumi.Int(100),
		SmsNotificationCount: pulumi.Int(1000),
		StrategyMode:         pulumi.String("GEO"),
		Ttl:                  pulumi.Int(a.TTL),
		PublicCnameMode:      pulumi.String("CUSTOM"),
		PublicZoneName:       pulumi.String(hosted),
		PublicRr:             pulumi.String(relativeTo(g.Target, hosted)),
		PublicUserDomainName: pulumi.String(n.Global()),
		CnameType:            pulumi.String("PUBLIC"),
	}, pulumi.Parent(g))
	if err != nil {
		return nil, err
	}
	planned := planOnShards(a.Federation, a.Service, a.Clusters, a.Shards)
	var regions []string
	byRegion := map[string][]string{}
	for _, c := range a.Clusters {
		r := strings.ToLower(c.Region)
		if _, ok := byRegion[r]; !ok {
			regions = append(regions, r)
		}
		byRegion[r] = append(byRegion[r], c.Name)
	}
	slices.Sort(regions)
	var pools dns.AccessStrategyDefaultAddrPoolArray
	var poolTypes []any
	for _, r := range regions {
		members := byRegion[r]
		// One address per member: its load balancer's first. Their kind sets the pool's type.
		firsts := planned.ApplyT(func(v any) ([]string, error) {
			var out []string
			for _, c := range v.(shardPlan).Clusters {
				if !slices.Contains(members, c.Name) {
					continue
				}
				if len(c.Shard.Addresses) == 0 {
					return nil, fmt.Errorf("member %s has no load-balancer address yet; run pulumi up again once it has one", c.Name)
				}
				out = append(out, c.Shard.Addresses[0])
			}
			return out, nil
		})
		poolType := firsts.ApplyT(func(v any) (string, error) { return poolTypeOf(v.([]string)) }).(pulumi.StringOutput)
		poolTypes = append(poolTypes, poolType)
		var addresses dns.AddressPoolAddressArray
		for i, m := range members {
			addresses = append(addresses, dns.AddressPoolAddressArgs{
				Address:       firsts.ApplyT(func(v any) string { return v.([]string)[i] }).(pulumi.StringOutput),
				AttributeInfo: pulumi.String(`{"lineCodeRectifyType":"AUTO","lineCodes":[]}`),
				Mode:          pulumi.String("SMART"),
				Remark:        pulumi.String("zonestack: " + m),
			})
		}
		pool, err := dns.NewAddressPool(ctx, name+"-"+r, &dns.AddressPoolArgs{
			InstanceId: inst.ID(), AddressPoolName: pulumi.String(r), Type: poolType,
			LbaStrategy: pulumi.String("ALL_RR"), Addresses: addresses,
		}, pulumi.Parent(g))
		if err != nil {
			return nil, err
		}
		extend, _ := json.Marshal(map[string]int{"port": a.Port, "failureRate": 50})
		if _, err := dns.NewMonitorConfig(ctx, name+"-"+r+"-health", &dns.MonitorConfigArgs{
			AddrPoolId: pool.ID(), ProtocolType: pulumi.String("TCP"), Interval: pulumi.Int(60),
			Timeout: pulumi.Int(3000), EvaluationCount: pulumi.Int(2), MonitorExtendInfo: pulumi.String(string(extend)),
			// Alibaba's own BGP probe in Zhangjiakou, the nodes of the API's example.
			IspCityNodes: dns.MonitorConfigIspCityNodeArray{dns.MonitorConfigIspCityNodeArgs{CityCode: pulumi.String("503"), IspCode: pulumi.String("465")}},
		}, pulumi.Parent(g)); err != nil {
			return nil, err
		}
		pools = append(pools, dns.AccessStrategyDefaultAddrPoolArgs{AddrPoolId: pool.ID()})
	}
	strategyType := pulumi.All(poolTypes...).ApplyT(func(ts []any) (string, error) {
		for _, t := range ts {
			if t != ts[0] {
				return "", fmt.Errorf("the regions' pools are of types %v; one GTM strategy answers one type: give every shard an IP address or every shard a hostname", ts)
			}
		}
		return ts[0].(string), nil
	}).(pulumi.StringOutput)
	if _, err := dns.NewAccessStrategy(ctx, name+"-strategy", &dns.AccessStrategyArgs{
		InstanceId: inst.ID(), StrategyName: pulumi.String("zonestack-global"), StrategyMode: pulumi.String("GEO"),
		Lines:               dns.AccessStrategyLineArray{dns.AccessStrategyLineArgs{LineCode: pulumi.String("default")}},
		DefaultAddrPoolType: strategyType, DefaultAddrPools: pools, DefaultLbaStrategy: pulumi.String("ALL_RR"),
		DefaultMinAvailableAddrNum: pulumi.Int(1), AccessMode: pulumi.String("AUTO"),
	}, pulumi.Parent(g)); err != nil {
		return nil, err
	}
	g.InstanceID = inst.ID()
	if err := ctx.RegisterResourceOutputs(g, pulumi.Map{"instanceId": g.InstanceID, "target": pulumi.String(g.Target)}); err != nil {
		return nil, err
	}
	return g, nil
}

func (a GtmGlobalArgs) withDefaults() GtmGlobalArgs {
	a.GtmSpec = a.GtmSpec.withDefaults(a.Federation.TTL)
	return a
}

// Validate reports every problem of a's own settings (the planner's rules are PlanRecords'), defaults applied.
func (a GtmGlobalArgs) Validate() error {
	var l validation.List
	l.Merge("", a.GtmSpec.Validate(a.Federation.TTL))
	// GTM keeps its name, gtm.<global name>, in this zone: the federation's domain or a parent.
	checkHostedDomain(&l, "publicZoneName", a.Federation, a.PublicZoneName)
	checkPort(&l, "port", a.Port)
	return l.Err()
}

// poolTypeOf is the GTM pool type of addresses: IPV4, IPV6 or DOMAIN, all alike.
func poolTypeOf(addresses []string) (string, error) {
	kind := func(a string) string {
		ip, err := netip.ParseAddr(a)
		switch {
		case err != nil:
			return "DOMAIN"
		case ip.Unmap().Is4():
			return "IPV4"
		}
		return "IPV6"
	}
	t := kind(addresses[0])
	for _, a := range addresses[1:] {
		if kind(a) != t {
			return "", fmt.Errorf("addresses %v mix kinds; a GTM pool holds one", addresses)
		}
	}
	return t, nil
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
