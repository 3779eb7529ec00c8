package federation

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/zonestack/zonestack/validation"
)

// DefaultClusterDomain is the cluster domain of ACK (and most) clusters.
const DefaultClusterDomain = "cluster.local"

// DefaultUpstream is where CoreDNSServerBlock's fallback block resolves the region's name: the
// CoreDNS pod's resolv.conf, on ACK the VPC's DNS (where the federation's private zone is
// attached), as ACK's default block does.
const DefaultUpstream = "/etc/resolv.conf"

// FallbackPort is the port of CoreDNSServerBlock's fallback block, on 127.0.0.1 only: the
// federation's block forwards there what the member's own Service cannot answer. It is none of
// the ports of ACK's default block (53, health 8080, ready 8181, prometheus 9153).
const FallbackPort = 1053

// labelPattern is one DNS label, the rule of label, as a pattern for CoreDNS's match regex.
const labelPattern = `[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?`

// CoreDNSServerBlock is CoreDNSServerBlockWithUpstream with DefaultUpstream: what an ACK
// member's CoreDNS runs.
func CoreDNSServerBlock(f Federation, region, clusterDomain string) (string, error) {
	return CoreDNSServerBlockWithUpstream(f, region, clusterDomain, "")
}

// CoreDNSServerBlockWithUpstream is two CoreDNS server blocks that make pods of a member in
// region resolve <svc>.<ns>.<federation> through their search path the way kube-dns's
// federations key does on GKE: the member's own Service while it has ready endpoints, the
// region's federated name otherwise. Stock plugins only (CoreDNS dropped its federation plugin
// in 1.7.0). The first serves the zone <federation>.svc.<clusterDomain> (clusterDomain default
// cluster.local) on port 53:
//
//   - <svc>.<ns>.<federation>.svc.<clusterDomain> is rewritten to the Service's own name
//     <svc>.<ns>.svc.<clusterDomain> (rewrite; its `answer name` turns the answer's owner names
//     back), which a kubernetes plugin with `ignore empty_service` answers with the Service's
//     cluster IP while the Service has a ready endpoint (an EndpointSlice endpoint whose ready
//     condition is true or unset); a Service with none, or no such Service, is NXDOMAIN there,
//     and `fallthrough` passes the query on to a forward to the second block. An AAAA query of
//     a ready IPv4-only Service is answered there too, with no data: the name is the local one.
//     A headless Service answers its ready endpoints' addresses, or falls through without.
//   - the zone apex and <ns>.<federation>.svc.<clusterDomain> (ancestors of such names) exist
//     without data (NOERROR, no answer), so that no resolver concludes from an NXDOMAIN that
//     nothing below them exists (RFC 8020);
//   - every other name is NXDOMAIN, with an SOA for negative caching.
//
// The second, the fallback, listens on 127.0.0.1:FallbackPort only and answers the rewritten
// name, any type, with a CNAME to <svc>.<ns>.<federation>.svc.<region>.<domain>. with the
// federation's TTL, and forwards everything else to upstream (default DefaultUpstream). The
// region name, not a zone name: an ACK cluster spans several zones and a template cannot know
// the querying pod's zone. The region name holds the region's healthy shards and is a CNAME to
// the global name when there are none.
//
// Why two blocks: CoreDNS runs a block's plugins in the order fixed at its build
// (plugin.cfg: rewrite, template, kubernetes, forward), whatever the Corefile's order, so
// within one block a template always answers before the kubernetes plugin and can never be its
// fallback; only forward comes after it. The template plugin resolves an A or AAAA query's
// CNAME target by sending it through its own server again (plugin/pkg/upstream; the template's
// old `upstream` option is ignored): in the fallback block, whose forward to upstream holds the
// target. Checked in CoreDNS v1.13.2: plugin/kubernetes (kubernetes.go findServices, handler.go,
// object/endpoint.go), plugin/rewrite (name.go, reverter.go), plugin/template, plugin.cfg.
//
// The member's Service itself answers, not a headless twin of it: `ignore empty_service` tells
// a Service with ready endpoints from one without, so no object is added to the member, and the
// answer is the Service's cluster IP as on GKE. The fallback is reached only by the first
// block's forward and by its own template's lookups of the region's name; its port is fixed,
// so a member's Corefile holds one federation (as the ConfigMap patch writes it whole anyway).
//
// The cost: the kubernetes plugin of the first block is a second instance beside the default
// block's, and watches the cluster's Services, EndpointSlices and Namespaces again (memory and
// API watches, once per CoreDNS pod). The `ready` plugin of ACK's default block counts only
// that block's kubernetes plugin; until the second one has synced (CoreDNS waits up to 5 s for
// it at start), its NXDOMAIN falls through, so the name answers the region's name meanwhile.
// A local answer has the kubernetes plugin's TTL, 5 s; the fallback's CNAME the federation's.
//
// The zone shadows the in-cluster names of a namespace named like the federation
// (<svc>.<federation>.svc.<clusterDomain>): a member must not have such a namespace.
func CoreDNSServerBlockWithUpstream(f Federation, region, clusterDomain, upstream string) (string, error) {
	f.Name = strings.ToLower(f.Name)
	f.Domain = strings.TrimSuffix(strings.ToLower(f.Domain), ".")
	region = strings.ToLower(region)
	clusterDomain = strings.TrimSuffix(strings.ToLower(clusterDomain), ".")
	if clusterDomain == "" {
		clusterDomain = DefaultClusterDomain
	}
	if upstream == "" {
		upstream = DefaultUpstream
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
	if !upstreamPattern.MatchString(upstream) {
		l.Invalid("upstream", upstream, "must be one or more forward destinations (a resolv.conf path or host:port), separated by spaces")
	}
	if err := l.Err(); err != nil {
		return "", err
	}
	zone := f.Name + ".svc." + clusterDomain
	quoted := regexp.QuoteMeta(zone + ".")
	svcZone := "svc." + clusterDomain
	target := fmt.Sprintf("{{ .Group.svc }}.{{ .Group.ns }}.%s.svc.%s.%s.", f.Name, region, f.Domain)
	soa := fmt.Sprintf("%[1]s. %[2]d IN SOA ns.dns.%[1]s. hostmaster.%[1]s. 1 7200 1800 86400 %[2]d", zone, f.TTL)
	var b strings.Builder
	fmt.Fprintf(&b, "# Federation %s: <svc>.<ns>.%s from pods of region %s, the member's own Service while it has\n", f.Name, f.Name, region)
	b.WriteString("# ready endpoints, else the region's name (written by zonestack).\n")
	fmt.Fprintf(&b, "%s:53 {\n", zone)
	b.WriteString("    errors\n")
	// <svc>.<ns>.<zone> to <svc>.<ns>.svc.<clusterDomain>, and the answer's owner names back.
	// `answer name`, not `answer auto`: it says which names it turns back, and only owner names.
	pair := fmt.Sprintf(`^(%[1]s)\.(%[1]s)\.`, labelPattern)
	fmt.Fprintf(&b, "    rewrite name regex \"%s%s$\" {1}.{2}.%s. answer name \"%s%s$\" {1}.{2}.%s.\n",
		pair, quoted, svcZone, pair, regexp.QuoteMeta(svcZone+"."), zone)
	fmt.Fprintf(&b, "    template ANY ANY %s {\n", zone)
	fmt.Fprintf(&b, "        match \"^(?:%s\\.)?%s$\"\n", labelPattern, quoted)
	fmt.Fprintf(&b, "        authority \"%s\"\n", soa)
	b.WriteString("        fallthrough\n")
	b.WriteString("    }\n")
	fmt.Fprintf(&b, "    template ANY ANY %s {\n", zone)
	b.WriteString("        rcode NXDOMAIN\n")
	fmt.Fprintf(&b, "        authority \"%s\"\n", soa)
	b.WriteString("    }\n")
	fmt.Fprintf(&b, "    kubernetes %s {\n", clusterDomain)
	b.WriteString("        ignore empty_service\n")
	b.WriteString("        fallthrough\n")
	b.WriteString("    }\n")
	fmt.Fprintf(&b, "    forward . 127.0.0.1:%d\n", FallbackPort)
	b.WriteString("}\n")
	fmt.Fprintf(&b, "# Federation %s's fallback: the region's name for a Service without ready endpoints.\n", f.Name)
	fmt.Fprintf(&b, ".:%d {\n", FallbackPort)
	b.WriteString("    bind 127.0.0.1\n")
	b.WriteString("    errors\n")
	fmt.Fprintf(&b, "    template IN ANY %s {\n", svcZone)
	fmt.Fprintf(&b, "        match \"^(?P<svc>%[1]s)\\.(?P<ns>%[1]s)\\.%[2]s$\"\n", labelPattern, regexp.QuoteMeta(svcZone+"."))
	fmt.Fprintf(&b, "        answer \"{{ .Name }} %d IN CNAME %s\"\n", f.TTL, target)
	b.WriteString("    }\n")
	fmt.Fprintf(&b, "    forward . %s\n", upstream)
	b.WriteString("}\n")
	return b.String(), nil
}

// upstreamPattern is forward's TO list: destinations without Corefile syntax, space-separated.
var upstreamPattern = regexp.MustCompile(`^[A-Za-z0-9_./:\[\]-]+(?: [A-Za-z0-9_./:\[\]-]+)*$`)

// ACKCorefile is the whole Corefile of an ACK cluster's CoreDNS (ConfigMap kube-system/coredns,
// key Corefile): ACK's documented default followed by block (CoreDNSServerBlock's two blocks).
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
