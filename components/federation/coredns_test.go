package federation_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/zonestack/zonestack/components/federation"
	"github.com/zonestack/zonestack/internal/app/localcluster"
	"github.com/zonestack/zonestack/internal/app/testutil"
	"github.com/zonestack/zonestack/internal/app/validators"
)

const fedName = "nginx.mynamespace.myfederation.svc.cluster.local"

// rr and reply are a DNS answer's records and the answer (testutil.Dig's).
type (
	rr    = testutil.DNSRecord
	reply = testutil.DNSReply
)

// ask sends one query to 127.0.0.1:port with dig.
func ask(port int, name, typ string) (reply, error) { return testutil.Dig(port, name, typ) }

// cnames are the reply's CNAME records.
func cnames(r reply) []rr {
	var out []rr
	for _, a := range r.Answer {
		if a.Type == federation.TypeCNAME {
			out = append(out, a)
		}
	}
	return out
}

// onPort moves every server block that listens on :53 to port: the one substitution every
// Corefile of these tests gets, so that nothing binds the real port 53.
func onPort(t *testing.T, corefile string, port, blocks int) string {
	t.Helper()
	if n := strings.Count(corefile, ":53 {\n"); n != blocks {
		t.Fatalf("%d server blocks on :53, want %d:\n%s", n, blocks, corefile)
	}
	return strings.ReplaceAll(corefile, ":53 {\n", fmt.Sprintf(":%d {\n", port))
}

// replaceOnce replaces old, which must occur exactly once, with new: each test substitution is
// explicit and fails loudly when the Corefile changes under it.
func replaceOnce(t *testing.T, s, old, new string) string {
	t.Helper()
	if n := strings.Count(s, old); n != 1 {
		t.Fatalf("%q occurs %d times, want once, in:\n%s", old, n, s)
	}
	return strings.Replace(s, old, new, 1)
}

// onFallbackPort moves the federation's fallback block from FallbackPort to a free port, and the
// forward that reaches it with it.
func onFallbackPort(t *testing.T, corefile string) string {
	t.Helper()
	port := testutil.FreePort(t)
	c := replaceOnce(t, corefile, fmt.Sprintf(".:%d {\n", federation.FallbackPort), fmt.Sprintf(".:%d {\n", port))
	return replaceOnce(t, c, fmt.Sprintf("forward . 127.0.0.1:%d\n", federation.FallbackPort), fmt.Sprintf("forward . 127.0.0.1:%d\n", port))
}

// federationKubernetes adds option, one line, to the federation block's kubernetes plugin: where
// its API server is (in a cluster it uses the pod's service account).
func federationKubernetes(t *testing.T, corefile, option string) string {
	t.Helper()
	return replaceOnce(t, corefile, "    kubernetes cluster.local {\n", "    kubernetes cluster.local {\n        "+option+"\n")
}

// startCoreDNS runs the coredns built by scripts/build-local-cluster with corefile until the
// test ends, and waits until it answers on 127.0.0.1:port.
func startCoreDNS(t *testing.T, corefile string, port int) {
	t.Helper()
	bin, err := validators.CoreDNS()
	if err != nil {
		t.Fatal(err)
	}
	testutil.StartCoreDNS(t, bin, t.TempDir(), corefile, func(string) bool {
		_, err := ask(port, "myfederation.svc.cluster.local", "SOA")
		return err == nil
	})
}

// checkResolves asserts that coredns on port answers the federated name, for A and AAAA, with a
// CNAME to region's name of the given TTL followed by the addresses the plan gives that name.
func checkResolves(t *testing.T, port int, rs []federation.Record, region string, ttl int) {
	t.Helper()
	target := "nginx.mynamespace.myfederation.svc." + region + ".example.com"
	for _, typ := range []string{federation.TypeA, federation.TypeAAAA} {
		want := slices.Clone(answers(rs, target, typ))
		slices.Sort(want)
		if typ == federation.TypeA && len(want) == 0 {
			t.Fatalf("the plan gives %s no address: the check would prove nothing", target)
		}
		got, err := ask(port, fedName, typ)
		if err != nil {
			t.Fatal(err)
		}
		if got.Rcode != "NOERROR" || len(got.Answer) == 0 || got.Answer[0] != (rr{Name: fedName, TTL: ttl, Type: federation.TypeCNAME, Value: target + "."}) {
			t.Errorf("%s %s: %+v; want first a CNAME to %s. with TTL %d", fedName, typ, got, target, ttl)
		}
		if !slices.Equal(got.Values(typ), want) {
			t.Errorf("%s %s: CoreDNS answers %v, the plan says %s is %v", fedName, typ, got.Values(typ), target, want)
		}
	}
}

// checkOthersRefused asserts that names of the federation's zone that are not <svc>.<ns> are
// not CNAMEs: ancestors of such names exist without data, anything else does not exist.
func checkOthersRefused(t *testing.T, port int) {
	t.Helper()
	for _, c := range []struct{ name, rcode string }{
		{"www." + fedName, "NXDOMAIN"},                                    // too many labels
		{"nginx.my_namespace.myfederation.svc.cluster.local", "NXDOMAIN"}, // not a DNS label
		{"mynamespace.myfederation.svc.cluster.local", "NOERROR"},         // an ancestor: no data
		{"myfederation.svc.cluster.local", "NOERROR"},                     // the apex: no data
		{"nginx.mynamespace.otherfed.svc.cluster.local", ""},              // another zone
		{"nginx.mynamespace.myfederation.svc.cluster.local.example", ""},  // another zone
	} {
		got, err := ask(port, c.name, "A")
		if err != nil {
			t.Fatal(err)
		}
		if len(cnames(got)) != 0 || len(got.Values(federation.TypeA)) != 0 || (c.rcode != "" && got.Rcode != c.rcode) {
			t.Errorf("%s A: %+v; want no answer and rcode %q", c.name, got, c.rcode)
		}
	}
}

// The federation's server blocks, served by a real CoreDNS whose fallback forwards to the
// federation's DNS (BIND with the planned records), answer
// <svc>.<ns>.<federation>.svc.cluster.local of a member without that Service (the kubernetes
// plugin's API server is down) with a CNAME to the member's region name and CoreDNS resolves it
// to the addresses the plan gives that name: the region's own shard when it is healthy, the
// global name's addresses when it is not. Other names of the zone get no CNAME. Nothing leaves
// 127.0.0.1.
func TestCoreDNSServerBlockResolvesTheRegionName(t *testing.T) {
	rs, _, err := federation.PlanRecords(fed(), nginx, workedExample(), nil)
	if err != nil {
		t.Fatal(err)
	}
	bind := serveZone(t, "example.com", federation.ZoneFile("example.com", "127.0.0.1", 300, rs))
	for _, c := range []struct {
		region string
		ttl    int // 0: the default
		want   int // the TTL the CNAME must have
	}{
		{"cn-hangzhou", 60, 60},                   // a healthy shard: its own addresses
		{"us-central1", 0, federation.DefaultTTL}, // none healthy: CNAME to global
	} {
		t.Run(c.region, func(t *testing.T) {
			f := fed()
			f.TTL = c.ttl
			block, err := federation.CoreDNSServerBlockWithUpstream(f, c.region, "", fmt.Sprintf("127.0.0.1:%d", bind.port))
			if err != nil {
				t.Fatal(err)
			}
			port := testutil.FreePort(t)
			block = onFallbackPort(t, onPort(t, block, port, 1))
			// No API server listens there: no Service of the member answers, as for a member
			// without the service; CoreDNS starts after the plugin's 5 s startup timeout.
			block = federationKubernetes(t, block, fmt.Sprintf("endpoint http://127.0.0.1:%d", testutil.FreePort(t)))
			startCoreDNS(t, block, port)
			checkResolves(t, port, rs, c.region, c.want)
			checkOthersRefused(t, port)
		})
	}
}

// The whole Corefile the ACK member's ConfigMap patch writes runs in a real CoreDNS (so every
// plugin of ACK's default block parses and sets up) and answers the federated name of a member
// without the Service through the fallback block's forward, as in a cluster. Substituted, each
// explicitly: the listening ports (no real :53, :1053, :8080, :8181, :9153), both forwards'
// /etc/resolv.conf by BIND with the planned records (the VPC's DNS), and an API server endpoint
// for both kubernetes plugins, which otherwise need in-cluster credentials; nothing listens
// there, so CoreDNS starts after the plugins' 5s startup timeout with an unsynced API, which
// answers no Service: the federated name falls back to the region's name.
func TestACKCorefileRunsInCoreDNS(t *testing.T) {
	rs, _, err := federation.PlanRecords(fed(), nginx, workedExample(), nil)
	if err != nil {
		t.Fatal(err)
	}
	bind := serveZone(t, "example.com", federation.ZoneFile("example.com", "127.0.0.1", 300, rs))
	block, err := federation.CoreDNSServerBlock(fed(), "cn-hangzhou", "cluster.local")
	if err != nil {
		t.Fatal(err)
	}
	corefile := federation.ACKCorefile(block)
	if !strings.HasPrefix(corefile, ".:53 {\n") || !strings.HasSuffix(corefile, block) {
		t.Fatalf("not ACK's default block followed by the federation's:\n%s", corefile)
	}
	port := testutil.FreePort(t)
	c := onPort(t, corefile, port, 2)
	c = replaceOnce(t, c, "forward . /etc/resolv.conf {", fmt.Sprintf("forward . 127.0.0.1:%d {", bind.port))
	c = replaceOnce(t, c, "kubernetes cluster.local in-addr.arpa ip6.arpa {\n",
		fmt.Sprintf("kubernetes cluster.local in-addr.arpa ip6.arpa {\n        endpoint http://127.0.0.1:%d\n", testutil.FreePort(t)))
	c = federationKubernetes(t, c, fmt.Sprintf("endpoint http://127.0.0.1:%d", testutil.FreePort(t)))
	c = onFallbackPort(t, c)
	c = replaceOnce(t, c, "forward . /etc/resolv.conf\n", fmt.Sprintf("forward . 127.0.0.1:%d\n", bind.port))
	c = replaceOnce(t, c, "health {", fmt.Sprintf("health 127.0.0.1:%d {", testutil.FreePort(t)))
	c = replaceOnce(t, c, "\n    ready\n", fmt.Sprintf("\n    ready 127.0.0.1:%d\n", testutil.FreePort(t)))
	c = replaceOnce(t, c, "prometheus :9153", fmt.Sprintf("prometheus 127.0.0.1:%d", testutil.FreePort(t)))
	startCoreDNS(t, c, port)
	checkResolves(t, port, rs, "cn-hangzhou", federation.DefaultTTL)
	checkOthersRefused(t, port)
}

// The member's own Service first, against a real API server (a local cluster) and a real
// CoreDNS whose kubernetes plugin watches it: <svc>.<ns>.<federation>.svc.cluster.local answers
// the Service's cluster IP while an EndpointSlice of the Service has a ready endpoint, and the
// CNAME to the region's name with that name's addresses (BIND with the planned records, the
// VPC's DNS) when the endpoint is not ready or there is none; and the local answer again when
// it is ready again. A headless Service answers its ready endpoint's address, and the region's
// CNAME once it is not ready. The EndpointSlices are written by the test (the Services have no
// selector, so no controller manages them): the kubernetes plugin reads readiness from the
// slices alone.
func TestCoreDNSServerBlockAnswersTheMembersServiceFirst(t *testing.T) {
	rs, _, err := federation.PlanRecords(fed(), nginx, workedExample(), nil)
	if err != nil {
		t.Fatal(err)
	}
	bind := serveZone(t, "example.com", federation.ZoneFile("example.com", "127.0.0.1", 300, rs))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	kube, kubeconfig := startCluster(t)

	if _, err := kube.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: nginx.Namespace}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	svc, err := kube.CoreV1().Services(nginx.Namespace).Create(ctx, &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: nginx.Name},
		Spec:       corev1.ServiceSpec{Ports: []corev1.ServicePort{{Name: "http", Port: 80}}},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	clusterIP := svc.Spec.ClusterIP
	endpointSlices := kube.DiscoveryV1().EndpointSlices(nginx.Namespace)
	// sliceOf is service's EndpointSlice: one endpoint at addr, ready or not.
	sliceOf := func(service, addr string, ready bool) *discoveryv1.EndpointSlice {
		return &discoveryv1.EndpointSlice{
			ObjectMeta:  metav1.ObjectMeta{Name: service + "-test", Labels: map[string]string{discoveryv1.LabelServiceName: service}},
			AddressType: discoveryv1.AddressTypeIPv4,
			Endpoints:   []discoveryv1.Endpoint{{Addresses: []string{addr}, Conditions: discoveryv1.EndpointConditions{Ready: &ready}}},
			Ports:       []discoveryv1.EndpointPort{{Name: new("http"), Port: new(int32(80))}},
		}
	}
	slice := func(ready bool) *discoveryv1.EndpointSlice { return sliceOf(nginx.Name, "10.244.0.7", ready) }
	if _, err := endpointSlices.Create(ctx, slice(true), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	// A headless Service answers its ready endpoints' addresses, and falls back without.
	if _, err := kube.CoreV1().Services(nginx.Namespace).Create(ctx, &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: "web"},
		Spec:       corev1.ServiceSpec{ClusterIP: corev1.ClusterIPNone, Ports: []corev1.ServicePort{{Name: "http", Port: 80}}},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := endpointSlices.Create(ctx, sliceOf("web", "10.244.0.8", true), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}

	block, err := federation.CoreDNSServerBlockWithUpstream(fed(), "cn-hangzhou", "", fmt.Sprintf("127.0.0.1:%d", bind.port))
	if err != nil {
		t.Fatal(err)
	}
	port := testutil.FreePort(t)
	corefile := onFallbackPort(t, onPort(t, block, port, 1))
	corefile = federationKubernetes(t, corefile, "kubeconfig "+kubeconfig)
	startCoreDNS(t, corefile, port)

	local := func() {
		t.Helper()
		eventually(t, fedName, func() (reply, bool, error) {
			got, err := ask(port, fedName, federation.TypeA)
			return got, err == nil && got.Rcode == "NOERROR" && len(cnames(got)) == 0 &&
				slices.Equal(got.Values(federation.TypeA), []string{clusterIP}) &&
				got.Answer[0].Name == fedName, err
		}, "the Service's cluster IP "+clusterIP+" under the federated name")
		// The name is the local Service's: it has no IPv6 address, and no CNAME either.
		got, err := ask(port, fedName, federation.TypeAAAA)
		if err != nil {
			t.Fatal(err)
		}
		if got.Rcode != "NOERROR" || len(got.Answer) != 0 {
			t.Errorf("%s AAAA: %+v; want NOERROR and no answer", fedName, got)
		}
	}
	region := func(why string) {
		t.Helper()
		eventually(t, fedName, func() (reply, bool, error) {
			got, err := ask(port, fedName, federation.TypeA)
			return got, err == nil && len(cnames(got)) > 0, err
		}, "a CNAME to the region's name ("+why+")")
		checkResolves(t, port, rs, "cn-hangzhou", federation.DefaultTTL)
	}

	local()
	checkOthersRefused(t, port)
	const web = "web.mynamespace.myfederation.svc.cluster.local"
	eventually(t, web, func() (reply, bool, error) {
		got, err := ask(port, web, federation.TypeA)
		return got, err == nil && got.Rcode == "NOERROR" && len(cnames(got)) == 0 &&
			slices.Equal(got.Values(federation.TypeA), []string{"10.244.0.8"}) && got.Answer[0].Name == web, err
	}, "the headless Service's ready endpoint 10.244.0.8")
	if _, err := endpointSlices.Update(ctx, sliceOf("web", "10.244.0.8", false), metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, web, func() (reply, bool, error) {
		got, err := ask(port, web, federation.TypeA)
		want := rr{Name: web, TTL: federation.DefaultTTL, Type: federation.TypeCNAME, Value: "web.mynamespace.myfederation.svc.cn-hangzhou.example.com."}
		return got, err == nil && len(got.Answer) > 0 && got.Answer[0] == want, err
	}, "a CNAME to the region's name (the headless Service's endpoint is not ready)")

	if _, err := endpointSlices.Update(ctx, slice(false), metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	region("the endpoint is not ready")
	checkOthersRefused(t, port)

	if _, err := endpointSlices.Update(ctx, slice(true), metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	local()

	if err := endpointSlices.Delete(ctx, nginx.Name+"-test", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	region("no endpoints")
}

// startCluster starts a local cluster (kwokctl, the binaries scripts/build-local-cluster
// builds) until the test ends and returns a client of it and its kubeconfig.
func startCluster(t *testing.T) (kubernetes.Interface, string) {
	t.Helper()
	c := localcluster.Cluster{Name: fmt.Sprintf("zs-federation-%d", os.Getpid()), BinDir: localcluster.DefaultBinDir()}
	client, _ := testutil.StartLocalCluster(t, &c)
	return client.Kube, c.OwnKubeconfig()
}

// eventually polls ok, about name, every 100 ms for 15 s (the kubernetes plugin sees an EndpointSlice change
// through its watch, within a second here) and fails the test with the last reply if it never
// holds.
func eventually(t *testing.T, name string, ok func() (reply, bool, error), want string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		got, done, err := ok()
		if done {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %+v (%v); want %s", name, got, err, want)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Bad input is refused with the field, the rule and the value; the defaults are cluster.local
// and the default TTL.
func TestCoreDNSServerBlockInput(t *testing.T) {
	block, err := federation.CoreDNSServerBlock(federation.Federation{Domain: "Example.com.", Name: "MyFederation"}, "CN-Beijing", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"myfederation.svc.cluster.local:53 {\n",
		"answer \"{{ .Name }} 180 IN CNAME {{ .Group.svc }}.{{ .Group.ns }}.myfederation.svc.cn-beijing.example.com.\"",
		`myfederation\.svc\.cluster\.local\.$"`,
	} {
		if !strings.Contains(block, want) {
			t.Errorf("%q not in\n%s", want, block)
		}
	}
	for _, c := range []struct {
		f                     federation.Federation
		region, domain, wants string
	}{
		{fed(), "cn_beijing", "", `region: must be a DNS label (got "cn_beijing")`},
		{fed(), "cn-beijing", "cluster..local", `clusterDomain: must be a domain name of RFC 1123 labels, at most 253 characters (got "cluster..local")`},
		{federation.Federation{Domain: "example.com", Name: "my.fed"}, "cn-beijing", "", `name: must be a DNS label (got "my.fed")`},
		{federation.Federation{Domain: "exa mple.com", Name: "f"}, "cn-beijing", "", `domain: must be a domain name`},
		{federation.Federation{Domain: "example.com", Name: "f", TTL: -1}, "cn-beijing", "", `ttl: must be 1 to 86400 seconds (got -1)`},
	} {
		if _, err := federation.CoreDNSServerBlock(c.f, c.region, c.domain); err == nil || !strings.Contains(err.Error(), c.wants) {
			t.Errorf("%+v %q %q: %v, want %q", c.f, c.region, c.domain, err, c.wants)
		}
	}
}

// The rendered blocks, in order: the federation's zone on :53 rewrites <svc>.<ns> to the
// Service's own name, answers the apex and ancestors with no data and other names NXDOMAIN, asks
// a kubernetes plugin that ignores Services without ready endpoints and falls through, and
// forwards the rest to the fallback on 127.0.0.1:FallbackPort, which holds the region's CNAME
// and forwards its target to the upstream. The cluster domain is used throughout.
func TestCoreDNSServerBlockRendersTheLocalFirstChain(t *testing.T) {
	label := `[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?`
	for _, c := range []struct{ domain, upstream, forward string }{
		{"", "", "forward . /etc/resolv.conf\n"},
		{"corp.local.", "10.0.0.2:53 10.0.0.3:53", "forward . 10.0.0.2:53 10.0.0.3:53\n"},
	} {
		block, err := federation.CoreDNSServerBlockWithUpstream(fed(), "cn-beijing", c.domain, c.upstream)
		if err != nil {
			t.Fatal(err)
		}
		d := strings.TrimSuffix(c.domain, ".")
		if d == "" {
			d = "cluster.local"
		}
		q := strings.ReplaceAll(d, ".", `\.`)
		want := []string{
			"myfederation.svc." + d + ":53 {\n    errors\n",
			`    rewrite name regex "^(` + label + `)\.(` + label + `)\.myfederation\.svc\.` + q + `\.$" {1}.{2}.svc.` + d + `. ` +
				`answer name "^(` + label + `)\.(` + label + `)\.svc\.` + q + `\.$" {1}.{2}.myfederation.svc.` + d + ".\n",
			"    template ANY ANY myfederation.svc." + d + " {\n        match \"^(?:" + label + `\.)?myfederation\.svc\.` + q + `\.$"` + "\n",
			"    template ANY ANY myfederation.svc." + d + " {\n        rcode NXDOMAIN\n",
			"    kubernetes " + d + " {\n        ignore empty_service\n        fallthrough\n    }\n" +
				fmt.Sprintf("    forward . 127.0.0.1:%d\n}\n", federation.FallbackPort),
			fmt.Sprintf(".:%d {\n    bind 127.0.0.1\n    errors\n", federation.FallbackPort),
			"    template IN ANY svc." + d + " {\n        match \"^(?P<svc>" + label + `)\.(?P<ns>` + label + `)\.svc\.` + q + `\.$"` + "\n" +
				"        answer \"{{ .Name }} 180 IN CNAME {{ .Group.svc }}.{{ .Group.ns }}.myfederation.svc.cn-beijing.example.com.\"\n    }\n",
			"    " + c.forward + "}\n",
		}
		at := 0
		for _, w := range want {
			i := strings.Index(block[at:], w)
			if i < 0 {
				t.Fatalf("%q not in, or not after the previous part of,\n%s", w, block)
			}
			at += i + len(w)
		}
		if at != len(block) {
			t.Errorf("more after the fallback block:\n%s", block[at:])
		}
		if n := strings.Count(block, "\n}\n"); n != 2 {
			t.Errorf("%d server blocks, want 2:\n%s", n, block)
		}
	}
	for _, up := range []string{"1.2.3.4:53 }", "1.2.3.4\n", "/etc/resolv.conf {", " 1.2.3.4", "1.2.3.4 # x"} {
		_, err := federation.CoreDNSServerBlockWithUpstream(fed(), "cn-beijing", "", up)
		if err == nil || !strings.Contains(err.Error(), "upstream: must be one or more forward destinations") {
			t.Errorf("upstream %q: %v", up, err)
		}
	}
}

// Without the built coredns the tests fail, naming the command that builds it.
func TestCoreDNSMissingNamesItsSetup(t *testing.T) {
	t.Setenv("LOCALCLUSTER_DIR", t.TempDir())
	if _, err := validators.CoreDNS(); err == nil || !strings.Contains(err.Error(), "scripts/build-local-cluster coredns") {
		t.Errorf("%v", err)
	}
}
