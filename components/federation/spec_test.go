package federation_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/zonestack/zonestack/components/federation"
	"github.com/zonestack/zonestack/validation"
)

// specOf is a valid alidns federation with GTM and a private zone, as a stack file says it.
func specOf(t *testing.T) federation.FederationSpec {
	t.Helper()
	var s federation.FederationSpec
	err := json.Unmarshal([]byte(`{
		"name": "myfederation", "domain": "fed.example.cn", "ttl": 180,
		"dns": {"backend": "alidns", "zoneName": "example.cn", "edition": "standard", "privateZone": true, "gtm": {"period": 12}},
		"service": {"name": "nginx", "namespace": "mynamespace", "image": "nginx:1.27", "port": 80},
		"members": [{"stack": "dev", "cloud": "alicloud", "region": "cn-beijing", "zones": ["cn-beijing-h"]},
		            {"stack": "gke", "cloud": "gcp", "region": "us-central1"}]}`), &s)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The spec's problems carry its own key paths, the back ends' settings included: no caller maps
// an Args field back to the stack file.
func TestFederationSpecReportsItsKeyPaths(t *testing.T) {
	if err := specOf(t).Validate(); err != nil {
		t.Fatalf("valid spec: %v", err)
	}
	for want, edit := range map[string]func(*federation.FederationSpec){
		`dns.zoneName: must be the federation's domain fed.example.cn or a parent of it (got "other.cn")`: func(s *federation.FederationSpec) { s.DNS.ZoneName = "other.cn" },
		`dns.edition: must be one of`:                                      func(s *federation.FederationSpec) { s.DNS.Edition = "gold" },
		`ttl: is below the free edition's minimum of 600 seconds`:          func(s *federation.FederationSpec) { s.DNS.Edition = "free" },
		`dns.gtm.ttl: must be one of 60, 120, 300, 600`:                    func(s *federation.FederationSpec) { s.DNS.GTM.TTL = 180 },
		`dns.gtm.edition: must be standard or ultimate (got "basic")`:      func(s *federation.FederationSpec) { s.DNS.GTM.Edition = "basic" },
		`service.port: must be 1 to 65535 (got 0)`:                         func(s *federation.FederationSpec) { s.Service.Port = 0 },
		`service.image: is required`:                                       func(s *federation.FederationSpec) { s.Service.Image = "" },
		`service: name and namespace must be DNS labels`:                   func(s *federation.FederationSpec) { s.Service.Name = "Nginx" },
		`members[1].dualStack: PrivateZone has no AAAA records`:            func(s *federation.FederationSpec) { s.Members[1].DualStack = true },
		`members[1].stack: duplicates members[0].stack (got "dev")`:        func(s *federation.FederationSpec) { s.Members[1].Stack = "dev" },
		`members[0].cloud: must be gcp or alicloud: the member's cloud`:    func(s *federation.FederationSpec) { s.Members[0].Cloud = "aws" },
		`members[0].zones[0]: must be a DNS label (got "cn_beijing_h")`:    func(s *federation.FederationSpec) { s.Members[0].Zones[0] = "cn_beijing_h" },
		`members[1]: needs stack and region`:                               func(s *federation.FederationSpec) { s.Members[1].Region = "" },
		`dns.privateZone: needs an alicloud member`:                        func(s *federation.FederationSpec) { s.Members = s.Members[1:] },
		`dns.backend: must be clouddns, alidns or coredns (got "route53")`: func(s *federation.FederationSpec) { s.DNS.Backend = "route53" },
		`dns.gtm: is an alidns setting`:                                    func(s *federation.FederationSpec) { s.DNS.Backend = federation.BackendCloudDNS },
		`aliases: must be inside the zone fed.example.cn`: func(s *federation.FederationSpec) {
			s.DNS.Backend, s.DNS.GTM, s.DNS.Edition, s.Aliases = federation.BackendCloudDNS, nil, "", map[string]string{"nginx.example.cn": "global"}
		},
		`aliases: points at "mars-1", which is not a scope`:        func(s *federation.FederationSpec) { s.Aliases = map[string]string{"www.fed.example.cn": "mars-1"} },
		`allUnhealthy: must be omit or failOpen (got "sometimes")`: func(s *federation.FederationSpec) { s.AllUnhealthy = "sometimes" },
	} {
		s := specOf(t)
		gtm := *s.DNS.GTM
		s.DNS.GTM = &gtm
		edit(&s)
		err := s.Validate()
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("want %q, got %v", want, err)
		}
		for _, p := range validation.Problems(err) {
			if strings.HasPrefix(p.Field, "clusters") || p.Field == "domainName" || p.Field == "publicZoneName" {
				t.Errorf("%s: an Args path in the spec's problems", p)
			}
		}
	}
}
