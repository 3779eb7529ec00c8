package stackconfig

import (
	"github.com/zonestack/zonestack/components/database"
	"github.com/zonestack/zonestack/components/network"
	"github.com/zonestack/zonestack/components/storage"
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
	// Cluster is the managed Kubernetes cluster. Optional; absent, the stack has no cluster.
	Cluster *Cluster `json:"cluster,omitempty"`
	// SelfManaged is a kubeadm control plane on ECS instead of ACK. Optional; not with Cluster.
	SelfManaged *SelfManaged `json:"selfManaged,omitempty"`
	// NodePools are the elastic pools, one per zone, with their placeholders. Optional; needs
	// Cluster.
	NodePools *NodePools `json:"nodePools,omitempty"`
	// SystemPool is the untainted pool, one per zone, that every ACK and GKE cluster gets for the
	// pods that tolerate no taint (CoreDNS, CSI, metrics-server). Optional: every field defaults.
	SystemPool *SystemPool `json:"systemPool,omitempty"`
	// Storage are the cluster's StorageClasses. Optional; needs Cluster.
	Storage *Storage `json:"storage,omitempty"`
	// Workloads are the services the stack runs in the cluster. Optional; needs Cluster.
	Workloads *Workloads `json:"workloads,omitempty"`
	// VirtualNodes are ECI virtual nodes (ack-virtual-node) and the routing of pods to them.
	// Optional; needs Cluster, or runs on the local cluster's stand-in.
	VirtualNodes *VirtualNodes `json:"virtualNodes,omitempty"`
	// Databases are RDS MySQL instances in the stack's VPC. Optional; alicloud only.
	Databases []database.MySQLSpec `json:"databases,omitempty"`
	// Federation federates a service over other stacks' clusters. Required in, and only in, a
	// global stack.
	Federation *Federation `json:"federation,omitempty"`
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

// Cluster configures components/cluster AckCluster. Field comments there give the defaults.
type Cluster struct {
	Spec               string             `json:"spec,omitempty"`
	KubernetesVersion  string             `json:"kubernetesVersion,omitempty"`
	PublicEndpoint     bool               `json:"publicEndpoint,omitempty"`
	DeletionProtection *bool              `json:"deletionProtection,omitempty"`
	ProxyMode          string             `json:"proxyMode,omitempty"`
	EnableRrsa         *bool              `json:"enableRrsa,omitempty"`
	ControlPlaneLogs   []string           `json:"controlPlaneLogs,omitempty"`
	MaintenanceWindow  *MaintenanceWindow `json:"maintenanceWindow,omitempty"`
	Autoscaler         *Autoscaler        `json:"autoscaler,omitempty"`
	// ReleaseChannel and AuthorizedNetworks are a GKE cluster's.
	ReleaseChannel     string   `json:"releaseChannel,omitempty"`
	AuthorizedNetworks []string `json:"authorizedNetworks,omitempty"`
}

// SelfManaged configures components/cluster KubeadmCluster. Field comments there give the
// defaults.
type SelfManaged struct {
	Masters     int    `json:"masters,omitempty"`
	Etcd        string `json:"etcd,omitempty"`
	EtcdMembers int    `json:"etcdMembers,omitempty"`
	Workers     int    `json:"workers,omitempty"`
	VIP         string `json:"vip,omitempty"`
	// PublicEndpoint and AuthorizedNetworks: an Internet-facing NLB for the API server that
	// accepts only those sources.
	PublicEndpoint     bool     `json:"publicEndpoint,omitempty"`
	AuthorizedNetworks []string `json:"authorizedNetworks,omitempty"`
	KubernetesVersion  string   `json:"kubernetesVersion,omitempty"`
	ImageID            string   `json:"imageId,omitempty"`
	Master             *Machine `json:"master,omitempty"`
	Worker             *Machine `json:"worker,omitempty"`
	EtcdMachine        *Machine `json:"etcdMachine,omitempty"`
	LB                 *Machine `json:"lb,omitempty"`
	PodCidr            string   `json:"podCidr,omitempty"`
	ServiceCidr        string   `json:"serviceCidr,omitempty"`
	ImageRepository    string   `json:"imageRepository,omitempty"`
	PackageMirror      string   `json:"packageMirror,omitempty"`
	KeyName            string   `json:"keyName,omitempty"`
}

// Machine sizes one role of a self-managed cluster.
type Machine struct {
	InstanceType string `json:"instanceType,omitempty"`
	DiskGiB      int    `json:"diskGiB,omitempty"`
}

// Autoscaler tunes the ACK cluster's node autoscaling (components/cluster AutoscalerArgs, whose
// field comments give the defaults and their reasons).
type Autoscaler struct {
	ScalerType                string `json:"scalerType,omitempty"`
	ScanInterval              string `json:"scanInterval,omitempty"`
	Expander                  string `json:"expander,omitempty"`
	ScaleDownEnabled          *bool  `json:"scaleDownEnabled,omitempty"`
	ScaleDownUnneededTime     string `json:"scaleDownUnneededTime,omitempty"`
	ScaleDownDelayAfterAdd    string `json:"scaleDownDelayAfterAdd,omitempty"`
	UtilizationThreshold      string `json:"utilizationThreshold,omitempty"`
	MaxGracefulTerminationSec int    `json:"maxGracefulTerminationSec,omitempty"`
	SkipNodesWithLocalStorage *bool  `json:"skipNodesWithLocalStorage,omitempty"`
	SkipNodesWithSystemPods   *bool  `json:"skipNodesWithSystemPods,omitempty"`
	DaemonSetEviction         *bool  `json:"daemonsetEviction,omitempty"`
}

// MaintenanceWindow is when ACK may upgrade and repair the cluster and its managed node pools.
type MaintenanceWindow struct {
	Enabled   *bool    `json:"enabled,omitempty"`
	Weekdays  []string `json:"weekdays,omitempty"`
	StartTime string   `json:"startTime,omitempty"`
	UTCOffset string   `json:"utcOffset,omitempty"`
	Duration  string   `json:"duration,omitempty"`
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

// NodePools configures components/nodepools ZonalPools and Placeholders. The pool spec fields
// apply to every zone; Zones overrides them for one zone. Field comments there give the defaults.
type NodePools struct {
	// Name starts each pool's name. Optional, default "<name>-sts".
	Name string `json:"name,omitempty"`
	PoolSpec
	// Zones override the spec for one zone, keyed by zone ID.
	Zones map[string]ZonePool `json:"zones,omitempty"`
	// Placeholders keep a warm node in every pool. Optional, on by default.
	Placeholders *Placeholders `json:"placeholders,omitempty"`
}

// PoolSpec is what a pool is made of.
type PoolSpec struct {
	InstanceTypes []string          `json:"instanceTypes,omitempty"`
	MinSize       *int              `json:"minSize,omitempty"`
	MaxSize       *int              `json:"maxSize,omitempty"`
	Labels        map[string]string `json:"labels,omitempty"`
	ZoneLabelKey  string            `json:"zoneLabelKey,omitempty"`
	Taints        []Taint           `json:"taints,omitempty"`
	SystemDisk    *SystemDisk       `json:"systemDisk,omitempty"`
	DataDisks     []DataDisk        `json:"dataDisks,omitempty"`
	ImageType     string            `json:"imageType,omitempty"`
	KeyName       string            `json:"keyName,omitempty"`
	AutoRepair    *bool             `json:"autoRepair,omitempty"`
}

// SystemPool sizes the system pools (components/nodepools RoleSystem). Every field is optional:
// the defaults are nodepools.DefaultSystemPool*; the system disk's categories, performance level
// and encryption, the image, the zone label key and keyName follow nodePools'.
type SystemPool struct {
	InstanceTypes []string `json:"instanceTypes,omitempty"`
	MinSize       *int     `json:"minSize,omitempty"`
	MaxSize       *int     `json:"maxSize,omitempty"`
	DiskGiB       int      `json:"diskGiB,omitempty"`
	// KeyName is the ECS key pair of the system nodes (ACK). Default nodePools.keyName.
	KeyName string `json:"keyName,omitempty"`
}

// ZonePool overrides the pool spec in one zone.
type ZonePool struct {
	ZoneLabelValue string `json:"zoneLabelValue,omitempty"`
	PoolSpec
}

// Taint is a Kubernetes taint.
type Taint struct {
	Key    string `json:"key"`
	Value  string `json:"value,omitempty"`
	Effect string `json:"effect"`
}

// SystemDisk is a node's system disk.
type SystemDisk struct {
	Categories       []string `json:"categories,omitempty"`
	SizeGiB          int      `json:"sizeGiB,omitempty"`
	PerformanceLevel string   `json:"performanceLevel,omitempty"`
	Encrypted        bool     `json:"encrypted,omitempty"`
	KMSKeyID         string   `json:"kmsKeyId,omitempty"`
}

// DataDisk is one extra disk of each node.
type DataDisk struct {
	Category         string `json:"category,omitempty"`
	SizeGiB          int    `json:"sizeGiB"`
	PerformanceLevel string `json:"performanceLevel,omitempty"`
	Encrypted        bool   `json:"encrypted,omitempty"`
	KMSKeyID         string `json:"kmsKeyId,omitempty"`
}

// Placeholders configures the placeholder Deployments.
type Placeholders struct {
	// Enabled creates them. Optional, default true.
	Enabled           *bool  `json:"enabled,omitempty"`
	CPU               string `json:"cpu,omitempty"`
	Memory            string `json:"memory,omitempty"`
	Replicas          int    `json:"replicas,omitempty"`
	Priority          *int   `json:"priority,omitempty"`
	Namespace         string `json:"namespace,omitempty"`
	PriorityClassName string `json:"priorityClassName,omitempty"`
	Image             string `json:"image,omitempty"`
}

// Storage configures components/storage.
type Storage struct {
	// DiskClasses are zonal cloud-disk StorageClasses: on alicloud DiskStorageClasses, on gcp
	// PdStorageClasses (storage.PdClassSpec).
	DiskClasses []storage.DiskClassSpec `json:"diskClasses,omitempty"`
	// Nas is a NAS file system with a ReadWriteMany StorageClass. Optional; alicloud only.
	Nas *storage.NasSpec `json:"nas,omitempty"`
}

// Workloads configures components/workloads.
type Workloads struct {
	StatefulServices []StatefulService `json:"statefulServices,omitempty"`
	ElasticServices  []ElasticService  `json:"elasticServices,omitempty"`
}

// Workload is what every kind of service declares: its name, where and what it runs.
type Workload struct {
	// Name is required and unique in the stack.
	Name      string            `json:"name"`
	Namespace string            `json:"namespace,omitempty"`
	Image     string            `json:"image"`
	Command   []string          `json:"command,omitempty"`
	Args      []string          `json:"args,omitempty"`
	Env       map[string]string `json:"env,omitempty"`
	Resources *Resources        `json:"resources,omitempty"`
	Labels    map[string]string `json:"labels,omitempty"`
}

// ElasticService configures one ElasticService. Field comments there give the defaults.
type ElasticService struct {
	Workload
	Port          int    `json:"port"`
	ReadinessPath string `json:"readinessPath,omitempty"`
	// Burst is none (default), overflow or eci; overflow and eci need virtualNodes.
	Burst         string        `json:"burst,omitempty"`
	MaxOnEcs      *int          `json:"maxOnEcs,omitempty"`
	OverflowAfter string        `json:"overflowAfter,omitempty"`
	Autoscaling   *Autoscaling  `json:"autoscaling,omitempty"`
	Schedules     []Schedule    `json:"schedules,omitempty"`
	ExcludeDates  []string      `json:"excludeDates,omitempty"`
	LoadBalancer  *LoadBalancer `json:"loadBalancer,omitempty"`
	// Volumes are shared volumes on the NAS class, mounted by every pod.
	Volumes       []SharedVolume `json:"volumes,omitempty"`
	MaxDisruption string         `json:"maxDisruption,omitempty"`
	// Database connects the service to one of the stack's databases through its environment.
	Database *DatabaseRef `json:"database,omitempty"`
	// OnPools runs the service on the stack's node pools. Optional, default true when the stack
	// has nodePools.
	OnPools *bool `json:"onPools,omitempty"`
}

// Autoscaling is an elastic service's HPA.
type Autoscaling struct {
	MinReplicas          int `json:"minReplicas,omitempty"`
	MaxReplicas          int `json:"maxReplicas,omitempty"`
	TargetCPUUtilization int `json:"targetCpuUtilization,omitempty"`
}

// Schedule is one CronHPA job.
type Schedule struct {
	Name       string `json:"name"`
	Schedule   string `json:"schedule"`
	TargetSize int    `json:"targetSize"`
	RunOnce    bool   `json:"runOnce,omitempty"`
}

// LoadBalancer exposes an elastic service. An NLB spans the stack's zones.
type LoadBalancer struct {
	Type                  string `json:"type,omitempty"`
	AddressType           string `json:"addressType,omitempty"`
	Spec                  string `json:"spec,omitempty"`
	ExternalTrafficPolicy string `json:"externalTrafficPolicy,omitempty"`
	Port                  int    `json:"port,omitempty"`
}

// SharedVolume is a claim on the NAS class shared by every pod of an elastic service.
type SharedVolume struct {
	Name         string `json:"name"`
	MountPath    string `json:"mountPath"`
	Size         string `json:"size,omitempty"`
	StorageClass string `json:"storageClass"`
}

// DatabaseRef names a database of the stack and the environment variables that carry its
// address, database name, user and password (the password from a Secret). Unset names default
// to DB_HOST, DB_NAME, DB_USER and DB_PASSWORD.
type DatabaseRef struct {
	Name        string `json:"name"`
	HostEnv     string `json:"hostEnv,omitempty"`
	NameEnv     string `json:"nameEnv,omitempty"`
	UserEnv     string `json:"userEnv,omitempty"`
	PasswordEnv string `json:"passwordEnv,omitempty"`
}

// VirtualNodes configures nodepools.VirtualNodes. The ECI vSwitches are the stack's pod
// vSwitches, one per zone, and the security group the cluster's. No AccessKey: the add-on acts
// with the cluster's RAM role.
type VirtualNodes struct {
	AddonVersion         string        `json:"addonVersion,omitempty"`
	Namespaces           []string      `json:"namespaces,omitempty"`
	Selectors            []ECISelector `json:"selectors,omitempty"`
	DropDefaultSelectors bool          `json:"dropDefaultSelectors,omitempty"`
	KeepCloudResources   bool          `json:"keepCloudResources,omitempty"`
}

// ECISelector is an eci-profile selector.
type ECISelector struct {
	Name            string            `json:"name"`
	NamespaceLabels map[string]string `json:"namespaceLabels,omitempty"`
	PodLabels       map[string]string `json:"podLabels,omitempty"`
	Annotations     map[string]string `json:"annotations,omitempty"`
	Labels          map[string]string `json:"labels,omitempty"`
}

// StatefulService configures one StatefulService. Field comments there give the defaults.
type StatefulService struct {
	Workload
	Replicas            *int        `json:"replicas,omitempty"`
	Ports               []Port      `json:"ports"`
	Volumes             []Volume    `json:"volumes,omitempty"`
	InitContainers      []Container `json:"initContainers,omitempty"`
	PodManagementPolicy string      `json:"podManagementPolicy,omitempty"`
	ReadyTimeout        string      `json:"readyTimeout,omitempty"`
	UpdateStrategy      string      `json:"updateStrategy,omitempty"`
	Partition           *int        `json:"partition,omitempty"`
	MaxUnavailable      int         `json:"maxUnavailable,omitempty"`
	// OnStatefulPools runs the members on the stack's node pools. Optional, default true when the
	// stack has nodePools.
	OnStatefulPools *bool `json:"onStatefulPools,omitempty"`
}

// Port is a service port.
type Port struct {
	Name     string `json:"name"`
	Port     int    `json:"port"`
	Protocol string `json:"protocol,omitempty"`
}

// Resources are requests and limits.
type Resources struct {
	Requests Quantities `json:"requests,omitempty"`
	Limits   Quantities `json:"limits,omitempty"`
}

// Quantities are CPU and memory amounts.
type Quantities struct {
	CPU    string `json:"cpu,omitempty"`
	Memory string `json:"memory,omitempty"`
}

// Volume is a claim template of a stateful service.
type Volume struct {
	Name string `json:"name,omitempty"`
	// MountPath is required.
	MountPath string `json:"mountPath"`
	Size      string `json:"size,omitempty"`
	// StorageClass is a class of storage.diskClasses or storage.nas, or an ACK built-in class.
	StorageClass string   `json:"storageClass"`
	AccessModes  []string `json:"accessModes,omitempty"`
}

// Container is an init container.
type Container struct {
	Name    string   `json:"name"`
	Image   string   `json:"image"`
	Command []string `json:"command,omitempty"`
	Args    []string `json:"args,omitempty"`
}

// Federation configures a global stack: one service in every member stack's cluster, published
// under zone, region and global names (components/federation).
type Federation struct {
	Name         string `json:"name"`
	Domain       string `json:"domain"`
	TTL          int    `json:"ttl,omitempty"`
	AllUnhealthy string `json:"allUnhealthy,omitempty"`
	// DNS is where the records go: backend clouddns (the only one built), a zone name.
	DNS     FederationDNS     `json:"dns"`
	Service FederatedService  `json:"service"`
	Members []FederatedMember `json:"members"`
	// Aliases are vanity names, each a CNAME to a scope: global, a member's region, or
	// zone.region. They live in the DNS back end's zone (on alidns, the hosted domain).
	Aliases map[string]string `json:"aliases,omitempty"`
	// StackPrefix qualifies member stack names for StackReferences. Optional.
	StackPrefix string `json:"stackPrefix,omitempty"`
}

// FederationDNS is the federation's DNS back end.
type FederationDNS struct {
	// Backend is clouddns (Google Cloud DNS) or alidns (Alibaba Cloud DNS).
	Backend string `json:"backend"`
	// ZoneName is, on clouddns, the managed zone's name; on alidns, the hosted domain that holds
	// the names (the federation's domain or a parent of it).
	ZoneName string `json:"zoneName"`
	// Edition is the alidns hosted domain's edition (free, personal, basic, standard, ultimate,
	// exclusive): it bounds the TTL. Required with alidns.
	Edition string `json:"edition,omitempty"`
	// CreateZone hosts ZoneName in Alibaba Cloud DNS (alidns only); by default it is already hosted.
	CreateZone bool `json:"createZone,omitempty"`
	// PrivateZone also serves the names in a PrivateZone zone attached to the Alibaba Cloud
	// members' VPCs.
	PrivateZone bool `json:"privateZone,omitempty"`
	// GTM answers the global name with Alibaba Cloud GTM (alidns only).
	GTM *FederationGTM `json:"gtm,omitempty"`
}

// FederationGTM configures GTM for the global name.
type FederationGTM struct {
	// Edition is standard (default) or ultimate; Period the subscription in months (default 1).
	Edition string `json:"edition,omitempty"`
	Period  int    `json:"period,omitempty"`
	// TTL is 60, 120, 300 or 600; by default the largest of them not above the federation's TTL.
	TTL int `json:"ttl,omitempty"`
}

// FederatedService is the service every member runs.
type FederatedService struct {
	Name      string `json:"name"`
	Namespace string `json:"namespace"`
	Image     string `json:"image"`
	Port      int    `json:"port"`
	Replicas  int    `json:"replicas,omitempty"`
}

// FederatedMember is a member stack and where its cluster is (as in that stack's file).
type FederatedMember struct {
	Stack string `json:"stack"`
	// Cloud is the member's cloud: gcp or alicloud.
	Cloud  string   `json:"cloud"`
	Region string   `json:"region"`
	Zones  []string `json:"zones,omitempty"`
	// DualStack says the member's load balancer has an IPv6 address as well as an IPv4 one.
	DualStack bool `json:"dualStack,omitempty"`
}
