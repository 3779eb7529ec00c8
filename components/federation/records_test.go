package federation_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/zonestack/zonestack/components/federation"
)

var nginx = federation.Service{Name: "nginx", Namespace: "mynamespace"}

func fed() federation.Federation {
	return federation.Federation{Domain: "example.com", Name: "myfederation"}
}

// The worked example of section 1.4.
func workedExample() []federation.Cluster {
	return []federation.Cluster{
		{Name: "gke-euw1", Region: "europe-west1", Zones: []string{"europe-west1-b"}, Shard: federation.Shard{Addresses: []string{"203.0.113.10"}, Healthy: true}},
		{Name: "gke-usc1", Region: "us-central1", Zones: []string{"us-central1-a", "us-central1-b", "us-central1-c"}, Shard: federation.Shard{Addresses: []string{"198.51.100.20"}}},
		{Name: "ack-hz1", Region: "cn-hangzhou", Zones: []string{"cn-hangzhou-h"}, Shard: federation.Shard{Addresses: []string{"203.0.113.30", "2001:db8::30"}, Healthy: true}},
		{Name: "ack-hz2", Region: "cn-hangzhou", Zones: []string{"cn-hangzhou-i"}, Shard: federation.Shard{Addresses: []string{"198.51.100.40"}}},
	}
}

func render(rs []federation.Record) string {
	var b strings.Builder
	for _, r := range rs {
		fmt.Fprintf(&b, "%s %d %s %s\n", r.Name, r.TTL, r.Type, strings.Join(r.Values, ","))
	}
	return b.String()
}

func TestTheWorkedExample(t *testing.T) {
	rs, warnings, err := federation.PlanRecords(fed(), nginx, workedExample(), nil)
	if err != nil {
		t.Fatal(err)
	}
	const p = "nginx.mynamespace.myfederation.svc"
	want := strings.NewReplacer("P", p).Replace(`P.cn-hangzhou-h.cn-hangzhou.example.com 180 A 203.0.113.30
P.cn-hangzhou-h.cn-hangzhou.example.com 180 AAAA 2001:db8::30
P.cn-hangzhou-i.cn-hangzhou.example.com 180 CNAME P.cn-hangzhou.example.com.
P.cn-hangzhou.example.com 180 A 203.0.113.30
P.cn-hangzhou.example.com 180 AAAA 2001:db8::30
P.europe-west1-b.europe-west1.example.com 180 A 203.0.113.10
P.europe-west1.example.com 180 A 203.0.113.10
P.example.com 180 A 203.0.113.10,203.0.113.30
P.example.com 180 AAAA 2001:db8::30
P.us-central1-a.us-central1.example.com 180 CNAME P.us-central1.example.com.
P.us-central1-b.us-central1.example.com 180 CNAME P.us-central1.example.com.
P.us-central1-c.us-central1.example.com 180 CNAME P.us-central1.example.com.
P.us-central1.example.com 180 CNAME P.example.com.
`)
	if got := render(rs); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if len(warnings) != 0 {
		t.Errorf("warnings %v", warnings)
	}
	// Section 1.4 counts 10 names and 13 RRsets.
	names := map[string]bool{}
	for _, r := range rs {
		names[r.Name] = true
	}
	if len(names) != 10 || len(rs) != 13 {
		t.Errorf("%d names, %d RRsets; want 10 and 13", len(names), len(rs))
	}
	if err := federation.CheckInvariants(rs); err != nil {
		t.Error(err)
	}
}

// The edge cases of section 1.5.
func TestEdgeCases(t *testing.T) {
	const g = "nginx.mynamespace.myfederation.svc.example.com"
	t.Run("no healthy shard, omit: no global name, every CNAME dangles", func(t *testing.T) {
		cs := workedExample()
		for i := range cs {
			cs[i].Shard.Healthy = false
		}
		rs, _, err := federation.PlanRecords(fed(), nginx, cs, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			if r.Name == g || r.Type != federation.TypeCNAME {
				t.Errorf("unexpected %v", r)
			}
		}
	})
	t.Run("no healthy shard, failOpen: the global name holds every address", func(t *testing.T) {
		cs := workedExample()
		for i := range cs {
			cs[i].Shard.Healthy = false
		}
		f := fed()
		f.AllUnhealthy = federation.AllUnhealthyFailOpen
		rs, warnings, err := federation.PlanRecords(f, nginx, cs, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(render(rs), g+" 180 A 198.51.100.20,198.51.100.40,203.0.113.10,203.0.113.30") || len(warnings) != 1 {
			t.Errorf("%s %v", render(rs), warnings)
		}
	})
	t.Run("a region with one zone keeps addresses at both names", func(t *testing.T) {
		rs, _, _ := federation.PlanRecords(fed(), nginx, workedExample()[:1], nil)
		if strings.Count(render(rs), " A 203.0.113.10") != 3 {
			t.Errorf("%s", render(rs))
		}
	})
	t.Run("a cluster with no zones counts for its region and the global name only", func(t *testing.T) {
		cs := []federation.Cluster{{Name: "nlb", Region: "cn-beijing", Shard: federation.Shard{Addresses: []string{"192.0.2.1"}, Healthy: true}}}
		rs, _, _ := federation.PlanRecords(fed(), nginx, cs, nil)
		if len(rs) != 2 {
			t.Errorf("%s", render(rs))
		}
	})
	t.Run("one hostname target is a CNAME to it", func(t *testing.T) {
		cs := []federation.Cluster{{Name: "ack", Region: "cn-beijing", Zones: []string{"cn-beijing-h"}, Shard: federation.Shard{Addresses: []string{"nlb-1.cn-beijing.nlb.aliyuncs.com"}, Healthy: true}}}
		rs, _, _ := federation.PlanRecords(fed(), nginx, cs, nil)
		if strings.Count(render(rs), "CNAME nlb-1.cn-beijing.nlb.aliyuncs.com.") != 3 {
			t.Errorf("%s", render(rs))
		}
	})
	t.Run("hostnames beside addresses are an error under cname, resolved under resolve", func(t *testing.T) {
		cs := append(workedExample(), federation.Cluster{Name: "ack-bj", Region: "cn-beijing", Shard: federation.Shard{Addresses: []string{"nlb-1.nlb.aliyuncs.com"}, Healthy: true}})
		if _, _, err := federation.PlanRecords(fed(), nginx, cs, nil); err == nil || !strings.Contains(err.Error(), "set hostnamePolicy resolve") {
			t.Errorf("cname policy: %v", err)
		}
		f := fed()
		f.HostnamePolicy = federation.HostnameResolve
		rs, warnings, err := federation.PlanRecords(f, nginx, cs, func(string) ([]string, error) { return []string{"192.0.2.7"}, nil })
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(render(rs), g+" 180 A 192.0.2.7,203.0.113.10,203.0.113.30") || len(warnings) == 0 {
			t.Errorf("%s %v", render(rs), warnings)
		}
	})
	t.Run("aliases are CNAMEs to a scope, one hop more", func(t *testing.T) {
		f := fed()
		f.Aliases = map[string]string{"eu.nginx.acme.com": "europe-west1", "nginx.acme.com": "global"}
		rs, _, err := federation.PlanRecords(f, nginx, workedExample(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(render(rs), "eu.nginx.acme.com 180 CNAME nginx.mynamespace.myfederation.svc.europe-west1.example.com.") {
			t.Errorf("%s", render(rs))
		}
		if err := federation.CheckInvariants(rs, "eu.nginx.acme.com", "nginx.acme.com"); err != nil {
			t.Error(err)
		}
		f.Aliases = map[string]string{"x.acme.com": "mars-1"}
		if _, _, err := federation.PlanRecords(f, nginx, workedExample(), nil); err == nil {
			t.Error("an alias to no scope was accepted")
		}
	})
	t.Run("a removed cluster takes its names with it", func(t *testing.T) {
		rs, _, _ := federation.PlanRecords(fed(), nginx, workedExample()[:3], nil)
		if strings.Contains(render(rs), "cn-hangzhou-i") {
			t.Errorf("%s", render(rs))
		}
	})
	t.Run("bad input is refused with the field", func(t *testing.T) {
		cs := workedExample()
		cs[1].Region = "US_Central"
		_, _, err := federation.PlanRecords(fed(), nginx, cs, nil)
		if err == nil || !strings.Contains(err.Error(), "clusters[1].region: must be a DNS label") {
			t.Errorf("%v", err)
		}
	})
}

// Over random cluster sets: no name holds a CNAME beside anything else, every chain ends within
// two hops, and the names are 1 + regions + zones (without the global name when omitted).
func TestPlannerProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for run := 0; run < 500; run++ {
		var cs []federation.Cluster
		regions, zones := map[string]bool{}, map[string]bool{}
		anyHealthy := false
		for i := 0; i < 1+r.IntN(6); i++ {
			region := fmt.Sprintf("r%d", r.IntN(3))
			c := federation.Cluster{Name: fmt.Sprintf("c%d", i), Region: region, Shard: federation.Shard{Healthy: r.IntN(2) == 0}}
			for j := 0; j < r.IntN(3); j++ {
				c.Zones = append(c.Zones, fmt.Sprintf("%s-z%d", region, r.IntN(3)))
			}
			for j := 0; j < 1+r.IntN(2); j++ {
				if r.IntN(3) == 0 {
					c.Shard.Addresses = append(c.Shard.Addresses, fmt.Sprintf("2001:db8::%d", r.IntN(50)))
				} else {
					c.Shard.Addresses = append(c.Shard.Addresses, fmt.Sprintf("192.0.2.%d", r.IntN(50)))
				}
			}
			regions[region] = true
			for _, z := range c.Zones {
				zones[z+"."+region] = true
			}
			anyHealthy = anyHealthy || c.Shard.Healthy
			cs = append(cs, c)
		}
		rs, _, err := federation.PlanRecords(fed(), nginx, cs, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := federation.CheckInvariants(rs); err != nil {
			t.Fatalf("run %d: %v\n%s", run, err, render(rs))
		}
		names := map[string]bool{}
		for _, rec := range rs {
			names[rec.Name] = true
		}
		// Every chain ends at addresses, or at the global name (absent when none is healthy).
		const global = "nginx.mynamespace.myfederation.svc.example.com"
		for name := range names {
			at := name
			for hops := 0; hops < 3; hops++ {
				var cname string
				for _, rec := range rs {
					if rec.Name == at && rec.Type == federation.TypeCNAME {
						cname = strings.TrimSuffix(rec.Values[0], ".")
					}
				}
				if cname == "" {
					break
				}
				at = cname
			}
			hasAddresses := len(answers(rs, at, federation.TypeA))+len(answers(rs, at, federation.TypeAAAA)) > 0
			if !hasAddresses && at != global {
				t.Fatalf("run %d: %s ends at %s, which holds no address\n%s", run, name, at, render(rs))
			}
		}
		want := len(regions) + len(zones)
		if anyHealthy {
			want++
		}
		if len(names) != want {
			t.Fatalf("run %d: %d names, want %d\n%s", run, len(names), want, render(rs))
		}
		again, _, _ := federation.PlanRecords(fed(), nginx, cs, nil)
		if render(again) != render(rs) {
			t.Fatalf("run %d: not deterministic", run)
		}
	}
}
