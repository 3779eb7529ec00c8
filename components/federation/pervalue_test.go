package federation_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/zonestack/zonestack/components/federation"
	"github.com/zonestack/zonestack/internal/app/validators"
)

func dualStackExample() []federation.Cluster {
	cs := workedExample()
	cs[2].DualStack = true // ack-hz1 has 203.0.113.30 and 2001:db8::30
	return cs
}

func slotKeys[T any](xs []T, key func(T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = key(x)
	}
	return out
}

// The worked example laid out in slots: a CNAME head per scope name, and a slot per member and
// family at the address name, parked unless the plan serves the member's address.
func TestPerValueWorkedExample(t *testing.T) {
	cs := dualStackExample()
	rs, _, err := federation.PlanRecords(fed(), nginx, cs, nil)
	if err != nil {
		t.Fatal(err)
	}
	slots, err := federation.RenderPerValue(fed(), nginx, cs, rs)
	if err != nil {
		t.Fatal(err)
	}
	const p = "nginx.mynamespace.myfederation.svc"
	got := map[string]string{}
	for _, s := range slots {
		got[strings.ReplaceAll(s.Key, p, "P")] = s.Type + " " + strings.ReplaceAll(s.Value, p, "P")
	}
	for key, want := range map[string]string{
		"P.example.com/head":             "CNAME addr.P.example.com",
		"P.example.com/gke-euw1/a":       "A 203.0.113.10",
		"P.example.com/gke-usc1/a":       "TXT zonestack: parked gke-usc1 A",
		"P.example.com/ack-hz1/a":        "A 203.0.113.30",
		"P.example.com/ack-hz1/aaaa":     "AAAA 2001:db8::30",
		"P.us-central1.example.com/head": "CNAME P.example.com",
		// us-central1 has no healthy shard and points at the global name: its slot is ready.
		"P.us-central1.example.com/gke-usc1/a":              "A 198.51.100.20",
		"P.cn-hangzhou-i.cn-hangzhou.example.com/head":      "CNAME P.cn-hangzhou.example.com",
		"P.cn-hangzhou-i.cn-hangzhou.example.com/ack-hz2/a": "A 198.51.100.40",
		"P.cn-hangzhou.example.com/ack-hz2/a":               "TXT zonestack: parked ack-hz2 A",
		"P.cn-hangzhou.example.com/ack-hz1/aaaa":            "AAAA 2001:db8::30",
	} {
		if got[key] != want {
			t.Errorf("%s: %q, want %q", key, got[key], want)
		}
	}
	// 10 heads; address slots: global 5 (hz1 has two families), 3 regions 1+1+3, 6 zones 1+3+2+1.
	if len(slots) != 10+5+5+7 {
		t.Errorf("%d slots, want %d", len(slots), 10+5+5+7)
	}
	keys := slotKeys(federation.PerValueSlots(fed(), nginx, cs), func(k federation.SlotKey) string { return k.Key })
	if !slices.Equal(keys, slotKeys(slots, func(s federation.Slot) string { return s.Key })) {
		t.Errorf("rendered slots differ from PerValueSlots:\n%v\n%v", keys, slotKeys(slots, func(s federation.Slot) string { return s.Key }))
	}

	// An address no slot holds is refused: a second IPv4 address, an IPv6 one of a member
	// without dualStack.
	two := dualStackExample()
	two[0].Shard.Addresses = append(two[0].Shard.Addresses, "203.0.113.11")
	rs2, _, _ := federation.PlanRecords(fed(), nginx, two, nil)
	if _, err := federation.RenderPerValue(fed(), nginx, two, rs2); err == nil || !strings.Contains(err.Error(), "member gke-euw1 has 2 A addresses") {
		t.Errorf("two addresses: %v", err)
	}
	rs3, _, _ := federation.PlanRecords(fed(), nginx, workedExample(), nil)
	if _, err := federation.RenderPerValue(fed(), nginx, workedExample(), rs3); err == nil || !strings.Contains(err.Error(), "AAAA 2001:db8::30] has no slot") {
		t.Errorf("IPv6 without dualStack: %v", err)
	}
}

// randomMembers are 1 to 6 members over 3 regions, each with a unique IPv4 address and, when dual
// stack, a unique IPv6 one: what a member's load balancer has.
func randomMembers(r *rand.Rand) []federation.Cluster {
	var cs []federation.Cluster
	for i := 0; i < 1+r.IntN(6); i++ {
		region := fmt.Sprintf("r%d", r.IntN(3))
		c := federation.Cluster{Name: fmt.Sprintf("c%d", i), Region: region, Shard: federation.Shard{Healthy: r.IntN(2) == 0}}
		for j := 0; j < r.IntN(3); j++ {
			c.Zones = append(c.Zones, fmt.Sprintf("%s-z%d", region, r.IntN(3)))
		}
		if r.IntN(5) > 0 {
			c.Shard.Addresses = append(c.Shard.Addresses, fmt.Sprintf("192.0.2.%d", i))
		}
		if r.IntN(3) == 0 {
			c.DualStack = true
			c.Shard.Addresses = append(c.Shard.Addresses, fmt.Sprintf("2001:db8::%d", i))
		}
		cs = append(cs, c)
	}
	return cs
}

// randomPlan is a random member set (randomMembers) under a random allUnhealthy, and its plan.
func randomPlan(t *testing.T, r *rand.Rand) (federation.Federation, []federation.Cluster, []federation.Record) {
	t.Helper()
	cs := randomMembers(r)
	f := fed()
	if r.IntN(2) == 0 {
		f.AllUnhealthy = federation.AllUnhealthyFailOpen
	}
	rs, _, err := federation.PlanRecords(f, nginx, cs, nil)
	if err != nil {
		t.Fatal(err)
	}
	return f, cs, rs
}

// checkLayout asserts that a layout of the plan rs (laid, its RRsets) puts no CNAME beside
// anything else, none at an address name, and answers every scope name, through its CNAMEs, as
// the plan does.
func checkLayout(t *testing.T, f federation.Federation, cs []federation.Cluster, rs, laid []federation.Record) {
	t.Helper()
	types := map[string][]string{}
	for _, r := range laid {
		types[r.Name] = append(types[r.Name], r.Type)
	}
	for name, ts := range types {
		if slices.Contains(ts, federation.TypeCNAME) && len(ts) > 1 {
			t.Fatalf("%s holds a CNAME beside %v\n%s", name, ts, render(laid))
		}
		if strings.HasPrefix(name, federation.AddressLabel+".") && slices.Contains(ts, federation.TypeCNAME) {
			t.Fatalf("address name %s holds a CNAME", name)
		}
	}
	for _, name := range federation.ScopeNames(f, nginx, cs) {
		for _, typ := range []string{federation.TypeA, federation.TypeAAAA} {
			want := slices.Sorted(slices.Values(answers(rs, name, typ)))
			got := slices.Sorted(slices.Values(answers(laid, name, typ)))
			if !slices.Equal(got, want) {
				t.Fatalf("%s %s: the layout answers %v, the plan %v\n%s", name, typ, got, want, render(laid))
			}
		}
	}
}

// checkServed writes laid as a zone file, which must pass named-checkzone, serves it from BIND on
// loopback and asks for every name's A and AAAA records: each must answer, through its CNAMEs,
// what the plan rs says. It returns the number of queries.
func checkServed(t *testing.T, rs, laid []federation.Record, names []string) int {
	t.Helper()
	zone := federation.ZoneFile("example.com", "127.0.0.1", 300, laid)
	if err := validators.NamedCheckzone("example.com", zone); err != nil {
		t.Fatal(err)
	}
	server := serveZone(t, "example.com", zone)
	checked := 0
	for _, name := range names {
		for _, typ := range []string{federation.TypeA, federation.TypeAAAA} {
			want := slices.Sorted(slices.Values(answers(rs, name, typ)))
			got, err := server.query(name, typ)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s %s: BIND answers %v, the plan says %v", name, typ, got, want)
			}
			checked++
		}
	}
	return checked
}

// Over random members and health: the slots are the same whatever the health; every scope name
// answers, through its CNAMEs, the addresses the plan gives it; no name holds a CNAME beside
// anything else, and no address name holds a CNAME at all.
func TestPerValueProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for run := 0; run < 500; run++ {
		f, cs, rs := randomPlan(t, r)
		slots, err := federation.RenderPerValue(f, nginx, cs, rs)
		if err != nil {
			t.Fatalf("run %d: %v\n%s", run, err, render(rs))
		}
		flipped := slices.Clone(cs)
		for i := range flipped {
			flipped[i].Shard.Healthy = !flipped[i].Shard.Healthy
		}
		rsFlipped, _, _ := federation.PlanRecords(f, nginx, flipped, nil)
		slotsFlipped, err := federation.RenderPerValue(f, nginx, flipped, rsFlipped)
		if err != nil {
			t.Fatal(err)
		}
		key := func(s federation.Slot) string { return s.Key + " " + s.Name }
		if !slices.Equal(slotKeys(slots, key), slotKeys(slotsFlipped, key)) {
			t.Fatalf("run %d: the slots change with health", run)
		}
		checkLayout(t, f, cs, rs, federation.SlotRecords(slots))
	}
}

// The slots as a zone file pass named-checkzone and, served by BIND on loopback, answer every
// scope name with the plan's addresses.
func TestPerValueRecordsServedByBIND(t *testing.T) {
	cs := dualStackExample()
	f := fed()
	f.Aliases = map[string]string{"www.example.com": "global", "eu.example.com": "europe-west1"}
	rs, _, err := federation.PlanRecords(f, nginx, cs, nil)
	if err != nil {
		t.Fatal(err)
	}
	slots, err := federation.RenderPerValue(f, nginx, cs, rs)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"www.example.com", "eu.example.com"} {
		if len(answers(rs, name, federation.TypeA)) == 0 {
			t.Errorf("%s: the plan answers no address", name)
		}
	}
	checked := checkServed(t, rs, federation.SlotRecords(slots), append(federation.ScopeNames(f, nginx, cs), "www.example.com", "eu.example.com"))
	if checked != 24 {
		t.Fatalf("%d queries, want 24", checked)
	}
	t.Logf("%d queries answered as planned", checked)
}
