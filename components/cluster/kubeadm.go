package cluster

import (
	"encoding/base64"
	"fmt"
	"maps"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/ecs"
	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/nlb"
	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/ram"
	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/vpc"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi-random/sdk/v4/go/random"
	"github.com/pulumi/pulumi-tls/sdk/v5/go/tls"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const kubeadmClusterType = "zonestack:cluster:KubeadmCluster"

// RoleTag is the instance tag that names a machine's role in a KubeadmCluster; the plan's
// zone-loss report and the policy checks read it.
const RoleTag = "zonestack:role"

// DiskPolicyActions are what the Alibaba Cloud disk CSI driver needs to create, attach and
// expand disks (its repository's docs/ram-policies/disk.json), granted to the machines' RAM role.
var DiskPolicyActions = []string{
	"ecs:AttachDisk", "ecs:DetachDisk", "ecs:DescribeDisks", "ecs:CreateDisk", "ecs:ResizeDisk", "ecs:DeleteDisk",
	"ecs:ModifyDiskSpec", "ecs:CreateSnapshot", "ecs:DeleteSnapshot", "ecs:DescribeSnapshots",
	"ecs:AddTags", "ecs:RemoveTags", "ecs:DescribeTags", "ecs:ListTagResources", "ecs:TagResources", "ecs:UntagResources",
	"ecs:DescribeInstanceAttribute", "ecs:DescribeInstances", "ecs:DescribeInstanceHistoryEvents", "ecs:DescribeTaskAttribute",
	"kms:ListAliases",
}

// KubeadmCluster is a self-managed Kubernetes control plane on ECS: masters (and external etcd
// members) one per zone in turn, behind an API-server VIP, and workers, all bootstrapped by
// kubeadm from their user data.
type KubeadmCluster struct {
	pulumi.ResourceState

	// Endpoint is the API server's address: https://<VIP>:6443.
	Endpoint pulumi.StringOutput `pulumi:"endpoint"`
	// PublicEndpoint is the Internet-facing NLB's address, https://<its DNS name>:6443; "" with
	// no public endpoint.
	PublicEndpoint pulumi.StringOutput `pulumi:"publicEndpoint"`
	// Kubeconfig is an administrator's kubeconfig (client certificate signed by the cluster CA),
	// a secret. Its server is the public endpoint when there is one, else the VIP.
	Kubeconfig pulumi.StringOutput `pulumi:"kubeconfig"`
	// CACert is the cluster CA's certificate.
	CACert pulumi.StringOutput `pulumi:"caCert"`
	// ClusterIdentifier names the cluster for its kubernetes providers (clusterIdentifier): its
	// name and its CA's.
	ClusterIdentifier pulumi.StringOutput `pulumi:"clusterIdentifier"`

	// Plan is where every machine is.
	Plan KubeadmPlan
	// Provider applies Kubernetes objects to the cluster through the VIP.
	Provider *kubernetes.Provider
	// Instances are the machines by host name.
	Instances map[string]*ecs.Instance

	haVip       *vpc.HaVipv2
	serverGroup *nlb.ServerGroup
}

// NewKubeadmCluster validates args and registers the machines, the VIP, the RAM role of the disk
// driver and the secrets of the bootstrap. On invalid args it returns every problem and registers
// nothing.
func NewKubeadmCluster(ctx *pulumi.Context, name string, args *KubeadmClusterArgs, opts ...pulumi.ResourceOption) (*KubeadmCluster, error) {
	if args == nil {
		return nil, fmt.Errorf("kubeadm cluster %q: args are required", name)
	}
	a := args.withDefaults()
	plan, err := a.plan()
	if err != nil {
		return nil, fmt.Errorf("kubeadm cluster %q: %w", name, err)
	}
	c := &KubeadmCluster{Plan: plan, Instances: map[string]*ecs.Instance{}}
	if err := ctx.RegisterComponentResource(kubeadmClusterType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	s, err := newKubeadmSecrets(ctx, name, a, len(plan.Etcd) > 0, parent)
	if err != nil {
		return nil, err
	}

	// The disk CSI driver acts with the machines' RAM role; a launch template carries the role.
	role, err := ram.NewRole(ctx, name+"-role", &ram.RoleArgs{
		RoleName:                 pulumi.String(a.Name + "-nodes"),
		AssumeRolePolicyDocument: pulumi.String(`{"Version":"1","Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":["ecs.aliyuncs.com"]}}]}`),
		Description:              pulumi.String("zonestack: the machines of " + a.Name + " manage their ESSD volumes"),
		Force:                    pulumi.Bool(true),
	}, parent)
	if err != nil {
		return nil, err
	}
	policy, err := ram.NewPolicy(ctx, name+"-disk-policy", &ram.PolicyArgs{
		PolicyName:     pulumi.String(a.Name + "-disk-csi"),
		PolicyDocument: pulumi.String(diskPolicy()),
		Description:    pulumi.String("zonestack: what the Alibaba Cloud disk CSI driver calls"),
		Force:          pulumi.Bool(true),
	}, parent)
	if err != nil {
		return nil, err
	}
	if _, err := ram.NewRolePolicyAttachment(ctx, name+"-disk-policy-attachment", &ram.RolePolicyAttachmentArgs{
		PolicyName: policy.PolicyName, PolicyType: pulumi.String("Custom"), RoleName: role.RoleName,
	}, parent); err != nil {
		return nil, err
	}
	template, err := ecs.NewEcsLaunchTemplate(ctx, name+"-template", &ecs.EcsLaunchTemplateArgs{
		LaunchTemplateName: pulumi.String(a.Name + "-nodes"),
		RamRoleName:        role.RoleName,
		Description:        pulumi.String("zonestack: the RAM role of " + a.Name + "'s machines"),
		TemplateTags:       pulumi.ToStringMap(a.Tags),
	}, parent)
	if err != nil {
		return nil, err
	}

	// One deployment set per role spreads its machines over physical hosts.
	sets := map[string]*ecs.EcsDeploymentSet{}
	for _, r := range []string{RoleMaster, RoleEtcd, RoleWorker, RoleLB} {
		if len(plan.hosts(r)) == 0 {
			continue
		}
		sets[r], err = ecs.NewEcsDeploymentSet(ctx, name+"-"+r+"-set", &ecs.EcsDeploymentSetArgs{
			DeploymentSetName: pulumi.String(a.Name + "-" + r),
			Strategy:          pulumi.String("Availability"),
			Description:       pulumi.String("zonestack: one physical host per " + r),
		}, parent)
		if err != nil {
			return nil, err
		}
	}

	endpoint, vipDeps, err := c.vip(ctx, name, a, parent)
	if err != nil {
		return nil, err
	}
	machine := func(r string) Machine {
		switch r {
		case RoleMaster:
			return a.Master
		case RoleEtcd:
			return a.EtcdMachine
		case RoleLB:
			return a.LB
		}
		return a.Worker
	}
	var all []Host
	all = append(all, plan.LBs...)
	all = append(all, plan.Etcd...)
	all = append(all, plan.Masters...)
	all = append(all, plan.Workers...)
	for _, h := range all {
		ud := s.userData(a, plan, endpoint, h)
		m := machine(h.Role)
		tags := maps.Clone(a.Tags)
		if tags == nil {
			tags = map[string]string{}
		}
		tags[RoleTag] = h.Role
		inst, err := ecs.NewInstance(ctx, name+"-"+h.Role+"-"+fmt.Sprint(h.Index), &ecs.InstanceArgs{
			InstanceType:       pulumi.String(m.InstanceType),
			ImageId:            pulumi.String(a.ImageID),
			SecurityGroups:     pulumi.StringArray{a.SecurityGroupID},
			VswitchId:          optionalInput(a.VSwitches[h.ZoneIdx].ID),
			PrivateIp:          pulumi.String(h.Address),
			InstanceName:       pulumi.String(h.Name(a.Name)),
			HostName:           pulumi.String(h.Name(a.Name)),
			SystemDiskCategory: pulumi.String("cloud_essd"),
			SystemDiskSize:     pulumi.Int(m.DiskGiB),
			DeploymentSetId:    sets[h.Role].ID().ToStringOutput(),
			// The SDK marks only the password secret; user data carries the bootstrap token and
			// the CA keys.
			UserData:           pulumi.ToSecret(ud).(pulumi.StringOutput),
			InstanceChargeType: pulumi.String("PostPaid"),
			LaunchTemplateId:   template.ID().ToStringOutput(),
			KeyName:            optional(a.KeyName),
			Tags:               pulumi.ToStringMap(tags),
		}, parent, pulumi.DependsOn(vipDeps), pulumi.IgnoreChanges(MachineIgnoreChanges))
		if err != nil {
			return nil, err
		}
		c.Instances[h.Name(a.Name)] = inst
	}
	if err := c.attachVIP(ctx, name, a, plan, parent); err != nil {
		return nil, err
	}

	c.Endpoint = pulumi.Sprintf("https://%s:%d", endpoint, APIServerPort)
	c.CACert = s.caCert.CertPem
	// The certificate names the internal VIP: over the public address, the kubeconfig asks for
	// that name (tls-server-name).
	at := func(server pulumi.StringOutput, serverName pulumi.StringInput) pulumi.StringOutput {
		return pulumi.ToSecret(pulumi.All(server, serverName, s.caCert.CertPem, s.adminCert.CertPem, s.adminKey.PrivateKeyPem).ApplyT(func(xs []any) string {
			return kubeconfig(a.Name, xs[0].(string), xs[1].(string), xs[2].(string), xs[3].(string), xs[4].(string))
		})).(pulumi.StringOutput)
	}
	internal := at(c.Endpoint, pulumi.String(""))
	c.Kubeconfig, c.PublicEndpoint = internal, pulumi.String("").ToStringOutput()
	reach := internal
	if a.PublicEndpoint {
		public, err := c.publicVIP(ctx, name, a, plan, parent)
		if err != nil {
			return nil, err
		}
		c.PublicEndpoint = pulumi.Sprintf("https://%s:%d", public, APIServerPort)
		c.Kubeconfig = at(c.PublicEndpoint, endpoint)
		if !a.ProviderFromVPC {
			reach = c.Kubeconfig
		}
	}
	// Objects for the cluster wait at least for its masters; kubeadm's bootstrap runs after that,
	// on the machines (see the README on the first pulumi up).
	var masters []pulumi.Resource
	for _, h := range plan.Masters {
		masters = append(masters, c.Instances[h.Name(a.Name)])
	}
	// The cluster is its CA: the provider, and every object it applies, is replaced only with it,
	// not when the kubeconfig moves between the VIP and the public endpoint.
	c.ClusterIdentifier = pulumi.Sprintf("kubeadm/%s/%s", a.Name, s.caCert.ID())
	c.Provider, err = kubernetes.NewProvider(ctx, name+"-k8s", &kubernetes.ProviderArgs{Kubeconfig: reach, ClusterIdentifier: c.ClusterIdentifier}, parent, pulumi.DependsOn(masters))
	if err != nil {
		return nil, err
	}
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{"endpoint": c.Endpoint, "publicEndpoint": c.PublicEndpoint, "kubeconfig": c.Kubeconfig, "caCert": c.CACert}); err != nil {
		return nil, err
	}
	return c, nil
}

// MachineIgnoreChanges are the instance inputs a running machine never takes from a later
// `pulumi up`; a machine created later takes their current values. User data runs at first boot
// only (and a change to it restarts the machine: modifyInstanceAttribute, line 2864). Each of the others comes from a default or a
// derivation of ours, and changed on a running machine it would replace the machine, rewrite its
// disk or change what kubeadm and etcd know it by (terraform-provider-alicloud v1.285.0,
// alicloud/resource_alicloud_instance.go):
//   - imageId is not ForceNew (line 41), but an update stops the machine and calls
//     ReplaceSystemDisk (modifyInstanceImage, lines 2750-2792): a new, empty system disk, with
//     stacked etcd a member's data gone, on every machine at once;
//   - systemDiskCategory is ForceNew (line 135): a replacement;
//   - launchTemplateId is ForceNew (line 669). The template's name is ForceNew on the template
//     (resource_alicloud_ecs_launch_template.go, line 162), so renaming it replaces it and, but
//     for this, every machine with it; a machine reads its template only when it is created;
//   - vswitchId and privateIp: an update stops the machine and calls ModifyInstanceVpcAttribute
//     (modifyVpcAttribute, line 2954; the stop at line 1946): a new address, while kubeadm put the
//     old one in the API server's certificate and etcd's peer URLs. The plan derives the
//     addresses (hostOffsets);
//   - hostName: an update sets HostName and restarts the machine (modifyInstanceAttribute, lines
//     2878-2882, then the stop at line 1946), every machine at once, for a name nothing uses once
//     booted (the node's name is in its kubeadm configuration).
//
// Left to follow the args, since each is applied in place and keeps the disk: instanceType
// (stop, ModifyInstanceSpec, start: modifyInstanceType, line 3039), systemDiskSize (ResizeDisk
// online, line 1819; it can only grow), keyName (the key pair is swapped and the machine
// rebooted, lines 2426-2501), deploymentSetId (ModifyInstanceDeployment without Force, line
// 2221: no move to another host) and instanceName.
var MachineIgnoreChanges = []string{"userData", "imageId", "systemDiskCategory", "launchTemplateId", "vswitchId", "privateIp", "hostName"}

// Validity of the client certificates the stack signs: the administrator's (the kubeconfig
// output) and, with external etcd, the API servers' etcd client certificate a master boots with.
// A year, like kubeadm's. The tls provider plans a replacement of a certificate within
// earlyRenewalHours of its expiry (terraform-provider-tls internal/provider/common_cert.go,
// modifyPlanIfCertificateReadyForRenewal), so any `pulumi up` in its last 90 days issues a new
// one, and one after its expiry too. early_renewal_hours itself is no RequiresReplace attribute
// (internal/provider/resource_locally_signed_cert.go; Update copies the plan), so adding it to a
// running stack issues no certificate. The etcd client certificate in the state reaches only
// masters created later (user data is ignored on running ones, which renew theirs themselves):
// renewed early, it is valid when a late master boots with it.
const (
	ClientCertValidityHours     = 8760
	ClientCertEarlyRenewalHours = 90 * 24
)

// optional is s as an input, or nil (the property is not sent) when s is empty.
func optional(s string) pulumi.StringPtrInput {
	if s == "" {
		return nil
	}
	return pulumi.String(s)
}

// optionalInput passes s to an SDK field typed StringPtrInput unchanged, or as nil (the property
// is not sent) when s is nil: a pulumi.String or pulumi.StringOutput is one already, any other
// StringInput is converted.
func optionalInput(s pulumi.StringInput) pulumi.StringPtrInput {
	if s == nil {
		return nil
	}
	if p, ok := s.(pulumi.StringPtrInput); ok {
		return p
	}
	return s.ToStringOutput()
}

// hosts are the planned hosts of a role.
func (p KubeadmPlan) hosts(role string) []Host {
	switch role {
	case RoleMaster:
		return p.Masters
	case RoleEtcd:
		return p.Etcd
	case RoleWorker:
		return p.Workers
	}
	return p.LBs
}

// vip registers the NLB, or the HaVip, and returns the VIP's host and what the machines wait for.
func (c *KubeadmCluster) vip(ctx *pulumi.Context, name string, a KubeadmClusterArgs, parent pulumi.ResourceOption) (pulumi.StringOutput, []pulumi.Resource, error) {
	if a.VIP == VIPKeepalived {
		hv, err := vpc.NewHaVipv2(ctx, name+"-havip", &vpc.HaVipv2Args{
			VswitchId:   a.VSwitches[0].ID,
			IpAddress:   pulumi.String(c.Plan.HaVip),
			HaVipName:   pulumi.String(a.Name + "-apiserver"),
			Description: pulumi.String("zonestack: the API-server VIP of " + a.Name + ", held by keepalived"),
		}, parent)
		if err != nil {
			return pulumi.StringOutput{}, nil, err
		}
		c.haVip = hv
		return pulumi.String(c.Plan.HaVip).ToStringOutput(), []pulumi.Resource{hv}, nil
	}
	front, err := newMastersNLB(ctx, name, a, internalNLB, nil, parent)
	if err != nil {
		return pulumi.StringOutput{}, nil, err
	}
	c.serverGroup = front.group
	return front.lb.DnsName, []pulumi.Resource{front.lb, front.listener}, nil
}

// publicVIP registers the Internet-facing NLB of the public endpoint, in front of the masters
// (which exist by then), with a security group that lets only the authorized networks reach port
// 6443. It returns the NLB's DNS name.
func (c *KubeadmCluster) publicVIP(ctx *pulumi.Context, name string, a KubeadmClusterArgs, plan KubeadmPlan, parent pulumi.ResourceOption) (pulumi.StringOutput, error) {
	if !ctx.DryRun() {
		if err := refuseExampleSources(a.AuthorizedNetworks); err != nil {
			return pulumi.StringOutput{}, fmt.Errorf("kubeadm cluster %q: %w", name, err)
		}
	}
	sg, err := ecs.NewSecurityGroup(ctx, name+"-public-sg", &ecs.SecurityGroupArgs{
		VpcId:             a.VpcID,
		SecurityGroupName: pulumi.String(a.Name + "-apiserver-public"),
		Description:       pulumi.String("zonestack: who may reach the public API endpoint of " + a.Name),
		Tags:              pulumi.ToStringMap(a.Tags),
	}, parent)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	for i, cidr := range a.AuthorizedNetworks {
		if _, err := ecs.NewSecurityGroupRule(ctx, fmt.Sprintf("%s-public-sg-%d", name, i), &ecs.SecurityGroupRuleArgs{
			Type: pulumi.String("ingress"), IpProtocol: pulumi.String("tcp"),
			PortRange: pulumi.Sprintf("%d/%d", APIServerPort, APIServerPort), CidrIp: pulumi.String(cidr),
			SecurityGroupId: sg.ID(), Policy: pulumi.String("accept"), Priority: pulumi.Int(1), NicType: pulumi.String("intranet"),
			Description: pulumi.String("kube-apiserver from an authorized network"),
		}, parent); err != nil {
			return pulumi.StringOutput{}, err
		}
	}
	front, err := newMastersNLB(ctx, name, a, publicNLB, pulumi.StringArray{sg.ID()}, parent)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	return front.lb.DnsName, c.attachMasters(ctx, name, a, plan, front.group, publicNLB, parent)
}

// An NLB in front of the masters' API servers: the internal VIP, or the public endpoint's.
type nlbKind struct {
	addressType string
	// suffix tells the public NLB's resources and cloud names from the internal one's, whose
	// names predate it and stay as they are.
	suffix string
}

var (
	internalNLB = nlbKind{"Intranet", ""}
	publicNLB   = nlbKind{"Internet", "public"}
)

// resource is the Pulumi name of one of the kind's resources; cloud, its cloud name.
func (k nlbKind) resource(name, part string) string {
	if k.suffix == "" {
		return name + "-" + part
	}
	return name + "-" + k.suffix + "-" + part
}

func (k nlbKind) cloud(name string) string {
	if k.suffix == "" {
		return name
	}
	return name + "-" + k.suffix
}

type mastersNLB struct {
	lb       *nlb.LoadBalancer
	group    *nlb.ServerGroup
	listener *nlb.Listener
}

// newMastersNLB registers an NLB of kind across the zones with a server group for the masters and
// a listener on 6443; sgs, if any, limit who may reach it (an NLB without one admits any source
// its address is reachable from).
func newMastersNLB(ctx *pulumi.Context, name string, a KubeadmClusterArgs, kind nlbKind, sgs pulumi.StringArrayInput, parent pulumi.ResourceOption) (mastersNLB, error) {
	var zones nlb.LoadBalancerZoneMappingArray
	for i, z := range a.Zones {
		// No allocationId: an Internet-facing NLB allocates an EIP in each zone.
		zones = append(zones, nlb.LoadBalancerZoneMappingArgs{VswitchId: a.VSwitches[i].ID, ZoneId: pulumi.String(z)})
	}
	var f mastersNLB
	var err error
	f.lb, err = nlb.NewLoadBalancer(ctx, kind.resource(name, "nlb"), &nlb.LoadBalancerArgs{
		LoadBalancerName: pulumi.String(kind.cloud(a.Name + "-apiserver")),
		AddressType:      pulumi.String(kind.addressType),
		AddressIpVersion: pulumi.String("ipv4"),
		VpcId:            a.VpcID,
		ZoneMappings:     zones,
		CrossZoneEnabled: pulumi.Bool(true),
		SecurityGroupIds: sgs,
		Tags:             pulumi.ToStringMap(a.Tags),
	}, parent)
	if err != nil {
		return f, err
	}
	f.group, err = nlb.NewServerGroup(ctx, kind.resource(name, "masters"), &nlb.ServerGroupArgs{
		ServerGroupName: pulumi.String(kind.cloud(a.Name + "-masters")),
		ServerGroupType: pulumi.String("Instance"),
		Protocol:        pulumi.String("TCP"),
		Scheduler:       pulumi.String("Wrr"),
		VpcId:           a.VpcID,
		HealthCheck: &nlb.ServerGroupHealthCheckArgs{
			HealthCheckEnabled:     pulumi.Bool(true),
			HealthCheckType:        pulumi.String("TCP"),
			HealthCheckConnectPort: pulumi.Int(APIServerPort),
			HealthCheckInterval:    pulumi.Int(5),
			HealthyThreshold:       pulumi.Int(2),
			UnhealthyThreshold:     pulumi.Int(2),
		},
		ConnectionDrainEnabled: pulumi.Bool(true),
		ConnectionDrainTimeout: pulumi.Int(30),
		// Masters reach the API through the VIP too (kubelet, kube-proxy): with the client's
		// address preserved, a master's own connection could hairpin back to itself and drop.
		// Through the public NLB the API server sees the NLB's addresses, which the machines'
		// security group admits as VPC addresses, not the runner's, which it does not.
		PreserveClientIpEnabled: pulumi.Bool(false),
	}, parent)
	if err != nil {
		return f, err
	}
	f.listener, err = nlb.NewListener(ctx, kind.resource(name, "listener"), &nlb.ListenerArgs{
		ListenerPort: pulumi.Int(APIServerPort), ListenerProtocol: pulumi.String("TCP"),
		LoadBalancerId: f.lb.ID(), ServerGroupId: f.group.ID(),
		ListenerDescription: pulumi.String(kind.cloud("kube-apiserver")),
	}, parent)
	return f, err
}

// attachMasters puts every master behind group.
func (c *KubeadmCluster) attachMasters(ctx *pulumi.Context, name string, a KubeadmClusterArgs, plan KubeadmPlan, group *nlb.ServerGroup, kind nlbKind, parent pulumi.ResourceOption) error {
	for _, h := range plan.Masters {
		if _, err := nlb.NewServerGroupServerAttachment(ctx, kind.resource(fmt.Sprintf("%s-master-%d", name, h.Index), "backend"), &nlb.ServerGroupServerAttachmentArgs{
			ServerGroupId: group.ID(), ServerId: c.Instances[h.Name(a.Name)].ID(), ServerType: pulumi.String("Ecs"),
			Port: pulumi.Int(APIServerPort), Weight: pulumi.Int(100),
		}, parent); err != nil {
			return err
		}
	}
	return nil
}

// attachVIP puts the masters behind the NLB, or the LB hosts under the HaVip.
func (c *KubeadmCluster) attachVIP(ctx *pulumi.Context, name string, a KubeadmClusterArgs, plan KubeadmPlan, parent pulumi.ResourceOption) error {
	if c.haVip != nil {
		for _, h := range plan.LBs {
			if _, err := vpc.NewHAVipAttachment(ctx, fmt.Sprintf("%s-havip-%d", name, h.Index), &vpc.HAVipAttachmentArgs{
				HaVipId: c.haVip.HaVipId, InstanceId: c.Instances[h.Name(a.Name)].ID(), InstanceType: pulumi.String("EcsInstance"),
			}, parent); err != nil {
				return err
			}
		}
		return nil
	}
	return c.attachMasters(ctx, name, a, plan, c.serverGroup, internalNLB, parent)
}

func diskPolicy() string {
	actions := ""
	for i, act := range DiskPolicyActions {
		if i > 0 {
			actions += ","
		}
		actions += fmt.Sprintf("%q", act)
	}
	return `{"Version":"1","Statement":[{"Effect":"Allow","Action":[` + actions + `],"Resource":["*"]}]}`
}

// kubeconfig is an administrator's kubeconfig for the cluster; serverName, when set, is the
// name the API server's certificate is checked against instead of server's host.
func kubeconfig(cluster, server, serverName, ca, cert, key string) string {
	enc := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	if serverName != "" {
		serverName = "\n    tls-server-name: " + serverName
	}
	return fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: %[1]s
  cluster:
    server: %[2]s%[6]s
    certificate-authority-data: %[3]s
users:
- name: %[1]s-admin
  user:
    client-certificate-data: %[4]s
    client-key-data: %[5]s
contexts:
- name: %[1]s
  context:
    cluster: %[1]s
    user: %[1]s-admin
current-context: %[1]s
`, cluster, server, enc(ca), enc(cert), enc(key), serverName)
}

// kubeadmSecrets are made once and kept, encrypted, in the state: a second `pulumi up` rotates
// nothing.
type kubeadmSecrets struct {
	tokenID, tokenSecret *random.RandomString
	certificateKey       *random.RandomId
	keepalivedPass       *random.RandomPassword
	caKey, adminKey      *tls.PrivateKey
	caCert               *tls.SelfSignedCert
	adminCert            *tls.LocallySignedCert
	etcdCAKey, etcdKey   *tls.PrivateKey
	etcdCA               *tls.SelfSignedCert
	etcdClient           *tls.LocallySignedCert
}

func newKubeadmSecrets(ctx *pulumi.Context, name string, a KubeadmClusterArgs, external bool, parent pulumi.ResourceOption) (*kubeadmSecrets, error) {
	s := &kubeadmSecrets{}
	var err error
	lowerDigits := func(n int) *random.RandomStringArgs {
		return &random.RandomStringArgs{Length: pulumi.Int(n), Special: pulumi.Bool(false), Upper: pulumi.Bool(false)}
	}
	if s.tokenID, err = random.NewRandomString(ctx, name+"-token-id", lowerDigits(6), parent); err != nil {
		return nil, err
	}
	if s.tokenSecret, err = random.NewRandomString(ctx, name+"-token-secret", lowerDigits(16), parent); err != nil {
		return nil, err
	}
	if s.certificateKey, err = random.NewRandomId(ctx, name+"-certificate-key", &random.RandomIdArgs{ByteLength: pulumi.Int(32)}, parent); err != nil {
		return nil, err
	}
	if a.VIP == VIPKeepalived {
		// keepalived's PASS authentication reads at most 8 characters.
		if s.keepalivedPass, err = random.NewRandomPassword(ctx, name+"-vrrp-pass", &random.RandomPasswordArgs{Length: pulumi.Int(8), Special: pulumi.Bool(false)}, parent); err != nil {
			return nil, err
		}
	}
	ca := func(prefix, cn string) (*tls.PrivateKey, *tls.SelfSignedCert, error) {
		key, err := tls.NewPrivateKey(ctx, name+"-"+prefix+"-key", &tls.PrivateKeyArgs{Algorithm: pulumi.String("RSA"), RsaBits: pulumi.Int(2048)}, parent)
		if err != nil {
			return nil, nil, err
		}
		cert, err := tls.NewSelfSignedCert(ctx, name+"-"+prefix, &tls.SelfSignedCertArgs{
			PrivateKeyPem:       key.PrivateKeyPem,
			Subject:             &tls.SelfSignedCertSubjectArgs{CommonName: pulumi.String(cn)},
			IsCaCertificate:     pulumi.Bool(true),
			ValidityPeriodHours: pulumi.Int(87600),
			AllowedUses:         pulumi.ToStringArray([]string{"cert_signing", "crl_signing", "digital_signature", "key_encipherment"}),
		}, parent)
		return key, cert, err
	}
	client := func(prefix, cn, org string, caKey *tls.PrivateKey, caCert *tls.SelfSignedCert) (*tls.PrivateKey, *tls.LocallySignedCert, error) {
		key, err := tls.NewPrivateKey(ctx, name+"-"+prefix+"-key", &tls.PrivateKeyArgs{Algorithm: pulumi.String("RSA"), RsaBits: pulumi.Int(2048)}, parent)
		if err != nil {
			return nil, nil, err
		}
		subject := &tls.CertRequestSubjectArgs{CommonName: pulumi.String(cn)}
		if org != "" {
			subject.Organization = pulumi.String(org)
		}
		req, err := tls.NewCertRequest(ctx, name+"-"+prefix+"-request", &tls.CertRequestArgs{PrivateKeyPem: key.PrivateKeyPem, Subject: subject}, parent)
		if err != nil {
			return nil, nil, err
		}
		cert, err := tls.NewLocallySignedCert(ctx, name+"-"+prefix, &tls.LocallySignedCertArgs{
			CertRequestPem: req.CertRequestPem, CaPrivateKeyPem: caKey.PrivateKeyPem, CaCertPem: caCert.CertPem,
			ValidityPeriodHours: pulumi.Int(ClientCertValidityHours),
			EarlyRenewalHours:   pulumi.Int(ClientCertEarlyRenewalHours),
			AllowedUses:         pulumi.ToStringArray([]string{"client_auth", "digital_signature", "key_encipherment"}),
		}, parent)
		return key, cert, err
	}
	if s.caKey, s.caCert, err = ca("ca", "kubernetes"); err != nil {
		return nil, err
	}
	// kubeadm binds the group kubeadm:cluster-admins to cluster-admin.
	if s.adminKey, s.adminCert, err = client("admin", "zonestack-admin", "kubeadm:cluster-admins", s.caKey, s.caCert); err != nil {
		return nil, err
	}
	if external {
		if s.etcdCAKey, s.etcdCA, err = ca("etcd-ca", "etcd-ca"); err != nil {
			return nil, err
		}
		if s.etcdKey, s.etcdClient, err = client("apiserver-etcd-client", "kube-apiserver-etcd-client", "", s.etcdCAKey, s.etcdCA); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// userData renders a host's first-boot script once every secret and the VIP are known; it is a
// secret.
func (s *kubeadmSecrets) userData(a KubeadmClusterArgs, plan KubeadmPlan, endpoint pulumi.StringOutput, h Host) pulumi.StringOutput {
	inputs := []any{endpoint, s.tokenID.Result, s.tokenSecret.Result, s.certificateKey.Hex, s.caCert.CertPem, s.caKey.PrivateKeyPem}
	if s.keepalivedPass != nil {
		inputs = append(inputs, s.keepalivedPass.Result)
	} else {
		inputs = append(inputs, pulumi.String(""))
	}
	if s.etcdCA != nil {
		inputs = append(inputs, s.etcdCA.CertPem, s.etcdCAKey.PrivateKeyPem, s.etcdClient.CertPem, s.etcdKey.PrivateKeyPem)
	}
	return pulumi.ToSecret(pulumi.All(inputs...).ApplyT(func(xs []any) (string, error) {
		str := func(i int) string { return fmt.Sprint(xs[i]) }
		b := Bootstrap{Args: a, Plan: plan, Endpoint: str(0), Token: str(1) + "." + str(2), CertificateKey: str(3),
			CACert: str(4), CAKey: str(5), KeepalivedPass: str(6)}
		if len(xs) > 7 {
			b.EtcdCACert, b.EtcdCAKey, b.EtcdClientCert, b.EtcdClientKey = str(7), str(8), str(9), str(10)
		}
		ud, _, err := b.UserData(h)
		return ud, err
	})).(pulumi.StringOutput)
}
