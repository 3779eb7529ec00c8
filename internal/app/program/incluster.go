package program

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/cs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/database"
	"github.com/zonestack/zonestack/components/fencing"
	"github.com/zonestack/zonestack/components/nodepools"
	"github.com/zonestack/zonestack/components/storage"
	"github.com/zonestack/zonestack/components/workloads"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
	"github.com/zonestack/zonestack/validation"
)

// cloudParts are the cloud layer's outputs the in-cluster layer is wired to: the virtual nodes
// (which bursting pods wait for), the databases, the node vSwitches an NLB spans and the CronHPA
// controller (which schedules wait for). All empty on GKE and on a local cluster.
type cloudParts struct {
	virtualNodes *nodepools.VirtualNodes
	databases    map[string]*database.MySQL
	vswitches    []pulumi.StringInput
	// cronHPAController is ACK's CronHPA add-on, which the services' schedules wait for; nil
	// when no service has schedules.
	cronHPAController *cs.KubernetesAddon
}

// assembleInCluster assembles what goes into the cluster, the same on every cloud: the
// namespaces, the placeholders of the pools, the disk classes and the workloads.
func assembleInCluster(l *validation.List, a *Assembly) {
	cfg := a.Config
	a.Namespaces = namespaces(cfg)
	if ph := placeholderArgs(cfg, a.Planned); ph != nil && a.Planned != nil {
		a.Placeholders = ph
		w, err := ph.PlaceholdersSpec.Validate(ph.Pools)
		a.Warnings = append(a.Warnings, w...)
		l.Merge("nodePools.placeholders", err)
	}
	a.Warnings = append(a.Warnings, exampleSources(cfg)...)

	services := map[string]int{}
	for i, s := range workloadsOf(cfg).StatefulServices {
		base := fmt.Sprintf("workloads.statefulServices[%d]", i)
		svc := workloads.StatefulServiceArgs{StatefulServiceSpec: s, Pools: a.Planned, Instance: s.Name}
		svc.Volumes = slices.Clone(s.Volumes)
		for j := range svc.Volumes {
			v := &svc.Volumes[j]
			v.Kind = volumeKind(cfg, v.StorageClass)
			if v.Kind == "" && v.StorageClass != "" {
				l.Invalid(fmt.Sprintf("%s.volumes[%d].storageClass", base, j), v.StorageClass,
					"is not a class of this stack (storage.diskClasses, storage.nas, storage.oss) nor an ACK built-in disk class")
			}
		}
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
		a.StatefulServices = append(a.StatefulServices, svc)
	}
	stateful := map[string]bool{}
	for k := range services {
		stateful[k] = true
	}
	elastic := map[string]int{}
	for i, s := range workloadsOf(cfg).ElasticServices {
		base := fmt.Sprintf("workloads.elasticServices[%d]", i)
		e := workloads.ElasticServiceArgs{ElasticServiceSpec: s, Pools: a.Planned, Instance: s.Name}
		if len(e.Schedules) > 0 && (cfg.Cloud == stackconfig.CloudGCP || cfg.SelfManaged != nil) {
			l.Invalid(base+".schedules", "set", "need ACK's CronHPA controller (%s), an ACK add-on; a GKE or self-managed cluster has none", workloads.CronHPAControllerAddon)
		}
		if cfg.Cloud == stackconfig.CloudAlicloud {
			loadBalancerZones(l, base+".loadBalancer", cfg.Zones, &e.LoadBalancer)
		}
		e.Volumes = slices.Clone(s.Volumes)
		for j := range e.Volumes {
			v := &e.Volumes[j]
			v.Kind = volumeKind(cfg, v.StorageClass)
			if v.Kind == "" && v.StorageClass != "" {
				l.Invalid(fmt.Sprintf("%s.volumes[%d].storageClass", base, j), v.StorageClass, "is not a shared class of this stack (storage.nas, storage.oss)")
				v.Kind = workloads.VolumeSharedFile // reported once, here
			}
		}
		if e.Burst != "" && e.Burst != workloads.BurstNone && cfg.VirtualNodes == nil {
			l.Invalid(base+".burst", e.Burst, "needs virtual nodes to burst to; add zonestack:virtualNodes")
		}
		if ref := s.Database; ref != nil {
			d := slices.IndexFunc(cfg.Databases, func(d database.MySQLSpec) bool { return d.Name == ref.Name })
			if d < 0 {
				l.Invalid(base+".database.name", ref.Name, "is not one of the stack's databases (zonestack:databases)")
				e.Database = nil // reported above: nothing to connect to
			} else {
				db := cfg.Databases[d]
				names := db.Databases
				if len(names) == 0 {
					names = []string{db.Name}
				}
				// The address and password are the database's outputs, wired at registration.
				e.DatabaseConnection = &workloads.DatabaseConnection{Host: pulumi.String(""), Database: names[0], User: db.AccountName, Password: pulumi.String("")}
			}
		}
		for _, p := range validation.Problems(e.Validate(e.Name)) {
			// The database's variables and the NLB's vSwitches are outputs, wired at registration.
			if !strings.HasPrefix(p.Field, "computedEnv") && !strings.HasPrefix(p.Field, "secretEnv") && !strings.HasPrefix(p.Field, "loadBalancer.zones[") {
				l.Merge(base, p)
			}
		}
		key := workloadName(e.Namespace, e.Name)
		if j, dup := elastic[key]; dup {
			l.Invalid(base+".name", e.Name, "duplicates workloads.elasticServices[%d] in namespace %s", j, nsOrDefault(e.Namespace))
		} else if stateful[key] {
			l.Invalid(base+".name", e.Name, "duplicates a stateful service in namespace %s", nsOrDefault(e.Namespace))
		}
		elastic[key] = i
		a.ElasticServices = append(a.ElasticServices, e)
	}
	a.Warnings = append(a.Warnings, burstWarnings(cfg, a.Planned)...)

	names := map[string]int{}
	for i, d := range diskClasses(cfg) {
		base := fmt.Sprintf("storage.diskClasses[%d]", i)
		if cfg.Cloud == stackconfig.CloudGCP {
			l.Merge(base, storage.PdClassSpec(d).Validate())
			a.PdClasses = append(a.PdClasses, storage.PdClassSpec(d).Args())
		} else {
			l.Merge(base, d.Validate())
			a.DiskClasses = append(a.DiskClasses, storage.DiskStorageClassArgs{DiskClassSpec: d})
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
}

// registerInCluster registers what goes into the cluster from the assembly, the same on every
// cloud, wired to the cloud layer's parts.
func registerInCluster(ctx *pulumi.Context, a *Assembly, inCluster pulumi.ResourceOption, parts cloudParts, out map[string]pulumi.Input) error {
	var namespaces []pulumi.Resource
	if len(a.Namespaces) > 0 {
		ns, err := workloads.NewNamespaces(ctx, "namespaces", &workloads.NamespacesArgs{Names: a.Namespaces}, inCluster)
		if err != nil {
			return err
		}
		namespaces = ns.Namespaces
	}
	inCluster = pulumi.Composite(inCluster, pulumi.DependsOn(namespaces))
	if a.Fencing != nil {
		f, err := fencing.NewNodeFencing(ctx, "fencing", a.Fencing, inCluster)
		if err != nil {
			return err
		}
		out["fencingController"] = f.DeploymentName
	}
	if a.Placeholders != nil {
		warm, err := nodepools.NewPlaceholders(ctx, "placeholders", a.Placeholders, inCluster)
		if err != nil {
			return err
		}
		out["placeholders"] = warm.DeploymentNames
	}
	var classes pulumi.StringArray
	for _, d := range a.DiskClasses {
		sc, err := storage.NewDiskStorageClass(ctx, "storage-"+className(d.Name), &d, inCluster)
		if err != nil {
			return err
		}
		classes = append(classes, sc.Name)
	}
	for _, d := range a.PdClasses {
		pd, err := storage.NewPdStorageClass(ctx, "storage-"+className(d.Name), &d, inCluster)
		if err != nil {
			return err
		}
		classes = append(classes, pd.Name)
	}
	if len(classes) > 0 {
		out["diskStorageClasses"] = classes
	}
	members := pulumi.Map{}
	for _, s := range a.StatefulServices {
		// Named <namespace>/<name>, so that two namespaces may each have a service of one name.
		// Releases before this one named it <name>: the alias carries the service and its objects
		// over (the children's names follow), and Instance keeps the pods' selector as it was.
		svc, err := workloads.NewStatefulService(ctx, workloadName(s.Namespace, s.Name), &s, inCluster,
			pulumi.Aliases([]pulumi.Alias{{Name: pulumi.String(s.Name)}}))
		if err != nil {
			return err
		}
		members[s.Name] = svc.Members
	}
	if len(members) > 0 {
		out["statefulServiceMembers"] = members
	}
	addresses := pulumi.StringMap{}
	for _, e := range a.ElasticServices {
		if len(e.Schedules) > 0 && parts.cronHPAController != nil {
			e.CronHPAController = parts.cronHPAController
		}
		if zones := e.LoadBalancer.Zones; len(zones) > 0 {
			e.LoadBalancer.Zones = slices.Clone(zones)
			for i := range e.LoadBalancer.Zones {
				e.LoadBalancer.Zones[i].VSwitchID = parts.vswitches[i]
			}
		}
		if c := e.DatabaseConnection; c != nil && e.Database != nil {
			if m := parts.databases[e.Database.Name]; m != nil {
				wired := *c
				wired.Host, wired.Password = m.Endpoint(), m.Password
				e.DatabaseConnection = &wired
			}
		}
		opts := []pulumi.ResourceOption{inCluster}
		if parts.virtualNodes != nil && e.Burst != "" && e.Burst != workloads.BurstNone {
			// Pods that may burst wait for the add-on and the eci-profile that route them: named
			// one by one, since depending on the component expands to the children the SDK has
			// recorded by then, which raced with the eci-profile's registration.
			deps := []pulumi.Resource{parts.virtualNodes.Profile}
			if parts.virtualNodes.Addon != nil {
				deps = append(deps, parts.virtualNodes.Addon)
			}
			opts = append(opts, pulumi.DependsOn(deps))
		}
		svc, err := workloads.NewElasticService(ctx, workloadName(e.Namespace, e.Name), &e, opts...)
		if err != nil {
			return err
		}
		addresses[e.Name] = svc.Address
	}
	if len(addresses) > 0 {
		out["elasticServiceAddresses"] = addresses
	}
	return nil
}

// className is a disk class's name, defaulted.
func className(name string) string {
	if name == "" {
		return storage.DefaultDiskClassName
	}
	return name
}

// workloadsOf are the stack's workloads, none when it has no cluster to run them in.
func workloadsOf(cfg *stackconfig.Config) stackconfig.Workloads {
	if cfg.Workloads == nil || !hasKubernetes(cfg) {
		return stackconfig.Workloads{}
	}
	return *cfg.Workloads
}

// builtinDiskClasses are the disk classes every ACK cluster has.
var builtinDiskClasses = []string{"alicloud-disk-efficiency", "alicloud-disk-ssd", "alicloud-disk-essd",
	"alicloud-disk-available", "alicloud-disk-topology", "alicloud-disk-topology-alltype"}

// gkeBuiltinDiskClasses are the persistent-disk classes every GKE cluster has.
var gkeBuiltinDiskClasses = []string{"standard-rwo", "premium-rwo", "standard"}

// volumeKind tells what kind of storage a class of the stack is: a zonal disk or a shared file
// system (NAS, or OSS through ossfs); "" for a class the stack does not know.
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
		// An OSS class is shared too: ReadWriteMany, mounted from every zone (through ossfs).
		if o := cfg.Storage.Oss; o != nil && (o.ClassName == class || (o.ClassName == "" && class == storage.DefaultOssClassName)) {
			return workloads.VolumeSharedFile
		}
	}
	if slices.Contains(builtinDiskClasses, class) || (cfg.Cloud == stackconfig.CloudGCP && slices.Contains(gkeBuiltinDiskClasses, class)) {
		return workloads.VolumeZonalDisk
	}
	return ""
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

// namespaces are the namespaces the stack's workloads and placeholders use besides the system
// ones.
func namespaces(cfg *stackconfig.Config) []string {
	var names []string
	w := workloadsOf(cfg)
	for _, s := range w.StatefulServices {
		names = append(names, s.Namespace)
	}
	for _, s := range w.ElasticServices {
		names = append(names, s.Namespace)
	}
	if p := cfg.NodePools.Placeholders(); p != nil {
		names = append(names, p.Namespace)
	}
	return slices.DeleteFunc(names, func(n string) bool { return n == "" || slices.Contains(workloads.SystemNamespaces, n) })
}

// burstWarnings are what ACK documents about overflow that zonestack cannot check.
func burstWarnings(cfg *stackconfig.Config, pools []nodepools.Pool) []string {
	autoscaled := slices.ContainsFunc(pools, func(p nodepools.Pool) bool { return p.MaxSize > p.MinSize })
	var out []string
	for _, s := range workloadsOf(cfg).ElasticServices {
		if s.Burst == workloads.BurstOverflow && s.MaxOnECS != nil && autoscaled && (s.OnPools == nil || *s.OnPools) {
			out = append(out, fmt.Sprintf("elastic service %s: maxOnEcs on autoscaled pools: ACK warns the autoscaler does not know the cap and may add nodes that stay empty; cap ECS by the pools' maxSize instead, or use fixed-size pools", s.Name))
		}
	}
	return out
}

// workloadName is a workload's Pulumi name: <namespace>/<name>, as Kubernetes knows it.
func workloadName(namespace, name string) string { return nsOrDefault(namespace) + "/" + name }

func nsOrDefault(ns string) string {
	if ns == "" {
		return workloads.DefaultNamespace
	}
	return ns
}

// loadBalancerZones places an alicloud stack's load balancer in the stack's zones: an NLB spans
// every zone, each through its node vSwitch (wired at registration); a CLB lives in a master and
// a backup zone, by default the stack's first two, and those it names must be the stack's.
func loadBalancerZones(l *validation.List, base string, zones []string, lb *workloads.LoadBalancer) {
	switch lb.Type {
	case workloads.LoadBalancerNLB:
		for _, z := range zones {
			lb.Zones = append(lb.Zones, workloads.LoadBalancerZone{Zone: z})
		}
	case "", workloads.LoadBalancerCLB:
		if lb.MasterZone == "" && lb.BackupZone == "" && len(zones) >= 2 {
			lb.MasterZone, lb.BackupZone = zones[0], zones[1]
		}
		for _, f := range []struct{ field, zone string }{{"masterZone", lb.MasterZone}, {"backupZone", lb.BackupZone}} {
			if f.zone != "" && !slices.Contains(zones, f.zone) {
				l.Invalid(base+"."+f.field, f.zone, "must be one of the stack's zones %v", zones)
			}
		}
	}
}
