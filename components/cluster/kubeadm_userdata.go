package cluster

import (
	"encoding/base64"
	"fmt"
	"path"
	"sort"
	"strings"
)

// Versions the first master installs, pinned here so that a rebuilt cluster gets the same ones.
const (
	HelmVersion = "v3.16.3"
	// CSIDriverRepo is the open-source Alibaba Cloud CSI driver; its chart's values-ecs.yaml is
	// its documented preset for a self-built cluster on ECS.
	CSIDriverRepo = "https://github.com/kubernetes-sigs/alibaba-cloud-csi-driver.git"
)

// script builds a first-boot shell script. Files travel base64-encoded so that no content can
// break the script's quoting.
type script struct {
	b     strings.Builder
	files map[string]string
}

func (s *script) line(format string, args ...any) { fmt.Fprintf(&s.b, format+"\n", args...) }

func (s *script) put(path, mode, content string) {
	if s.files == nil {
		s.files = map[string]string{}
	}
	s.files[path] = content
	s.line("put %s %s %s", mode, path, base64.StdEncoding.EncodeToString([]byte(content)))
}

// Files are the files the script writes, by path: what the validators read.
func (s *script) Files() map[string]string { return s.files }

// UserData is a host's first-boot script and the files it writes.
func (b Bootstrap) UserData(h Host) (string, map[string]string, error) {
	a := b.Args
	s := &script{}
	minor := a.KubernetesVersion[:strings.LastIndex(a.KubernetesVersion, ".")]
	s.line("#!/bin/bash")
	s.line("# %s, %s of cluster %s, rendered by zonestack: runs once, at first boot.", h.Name(a.Name), h.Role, a.Name)
	s.line("# It holds secrets (a bootstrap token, certificate keys): the user data is a Pulumi secret.")
	s.line("set -euo pipefail")
	s.line("exec >>/var/log/zonestack-bootstrap.log 2>&1")
	s.line(`put() { install -D -m "$1" /dev/null "$2"; echo "$3" | base64 -d >"$2"; }`)
	s.line("hostnamectl set-hostname %s", h.Name(a.Name))
	s.line("")
	s.line("# Seed 004: a 3.10 kernel is unstable in large clusters; refuse anything before 4.19.")
	s.line(`read -r major minor < <(uname -r | awk -F. '{print $1, $2}')`)
	s.line(`if (( major < 4 || (major == 4 && minor < 19) )); then echo "kernel $(uname -r) is older than 4.19" >&2; exit 1; fi`)
	if h.Role == RoleLB {
		s.line("dnf install -y haproxy keepalived")
		s.put("/etc/haproxy/haproxy.cfg", "0644", b.HAProxyConfig())
		s.put(HAProxyCheckScript, "0755", "#!/bin/sh\n# keepalived's track script: the VIP belongs where HAProxy runs.\nexec /usr/bin/pidof haproxy >/dev/null\n")
		s.put("/etc/keepalived/keepalived.conf", "0600", b.KeepalivedConfig(h))
		s.line("systemctl enable --now haproxy keepalived")
		return s.b.String(), s.Files(), nil
	}
	s.line("")
	s.line("# kubeadm's prerequisites: no swap, the bridge and overlay modules, forwarding.")
	s.line("swapoff -a && sed -i '/ swap / s/^/#/' /etc/fstab")
	s.put("/etc/modules-load.d/k8s.conf", "0644", "overlay\nbr_netfilter\n")
	s.line("modprobe overlay && modprobe br_netfilter")
	s.put("/etc/sysctl.d/k8s.conf", "0644", "net.bridge.bridge-nf-call-iptables = 1\nnet.bridge.bridge-nf-call-ip6tables = 1\nnet.ipv4.ip_forward = 1\n")
	s.line("sysctl --system >/dev/null")
	s.line("")
	s.line("# containerd (systemd cgroups) and kubeadm, kubelet, kubectl %s.", a.KubernetesVersion)
	s.line("dnf config-manager --add-repo https://mirrors.aliyun.com/docker-ce/linux/centos/docker-ce.repo")
	s.line("sed -i 's/$releasever/8/g' /etc/yum.repos.d/docker-ce.repo")
	s.put("/etc/yum.repos.d/kubernetes.repo", "0644", fmt.Sprintf("[kubernetes]\nname=Kubernetes\nbaseurl=%[1]s/v%[2]s/rpm/\nenabled=1\ngpgcheck=1\ngpgkey=%[1]s/v%[2]s/rpm/repodata/repomd.xml.key\n", a.PackageMirror, minor))
	s.line("dnf install -y containerd.io kubelet-%[1]s kubeadm-%[1]s kubectl-%[1]s", a.KubernetesVersion)
	s.line("containerd config default >/etc/containerd/config.toml")
	s.line("sed -i -e 's/SystemdCgroup = false/SystemdCgroup = true/' -e 's#sandbox_image = .*#sandbox_image = \"%s/pause:3.10\"#' /etc/containerd/config.toml", a.ImageRepository)
	s.line("systemctl enable --now containerd kubelet")
	s.line("")
	// joinLoop retries a join until it succeeds: the VIP may not answer yet, uploaded
	// certificates may have expired (the masters upload them again while a master is missing),
	// and an etcd learner that could not be promoted leaves a node to reset first.
	joinLoop := func(config string) {
		s.line("# Retry until the cluster takes this node: up to six hours.")
		s.line("for attempt in $(seq 1 72); do")
		s.line("  if kubeadm join --config %s; then break; fi", config)
		s.line("  kubeadm reset -f || true")
		s.line("  if (( attempt == 72 )); then echo 'giving up on kubeadm join' >&2; exit 1; fi")
		s.line("  sleep 300")
		s.line("done")
	}
	switch {
	case h.Role == RoleEtcd:
		cfg, err := b.EtcdConfig(h)
		if err != nil {
			return "", nil, err
		}
		s.line("# An external etcd member: kubelet runs its static pod with no API server.")
		s.put("/etc/systemd/system/kubelet.service.d/20-etcd-service-manager.conf", "0644",
			"[Service]\nExecStart=\nExecStart=/usr/bin/kubelet --address=127.0.0.1 --pod-manifest-path=/etc/kubernetes/manifests --container-runtime-endpoint="+criSocket+" --cgroup-driver=systemd\nRestart=always\n")
		s.line("systemctl daemon-reload && systemctl restart kubelet")
		s.put("/etc/kubernetes/pki/etcd/ca.crt", "0644", b.EtcdCACert)
		s.put("/etc/kubernetes/pki/etcd/ca.key", "0600", b.EtcdCAKey)
		s.put("/etc/kubernetes/zonestack/etcd.yaml", "0600", cfg)
		for _, phase := range []string{"certs etcd-server", "certs etcd-peer", "certs etcd-healthcheck-client", "etcd local"} {
			s.line("kubeadm init phase %s --config /etc/kubernetes/zonestack/etcd.yaml", phase)
		}
		b.putCertRenewal(s, h)
		s.line("systemctl daemon-reload && systemctl enable --now %s", path.Base(CertRenewalTimer))
		return s.b.String(), s.Files(), nil
	case h.Role == RoleMaster:
		if len(b.Plan.Etcd) > 0 {
			s.put("/etc/kubernetes/pki/etcd/ca.crt", "0644", b.EtcdCACert)
			// The etcd CA's key lets the master renew its etcd client certificate itself (see
			// RenewalConfig); with stacked etcd every master holds it too.
			s.put("/etc/kubernetes/pki/etcd/ca.key", "0600", b.EtcdCAKey)
			s.put("/etc/kubernetes/pki/apiserver-etcd-client.crt", "0644", b.EtcdClientCert)
			s.put("/etc/kubernetes/pki/apiserver-etcd-client.key", "0600", b.EtcdClientKey)
		}
		s.put("/usr/local/sbin/zonestack-refresh", "0700", b.refreshScript())
		s.put("/etc/systemd/system/zonestack-refresh.service", "0644", "[Unit]\nDescription=Keep the bootstrap token and control-plane certificates available while a node of the cluster is missing\n\n[Service]\nType=oneshot\nExecStart=/usr/local/sbin/zonestack-refresh\n")
		s.put("/etc/systemd/system/zonestack-refresh.timer", "0644", "[Timer]\nOnBootSec=15min\nOnUnitActiveSec=30min\n\n[Install]\nWantedBy=timers.target\n")
		s.put(CertRenewalConfig, "0600", b.RenewalConfig())
		b.putCertRenewal(s, h)
		if h.Index == 0 {
			init, err := b.InitConfig()
			if err != nil {
				return "", nil, err
			}
			// The cluster CA is made once, in the state, so that joins can check it by hash.
			s.put("/etc/kubernetes/pki/ca.crt", "0644", b.CACert)
			s.put("/etc/kubernetes/pki/ca.key", "0600", b.CAKey)
			s.put("/etc/kubernetes/zonestack/kubeadm.yaml", "0600", init)
			if len(b.Plan.Etcd) > 0 {
				// External etcd boots alongside: kubeadm init needs a healthy member first.
				s.line("# Wait for the external etcd cluster (up to 30 minutes).")
				s.line("for attempt in $(seq 1 180); do")
				for _, e := range b.Plan.Etcd {
					s.line("  curl -fsS --cacert /etc/kubernetes/pki/etcd/ca.crt --cert /etc/kubernetes/pki/apiserver-etcd-client.crt --key /etc/kubernetes/pki/apiserver-etcd-client.key https://%s:2379/health && break", e.Address)
				}
				s.line("  sleep 10")
				s.line("done")
			}
			s.line("# kubeadm init, retried after a reset: a first boot can meet a registry or mirror hiccup.")
			s.line("for attempt in $(seq 1 5); do")
			s.line("  if kubeadm init --config /etc/kubernetes/zonestack/kubeadm.yaml --upload-certs; then break; fi")
			s.line("  kubeadm reset -f || true")
			s.line("  if (( attempt == 5 )); then echo 'giving up on kubeadm init' >&2; exit 1; fi")
			s.line("  sleep 60")
			s.line("done")
			s.line("export KUBECONFIG=/etc/kubernetes/admin.conf")
			s.line("")
			s.line("# Calico for the pod network, on %s.", a.PodCidr)
			s.line("curl -fsSL -o /tmp/calico.yaml https://raw.githubusercontent.com/projectcalico/calico/%s/manifests/calico.yaml", DefaultCalicoVersion)
			s.line(`sed -i -e 's|# - name: CALICO_IPV4POOL_CIDR|- name: CALICO_IPV4POOL_CIDR|' -e 's|#   value: "192.168.0.0/16"|  value: "%s"|' /tmp/calico.yaml`, a.PodCidr)
			s.line("kubectl apply -f /tmp/calico.yaml")
			s.line("")
			s.line("# The Alibaba Cloud disk CSI driver, acting with the instances' RAM role, so that the")
			s.line("# zonal ESSD class and stateful services work as on ACK.")
			s.line("curl -fsSL https://get.helm.sh/helm-%s-linux-amd64.tar.gz | tar -xz -C /usr/local/bin --strip-components=1 linux-amd64/helm", HelmVersion)
			s.line("dnf install -y git && git clone --depth 1 %s /opt/alibaba-cloud-csi-driver", CSIDriverRepo)
			s.line("helm upgrade --install alibaba-cloud-csi-driver /opt/alibaba-cloud-csi-driver/deploy/chart --namespace kube-system --values /opt/alibaba-cloud-csi-driver/deploy/chart/values-ecs.yaml --set deploy.accessKey.enabled=false")
		} else {
			cfg, err := b.JoinConfig(h)
			if err != nil {
				return "", nil, err
			}
			s.put("/etc/kubernetes/zonestack/cluster.yaml", "0600", b.clusterOnly())
			s.put("/etc/kubernetes/zonestack/join.yaml", "0600", cfg)
			joinLoop("/etc/kubernetes/zonestack/join.yaml")
		}
		s.line("systemctl daemon-reload && systemctl enable --now zonestack-refresh.timer %s", path.Base(CertRenewalTimer))
		return s.b.String(), s.Files(), nil
	default:
		cfg, err := b.JoinConfig(h)
		if err != nil {
			return "", nil, err
		}
		s.put("/etc/kubernetes/zonestack/join.yaml", "0600", cfg)
		joinLoop("/etc/kubernetes/zonestack/join.yaml")
		return s.b.String(), s.Files(), nil
	}
}

// clusterOnly is the ClusterConfiguration alone, which `kubeadm init phase upload-certs` reads on a
// master that joined (it finds the external etcd's certificates through it).
func (b Bootstrap) clusterOnly() string {
	out, _ := docs(b.clusterConfiguration())
	return out
}

// refreshScript runs on every master every 30 minutes. While the cluster has fewer nodes than
// planned it keeps the bootstrap token alive, and while it has fewer masters it uploads the
// control-plane certificates again (kubeadm deletes them two hours after an upload): a master or
// worker that boots late, or is replaced, can still join.
func (b Bootstrap) refreshScript() string {
	tokenID, _, _ := strings.Cut(b.Token, ".")
	config := "/etc/kubernetes/zonestack/cluster.yaml"
	return fmt.Sprintf(`#!/bin/bash
# Rendered by zonestack for cluster %[1]s.
set -euo pipefail
export KUBECONFIG=/etc/kubernetes/admin.conf
[ -f /etc/kubernetes/zonestack/kubeadm.yaml ] && config=/etc/kubernetes/zonestack/kubeadm.yaml || config=%[2]s
nodes=$(kubectl get nodes --no-headers | wc -l)
masters=$(kubectl get nodes -l node-role.kubernetes.io/control-plane --no-headers | wc -l)
if (( nodes < %[3]d )) && ! kubeadm token list -o jsonpath='{.token}{"\n"}' | grep -q '^%[4]s\.'; then
  kubeadm token create %[5]s --ttl 2h
fi
if (( masters < %[6]d )); then
  # uploaded certificates last %[7]s
  kubeadm init phase upload-certs --upload-certs --certificate-key %[8]s --config "$config"
fi
`, b.Args.Name, config, len(b.Plan.Masters)+len(b.Plan.Workers), tokenID, b.Token, len(b.Plan.Masters), uploadedCertsTTL, b.CertificateKey)
}

// RenderedFiles are the validator-checked files of every host, by "<host>:<path>", sorted keys.
func (b Bootstrap) RenderedFiles() (map[string]string, error) {
	out := map[string]string{}
	var hosts []Host
	hosts = append(hosts, b.Plan.Masters...)
	hosts = append(hosts, b.Plan.Etcd...)
	hosts = append(hosts, b.Plan.Workers...)
	hosts = append(hosts, b.Plan.LBs...)
	for _, h := range hosts {
		ud, files, err := b.UserData(h)
		if err != nil {
			return nil, err
		}
		out[h.Name(b.Args.Name)+":user-data"] = ud
		paths := make([]string, 0, len(files))
		for p := range files {
			paths = append(paths, p)
		}
		sort.Strings(paths)
		for _, p := range paths {
			out[h.Name(b.Args.Name)+":"+p] = files[p]
		}
	}
	return out, nil
}

// Certificate renewal. kubeadm's leaf certificates (the API server's, its kubelet and etcd client
// certificates, the front proxy's, etcd's server, peer and health-check certificates, and those in
// admin.conf, super-admin.conf, controller-manager.conf and scheduler.conf) last one year, and
// kubeadm renews them only during `kubeadm upgrade` (kubeadm's "Certificate Management with
// kubeadm"); a cluster left alone for a year stops. Every master and external etcd member runs a
// daily timer that renews them when the soonest has fewer than RenewBeforeDays left.
const (
	CertRenewalScript  = "/usr/local/sbin/zonestack-cert-renewal"
	CertRenewalService = "/etc/systemd/system/zonestack-cert-renewal.service"
	CertRenewalTimer   = "/etc/systemd/system/zonestack-cert-renewal.timer"
	// CertRenewalConfig is the kubeadm configuration a master's renewal reads (RenewalConfig).
	CertRenewalConfig = "/etc/kubernetes/zonestack/renewal.yaml"
	// CertRenewalPending marks a renewal whose restarts have not all finished: the next run
	// restarts without renewing again, since the new files already show a year left.
	CertRenewalPending = "/etc/kubernetes/zonestack/cert-renewal-pending"

	// RenewBeforeDays opens the renewal window 90 days before expiry: the restart happens about
	// once a year per machine (not every month, and not after a `kubeadm upgrade`, which renews
	// too), and a failing renewal has 90 daily retries, and weeks of `kubeadm certs
	// check-expiration` warnings, before anything expires.
	RenewBeforeDays = 90
	// RenewUrgentDays: with fewer days left a renewal no longer waits for unhealthy peers, since
	// expired certificates stop the machine for good, while a restart stops it for a minute.
	RenewUrgentDays = 30
	// renewalHourUTC staggers the machines: master i at renewalHourUTC+i o'clock UTC, etcd member i
	// half an hour later (02:00 to 06:30 in China). Their certificates were made minutes apart, so
	// they enter the window the same day; an hour apart, one machine's restarts (a few minutes) are
	// over before the next begins, and the next also finds its peers healthy first.
	renewalHourUTC = 18
)

// StaticPod is a static pod a renewal restarts and the local URL that answers when it is healthy.
type StaticPod struct{ Name, Health string }

// CertRenewal is one machine's certificate renewal.
type CertRenewal struct {
	// Config is the kubeadm configuration `kubeadm certs check-expiration` and `kubeadm certs
	// renew all` read.
	Config string
	// Restart are the static pods restarted, in order, so that they load the new certificates.
	Restart []StaticPod
	// Peers are the other members of the machine's group (masters, or etcd members) and PeerCheck
	// the curl options that check one: a renewal waits while one is unhealthy.
	Peers     []string
	PeerCheck string
	// OnCalendar is when the machine's timer fires.
	OnCalendar string
}

// Health endpoints of the static pods on their own machine (kubeadm binds the controller manager
// and the scheduler to 127.0.0.1, and etcd's metrics and health to 127.0.0.1:2381).
var (
	etcdPod       = StaticPod{"etcd", "http://127.0.0.1:2381/health"}
	controlPlanes = []StaticPod{
		{"kube-apiserver", fmt.Sprintf("https://127.0.0.1:%d/readyz", APIServerPort)},
		{"kube-controller-manager", "https://127.0.0.1:10257/healthz"},
		{"kube-scheduler", "https://127.0.0.1:10259/healthz"},
	}
)

// CertRenewal is what h's renewal does; false for hosts with no kubeadm certificates (workers,
// whose kubelet rotates its own, and LB hosts).
func (b Bootstrap) CertRenewal(h Host) (CertRenewal, bool) {
	var r CertRenewal
	var group []Host
	switch h.Role {
	case RoleMaster:
		group = b.Plan.Masters
		r.Config = CertRenewalConfig
		if len(b.Plan.Etcd) == 0 {
			r.Restart = append(r.Restart, etcdPod)
		}
		r.Restart = append(r.Restart, controlPlanes...)
		r.PeerCheck = "-k"
		r.OnCalendar = fmt.Sprintf("*-*-* %02d:00:00 UTC", (renewalHourUTC+h.Index)%24)
	case RoleEtcd:
		group = b.Plan.Etcd
		r.Config = "/etc/kubernetes/zonestack/etcd.yaml"
		r.Restart = []StaticPod{etcdPod}
		r.PeerCheck = "--cacert /etc/kubernetes/pki/etcd/ca.crt --cert /etc/kubernetes/pki/etcd/healthcheck-client.crt --key /etc/kubernetes/pki/etcd/healthcheck-client.key"
		r.OnCalendar = fmt.Sprintf("*-*-* %02d:30:00 UTC", (renewalHourUTC+h.Index)%24)
	default:
		return CertRenewal{}, false
	}
	for _, p := range group {
		if p.Index == h.Index {
			continue
		}
		if h.Role == RoleMaster {
			// An API server's readiness includes its etcd (with stacked etcd, the member beside it).
			r.Peers = append(r.Peers, fmt.Sprintf("https://%s:%d/readyz", p.Address, APIServerPort))
		} else {
			r.Peers = append(r.Peers, fmt.Sprintf("https://%s:2379/health", p.Address))
		}
	}
	return r, true
}

// putCertRenewal writes h's renewal script, service and timer.
func (b Bootstrap) putCertRenewal(s *script, h Host) {
	r, ok := b.CertRenewal(h)
	if !ok {
		return
	}
	s.put(CertRenewalScript, "0700", b.certRenewalScript(h, r))
	s.put(CertRenewalService, "0644", fmt.Sprintf(`[Unit]
Description=Renew the kubeadm certificates of %[1]s before they expire, then restart its static pods
After=kubelet.service containerd.service

[Service]
Type=oneshot
ExecStart=%[2]s
TimeoutStartSec=30min
`, h.Name(b.Args.Name), CertRenewalScript))
	s.put(CertRenewalTimer, "0644", fmt.Sprintf(`[Unit]
Description=Check the kubeadm certificates of %[1]s daily, at this machine's own hour

[Timer]
OnCalendar=%[2]s
AccuracySec=1min

[Install]
WantedBy=timers.target
`, h.Name(b.Args.Name), r.OnCalendar))
}

// certRenewalScript renews h's certificates when the soonest expires within RenewBeforeDays, then
// restarts the static pods that read them, one at a time, each back healthy before the next.
// kubeadm's "Certificate Management with kubeadm": `kubeadm certs renew` must run on every
// control-plane node, and the components load the new certificates only when restarted; a static
// pod restarts when its manifest leaves /etc/kubernetes/manifests and comes back (kubelet looks
// every fileCheckFrequency, 20 s).
func (b Bootstrap) certRenewalScript(h Host, r CertRenewal) string {
	var restarts strings.Builder
	for _, p := range r.Restart {
		fmt.Fprintf(&restarts, "restart %s %s\n", p.Name, p.Health)
	}
	return fmt.Sprintf(`#!/bin/bash
# Rendered by zonestack for %[1]s (%[2]s of cluster %[3]s): renews the certificates
# kubeadm made here, which last a year, before they expire, and restarts the static pods that
# read them. zonestack-cert-renewal.timer runs it daily (%[4]s);
# "zonestack-cert-renewal --check" prints the days left on the soonest-expiring certificate.
set -euo pipefail
config=%[5]s
renew_before_days=%[6]d
urgent_days=%[7]d
pending=%[8]s
manifests=/etc/kubernetes/manifests
held=/etc/kubernetes/zonestack/held-manifests

# Days left on the soonest-expiring certificate present here (kubeadm reports seconds).
days_left() {
  kubeadm certs check-expiration --config "$config" -o jsonpath='{range .certificates[?(@.missing==false)]}{.residualTime}{"\n"}{end}' |
    sort -g | awk 'NR == 1 { printf "%%d\n", $1 / 86400 } END { if (NR == 0) print 0 }'
}
if [[ ${1:-} == --check ]]; then days_left; exit 0; fi

if [[ -e $pending ]]; then
  # An earlier run renewed but did not finish its restarts: the running components still hold the
  # certificates that expire at the time it recorded.
  read -r expires <"$pending"
  days=$(( (expires - $(date +%%s)) / 86400 ))
  echo "restarts pending since an earlier renewal; the loaded certificates have $days days left"
else
  days=$(days_left)
  if (( days >= renew_before_days )); then
    echo "the soonest certificate expires in $days days; nothing to renew before $renew_before_days"
    exit 0
  fi
fi

# One member of the group at a time: while a peer is unhealthy (restarting, or down), wait for
# tomorrow, unless expiry is near.
healthy=yes
for peer in %[9]s; do
  if ! curl -fsS --max-time 10 %[10]s "$peer" >/dev/null; then echo "peer not healthy: $peer"; healthy=no; fi
done
if [[ $healthy == no ]] && (( days >= urgent_days )); then
  echo "renewal postponed: a peer is not healthy and $days days are left"
  exit 0
fi

if [[ ! -e $pending ]]; then
  # Recorded first: from here on, the files hold new certificates and the components old ones.
  echo $(( $(date +%%s) + days * 86400 )) >"$pending"
  if ! kubeadm certs renew all --config "$config"; then rm -f "$pending"; exit 1; fi
fi

# Move a static pod's manifest out until kubelet has stopped it, then back, and wait until it
# answers healthy. A manifest still held when the script stops is put back.
mkdir -p "$held"
trap 'mv -f "$held"/*.yaml "$manifests"/ 2>/dev/null || true' EXIT
restart() {
  local name=$1 health=$2 stopped=no
  mv "$manifests/$name.yaml" "$held/"
  for _ in $(seq 1 60); do
    if [[ -z $(crictl --runtime-endpoint %[11]s ps -q --name "^$name\$") ]]; then stopped=yes; break; fi
    sleep 2
  done
  mv "$held/$name.yaml" "$manifests/"
  if [[ $stopped == no ]]; then echo "kubelet did not stop $name" >&2; return 1; fi
  for _ in $(seq 1 150); do
    if curl -fsS --max-time 5 -k "$health" >/dev/null; then echo "$name restarted"; return 0; fi
    sleep 2
  done
  echo "$name is not healthy 5 minutes after its restart" >&2
  return 1
}
%[12]srm -f "$pending"
echo "certificates renewed: $(days_left) days left"
`, h.Name(b.Args.Name), h.Role, b.Args.Name, r.OnCalendar, r.Config, RenewBeforeDays, RenewUrgentDays, CertRenewalPending,
		strings.Join(r.Peers, " "), r.PeerCheck, criSocket, restarts.String())
}
