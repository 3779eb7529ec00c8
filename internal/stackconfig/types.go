package stackconfig

// Project is the Pulumi project name and the namespace of zonestack's config keys.
const Project = "zonestack"

// Clouds a stack can name.
const (
	CloudAlicloud = "alicloud"
	CloudGCP      = "gcp"
	CloudLocal    = "local"
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
	// Name prefixes the cloud names of the stack's resources. Optional, default "zonestack-<stack>".
	Name string `json:"name,omitempty"`
	// Tags are added to every cloud resource that takes tags. Optional.
	Tags map[string]string `json:"tags,omitempty"`
	// Network is the VPC and its vSwitches. Optional; an alicloud stack always has a network,
	// with every setting defaulted when this is absent.
	Network *Network `json:"network,omitempty"`
	// Cluster is the managed Kubernetes cluster. Optional; absent, the stack has no cluster.
	Cluster *Cluster `json:"cluster,omitempty"`
	// NodePools are the elastic pools, one per zone, with their placeholders. Optional; needs
	// Cluster.
	NodePools *NodePools `json:"nodePools,omitempty"`
	// Storage are the cluster's StorageClasses. Optional; needs Cluster.
	Storage *Storage `json:"storage,omitempty"`
	// Workloads are the services the stack runs in the cluster. Optional; needs Cluster.
	Workloads *Workloads `json:"workloads,omitempty"`

	stack   string
	secrets map[string]bool
}

// Network configures components/network. Field comments there give the defaults.
type Network struct {
	VpcCidr     string    `json:"vpcCidr,omitempty"`
	ServiceCidr string    `json:"serviceCidr,omitempty"`
	VSwitches   []VSwitch `json:"vswitches,omitempty"`
	Nat         *Nat      `json:"nat,omitempty"`
}

// VSwitch sets the CIDRs of one zone's vSwitches.
type VSwitch struct {
	Zone     string `json:"zone"`
	NodeCidr string `json:"nodeCidr"`
	PodCidr  string `json:"podCidr"`
}

// Nat configures the NAT gateway that gives the nodes egress.
type Nat struct {
	Enabled            *bool  `json:"enabled,omitempty"`
	EipBandwidth       int    `json:"eipBandwidth,omitempty"`
	InternetChargeType string `json:"internetChargeType,omitempty"`
}

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
	// DiskClasses are zonal cloud-disk StorageClasses.
	DiskClasses []DiskClass `json:"diskClasses,omitempty"`
	// Nas is a NAS file system with a ReadWriteMany StorageClass. Optional.
	Nas *Nas `json:"nas,omitempty"`
}

// Nas configures components/storage NasStorage.
type Nas struct {
	ClassName   string `json:"className,omitempty"`
	StorageType string `json:"storageType,omitempty"`
	Encrypted   *bool  `json:"encrypted,omitempty"`
	KMSKeyID    string `json:"kmsKeyId,omitempty"`
}

// Workloads configures components/workloads.
type Workloads struct {
	StatefulServices []StatefulService `json:"statefulServices,omitempty"`
}

// StatefulService configures one StatefulService. Field comments there give the defaults.
type StatefulService struct {
	// Name is required and unique in the stack.
	Name                string            `json:"name"`
	Namespace           string            `json:"namespace,omitempty"`
	Image               string            `json:"image"`
	Command             []string          `json:"command,omitempty"`
	Args                []string          `json:"args,omitempty"`
	Env                 map[string]string `json:"env,omitempty"`
	Replicas            *int              `json:"replicas,omitempty"`
	Ports               []Port            `json:"ports"`
	Resources           *Resources        `json:"resources,omitempty"`
	Volumes             []Volume          `json:"volumes,omitempty"`
	InitContainers      []Container       `json:"initContainers,omitempty"`
	PodManagementPolicy string            `json:"podManagementPolicy,omitempty"`
	UpdateStrategy      string            `json:"updateStrategy,omitempty"`
	Partition           *int              `json:"partition,omitempty"`
	MaxUnavailable      int               `json:"maxUnavailable,omitempty"`
	Labels              map[string]string `json:"labels,omitempty"`
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

// DiskClass configures one DiskStorageClass.
type DiskClass struct {
	Name             string   `json:"name,omitempty"`
	Categories       []string `json:"categories,omitempty"`
	PerformanceLevel string   `json:"performanceLevel,omitempty"`
	Encrypted        bool     `json:"encrypted,omitempty"`
	KMSKeyID         string   `json:"kmsKeyId,omitempty"`
	FsType           string   `json:"fsType,omitempty"`
	Zones            []string `json:"zones,omitempty"`
}
