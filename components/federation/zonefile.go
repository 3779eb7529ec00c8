package federation

import (
	"fmt"
	"hash/fnv"
	"net/netip"
	"strings"
)

// ZoneFile renders the records under origin as an RFC 1035 zone file, with a stand-in SOA and NS
// (ns1.<origin> at nsAddress) so that a DNS server can load it: what the tests check with
// named-checkzone and serve with named. Records outside origin (aliases in another zone) are left
// out.
func ZoneFile(origin, nsAddress string, negativeTTL int, rs []Record) string {
	origin = strings.TrimSuffix(origin, ".")
	var b strings.Builder
	fmt.Fprintf(&b, "$ORIGIN %s.\n", origin)
	fmt.Fprintf(&b, "@ 3600 IN SOA ns1.%[1]s. hostmaster.%[1]s. 1 3600 600 86400 %[2]d\n", origin, negativeTTL)
	fmt.Fprintf(&b, "@ 3600 IN NS ns1.%s.\n", origin)
	fmt.Fprintf(&b, "ns1 3600 IN A %s\n", nsAddress)
	writeRecords(&b, origin, rs)
	return b.String()
}

// writeRecords writes the records inside origin, one line per value, absolute names.
func writeRecords(b *strings.Builder, origin string, rs []Record) {
	for _, r := range rs {
		if r.Name != origin && !strings.HasSuffix(r.Name, "."+origin) {
			continue
		}
		for _, v := range r.Values {
			fmt.Fprintf(b, "%s. %d IN %s %s\n", r.Name, r.TTL, r.Type, v)
		}
	}
}

// NameServerTTL is the TTL of the zone's SOA, its NS records and their glue, and of the
// delegation's: name servers change when a serving member is added or removed, not at failover.
const NameServerTTL = 3600

// NameServer is one name server of a zone CoreDNS serves: its name (in the zone) and its load
// balancer's addresses, the glue.
type NameServer struct {
	Name      string   `json:"name"`
	Addresses []string `json:"addresses"`
}

// glue are the A and AAAA records of the name servers, or the error of one whose load balancer
// has no address or a hostname (a delegation's glue must be an address).
func glue(nss []NameServer) ([]Record, error) {
	var out []Record
	for _, ns := range nss {
		var a addresses
		for _, v := range ns.Addresses {
			if _, err := netip.ParseAddr(v); err != nil {
				return nil, fmt.Errorf("name server %s: its load balancer's address %q is not an IP address; a delegation's glue must be one (use a load balancer that has an IP address)", ns.Name, v)
			}
		}
		a.add(ns.Addresses)
		a.sort()
		if a.empty() {
			return nil, fmt.Errorf("name server %s: its load balancer has no address yet; run pulumi up again once it has one", ns.Name)
		}
		if len(a.v4) > 0 {
			out = append(out, Record{Name: ns.Name, Type: TypeA, TTL: NameServerTTL, Values: a.v4})
		}
		if len(a.v6) > 0 {
			out = append(out, Record{Name: ns.Name, Type: TypeAAAA, TTL: NameServerTTL, Values: a.v6})
		}
	}
	return out, nil
}

// AuthoritativeZoneFile renders the zone file of the federation's domain that CoreDNS serves as
// its primary (CoreDNSZone): a real SOA (its primary the first name server, its negative TTL the
// federation's TTL), an NS record per name server with its glue A/AAAA records, and the records
// of the plan inside the domain. nss must be sorted by name (CoreDNSZone sorts them), so that every
// server renders the same file.
//
// The SOA serial is derived from the rest of the file's content (FNV-1a, 32 bits): CoreDNS's file
// plugin reloads a zone whose serial differs from the loaded one, not only a larger one
// (plugin/file Parse in v1.13.2), so a serial that changes with the content is enough, and every
// server of the zone reports the same one. Secondaries that transfer the zone (AXFR/IXFR, RFC
// 1982 serial arithmetic) would need a serial that only increases; this zone has none.
func AuthoritativeZoneFile(f Federation, nss []NameServer, rs []Record) (string, error) {
	f = f.withDefaults()
	if len(nss) == 0 {
		return "", fmt.Errorf("a zone needs at least one name server")
	}
	gl, err := glue(nss)
	if err != nil {
		return "", err
	}
	var body strings.Builder
	for _, ns := range nss {
		fmt.Fprintf(&body, "%s. %d IN NS %s.\n", f.Domain, NameServerTTL, ns.Name)
	}
	writeRecords(&body, f.Domain, gl)
	writeRecords(&body, f.Domain, rs)
	h := fnv.New32a()
	h.Write([]byte(body.String()))
	serial := h.Sum32()
	if serial == 0 {
		serial = 1
	}
	var b strings.Builder
	fmt.Fprintf(&b, "; The federation %s's zone, served by CoreDNS (written by zonestack).\n", f.Name)
	fmt.Fprintf(&b, "$ORIGIN %s.\n", f.Domain)
	fmt.Fprintf(&b, "@ %d IN SOA %s. hostmaster.%s. %d 3600 600 86400 %d\n", NameServerTTL, nss[0].Name, f.Domain, serial, f.TTL)
	b.WriteString(body.String())
	return b.String(), nil
}

// Delegation are the records the parent zone needs to delegate the federation's domain to its
// name servers, as zone-file lines: an NS record per name server and its glue.
func Delegation(f Federation, nss []NameServer) ([]string, error) {
	f = f.withDefaults()
	gl, err := glue(nss)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, ns := range nss {
		out = append(out, fmt.Sprintf("%s. %d IN NS %s.", f.Domain, NameServerTTL, ns.Name))
	}
	for _, r := range gl {
		for _, v := range r.Values {
			out = append(out, fmt.Sprintf("%s. %d IN %s %s", r.Name, r.TTL, r.Type, v))
		}
	}
	return out, nil
}
