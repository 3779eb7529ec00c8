package federation_test

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/federation"
	"github.com/zonestack/zonestack/internal/app/offline"
	"github.com/zonestack/zonestack/internal/app/testutil"
)

// One record set per scope name, whose type and values follow the shards: the worked example's
// unhealthy us-central1 is a CNAME to the global name, its zones CNAMEs to the region.
func TestCloudDNSRecordsFollowTheShards(t *testing.T) {
	clusters := workedExample()
	clusters[2].Shard.Addresses = clusters[2].Shard.Addresses[:1] // ack-hz1: IPv4 only, as no member is dualStack
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		bare, shards := withShardOutputs(clusters)
		_, err := federation.NewCloudDNSRecords(ctx, "dns", &federation.CloudDNSRecordsArgs{
			Federation: fed(), Service: nginx, Clusters: bare, Shards: shards, ZoneName: "fed",
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sets := map[string]string{}
	for _, r := range rec.ByType("gcp:dns/recordSet:RecordSet") {
		if !strings.HasSuffix(r.Inputs["name"].StringValue(), ".example.com.") {
			t.Errorf("%s: name %v is not absolute", r.Name, r.Inputs["name"])
		}
		var values []string
		for _, v := range r.Inputs["rrdatas"].ArrayValue() {
			values = append(values, v.StringValue())
		}
		sets[r.Inputs["name"].StringValue()] = r.Inputs["type"].StringValue() + " " + strings.Join(values, ",")
	}
	const p = "nginx.mynamespace.myfederation.svc."
	for name, want := range map[string]string{
		p + "example.com.":                             "A 203.0.113.10,203.0.113.30",
		p + "us-central1.example.com.":                 "CNAME " + p + "example.com.",
		p + "us-central1-b.us-central1.example.com.":   "CNAME " + p + "us-central1.example.com.",
		p + "cn-hangzhou-i.cn-hangzhou.example.com.":   "CNAME " + p + "cn-hangzhou.example.com.",
		p + "europe-west1-b.europe-west1.example.com.": "A 203.0.113.10",
	} {
		if sets[name] != want {
			t.Errorf("%s: %q, want %q", name, sets[name], want)
		}
	}
	if len(sets) != 10 {
		t.Errorf("%d record sets, want one per name (10)", len(sets))
	}
	// A flip between A and CNAME is an update in one atomic Cloud DNS change (the provider's type
	// is not ForceNew), so nothing deletes a set first: that would leave the name absent.
	for _, r := range rec.ByType("gcp:dns/recordSet:RecordSet") {
		if r.DeleteBeforeReplace {
			t.Errorf("%s deletes before it replaces", r.Name)
		}
	}
	zone := rec.ByType("gcp:dns/managedZone:ManagedZone")
	if len(zone) != 1 || zone[0].Inputs["dnsName"].StringValue() != "example.com." {
		t.Errorf("zone %v", zone)
	}
}

// With every shard down and allUnhealthy omit, the global record set cannot be kept: the run
// fails loudly instead of publishing something wrong.
func TestCloudDNSRecordsRefuseToOmitTheGlobalName(t *testing.T) {
	_, err := offline.Record(func(ctx *pulumi.Context) error {
		down := workedExample()
		for i := range down {
			down[i].Shard = federation.Shard{Addresses: down[i].Shard.Addresses[:1]}
		}
		bare, shards := withShardOutputs(down)
		_, err := federation.NewCloudDNSRecords(ctx, "dns", &federation.CloudDNSRecordsArgs{
			Federation: fed(), Service: nginx, Clusters: bare, Shards: shards, ZoneName: "fed",
		})
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "set allUnhealthy to failOpen") {
		t.Fatalf("got %v", err)
	}
	testutil.Rejected(t, "zoneName: is required", func(ctx *pulumi.Context) error {
		_, err := federation.NewCloudDNSRecords(ctx, "dns", &federation.CloudDNSRecordsArgs{Federation: fed(), Service: nginx, Clusters: workedExample()})
		return err
	})
}

// Aliases are CNAME record sets in the zone; one outside the zone is refused before anything is
// registered (it belongs in its own zone).
func TestCloudDNSRecordsAliases(t *testing.T) {
	f := fed()
	f.Aliases = map[string]string{"www.example.com": "global"}
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		bare, shards := withShardOutputs(workedExample()[:2])
		_, err := federation.NewCloudDNSRecords(ctx, "dns", &federation.CloudDNSRecordsArgs{
			Federation: f, Service: nginx, Clusters: bare, Shards: shards, ZoneName: "fed",
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rec.ByType("gcp:dns/recordSet:RecordSet") {
		if r.Name == "dns-alias-www" {
			found = r.Inputs["type"].StringValue() == "CNAME" && r.Inputs["rrdatas"].ArrayValue()[0].StringValue() == "nginx.mynamespace.myfederation.svc.example.com."
		}
	}
	if !found {
		t.Error("no alias record set dns-alias-www to the global name")
	}
	f.Aliases = map[string]string{"nginx.acme.com": "global"}
	testutil.Rejected(t, `aliases: must be inside the zone example.com; an alias in another zone is a CNAME you make there, to its scope name (got "nginx.acme.com")`, func(ctx *pulumi.Context) error {
		_, err := federation.NewCloudDNSRecords(ctx, "dns", &federation.CloudDNSRecordsArgs{Federation: f, Service: nginx, Clusters: workedExample(), ZoneName: "fed"})
		return err
	})
}
