package stackconfig

import (
	"github.com/zonestack/zonestack/components/cluster"
	"github.com/zonestack/zonestack/components/database"
	"github.com/zonestack/zonestack/components/federation"
	"github.com/zonestack/zonestack/components/fencing"
	"github.com/zonestack/zonestack/components/network"
	"github.com/zonestack/zonestack/components/nodepools"
	"github.com/zonestack/zonestack/components/storage"
	"github.com/zonestack/zonestack/components/workloads"
)

// Project is the Pulumi project name and the namespace of zonestack's config keys.
const Project = "zonestack"

// Clouds a stack can name.
const (
	CloudAlicloud = "alicloud"
	CloudGCP      = "gcp"
	// CloudGlobal is a stack with no cluster of its own: it federates the clusters of other
	// stacks (zonestack:federation).
	CloudGlobal = "global"
	CloudLocal  = "local"
)

// Where `pulumi up` of a stack runs (Config.Runner).
const (
	RunnerInternet = "internet"
	RunnerVPC      = "vpc"
)

// Config is one stack's configuration. Each field is one `zonestack:<key>` of the stack file.
// A key may be set as a secret (`pulumi config set --secret`) only if its field is tagged
// `secret:"allowed"`; the program must then keep the value secret all the way.
type Config struct {
	// Cloud is where the stack runs: "alicloud", "gcp" or "local". Required.
	Cloud string `json:"cloud"`
	// Region is the cloud region, e.g. "cn-beijing". Required.
	Region string `json:"region"`
	// Zones are the zones the stack spans, in order. Required; an HA stack needs at least three.
	Zones []string `json:"zones"`
	// HA says the stack must survive the loss of a zone. Optional, default true.
	HA *bool `json:"ha,omitempty"`
	// Production marks a stack whose stateful cloud resources (the cluster, NAS) are protected
	// from deletion by Pulumi and whose disks must be encrypted. Optional, default false.
	Production bool `json:"production,omitempty"`
	// Runner is where `pulumi up` of the stack runs, which decides how it reaches the API server
	// it applies Kubernetes objects to: RunnerInternet (default: a laptop, a hosted CI runner;
	// the cluster needs a public endpoint) or RunnerVPC (a machine inside the stack's VPC, or on a
	// network routed to it by VPN, CEN, peering or Interconnect; the private endpoint serves).
	// A global stack's runner reaches every member's API server. Optional, default internet.
	Runner string `json:"runner,omitempty"`
	// Name prefixes the cloud names of the stack's resources. Optional, default "zonestack-<stack>".
	Name string `json:"name,omitempty"`
	// Tags are added to every cloud resource that takes tags. Optional.
	Tags map[string]string `json:"tags,omitempty"`
	// Network is the stack's network, in its cloud's shape: on alicloud the VPC and its vSwitches
	// (network.NetworkSpec), on gcp the subnetwork's ranges (network.GcpNetworkSpec). Optional; a
	// cloud stack always has a network, with every setting defaulted when this is absent.
	Network *OnCloud[network.NetworkSpec, network.GcpNetworkSpec] `json:"network,omitempty"`
	// Cluster is the managed Kubernetes cluster: an ACK cluster's settings on an alicloud stack,
	// a GKE cluster's on a gcp stack (components/cluster AckClusterSpec, GkeClusterSpec, whose
	// field comments give the defaults). Optional; absent (nil), the stack has no cluster.
	Cluster *OnCloud[cluster.AckClusterSpec, cluster.GkeClusterSpec] `json:"cluster,omitempty"`
	// SelfManaged is a kubeadm control plane on ECS instead of ACK (components/cluster
	// KubeadmSpec, whose field comments give the defaults). Optional; not with Cluster.
	SelfManaged *cluster.KubeadmSpec `json:"selfManaged,omitempty"`
	// NodePools are the elastic pools, one per zone, with their placeholders: ACK's
	// (nodepools.AckPools) or GKE's (nodepools.GkePools). Optional; needs Cluster.
	NodePools *NodePools `json:"nodePools,omitempty"`
	// SystemPool sizes the untainted pool, one per zone, that every ACK and GKE cluster gets for
	// the pods that tolerate no taint (CoreDNS, CSI, metrics-server). Optional: every field
	// defaults.
	SystemPool *OnCloud[nodepools.AckSystemPoolSpec, nodepools.GkeSystemPoolSpec] `json:"systemPool,omitempty"`
	// Storage are the cluster's StorageClasses. Optional; needs Cluster.
	Storage *Storage `json:"storage,omitempty"`
	// Workloads are the services the stack runs in the cluster. Optional; needs Cluster.
	Workloads *Workloads `json:"workloads,omitempty"`
	// VirtualNodes are ECI virtual nodes (ack-virtual-node) and the routing of pods to them. The
	// ECI vSwitches are the stack's pod vSwitches, one per zone, and the security group the
	// cluster's. Optional; needs Cluster, or runs on the local cluster's stand-in. On a local stack
	// only {} is allowed: the local cluster gets one fake virtual node per zone, shaped as ACK's.
	VirtualNodes *nodepools.VirtualNodesSpec `json:"virtualNodes,omitempty"`
	// Fencing deploys the node fencing controller into the cluster (components/fencing
	// NodeFencingSpec): a node NotReady whose machine the cloud reports stopped or released is
	// tainted out of service, so that its stateful members run again in their zone in about a
	// minute instead of staying Terminating. Optional: on by default in a production stack with an
	// ACK or GKE cluster (zonestack:production), off elsewhere; its image is required when on.
	Fencing *fencing.NodeFencingSpec `json:"fencing,omitempty"`
	// Databases are RDS MySQL instances in the stack's VPC. Optional; alicloud only.
	Databases []database.MySQLSpec `json:"databases,omitempty"`
	// Federation federates a service over other stacks' clusters. Required in, and only in, a
	// global stack; its settings and their rules are the component's.
	Federation *federation.FederationSpec `json:"federation,omitempty"`
	// DatabasePasswords are the databases' account passwords by database name, as a JSON object
	// set with `pulumi config set --secret`. Optional: a database without one gets a generated
	// password. Only ever a secret.
	DatabasePasswords map[string]string `json:"databasePasswords,omitempty" secret:"required"`

	stack   string
	secrets map[string]bool
	// opaque are secret keys read without decryption: their values are unknown.
	opaque map[string]bool
	// gcpProject is gcp:project, the GCP project of a GKE stack.
	gcpProject string
}

// GcpProject is the stack's gcp:project.
func (c *Config) GcpProject() string { return c.gcpProject }

// AckCluster is the stack's ACK cluster, or nil when it has none (no cluster, or a gcp stack's).
func (c *Config) AckCluster() *cluster.AckClusterSpec {
	if c.Cluster == nil {
		return nil
	}
	return c.Cluster.Alicloud
}

// GkeCluster is the stack's GKE cluster, or nil when it has none (no cluster, or an alicloud
// stack's).
func (c *Config) GkeCluster() *cluster.GkeClusterSpec {
	if c.Cluster == nil {
		return nil
	}
	return c.Cluster.GCP
}

// Stack is the name of the stack this config belongs to.
func (c *Config) Stack() string { return c.stack }

// IsSecret says whether the top-level key (without namespace) was set as a secret.
func (c *Config) IsSecret(key string) bool { return c.secrets[key] }

// DatabasePassword is the password given for a database, if any. Read offline from a stack file,
// where secrets stay encrypted, a given password is SecretPlaceholder.
func (c *Config) DatabasePassword(database string) (string, bool) {
	if c.opaque["databasePasswords"] {
		return SecretPlaceholder, true
	}
	pw, ok := c.DatabasePasswords[database]
	return pw, ok
}

// RunsInVPC says `pulumi up` of the stack runs inside its VPC (or a network routed to it).
func (c *Config) RunsInVPC() bool { return c.Runner == RunnerVPC }

// FencingEnabled is whether the stack deploys the fencing controller: zonestack:fencing's
// enabled, by default on in a production stack with an ACK or GKE cluster.
func (c *Config) FencingEnabled() bool {
	if c.Fencing == nil {
		return c.Production && c.Cluster != nil
	}
	return c.Fencing.IsEnabled(c.Production && c.Cluster != nil)
}

// HighlyAvailable is HA with its default applied.
func (c *Config) HighlyAvailable() bool { return c.HA == nil || *c.HA }

// ResourcePrefix is Name with its default applied.
func (c *Config) ResourcePrefix() string {
	if c.Name != "" {
		return c.Name
	}
	return Project + "-" + c.stack
}

// MinHAZones is how many zones an HA stack spans at least: with three, losing one leaves a
// majority of etcd members and two thirds of the capacity.
const MinHAZones = 3

// NodePools is the stack's nodePools key: its cloud's pools (ZonalPools on ACK and on the local
// cluster, GkeZonalPools on GKE), each with the placeholders that keep a warm node in every pool.
type NodePools struct {
	OnCloud[AckNodePools, GkeNodePools]
}

// AckNodePools are an alicloud (or local) stack's pools and their placeholders.
type AckNodePools struct {
	nodepools.AckPools
	// Placeholders keep a warm node in every pool. Optional, on by default.
	Placeholders *nodepools.PlaceholdersSpec `json:"placeholders,omitempty"`
}

// GkeNodePools are a gcp stack's pools and their placeholders.
type GkeNodePools struct {
	nodepools.GkePools
	// Placeholders keep a warm node in every pool. Optional, on by default.
	Placeholders *nodepools.PlaceholdersSpec `json:"placeholders,omitempty"`
}

// Placeholders are the pools' placeholder settings, whichever the cloud; nil when not set.
func (n *NodePools) Placeholders() *nodepools.PlaceholdersSpec {
	switch {
	case n == nil:
		return nil
	case n.Alicloud != nil:
		return n.Alicloud.Placeholders
	case n.GCP != nil:
		return n.GCP.Placeholders
	}
	return nil
}

// Name is the pools' name setting, whichever the cloud.
func (n *NodePools) Name() string {
	switch {
	case n == nil:
		return ""
	case n.Alicloud != nil:
		return n.Alicloud.AckPools.Name
	case n.GCP != nil:
		return n.GCP.GkePools.Name
	}
	return ""
}

// Storage configures components/storage.
type Storage struct {
	// DiskClasses are zonal cloud-disk StorageClasses: on alicloud DiskStorageClasses, on gcp
	// PdStorageClasses (storage.PdClassSpec).
	DiskClasses []storage.DiskClassSpec `json:"diskClasses,omitempty"`
	// Nas is a NAS file system with a ReadWriteMany StorageClass: POSIX, stored in one zone.
	// Optional; alicloud only.
	Nas *storage.NasSpec `json:"nas,omitempty"`
	// Oss is an OSS bucket with zone-redundant storage and a ReadWriteMany StorageClass through
	// ossfs: it outlives a zone, but is not POSIX (storage.OssStorage says what it suits).
	// Optional; alicloud ACK only.
	Oss *storage.OssSpec `json:"oss,omitempty"`
}

// Workloads are the stack's services, each kind a list of its component's spec.
type Workloads struct {
	StatefulServices []workloads.StatefulServiceSpec `json:"statefulServices,omitempty"`
	ElasticServices  []workloads.ElasticServiceSpec  `json:"elasticServices,omitempty"`
}
