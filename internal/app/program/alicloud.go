package program

import (
	"cmp"
	"fmt"
	"maps"
	"slices"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud"
	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/cs"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/cluster"
	"github.com/zonestack/zonestack/components/database"
	"github.com/zonestack/zonestack/components/network"
	"github.com/zonestack/zonestack/components/nodepools"
	"github.com/zonestack/zonestack/components/storage"
	"github.com/zonestack/zonestack/components/workloads"
	"github.com/zonestack/zonestack/internal/app/preflight"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
	"github.com/zonestack/zonestack/validation"
)

// assembleAlicloud assembles an alicloud stack's cloud layer: its network, its ACK or
// self-managed cluster, NAS, OSS, databases and virtual nodes. The pools are assembled with every
// cloud's (Assemble).
func assembleAlicloud(l *validation.List, a *Assembly) {
	cfg := a.Config
	na := networkArgs(cfg)
	a.Network = &na
	l.Merge("", network.ValidateZones(cfg.Region, cfg.Zones))
	l.Merge("network", na.NetworkSpec.Validate(cfg.Zones))
	// The address plan every component in the VPC is sized by; none when the network's settings
	// are refused (reported above).
	plan, planErr := network.PlanAddresses(na)

	if spec := cfg.AckCluster(); spec != nil {
		a.Cluster = &cluster.AckClusterArgs{
			AckClusterSpec:  *spec,
			ClusterName:     cfg.ResourcePrefix(),
			ServiceCidr:     na.ServiceCidr, // "" leaves the cluster's default, which the network plans with
			ProviderFromVPC: cfg.RunsInVPC(),
			Tags:            cfg.Tags,
		}
		a.Cluster.DeletionProtection = deletionProtection(cfg, spec.DeletionProtection)
		l.Merge("name", cluster.ValidateAckClusterName(cfg.ResourcePrefix()))
		l.Merge("cluster", spec.Validate())
	}
	if spec := cfg.SelfManaged; spec != nil {
		ha := cfg.HighlyAvailable()
		a.Kubeadm = &cluster.KubeadmClusterArgs{
			KubeadmSpec:     *spec,
			Name:            cfg.ResourcePrefix(),
			Zones:           cfg.Zones,
			HA:              &ha,
			ProviderFromVPC: cfg.RunsInVPC(),
			Tags:            cfg.Tags,
		}
		// The machines' fixed addresses come from the node vSwitches' CIDRs the network plans.
		for i := range cfg.Zones {
			var s cluster.KubeadmSubnet
			if planErr == nil && i < len(plan.Zones) {
				s.Cidr = plan.Zones[i].NodeCidr
			}
			a.Kubeadm.VSwitches = append(a.Kubeadm.VSwitches, s)
			l.Merge("network.vswitches", cluster.ValidateKubeadmSubnet(s.Cidr))
		}
		l.Merge("name", cluster.ValidateKubeadmName(cfg.ResourcePrefix()))
		l.Merge("selfManaged", spec.Validate(cfg.HighlyAvailable(), cfg.Zones, a.Kubeadm.VSwitches))
	}
	if n := nasSpec(cfg); n != nil {
		a.Nas = &storage.NasStorageArgs{NasSpec: *n, VpcCidr: plan.VpcCidr, NamePrefix: cfg.ResourcePrefix() + "-nas", Tags: cfg.Tags}
		// A general-purpose file system takes storage.NasMaxMountTargets mount targets: the first
		// zones get them, the file system is stored in the first, and pods in every zone mount
		// through them (a mount target serves the whole VPC).
		for _, z := range cfg.Zones[:min(len(cfg.Zones), storage.NasMaxMountTargets)] {
			a.Nas.MountTargets = append(a.Nas.MountTargets, storage.NasMountTargetArgs{Zone: z})
		}
		l.Merge("storage.nas", n.Validate())
	}
	if o := ossSpec(cfg); o != nil {
		// The bucket is zone-redundant; its volumes mount with the cluster's RRSA identity, wired
		// at registration. A stack that is not production is created and destroyed whole: its
		// destroy takes the bucket with its objects, as it takes a NAS file system with its files.
		a.Oss = &storage.OssStorageArgs{OssSpec: *o, Region: cfg.Region, NamePrefix: cfg.ResourcePrefix(), ForceDestroy: !cfg.Production, Tags: cfg.Tags}
		l.Merge("storage.oss", o.ValidateFor(cfg.ResourcePrefix()))
		if n := nasSpec(cfg); n != nil && cmp.Or(n.ClassName, storage.DefaultNasClassName) == cmp.Or(o.ClassName, storage.DefaultOssClassName) {
			l.Invalid("storage.oss.className", cmp.Or(o.ClassName, storage.DefaultOssClassName), "is storage.nas's class name too; two classes cannot share a name")
		}
		if a.Cluster != nil && a.Cluster.EnableRrsa != nil && !*a.Cluster.EnableRrsa {
			l.Invalid("cluster.enableRrsa", false, "storage.oss mounts its volumes with RRSA (ossfs assumes a RAM role with its service account's token, no AccessKey stored); turn RRSA on")
		}
	}
	names := map[string]int{}
	for i, d := range cfg.Databases {
		base := fmt.Sprintf("databases[%d]", i)
		if j, dup := names[d.Name]; dup {
			l.Invalid(base+".name", d.Name, "duplicates databases[%d].name", j)
		}
		names[d.Name] = i
		// Production data is not deleted by a mistaken destroy; elsewhere it follows the stack.
		d.DeletionProtection = deletionProtection(cfg, d.DeletionProtection)
		m := database.MySQLArgs{MySQLSpec: d, InstanceName: mysqlInstanceName(cfg, d), Zones: cfg.Zones, Tags: cfg.Tags}
		// Open to every node and pod vSwitch of the address plan, and to the cluster's security group.
		for _, z := range plan.Zones {
			m.AllowedCidrs = append(m.AllowedCidrs, z.NodeCidr, z.PodCidr)
		}
		a.Databases = append(a.Databases, m)
		l.Merge(base, d.Validate(m.InstanceName))
		// Where the instance runs is the stack's zones.
		if err := d.CheckZones(cfg.Zones); err != nil {
			l.Invalid("zones", cfg.Zones, "are too few for %s, which %s", base, err)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(cfg.DatabasePasswords)) {
		if _, ok := names[k]; !ok {
			// The key only: the value is a secret.
			l.Invalid("databasePasswords", k, "has a password for a database the stack does not have")
		}
	}
	if v := cfg.VirtualNodes; v != nil && a.Cluster != nil {
		// ECI pods take the stack's pod vSwitches, one per zone, and the cluster's security group.
		a.VirtualNodes = &nodepools.VirtualNodesArgs{VirtualNodesSpec: *v}
		for _, z := range cfg.Zones {
			a.VirtualNodes.VSwitches = append(a.VirtualNodes.VSwitches, nodepools.ECIVSwitch{Zone: z})
		}
	}
	if v := cfg.VirtualNodes; v != nil {
		l.Merge("virtualNodes", v.Validate())
	}
}

// registerAlicloud builds an alicloud stack from its assembly: the pre-flight, the network, the
// cluster and its pools, NAS, databases and virtual nodes, then what goes into the cluster. Each
// component's args are the assembly's, with the outputs they need wired in.
func registerAlicloud(ctx *pulumi.Context, a *Assembly, out map[string]pulumi.Input) error {
	cfg := a.Config
	// An explicit provider pins the region to the stack's, whatever alicloud:region says.
	prov, err := alicloud.NewProvider(ctx, "alicloud", &alicloud.ProviderArgs{Region: pulumi.String(cfg.Region)})
	if err != nil {
		return err
	}
	// The pre-flight asks the cloud, through that provider, whether the zones, instance types,
	// disk categories, ACK version and image the stack names are still offered: every refusal at
	// once, before anything else is registered.
	if err := preflight.Run(ctx, cfg, slices.Concat(a.Planned, a.PlannedSystem), prov); err != nil {
		return err
	}
	onAlicloud := pulumi.Providers(prov)

	net, err := network.NewNetwork(ctx, "network", a.Network, onAlicloud)
	if err != nil {
		return err
	}
	out["vpcId"] = net.VpcID
	out["nodeVswitchIds"] = net.NodeVSwitchIDs
	out["podVswitchIds"] = net.PodVSwitchIDs
	out["securityGroupId"] = net.SecurityGroupID
	out["egressIp"] = net.EgressIP
	out["egressIps"] = net.EgressIPs
	if a.Cluster == nil && a.Kubeadm == nil {
		return nil
	}
	nodes, pods := net.VSwitchIDs()
	sg := net.SecurityGroupID.ToStringOutput()
	sgs := []pulumi.StringInput{sg}

	// In production Pulumi refuses to delete what holds state: the cluster, the NAS file system
	// and the OSS bucket (protect is inherited by the components' children).
	stateful := pulumi.Protect(cfg.Production)
	var k8s *kubernetes.Provider
	var ack *cluster.AckCluster
	if a.Cluster != nil {
		ca := *a.Cluster
		ca.VSwitchIDs, ca.PodVSwitchIDs, ca.SecurityGroupID = nodes, pods, sg
		if ack, err = cluster.NewAckCluster(ctx, "cluster", &ca, onAlicloud, stateful); err != nil {
			return err
		}
		out["clusterId"] = ack.ClusterID
		out["clusterIdentifier"] = ack.ClusterID
		out["kubeconfig"] = ack.Kubeconfig
		out["apiServerIntranet"] = ack.APIServerIntranet
		out["kubernetesVersion"] = ack.KubernetesVersion
		k8s = ack.Provider
		if a.Pools != nil {
			zonal, err := nodepools.NewZonalPools(ctx, "pools", wireAckPools(a.Pools, ack, nodes, sgs), onAlicloud)
			if err != nil {
				return err
			}
			out["nodePoolIds"] = zonal.NodePoolIDs
		}
		// The untainted pools every cluster needs besides the stateful ones: CoreDNS, the CSI
		// plugins, metrics-server and every other pod that tolerates no taint run there.
		if a.SystemPools != nil {
			system, err := nodepools.NewZonalPools(ctx, systemPoolsName, wireAckPools(a.SystemPools, ack, nodes, sgs), onAlicloud)
			if err != nil {
				return err
			}
			out["systemNodePoolIds"] = system.NodePoolIDs
		}
	} else {
		ka := *a.Kubeadm
		ka.VpcID, ka.SecurityGroupID = net.VpcID, sg
		ka.VSwitches = slices.Clone(ka.VSwitches)
		for i := range ka.VSwitches {
			ka.VSwitches[i].ID = nodes[i]
		}
		km, err := cluster.NewKubeadmCluster(ctx, "cluster", &ka, onAlicloud, stateful)
		if err != nil {
			return err
		}
		out["apiServerEndpoint"] = km.Endpoint
		out["clusterIdentifier"] = km.ClusterIdentifier
		out["kubeconfig"] = km.Kubeconfig
		out["kubernetesVersion"] = pulumi.String(cluster.KubeadmDefaults(ka).KubernetesVersion)
		k8s = km.Provider
	}

	if a.Nas != nil {
		na := *a.Nas
		na.MountTargets = slices.Clone(na.MountTargets)
		for i := range na.MountTargets {
			na.MountTargets[i].VSwitchID = nodes[i]
		}
		nas, err := storage.NewNasStorage(ctx, "storage-nas", &na, pulumi.Providers(prov, k8s), stateful)
		if err != nil {
			return err
		}
		out["nasFileSystemId"] = nas.FileSystemID
		out["nasStorageClass"] = nas.Name
	}
	if a.Oss != nil && ack != nil {
		oa := *a.Oss
		rrsa := ack.Cluster.RrsaMetadata
		oa.OidcProviderArn = rrsa.RamOidcProviderArn().Elem()
		oa.OidcIssuerURL = rrsa.RrsaOidcIssuerUrl().Elem()
		// Protected in production like the NAS file system: Pulumi refuses to delete the bucket.
		o, err := storage.NewOssStorage(ctx, "storage-oss", &oa, pulumi.Providers(prov, k8s), stateful)
		if err != nil {
			return err
		}
		out["ossBucket"] = o.BucketName
		out["ossStorageClass"] = o.Name
	}
	parts := cloudParts{databases: map[string]*database.MySQL{}}
	endpoints := pulumi.StringMap{}
	for _, d := range a.Databases {
		d.VSwitchIDs, d.SecurityGroupIDs = nodes, sgs
		if pw, ok := cfg.DatabasePassword(d.Name); ok {
			d.Password = pulumi.ToSecret(pulumi.String(pw)).(pulumi.StringOutput)
		}
		m, err := database.NewMySQL(ctx, "database-"+d.Name, &d, onAlicloud, stateful)
		if err != nil {
			return err
		}
		parts.databases[d.Name] = m
		endpoints[d.Name] = m.Endpoint()
	}
	if len(endpoints) > 0 {
		out["databaseEndpoints"] = endpoints
	}
	if a.VirtualNodes != nil {
		va := *a.VirtualNodes
		va.ClusterID, va.VpcID, va.SecurityGroupID = ack.ClusterID, net.VpcID, sg
		va.VSwitches = slices.Clone(va.VSwitches)
		for i := range va.VSwitches {
			va.VSwitches[i].ID = pods[i]
		}
		vn, err := nodepools.NewVirtualNodes(ctx, "virtual-nodes", &va, pulumi.Providers(prov, ack.Provider))
		if err != nil {
			return err
		}
		parts.virtualNodes = vn
		out["eciSelectors"] = vn.Selectors
	}
	if ack != nil && hasSchedules(cfg) {
		if parts.cronHPAController, err = newCronHPAController(ctx, "cluster", ack, onAlicloud); err != nil {
			return err
		}
	}
	parts.vswitches = nodes
	return registerInCluster(ctx, a, pulumi.Provider(k8s), parts, out)
}

// wireAckPools are pools' args joined to the cluster, with each zone's node vSwitch.
func wireAckPools(pools *nodepools.ZonalPoolsArgs, ack *cluster.AckCluster, nodes, sgs []pulumi.StringInput) *nodepools.ZonalPoolsArgs {
	pa := *pools
	pa.ClusterID, pa.SecurityGroupIDs = ack.ClusterID.ToStringOutput(), sgs
	pa.VSwitches = slices.Clone(pa.VSwitches)
	for i := range pa.VSwitches {
		pa.VSwitches[i].VSwitchID = nodes[i]
	}
	return &pa
}

// networkArgs are an alicloud stack's network: its spec (every setting defaulted when it sets
// none) over the stack's zones.
func networkArgs(cfg *stackconfig.Config) network.NetworkArgs {
	var spec network.NetworkSpec
	if n := cfg.Network; n != nil && n.Alicloud != nil {
		spec = *n.Alicloud
	}
	// Production stacks give every zone its own egress unless they say otherwise: with one NAT
	// gateway, the loss of its zone takes the Internet from every other zone.
	if spec.Nat.PerZone == nil {
		perZone := cfg.Production
		spec.Nat.PerZone = &perZone
	}
	return network.NetworkArgs{NetworkSpec: spec, Region: cfg.Region, Zones: cfg.Zones, NamePrefix: cfg.ResourcePrefix(), Tags: cfg.Tags}
}

// nasSpec is nil when the stack asks for no NAS.
func nasSpec(cfg *stackconfig.Config) *storage.NasSpec {
	if cfg.Storage == nil || cfg.Storage.Nas == nil || cfg.Cluster == nil {
		return nil
	}
	return cfg.Storage.Nas
}

// ossSpec is nil when the stack asks for no OSS bucket (or has no ACK cluster, refused by the
// stack file's rules when self-managed).
func ossSpec(cfg *stackconfig.Config) *storage.OssSpec {
	if cfg.Storage == nil || cfg.Storage.Oss == nil || cfg.Cluster == nil {
		return nil
	}
	return cfg.Storage.Oss
}

// mysqlInstanceName is the RDS instance's name of a database of the stack: after the stack's.
func mysqlInstanceName(cfg *stackconfig.Config, d database.MySQLSpec) string {
	return cfg.ResourcePrefix() + "-" + d.Name
}

// hasSchedules says whether some elastic service of the stack has schedules, which need the
// CronHPA controller.
func hasSchedules(cfg *stackconfig.Config) bool {
	if cfg.Workloads == nil || !hasKubernetes(cfg) {
		return false
	}
	return slices.ContainsFunc(cfg.Workloads.ElasticServices, func(s workloads.ElasticServiceSpec) bool { return len(s.Schedules) > 0 })
}

// newCronHPAController installs ACK's CronHPA controller on the cluster, once for all its
// services, as VirtualNodes installs ack-virtual-node: a KubernetesAddon of the cluster, at the
// version ACK offers, a child of the cluster's component. It holds no state, so it is not
// protected with the cluster: a production stack that drops its schedules removes it.
func newCronHPAController(ctx *pulumi.Context, name string, ack *cluster.AckCluster, opts ...pulumi.ResourceOption) (*cs.KubernetesAddon, error) {
	opts = append(opts, pulumi.Parent(ack), pulumi.Protect(false))
	return cs.NewKubernetesAddon(ctx, name+"-cronhpa-controller", &cs.KubernetesAddonArgs{
		ClusterId: ack.ClusterID.ToStringOutput(),
		Name:      pulumi.String(workloads.CronHPAControllerAddon),
	}, opts...)
}

// deletionProtection is a stack's setting, else the stack's production flag: ACK's delete never
// turns protection off, so a stack that is created and destroyed as one (burst, like seed 001's
// one-click release) must not get it by default, and a production stack always does.
func deletionProtection(cfg *stackconfig.Config, set *bool) *bool {
	if set != nil {
		return set
	}
	return pulumi.BoolRef(cfg.Production)
}
