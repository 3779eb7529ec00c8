package cluster

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"strings"

	"sigs.k8s.io/yaml"
)

// Bootstrap is what the machines' first boot needs: the plan, the VIP and the secrets. Every
// secret here reaches the machines only inside their user data, which is a Pulumi secret.
type Bootstrap struct {
	Args KubeadmClusterArgs
	Plan KubeadmPlan
	// Endpoint is the VIP's host: the NLB's DNS name or the HaVip's address.
	Endpoint string
	// Token is the bootstrap token (abcdef.0123456789abcdef).
	Token string
	// CertificateKey encrypts the control-plane certificates kubeadm uploads (64 hex digits).
	CertificateKey string
	// CACert and CAKey are the cluster CA, made once and kept in the state.
	CACert, CAKey string
	// EtcdCACert, EtcdCAKey, EtcdClientCert and EtcdClientKey are external etcd's CA and the
	// API servers' client certificate; empty when etcd is stacked.
	EtcdCACert, EtcdCAKey, EtcdClientCert, EtcdClientKey string
	// KeepalivedPass authenticates the VRRP pair (8 characters at most).
	KeepalivedPass string
}

// CACertHash is the kubeadm discovery hash of a CA certificate: sha256 of its public key.
func CACertHash(certPEM string) (string, error) {
	block, _ := pem.Decode([]byte(certPEM))
	if block == nil {
		return "", fmt.Errorf("CA certificate: no PEM block")
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return "", fmt.Errorf("CA certificate: %w", err)
	}
	sum := sha256.Sum256(cert.RawSubjectPublicKeyInfo)
	return "sha256:" + hex.EncodeToString(sum[:]), nil
}

// kubeadm's v1beta4 API, the parts zonestack writes. `kubeadm config validate` reads every
// rendered file strictly in the tests.
type (
	kubeadmArg struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	}
	bootstrapToken struct {
		Token  string   `json:"token"`
		TTL    string   `json:"ttl"`
		Groups []string `json:"groups"`
		Usages []string `json:"usages"`
	}
	apiEndpoint struct {
		AdvertiseAddress string `json:"advertiseAddress"`
		BindPort         int    `json:"bindPort"`
	}
	nodeRegistration struct {
		Name             string       `json:"name"`
		CRISocket        string       `json:"criSocket"`
		KubeletExtraArgs []kubeadmArg `json:"kubeletExtraArgs,omitempty"`
	}
	initConfiguration struct {
		APIVersion       string           `json:"apiVersion"`
		Kind             string           `json:"kind"`
		BootstrapTokens  []bootstrapToken `json:"bootstrapTokens"`
		LocalAPIEndpoint apiEndpoint      `json:"localAPIEndpoint"`
		NodeRegistration nodeRegistration `json:"nodeRegistration"`
		CertificateKey   string           `json:"certificateKey,omitempty"`
	}
	localEtcd struct {
		DataDir        string       `json:"dataDir"`
		ExtraArgs      []kubeadmArg `json:"extraArgs,omitempty"`
		ServerCertSANs []string     `json:"serverCertSANs,omitempty"`
		PeerCertSANs   []string     `json:"peerCertSANs,omitempty"`
	}
	externalEtcd struct {
		Endpoints []string `json:"endpoints"`
		CAFile    string   `json:"caFile"`
		CertFile  string   `json:"certFile"`
		KeyFile   string   `json:"keyFile"`
	}
	etcdConfig struct {
		Local    *localEtcd    `json:"local,omitempty"`
		External *externalEtcd `json:"external,omitempty"`
	}
	networking struct {
		PodSubnet     string `json:"podSubnet"`
		ServiceSubnet string `json:"serviceSubnet"`
		DNSDomain     string `json:"dnsDomain"`
	}
	apiServer struct {
		CertSANs []string `json:"certSANs,omitempty"`
	}
	clusterConfiguration struct {
		APIVersion           string     `json:"apiVersion"`
		Kind                 string     `json:"kind"`
		ClusterName          string     `json:"clusterName"`
		KubernetesVersion    string     `json:"kubernetesVersion"`
		ControlPlaneEndpoint string     `json:"controlPlaneEndpoint,omitempty"`
		ImageRepository      string     `json:"imageRepository"`
		Networking           networking `json:"networking"`
		Etcd                 etcdConfig `json:"etcd"`
		APIServer            apiServer  `json:"apiServer"`
	}
	kubeletConfiguration struct {
		APIVersion   string `json:"apiVersion"`
		Kind         string `json:"kind"`
		CgroupDriver string `json:"cgroupDriver"`
		// RotateCertificates has kubelet renew its client certificate (kubelet.conf) through the
		// certificates API before it expires; kube-controller-manager signs and kubeadm's RBAC
		// approves the renewals.
		RotateCertificates bool `json:"rotateCertificates"`
		// ServerTLSBootstrap would have kubelet request its serving certificate the same way, but
		// kube-controller-manager does not approve kubelet-serving requests (kubeadm's
		// "Certificate Management with kubeadm", kubelet serving certificates): without an
		// approver kubelet would serve no TLS at all. Off: kubelet serves a self-signed
		// certificate, which the API server does not verify.
		ServerTLSBootstrap bool `json:"serverTLSBootstrap"`
	}
	discoveryToken struct {
		APIServerEndpoint string   `json:"apiServerEndpoint"`
		Token             string   `json:"token"`
		CACertHashes      []string `json:"caCertHashes"`
	}
	joinControlPlane struct {
		LocalAPIEndpoint apiEndpoint `json:"localAPIEndpoint"`
		CertificateKey   string      `json:"certificateKey"`
	}
	joinConfiguration struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
		Discovery  struct {
			BootstrapToken discoveryToken `json:"bootstrapToken"`
		} `json:"discovery"`
		NodeRegistration nodeRegistration  `json:"nodeRegistration"`
		ControlPlane     *joinControlPlane `json:"controlPlane,omitempty"`
	}
)

const (
	kubeadmAPI = "kubeadm.k8s.io/v1beta4"
	criSocket  = "unix:///var/run/containerd/containerd.sock"
	// uploadedCertsTTL is how long kubeadm keeps uploaded control-plane certificates.
	uploadedCertsTTL = "2h"
)

func docs(objs ...any) (string, error) {
	var parts []string
	for _, o := range objs {
		b, err := yaml.Marshal(o)
		if err != nil {
			return "", err
		}
		parts = append(parts, string(b))
	}
	return strings.Join(parts, "---\n"), nil
}

func (b Bootstrap) endpoint() string { return fmt.Sprintf("%s:%d", b.Endpoint, APIServerPort) }

func (b Bootstrap) node(h Host) nodeRegistration {
	return nodeRegistration{Name: h.Name(b.Args.Name), CRISocket: criSocket,
		KubeletExtraArgs: []kubeadmArg{{Name: "node-ip", Value: h.Address}, {Name: "node-labels", Value: "topology.kubernetes.io/zone=" + h.Zone}}}
}

func (b Bootstrap) clusterConfiguration() clusterConfiguration {
	a := b.Args
	c := clusterConfiguration{
		APIVersion: kubeadmAPI, Kind: "ClusterConfiguration",
		ClusterName: a.Name, KubernetesVersion: "v" + a.KubernetesVersion,
		ControlPlaneEndpoint: b.endpoint(), ImageRepository: a.ImageRepository,
		Networking: networking{PodSubnet: a.PodCidr, ServiceSubnet: a.ServiceCidr, DNSDomain: "cluster.local"},
		APIServer:  apiServer{CertSANs: []string{b.Endpoint}},
	}
	for _, m := range b.Plan.Masters {
		c.APIServer.CertSANs = append(c.APIServer.CertSANs, m.Address)
	}
	if len(b.Plan.Etcd) > 0 {
		ext := &externalEtcd{CAFile: "/etc/kubernetes/pki/etcd/ca.crt",
			CertFile: "/etc/kubernetes/pki/apiserver-etcd-client.crt", KeyFile: "/etc/kubernetes/pki/apiserver-etcd-client.key"}
		for _, e := range b.Plan.Etcd {
			ext.Endpoints = append(ext.Endpoints, fmt.Sprintf("https://%s:2379", e.Address))
		}
		c.Etcd.External = ext
	} else {
		c.Etcd.Local = &localEtcd{DataDir: "/var/lib/etcd"}
	}
	return c
}

// InitConfig is the first master's `kubeadm init --config`.
func (b Bootstrap) InitConfig() (string, error) {
	m := b.Plan.Masters[0]
	init := initConfiguration{
		APIVersion: kubeadmAPI, Kind: "InitConfiguration",
		// The token outlives the first boot only as long as a node is missing: the masters
		// re-create it then (see the user data's refresh unit).
		BootstrapTokens: []bootstrapToken{{Token: b.Token, TTL: "24h0m0s",
			Groups: []string{"system:bootstrappers:kubeadm:default-node-token"}, Usages: []string{"signing", "authentication"}}},
		LocalAPIEndpoint: apiEndpoint{AdvertiseAddress: m.Address, BindPort: APIServerPort},
		NodeRegistration: b.node(m),
		CertificateKey:   b.CertificateKey,
	}
	// kubeadm uploads this KubeletConfiguration to the kubelet-config ConfigMap, from which every
	// joining node takes it.
	return docs(init, b.clusterConfiguration(), kubeletConfiguration{APIVersion: "kubelet.config.k8s.io/v1beta1", Kind: "KubeletConfiguration",
		CgroupDriver: "systemd", RotateCertificates: true, ServerTLSBootstrap: false})
}

// RenewalConfig is the ClusterConfiguration a master's certificate renewal reads
// (CertRenewalConfig). With stacked etcd it is the cluster's own. With external etcd it describes
// etcd as local: kubeadm leaves the API servers' etcd client certificate out of `kubeadm certs
// renew` and `check-expiration` when etcd is external (v1.37.2 reports it missing), yet it expires
// after a year like the rest; described as local, kubeadm renews it with the etcd CA, whose key the
// masters then hold. Only `kubeadm certs` reads this file: kubeadm never uses it to run etcd.
func (b Bootstrap) RenewalConfig() string {
	c := b.clusterConfiguration()
	head := "# Read by zonestack-cert-renewal only (`kubeadm certs`): the cluster's configuration is kubeadm-config.\n"
	if c.Etcd.External != nil {
		c.Etcd = etcdConfig{Local: &localEtcd{DataDir: "/var/lib/etcd"}}
		head += "# etcd is external; described as local so that kubeadm renews apiserver-etcd-client too.\n"
	}
	out, _ := docs(c)
	return head + out
}

// JoinConfig is a master's (controlPlane) or worker's `kubeadm join --config`.
func (b Bootstrap) JoinConfig(h Host) (string, error) {
	var j joinConfiguration
	j.APIVersion, j.Kind = kubeadmAPI, "JoinConfiguration"
	hash, err := CACertHash(b.CACert)
	if err != nil {
		return "", err
	}
	j.Discovery.BootstrapToken = discoveryToken{APIServerEndpoint: b.endpoint(), Token: b.Token, CACertHashes: []string{hash}}
	j.NodeRegistration = b.node(h)
	if h.Role == RoleMaster {
		j.ControlPlane = &joinControlPlane{LocalAPIEndpoint: apiEndpoint{AdvertiseAddress: h.Address, BindPort: APIServerPort}, CertificateKey: b.CertificateKey}
	}
	return docs(j)
}

// EtcdConfig is an external etcd member's configuration, for `kubeadm init phase certs etcd-*`
// and `kubeadm init phase etcd local` (kubeadm's "HA etcd cluster with kubeadm" recipe).
func (b Bootstrap) EtcdConfig(h Host) (string, error) {
	var initial []string
	for _, e := range b.Plan.Etcd {
		initial = append(initial, fmt.Sprintf("%s=https://%s:2380", e.Name(b.Args.Name), e.Address))
	}
	init := initConfiguration{APIVersion: kubeadmAPI, Kind: "InitConfiguration",
		BootstrapTokens:  []bootstrapToken{},
		LocalAPIEndpoint: apiEndpoint{AdvertiseAddress: h.Address, BindPort: APIServerPort},
		NodeRegistration: b.node(h)}
	c := clusterConfiguration{APIVersion: kubeadmAPI, Kind: "ClusterConfiguration", ClusterName: b.Args.Name,
		KubernetesVersion: "v" + b.Args.KubernetesVersion, ImageRepository: b.Args.ImageRepository,
		Networking: networking{PodSubnet: b.Args.PodCidr, ServiceSubnet: b.Args.ServiceCidr, DNSDomain: "cluster.local"},
		Etcd: etcdConfig{Local: &localEtcd{DataDir: "/var/lib/etcd",
			ServerCertSANs: []string{h.Address}, PeerCertSANs: []string{h.Address},
			ExtraArgs: []kubeadmArg{
				{Name: "initial-cluster", Value: strings.Join(initial, ",")},
				{Name: "initial-cluster-state", Value: "new"},
				{Name: "name", Value: h.Name(b.Args.Name)},
				{Name: "listen-peer-urls", Value: fmt.Sprintf("https://%s:2380", h.Address)},
				{Name: "listen-client-urls", Value: fmt.Sprintf("https://%s:2379", h.Address)},
				{Name: "advertise-client-urls", Value: fmt.Sprintf("https://%s:2379", h.Address)},
				{Name: "initial-advertise-peer-urls", Value: fmt.Sprintf("https://%s:2380", h.Address)},
			}}}}
	return docs(init, c)
}

// HAProxyConfig balances the VIP over the masters' API servers, TCP through, each checked on
// /healthz over TLS.
func (b Bootstrap) HAProxyConfig() string {
	var s strings.Builder
	fmt.Fprintf(&s, `# API-server VIP of %s, rendered by zonestack: TCP to every master, health-checked.
global
    log /dev/log local0
    maxconn 20000
    daemon

defaults
    log global
    mode tcp
    option tcplog
    timeout connect 5s
    timeout client 1h
    timeout server 1h

frontend apiserver
    bind *:%d
    default_backend masters

backend masters
    balance roundrobin
    option httpchk
    http-check connect ssl
    http-check send meth GET uri /healthz
    http-check expect status 200
    default-server inter 3s fall 3 rise 2
`, b.Args.Name, APIServerPort)
	for _, m := range b.Plan.Masters {
		fmt.Fprintf(&s, "    server %s %s:%d check verify none\n", m.Name(b.Args.Name), m.Address, APIServerPort)
	}
	return s.String()
}

// HAProxyCheckScript is keepalived's track script: the VIP stays where HAProxy runs.
const HAProxyCheckScript = "/etc/keepalived/check_haproxy.sh"

// KeepalivedConfig is one LB host's VRRP configuration: unicast to its peer (a VPC carries no
// multicast), the HaVip as the virtual address, and HAProxy tracked so that the VIP leaves a host
// whose HAProxy died.
func (b Bootstrap) KeepalivedConfig(lb Host) string {
	state, priority := "MASTER", 101
	if lb.Index != 0 {
		state, priority = "BACKUP", 100
	}
	var peers []string
	for _, other := range b.Plan.LBs {
		if other.Index != lb.Index {
			peers = append(peers, "        "+other.Address)
		}
	}
	return fmt.Sprintf(`# VRRP of the API-server VIP of %[1]s, rendered by zonestack.
global_defs {
    router_id %[2]s
    script_user root
    enable_script_security
}

vrrp_script check_haproxy {
    script "%[3]s"
    interval 2
    fall 2
    rise 2
    weight -20
}

vrrp_instance apiserver {
    state %[4]s
    interface eth0
    virtual_router_id 51
    priority %[5]d
    advert_int 1
    unicast_src_ip %[6]s
    unicast_peer {
%[7]s
    }
    authentication {
        auth_type PASS
        auth_pass %[8]s
    }
    virtual_ipaddress {
        %[9]s
    }
    track_script {
        check_haproxy
    }
}
`, b.Args.Name, lb.Name(b.Args.Name), HAProxyCheckScript, state, priority, lb.Address, strings.Join(peers, "\n"), b.KeepalivedPass, b.Plan.HaVip)
}
