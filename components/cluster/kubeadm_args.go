package cluster

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/validation"
)

// Etcd topologies of a KubeadmCluster.
const (
	// EtcdStacked runs an etcd member on every master (kubeadm's default): fewer machines, but a
	// lost master is also a lost etcd member.
	EtcdStacked = "stacked"
	// EtcdExternal runs etcd on machines of its own: more machines, and a lost master leaves etcd
	// whole.
	EtcdExternal = "external"
)

// API-server VIP options of a KubeadmCluster.
const (
	// VIPNLB is an internal Network Load Balancer across the zones: it survives a zone.
	VIPNLB = "nlb"
	// VIPKeepalived is seed 004's HAProxy + Keepalived pair sharing an HaVip. A HaVip belongs to
	// one vSwitch, so the pair and the VIP live in one zone.
	VIPKeepalived = "keepalived"
)

// APIServerPort is the port of every API server and of the VIP.
const APIServerPort = 6443

// Defaults of a KubeadmCluster: seed 004's machine sizes and an image whose kernel (Alibaba Cloud
// Linux 3, 5.10) is past the 4.19 the seed asks for. A newer DefaultImageID reaches only machines
// created later (see ImageID).
const (
	DefaultMasters           = 3
	DefaultWorkers           = 3
	DefaultKubeadmVersion    = "1.37.2"
	DefaultImageID           = "aliyun_3_x64_20G_alibase_20250117.vhd"
	DefaultMasterType        = "ecs.g7.2xlarge" // 8 vCPU, 32 GiB
	DefaultWorkerType        = "ecs.g7.2xlarge" // 8 vCPU, 32 GiB
	DefaultEtcdType          = "ecs.g7.xlarge"  // 4 vCPU, 16 GiB
	DefaultLBType            = "ecs.c7.large"   // 2 vCPU, 4 GiB
	DefaultMasterDiskGiB     = 150
	DefaultWorkerDiskGiB     = 500
	DefaultEtcdDiskGiB       = 100
	DefaultLBDiskGiB         = 50
	DefaultPodCidr           = "192.168.0.0/16"
	DefaultKubeadmServiceNet = "10.96.0.0/12"
	DefaultCalicoVersion     = "v3.29.1"
	DefaultImageRepository   = "registry.aliyuncs.com/google_containers"
	DefaultPackageMirror     = "https://mirrors.aliyun.com/kubernetes-new/core/stable"
)

// KubeadmSpec is what a stack file says about a self-managed cluster (zonestack:selfManaged),
// each field under its stack-file key. Zero values mean "use the default".
type KubeadmSpec struct {
	// Masters is 3 or 5. Optional, default 3.
	Masters int `json:"masters,omitempty" pulumi:"masters"`
	// Etcd is stacked (default) or external.
	Etcd string `json:"etcd,omitempty" pulumi:"etcd"`
	// EtcdMembers is the size of an external etcd cluster: 3 or 5. Optional, default 3.
	EtcdMembers int `json:"etcdMembers,omitempty" pulumi:"etcdMembers"`
	// Workers is the number of workers, one per zone in turn. Optional, default 3.
	Workers int `json:"workers,omitempty" pulumi:"workers"`
	// VIP is nlb (default) or keepalived.
	VIP string `json:"vip,omitempty" pulumi:"vip"`
	// PublicEndpoint adds an Internet-facing NLB in front of the masters' API servers, beside
	// the internal VIP, which the machines keep using: what a `pulumi up` from outside the VPC
	// needs (a first `up` always is: the VPC is made with the cluster). A security group of its
	// own lets only AuthorizedNetworks through. The API server's certificate names the internal
	// VIP, and the kubeconfig asks for that name over the public address (tls-server-name), so
	// turning it on for a running cluster changes no machine. Needs vip nlb. Optional, default
	// false.
	PublicEndpoint bool `json:"publicEndpoint,omitempty" pulumi:"publicEndpoint"`
	// AuthorizedNetworks are the source CIDRs the public endpoint accepts on port 6443.
	// Required with PublicEndpoint; a range reserved for examples (RFC 5737) is refused at
	// `pulumi up`.
	AuthorizedNetworks []string `json:"authorizedNetworks,omitempty" pulumi:"authorizedNetworks"`
	// KubernetesVersion is a release such as 1.37.2. Optional, default 1.37.2.
	KubernetesVersion string `json:"kubernetesVersion,omitempty" pulumi:"kubernetesVersion"`
	// ImageID is the machines' image; its kernel must be 4.19 or later. Optional, default
	// Alibaba Cloud Linux 3.
	//
	// Only machines created later take a new image (or a newer DefaultImageID): a running machine
	// ignores it (MachineIgnoreChanges), since the provider would re-image it in place with
	// ReplaceSystemDisk, an empty disk on every machine at once. To move a machine to a new image
	// deliberately, do it by hand, one machine at a time, each Ready again (a master's etcd member
	// healthy again) before the next: `kubectl drain` it; on a master, `kubeadm reset` on it, which
	// removes its etcd member; `kubectl delete node` it; then `pulumi up --replace <its URN>
	// --target <its URN>`, and the new machine joins with the new image. Not master 0: its first
	// boot runs kubeadm init, so a new master 0 would start a cluster of its own.
	ImageID string `json:"imageId,omitempty" pulumi:"imageId"`
	// Master, Worker, Etcd and LB size each role. Optional, defaults seed 004's. A new
	// instanceType is applied in place: the provider stops the machine, changes its type and
	// starts it (every machine of the role at once); a larger diskGiB grows the disk online.
	Master      Machine `json:"master,omitempty" pulumi:"master"`
	Worker      Machine `json:"worker,omitempty" pulumi:"worker"`
	EtcdMachine Machine `json:"etcdMachine,omitempty" pulumi:"etcdMachine"`
	LB          Machine `json:"lb,omitempty" pulumi:"lb"`
	// PodCidr is the pods' range (Calico). Optional, default 192.168.0.0/16; must not overlap the
	// VPC.
	PodCidr string `json:"podCidr,omitempty" pulumi:"podCidr"`
	// ServiceCidr is the Services' range. Optional, default 10.96.0.0/12; must not overlap the
	// VPC or PodCidr.
	ServiceCidr string `json:"serviceCidr,omitempty" pulumi:"serviceCidr"`
	// ImageRepository serves the control plane's images. Optional, default Alibaba Cloud's mirror
	// of registry.k8s.io.
	ImageRepository string `json:"imageRepository,omitempty" pulumi:"imageRepository"`
	// PackageMirror serves the kubeadm, kubelet and kubectl packages (pkgs.k8s.io layout).
	// Optional, default Alibaba Cloud's mirror.
	PackageMirror string `json:"packageMirror,omitempty" pulumi:"packageMirror"`
	// KeyName is an ECS key pair for SSH. Optional. A change is applied in place: the provider
	// swaps the key pair and reboots each machine (every machine at once).
	KeyName string `json:"keyName,omitempty" pulumi:"keyName"`
}

// KubeadmClusterArgs are the inputs of a KubeadmCluster: its spec, and what the stack around it
// decides (name, zones, vSwitches, VPC, security group, HA, tags). Zero values mean "use the
// default".
type KubeadmClusterArgs struct {
	KubeadmSpec
	// Name prefixes the instances' names and is the cluster's name. Required.
	Name string `pulumi:"name"`
	// Zones and VSwitches place the machines: masters, etcd members and workers one per zone in
	// turn. Required; VSwitches are the zones' node vSwitches, in the same order.
	Zones     []string        `pulumi:"zones"`
	VSwitches []KubeadmSubnet `pulumi:"vswitches"`
	// VpcID is the VPC of the vSwitches. Required.
	VpcID pulumi.StringInput `pulumi:"vpcId"`
	// SecurityGroupID is the machines' security group. Required.
	SecurityGroupID pulumi.StringInput `pulumi:"securityGroupId"`
	// HA requires a topology that survives the loss of any one zone. Optional, default true.
	HA *bool `pulumi:"ha"`
	// ProviderFromVPC makes Provider talk to the internal VIP even when there is a public
	// endpoint, for a program that runs inside the VPC. Optional, default false: the public
	// endpoint when there is one.
	ProviderFromVPC bool `pulumi:"providerFromVpc"`
	// Tags are added to every instance.
	Tags map[string]string `pulumi:"tags"`
}

// KubeadmSubnet is a zone's vSwitch: its ID and CIDR (machines get fixed addresses in it).
type KubeadmSubnet struct {
	ID   pulumi.StringInput `pulumi:"id"`
	Cidr string             `pulumi:"cidr"`
}

// Machine sizes one role.
type Machine struct {
	// InstanceType is the ECS instance type, such as ecs.g7.2xlarge.
	InstanceType string `json:"instanceType,omitempty" pulumi:"instanceType"`
	// DiskGiB is the system disk (ESSD).
	DiskGiB int `json:"diskGiB,omitempty" pulumi:"diskGiB"`
}

// Host is one planned machine: its role, index, zone and fixed private address.
type Host struct {
	Role    string
	Index   int
	Zone    string
	ZoneIdx int
	Address string
}

// Name is the host's name: <cluster>-<role>-<index>.
func (h Host) Name(cluster string) string { return fmt.Sprintf("%s-%s-%d", cluster, h.Role, h.Index) }

// Roles of a KubeadmCluster's hosts.
const (
	RoleMaster = "master"
	RoleEtcd   = "etcd"
	RoleWorker = "worker"
	RoleLB     = "lb"
)

// KubeadmPlan is where every machine goes, known before anything exists.
type KubeadmPlan struct {
	Masters, Etcd, Workers, LBs []Host
	// HaVip is the keepalived VIP's address, in the LB hosts' zone; empty with an NLB.
	HaVip string
}

// hostOffsets are where each role's fixed addresses start in a vSwitch; ECS keeps the first
// addresses of a vSwitch for itself.
var hostOffsets = map[string]int{RoleMaster: 10, RoleEtcd: 20, RoleWorker: 30, RoleLB: 40}

const haVipOffset = 50

func (a KubeadmClusterArgs) withDefaults() KubeadmClusterArgs {
	out := a
	out.KubeadmSpec = a.KubeadmSpec.withDefaults()
	return out
}

func (s KubeadmSpec) withDefaults() KubeadmSpec {
	out := s
	if out.Masters == 0 {
		out.Masters = DefaultMasters
	}
	if out.Etcd == "" {
		out.Etcd = EtcdStacked
	}
	if out.EtcdMembers == 0 && out.Etcd == EtcdExternal {
		out.EtcdMembers = 3
	}
	if out.Workers == 0 {
		out.Workers = DefaultWorkers
	}
	if out.VIP == "" {
		out.VIP = VIPNLB
	}
	if out.KubernetesVersion == "" {
		out.KubernetesVersion = DefaultKubeadmVersion
	}
	if out.ImageID == "" {
		out.ImageID = DefaultImageID
	}
	def := func(m Machine, typ string, disk int) Machine {
		if m.InstanceType == "" {
			m.InstanceType = typ
		}
		if m.DiskGiB == 0 {
			m.DiskGiB = disk
		}
		return m
	}
	out.Master = def(out.Master, DefaultMasterType, DefaultMasterDiskGiB)
	out.Worker = def(out.Worker, DefaultWorkerType, DefaultWorkerDiskGiB)
	out.EtcdMachine = def(out.EtcdMachine, DefaultEtcdType, DefaultEtcdDiskGiB)
	out.LB = def(out.LB, DefaultLBType, DefaultLBDiskGiB)
	if out.PodCidr == "" {
		out.PodCidr = DefaultPodCidr
	}
	if out.ServiceCidr == "" {
		out.ServiceCidr = DefaultKubeadmServiceNet
	}
	if out.ImageRepository == "" {
		out.ImageRepository = DefaultImageRepository
	}
	if out.PackageMirror == "" {
		out.PackageMirror = DefaultPackageMirror
	}
	return out
}

// KubeadmDefaults returns args with every default applied.
func KubeadmDefaults(args KubeadmClusterArgs) KubeadmClusterArgs { return args.withDefaults() }

func (a KubeadmClusterArgs) highlyAvailable() bool { return a.HA == nil || *a.HA }

var (
	k8sVersion     = regexp.MustCompile(`^1\.(\d+)\.\d+$`)
	clusterNameRex = regexp.MustCompile(`^[a-z][-a-z0-9]{1,40}$`)
	ecsType        = regexp.MustCompile(`^ecs\.[a-z0-9-]+\.[a-z0-9-]+$`)
	// oldKernelImage are images whose kernel is older than 4.19 (seed 004's CentOS 7.8 has 3.10).
	oldKernelImage = regexp.MustCompile(`(?i)^(centos_7|centos_6|rhel_7|ubuntu_16)`)
)

// Validate reports every problem with the args, defaults applied: the spec's
// (KubeadmSpec.Validate) and those of the fields the stack decides.
func (a KubeadmClusterArgs) Validate() error {
	a = a.withDefaults()
	_, err := a.plan()
	return err
}

// PlanKubeadm returns where args put every machine, or every problem with args.
func PlanKubeadm(args KubeadmClusterArgs) (KubeadmPlan, error) {
	return args.withDefaults().plan()
}

// ValidateKubeadmName reports a problem with name as a self-managed cluster's name, at the empty
// field path: the caller merges it under the key the name comes from (validation.List.Merge).
func ValidateKubeadmName(name string) error {
	var l validation.List
	if !clusterNameRex.MatchString(name) {
		l.Invalid("", name, "must be 2 to 41 lower-case letters, digits or '-', starting with a letter")
	}
	return l.Err()
}

// ValidateKubeadmSubnet reports a problem with cidr as the CIDR of a zone's vSwitch for the
// machines, at the empty field path: the caller merges it under the key the CIDR comes from.
func ValidateKubeadmSubnet(cidr string) error {
	var l validation.List
	if _, ok := kubeadmSubnet(cidr); !ok {
		l.Invalid("", cidr, "must be a CIDR of /26 or larger: the plan puts machines from its 10th address on")
	}
	return l.Err()
}

// kubeadmSubnet is cidr parsed, and whether it can hold the plan's machines.
func kubeadmSubnet(cidr string) (netip.Prefix, bool) {
	p, err := netip.ParsePrefix(cidr)
	return p, err == nil && p.Bits() <= 26
}

// Validate reports every problem with the spec, defaults applied, at its stack-file keys. ha,
// zones and vswitches are the stack's: whether the control plane must survive the loss of a zone,
// the zones the machines go to, and the zones' node vSwitches, whose CIDRs the spec's ranges must
// not overlap (a CIDR that cannot hold the machines is ValidateKubeadmSubnet's to report).
func (s KubeadmSpec) Validate(ha bool, zones []string, vswitches []KubeadmSubnet) error {
	var l validation.List
	s.withDefaults().validate(&l, ha, zones, vswitches)
	return l.Err()
}

func (s KubeadmSpec) validate(l *validation.List, ha bool, zones []string, vswitches []KubeadmSubnet) {
	switch s.Masters {
	case 1, 3, 5:
	default:
		l.Invalid("masters", s.Masters, "must be 3 or 5 (1 without HA): an even number of etcd members tolerates no more failures than one fewer, and splits on a network partition")
	}
	if s.Masters == 1 && ha {
		l.Invalid("masters", s.Masters, "a single master is no HA control plane; use 3 or 5, or set ha to false")
	}
	switch s.Etcd {
	case EtcdStacked:
		if s.EtcdMembers != 0 {
			l.Invalid("etcdMembers", s.EtcdMembers, "applies only to external etcd; stacked etcd has one member per master")
		}
	case EtcdExternal:
		if s.EtcdMembers != 3 && s.EtcdMembers != 5 {
			l.Invalid("etcdMembers", s.EtcdMembers, "must be 3 or 5: an even number of members tolerates no more failures than one fewer")
		}
	default:
		l.Invalid("etcd", s.Etcd, "must be %s or %s", EtcdStacked, EtcdExternal)
	}
	switch s.VIP {
	case VIPNLB:
		if len(zones) < 2 {
			l.Invalid("vip", s.VIP, "an NLB needs at least two zones")
		}
	case VIPKeepalived:
	default:
		l.Invalid("vip", s.VIP, "must be %s or %s", VIPNLB, VIPKeepalived)
	}
	if s.PublicEndpoint && s.VIP != VIPNLB {
		l.Invalid("publicEndpoint", true, "needs vip %s: the public endpoint is an Internet-facing NLB beside the internal one", VIPNLB)
	}
	if s.PublicEndpoint && len(s.AuthorizedNetworks) == 0 {
		l.Required("authorizedNetworks", "is required with publicEndpoint: the egress range of the machine that runs pulumi up; the public endpoint accepts no other source")
	}
	if !s.PublicEndpoint && len(s.AuthorizedNetworks) > 0 {
		l.Invalid("authorizedNetworks", s.AuthorizedNetworks, "limits the public endpoint, and there is none: set publicEndpoint, or remove authorizedNetworks")
	}
	for i, c := range s.AuthorizedNetworks {
		if p, err := netip.ParsePrefix(c); err != nil || !p.Addr().Is4() || p.Masked() != p {
			l.Invalid(fmt.Sprintf("authorizedNetworks[%d]", i), c, "must be an IPv4 CIDR such as 203.0.113.0/24, with no host bits set")
		}
	}
	if s.Workers < 0 || s.Workers > 100 {
		l.Invalid("workers", s.Workers, "must be 0 to 100")
	}
	if m := k8sVersion.FindStringSubmatch(s.KubernetesVersion); m == nil {
		l.Invalid("kubernetesVersion", s.KubernetesVersion, "must be a release such as 1.37.2")
	}
	if oldKernelImage.MatchString(s.ImageID) {
		l.Invalid("imageId", s.ImageID, "has a kernel older than 4.19 (seed 004's warning: 3.10 is unstable in large clusters); use Alibaba Cloud Linux 3 or another image with a 4.19+ kernel")
	}
	for _, m := range []struct {
		field string
		m     Machine
		min   int
	}{{"master", s.Master, 40}, {"worker", s.Worker, 40}, {"etcdMachine", s.EtcdMachine, 40}, {"lb", s.LB, 20}} {
		if !ecsType.MatchString(m.m.InstanceType) {
			l.Invalid(m.field+".instanceType", m.m.InstanceType, "must be an ECS instance type such as ecs.g7.2xlarge")
		}
		if m.m.DiskGiB < m.min || m.m.DiskGiB > 2048 {
			l.Invalid(m.field+".diskGiB", m.m.DiskGiB, "must be %d to 2048", m.min)
		}
	}
	pod, podErr := netip.ParsePrefix(s.PodCidr)
	svc, svcErr := netip.ParsePrefix(s.ServiceCidr)
	if podErr != nil || pod.Masked() != pod {
		l.Invalid("podCidr", s.PodCidr, "must be a CIDR such as 192.168.0.0/16")
	}
	if svcErr != nil || svc.Masked() != svc {
		l.Invalid("serviceCidr", s.ServiceCidr, "must be a CIDR such as 10.96.0.0/12")
	}
	if podErr == nil && svcErr == nil && pod.Overlaps(svc) {
		l.Invalid("serviceCidr", s.ServiceCidr, "overlaps podCidr %s", s.PodCidr)
	}
	for i, v := range vswitches {
		p, ok := kubeadmSubnet(v.Cidr)
		if !ok {
			continue
		}
		zone := ""
		if len(zones) > 0 {
			zone = zones[min(i, len(zones)-1)]
		}
		for _, other := range []struct {
			field string
			p     netip.Prefix
			err   error
		}{{"podCidr", pod, podErr}, {"serviceCidr", svc, svcErr}} {
			if other.err == nil && other.p.Overlaps(p) {
				l.Invalid(other.field, other.p.String(), "overlaps the vSwitch %s of zone %s", v.Cidr, zone)
			}
		}
	}
}

func (a KubeadmClusterArgs) plan() (KubeadmPlan, error) {
	var l validation.List
	l.Merge("name", ValidateKubeadmName(a.Name))
	if len(a.Zones) == 0 {
		l.Required("zones", "")
	}
	if len(a.VSwitches) != len(a.Zones) {
		l.Invalid("vswitches", len(a.VSwitches), "must be one per zone (%d zones)", len(a.Zones))
	}
	if a.VpcID == nil {
		l.Required("vpcId", "")
	}
	if a.SecurityGroupID == nil {
		l.Required("securityGroupId", "")
	}
	distinct := slices.Compact(slices.Sorted(slices.Values(a.Zones)))
	if a.highlyAvailable() && len(distinct) < 3 {
		l.Invalid("zones", a.Zones, "an HA control plane spans at least 3 distinct zones, so that a zone's loss leaves an etcd majority")
	}
	var subnets []netip.Prefix
	for i, v := range a.VSwitches {
		p, ok := kubeadmSubnet(v.Cidr)
		if !ok {
			l.Merge(fmt.Sprintf("vswitches[%d].cidr", i), ValidateKubeadmSubnet(v.Cidr))
			continue
		}
		if v.ID == nil {
			l.Required(fmt.Sprintf("vswitches[%d].id", i), "")
		}
		subnets = append(subnets, p)
	}
	a.KubeadmSpec.validate(&l, a.highlyAvailable(), a.Zones, a.VSwitches)
	if err := l.Err(); err != nil {
		return KubeadmPlan{}, err
	}
	place := func(role string, n int) []Host {
		var out []Host
		for i := 0; i < n; i++ {
			z := i % len(a.Zones)
			addr := subnets[z].Addr()
			for k := 0; k < hostOffsets[role]+i/len(a.Zones); k++ {
				addr = addr.Next()
			}
			out = append(out, Host{Role: role, Index: i, Zone: a.Zones[z], ZoneIdx: z, Address: addr.String()})
		}
		return out
	}
	p := KubeadmPlan{Masters: place(RoleMaster, a.Masters), Workers: place(RoleWorker, a.Workers)}
	if a.Etcd == EtcdExternal {
		p.Etcd = place(RoleEtcd, a.EtcdMembers)
	}
	if a.VIP == VIPKeepalived {
		// Both LB hosts in the first zone: a HaVip moves only within its vSwitch.
		for i := 0; i < 2; i++ {
			addr := subnets[0].Addr()
			for k := 0; k < hostOffsets[RoleLB]+i; k++ {
				addr = addr.Next()
			}
			p.LBs = append(p.LBs, Host{Role: RoleLB, Index: i, Zone: a.Zones[0], Address: addr.String()})
		}
		vip := subnets[0].Addr()
		for k := 0; k < haVipOffset; k++ {
			vip = vip.Next()
		}
		p.HaVip = vip.String()
	}
	return p, nil
}
