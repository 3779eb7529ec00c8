package program

import (
	"github.com/zonestack/zonestack/components/cluster"
	"github.com/zonestack/zonestack/components/database"
	"github.com/zonestack/zonestack/components/fencing"
	"github.com/zonestack/zonestack/components/network"
	"github.com/zonestack/zonestack/components/nodepools"
	"github.com/zonestack/zonestack/components/storage"
	"github.com/zonestack/zonestack/components/workloads"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
	"github.com/zonestack/zonestack/validation"
)

// Assembly is a stack's components as its file decides them: each component's args with every
// setting the stack gives, checked, and no output of another resource in them (IDs, providers and
// the databases' addresses are nil). Registration copies these args and wires those outputs in;
// validation, the offline plan and the local cluster read the same values. A field is nil when
// the stack has no such component.
type Assembly struct {
	// Config is the stack the assembly is of.
	Config *stackconfig.Config
	// Warnings are what could not be checked before `pulumi up`.
	Warnings []string

	// Network, Cluster or Kubeadm, Pools and SystemPools, Nas, Oss, Databases and VirtualNodes
	// are an alicloud stack's.
	Network      *network.NetworkArgs
	Cluster      *cluster.AckClusterArgs
	Kubeadm      *cluster.KubeadmClusterArgs
	Pools        *nodepools.ZonalPoolsArgs
	SystemPools  *nodepools.ZonalPoolsArgs
	Nas          *storage.NasStorageArgs
	Oss          *storage.OssStorageArgs
	Databases    []database.MySQLArgs
	VirtualNodes *nodepools.VirtualNodesArgs

	// GcpNetwork, Gke, GkePools and GkeSystemPools are a gcp stack's.
	GcpNetwork     *network.GcpNetworkArgs
	Gke            *cluster.GkeClusterArgs
	GkePools       *nodepools.GkeZonalPoolsArgs
	GkeSystemPools *nodepools.GkeZonalPoolsArgs

	// Planned and PlannedSystem are the stateful and system pools as planned, on every cloud (a
	// local stack's are the local cluster's fake nodes): what placeholders and workloads select.
	Planned, PlannedSystem []nodepools.Pool
	// What goes into the cluster, the same on every cloud.
	Namespaces       []string
	Placeholders     *nodepools.PlaceholdersArgs
	DiskClasses      []storage.DiskStorageClassArgs
	PdClasses        []storage.PdStorageClassArgs
	StatefulServices []workloads.StatefulServiceArgs
	ElasticServices  []workloads.ElasticServiceArgs
	// Fencing is the node fencing controller, when the stack deploys it.
	Fencing *fencing.NodeFencingArgs
}

// Assemble turns a parsed stack into every component's args and reports every problem at once,
// the stack's and its components', each under the config path the user wrote (for example
// "network.vswitches[1].podCidr"), before anything is registered.
func Assemble(cfg *stackconfig.Config) (*Assembly, error) {
	a := &Assembly{Config: cfg}
	var l validation.List
	switch cfg.Cloud {
	case stackconfig.CloudGlobal:
		l.Merge("federation", cfg.Federation.Validate())
		return a, l.Err()
	case stackconfig.CloudGCP:
		assembleGCP(&l, a)
	case stackconfig.CloudAlicloud:
		assembleAlicloud(&l, a)
	}
	// The pools of every cloud with a cluster (a local stack plays ACK's).
	a.Planned = planPools(&l, cfg)
	a.PlannedSystem = planSystemPools(&l, cfg)
	switch cfg.Cloud {
	case stackconfig.CloudAlicloud:
		if a.Cluster != nil {
			a.Pools = ackPoolsArgs(cfg, ackPools(cfg), nodepools.RoleStateful)
			a.SystemPools = ackPoolsArgs(cfg, ackSystemPools(cfg), nodepools.RoleSystem)
		}
	case stackconfig.CloudGCP:
		if a.Gke != nil {
			a.GkePools = gkePoolsArgs(cfg, gkePools(cfg), nodepools.RoleStateful)
			a.GkeSystemPools = gkePoolsArgs(cfg, gkeSystemPools(cfg), nodepools.RoleSystem)
		}
	}
	validateAPIAccess(&l, cfg)
	if hasKubernetes(cfg) {
		assembleInCluster(&l, a)
	}
	if cfg.FencingEnabled() && cfg.Cluster != nil {
		f := &fencing.NodeFencingArgs{Cloud: fencing.CloudAlicloud}
		if cfg.Fencing != nil {
			f.NodeFencingSpec = *cfg.Fencing
		}
		if cfg.Cloud == stackconfig.CloudGCP {
			f.Cloud = fencing.CloudGCP
		}
		l.Merge("fencing", f.Validate())
		a.Fencing = f
	}
	return a, l.Err()
}

// Validate reports every problem of cfg (Assemble's) and returns the warnings about what could
// not be checked.
func Validate(cfg *stackconfig.Config) (warnings []string, err error) {
	a, err := Assemble(cfg)
	return a.Warnings, err
}

// Pools plans the stack's node pools without registering anything: what ZonalPools (or
// GkeZonalPools) would create on the cloud, and what the local cluster's fake nodes mirror.
func Pools(cfg *stackconfig.Config) ([]nodepools.Pool, error) {
	a, err := Assemble(cfg)
	return a.Planned, err
}

// SystemPools plans the stack's system pools without registering anything; none when the stack has
// no ACK or GKE cluster.
func SystemPools(cfg *stackconfig.Config) ([]nodepools.Pool, error) {
	a, err := Assemble(cfg)
	return a.PlannedSystem, err
}

// StatefulServices are the args each StatefulService of the stack is registered with, on the
// pools planned (Pools).
func StatefulServices(cfg *stackconfig.Config) ([]workloads.StatefulServiceArgs, error) {
	a, err := Assemble(cfg)
	return a.StatefulServices, err
}
