package program

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/cs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/cluster"
	"github.com/zonestack/zonestack/components/database"
	"github.com/zonestack/zonestack/components/network"
	"github.com/zonestack/zonestack/components/nodepools"
	"github.com/zonestack/zonestack/components/workloads"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
	"github.com/zonestack/zonestack/validation"
)

// cloudParts are what the in-cluster layer takes from the cloud layer: the virtual nodes (which
// bursting pods wait for), the databases, the vSwitches an NLB spans and the CronHPA controller
// (which schedules wait for). All empty on a local stack.
type cloudParts struct {
	virtualNodes *nodepools.VirtualNodes
	databases    map[string]*database.MySQL
	lbZones      []workloads.LoadBalancerZone
	// cronHPAController is ACK's CronHPA add-on, which the services' schedules wait for; nil
	// when no service has schedules.
	cronHPAController *cs.KubernetesAddon
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

// virtualNodesArgs is nil when the stack asks for no virtual nodes. ECI pods take the stack's
// pod vSwitches, one per zone, and the cluster's security group.
func virtualNodesArgs(cfg *stackconfig.Config, clusterID, vpcID pulumi.StringInput, podIDs []pulumi.StringInput, sg pulumi.StringInput) *nodepools.VirtualNodesArgs {
	if cfg.VirtualNodes == nil {
		return nil
	}
	a := &nodepools.VirtualNodesArgs{VirtualNodesSpec: *cfg.VirtualNodes, ClusterID: clusterID, VpcID: vpcID, SecurityGroupID: sg}
	for i, z := range cfg.Zones {
		a.VSwitches = append(a.VSwitches, nodepools.ECIVSwitch{Zone: z, ID: podIDs[i]})
	}
	return a
}

// mysqlArgs converts one database of the stack: in the stack's first two zones, open to every
// node and pod vSwitch of the stack's address plan and to the cluster's security group.
func mysqlArgs(cfg *stackconfig.Config, d database.MySQLSpec, plan network.AddressPlan, nodeIDs, sgs []pulumi.StringInput) database.MySQLArgs {
	// Production data is not deleted by a mistaken destroy; elsewhere it follows the stack.
	d.DeletionProtection = deletionProtection(cfg, d.DeletionProtection)
	a := database.MySQLArgs{
		MySQLSpec:        d,
		InstanceName:     mysqlInstanceName(cfg, d),
		Zones:            cfg.Zones,
		VSwitchIDs:       nodeIDs,
		SecurityGroupIDs: sgs,
		Tags:             cfg.Tags,
	}
	for _, z := range plan.Zones {
		a.AllowedCidrs = append(a.AllowedCidrs, z.NodeCidr, z.PodCidr)
	}
	if pw, ok := cfg.DatabasePassword(d.Name); ok {
		a.Password = pulumi.ToSecret(pulumi.String(pw)).(pulumi.StringOutput)
	}
	return a
}

// mysqlInstanceName is the RDS instance's name of a database of the stack: after the stack's.
func mysqlInstanceName(cfg *stackconfig.Config, d database.MySQLSpec) string {
	return cfg.ResourcePrefix() + "-" + d.Name
}

// elasticServiceArgs gives the stack's elastic services their pools, instance label, volumes'
// kinds, NLB zones, CronHPA controller and database connection. parts gives the cloud's outputs
// (empty when validating, with stand-ins then); with l set, references to what the stack does not
// have are reported there.
func elasticServiceArgs(cfg *stackconfig.Config, pools []nodepools.Pool, parts cloudParts, l *validation.List) []workloads.ElasticServiceArgs {
	if cfg.Workloads == nil || !hasKubernetes(cfg) {
		return nil
	}
	var out []workloads.ElasticServiceArgs
	for i, s := range cfg.Workloads.ElasticServices {
		base := fmt.Sprintf("workloads.elasticServices[%d]", i)
		a := workloads.ElasticServiceArgs{ElasticServiceSpec: s, Pools: pools, Instance: s.Name}
		if len(a.Schedules) > 0 && parts.cronHPAController != nil {
			a.CronHPAController = parts.cronHPAController
		}
		if l != nil && len(a.Schedules) > 0 && (cfg.Cloud == stackconfig.CloudGCP || cfg.SelfManaged != nil) {
			l.Invalid(base+".schedules", "set", "need ACK's CronHPA controller (%s), an ACK add-on; a GKE or self-managed cluster has none", workloads.CronHPAControllerAddon)
		}
		if a.LoadBalancer.Type == workloads.LoadBalancerNLB {
			a.LoadBalancer.Zones = parts.lbZones
		}
		a.Volumes = slices.Clone(s.Volumes)
		for j := range a.Volumes {
			v := &a.Volumes[j]
			v.Kind = volumeKind(cfg, v.StorageClass)
			if v.Kind == "" && l != nil && v.StorageClass != "" {
				l.Invalid(fmt.Sprintf("%s.volumes[%d].storageClass", base, j), v.StorageClass, "is not a class of this stack (storage.nas)")
				v.Kind = workloads.VolumeSharedFile // reported once, here
			}
		}
		if l != nil && a.Burst != "" && a.Burst != workloads.BurstNone && cfg.VirtualNodes == nil {
			l.Invalid(base+".burst", a.Burst, "needs virtual nodes to burst to; add zonestack:virtualNodes")
		}
		if ref := s.Database; ref != nil {
			d := slices.IndexFunc(cfg.Databases, func(d database.MySQLSpec) bool { return d.Name == ref.Name })
			if d < 0 {
				if l != nil {
					l.Invalid(base+".database.name", ref.Name, "is not one of the stack's databases (zonestack:databases)")
				}
				a.Database = nil // reported above: nothing to connect to
			} else {
				db := cfg.Databases[d]
				names := db.Databases
				if len(names) == 0 {
					names = []string{db.Name}
				}
				conn := &workloads.DatabaseConnection{Host: pulumi.String(""), Database: names[0], User: db.AccountName, Password: pulumi.String("")}
				if m := parts.databases[ref.Name]; m != nil {
					conn.Host, conn.Password = m.Endpoint(), m.Password
				}
				a.DatabaseConnection = conn
			}
		}
		out = append(out, a)
	}
	return out
}

// validateBurst reports the problems of the stack's virtual nodes, databases and elastic
// services under their config paths.
func validateBurst(cfg *stackconfig.Config, l *validation.List, pools []nodepools.Pool) {
	if v := cfg.VirtualNodes; v != nil {
		l.Merge("virtualNodes", v.Validate())
	}
	names := map[string]int{}
	for i, d := range cfg.Databases {
		base := fmt.Sprintf("databases[%d]", i)
		if j, dup := names[d.Name]; dup {
			l.Invalid(base+".name", d.Name, "duplicates databases[%d].name", j)
		}
		names[d.Name] = i
		l.Merge(base, d.Validate(mysqlInstanceName(cfg, d)))
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
	services := map[string]int{}
	for _, s := range workloadNames(cfg) {
		services[s] = -1
	}
	for i, a := range elasticServiceArgs(cfg, pools, cloudParts{}, l) {
		base := fmt.Sprintf("workloads.elasticServices[%d]", i)
		for _, p := range validation.Problems(a.Validate(a.Name)) {
			// The database's variables and the volumes' kinds are reported where they come from.
			if !strings.HasPrefix(p.Field, "computedEnv") && !strings.HasPrefix(p.Field, "secretEnv") {
				l.Merge(base, p)
			}
		}
		key := workloadName(a.Namespace, a.Name)
		if j, dup := services[key]; dup {
			what := "a stateful service"
			if j >= 0 {
				what = fmt.Sprintf("workloads.elasticServices[%d]", j)
			}
			l.Invalid(base+".name", a.Name, "duplicates %s in namespace %s", what, nsOrDefault(a.Namespace))
		}
		services[key] = i
	}
}

func workloadNames(cfg *stackconfig.Config) []string {
	var out []string
	if cfg.Workloads != nil {
		for _, s := range cfg.Workloads.StatefulServices {
			out = append(out, workloadName(s.Namespace, s.Name))
		}
	}
	return out
}

// registerNamespaces creates the namespaces the stack's workloads use, when there are any
// besides the system ones; nil otherwise.
func registerNamespaces(ctx *pulumi.Context, cfg *stackconfig.Config, inCluster pulumi.ResourceOption) ([]pulumi.Resource, error) {
	var names []string
	if w := cfg.Workloads; w != nil && hasKubernetes(cfg) {
		for _, s := range w.StatefulServices {
			names = append(names, s.Namespace)
		}
		for _, s := range w.ElasticServices {
			names = append(names, s.Namespace)
		}
	}
	if p := cfg.NodePools.Placeholders(); p != nil {
		names = append(names, p.Namespace)
	}
	names = slices.DeleteFunc(names, func(n string) bool { return n == "" || slices.Contains(workloads.SystemNamespaces, n) })
	if len(names) == 0 {
		return nil, nil
	}
	ns, err := workloads.NewNamespaces(ctx, "namespaces", &workloads.NamespacesArgs{Names: names}, inCluster)
	if err != nil {
		return nil, err
	}
	return ns.Namespaces, nil
}

// burstWarnings are what ACK documents about overflow that zonestack cannot check.
func burstWarnings(cfg *stackconfig.Config, pools []nodepools.Pool) []string {
	var out []string
	if cfg.Workloads == nil {
		return nil
	}
	autoscaled := false
	for _, p := range pools {
		if p.MaxSize > p.MinSize {
			autoscaled = true
		}
	}
	for _, s := range cfg.Workloads.ElasticServices {
		if s.Burst == workloads.BurstOverflow && s.MaxOnECS != nil && autoscaled && (s.OnPools == nil || *s.OnPools) {
			out = append(out, fmt.Sprintf("elastic service %s: maxOnEcs on autoscaled pools: ACK warns the autoscaler does not know the cap and may add nodes that stay empty; cap ECS by the pools' maxSize instead, or use fixed-size pools", s.Name))
		}
	}
	return out
}
