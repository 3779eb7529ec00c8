package cluster_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"sigs.k8s.io/yaml"

	"github.com/zonestack/zonestack/components/cluster"
	"github.com/zonestack/zonestack/internal/app/localcluster"
	"github.com/zonestack/zonestack/internal/app/validators"
)

// Every master and every external etcd member, and only they, get the renewal: its script,
// service and timer, the timer enabled once the machine has its certificates.
func TestEveryMasterAndEtcdMemberRenewsItsCertificates(t *testing.T) {
	for _, etcd := range []string{cluster.EtcdStacked, cluster.EtcdExternal} {
		t.Run(etcd, func(t *testing.T) {
			a := kubeadmArgs()
			a.Etcd, a.VIP, a.Masters = etcd, cluster.VIPKeepalived, 5
			b := bootstrap(t, a, "10.0.224.50")
			hours := map[string][]string{}
			for _, h := range slices.Concat(b.Plan.Masters, b.Plan.Etcd, b.Plan.Workers, b.Plan.LBs) {
				ud, files, err := b.UserData(h)
				if err != nil {
					t.Fatal(err)
				}
				r, renews := b.CertRenewal(h)
				if want := h.Role == cluster.RoleMaster || h.Role == cluster.RoleEtcd; renews != want {
					t.Fatalf("%s: renews %v", h.Name(a.Name), renews)
				}
				if !renews {
					if _, ok := files[cluster.CertRenewalTimer]; ok || strings.Contains(ud, "zonestack-cert-renewal") {
						t.Errorf("%s has no kubeadm certificates but a renewal", h.Name(a.Name))
					}
					continue
				}
				script, service, timer := files[cluster.CertRenewalScript], files[cluster.CertRenewalService], files[cluster.CertRenewalTimer]
				if !strings.Contains(service, "\nExecStart="+cluster.CertRenewalScript+"\n") || !strings.Contains(service, "Type=oneshot") {
					t.Errorf("%s: the service does not run the script:\n%s", h.Name(a.Name), service)
				}
				if !strings.Contains(timer, "\nOnCalendar="+r.OnCalendar+"\n") || !strings.Contains(timer, "WantedBy=timers.target") {
					t.Errorf("%s: timer\n%s", h.Name(a.Name), timer)
				}
				hours[h.Role] = append(hours[h.Role], r.OnCalendar)
				// Enabled at the end of the first boot, once init, join or the etcd phases made the
				// certificates.
				last := ud[strings.LastIndex(strings.TrimSpace(ud), "\n")+1:]
				if !strings.Contains(last, "systemctl enable --now") || !strings.Contains(last, "zonestack-cert-renewal.timer") {
					t.Errorf("%s: the timer is not enabled last: %q", h.Name(a.Name), last)
				}
				if !strings.Contains(script, `kubeadm certs renew all --config "$config"`) || !strings.Contains(script, "config="+r.Config+"\n") {
					t.Errorf("%s: the script does not renew with %s", h.Name(a.Name), r.Config)
				}
				if _, ok := files[r.Config]; !ok {
					t.Errorf("%s: the renewal reads %s, which the user data does not write", h.Name(a.Name), r.Config)
				}
				var names []string
				for _, p := range r.Restart {
					names = append(names, p.Name)
				}
				want := []string{"kube-apiserver", "kube-controller-manager", "kube-scheduler"}
				switch {
				case h.Role == cluster.RoleEtcd:
					want = []string{"etcd"}
				case etcd == cluster.EtcdStacked:
					want = append([]string{"etcd"}, want...)
				}
				if !slices.Equal(names, want) {
					t.Errorf("%s restarts %v, want %v", h.Name(a.Name), names, want)
				}
				group := len(b.Plan.Masters)
				if h.Role == cluster.RoleEtcd {
					group = len(b.Plan.Etcd)
				}
				if len(r.Peers) != group-1 {
					t.Errorf("%s checks peers %v", h.Name(a.Name), r.Peers)
				}
				if h.Role == cluster.RoleMaster && etcd == cluster.EtcdExternal {
					if _, ok := files["/etc/kubernetes/pki/etcd/ca.key"]; !ok {
						t.Errorf("%s cannot renew its etcd client certificate without the etcd CA's key", h.Name(a.Name))
					}
				}
			}
			// Staggered: no two members of a group at the same time.
			for role, hs := range hours {
				if len(slices.Compact(slices.Sorted(slices.Values(hs)))) != len(hs) {
					t.Errorf("%ss renew at the same time: %v", role, hs)
				}
			}
		})
	}
}

// kubelet renews its own client certificate: the KubeletConfiguration kubeadm init uploads (and
// every joining node takes) turns rotation on.
func TestKubeletRotatesItsClientCertificate(t *testing.T) {
	init, err := bootstrap(t, kubeadmArgs(), "nlb.example").InitConfig()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, doc := range strings.Split(init, "---\n") {
		var k struct {
			Kind               string `json:"kind"`
			RotateCertificates *bool  `json:"rotateCertificates"`
		}
		if err := yaml.Unmarshal([]byte(doc), &k); err != nil {
			t.Fatal(err)
		}
		if k.Kind == "KubeletConfiguration" {
			found = true
			if k.RotateCertificates == nil || !*k.RotateCertificates {
				t.Errorf("kubelet does not rotate its client certificate:\n%s", doc)
			}
		}
	}
	if !found {
		t.Fatalf("no KubeletConfiguration in\n%s", init)
	}
}

// The stack's client certificates (the administrator's kubeconfig, the API servers' first etcd
// client certificate) are renewed by a `pulumi up` in their last 90 days.
func TestStackClientCertificatesRenewEarly(t *testing.T) {
	a := kubeadmArgs()
	a.Etcd = cluster.EtcdExternal
	rec, _ := recordKubeadm(t, a)
	certs := rec.ByType("tls:index/locallySignedCert:LocallySignedCert")
	if len(certs) != 2 {
		t.Fatalf("%d locally signed certificates, want the administrator's and the etcd client's", len(certs))
	}
	for _, c := range certs {
		validity, early := c.Inputs["validityPeriodHours"], c.Inputs["earlyRenewalHours"]
		if !early.IsNumber() || early.NumberValue() < 30*24 || early.NumberValue() >= validity.NumberValue()/2 {
			t.Errorf("%s: early renewal %v of a validity of %v hours: want at least 30 days, and well inside the validity", c.Name, early, validity)
		}
	}
}

// The renewal script, run on a machine's files in a sandbox with the real kubeadm (chrooted there
// with --rootfs) and stand-ins for crictl and curl: it renews every kubeadm certificate when the
// soonest is due, restarts the static pods one after another, each stopped before it comes back,
// and leaves alone what it should.
func TestCertRenewalInASandbox(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Fatal("kubeadm --rootfs chroots: run the tests as root (scripts/test does)")
	}
	stacked, external := kubeadmArgs(), kubeadmArgs()
	external.Etcd = cluster.EtcdExternal
	sb, eb := sandboxBootstrap(t, stacked), sandboxBootstrap(t, external)
	const (
		dueSoon   = "240h0m0s"  // 10 days: inside the window and urgent
		dueLater  = "1440h0m0s" // 60 days: inside the window, not urgent
		yearAhead = ""          // kubeadm's default year
	)
	for _, tc := range []struct {
		name      string
		b         cluster.Bootstrap
		host      cluster.Host
		validity  string
		unhealthy bool   // a peer is unhealthy
		pending   bool   // an earlier run renewed but did not finish its restarts
		renews    bool   // the certificates are renewed
		restarts  bool   // the static pods are restarted
		says      string // the script says
	}{
		{"stacked master due", sb, sb.Plan.Masters[1], dueSoon, false, false, true, true, "certificates renewed"},
		{"stacked master far from expiry", sb, sb.Plan.Masters[1], yearAhead, false, false, false, false, "nothing to renew"},
		{"stacked master, a peer unhealthy", sb, sb.Plan.Masters[1], dueLater, true, false, false, false, "renewal postponed"},
		{"stacked master, a peer unhealthy and expiry near", sb, sb.Plan.Masters[1], dueSoon, true, false, true, true, "certificates renewed"},
		{"stacked master with restarts pending", sb, sb.Plan.Masters[1], yearAhead, false, true, false, true, "restarts pending"},
		{"external-etcd master due", eb, eb.Plan.Masters[0], dueSoon, false, false, true, true, "certificates renewed"},
		{"external etcd member due", eb, eb.Plan.Etcd[1], dueSoon, false, false, true, true, "certificates renewed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSandbox(t, tc.b, tc.host, tc.validity)
			if tc.unhealthy {
				s.write("unhealthy", s.renewal.Peers[0]+"\n", 0o644)
			}
			if tc.pending {
				s.write(strings.TrimPrefix(cluster.CertRenewalPending, "/"), fmt.Sprintln(time.Now().Add(20*24*time.Hour).Unix()), 0o644)
			}
			before := s.certificates()
			out, err := s.run()
			if err != nil {
				t.Fatalf("%v\n%s\n%s", err, out, s.readLog())
			}
			t.Logf("the script said:\n%s\ncrictl and curl saw:\n%s", out, s.readLog())
			if !strings.Contains(out, tc.says) {
				t.Errorf("the script says\n%s\nwant %q", out, tc.says)
			}
			after := s.certificates()
			s.checkRenewed(before, after, tc.renews)
			s.checkRestarts(tc.restarts, !tc.pending && tc.validity == yearAhead)
			if _, err := os.Stat(s.path(cluster.CertRenewalPending)); err == nil {
				t.Error("the pending mark is left behind")
			}
			if tc.renews {
				// --check reports the new certificates: a year, less a day's rounding.
				out, err := s.run("--check")
				if err != nil || strings.TrimSpace(out) != "364" {
					t.Errorf("--check after a renewal: %q, %v", out, err)
				}
			}
		})
	}
}

// sandboxBootstrap is a Bootstrap whose CAs last ten years, as the stack's do (the renderer tests'
// CAs last an hour, less than what kubeadm signs with them).
func sandboxBootstrap(t *testing.T, a cluster.KubeadmClusterArgs) cluster.Bootstrap {
	b := bootstrap(t, a, "10.0.224.50")
	b.CACert, b.CAKey = longCA(t, "kubernetes")
	b.EtcdCACert, b.EtcdCAKey = longCA(t, "etcd-ca")
	return b
}

func longCA(t *testing.T, cn string) (certPEM, keyPEM string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: cn},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().AddDate(10, 0, 0), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := x509.MarshalECPrivateKey(key)
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})), string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}))
}

// sandbox is one machine's filesystem under a directory: the files its user data writes, the
// certificates and kubeconfigs kubeadm makes at init, join or the etcd phases, and stand-in
// static pod manifests; and a PATH whose kubeadm is the real one chrooted there.
type sandbox struct {
	t         *testing.T
	root, bin string
	script    string
	renewal   cluster.CertRenewal
	host      cluster.Host
}

func newSandbox(t *testing.T, b cluster.Bootstrap, h cluster.Host, validity string) *sandbox {
	t.Helper()
	r, ok := b.CertRenewal(h)
	if !ok {
		t.Fatalf("%s has no renewal", h.Name(b.Args.Name))
	}
	s := &sandbox{t: t, root: t.TempDir(), bin: t.TempDir(), renewal: r, host: h}
	_, files, err := b.UserData(h)
	if err != nil {
		t.Fatal(err)
	}
	for p, content := range files {
		s.write(strings.TrimPrefix(p, "/"), content, 0o600)
	}
	kubeadm := kubeadmBinary(t)
	gen := func(config string, phases ...string) {
		// kubeadm v1beta4 sets the validity of what it signs in the ClusterConfiguration.
		if validity != "" {
			config = strings.Replace(config, "kind: ClusterConfiguration\n", "kind: ClusterConfiguration\ncertificateValidityPeriod: "+validity+"\n", 1)
		}
		s.write("gen.yaml", config, 0o600)
		for _, phase := range phases {
			args := append([]string{"--rootfs", s.root, "init", "phase"}, strings.Fields(phase)...)
			if out, err := exec.Command(kubeadm, append(args, "--config", "/gen.yaml")...).CombinedOutput(); err != nil {
				t.Fatalf("kubeadm %s: %v\n%s", strings.Join(args, " "), err, out)
			}
		}
		os.Remove(s.path("/gen.yaml"))
	}
	switch h.Role {
	case cluster.RoleMaster:
		// What kubeadm init or join leaves: every certificate and kubeconfig of a control-plane
		// node. With external etcd the etcd CA and the API servers' client certificate only (the
		// user data's client certificate is the renderer tests' stand-in: kubeadm signs a real one).
		init := fmt.Sprintf("apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\nlocalAPIEndpoint:\n  advertiseAddress: %s\n  bindPort: 6443\nnodeRegistration:\n  name: %s\n---\n", h.Address, h.Name(b.Args.Name))
		if len(b.Plan.Etcd) > 0 {
			for _, f := range []string{"apiserver-etcd-client.crt", "apiserver-etcd-client.key"} {
				os.Remove(s.path("/etc/kubernetes/pki/" + f))
			}
		}
		gen(init+b.RenewalConfig(), "certs all", "kubeconfig all")
		if len(b.Plan.Etcd) > 0 {
			for _, f := range []string{"server", "peer", "healthcheck-client"} {
				os.Remove(s.path("/etc/kubernetes/pki/etcd/" + f + ".crt"))
				os.Remove(s.path("/etc/kubernetes/pki/etcd/" + f + ".key"))
			}
		}
	case cluster.RoleEtcd:
		gen(files["/etc/kubernetes/zonestack/etcd.yaml"], "certs etcd-server", "certs etcd-peer", "certs etcd-healthcheck-client")
	}
	for _, p := range r.Restart {
		s.write("etc/kubernetes/manifests/"+p.Name+".yaml", "# stand-in for the static pod "+p.Name+"\n", 0o600)
	}
	// The script with its paths under the sandbox; its commands from the sandbox's PATH.
	s.script = filepath.Join(s.bin, "zonestack-cert-renewal")
	script := strings.ReplaceAll(files[cluster.CertRenewalScript], "/etc/kubernetes", s.root+"/etc/kubernetes")
	shim := func(name, body string) {
		if err := os.WriteFile(filepath.Join(s.bin, name), []byte("#!/bin/bash\n"+body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	manifests := `$(ls ` + s.root + `/etc/kubernetes/manifests | tr '\n' ' ')`
	shim("kubeadm", `args=(); for a in "$@"; do args+=("${a#`+s.root+`}"); done
exec `+kubeadm+` --rootfs `+s.root+` "${args[@]}"
`)
	shim("crictl", `echo "crictl $* | `+manifests+`" >>`+s.bin+`/log
`)
	shim("curl", `url=${!#}
echo "curl $url | `+manifests+`" >>`+s.bin+`/log
if grep -qxF -- "$url" `+s.root+`/unhealthy 2>/dev/null; then exit 22; fi
`)
	shim("sleep", "exit 0\n")
	if err := os.WriteFile(s.script, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	return s
}

func kubeadmBinary(t *testing.T) string {
	if p, err := exec.LookPath("kubeadm"); err == nil {
		return p
	}
	p := filepath.Join(localcluster.DefaultBinDir(), "kubeadm")
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("kubeadm is not installed; install it with: %s", validators.KubeadmSetup)
	}
	return p
}

func (s *sandbox) path(p string) string { return filepath.Join(s.root, p) }

func (s *sandbox) write(rel, content string, mode os.FileMode) {
	s.t.Helper()
	p := filepath.Join(s.root, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		s.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), mode); err != nil {
		s.t.Fatal(err)
	}
}

func (s *sandbox) run(args ...string) (string, error) {
	cmd := exec.Command("bash", append([]string{s.script}, args...)...)
	cmd.Env = append(os.Environ(), "PATH="+s.bin+":"+os.Getenv("PATH"))
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func (s *sandbox) readLog() string {
	b, _ := os.ReadFile(filepath.Join(s.bin, "log"))
	return string(b)
}

// certificate is what the sandbox holds at a path: a certificate file, or the client certificate
// of a kubeconfig.
type certificate struct {
	ca       bool
	notAfter time.Time
	raw      []byte
}

func (s *sandbox) certificates() map[string]certificate {
	s.t.Helper()
	out := map[string]certificate{}
	dir := s.path("/etc/kubernetes")
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		var block []byte
		switch {
		case strings.HasSuffix(p, ".crt"):
			block, _ = os.ReadFile(p)
		case strings.HasSuffix(p, ".conf") && !strings.Contains(rel, "/"):
			b, _ := os.ReadFile(p)
			var kc struct {
				Users []struct {
					User struct {
						Data string `json:"client-certificate-data"`
					} `json:"user"`
				} `json:"users"`
			}
			if err := yaml.Unmarshal(b, &kc); err != nil || len(kc.Users) == 0 {
				return fmt.Errorf("%s: %v", rel, err)
			}
			block, _ = base64.StdEncoding.DecodeString(kc.Users[0].User.Data)
		default:
			return nil
		}
		pb, _ := pem.Decode(block)
		if pb == nil {
			return fmt.Errorf("%s: no certificate", rel)
		}
		c, err := x509.ParseCertificate(pb.Bytes)
		if err != nil {
			return fmt.Errorf("%s: %w", rel, err)
		}
		out[rel] = certificate{ca: c.IsCA, notAfter: c.NotAfter, raw: pb.Bytes}
		return nil
	})
	if err != nil {
		s.t.Fatal(err)
	}
	return out
}

// checkRenewed: every leaf certificate and kubeconfig kubeadm made lasts a year after a renewal,
// or is unchanged without one; CAs never change. kubelet.conf is kubelet's own to rotate.
func (s *sandbox) checkRenewed(before, after map[string]certificate, renewed bool) {
	s.t.Helper()
	var leaves []string
	for p, c := range before {
		a, ok := after[p]
		switch {
		case !ok:
			s.t.Errorf("%s is gone", p)
		case c.ca || p == "kubelet.conf":
			if !bytes.Equal(a.raw, c.raw) {
				s.t.Errorf("%s changed", p)
			}
		case renewed:
			leaves = append(leaves, p)
			if time.Until(a.notAfter) < 360*24*time.Hour {
				s.t.Errorf("%s was not renewed: it expires %s", p, a.notAfter)
			}
		default:
			if !bytes.Equal(a.raw, c.raw) {
				s.t.Errorf("%s was renewed", p)
			}
		}
	}
	if !renewed {
		return
	}
	slices.Sort(leaves)
	var want []string
	switch {
	case s.host.Role == cluster.RoleEtcd:
		want = []string{"pki/etcd/healthcheck-client.crt", "pki/etcd/peer.crt", "pki/etcd/server.crt"}
	default:
		want = []string{"admin.conf", "controller-manager.conf", "pki/apiserver-etcd-client.crt", "pki/apiserver-kubelet-client.crt",
			"pki/apiserver.crt", "pki/front-proxy-client.crt", "scheduler.conf", "super-admin.conf"}
		if len(s.renewal.Restart) == 4 { // stacked etcd
			want = append(want, "pki/etcd/healthcheck-client.crt", "pki/etcd/peer.crt", "pki/etcd/server.crt")
		}
		slices.Sort(want)
	}
	if !slices.Equal(leaves, want) {
		s.t.Errorf("renewed %v, want %v", leaves, want)
	}
}

// checkRestarts: the peers are checked first; then each static pod in turn has its manifest moved
// out until crictl finds it stopped, and back before its health is checked. Without restarts,
// crictl is never called (and, far from expiry, nothing is checked at all).
func (s *sandbox) checkRestarts(restarts, quiet bool) {
	s.t.Helper()
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(s.readLog()), "\n") {
		if l != "" {
			lines = append(lines, l)
		}
	}
	if quiet && len(lines) > 0 {
		s.t.Errorf("far from expiry the script still checked:\n%s", strings.Join(lines, "\n"))
	}
	i := 0
	for _, peer := range s.renewal.Peers {
		if i >= len(lines) || !strings.HasPrefix(lines[i], "curl "+peer+" ") {
			if !quiet {
				s.t.Errorf("peer %s not checked first:\n%s", peer, strings.Join(lines, "\n"))
			}
			return
		}
		i++
	}
	if !restarts {
		if slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, "crictl") }) {
			s.t.Errorf("static pods restarted:\n%s", strings.Join(lines, "\n"))
		}
		return
	}
	for _, p := range s.renewal.Restart {
		manifest := p.Name + ".yaml"
		stopped, healthy := false, false
		for ; i < len(lines) && !healthy; i++ {
			listing := strings.Fields(lines[i][strings.Index(lines[i], "|")+1:])
			switch {
			case strings.HasPrefix(lines[i], "crictl ") && strings.Contains(lines[i], "--name ^"+p.Name+"$ "):
				if slices.Contains(listing, manifest) {
					s.t.Errorf("%s checked for stopped while its manifest is in place: %s", p.Name, lines[i])
				}
				stopped = true
			case strings.HasPrefix(lines[i], "curl "+p.Health+" ") && stopped:
				if !slices.Contains(listing, manifest) {
					s.t.Errorf("%s checked for health while its manifest is held: %s", p.Name, lines[i])
				}
				healthy = true
			default:
				s.t.Errorf("unexpected, while restarting %s: %s", p.Name, lines[i])
			}
		}
		if !stopped || !healthy {
			s.t.Errorf("%s not restarted (stopped %v, healthy %v):\n%s", p.Name, stopped, healthy, strings.Join(lines, "\n"))
			return
		}
	}
	for _, p := range s.renewal.Restart {
		if _, err := os.Stat(s.path("/etc/kubernetes/manifests/" + p.Name + ".yaml")); err != nil {
			s.t.Errorf("the manifest of %s is not back: %v", p.Name, err)
		}
	}
	if i != len(lines) {
		s.t.Errorf("after the restarts: %v", lines[i:])
	}
}
