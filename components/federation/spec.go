package federation

import (
	"fmt"
	"slices"

	"github.com/zonestack/zonestack/validation"
)

// The clouds a member can be on: its stack's cloud (zonestack:cloud), which decides how pods in
// its cluster resolve the federated name (kube-dns on GKE, CoreDNS on ACK).
const (
	CloudGCP      = "gcp"
	CloudAlicloud = "alicloud"
)

// The DNS back ends of a federation's records (DNSSpec.Backend).
const (
	// BackendCloudDNS is Google Cloud DNS: a managed zone for the federation's domain
	// (CloudDNSRecords).
	BackendCloudDNS = "clouddns"
	// BackendAlidns is Alibaba Cloud DNS: a hosted domain that holds the names (AlidnsRecords),
	// with GTM for the global name if asked (GtmGlobal).
	BackendAlidns = "alidns"
	// BackendCoreDNS is CoreDNS serving the federation's domain authoritatively from member
	// clusters (CoreDNSZone), delegated from the parent zone by NS records the user adds.
	BackendCoreDNS = "coredns"
)

// FederationSpec is what a stack file can say about a federation, a global stack's
// zonestack:federation: one service in every member stack's cluster, published under zone,
// region and global names. The federation's names and TTL (Federation) sit at its top.
type FederationSpec struct {
	Federation
	// DNS is where the records go.
	DNS DNSSpec `json:"dns"`
	// Service is the service every member runs.
	Service ServiceSpec `json:"service"`
	// Members are the member stacks and where their clusters are (as in their stack files).
	// Required, at least one.
	Members []MemberRef `json:"members"`
	// StackPrefix qualifies member stack names for StackReferences (MemberClustersArgs).
	// Optional.
	StackPrefix string `json:"stackPrefix,omitempty"`
}

// DNSSpec is a federation's DNS back end (federation.dns).
type DNSSpec struct {
	// Backend is clouddns (Google Cloud DNS), alidns (Alibaba Cloud DNS) or coredns (CoreDNS in
	// member clusters). Required.
	Backend string `json:"backend"`
	// ZoneName is, on clouddns, the managed zone's name (CloudDNSRecordsArgs.ZoneName); on
	// alidns, the hosted domain that holds the names, the federation's domain or a parent of it
	// (AlidnsRecordsArgs.DomainName, and GTM's GtmGlobalArgs.PublicZoneName). Required.
	ZoneName string `json:"zoneName"`
	// Edition is the alidns hosted domain's edition (free, personal, basic, standard, ultimate,
	// exclusive): it bounds the TTL. Required with alidns.
	Edition string `json:"edition,omitempty"`
	// CreateZone hosts ZoneName in Alibaba Cloud DNS (alidns only; AlidnsRecordsArgs.CreateDomain);
	// by default it is already hosted.
	CreateZone bool `json:"createZone,omitempty"`
	// PrivateZone also serves the names in a PrivateZone zone attached to the Alibaba Cloud
	// members' VPCs (PrivateZoneRecords).
	PrivateZone bool `json:"privateZone,omitempty"`
	// GTM answers the global name with Alibaba Cloud GTM (alidns only).
	GTM *GtmSpec `json:"gtm,omitempty"`
	// CoreDNS is where and how CoreDNS serves the zone (coredns only). Optional: its defaults.
	CoreDNS *CoreDNSSpec `json:"coredns,omitempty"`
}

// ServiceSpec is the service every member runs (federation.service): its name and namespace,
// the same everywhere, and what makes the Deployment of every shard.
type ServiceSpec struct {
	Service
	// Image is the container's image. Required.
	Image string `pulumi:"image" json:"image"`
	// Port is the container's and the load balancer's port, 1 to 65535. Required.
	Port int `pulumi:"port" json:"port"`
	// Replicas per member. Optional, default 3.
	Replicas int `pulumi:"replicas" json:"replicas,omitempty"`
}

// Validate reports every problem of s: the name and namespace at the service itself (field
// ""), image and port.
func (s ServiceSpec) Validate() error {
	var l validation.List
	s.Service.check(&l, "")
	s.checkWorkload(&l)
	return l.Err()
}

// checkWorkload records the problems of the Deployment's settings.
func (s ServiceSpec) checkWorkload(l *validation.List) {
	if s.Image == "" {
		l.Required("image", "")
	}
	checkPort(l, "port", s.Port)
}

// checkPort records at field whether port is a TCP port.
func checkPort(l *validation.List, field string, port int) {
	if port < 1 || port > 65535 {
		l.Invalid(field, port, "must be 1 to 65535")
	}
}

// Clusters are the members as the record planner sees them, shards unknown.
func (s FederationSpec) Clusters() []Cluster {
	out := make([]Cluster, 0, len(s.Members))
	for _, m := range s.Members {
		out = append(out, m.Cluster())
	}
	return out
}

// Validate reports every problem of s, each at its key path in the spec (domain, dns.zoneName,
// members[1].region, ...): the planner's rules on the names, with every shard unhealthy (health
// is known only once the shards run), the service's and the members', and those of the DNS back
// end, GTM and the private zone that s asks for.
func (s FederationSpec) Validate() error {
	var l validation.List
	l.Merge("", s.Federation.Validate())
	l.Merge("service", s.Service.Validate())
	checkMembers(&l, s.Members)
	if l.Len() == 0 {
		// The names as a whole, once their parts are valid (the planner's order).
		l.Merge("", checkNames(s.Federation, s.Service.Service, s.Clusters()))
	}
	ttl := ttlOf(s.Federation)
	if s.DNS.CoreDNS != nil && s.DNS.Backend != BackendCoreDNS {
		l.Invalid("dns.coredns", "set", "is a coredns setting; the %s back end does not run CoreDNS", s.DNS.Backend)
	}
	switch s.DNS.Backend {
	case BackendCoreDNS:
		checkAliasesInDomain(&l, s.Federation)
		for _, k := range []struct {
			set  bool
			name string
		}{{s.DNS.ZoneName != "", "zoneName"}, {s.DNS.Edition != "", "edition"}, {s.DNS.CreateZone, "createZone"}, {s.DNS.GTM != nil, "gtm"}} {
			if k.set {
				l.Invalid("dns."+k.name, "set", "is a setting of a hosted zone; the coredns back end serves the federation's domain itself")
			}
		}
		var c CoreDNSSpec
		if s.DNS.CoreDNS != nil {
			c = *s.DNS.CoreDNS
		}
		l.Merge("dns.coredns", c.Validate(s.Members))
	case BackendCloudDNS:
		requireManagedZone(&l, "dns.zoneName", s.DNS.ZoneName)
		checkAliasesInDomain(&l, s.Federation)
		for _, k := range []struct {
			set  bool
			name string
		}{{s.DNS.Edition != "", "edition"}, {s.DNS.CreateZone, "createZone"}, {s.DNS.GTM != nil, "gtm"}} {
			if k.set {
				l.Invalid("dns."+k.name, "set", "is an alidns setting; the clouddns back end makes its own zone")
			}
		}
	case BackendAlidns:
		hosted := checkHostedDomain(&l, "dns.zoneName", s.Federation, s.DNS.ZoneName)
		checkAliasesInHosted(&l, s.Federation, hosted)
		checkAlidnsEdition(&l, "dns.edition", s.DNS.Edition, ttl)
		if s.DNS.GTM != nil {
			// GTM keeps its name in the hosted domain, checked above, and probes the service's
			// port (service.port).
			l.Merge("dns.gtm", s.DNS.GTM.Validate(s.TTL))
		}
	default:
		l.Invalid("dns.backend", s.DNS.Backend, "must be %s, %s or %s", BackendCloudDNS, BackendAlidns, BackendCoreDNS)
	}
	if s.DNS.PrivateZone {
		if !slices.ContainsFunc(s.Members, func(m MemberRef) bool { return m.Cloud == CloudAlicloud }) {
			l.Invalid("dns.privateZone", true, "needs an alicloud member: the private zone answers in their VPCs")
		}
		for i, m := range s.Members {
			checkIPv4Only(&l, fmt.Sprintf("members[%d].dualStack", i), m.DualStack)
		}
	}
	return l.Err()
}
