package federation

import (
	"fmt"
	"strings"
)

// The layered layout is the per-value layout's shape for back ends that keep RRsets (Cloud DNS),
// used when a member is dual stack. A dual-stack name holds an A and an AAAA RRset, and a name
// with no healthy shard a CNAME instead: three shapes that one record set per name cannot take in
// place. So every scope name N gets three record sets whatever the health:
//
//   - the head at N, always a CNAME: to the next wider scope (or a load balancer's hostname) as
//     the plan says, or to addr.N when N has addresses;
//   - the A set and the AAAA set, at addr.N while the plan serves addresses of that family, and
//     otherwise parked as a TXT set at parked-a.addr.N or parked-aaaa.addr.N; while N points
//     elsewhere, they hold every member's addresses, ready for the flip back.
//
// The head is updated after its sets (it depends on them), so a flip either way finds addr.N
// already as it must be.
//
// No name ever holds a CNAME beside anything else, whatever order the updates run in; a parked
// set moving back is a replacement (its name changes), deleted before it is created again.

// LayeredKinds are the record sets of one scope name in the layered layout.
var LayeredKinds = []string{"head", "a", "aaaa"}

// RenderLayered lays the planned records of clusters (shards filled in) out as three record sets
// per scope name, in ScopeNames order and LayeredKinds order, followed by the aliases' CNAMEs.
func RenderLayered(f Federation, svc Service, clusters []Cluster, records []Record) ([]Record, error) {
	ttl := ttlOf(f)
	byName := map[string][]Record{}
	for _, r := range records {
		byName[r.Name] = append(byName[r.Name], r)
	}
	names, in := perValueScopes(f, svc, clusters)
	var out []Record
	for _, name := range names {
		addr := AddressLabel + "." + name
		head := Record{Name: name, Type: TypeCNAME, TTL: ttl, Values: []string{addr + "."}}
		a := Record{Name: "parked-a." + addr, Type: TypeTXT, TTL: ttl, Values: []string{`"zonestack: parked"`}}
		aaaa := Record{Name: "parked-aaaa." + addr, Type: TypeTXT, TTL: ttl, Values: []string{`"zonestack: parked"`}}
		rs := byName[name]
		if len(rs) == 1 && rs[0].Type == TypeCNAME {
			// N points elsewhere and nothing reads addr.N: its sets hold every member's
			// addresses anyway, ready for N to point at them again without a moment of NODATA.
			head.Values = rs[0].Values
			var all addresses
			for _, c := range in[name] {
				all.add(c.Shard.Addresses)
			}
			all.sort()
			if len(all.v4) > 0 {
				a = Record{Name: addr, Type: TypeA, TTL: ttl, Values: all.v4}
			}
			if len(all.v6) > 0 {
				aaaa = Record{Name: addr, Type: TypeAAAA, TTL: ttl, Values: all.v6}
			}
		} else {
			for _, r := range rs {
				switch r.Type {
				case TypeA:
					a = Record{Name: addr, Type: TypeA, TTL: ttl, Values: r.Values}
				case TypeAAAA:
					aaaa = Record{Name: addr, Type: TypeAAAA, TTL: ttl, Values: r.Values}
				default:
					return nil, fmt.Errorf("%s: the plan holds %s beside addresses", name, r.Type)
				}
			}
		}
		out = append(out, head, a, aaaa)
	}
	for _, v := range aliasNames(f) {
		rs := byName[v]
		if len(rs) != 1 || rs[0].Type != TypeCNAME {
			return nil, fmt.Errorf("alias %s: the plan holds %v", v, rs)
		}
		out = append(out, rs[0])
	}
	return out, nil
}

// layeredKey names the record set of kind at a scope name for a resource, shortened as SlotKey
// does.
func layeredKey(f Federation, svc Service, name, kind string) string {
	n := namesOf(f, svc)
	if name == n.Global() {
		return "global/" + kind
	}
	return strings.TrimPrefix(strings.TrimSuffix(name, "."+n.Domain), n.Prefix+".") + "/" + kind
}
