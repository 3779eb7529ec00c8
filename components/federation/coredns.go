package federation

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/zonestack/zonestack/validation"
)

// DefaultClusterDomain is the cluster domain of ACK (and most) clusters.
const DefaultClusterDomain = "cluster.local"

// labelPattern is one DNS label, the rule of label, as a pattern for CoreDNS's match regex.
const labelPattern = `[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?`

// CoreDNSServerBlock is a CoreDNS server block that makes pods of a member in region resolve
// <svc>.<ns>.<federation> through their search path, the way kube-dns's federations key does on
// GKE, with stock plugins only (CoreDNS dropped its federation plugin in 1.7.0). It serves the
// zone <federation>.svc.<clusterDomain> (clusterDomain default cluster.local) on port 53:
//
//   - <svc>.<ns>.<federation>.svc.<clusterDomain>, any type, is answered with a CNAME to
//     <svc>.<ns>.<federation>.svc.<region>.<domain>. with the federation's TTL. The region name,
//     not a zone name: an ACK cluster spans several zones and a template cannot know the
//     querying pod's zone. The region name holds the region's healthy shards and is a CNAME to
//     the global name when there are none.
//   - the zone apex and <ns>.<federation>.svc.<clusterDomain> (ancestors of such names) exist
//     without data (NOERROR, no answer), so that no resolver concludes from an NXDOMAIN that
//     nothing below them exists (RFC 8020);
//   - every other name is NXDOMAIN, with an SOA for negative caching.
//
// The template plugin (checked in CoreDNS v1.13.2, plugin/template) resolves an A or AAAA query's
// CNAME target by sending it through this CoreDNS server again (plugin/pkg/upstream; the
// template's old `upstream` option is ignored), where it reaches the server block whose zone
// holds the target: on ACK the default `.:53` block and its `forward . /etc/resolv.conf` (the
// VPC's DNS). That is why this block listens on the default block's port, 53, and has no
// forward of its own: a forward here would only ever see names inside this zone.
//
// The zone shadows the in-cluster names of a namespace named like the federation
// (<svc>.<federation>.svc.<clusterDomain>): a member must not have such a namespace.
func CoreDNSServerBlock(f Federation, region, clusterDomain string) (string, error) {
	f.Name = strings.ToLower(f.Name)
	f.Domain = strings.TrimSuffix(strings.ToLower(f.Domain), ".")
	region = strings.ToLower(region)
	clusterDomain = strings.TrimSuffix(strings.ToLower(clusterDomain), ".")
	if clusterDomain == "" {
		clusterDomain = DefaultClusterDomain
	}
	if f.TTL == 0 {
		f.TTL = DefaultTTL
	}
	var l validation.List
	if !label.MatchString(f.Name) {
		l.Invalid("name", f.Name, "must be a DNS label")
	}
	if !checkName(f.Domain) {
		l.Invalid("domain", f.Domain, "must be a domain name of RFC 1123 labels, at most 253 characters")
	}
	if f.TTL < 1 || f.TTL > 86400 {
		l.Invalid("ttl", f.TTL, "must be 1 to 86400 seconds")
	}
	if !label.MatchString(region) {
		l.Invalid("region", region, "must be a DNS label")
	}
	if !checkName(clusterDomain) {
		l.Invalid("clusterDomain", clusterDomain, "must be a domain name of RFC 1123 labels, at most 253 characters")
	}
	if err := l.Err(); err != nil {
		return "", err
	}
	zone := f.Name + ".svc." + clusterDomain
	quoted := regexp.QuoteMeta(zone + ".")
	target := fmt.Sprintf("{{ .Group.svc }}.{{ .Group.ns }}.%s.svc.%s.%s.", f.Name, region, f.Domain)
	soa := fmt.Sprintf("%[1]s. %[2]d IN SOA ns.dns.%[1]s. hostmaster.%[1]s. 1 7200 1800 86400 %[2]d", zone, f.TTL)
	var b strings.Builder
	fmt.Fprintf(&b, "# Federation %s: <svc>.<ns>.%s from pods of region %s (written by zonestack).\n", f.Name, f.Name, region)
	fmt.Fprintf(&b, "%s:53 {\n", zone)
	b.WriteString("    errors\n")
	fmt.Fprintf(&b, "    template IN ANY %s {\n", zone)
	fmt.Fprintf(&b, "        match \"^(?P<svc>%[1]s)\\.(?P<ns>%[1]s)\\.%[2]s$\"\n", labelPattern, quoted)
	fmt.Fprintf(&b, "        answer \"{{ .Name }} %d IN CNAME %s\"\n", f.TTL, target)
	b.WriteString("        fallthrough\n")
	b.WriteString("    }\n")
	fmt.Fprintf(&b, "    template ANY ANY %s {\n", zone)
	fmt.Fprintf(&b, "        match \"^(?:%s\\.)?%s$\"\n", labelPattern, quoted)
	fmt.Fprintf(&b, "        authority \"%s\"\n", soa)
	b.WriteString("        fallthrough\n")
	b.WriteString("    }\n")
	fmt.Fprintf(&b, "    template ANY ANY %s {\n", zone)
	b.WriteString("        rcode NXDOMAIN\n")
	fmt.Fprintf(&b, "        authority \"%s\"\n", soa)
	b.WriteString("    }\n")
	b.WriteString("}\n")
	return b.String(), nil
}

// ACKCorefile is the whole Corefile of an ACK cluster's CoreDNS (ConfigMap kube-system/coredns,
// key Corefile): ACK's documented default followed by block (CoreDNSServerBlock's).
//
// The whole Corefile is written, not only the federation's block, because the Corefile is one
// string in one ConfigMap key: the server-side-apply patch that adds the block takes ownership of
// the whole value, so it must carry the default server block too. ACK documents customising DNS
// by editing kube-system/coredns and adding server blocks beside the default one
// (https://www.alibabacloud.com/help/en/ack/ack-managed-and-ack-dedicated/user-guide/configure-coredns,
// whose default is shown for CoreDNS 1.6.2 and is kept here as documented, cluster domain
// cluster.local). Edits made to the default block by hand are overwritten.
func ACKCorefile(block string) string {
	return ackDefaultCorefile + "\n" + block
}

// ackDefaultCorefile is ACK's documented default Corefile, {{.ClusterDomain}} = cluster.local.
const ackDefaultCorefile = `.:53 {
    errors
    log
    health {
        lameduck 15s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
        pods verified
        fallthrough in-addr.arpa ip6.arpa
    }
    prometheus :9153
    forward . /etc/resolv.conf {
        prefer_udp
    }
    cache 30
    loop
    reload
    loadbalance
}
`
