package federation

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strings"

	"github.com/zonestack/zonestack/validation"
)

// Defaults and choices of a Federation.
const (
	// DefaultTTL is kubefed's: every record, CNAMEs included.
	DefaultTTL = 180
	// AllUnhealthyOmit publishes no global name when no shard is healthy (kubefed v1): resolvers
	// answer NXDOMAIN and every region and zone CNAME dangles.
	AllUnhealthyOmit = "omit"
	// AllUnhealthyFailOpen publishes the global name with every shard's addresses, ignoring
	// health, as Cloud DNS geo-fencing and Route 53 do when every target is unhealthy.
	AllUnhealthyFailOpen = "failOpen"
	// HostnameCNAME publishes a scope whose only target is one load-balancer hostname as a
	// CNAME to it, so that the cloud keeps its addresses current.
	HostnameCNAME = "cname"
	// HostnameResolve resolves hostnames to addresses when planning: a snapshot that goes stale
	// when the load balancer's addresses change.
	HostnameResolve = "resolve"
)

// Record types the planner emits.
const (
	TypeA     = "A"
	TypeAAAA  = "AAAA"
	TypeCNAME = "CNAME"
)

// Federation names the federation and how its records are made. Its json keys are a stack
// file's, where they sit at the top of federation (FederationSpec).
type Federation struct {
	// Domain holds every name, e.g. fed.example.com: a dedicated, delegated domain, since a private
	// zone for the names must be the domain itself. Required.
	Domain string `json:"domain"`
	// Name is the federation's name, the third label of every name. Required.
	Name string `json:"name"`
	// TTL of every record. Optional, default 180; each DNS back end checks its own limits.
	TTL int `json:"ttl,omitempty"`
	// AllUnhealthy is omit (default) or failOpen.
	AllUnhealthy string `json:"allUnhealthy,omitempty"`
	// HostnamePolicy is cname (default) or resolve. Not a stack-file setting: the program plans
	// with no resolver, so a stack's federation always publishes hostnames as CNAMEs.
	HostnamePolicy string `json:"-"`
	// Aliases are vanity names, each a CNAME to a scope: "" or "global" for the global name, a
	// region (europe-west1), or a zone and its region (europe-west1-b.europe-west1).
	Aliases map[string]string `json:"aliases,omitempty"`
}

// withDefaults is f as the planner reads it: names lower-cased, the domain without its final
// dot, the defaults of TTL, AllUnhealthy and HostnamePolicy filled in.
func (f Federation) withDefaults() Federation {
	f.Domain = strings.TrimSuffix(strings.ToLower(f.Domain), ".")
	f.Name = strings.ToLower(f.Name)
	if f.TTL == 0 {
		f.TTL = DefaultTTL
	}
	if f.AllUnhealthy == "" {
		f.AllUnhealthy = AllUnhealthyOmit
	}
	if f.HostnamePolicy == "" {
		f.HostnamePolicy = HostnameCNAME
	}
	return f
}

// Validate reports every problem of f's own settings, defaults applied: domain, name, ttl,
// allUnhealthy and hostnamePolicy (the aliases are checked against the scopes: PlanRecords).
func (f Federation) Validate() error {
	f = f.withDefaults()
	var l validation.List
	if !checkName(f.Domain) {
		l.Invalid("domain", f.Domain, "must be a domain name of RFC 1123 labels, at most 253 characters")
	}
	if !label.MatchString(f.Name) {
		l.Invalid("name", f.Name, "must be a DNS label")
	}
	if f.TTL < 1 || f.TTL > 86400 {
		l.Invalid("ttl", f.TTL, "must be 1 to 86400 seconds")
	}
	if f.AllUnhealthy != AllUnhealthyOmit && f.AllUnhealthy != AllUnhealthyFailOpen {
		l.Invalid("allUnhealthy", f.AllUnhealthy, "must be %s or %s", AllUnhealthyOmit, AllUnhealthyFailOpen)
	}
	if f.HostnamePolicy != HostnameCNAME && f.HostnamePolicy != HostnameResolve {
		l.Invalid("hostnamePolicy", f.HostnamePolicy, "must be %s or %s", HostnameCNAME, HostnameResolve)
	}
	return l.Err()
}

// Service is the federated service: the same namespace and name in every member.
type Service struct {
	Name      string `json:"name"`
	Namespace string `json:"namespace"`
}

// check records at field whether the name and namespace are DNS labels.
func (s Service) check(l *validation.List, field string) {
	if !label.MatchString(s.Name) || !label.MatchString(s.Namespace) {
		l.Invalid(field, s.Namespace+"/"+s.Name, "name and namespace must be DNS labels")
	}
}

// Cluster is one member cluster and its shard of the service.
type Cluster struct {
	Name string
	// Cloud is gcp or alicloud: it decides how pods in the cluster resolve the federated name.
	Cloud string
	// Region is used verbatim: GCP's us-west1 and Alibaba Cloud's us-west-1 are different scopes.
	Region string
	// Zones the cluster's shard answers in; none for a regional load balancer, which then counts
	// for its region and the global name only.
	Zones []string
	// DualStack says the cluster's load balancer has an IPv6 address too, so that per-value DNS
	// back ends keep an AAAA record for it (RenderPerValue).
	DualStack bool
	Shard     Shard
}

// Shard is a cluster's load balancer: its addresses (IPs or hostnames) and whether it is healthy
// (its load balancer has an address and its Service at least one ready endpoint).
type Shard struct {
	Addresses []string
	Healthy   bool
}

// Record is one RRset: every value of one type at one name. Its pulumi tags are what a stack
// output of records holds: without them the SDK would export every record as an empty object.
type Record struct {
	Name   string   `pulumi:"name" json:"name"`
	Type   string   `pulumi:"type" json:"type"`
	TTL    int      `pulumi:"ttl" json:"ttl"`
	Values []string `pulumi:"values" json:"values"`
}

// Resolver looks a hostname up, for the resolve policy.
type Resolver func(host string) ([]string, error)

var label = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$`)

// checkName reports whether name (no trailing dot) is a valid FQDN of RFC 1123 labels.
func checkName(name string) bool {
	if name == "" || len(name) > 253 {
		return false
	}
	for _, l := range strings.Split(name, ".") {
		if !label.MatchString(l) {
			return false
		}
	}
	return true
}

// lowerLabel records at field whether v, lower-cased, is a DNS label, and returns it lower-cased.
func lowerLabel(l *validation.List, field, v string) string {
	v = strings.ToLower(v)
	if !label.MatchString(v) {
		l.Invalid(field, v, "must be a DNS label")
	}
	return v
}

// scope is one name of the plan and its members.
type scope struct {
	name, parent string
	region, zone string
}

// addresses are a set of shards' targets, split by family and sorted.
type addresses struct{ v4, v6, hosts []string }

func (a *addresses) add(values []string) {
	for _, v := range values {
		if ip, err := netip.ParseAddr(v); err == nil {
			ip = ip.Unmap()
			if ip.Is4() {
				a.v4 = append(a.v4, ip.String())
			} else {
				a.v6 = append(a.v6, ip.String())
			}
			continue
		}
		a.hosts = append(a.hosts, strings.TrimSuffix(strings.ToLower(v), "."))
	}
}

func (a *addresses) sort() {
	for _, s := range []*[]string{&a.v4, &a.v6, &a.hosts} {
		slices.Sort(*s)
		*s = slices.Compact(*s)
	}
}

func (a addresses) empty() bool { return len(a.v4)+len(a.v6)+len(a.hosts) == 0 }

// Names are the scope names of a service: global, per region and per zone.
type Names struct {
	// Prefix is <svc>.<ns>.<federation>.svc.
	Prefix string
	Domain string
}

// Global is <prefix>.<domain>.
func (n Names) Global() string { return n.Prefix + "." + n.Domain }

// Region is <prefix>.<region>.<domain>.
func (n Names) Region(r string) string { return n.Prefix + "." + r + "." + n.Domain }

// Zone is <prefix>.<zone>.<region>.<domain>: the zone and its region, so that zones of one name in
// two clouds stay apart (kubernetes#27949).
func (n Names) Zone(z, r string) string { return n.Prefix + "." + z + "." + r + "." + n.Domain }

// namesOf are svc's names in f, lower-cased.
func namesOf(f Federation, svc Service) Names {
	return Names{Prefix: fmt.Sprintf("%s.%s.%s.svc", strings.ToLower(svc.Name), strings.ToLower(svc.Namespace), strings.ToLower(f.Name)),
		Domain: strings.TrimSuffix(strings.ToLower(f.Domain), ".")}
}

// ScopeNames are every name the records of svc may hold, from every cluster, healthy or not:
// global, one per region, one per zone of a region; sorted. They do not depend on health, so a
// DNS back end can keep one resource per name.
func ScopeNames(f Federation, svc Service, clusters []Cluster) []string {
	n := namesOf(f, svc)
	set := map[string]bool{n.Global(): true}
	for _, c := range clusters {
		r := strings.ToLower(c.Region)
		set[n.Region(r)] = true
		for _, z := range c.Zones {
			set[n.Zone(strings.ToLower(z), r)] = true
		}
	}
	return sortedKeys(func() map[string]string {
		m := map[string]string{}
		for k := range set {
			m[k] = ""
		}
		return m
	}())
}

// PlanRecords is the complete desired record set of a federated service, sorted by name and type.
// Warnings say what it could not make safe (resolved hostnames go stale).
func PlanRecords(f Federation, svc Service, clusters []Cluster, resolve Resolver) ([]Record, []string, error) {
	var l validation.List
	l.Merge("", f.Validate())
	f = f.withDefaults()
	svc.Name, svc.Namespace = strings.ToLower(svc.Name), strings.ToLower(svc.Namespace)
	svc.check(&l, "service")
	seen := map[string]int{}
	for i := range clusters {
		c := &clusters[i]
		at := fmt.Sprintf("clusters[%d]", i)
		if j, dup := seen[c.Name]; dup {
			l.Invalid(at+".name", c.Name, "duplicates clusters[%d].name", j)
		}
		seen[c.Name] = i
		c.Region = lowerLabel(&l, at+".region", c.Region)
		zones := make([]string, 0, len(c.Zones))
		for j, z := range c.Zones {
			zones = append(zones, lowerLabel(&l, fmt.Sprintf("%s.zones[%d]", at, j), z))
		}
		slices.Sort(zones)
		c.Zones = slices.Compact(zones)
		for j, a := range c.Shard.Addresses {
			if _, err := netip.ParseAddr(a); err != nil && !checkName(strings.TrimSuffix(strings.ToLower(a), ".")) {
				l.Invalid(fmt.Sprintf("%s.shard.addresses[%d]", at, j), a, "must be an IP address or a hostname")
			}
		}
	}
	if err := l.Err(); err != nil {
		return nil, nil, err
	}
	n := namesOf(f, svc)
	if err := checkLength(n, f, svc); err != nil {
		return nil, nil, err
	}
	// The scopes, from every cluster, healthy or not: a scope without a healthy shard still has
	// a name, a CNAME to the next wider scope.
	scopes := scopesOf(n, clusters)
	var warnings []string
	var out []Record
	addressForm := func(name string, a addresses) ([]Record, error) {
		a.sort()
		if len(a.hosts) == 1 && len(a.v4)+len(a.v6) == 0 && f.HostnamePolicy == HostnameCNAME {
			return []Record{{Name: name, Type: TypeCNAME, TTL: f.TTL, Values: []string{a.hosts[0] + "."}}}, nil
		}
		if len(a.hosts) > 0 {
			if f.HostnamePolicy != HostnameResolve || resolve == nil {
				return nil, fmt.Errorf("%s: its shards' targets are %d hostnames and %d addresses; plain DNS holds one CNAME target and no CNAME beside addresses: set hostnamePolicy %s (resolved at planning time, a snapshot) or give the shards addresses",
					name, len(a.hosts), len(a.v4)+len(a.v6), HostnameResolve)
			}
			for _, h := range a.hosts {
				ips, err := resolve(h)
				if err != nil {
					return nil, fmt.Errorf("%s: resolving %s: %w", name, h, err)
				}
				warnings = append(warnings, fmt.Sprintf("%s: %s resolved to %v when planned; the record goes stale if the load balancer's addresses change", name, h, ips))
				var r addresses
				r.add(ips)
				a.v4, a.v6 = append(a.v4, r.v4...), append(a.v6, r.v6...)
			}
			a.hosts = nil
			a.sort()
		}
		var rs []Record
		if len(a.v4) > 0 {
			rs = append(rs, Record{Name: name, Type: TypeA, TTL: f.TTL, Values: a.v4})
		}
		if len(a.v6) > 0 {
			rs = append(rs, Record{Name: name, Type: TypeAAAA, TTL: f.TTL, Values: a.v6})
		}
		return rs, nil
	}
	for _, s := range scopes {
		var members addresses
		for _, c := range clusters {
			healthy := c.Shard.Healthy && len(c.Shard.Addresses) > 0
			in := s.region == "" || (c.Region == s.region && (s.zone == "" || slices.Contains(c.Zones, s.zone)))
			if healthy && in {
				members.add(c.Shard.Addresses)
			}
		}
		switch {
		case !members.empty():
			rs, err := addressForm(s.name, members)
			if err != nil {
				return nil, nil, err
			}
			out = append(out, rs...)
		case s.parent != "":
			out = append(out, Record{Name: s.name, Type: TypeCNAME, TTL: f.TTL, Values: []string{s.parent + "."}})
		case f.AllUnhealthy == AllUnhealthyFailOpen:
			var all addresses
			for _, c := range clusters {
				all.add(c.Shard.Addresses)
			}
			if all.empty() {
				continue
			}
			rs, err := addressForm(s.name, all)
			if err != nil {
				return nil, nil, err
			}
			warnings = append(warnings, s.name+": no shard is healthy; failOpen publishes every shard's address")
			out = append(out, rs...)
		}
	}
	aliases, err := aliasRecords(f, n, scopes)
	if err != nil {
		return nil, nil, err
	}
	out = append(out, aliases...)
	SortRecords(out)
	return out, warnings, nil
}

// checkLength says whether the longest name of svc in f (a zone's) fits in DNS's 253 characters.
func checkLength(n Names, f Federation, svc Service) error {
	if len(n.Zone("x", "x")) > 253 {
		return fmt.Errorf("the names of %s/%s in %s are longer than 253 characters", svc.Namespace, svc.Name, f.Domain)
	}
	return nil
}

// scopesOf are the scopes of the clusters under n, by name: global, each region and each zone of
// a region, lower-cased.
func scopesOf(n Names, clusters []Cluster) map[string]scope {
	scopes := map[string]scope{n.Global(): {name: n.Global()}}
	for _, c := range clusters {
		r := strings.ToLower(c.Region)
		scopes[n.Region(r)] = scope{name: n.Region(r), parent: n.Global(), region: r}
		for _, z := range c.Zones {
			z = strings.ToLower(z)
			scopes[n.Zone(z, r)] = scope{name: n.Zone(z, r), parent: n.Region(r), region: r, zone: z}
		}
	}
	return scopes
}

// aliasRecords are the aliases' CNAMEs to their scopes (f with its defaults), in the order of
// their names; the error is the first alias's that is no domain name, points at no scope or is
// itself one.
func aliasRecords(f Federation, n Names, scopes map[string]scope) ([]Record, error) {
	var out []Record
	for _, vanity := range sortedKeys(f.Aliases) {
		target := strings.ToLower(f.Aliases[vanity])
		v := strings.TrimSuffix(strings.ToLower(vanity), ".")
		var name string
		switch {
		case target == "" || target == "global":
			name = n.Global()
		case strings.Contains(target, "."):
			z, r, _ := strings.Cut(target, ".")
			name = n.Zone(z, r)
		default:
			name = n.Region(target)
		}
		var al validation.List
		switch _, ok := scopes[name]; {
		case !checkName(v):
			al.Invalid("aliases", vanity, "must be a domain name of RFC 1123 labels")
		case !ok:
			al.Invalid("aliases", vanity, "points at %q, which is not a scope of the federation: global, a member's region, or zone.region", target)
		}
		if _, clash := scopes[v]; clash {
			al.Invalid("aliases", vanity, "is itself a scope name")
		}
		if err := al.Err(); err != nil {
			return nil, err
		}
		out = append(out, Record{Name: v, Type: TypeCNAME, TTL: f.TTL, Values: []string{name + "."}})
	}
	return out, nil
}

// checkNames reports what only the whole set of names shows: names too long for DNS, and the
// first alias that is no domain name or points at no scope.
func checkNames(f Federation, svc Service, clusters []Cluster) error {
	f = f.withDefaults()
	n := namesOf(f, svc)
	if err := checkLength(n, f, Service{Name: strings.ToLower(svc.Name), Namespace: strings.ToLower(svc.Namespace)}); err != nil {
		return err
	}
	_, err := aliasRecords(f, n, scopesOf(n, clusters))
	return err
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// SortRecords orders records by name, then type: A, AAAA, CNAME.
func SortRecords(rs []Record) {
	slices.SortFunc(rs, func(a, b Record) int {
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return strings.Compare(a.Type, b.Type)
	})
}

// CheckInvariants returns what breaks the planner's promises in rs: a name holding a CNAME and
// anything else, two RRsets of one type at one name, or a CNAME chain longer than two hops (three
// from an alias, which adds one).
func CheckInvariants(rs []Record, aliases ...string) error {
	byName := map[string][]Record{}
	for _, r := range rs {
		byName[r.Name] = append(byName[r.Name], r)
	}
	for name, set := range byName {
		types := map[string]bool{}
		for _, r := range set {
			if types[r.Type] {
				return fmt.Errorf("%s has two %s RRsets", name, r.Type)
			}
			types[r.Type] = true
		}
		if types[TypeCNAME] && len(set) > 1 {
			return fmt.Errorf("%s holds a CNAME beside other records", name)
		}
	}
	for name := range byName {
		hops, at := 0, name
		for {
			set := byName[at]
			if len(set) != 1 || set[0].Type != TypeCNAME {
				break
			}
			next := strings.TrimSuffix(set[0].Values[0], ".")
			if _, inPlan := byName[next]; !inPlan {
				break // a load balancer's hostname, or a dangling global name under omit
			}
			limit := 2
			if slices.Contains(aliases, name) {
				limit = 3
			}
			if hops++; hops > limit {
				return fmt.Errorf("%s: a CNAME chain of more than two hops", name)
			}
			at = next
		}
	}
	return nil
}
