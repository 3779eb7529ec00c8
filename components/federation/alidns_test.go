package federation_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/federation"
	"github.com/zonestack/zonestack/internal/app/offline"
	"github.com/zonestack/zonestack/internal/app/testutil"
	"github.com/zonestack/zonestack/internal/base/cloudrules"
	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

// withShardOutputs splits clusters into the members (shards left empty) and their shard statuses
// as outputs, the way FederatedService hands them to a DNS back end.
func withShardOutputs(clusters []federation.Cluster) ([]federation.Cluster, map[string]pulumi.Output) {
	shards := map[string]pulumi.Output{}
	var bare []federation.Cluster
	for _, c := range clusters {
		shards[c.Name] = pulumi.ToOutput(federation.ShardStatus{Addresses: c.Shard.Addresses, Healthy: c.Shard.Healthy})
		c.Shard = federation.Shard{}
		bare = append(bare, c)
	}
	return bare, shards
}

// recordsByRr is the recorded AlidnsRecords (or PrivateZone records) as "rr type value", by resource name.
func recordsByRr(rec *offline.Recorder, token string) map[string]string {
	out := map[string]string{}
	for _, r := range rec.ByType(token) {
		out[r.Name] = r.Inputs["rr"].StringValue() + " " + r.Inputs["type"].StringValue() + " " + r.Inputs["value"].StringValue()
	}
	return out
}

// One AlidnsRecord per slot of the per-value layout, host parts relative to the hosted domain,
// CNAME targets without their trailing dot, the TTL on every record.
func TestAlidnsRecordsLayTheSlots(t *testing.T) {
	cs := dualStackExample()
	f := fed()
	f.Domain = "fed.example.com"
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		bare, shards := withShardOutputs(cs)
		_, err := federation.NewAlidnsRecords(ctx, "dns", &federation.AlidnsRecordsArgs{
			Federation: f, Service: nginx, Clusters: bare, Shards: shards, DomainName: "example.com", Edition: "standard",
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	got := recordsByRr(rec, rt.DnsAlidnsRecord)
	const p = "nginx.mynamespace.myfederation.svc"
	for name, want := range map[string]string{
		"dns-global/head":                            p + ".fed CNAME addr." + p + ".fed.example.com",
		"dns-global/ack-hz1/aaaa":                    "addr." + p + ".fed AAAA 2001:db8::30",
		"dns-global/gke-usc1/a":                      "addr." + p + ".fed TXT zonestack: parked gke-usc1 A",
		"dns-us-central1/head":                       p + ".us-central1.fed CNAME " + p + ".fed.example.com",
		"dns-cn-hangzhou-i.cn-hangzhou/head":         p + ".cn-hangzhou-i.cn-hangzhou.fed CNAME " + p + ".cn-hangzhou.fed.example.com",
		"dns-europe-west1-b.europe-west1/gke-euw1/a": "addr." + p + ".europe-west1-b.europe-west1.fed A 203.0.113.10",
	} {
		if got[name] != want {
			t.Errorf("%s: %q, want %q", name, got[name], want)
		}
	}
	if len(got) != 27 {
		t.Errorf("%d records, want 27 (10 heads, 17 address slots)", len(got))
	}
	for _, r := range rec.ByType(rt.DnsAlidnsRecord) {
		if r.Inputs["ttl"].NumberValue() != 180 || r.Inputs["domainName"].StringValue() != "example.com" {
			t.Errorf("%s: ttl %v, domain %v", r.Name, r.Inputs["ttl"], r.Inputs["domainName"])
		}
	}
	// A head depends on its address name's slots, so that they are updated first.
	urns := map[string]string{}
	for _, r := range rec.ByType(rt.DnsAlidnsRecord) {
		urns[r.Name] = r.URN
	}
	for _, r := range rec.ByType(rt.DnsAlidnsRecord) {
		if r.Name == "dns-global/head" && !slices.Equal(r.Dependencies, slices.Sorted(slices.Values([]string{urns["dns-global/gke-euw1/a"], urns["dns-global/gke-usc1/a"], urns["dns-global/ack-hz1/a"], urns["dns-global/ack-hz1/aaaa"], urns["dns-global/ack-hz2/a"]}))) {
			t.Errorf("the global head depends on %v", r.Dependencies)
		}
	}
	if n := len(rec.ByType(rt.DnsAlidnsDomain)); n != 0 {
		t.Errorf("%d hosted domains made without createDomain", n)
	}
}

// The edition bounds the TTL; the hosted domain must hold the names. Both are refused before
// anything is registered.
func TestAlidnsRecordsRefuseBadSettings(t *testing.T) {
	bare, _ := withShardOutputs(workedExample())
	for want, args := range map[string]federation.AlidnsRecordsArgs{
		"ttl: is below the free edition's minimum of 600 seconds: raise the TTL or the edition (got 180)": {Edition: "free", DomainName: "example.com"},
		`edition: must be one of free, personal, basic, standard, ultimate, exclusive`:                    {Edition: "gold", DomainName: "example.com"},
		`domainName: must be the federation's domain example.com or a parent of it (got "other.com")`:     {Edition: "ultimate", DomainName: "other.com"},
		"domainName: is required": {Edition: "ultimate"},
	} {
		aliases := args.Federation.Aliases
		args.Federation, args.Service, args.Clusters = fed(), nginx, bare
		args.Federation.Aliases = aliases
		testutil.Rejected(t, want, func(ctx *pulumi.Context) error {
			_, err := federation.NewAlidnsRecords(ctx, "dns", &args)
			return err
		})
	}
}

// GTM mode: the global name is a CNAME to GTM's name, and its address slots are not made; GTM
// has a pool per region with each member's address, a TCP check per pool and a strategy over
// every pool; the TTL is the largest GTM accepts below the federation's.
func TestGtmGlobalAnswersTheGlobalName(t *testing.T) {
	cs := workedExample()
	cs[2].Shard.Addresses = cs[2].Shard.Addresses[:1]
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		bare, shards := withShardOutputs(cs)
		g, err := federation.NewGtmGlobal(ctx, "gtm", &federation.GtmGlobalArgs{
			Federation: fed(), Service: nginx, Clusters: bare, Shards: shards, PublicZoneName: "example.com", Port: 80,
		})
		if err != nil {
			return err
		}
		_, err = federation.NewAlidnsRecords(ctx, "dns", &federation.AlidnsRecordsArgs{
			Federation: fed(), Service: nginx, Clusters: bare, Shards: shards, DomainName: "example.com", Edition: "ultimate", GlobalTarget: g.Target,
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	const p = "nginx.mynamespace.myfederation.svc"
	records := recordsByRr(rec, rt.DnsAlidnsRecord)
	if records["dns-global/head"] != p+" CNAME gtm."+p+".example.com" {
		t.Errorf("global head %q", records["dns-global/head"])
	}
	for name := range records {
		if strings.HasPrefix(name, "dns-global/") && name != "dns-global/head" {
			t.Errorf("address slot %s of the global name made in GTM mode", name)
		}
	}
	inst := rec.ByType(rt.DnsGtmInstance)
	if len(inst) != 1 {
		t.Fatalf("%d GTM instances", len(inst))
	}
	in := inst[0].Inputs
	if in["ttl"].NumberValue() != 120 || in["publicRr"].StringValue() != "gtm."+p || in["publicUserDomainName"].StringValue() != p+".example.com" ||
		in["publicZoneName"].StringValue() != "example.com" || in["renewalStatus"].StringValue() != "AutoRenewal" {
		t.Errorf("instance %v", in)
	}
	pools := map[string][]string{}
	for _, r := range rec.ByType(rt.DnsAddressPool) {
		if r.Inputs["type"].StringValue() != "IPV4" || r.Inputs["lbaStrategy"].StringValue() != "ALL_RR" {
			t.Errorf("%s: %v", r.Name, r.Inputs)
		}
		for _, a := range r.Inputs["addresses"].ArrayValue() {
			pools[r.Inputs["addressPoolName"].StringValue()] = append(pools[r.Inputs["addressPoolName"].StringValue()], a.ObjectValue()["address"].StringValue()+" "+a.ObjectValue()["mode"].StringValue())
		}
	}
	if strings.Join(pools["cn-hangzhou"], ",") != "203.0.113.30 SMART,198.51.100.40 SMART" || len(pools) != 3 {
		t.Errorf("pools %v", pools)
	}
	monitors := rec.ByType(rt.DnsMonitorConfig)
	if len(monitors) != 3 || monitors[0].Inputs["monitorExtendInfo"].StringValue() != `{"failureRate":50,"port":80}` {
		t.Errorf("monitors %v", monitors)
	}
	strategy := rec.ByType(rt.DnsAccessStrategy)
	if len(strategy) != 1 || len(strategy[0].Inputs["defaultAddrPools"].ArrayValue()) != 3 || strategy[0].Inputs["defaultAddrPoolType"].StringValue() != "IPV4" {
		t.Errorf("strategy %v", strategy)
	}

	bare, _ := withShardOutputs(workedExample())
	for want, args := range map[string]federation.GtmGlobalArgs{
		"ttl: must be one of 60, 120, 300, 600: the TTLs GTM accepts (got 180)": {GtmSpec: federation.GtmSpec{TTL: 180}, Port: 80, PublicZoneName: "example.com"},
		"period: must be 1 to 9 months or a multiple of 12 (got 13)":            {GtmSpec: federation.GtmSpec{Period: 13}, Port: 80, PublicZoneName: "example.com"},
		"port: must be 1 to 65535 (got 0)":                                      {PublicZoneName: "example.com"},
		`edition: must be standard or ultimate (got "basic")`:                   {GtmSpec: federation.GtmSpec{Edition: "basic"}, Port: 80, PublicZoneName: "example.com"},
	} {
		args.Federation, args.Service, args.Clusters = fed(), nginx, bare
		testutil.Rejected(t, want, func(ctx *pulumi.Context) error {
			_, err := federation.NewGtmGlobal(ctx, "gtm", &args)
			return err
		})
	}
	for ttl, want := range map[int]int{180: 120, 30: 60, 600: 600, 3600: 600, 299: 120} {
		if got := federation.GtmTTLFor(ttl); got != want {
			t.Errorf("GtmTTLFor(%d) = %d, want %d", ttl, got, want)
		}
	}
}

// A GTM strategy answers one type: shards of IP addresses in one region and hostnames in
// another fail the run, naming the types (GTM probes every member, healthy in the plan or not).
func TestGtmGlobalRefusesMixedPools(t *testing.T) {
	cs := workedExample()
	cs[0].Shard = federation.Shard{Addresses: []string{"nlb-abc.eu.example.net"}}
	cs[2].Shard.Addresses = cs[2].Shard.Addresses[:1]
	_, err := offline.Record(func(ctx *pulumi.Context) error {
		bare, shards := withShardOutputs(cs)
		_, err := federation.NewGtmGlobal(ctx, "gtm", &federation.GtmGlobalArgs{
			Federation: fed(), Service: nginx, Clusters: bare, Shards: shards, PublicZoneName: "example.com", Port: 80,
		})
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "one GTM strategy answers one type") {
		t.Fatalf("got %v", err)
	}
}

// The private zone is the federation's domain, attached to the given VPCs with their regions,
// holding the same per-value slots; it has no AAAA, so a dual-stack member is refused.
func TestPrivateZoneRecords(t *testing.T) {
	cs := workedExample()
	cs[2].Shard.Addresses = cs[2].Shard.Addresses[:1]
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		bare, shards := withShardOutputs(cs)
		_, err := federation.NewPrivateZoneRecords(ctx, "pz", &federation.PrivateZoneRecordsArgs{
			Federation: fed(), Service: nginx, Clusters: bare, Shards: shards,
			VPCs: []federation.VPC{{ID: pulumi.String("vpc-hz"), Region: "cn-hangzhou"}},
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	zone := rec.ByType(rt.PvtzZone)
	if len(zone) != 1 || zone[0].Inputs["zoneName"].StringValue() != "example.com" {
		t.Fatalf("zone %v", zone)
	}
	att := rec.ByType(rt.PvtzZoneAttachment)
	if len(att) != 1 || att[0].Inputs["vpcs"].ArrayValue()[0].ObjectValue()["regionId"].StringValue() != "cn-hangzhou" {
		t.Errorf("attachment %v", att)
	}
	records := recordsByRr(rec, rt.PvtzZoneRecord)
	const p = "nginx.mynamespace.myfederation.svc"
	if records["pz-cn-hangzhou/ack-hz1/a"] != "addr."+p+".cn-hangzhou A 203.0.113.30" || len(records) != 10+14 {
		t.Errorf("%d records; cn-hangzhou/ack-hz1/a %q", len(records), records["pz-cn-hangzhou/ack-hz1/a"])
	}
	// PrivateZone takes TTLs 5, 30, 60, 3600, 43200 and 86400 only (AddZoneRecord): the
	// federation's 180 becomes 60, never longer than asked; remarks keep to UpdateRecordRemark's
	// characters and 50 of them.
	for _, r := range rec.ByType(rt.PvtzZoneRecord) {
		if ttl := r.Inputs["ttl"].NumberValue(); ttl != 60 {
			t.Errorf("%s: ttl %v, want 60", r.Name, ttl)
		}
		for _, p := range []string{"ttl", "remark"} {
			if err := cloudrules.Alicloud[rt.PvtzZoneRecord][p].Check(r.Inputs[resource.PropertyKey(p)], r.Inputs); err != nil {
				t.Errorf("%s: %s: %v", r.Name, p, err)
			}
		}
	}
	bare, _ := withShardOutputs(dualStackExample())
	testutil.Rejected(t, "clusters[2].dualStack: PrivateZone has no AAAA records", func(ctx *pulumi.Context) error {
		_, err := federation.NewPrivateZoneRecords(ctx, "pz", &federation.PrivateZoneRecordsArgs{
			Federation: fed(), Service: nginx, Clusters: bare, VPCs: []federation.VPC{{ID: pulumi.String("vpc-hz"), Region: "cn-hangzhou"}},
		})
		return err
	})
}
