package program

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/cluster"
	"github.com/zonestack/zonestack/components/database"
	"github.com/zonestack/zonestack/components/network"
	"github.com/zonestack/zonestack/components/nodepools"
	"github.com/zonestack/zonestack/components/storage"
	"github.com/zonestack/zonestack/components/workloads"
	"github.com/zonestack/zonestack/internal/app/engine"
	"github.com/zonestack/zonestack/internal/app/preflight"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
	"github.com/zonestack/zonestack/validation"
)

// Run validates cfg, builds the stack and exports its outputs. It is the whole program body.
func Run(ctx *pulumi.Context, cfg *stackconfig.Config) error {
	_, err := run(ctx, cfg)
	return err
}

// run is Run that also returns the warnings, which the engine shows and the offline plan lists.
func run(ctx *pulumi.Context, cfg *stackconfig.Config) ([]string, error) {
	outputs, warnings, err := build(ctx, cfg)
	if err != nil {
		return nil, err
	}
	for name, v := range outputs {
		ctx.Export(name, v)
	}
	return warnings, nil
}

// Validate reports every problem of cfg, the stack's and its components', each under the
// config path the user wrote (for example "network.vswitches[1].podCidr"), and returns the
// warnings about what could not be checked.
func Validate(cfg *stackconfig.Config) (warnings []string, err error) {
	var l validation.List
	ids := unknownIDs(len(cfg.Zones))
	if cfg.Cloud == stackconfig.CloudGCP {
		validateGCP(&l, cfg)
	}
	if cfg.Cloud == stackconfig.CloudGlobal {
		validateGlobal(&l, cfg)
		return warnings, l.Err()
	}
	if cfg.Cloud == stackconfig.CloudAlicloud {
		validateNetwork(&l, cfg)
		validateAck(&l, cfg)
		validateKubeadm(&l, cfg, ids)
	}
	pools := planPools(&l, cfg)
	if ph := placeholderArgs(cfg, pools); ph != nil && pools != nil {
		w, err := ph.PlaceholdersSpec.Validate(ph.Pools)
		warnings = append(warnings, w...)
		l.Merge("nodePools.placeholders", err)
	}
	planSystemPools(&l, cfg)
	validateAPIAccess(&l, cfg)
	warnings = append(warnings, exampleSources(cfg)...)
	if nas := nasSpec(cfg); nas != nil {
		l.Merge("storage.nas", nas.Validate())
	}
	services := map[string]int{}
	for i, svc := range statefulServiceArgs(cfg, pools, &l) {
		base := fmt.Sprintf("workloads.statefulServices[%d]", i)
		for _, p := range validation.Problems(svc.Validate(svc.Name)) {
			// A volume's kind comes from its class, reported above when the class is unknown.
			if !strings.HasSuffix(p.Field, ".kind") {
				l.Merge(base, p)
			}
		}
		key := workloadName(svc.Namespace, svc.Name)
		if j, dup := services[key]; dup {
			l.Invalid(base+".name", svc.Name, "duplicates workloads.statefulServices[%d] in namespace %s", j, nsOrDefault(svc.Namespace))
		}
		services[key] = i
	}
	validateBurst(cfg, &l, pools)
	warnings = append(warnings, burstWarnings(cfg, pools)...)
	names := map[string]int{}
	for i, d := range diskClasses(cfg) {
		base := fmt.Sprintf("storage.diskClasses[%d]", i)
		if cfg.Cloud == stackconfig.CloudGCP {
			l.Merge(base, storage.PdClassSpec(d).Validate())
		} else {
			l.Merge(base, d.Validate())
		}
		name := d.Name
		if name == "" {
			name = storage.DefaultDiskClassName
		}
		if j, dup := names[name]; dup {
			l.Invalid(base+".name", name, "duplicates storage.diskClasses[%d].name", j)
		}
		names[name] = i
	}
	return warnings, l.Err()
}

// Build registers the stack's resources and returns the outputs to export.
func Build(ctx *pulumi.Context, cfg *stackconfig.Config) (map[string]pulumi.Input, error) {
	out, _, err := build(ctx, cfg)
	return out, err
}

func build(ctx *pulumi.Context, cfg *stackconfig.Config) (map[string]pulumi.Input, []string, error) {
	warnings, err := Validate(cfg)
	if err != nil {
		return nil, nil, err
	}
	for _, w := range warnings {
		_ = ctx.Log.Warn(w, nil)
	}
	out, err := register(ctx, cfg)
	return out, warnings, err
}

// register creates the components cfg asks for; cfg is valid.
func register(ctx *pulumi.Context, cfg *stackconfig.Config) (map[string]pulumi.Input, error) {
	out := map[string]pulumi.Input{
		"cloud":  pulumi.String(cfg.Cloud),
		"region": pulumi.String(cfg.Region),
		"zones":  pulumi.ToStringArray(cfg.Zones),
	}
	if cfg.Cloud == stackconfig.CloudLocal {
		return out, registerLocal(ctx, cfg, out, nil)
	}
	if cfg.Cloud == stackconfig.CloudGCP {
		return out, registerGCP(ctx, cfg, out)
	}
	if cfg.Cloud == stackconfig.CloudGlobal {
		delete(out, "region")
		delete(out, "zones")
		return out, registerGlobal(ctx, cfg, out)
	}

	// An explicit provider pins the region to the stack's, whatever alicloud:region says.
	prov, err := alicloud.NewProvider(ctx, "alicloud", &alicloud.ProviderArgs{Region: pulumi.String(cfg.Region)})
	if err != nil {
		return nil, err
	}
	// The pre-flight asks the cloud, through that provider, whether the zones, instance types,
	// disk categories, ACK version and image the stack names are still offered: every refusal at
	// once, before anything else is registered.
	planned, err := Pools(cfg)
	if err != nil {
		return nil, err
	}
	system, err := SystemPools(cfg)
	if err != nil {
		return nil, err
	}
	planned = append(planned, system...)
	if err := preflight.Run(ctx, cfg, planned, prov); err != nil {
		return nil, err
	}
	onAlicloud := pulumi.Providers(prov)

	na := networkArgs(cfg)
	net, err := network.NewNetwork(ctx, "network", &na, onAlicloud)
	if err != nil {
		return nil, err
	}
	out["vpcId"] = net.VpcID
	out["nodeVswitchIds"] = net.NodeVSwitchIDs
	out["podVswitchIds"] = net.PodVSwitchIDs
	out["securityGroupId"] = net.SecurityGroupID
	out["egressIp"] = net.EgressIP

	nodes, pods := net.VSwitchIDs()
	sg := net.SecurityGroupID.ToStringOutput()
	ca := clusterArgs(cfg, nodes, pods, sg)
	if ca == nil && cfg.SelfManaged == nil {
		return out, nil
	}
	// In production Pulumi refuses to delete what holds state: the cluster and the NAS file system
	// (protect is inherited by the components' children).
	stateful := pulumi.Protect(cfg.Production)
	var k8s *kubernetes.Provider
	var pools []nodepools.Pool
	var ack *cluster.AckCluster
	if ca != nil {
		var err error
		ack, err = cluster.NewAckCluster(ctx, "cluster", ca, onAlicloud, stateful)
		if err != nil {
			return nil, err
		}
		out["clusterId"] = ack.ClusterID
		out["clusterIdentifier"] = ack.ClusterID
		out["kubeconfig"] = ack.Kubeconfig
		out["apiServerIntranet"] = ack.APIServerIntranet
		out["kubernetesVersion"] = ack.KubernetesVersion
		k8s = ack.Provider
		if pa := ackPoolsArgs(cfg, ackPools(cfg), nodepools.RoleStateful, ack.ClusterID.ToStringOutput(), nodes, []pulumi.StringInput{sg}); pa != nil {
			zonal, err := nodepools.NewZonalPools(ctx, "pools", pa, onAlicloud)
			if err != nil {
				return nil, err
			}
			pools = zonal.Pools
			out["nodePoolIds"] = zonal.NodePoolIDs
		}
		// The untainted pools every cluster needs besides the stateful ones: CoreDNS, the CSI
		// plugins, metrics-server and every other pod that tolerates no taint run there.
		if sa := ackPoolsArgs(cfg, ackSystemPools(cfg), nodepools.RoleSystem, ack.ClusterID.ToStringOutput(), nodes, []pulumi.StringInput{sg}); sa != nil {
			system, err := nodepools.NewZonalPools(ctx, systemPoolsName, sa, onAlicloud)
			if err != nil {
				return nil, err
			}
			out["systemNodePoolIds"] = system.NodePoolIDs
		}
	} else {
		ka := kubeadmArgs(cfg, nodes, net.VpcID, sg)
		km, err := cluster.NewKubeadmCluster(ctx, "cluster", &ka, onAlicloud, stateful)
		if err != nil {
			return nil, err
		}
		out["apiServerEndpoint"] = km.Endpoint
		out["clusterIdentifier"] = km.ClusterIdentifier
		out["kubeconfig"] = km.Kubeconfig
		out["kubernetesVersion"] = pulumi.String(cluster.KubeadmDefaults(ka).KubernetesVersion)
		k8s = km.Provider
	}
	inCluster := pulumi.Provider(k8s)

	if na := nasArgs(cfg, net.Plan, nodes); na != nil {
		nas, err := storage.NewNasStorage(ctx, "storage-nas", na, pulumi.Providers(prov, k8s), stateful)
		if err != nil {
			return nil, err
		}
		out["nasFileSystemId"] = nas.FileSystemID
		out["nasStorageClass"] = nas.Name
	}
	parts := cloudParts{databases: map[string]*database.MySQL{}}
	endpoints := pulumi.StringMap{}
	for _, d := range cfg.Databases {
		a := mysqlArgs(cfg, d, net.Plan, nodes, []pulumi.StringInput{sg})
		m, err := database.NewMySQL(ctx, "database-"+d.Name, &a, onAlicloud, stateful)
		if err != nil {
			return nil, err
		}
		parts.databases[d.Name] = m
		endpoints[d.Name] = m.Endpoint()
	}
	if len(endpoints) > 0 {
		out["databaseEndpoints"] = endpoints
	}
	if va := virtualNodesArgs(cfg, nil, net.VpcID, pods, sg); va != nil && ack != nil {
		va.ClusterID = ack.ClusterID
		vn, err := nodepools.NewVirtualNodes(ctx, "virtual-nodes", va, pulumi.Providers(prov, ack.Provider))
		if err != nil {
			return nil, err
		}
		parts.virtualNodes = vn
		out["eciSelectors"] = vn.Selectors
	}
	if ack != nil && hasSchedules(cfg) {
		if parts.cronHPAController, err = newCronHPAController(ctx, "cluster", ack, onAlicloud); err != nil {
			return nil, err
		}
	}
	for i, z := range cfg.Zones {
		parts.lbZones = append(parts.lbZones, workloads.LoadBalancerZone{Zone: z, VSwitchID: nodes[i]})
	}
	return out, registerInCluster(ctx, cfg, pools, inCluster, parts, out)
}

// LocalContext is the kubeconfig context of a local stack's cluster: the one `zonestack local up`
// starts with kwokctl.
func LocalContext(stack string) string { return "kwok-" + LocalClusterName(stack) }

// LocalClusterName is the kwok cluster `zonestack local up` starts for a stack.
func LocalClusterName(stack string) string { return "zonestack-" + stack }

// RunLocal is the program `zonestack local up` runs under the engine: the stack's Kubernetes
// layer on the local cluster whose kubeconfig is given (a secret in the state), its pools planned
// (the local cluster's fake nodes stand for them), no cloud resource. For a local stack that is
// its whole program; for a cloud stack (dev), the objects it would apply to its cluster.
func RunLocal(ctx *pulumi.Context, cfg *stackconfig.Config, kubeconfig string) error {
	if !hasKubernetes(cfg) {
		return fmt.Errorf("stack %s has no cluster, so no Kubernetes layer to run locally", cfg.Stack())
	}
	if _, err := Validate(cfg); err != nil {
		return err
	}
	out := map[string]pulumi.Input{"stack": pulumi.String(cfg.Stack()), "zones": pulumi.ToStringArray(cfg.Zones)}
	if err := registerLocal(ctx, cfg, out, &kubernetes.ProviderArgs{Kubeconfig: pulumi.ToSecret(pulumi.String(kubeconfig)).(pulumi.StringOutput)}); err != nil {
		return err
	}
	for name, v := range out {
		ctx.Export(name, v)
	}
	return nil
}

// registerLocal builds a stack's Kubernetes layer on a local cluster (kube says which: a local
// stack's program names its kubectl context), the pools planned. Its provider is the plugin the
// local tools build, pinned to its version (engine.KubernetesProvider).
func registerLocal(ctx *pulumi.Context, cfg *stackconfig.Config, out map[string]pulumi.Input, kube *kubernetes.ProviderArgs) error {
	if kube == nil {
		kube = &kubernetes.ProviderArgs{Context: pulumi.String(LocalContext(cfg.Stack()))}
	}
	// The local cluster is its name: a kubeconfig of another form, or the next start's
	// certificates, is an update of the provider, not a replacement of every object.
	kube.ClusterIdentifier = pulumi.String(LocalClusterName(cfg.Stack()))
	k8s, err := engine.KubernetesProvider(ctx, "local", kube)
	if err != nil {
		return err
	}
	pools, err := Pools(cfg)
	if err != nil {
		return err
	}
	inCluster := pulumi.Provider(k8s)
	return registerInCluster(ctx, cfg, pools, inCluster, cloudParts{}, out)
}

// registerInCluster registers what goes into the cluster, the same on every cloud: the
// placeholders of the pools, the disk classes and the workloads.
func registerInCluster(ctx *pulumi.Context, cfg *stackconfig.Config, pools []nodepools.Pool, inCluster pulumi.ResourceOption, parts cloudParts, out map[string]pulumi.Input) error {
	namespaces, err := registerNamespaces(ctx, cfg, inCluster)
	if err != nil {
		return err
	}
	inCluster = pulumi.Composite(inCluster, pulumi.DependsOn(namespaces))
	if ph := placeholderArgs(cfg, pools); ph != nil && len(pools) > 0 {
		warm, err := nodepools.NewPlaceholders(ctx, "placeholders", ph, inCluster)
		if err != nil {
			return err
		}
		out["placeholders"] = warm.DeploymentNames
	}
	var classes pulumi.StringArray
	for _, d := range diskClasses(cfg) {
		name := d.Name
		if name == "" {
			name = storage.DefaultDiskClassName
		}
		if cfg.Cloud == stackconfig.CloudGCP {
			pa := storage.PdClassSpec(d).Args()
			pd, err := storage.NewPdStorageClass(ctx, "storage-"+name, &pa, inCluster)
			if err != nil {
				return err
			}
			classes = append(classes, pd.Name)
			continue
		}
		sc, err := storage.NewDiskStorageClass(ctx, "storage-"+name, &storage.DiskStorageClassArgs{DiskClassSpec: d}, inCluster)
		if err != nil {
			return err
		}
		classes = append(classes, sc.Name)
	}
	if len(classes) > 0 {
		out["diskStorageClasses"] = classes
	}
	members := pulumi.Map{}
	for _, a := range statefulServiceArgs(cfg, pools, nil) {
		// Named <namespace>/<name>, so that two namespaces may each have a service of one name.
		// Releases before this one named it <name>: the alias carries the service and its objects
		// over (the children's names follow), and Instance keeps the pods' selector as it was.
		svc, err := workloads.NewStatefulService(ctx, workloadName(a.Namespace, a.Name), &a, inCluster,
			pulumi.Aliases([]pulumi.Alias{{Name: pulumi.String(a.Name)}}))
		if err != nil {
			return err
		}
		members[a.Name] = svc.Members
	}
	if len(members) > 0 {
		out["statefulServiceMembers"] = members
	}
	addresses := pulumi.StringMap{}
	for _, a := range elasticServiceArgs(cfg, pools, parts, nil) {
		opts := []pulumi.ResourceOption{inCluster}
		if parts.virtualNodes != nil && a.Burst != "" && a.Burst != workloads.BurstNone {
			// Pods that may burst wait for the add-on and the eci-profile that route them: named
			// one by one, since depending on the component expands to the children the SDK has
			// recorded by then, which raced with the eci-profile's registration.
			deps := []pulumi.Resource{parts.virtualNodes.Profile}
			if parts.virtualNodes.Addon != nil {
				deps = append(deps, parts.virtualNodes.Addon)
			}
			opts = append(opts, pulumi.DependsOn(deps))
		}
		svc, err := workloads.NewElasticService(ctx, workloadName(a.Namespace, a.Name), &a, opts...)
		if err != nil {
			return err
		}
		addresses[a.Name] = svc.Address
	}
	if len(addresses) > 0 {
		out["elasticServiceAddresses"] = addresses
	}
	return nil
}

// workloadName is a workload's Pulumi name: <namespace>/<name>, as Kubernetes knows it.
func workloadName(namespace, name string) string { return nsOrDefault(namespace) + "/" + name }

func nsOrDefault(ns string) string {
	if ns == "" {
		return workloads.DefaultNamespace
	}
	return ns
}

// StatefulServices plans the stack's stateful services on pools (Pools) without registering
// anything: the args each StatefulService is registered with.
func StatefulServices(cfg *stackconfig.Config, pools []nodepools.Pool) []workloads.StatefulServiceArgs {
	return statefulServiceArgs(cfg, pools, nil)
}

// hasKubernetes says whether the stack has a cluster to put objects in.
func hasKubernetes(cfg *stackconfig.Config) bool {
	return cfg.Cluster != nil || cfg.SelfManaged != nil || cfg.Cloud == stackconfig.CloudLocal
}

// nasSpec is nil when the stack asks for no NAS.
func nasSpec(cfg *stackconfig.Config) *storage.NasSpec {
	if cfg.Storage == nil || cfg.Storage.Nas == nil || cfg.Cluster == nil {
		return nil
	}
	return cfg.Storage.Nas
}

// nasArgs is nil when the stack asks for no NAS: its file system is open to the network's VPC
// (plan is the network's address plan) and mounted from the node vSwitches.
func nasArgs(cfg *stackconfig.Config, plan network.AddressPlan, vswitches []pulumi.StringInput) *storage.NasStorageArgs {
	n := nasSpec(cfg)
	if n == nil {
		return nil
	}
	a := &storage.NasStorageArgs{
		NasSpec:    *n,
		VpcCidr:    plan.VpcCidr,
		NamePrefix: cfg.ResourcePrefix() + "-nas",
		Tags:       cfg.Tags,
	}
	// A general-purpose file system takes storage.NasMaxMountTargets mount targets: the first zones
	// get them, the file system is stored in the first, and pods in every zone mount through them
	// (a mount target serves the whole VPC).
	for i, z := range cfg.Zones[:min(len(cfg.Zones), storage.NasMaxMountTargets)] {
		a.MountTargets = append(a.MountTargets, storage.NasMountTargetArgs{Zone: z, VSwitchID: vswitches[i]})
	}
	return a
}

// builtinDiskClasses are the disk classes every ACK cluster has.
var builtinDiskClasses = []string{"alicloud-disk-efficiency", "alicloud-disk-ssd", "alicloud-disk-essd",
	"alicloud-disk-available", "alicloud-disk-topology", "alicloud-disk-topology-alltype"}

// gkeBuiltinDiskClasses are the persistent-disk classes every GKE cluster has.
var gkeBuiltinDiskClasses = []string{"standard-rwo", "premium-rwo", "standard"}

// volumeKind tells what kind of storage a class of the stack is: a zonal disk or a shared file
// system; "" for a class the stack does not know.
func volumeKind(cfg *stackconfig.Config, class string) string {
	if cfg.Storage != nil {
		for _, d := range cfg.Storage.DiskClasses {
			if d.Name == class || (d.Name == "" && class == storage.DefaultDiskClassName) {
				return workloads.VolumeZonalDisk
			}
		}
		if n := cfg.Storage.Nas; n != nil && (n.ClassName == class || (n.ClassName == "" && class == storage.DefaultNasClassName)) {
			return workloads.VolumeSharedFile
		}
	}
	if slices.Contains(builtinDiskClasses, class) || (cfg.Cloud == stackconfig.CloudGCP && slices.Contains(gkeBuiltinDiskClasses, class)) {
		return workloads.VolumeZonalDisk
	}
	return ""
}

// statefulServiceArgs gives the stack's stateful services their pools, their instance label (the
// name, as before services were named by namespace) and their volumes' kinds, from the stack's
// classes; with l set, a volume on a class the stack does not know is reported there.
func statefulServiceArgs(cfg *stackconfig.Config, pools []nodepools.Pool, l *validation.List) []workloads.StatefulServiceArgs {
	if cfg.Workloads == nil || !hasKubernetes(cfg) {
		return nil
	}
	var out []workloads.StatefulServiceArgs
	for i, s := range cfg.Workloads.StatefulServices {
		a := workloads.StatefulServiceArgs{StatefulServiceSpec: s, Pools: pools, Instance: s.Name}
		a.Volumes = slices.Clone(s.Volumes)
		for j := range a.Volumes {
			v := &a.Volumes[j]
			v.Kind = volumeKind(cfg, v.StorageClass)
			if v.Kind == "" && l != nil && v.StorageClass != "" {
				l.Invalid(fmt.Sprintf("workloads.statefulServices[%d].volumes[%d].storageClass", i, j), v.StorageClass,
					"is not a class of this stack (storage.diskClasses, storage.nas) nor an ACK built-in disk class")
			}
		}
		out = append(out, a)
	}
	return out
}

// networkSpec is the stack's network spec, every setting defaulted when it sets none.
func networkSpec(cfg *stackconfig.Config) network.NetworkSpec {
	if n := cfg.Network; n != nil && n.Alicloud != nil {
		return *n.Alicloud
	}
	return network.NetworkSpec{}
}

func networkArgs(cfg *stackconfig.Config) network.NetworkArgs {
	return network.NetworkArgs{
		NetworkSpec: networkSpec(cfg),
		Region:      cfg.Region,
		Zones:       cfg.Zones,
		NamePrefix:  cfg.ResourcePrefix(),
		Tags:        cfg.Tags,
	}
}

// validateNetwork reports the problems of an alicloud stack's network: its region's and zones'
// at those keys, its spec's under network.
func validateNetwork(l *validation.List, cfg *stackconfig.Config) {
	l.Merge("", network.ValidateZones(cfg.Region, cfg.Zones))
	l.Merge("network", networkSpec(cfg).Validate(cfg.Zones))
}

// clusterArgs is nil when the stack asks for no ACK cluster.
func clusterArgs(cfg *stackconfig.Config, nodeIDs, podIDs []pulumi.StringInput, sg pulumi.StringInput) *cluster.AckClusterArgs {
	spec := cfg.AckCluster()
	if spec == nil {
		return nil
	}
	a := &cluster.AckClusterArgs{
		AckClusterSpec:  *spec,
		ClusterName:     cfg.ResourcePrefix(),
		VSwitchIDs:      nodeIDs,
		PodVSwitchIDs:   podIDs,
		SecurityGroupID: sg,
		ServiceCidr:     serviceCidr(cfg),
		ProviderFromVPC: cfg.RunsInVPC(),
		Tags:            cfg.Tags,
	}
	a.DeletionProtection = deletionProtection(cfg, spec.DeletionProtection)
	return a
}

// validateAck checks the stack's ACK cluster: its spec under cluster, and the cluster name the
// stack's name gives. The service range is network.serviceCidr, checked with the same rule by
// the network's address plan.
func validateAck(l *validation.List, cfg *stackconfig.Config) {
	spec := cfg.AckCluster()
	if spec == nil {
		return
	}
	l.Merge("name", cluster.ValidateAckClusterName(cfg.ResourcePrefix()))
	l.Merge("cluster", spec.Validate())
}

// serviceCidr is the stack's service range, or "" when it chose none: the cluster's default then
// applies (the network plans with the same default), and the cluster keeps its range if that
// default ever changes.
func serviceCidr(cfg *stackconfig.Config) string {
	return networkSpec(cfg).ServiceCidr
}

// placeholderArgs is nil when placeholders are turned off.
func placeholderArgs(cfg *stackconfig.Config, pools []nodepools.Pool) *nodepools.PlaceholdersArgs {
	if cfg.NodePools == nil {
		return nil
	}
	var spec nodepools.PlaceholdersSpec
	if p := cfg.NodePools.Placeholders(); p != nil {
		spec = *p
	}
	if !spec.IsEnabled() {
		return nil
	}
	region := cfg.Region // picks ACK's VPC registry for the pause image
	if cfg.Cloud != stackconfig.CloudAlicloud {
		region = ""
	}
	return &nodepools.PlaceholdersArgs{PlaceholdersSpec: spec, Pools: pools, Region: region}
}

// diskClasses are the stack's disk classes, none when it has no cluster for them.
func diskClasses(cfg *stackconfig.Config) []storage.DiskClassSpec {
	if cfg.Storage == nil || !hasKubernetes(cfg) {
		return nil
	}
	return cfg.Storage.DiskClasses
}

// unknownIDs stand for IDs that exist only after creation, so that validation can count them.
func unknownIDs(n int) []pulumi.StringInput {
	out := make([]pulumi.StringInput, n)
	for i := range out {
		out[i] = pulumi.String("")
	}
	return out
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
