package validation

import "net/netip"

// CIDR checks that s is an IPv4 CIDR in canonical form (no host bits set) whose mask is in
// [minBits, maxBits], records the problem under field when it is not, and returns the prefix.
func (l *List) CIDR(field, s string, minBits, maxBits int) (netip.Prefix, bool) {
	p, err := netip.ParsePrefix(s)
	switch {
	case s == "":
		l.Required(field, "")
		return p, false
	case err != nil || !p.Addr().Is4():
		l.Invalid(field, s, "must be an IPv4 CIDR such as 10.0.0.0/16")
		return p, false
	case p.Masked() != p:
		l.Invalid(field, s, "has host bits set; the network address is %s", p.Masked())
		return p, false
	case p.Bits() < minBits || p.Bits() > maxBits:
		l.Invalid(field, s, "mask must be /%d to /%d", minBits, maxBits)
		return p, false
	}
	return p, true
}

// documentationRanges are the IPv4 ranges RFC 5737 reserves for examples: never routed, so no
// machine's egress address is in one.
var documentationRanges = []netip.Prefix{
	netip.MustParsePrefix("192.0.2.0/24"),
	netip.MustParsePrefix("198.51.100.0/24"),
	netip.MustParsePrefix("203.0.113.0/24"),
}

// DocumentationRange says whether the CIDR s lies in a range reserved for examples (RFC 5737):
// an example value left in place of a real address.
func DocumentationRange(s string) bool {
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return false
	}
	for _, d := range documentationRanges {
		if d.Bits() <= p.Bits() && d.Contains(p.Addr()) {
			return true
		}
	}
	return false
}
