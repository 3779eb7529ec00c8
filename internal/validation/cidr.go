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
