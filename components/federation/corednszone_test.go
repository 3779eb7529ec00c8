package federation_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/federation"
	"github.com/zonestack/zonestack/internal/app/offline"
	"github.com/zonestack/zonestack/internal/app/testutil"
	"github.com/zonestack/zonestack/internal/app/validators"
)

// zoneFed is the federation of these tests: its own domain, delegated to CoreDNS.
func zoneFed() federation.Federation {
	return federation.Federation{Domain: "fed.example.com", Name: "myfederation", TTL: 60,
		Aliases: map[string]string{"www.fed.example.com": "europe-west1"}}
}

// twoServers are the name servers of these tests: one IPv4, one dual-stack.
func twoServers() []federation.NameServer {
	return []federation.NameServer{
		{Name: "ns-ack-hz1.fed.example.com", Addresses: []string{"127.0.0.1"}},
		{Name: "ns-gke-euw1.fed.example.com", Addresses: []string{"2001:db8::53", "192.0.2.53"}},
	}
}

// serveZoneWithCoreDNS runs the real CoreDNS with the Corefile CoreDNSZone writes, on loopback:
// substituted, each explicitly, the listening ports (no real :1053, :8080 or :8181) and the
// ConfigMap's mount directory by dir, where the zone file is written first. It returns the DNS
// port.
func serveZoneWithCoreDNS(t *testing.T, f federation.Federation, dir, zone, reload string) int {
	t.Helper()
	bin, err := validators.CoreDNS()
	if err != nil {
		t.Fatal(err)
	}
	writeZone(t, filepath.Join(dir, "db."+f.Domain), zone)
	port := testutil.FreePort(t)
	c := federation.CoreDNSCorefile(f, reload)
	c = replaceOnce(t, c, fmt.Sprintf(":%d {\n", federation.CoreDNSPort), fmt.Sprintf(":%d {\n", port))
	c = replaceOnce(t, c, "health :8080 {", fmt.Sprintf("health 127.0.0.1:%d {", testutil.FreePort(t)))
	c = replaceOnce(t, c, "ready :8181\n", fmt.Sprintf("ready 127.0.0.1:%d\n", testutil.FreePort(t)))
	c = replaceOnce(t, c, "file /etc/coredns/", "file "+dir+"/")
	testutil.StartCoreDNS(t, bin, dir, c, func(string) bool {
		r, err := ask(port, f.Domain, "SOA")
		return err == nil && r.Rcode == "NOERROR"
	})
	return port
}

// writeZone replaces the zone file at path the way the kubelet updates a ConfigMap volume: the
// new file written beside it, then renamed over it, so that a reader never sees half of it.
func writeZone(t *testing.T, path, zone string) {
	t.Helper()
	tmp := path + ".new"
	if err := os.WriteFile(tmp, []byte(zone), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// checkServes asserts that CoreDNS on port answers every scope name (and alias) as planned:
// its A and AAAA values, or a CNAME to the planned target first; it returns the names checked.
func checkServes(t *testing.T, port int, rs []federation.Record) int {
	t.Helper()
	names := map[string]bool{}
	for _, r := range rs {
		names[r.Name] = true
	}
	for name := range names {
		for _, typ := range []string{federation.TypeA, federation.TypeAAAA} {
			got, err := ask(port, name, typ)
			if err != nil {
				t.Fatal(err)
			}
			if got.Rcode != "NOERROR" {
				t.Errorf("%s %s: rcode %s, want NOERROR", name, typ, got.Rcode)
				continue
			}
			var cname *federation.Record
			for _, r := range rs {
				if r.Name == name && r.Type == federation.TypeCNAME {
					cname = &r
				}
			}
			if cname != nil {
				if len(got.Answer) == 0 || got.Answer[0].Type != federation.TypeCNAME || got.Answer[0].Value != cname.Values[0] {
					t.Errorf("%s %s: %+v, want first a CNAME to %s", name, typ, got.Answer, cname.Values[0])
				}
			}
			// The final values follow the plan through its CNAMEs (inside the zone).
			want := slices.Clone(answers(rs, name, typ))
			slices.Sort(want)
			if got := got.Values(typ); !slices.Equal(got, want) {
				t.Errorf("%s %s: CoreDNS answers %v, the plan says %v", name, typ, got, want)
			}
		}
	}
	return len(names)
}

// The zone CoreDNSZone writes, served by the real CoreDNS (the local control plane's build) on
// loopback: every scope name answers its planned records over UDP and TCP; the apex has the SOA
// and an NS per server, whose names have their glue; other names of the domain are NXDOMAIN and
// names outside it refused. Then a shard goes down: the zone file is rewritten as the next pulumi
// up writes it, and CoreDNS serves the new records after its reload (1 s here), with no restart.
func TestCoreDNSZoneServedByCoreDNS(t *testing.T) {
	f := zoneFed()
	clusters := workedExample()
	rs, _, err := federation.PlanRecords(f, nginx, clusters, nil)
	if err != nil {
		t.Fatal(err)
	}
	zone, err := federation.AuthoritativeZoneFile(f, twoServers(), rs)
	if err != nil {
		t.Fatal(err)
	}
	if err := validators.NamedCheckzone(f.Domain, zone); err != nil {
		t.Fatalf("named-checkzone refuses the zone: %v\n%s", err, zone)
	}
	dir := t.TempDir()
	port := serveZoneWithCoreDNS(t, f, dir, zone, "1s")
	if n := checkServes(t, port, rs); n != 11 {
		t.Errorf("%d names checked, want the worked example's 10 and the alias", n)
	}

	// The apex: the SOA, and the NS records with their glue.
	soa, err := ask(port, f.Domain, "SOA")
	if err != nil {
		t.Fatal(err)
	}
	if len(soa.Answer) != 1 || !strings.HasPrefix(soa.Answer[0].Value, "ns-ack-hz1.fed.example.com. hostmaster.fed.example.com. ") {
		t.Errorf("SOA %+v", soa)
	}
	ns, err := ask(port, f.Domain, "NS")
	if err != nil {
		t.Fatal(err)
	}
	if got := ns.Values("NS"); !slices.Equal(got, []string{"ns-ack-hz1.fed.example.com.", "ns-gke-euw1.fed.example.com."}) {
		t.Errorf("NS %v", got)
	}
	for _, c := range []struct{ name, typ, want string }{
		{"ns-ack-hz1.fed.example.com", "A", "127.0.0.1"},
		{"ns-gke-euw1.fed.example.com", "A", "192.0.2.53"},
		{"ns-gke-euw1.fed.example.com", "AAAA", "2001:db8::53"},
	} {
		got, err := ask(port, c.name, c.typ)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.Values(c.typ), []string{c.want}) {
			t.Errorf("glue %s %s: %v, want %s", c.name, c.typ, got.Values(c.typ), c.want)
		}
	}
	// Elsewhere in the domain nothing; outside it, CoreDNS is no resolver.
	for _, c := range []struct{ name, rcode string }{
		{"nope.fed.example.com", "NXDOMAIN"},
		{"nginx.mynamespace.myfederation.svc.mars.fed.example.com", "NXDOMAIN"},
		{"nginx.mynamespace.myfederation.svc.us-central1-z.us-central1.fed.example.com", "NXDOMAIN"},
		{"example.com", "REFUSED"},
		{"nginx.mynamespace.myfederation.svc.example.net", "REFUSED"},
	} {
		got, err := ask(port, c.name, "A")
		if err != nil {
			t.Fatal(err)
		}
		if got.Rcode != c.rcode || len(got.Answer) != 0 {
			t.Errorf("%s A: %+v, want %s and no answer", c.name, got, c.rcode)
		}
	}
	// TCP too: the load balancer forwards both, and a truncated answer is retried over TCP.
	global := "nginx.mynamespace.myfederation.svc.fed.example.com"
	dig, err := validators.Tool("dig")
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(dig, "@127.0.0.1", "-p", strconv.Itoa(port), "+tcp", "+short", "+time=2", "+tries=1", global, "A").CombinedOutput()
	if err != nil || strings.Fields(string(out)) == nil || !slices.Equal(strings.Fields(string(out)), answers(rs, global, "A")) {
		t.Errorf("over TCP, %s A: %q (%v), want %v", global, out, err, answers(rs, global, "A"))
	}

	// ack-hz1 goes down: cn-hangzhou-h becomes a CNAME to the region, the region to the global
	// name, which keeps europe-west1's address only.
	clusters[2].Shard.Healthy = false
	flipped, _, err := federation.PlanRecords(f, nginx, clusters, nil)
	if err != nil {
		t.Fatal(err)
	}
	next, err := federation.AuthoritativeZoneFile(f, twoServers(), flipped)
	if err != nil {
		t.Fatal(err)
	}
	if next == zone {
		t.Fatal("the flip changed nothing: the test would prove nothing")
	}
	writeZone(t, filepath.Join(dir, "db."+f.Domain), next)
	hz := "nginx.mynamespace.myfederation.svc.cn-hangzhou-h.cn-hangzhou.fed.example.com"
	deadline := time.Now().Add(15 * time.Second)
	for {
		got, err := ask(port, hz, "A")
		if err != nil {
			t.Fatal(err)
		}
		if len(cnames(got)) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("CoreDNS still answers %s with %+v 15 s after the zone file changed", hz, got)
		}
		time.Sleep(200 * time.Millisecond)
	}
	checkServes(t, port, flipped)

	// Every shard down, allUnhealthy omit: no global name (NXDOMAIN, with the SOA's negative TTL,
	// the federation's), every other name a CNAME chain that ends there. A hosted zone that keeps
	// one record set per name cannot say this (CloudDNSRecords refuses it); a zone file can.
	for i := range clusters {
		clusters[i].Shard.Healthy = false
	}
	down, _, err := federation.PlanRecords(f, nginx, clusters, nil)
	if err != nil {
		t.Fatal(err)
	}
	empty, err := federation.AuthoritativeZoneFile(f, twoServers(), down)
	if err != nil {
		t.Fatal(err)
	}
	writeZone(t, filepath.Join(dir, "db."+f.Domain), empty)
	deadline = time.Now().Add(15 * time.Second)
	for {
		got, err := ask(port, global, "A")
		if err != nil {
			t.Fatal(err)
		}
		if got.Rcode == "NXDOMAIN" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("CoreDNS still answers %s with %+v 15 s after the zone file changed", global, got)
		}
		time.Sleep(200 * time.Millisecond)
	}
	region := "nginx.mynamespace.myfederation.svc.europe-west1.fed.example.com"
	got, err := ask(port, region, "A")
	if err != nil {
		t.Fatal(err)
	}
	if got.Rcode != "NXDOMAIN" || len(cnames(got)) != 1 || cnames(got)[0].Value != global+"." || len(got.Values("A")) != 0 {
		t.Errorf("%s A with every shard down: %+v, want its CNAME to %s. and NXDOMAIN", region, got, global)
	}
}

// coreDNSMembers are a GKE and an ACK server, each with a provider of its own.
func coreDNSMembers(ctx *pulumi.Context) ([]federation.Member, error) {
	var out []federation.Member
	for _, c := range []federation.Cluster{
		{Name: "gke-euw1", Cloud: federation.CloudGCP, Region: "europe-west1", Zones: []string{"europe-west1-b"}},
		{Name: "ack-hz1", Cloud: federation.CloudAlicloud, Region: "cn-hangzhou", Zones: []string{"cn-hangzhou-h"}},
	} {
		p, err := kubernetes.NewProvider(ctx, c.Name, &kubernetes.ProviderArgs{Kubeconfig: pulumi.String("stand-in")})
		if err != nil {
			return nil, err
		}
		out = append(out, federation.Member{Cluster: c, Provider: p})
	}
	return out, nil
}

// In each server, through its own provider: the namespace, one LoadBalancer Service for 53 over
// UDP and TCP (GKE's with the class of its mixed-protocol load balancer), a ConfigMap patch with
// the Corefile and the zone file (the same in every server, holding the plan's records and every
// server's NS and glue), CoreDNS on the system pools spread over zones, and a PDB. The outputs
// are the name servers, the delegation and each server's address.
func TestCoreDNSZoneInEveryServer(t *testing.T) {
	f := zoneFed()
	var nameServers, delegation []string
	var addresses map[string]string
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		servers, err := coreDNSMembers(ctx)
		if err != nil {
			return err
		}
		bare, shards := withShardOutputs(workedExample())
		z, err := federation.NewCoreDNSZone(ctx, "dns", &federation.CoreDNSZoneArgs{
			Federation: f, Service: nginx, Clusters: bare, Shards: shards, Servers: servers,
			ObjectOptions: []pulumi.ResourceOption{pulumi.Timeouts(&pulumi.CustomTimeouts{Create: "3m"})},
		})
		if err != nil {
			return err
		}
		z.NameServers.ApplyT(func(v []string) error { nameServers = v; return nil })
		z.Delegation.ApplyT(func(v []string) error { delegation = v; return nil })
		z.Addresses.ApplyT(func(v map[string]string) error { addresses = v; return nil })
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for token, want := range map[string]int{
		"kubernetes:core/v1:Namespace": 2, "kubernetes:core/v1:Service": 2, "kubernetes:core/v1:ConfigMapPatch": 2,
		"kubernetes:apps/v1:Deployment": 2, "kubernetes:policy/v1:PodDisruptionBudget": 2,
	} {
		regs := rec.ByType(token)
		if len(regs) != want {
			t.Errorf("%d %s, want %d", len(regs), token, want)
		}
		providers := map[string]bool{}
		for _, r := range regs {
			providers[r.ProviderURN()] = true
			if !strings.HasPrefix(r.Name, "dns-gke-euw1-") && !strings.HasPrefix(r.Name, "dns-ack-hz1-") {
				t.Errorf("%s: not named <component>-<server>-<role>", r.Name)
			}
			if r.CreateTimeout != "3m" {
				t.Errorf("%s: create timeout %q, want the caller's 3m", r.Name, r.CreateTimeout)
			}
		}
		if len(providers) != 2 {
			t.Errorf("%s through %d providers, want each server's own", token, len(providers))
		}
	}
	for _, s := range rec.ByType("kubernetes:core/v1:Service") {
		spec := s.Inputs["spec"].ObjectValue()
		var ports []string
		for _, p := range spec["ports"].ArrayValue() {
			o := p.ObjectValue()
			ports = append(ports, fmt.Sprintf("%v/%v->%v", o["port"].NumberValue(), o["protocol"].StringValue(), o["targetPort"].StringValue()))
		}
		if spec["type"].StringValue() != "LoadBalancer" || !slices.Equal(ports, []string{"53/UDP->dns-udp", "53/TCP->dns-tcp"}) {
			t.Errorf("%s: %v %v", s.Name, spec["type"], ports)
		}
		class := spec["loadBalancerClass"]
		if gke := strings.Contains(s.Name, "gke"); gke != (class.IsString() && class.StringValue() == "networking.gke.io/l4-regional-external") {
			t.Errorf("%s: loadBalancerClass %v", s.Name, class)
		}
	}
	var zones []string
	for _, cm := range rec.ByType("kubernetes:core/v1:ConfigMapPatch") {
		data := cm.Inputs["data"].ObjectValue()
		zones = append(zones, data["db.fed.example.com"].StringValue())
		if data["Corefile"].StringValue() != federation.CoreDNSCorefile(f, federation.DefaultCoreDNSReload) {
			t.Errorf("%s: Corefile\n%s", cm.Name, data["Corefile"].StringValue())
		}
		if cm.Inputs["metadata"].ObjectValue()["namespace"].StringValue() != "zonestack-dns-myfederation" {
			t.Errorf("%s: namespace %v", cm.Name, cm.Inputs["metadata"])
		}
	}
	if len(zones) != 2 || zones[0] != zones[1] {
		t.Fatalf("the servers' zone files differ:\n%v", zones)
	}
	for _, want := range []string{
		"fed.example.com. 3600 IN NS ns-ack-hz1.fed.example.com.\n",
		"fed.example.com. 3600 IN NS ns-gke-euw1.fed.example.com.\n",
		"\nnginx.mynamespace.myfederation.svc.us-central1.fed.example.com. 60 IN CNAME nginx.mynamespace.myfederation.svc.fed.example.com.\n",
		"\nnginx.mynamespace.myfederation.svc.fed.example.com. 60 IN AAAA 2001:db8::30\n",
	} {
		if !strings.Contains(zones[0], want) {
			t.Errorf("%q not in the zone file\n%s", want, zones[0])
		}
	}
	for _, d := range rec.ByType("kubernetes:apps/v1:Deployment") {
		spec := d.Inputs["spec"].ObjectValue()
		pod := spec["template"].ObjectValue()["spec"].ObjectValue()
		if spec["replicas"].NumberValue() != 2 || pod["nodeSelector"].ObjectValue()["zonestack.io/pool"].StringValue() != "system" {
			t.Errorf("%s: replicas %v, nodeSelector %v", d.Name, spec["replicas"], pod["nodeSelector"])
		}
		var keys []string
		for _, c := range pod["topologySpreadConstraints"].ArrayValue() {
			keys = append(keys, c.ObjectValue()["topologyKey"].StringValue())
		}
		if !slices.Contains(keys, "topology.kubernetes.io/zone") {
			t.Errorf("%s: spread over %v, not over zones", d.Name, keys)
		}
		c := pod["containers"].ArrayValue()[0].ObjectValue()
		if c["image"].StringValue() != federation.DefaultCoreDNSImage || !c["readinessProbe"].IsObject() || !c["livenessProbe"].IsObject() ||
			!c["resources"].ObjectValue()["requests"].IsObject() {
			t.Errorf("%s: container %v", d.Name, c)
		}
		if vol := pod["volumes"].ArrayValue()[0].ObjectValue()["configMap"].ObjectValue()["name"].StringValue(); vol != "coredns" {
			t.Errorf("%s: mounts ConfigMap %q", d.Name, vol)
		}
		// The Deployment waits for its ConfigMap: pods must not start before their zone file.
		if !slices.ContainsFunc(d.Dependencies, func(u string) bool {
			return strings.HasSuffix(u, "::"+strings.TrimSuffix(d.Name, "-deployment")+"-zone")
		}) {
			t.Errorf("%s: depends on %v, not its ConfigMap", d.Name, d.Dependencies)
		}
	}
	if !slices.Equal(nameServers, []string{"ns-ack-hz1.fed.example.com", "ns-gke-euw1.fed.example.com"}) {
		t.Errorf("name servers %v", nameServers)
	}
	if len(delegation) != 4 || addresses["ack-hz1"] == "" || !slices.Contains(delegation, "ns-ack-hz1.fed.example.com. 3600 IN A "+addresses["ack-hz1"]) {
		t.Errorf("delegation %v, addresses %v", delegation, addresses)
	}
}

// Bad args are refused with the field, the rule and the value, before anything is registered.
func TestCoreDNSZoneRefusesBadArgs(t *testing.T) {
	f := zoneFed()
	for want, change := range map[string]func(a *federation.CoreDNSZoneArgs){
		"servers: is required":                               func(a *federation.CoreDNSZoneArgs) { a.Servers = nil },
		"servers[0].provider: is required":                   func(a *federation.CoreDNSZoneArgs) {},
		`replicas: must be at least 1 (got -1)`:              func(a *federation.CoreDNSZoneArgs) { a.Replicas = -1 },
		`reload: must be a duration of 1s to 1h (got "1ms")`: func(a *federation.CoreDNSZoneArgs) { a.Reload = "1ms" },
		`servers[1].name: duplicates servers[0].name (got "a")`: func(a *federation.CoreDNSZoneArgs) {
			a.Servers = append(a.Servers, a.Servers[0])
		},
		`aliases: must be inside the zone fed.example.com`: func(a *federation.CoreDNSZoneArgs) {
			a.Federation.Aliases = map[string]string{"www.example.net": "global"}
		},
		`aliases: is the name server of a (got "ns-a.fed.example.com")`: func(a *federation.CoreDNSZoneArgs) {
			a.Federation.Aliases = map[string]string{"ns-a.fed.example.com": "global"}
		},
		`service: must not be in zonestack-dns-myfederation`: func(a *federation.CoreDNSZoneArgs) {
			a.Service.Namespace = "zonestack-dns-myfederation"
		},
	} {
		t.Run(want, func(t *testing.T) {
			a := federation.CoreDNSZoneArgs{Federation: f, Service: nginx, Clusters: workedExample(),
				Servers: []federation.Member{{Cluster: federation.Cluster{Name: "a"}}}}
			change(&a)
			testutil.Rejected(t, want, func(ctx *pulumi.Context) error {
				_, err := federation.NewCoreDNSZone(ctx, "dns", &a)
				return err
			})
		})
	}
}

// The stack file's dns.coredns: servers default to every member and must be members; the hosted
// zones' keys are refused; defaults are 2 replicas, the pinned image and 5 s.
func TestCoreDNSSpec(t *testing.T) {
	members := []federation.MemberRef{{Stack: "dev", Cloud: "alicloud", Region: "cn-beijing"}, {Stack: "prod", Cloud: "alicloud", Region: "cn-hangzhou"}}
	var c federation.CoreDNSSpec
	if err := c.Validate(members); err != nil {
		t.Fatal(err)
	}
	all := c.ServersOf(members, []federation.Member{{Cluster: federation.Cluster{Name: "dev"}}, {Cluster: federation.Cluster{Name: "prod"}}})
	if len(all) != 2 {
		t.Errorf("default servers %v, want every member", all)
	}
	c.Servers = []string{"prod"}
	if got := c.ServersOf(members, []federation.Member{{Cluster: federation.Cluster{Name: "dev"}}, {Cluster: federation.Cluster{Name: "prod"}}}); len(got) != 1 || got[0].Name != "prod" {
		t.Errorf("servers %v, want prod", got)
	}
	c.Servers = []string{"burst"}
	if err := c.Validate(members); err == nil || !strings.Contains(err.Error(), `servers[0]: must be a member's stack (got "burst")`) {
		t.Errorf("%v", err)
	}
	noAlias := zoneFed()
	noAlias.Aliases = nil // its scope, europe-west1, is no region of these members
	spec := federation.FederationSpec{
		Federation: noAlias, DNS: federation.DNSSpec{Backend: federation.BackendCoreDNS, ZoneName: "example.com", CreateZone: true},
		Service: federation.ServiceSpec{Service: nginx, Image: "nginx", Port: 80}, Members: members,
	}
	err := spec.Validate()
	for _, want := range []string{
		`dns.zoneName: is a setting of a hosted zone; the coredns back end serves the federation's domain itself (got "set")`,
		`dns.createZone: is a setting of a hosted zone`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%v, want %q", err, want)
		}
	}
	spec.DNS = federation.DNSSpec{Backend: federation.BackendCoreDNS, PrivateZone: true}
	if err := spec.Validate(); err != nil {
		t.Errorf("a coredns federation with a private zone: %v", err)
	}
}

// The zone file and the delegation refuse what a delegation cannot hold: a server whose load
// balancer has a hostname or no address yet.
func TestAuthoritativeZoneFileNeedsAddresses(t *testing.T) {
	for want, nss := range map[string][]federation.NameServer{
		`is not an IP address; a delegation's glue must be one`: {{Name: "ns-a.fed.example.com", Addresses: []string{"lb.example.net"}}},
		`has no address yet`:       {{Name: "ns-a.fed.example.com"}},
		`at least one name server`: nil,
	} {
		if _, err := federation.AuthoritativeZoneFile(zoneFed(), nss, nil); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%v: %v, want %q", nss, err, want)
		}
	}
	d, err := federation.Delegation(zoneFed(), twoServers())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"fed.example.com. 3600 IN NS ns-ack-hz1.fed.example.com.",
		"fed.example.com. 3600 IN NS ns-gke-euw1.fed.example.com.",
		"ns-ack-hz1.fed.example.com. 3600 IN A 127.0.0.1",
		"ns-gke-euw1.fed.example.com. 3600 IN A 192.0.2.53",
		"ns-gke-euw1.fed.example.com. 3600 IN AAAA 2001:db8::53",
	}
	if !slices.Equal(d, want) {
		t.Errorf("delegation\n%s\nwant\n%s", strings.Join(d, "\n"), strings.Join(want, "\n"))
	}
	// The serial follows the content: the same records give the same serial, others another.
	rs, _, _ := federation.PlanRecords(zoneFed(), nginx, workedExample(), nil)
	a, _ := federation.AuthoritativeZoneFile(zoneFed(), twoServers(), rs)
	b, _ := federation.AuthoritativeZoneFile(zoneFed(), twoServers(), rs[1:])
	again, _ := federation.AuthoritativeZoneFile(zoneFed(), twoServers(), rs)
	if serial(a) == serial(b) || serial(a) != serial(again) {
		t.Errorf("serials %s, %s, %s", serial(a), serial(b), serial(again))
	}
}

// serial is the SOA serial of a zone file AuthoritativeZoneFile wrote.
func serial(zone string) string {
	for _, l := range strings.Split(zone, "\n") {
		if f := strings.Fields(l); len(f) > 6 && f[3] == "SOA" {
			return f[6]
		}
	}
	return ""
}
