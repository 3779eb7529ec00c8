// Package etcd proves that prod's kv, as the stack renders it, forms a real etcd cluster through
// the headless Service's DNS and keeps serving writes with a majority of its members.
//
// It runs the etcd and CoreDNS that scripts/build-local-cluster builds. CoreDNS on 127.0.99.1:53
// serves the records Kubernetes DNS would serve for the headless Service (an A record per member,
// an SRV record per named port). etcd resolves with the system resolver, which reads only
// /etc/resolv.conf, as in a pod, where that file points at the cluster DNS: so each member runs in
// its own mount namespace (unshare -m, as root) whose /etc/resolv.conf is a bind mount of a file
// naming the test's CoreDNS. The host's resolv.conf is never touched.
package etcd

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"

	"github.com/zonestack/zonestack/components/workloads"
	"github.com/zonestack/zonestack/internal/app/localcluster"
	"github.com/zonestack/zonestack/internal/app/manifests"
	"github.com/zonestack/zonestack/internal/app/program"
	"github.com/zonestack/zonestack/internal/app/testutil"
	"github.com/zonestack/zonestack/internal/app/validators"
)

const (
	dnsIP = "127.0.99.1"
	// memberIP is member i's address: in a cluster each pod has its own; here each has its own
	// loopback address, so that all of them keep the ports the stack gives them.
	memberBase = 20
)

func memberIP(i int) string { return fmt.Sprintf("127.0.0.%d", memberBase+i) }

type member struct {
	name  string
	ip    string
	argv  []string
	inits [][]string
	env   []string
	cmd   *exec.Cmd
	log   *bytes.Buffer
	done  chan error
}

// TestProdKVFormsAnEtcdClusterThroughDNS is what the zone-loss report's "majority kept" rests on
// for an etcd-form service: the members, started from the rendered template alone, find each
// other through SRV records, form one cluster of three voting members, and keep serving writes
// after losing one (and stop serving them after losing two).
func TestProdKVFormsAnEtcdClusterThroughDNS(t *testing.T) {
	etcdBin := filepath.Join(localcluster.DefaultBinDir(), "etcd")
	if _, err := os.Stat(etcdBin); err != nil {
		t.Fatalf("etcd is not built at %s; build it with: scripts/build-local-cluster etcd", etcdBin)
	}
	coredns, err := validators.CoreDNS()
	if err != nil {
		t.Fatal(err)
	}
	unshare, err := exec.LookPath("unshare")
	if err != nil {
		t.Fatalf("unshare (util-linux) is needed to give each etcd its own /etc/resolv.conf: %v", err)
	}
	if os.Geteuid() != 0 {
		t.Fatal("this test runs each etcd in its own mount namespace (unshare -m, bind-mounting /etc/resolv.conf) and CoreDNS on port 53: run it as root")
	}

	set, headless := renderedKV(t)
	domain := fmt.Sprintf("%s.%s.svc.cluster.local", set.Spec.ServiceName, set.Namespace)
	replicas := int(*set.Spec.Replicas)
	if replicas != 3 {
		t.Fatalf("kv has %d replicas, want 3", replicas)
	}

	dir := t.TempDir()
	startCoreDNS(t, coredns, dir, zoneFile(set, headless, domain))
	resolv := filepath.Join(dir, "resolv.conf")
	if err := os.WriteFile(resolv, []byte("nameserver "+dnsIP+"\noptions timeout:1 attempts:3\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	if _, err := exec.LookPath("nslookup"); err != nil {
		t.Fatalf("the init containers' nslookup stands in for busybox's: install it (apt-get install dnsutils): %v", err)
	}
	members := make([]*member, replicas)
	for i := range members {
		members[i] = render(t, set, i, etcdBin, filepath.Join(dir, fmt.Sprintf("claim-%d", i)))
	}
	start := time.Now()
	for _, m := range members {
		m.start(t, unshare, resolv)
	}

	// The cluster forms: every member is healthy and lists the same three voting members.
	for _, m := range members {
		waitHealthy(t, m, 60*time.Second)
	}
	t.Logf("three members healthy after %s", time.Since(start).Round(time.Millisecond))
	// The members' probes, as rendered, are answered by the real etcd: the kubelet would find
	// each member started, alive and ready.
	probes := renderedProbes(t, set)
	for _, m := range members {
		for kind, path := range probes {
			resp, err := (&http.Client{Timeout: 2 * time.Second}).Get("http://" + m.ip + ":2379" + path)
			if err != nil {
				t.Fatalf("%s: the %s probe GET %s: %v", m.name, kind, path, err)
			}
			resp.Body.Close()
			if resp.StatusCode < 200 || resp.StatusCode >= 400 {
				t.Errorf("%s answers its %s probe GET %s with %s", m.name, kind, path, resp.Status)
			}
		}
	}
	for _, m := range members {
		var list struct {
			Members []struct {
				Name      string   `json:"name"`
				PeerURLs  []string `json:"peerURLs"`
				IsLearner bool     `json:"isLearner"`
			} `json:"members"`
		}
		post(t, m, "/v3/cluster/member/list", map[string]any{"linearizable": true}, &list, 10*time.Second)
		var names []string
		for _, x := range list.Members {
			if x.IsLearner {
				t.Errorf("%s lists %s as a learner, not a voting member", m.name, x.Name)
			}
			want := fmt.Sprintf("http://%s.%s:2380", x.Name, domain)
			if len(x.PeerURLs) != 1 || x.PeerURLs[0] != want {
				t.Errorf("%s lists %s with peer URLs %v, want [%s]", m.name, x.Name, x.PeerURLs, want)
			}
			names = append(names, x.Name)
		}
		if len(names) != 3 || !strings.Contains(strings.Join(names, ","), "kv-0") || !strings.Contains(strings.Join(names, ","), "kv-1") || !strings.Contains(strings.Join(names, ","), "kv-2") {
			t.Fatalf("%s lists members %v, want kv-0, kv-1 and kv-2", m.name, names)
		}
	}
	put(t, members[0], "zonestack", "three", 10*time.Second)

	// Losing one member keeps a majority: the other two still take writes and read them back,
	// once they have elected a leader if the lost member led (a client retries meanwhile).
	members[2].stop()
	lost := time.Now()
	for i, m := range members[:2] {
		for {
			err := tryPut(m, "zonestack", fmt.Sprintf("two-%d", i), 10*time.Second)
			if err == nil {
				break
			}
			if time.Since(lost) > 30*time.Second {
				t.Fatalf("%s refuses writes 30s after kv-2 was lost: %v", m.name, err)
			}
			time.Sleep(500 * time.Millisecond)
		}
	}
	t.Logf("kv-0 and kv-1 took writes %s after kv-2 was lost", time.Since(lost).Round(time.Millisecond))
	if got := get(t, members[0], "zonestack"); got != "two-1" {
		t.Errorf("kv-0 reads %q after kv-1's write, want two-1", got)
	}
	// The lost member comes back on its claim (its init container now waits only for its own
	// name), rejoins and catches up.
	members[2].start(t, unshare, resolv)
	waitHealthy(t, members[2], 60*time.Second)
	var got string
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(250 * time.Millisecond) {
		if got = get(t, members[2], "zonestack"); got == "two-1" || time.Now().After(deadline) {
			break
		}
	}
	if got != "two-1" {
		t.Errorf("kv-2 reads %q after rejoining, want two-1", got)
	}
	// Losing two does not keep a majority: the last member refuses writes.
	members[2].stop()
	members[1].stop()
	if err := tryPut(members[0], "zonestack", "one", 5*time.Second); err == nil {
		t.Error("kv-0 alone accepted a write: the cluster is not the three-member one the test meant")
	}
}

// renderedKV is prod's kv StatefulSet and its headless Service, as the offline plan renders them.
func renderedKV(t *testing.T) (*appsv1.StatefulSet, *corev1.Service) {
	t.Helper()
	res, err := program.Offline("../../stacks", "prod")
	if err != nil {
		t.Fatal(err)
	}
	var set *appsv1.StatefulSet
	services := map[string]*corev1.Service{}
	for _, o := range manifests.FromResult(res) {
		v, err := manifests.Decode(o)
		if err != nil {
			continue
		}
		switch x := v.(type) {
		case *appsv1.StatefulSet:
			if x.Name == "kv" {
				set = x
			}
		case *corev1.Service:
			services[x.Name] = x
		}
	}
	if set == nil {
		t.Fatal("prod renders no StatefulSet kv")
	}
	headless := services[set.Spec.ServiceName]
	if headless == nil || headless.Spec.ClusterIP != "None" || !headless.Spec.PublishNotReadyAddresses {
		t.Fatalf("kv's governing Service %q is not a headless Service that publishes members before they are ready: %+v", set.Spec.ServiceName, headless)
	}
	return set, headless
}

// zoneFile is what Kubernetes DNS serves for a headless Service of a StatefulSet: the Service's
// name with every member's address, each member's name, and an SRV record per named port with
// every member as a target (the DNS specification for Kubernetes, "Records for a Headless Service").
func zoneFile(set *appsv1.StatefulSet, svc *corev1.Service, domain string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "$ORIGIN svc.cluster.local.\n@ 5 IN SOA ns.dns.svc.cluster.local. hostmaster.svc.cluster.local. 1 7200 1800 86400 5\n@ 5 IN NS ns.dns.svc.cluster.local.\nns.dns 5 IN A %s\n", dnsIP)
	for i := range int(*set.Spec.Replicas) {
		fmt.Fprintf(&b, "%s. 5 IN A %s\n", domain, memberIP(i))
		fmt.Fprintf(&b, "%s-%d.%s. 5 IN A %s\n", set.Name, i, domain, memberIP(i))
		for _, p := range svc.Spec.Ports {
			if p.Name == "" {
				continue
			}
			fmt.Fprintf(&b, "_%s._%s.%s. 5 IN SRV 0 %d %d %s-%d.%s.\n", p.Name, strings.ToLower(string(p.Protocol)), domain, 100/int(*set.Spec.Replicas), p.Port, set.Name, i, domain)
		}
	}
	return b.String()
}

// startCoreDNS serves zone for svc.cluster.local on dnsIP, from a file in dir, until the test
// ends; the zone is shown when the test fails.
func startCoreDNS(t *testing.T, bin, dir, zone string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "db.svc"), []byte(zone), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("zone:\n%s", zone)
		}
	})
	corefile := fmt.Sprintf("svc.cluster.local:53 {\n    bind %s\n    file %s\n    log\n}\n", dnsIP, filepath.Join(dir, "db.svc"))
	testutil.StartCoreDNS(t, bin, dir, corefile, func(log string) bool { return strings.Contains(log, "CoreDNS-") })
}

// render is member i's main container as the kubelet would run it: its env (POD_NAME and
// POD_INDEX from the downward API, the rest as given) and its command and args with $(VAR)
// expanded from that env. Three substitutions stand for what a pod has and a process on this host
// has not, each checked to apply exactly where expected: the image's etcd is the local build, the
// claim's mount is a directory of the test, and 0.0.0.0 (all of the pod's own addresses) is the
// member's loopback address.
func render(t *testing.T, set *appsv1.StatefulSet, i int, etcdBin, claim string) *member {
	t.Helper()
	c := set.Spec.Template.Spec.Containers[0]
	name := fmt.Sprintf("%s-%d", set.Name, i)
	vars := map[string]string{}
	var env []string
	for _, e := range c.Env {
		v := e.Value
		if e.ValueFrom != nil {
			if e.ValueFrom.FieldRef == nil {
				t.Fatalf("%s: env %s from %+v, which the test cannot render", name, e.Name, e.ValueFrom)
			}
			switch p := e.ValueFrom.FieldRef.FieldPath; p {
			case "metadata.name":
				v = name
			case "metadata.labels['" + workloads.PodIndexLabel + "']":
				v = strconv.Itoa(i)
			case "metadata.namespace":
				v = set.Namespace
			default:
				t.Fatalf("%s: env %s from field %s, which the test cannot render", name, e.Name, p)
			}
		} else {
			v = expand(v, vars)
		}
		vars[e.Name] = v
		env = append(env, e.Name+"="+v)
	}
	argv := append(append([]string{}, c.Command...), c.Args...)
	for j := range argv {
		argv[j] = expand(argv[j], vars)
	}
	if len(argv) == 0 || filepath.Base(argv[0]) != "etcd" {
		t.Fatalf("%s runs %q, not etcd", name, argv)
	}
	argv[0] = etcdBin
	var mount string
	for _, m := range c.VolumeMounts {
		for _, ct := range set.Spec.VolumeClaimTemplates {
			if ct.Name == m.Name && strings.Contains(strings.Join(argv, " "), "--data-dir="+m.MountPath) {
				mount = m.MountPath
			}
		}
	}
	if mount == "" {
		t.Fatalf("%s keeps its data outside every claim: %q", name, argv)
	}
	listens := 0
	for j, a := range argv {
		if strings.HasPrefix(a, "--data-dir=") {
			argv[j] = "--data-dir=" + claim + strings.TrimPrefix(strings.TrimPrefix(a, "--data-dir="), mount)
		}
		if strings.HasPrefix(a, "--listen-") && strings.Contains(a, "://0.0.0.0:") {
			argv[j] = strings.ReplaceAll(a, "://0.0.0.0:", "://"+memberIP(i)+":")
			listens++
		}
	}
	if listens != 2 {
		t.Fatalf("%s: want --listen-peer-urls and --listen-client-urls on 0.0.0.0, got %q", name, argv)
	}
	m := &member{name: name, ip: memberIP(i), argv: argv, env: env}
	// The init containers run as written (same env, same claim), their busybox nslookup stood in
	// for by the host's.
	for _, ic := range set.Spec.Template.Spec.InitContainers {
		iv := append(append([]string{}, ic.Command...), ic.Args...)
		for j := range iv {
			iv[j] = strings.ReplaceAll(expand(iv[j], vars), mount, claim)
		}
		m.inits = append(m.inits, iv)
	}
	return m
}

// expand does what the kubelet does to $(VAR) in command, args and env: a defined VAR is replaced,
// $$ is a literal $, anything else is left as written.
func expand(s string, vars map[string]string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '$' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		switch s[i+1] {
		case '$':
			b.WriteByte('$')
			i++
		case '(':
			if end := strings.IndexByte(s[i:], ')'); end > 0 {
				if v, ok := vars[s[i+2:i+end]]; ok {
					b.WriteString(v)
					i += end
					continue
				}
			}
			b.WriteByte('$')
		default:
			b.WriteByte('$')
		}
	}
	return b.String()
}

func (m *member) start(t *testing.T, unshare, resolv string) {
	t.Helper()
	// In its own mount namespace, /etc/resolv.conf names the test's DNS; there the init containers
	// run, then etcd (exec'd: the process is etcd itself).
	for _, iv := range m.inits {
		args := append([]string{"-m", "sh", "-c", `mount --bind "$0" /etc/resolv.conf && exec timeout 60 "$@"`, resolv}, iv...)
		cmd := exec.Command(unshare, args...)
		cmd.Env = append([]string{"PATH=" + os.Getenv("PATH")}, m.env...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: init container %q: %v\n%s", m.name, iv, err, tail(string(out), 4000))
		}
	}
	args := append([]string{"-m", "sh", "-c", `mount --bind "$0" /etc/resolv.conf && exec "$@"`, resolv}, m.argv...)
	m.cmd = exec.Command(unshare, args...)
	m.cmd.Env = append([]string{"PATH=" + os.Getenv("PATH")}, m.env...)
	first := m.log == nil
	if first {
		m.log = &bytes.Buffer{}
	}
	m.cmd.Stdout, m.cmd.Stderr = m.log, m.log
	if err := m.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	cmd := m.cmd
	go func() { done <- cmd.Wait() }()
	m.done = done
	if first {
		t.Cleanup(func() {
			m.stop()
			if t.Failed() {
				t.Logf("%s: %q\n%s", m.name, m.argv, tail(m.log.String(), 4000))
			}
		})
	}
}

// stop kills the member (exec replaced the shell, so the process is etcd itself).
func (m *member) stop() {
	if m.cmd == nil {
		return
	}
	select {
	case err := <-m.done:
		m.done <- err
		return
	default:
	}
	_ = m.cmd.Process.Kill()
	err := <-m.done
	m.done <- err
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// renderedProbes are the HTTP paths the main container's probes ask, by kind; each must ask the
// client port (etcd-client, 2379), which is what the test serves.
func renderedProbes(t *testing.T, set *appsv1.StatefulSet) map[string]string {
	t.Helper()
	c := set.Spec.Template.Spec.Containers[0]
	out := map[string]string{}
	for kind, p := range map[string]*corev1.Probe{"startup": c.StartupProbe, "liveness": c.LivenessProbe, "readiness": c.ReadinessProbe} {
		if p == nil || p.HTTPGet == nil {
			t.Fatalf("kv has no HTTP %s probe: prod's etcd members are probed on etcd's health endpoint", kind)
		}
		if port := p.HTTPGet.Port.String(); port != "etcd-client" && port != "2379" {
			t.Fatalf("kv's %s probe asks port %s, not the client port", kind, port)
		}
		out[kind] = p.HTTPGet.Path
	}
	return out
}

func waitHealthy(t *testing.T, m *member, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	client := http.Client{Timeout: 2 * time.Second}
	for {
		select {
		case err := <-m.done:
			m.done <- err
			t.Fatalf("%s exited (%v) before the cluster formed", m.name, err)
		default:
		}
		resp, err := client.Get("http://" + m.ip + ":2379/health")
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK && strings.Contains(string(body), `"health":"true"`) {
				return
			}
			err = fmt.Errorf("%s: %s", resp.Status, body)
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s not healthy after %s: %v", m.name, d, err)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

func call(m *member, path string, in, out any, d time.Duration) error {
	body, err := json.Marshal(in)
	if err != nil {
		return err
	}
	client := http.Client{Timeout: d}
	resp, err := client.Post("http://"+m.ip+":2379"+path, "application/json", bytes.NewReader(body))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s %s: %s: %s", m.name, path, resp.Status, raw)
	}
	if out != nil {
		return json.Unmarshal(raw, out)
	}
	return nil
}

func post(t *testing.T, m *member, path string, in, out any, d time.Duration) {
	t.Helper()
	if err := call(m, path, in, out, d); err != nil {
		t.Fatal(err)
	}
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func tryPut(m *member, k, v string, d time.Duration) error {
	return call(m, "/v3/kv/put", map[string]string{"key": b64(k), "value": b64(v)}, nil, d)
}

func put(t *testing.T, m *member, k, v string, d time.Duration) {
	t.Helper()
	if err := tryPut(m, k, v, d); err != nil {
		t.Fatalf("%s refused a write: %v", m.name, err)
	}
}

func get(t *testing.T, m *member, k string) string {
	t.Helper()
	var out struct {
		KVs []struct {
			Value string `json:"value"`
		} `json:"kvs"`
	}
	post(t, m, "/v3/kv/range", map[string]string{"key": b64(k)}, &out, 10*time.Second)
	if len(out.KVs) != 1 {
		return ""
	}
	v, _ := base64.StdEncoding.DecodeString(out.KVs[0].Value)
	return string(v)
}
