package cluster_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/cluster"
	"github.com/zonestack/zonestack/internal/app/validators"
)

// testCA is a real CA, as the tls provider makes one.
func testCA(t *testing.T) (certPEM, keyPEM string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "kubernetes"},
		NotBefore: time.Now(), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := x509.MarshalECPrivateKey(key)
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})), string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}))
}

func kubeadmArgs() cluster.KubeadmClusterArgs {
	return cluster.KubeadmClusterArgs{
		Name:  "zs-self",
		Zones: []string{"cn-hangzhou-h", "cn-hangzhou-i", "cn-hangzhou-j"},
		VSwitches: []cluster.KubeadmSubnet{
			{ID: pulumi.String("vsw-h"), Cidr: "10.0.224.0/22"},
			{ID: pulumi.String("vsw-i"), Cidr: "10.0.228.0/22"},
			{ID: pulumi.String("vsw-j"), Cidr: "10.0.232.0/22"},
		},
		VpcID:           pulumi.String("vpc-1"),
		SecurityGroupID: pulumi.String("sg-1"),
	}
}

func bootstrap(t *testing.T, a cluster.KubeadmClusterArgs, endpoint string) cluster.Bootstrap {
	t.Helper()
	plan, err := cluster.PlanKubeadm(a)
	if err != nil {
		t.Fatal(err)
	}
	ca, caKey := testCA(t)
	etcdCA, etcdKey := testCA(t)
	return cluster.Bootstrap{Args: cluster.KubeadmDefaults(a), Plan: plan, Endpoint: endpoint,
		Token: "abcdef.0123456789abcdef", CertificateKey: strings.Repeat("0f", 32),
		CACert: ca, CAKey: caKey, EtcdCACert: etcdCA, EtcdCAKey: etcdKey, EtcdClientCert: etcdCA, EtcdClientKey: etcdKey,
		KeepalivedPass: "s3cretpw"}
}

// Every file the machines get passes the real tool that reads it: kubeadm configurations
// `kubeadm config validate`, haproxy.cfg `haproxy -c`, keepalived.conf `keepalived -t`, scripts
// `bash -n`; for both etcd topologies and both VIPs.
func TestRenderedFilesPassTheRealValidators(t *testing.T) {
	for _, tc := range []struct {
		name, etcd, vip, endpoint string
	}{
		{"stacked behind an NLB", cluster.EtcdStacked, cluster.VIPNLB, "nlb-zs-self.cn-hangzhou.nlb.aliyuncs.com"},
		{"external etcd behind keepalived", cluster.EtcdExternal, cluster.VIPKeepalived, "10.0.224.50"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := kubeadmArgs()
			a.Etcd, a.VIP = tc.etcd, tc.vip
			files, err := bootstrap(t, a, tc.endpoint).RenderedFiles()
			if err != nil {
				t.Fatal(err)
			}
			checked := map[string]int{}
			units := map[string]map[string]string{} // host: path: content
			for key, content := range files {
				host, path, _ := strings.Cut(key, ":")
				var err error
				switch {
				case strings.HasPrefix(path, "/etc/systemd/system/") && (strings.HasSuffix(path, ".service") || strings.HasSuffix(path, ".timer")):
					if units[host] == nil {
						units[host] = map[string]string{}
					}
					units[host][path] = content
				case strings.HasSuffix(path, ".yaml") && strings.Contains(path, "/zonestack/"):
					err, checked["kubeadm"] = validators.Kubeadm(content), checked["kubeadm"]+1
				case strings.HasSuffix(path, "haproxy.cfg"):
					err, checked["haproxy"] = validators.HAProxy(content), checked["haproxy"]+1
				case strings.HasSuffix(path, "keepalived.conf"):
					host, _, _ := strings.Cut(key, ":")
					track := map[string]string{cluster.HAProxyCheckScript: files[host+":"+cluster.HAProxyCheckScript]}
					err, checked["keepalived"] = validators.Keepalived(content, track), checked["keepalived"]+1
				case path == "user-data" || strings.HasSuffix(path, ".sh") || strings.HasSuffix(path, "zonestack-refresh") || path == cluster.CertRenewalScript:
					err, checked["bash"] = validators.Bash(content), checked["bash"]+1
				}
				if err != nil {
					t.Errorf("%s: %v", key, err)
				}
			}
			// The systemd units of each host, verified together (a timer names its service) with
			// the programs they run.
			for host, u := range units {
				execs := map[string]string{}
				for key, content := range files {
					if h, p, _ := strings.Cut(key, ":"); h == host && strings.HasPrefix(p, "/usr/local/sbin/") {
						execs[p] = content
					}
				}
				if err := systemdVerify(u, execs); err != nil {
					t.Errorf("%s: %v", host, err)
				}
				checked["systemd"] += len(u)
			}
			if checked["kubeadm"] == 0 || checked["bash"] == 0 || checked["systemd"] == 0 || (tc.vip == cluster.VIPKeepalived && (checked["haproxy"] != 2 || checked["keepalived"] != 2)) {
				t.Errorf("checked %v", checked)
			}
			t.Logf("checked %v", checked)
		})
	}
}

// The validators catch what they are there for.
func TestValidatorsCatchBrokenFiles(t *testing.T) {
	b := bootstrap(t, func() cluster.KubeadmClusterArgs { a := kubeadmArgs(); a.VIP = cluster.VIPKeepalived; return a }(), "10.0.224.50")
	init, err := b.InitConfig()
	if err != nil {
		t.Fatal(err)
	}
	if err := validators.Kubeadm(strings.Replace(init, "controlPlaneEndpoint", "controlPlaneEndpont", 1)); err == nil {
		t.Error("kubeadm accepted a misspelled field")
	}
	if err := validators.HAProxy(strings.Replace(b.HAProxyConfig(), "balance roundrobin", "balance sideways", 1)); err == nil {
		t.Error("haproxy accepted an unknown balance algorithm")
	}
	track := map[string]string{cluster.HAProxyCheckScript: "#!/bin/sh\nexit 0\n"}
	if err := validators.Keepalived(b.KeepalivedConfig(b.Plan.LBs[0]), track); err != nil {
		t.Errorf("keepalived refused the rendered file: %v", err)
	}
	if err := validators.Keepalived(strings.Replace(b.KeepalivedConfig(b.Plan.LBs[0]), "virtual_router_id 51", "virtual_router_id 999", 1), track); err == nil {
		t.Error("keepalived accepted a router id above 255")
	}
	if err := validators.Bash("if then fi"); err == nil {
		t.Error("bash accepted a broken script")
	}
	files, err := b.RenderedFiles()
	if err != nil {
		t.Fatal(err)
	}
	timer, service := files["zs-self-master-0:"+cluster.CertRenewalTimer], files["zs-self-master-0:"+cluster.CertRenewalService]
	execs := map[string]string{cluster.CertRenewalScript: files["zs-self-master-0:"+cluster.CertRenewalScript]}
	for what, broken := range map[string]map[string]string{
		"a calendar hour of 25": {cluster.CertRenewalTimer: strings.Replace(timer, "18:00:00", "25:00:00", 1), cluster.CertRenewalService: service},
		"a misspelled key":      {cluster.CertRenewalTimer: timer, cluster.CertRenewalService: strings.Replace(service, "TimeoutStartSec", "TimeoutStartSecs", 1)},
		"a missing program":     {cluster.CertRenewalTimer: timer, cluster.CertRenewalService: strings.Replace(service, cluster.CertRenewalScript, "/usr/local/sbin/absent", 1)},
	} {
		if err := systemdVerify(broken, execs); err == nil {
			t.Errorf("systemd-analyze verify accepted %s", what)
		}
	}
}

// systemdVerify runs `systemd-analyze verify` on units, written to a directory of their own, and
// fails on any complaint: verify exits 0 on an unknown key or a bad value it ignores, and only
// prints them. The programs a unit runs (execs, by path) are written beside the units and the
// units pointed there, since verify checks that each exists and is executable.
func systemdVerify(units, execs map[string]string) error {
	bin, err := exec.LookPath("systemd-analyze")
	if err != nil {
		return fmt.Errorf("systemd-analyze is not installed; install it with: apt-get install -y systemd")
	}
	dir, err := os.MkdirTemp("", "zonestack-systemd-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	var args []string
	for p, content := range units {
		for ep, prog := range execs {
			local := filepath.Join(dir, filepath.Base(ep))
			if err := os.WriteFile(local, []byte(prog), 0o700); err != nil {
				return err
			}
			content = strings.ReplaceAll(content, "ExecStart="+ep+"\n", "ExecStart="+local+"\n")
		}
		f := filepath.Join(dir, filepath.Base(p))
		if err := os.WriteFile(f, []byte(content), 0o644); err != nil {
			return err
		}
		args = append(args, f)
	}
	sort.Strings(args)
	out, err := exec.Command(bin, append([]string{"verify", "--man=no"}, args...)...).CombinedOutput()
	if err != nil || len(bytes.TrimSpace(out)) > 0 {
		return fmt.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
	return nil
}
