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
	// Name prefixes the cloud names of the stack's resources. Optional, default "zonestack-<stack>".
	Name string `json:"name,omitempty"`
	// Tags are added to every cloud resource that takes tags. Optional.
	Tags map[string]string `json:"tags,omitempty"`
	// Network is the VPC and its vSwitches. Optional; an alicloud stack always has a network,
	// with every setting defaulted when this is absent.
	Network *Network `json:"network,omitempty"`
	// Cluster is the managed Kubernetes cluster. Optional; absent, the stack has no cluster.
	Cluster *Cluster `json:"cluster,omitempty"`

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
