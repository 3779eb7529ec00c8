package federation_test

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/federation"
	"github.com/zonestack/zonestack/internal/app/offline"
)

// Over random dual-stack members and health: three record sets per scope name whose keys do not
// change with health, answering as the plan does.
func TestLayeredProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for run := 0; run < 500; run++ {
		f, cs, rs := randomPlan(t, r)
		laid, err := federation.RenderLayered(f, nginx, cs, rs)
		if err != nil {
			t.Fatal(err)
		}
		if len(laid) != 3*len(federation.ScopeNames(f, nginx, cs)) {
			t.Fatalf("run %d: %d record sets for %d names", run, len(laid), len(federation.ScopeNames(f, nginx, cs)))
		}
		checkLayout(t, f, cs, rs, laid)
	}
}

// The layered layout of the dual-stack worked example, served by BIND, answers as planned.
func TestLayeredRecordsServedByBIND(t *testing.T) {
	cs := dualStackExample()
	rs, _, err := federation.PlanRecords(fed(), nginx, cs, nil)
	if err != nil {
		t.Fatal(err)
	}
	laid, err := federation.RenderLayered(fed(), nginx, cs, rs)
	if err != nil {
		t.Fatal(err)
	}
	checkLayout(t, fed(), cs, rs, laid)
	checked := checkServed(t, rs, laid, federation.ScopeNames(fed(), nginx, cs))
	if checked != 20 {
		t.Fatalf("%d queries, want 20", checked)
	}
}

// With a dual-stack member, Cloud DNS keeps three record sets per name: the CNAME head, and the
// A and AAAA sets at addr.<name> or parked.
func TestCloudDNSRecordsDualStack(t *testing.T) {
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		bare, shards := withShardOutputs(dualStackExample())
		_, err := federation.NewCloudDNSRecords(ctx, "dns", &federation.CloudDNSRecordsArgs{
			Federation: fed(), Service: nginx, Clusters: bare, Shards: shards, ZoneName: "fed",
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sets := map[string]string{}
	urns := map[string]string{}
	for _, r := range rec.ByType("gcp:dns/recordSet:RecordSet") {
		urns[r.Name] = r.URN
	}
	for _, r := range rec.ByType("gcp:dns/recordSet:RecordSet") {
		if r.Name == "dns-global/head" && !(slices.Contains(r.Dependencies, urns["dns-global/a"]) && slices.Contains(r.Dependencies, urns["dns-global/aaaa"])) {
			t.Errorf("the global head depends on %v", r.Dependencies)
		}
		var values []string
		for _, v := range r.Inputs["rrdatas"].ArrayValue() {
			values = append(values, v.StringValue())
		}
		sets[r.Name] = r.Inputs["name"].StringValue() + " " + r.Inputs["type"].StringValue() + " " + strings.Join(values, ",")
	}
	const p = "nginx.mynamespace.myfederation.svc"
	for name, want := range map[string]string{
		"dns-global/head":       p + ".example.com. CNAME addr." + p + ".example.com.",
		"dns-global/a":          "addr." + p + ".example.com. A 203.0.113.10,203.0.113.30",
		"dns-global/aaaa":       "addr." + p + ".example.com. AAAA 2001:db8::30",
		"dns-europe-west1/aaaa": "parked-aaaa.addr." + p + ".europe-west1.example.com. TXT \"zonestack: parked\"",
		"dns-us-central1/head":  p + ".us-central1.example.com. CNAME " + p + ".example.com.",
		"dns-us-central1/a":     "addr." + p + ".us-central1.example.com. A 198.51.100.20", // ready
		"dns-cn-hangzhou/aaaa":  "addr." + p + ".cn-hangzhou.example.com. AAAA 2001:db8::30",
	} {
		if sets[name] != want {
			t.Errorf("%s: %q, want %q", name, sets[name], want)
		}
	}
	if len(sets) != 30 {
		t.Errorf("%d record sets, want 30", len(sets))
	}
}
