package federation

import (
	"fmt"
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
	for _, r := range rs {
		if r.Name != origin && !strings.HasSuffix(r.Name, "."+origin) {
			continue
		}
		for _, v := range r.Values {
			fmt.Fprintf(&b, "%s. %d IN %s %s\n", r.Name, r.TTL, r.Type, v)
		}
	}
	return b.String()
}
