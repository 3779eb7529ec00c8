package workloads

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/zonestack/zonestack/components/nodepools"
	"github.com/zonestack/zonestack/internal/base/ackapi"
	"github.com/zonestack/zonestack/validation"
)

// Where an ElasticService's pods run.
const (
	// BurstNone keeps every pod on the ECS node pools.
	BurstNone = "none"
	// BurstOverflow puts pods on the ECS node pools first and on ECI when they are full (or at
	// MaxOnECS), through an ACK ResourcePolicy; scale-in removes ECI pods first.
	BurstOverflow = "overflow"
	// BurstECIOnly runs every pod on ECI virtual nodes.
	BurstECIOnly = "eci"
)

// CronHPAControllerAddon is the ACK add-on that serves the CronHorizontalPodAutoscaler kind, which
// Schedules write: without it the kind does not exist and the CronHPA is refused.
const CronHPAControllerAddon = "ack-kubernetes-cronhpa-controller"

// Load balancer types of an ElasticService.
const (
	// LoadBalancerCLB is a Classic Load Balancer (SLB), seed 001's.
	LoadBalancerCLB = "slb"
	// LoadBalancerNLB is a Network Load Balancer spanning the given zones.
	LoadBalancerNLB = "nlb"
	// LoadBalancerNone gives the service a ClusterIP only.
	LoadBalancerNone = "none"
)

// Defaults of an ElasticService: seed 001's HPA (CPU 60 %, 22 to 100 replicas) and Service.
const (
	DefaultMinReplicas          = 22
	DefaultMaxReplicas          = 100
	DefaultTargetCPUUtilization = 60
	DefaultServicePort          = 80
	DefaultAddressType          = "internet"
	DefaultTrafficPolicy        = "Local"
	DefaultDisruption           = "25%"
)

// Default environment variables of a DatabaseRef.
const (
	DefaultDatabaseHostEnv     = "DB_HOST"
	DefaultDatabaseNameEnv     = "DB_NAME"
	DefaultDatabaseUserEnv     = "DB_USER"
	DefaultDatabasePasswordEnv = "DB_PASSWORD"
)

// ElasticServiceSpec is what a stack file can say about an ElasticService
// (workloads.elasticServices[i]). Zero values mean "use the default".
type ElasticServiceSpec struct {
	// WorkloadSpec: the name is the Deployment's, the Service's and the autoscalers'. Resources:
	// requests of cpu and memory are required (the HPA measures CPU against the request); limits
	// are required too when pods may burst to ECI, which sizes each ECI instance from them.
	WorkloadSpec
	// Port the container listens on. Required.
	Port int `json:"port" pulumi:"port"`
	// ReadinessPath is an HTTP path that answers 200 when a pod can take traffic; the load
	// balancer only sends to ready pods. Optional: without it a pod is ready once it runs.
	ReadinessPath string `json:"readinessPath,omitempty" pulumi:"readinessPath"`
	// Burst is none (default), overflow or eci. overflow and eci need ack-virtual-node
	// (nodepools.VirtualNodes; a stack's virtualNodes).
	Burst string `json:"burst,omitempty" pulumi:"burst"`
	// MaxOnECS caps the pods on ECS in overflow mode: a fixed split, the rest on ECI. Optional.
	MaxOnECS *int `json:"maxOnEcs,omitempty" pulumi:"maxOnEcs"`
	// OverflowAfter lets pods wait this long (e.g. "1m") for the ECS pools to scale out before
	// going to ECI. Optional: without it pods go to ECI as soon as the pools are full.
	OverflowAfter string `json:"overflowAfter,omitempty" pulumi:"overflowAfter"`
	// Autoscaling is the HPA. Optional, default seed 001's.
	Autoscaling Autoscaling `json:"autoscaling,omitempty" pulumi:"autoscaling"`
	// Schedules move the HPA's floor at set times (a CronHPA). Optional.
	Schedules []Schedule `json:"schedules,omitempty" pulumi:"schedules"`
	// ExcludeDates are cron expressions of days no schedule runs. Optional.
	ExcludeDates []string `json:"excludeDates,omitempty" pulumi:"excludeDates"`
	// LoadBalancer exposes the service. Optional, default an Internet-facing CLB with
	// externalTrafficPolicy Local, as seed 001.
	LoadBalancer LoadBalancer `json:"loadBalancer,omitempty" pulumi:"loadBalancer"`
	// Volumes are shared file volumes (NAS), one claim mounted by every pod. Optional.
	Volumes []SharedVolume `json:"volumes,omitempty" pulumi:"volumes"`
	// MaxDisruption is how many pods a drain may take at once (the PDB), a count or a
	// percentage. Optional, default "25%".
	MaxDisruption string `json:"maxDisruption,omitempty" pulumi:"maxDisruption"`
	// Database connects the service to a database through its environment; the Args'
	// DatabaseConnection gives the database's address, name, user and password. Optional.
	Database *DatabaseRef `json:"database,omitempty" pulumi:"database"`
	// OnPools runs the service on Pools. Optional, default true; false runs it on any ECS node,
	// whatever Pools holds.
	OnPools *bool `json:"onPools,omitempty" pulumi:"onPools"`
}

// ElasticServiceArgs are the inputs of an ElasticService: its spec and what the program that
// builds it decides or takes from other resources. Zero values mean "use the default".
type ElasticServiceArgs struct {
	ElasticServiceSpec
	// SecretEnv holds secret settings (a database password): they go into a Secret the pods read,
	// and stay Pulumi secrets whatever they were given as. Optional.
	SecretEnv map[string]pulumi.StringInput `pulumi:"secretEnv"`
	// ComputedEnv holds plain settings known only once other resources exist (a database's
	// address). Optional.
	ComputedEnv map[string]pulumi.StringInput `pulumi:"computedEnv"`
	// DatabaseConnection is the database Database names: its host and password go into
	// ComputedEnv and SecretEnv, its database name and user into Env, under Database's variable
	// names. Required with Database.
	DatabaseConnection *DatabaseConnection `pulumi:"-"`
	// Pools are the ECS pools to run on (ZonalPools.Pools, or nodepools.PlanPools). Optional:
	// without them (or with OnPools false), any ECS node.
	Pools []nodepools.Pool `pulumi:"pools"`
	// CronHPAController is what installs the CronHPA controller (the CronHPAControllerAddon
	// add-on): the CronHPA is created after it, since its kind exists only once the add-on does.
	// Optional: nil where the kind is there already (the local cluster's stand-in CRD).
	CronHPAController pulumi.Resource `pulumi:"-"`
	// Instance is the app.kubernetes.io/instance label, part of the pods' selector, which cannot
	// change once the workload exists. Optional, default: the component name. Set it to keep the
	// selector when the component is renamed.
	Instance string `pulumi:"instance"`
}

// Autoscaling is a CPU-based HorizontalPodAutoscaler.
type Autoscaling struct {
	// MinReplicas. Optional, default 22.
	MinReplicas int `json:"minReplicas,omitempty" pulumi:"minReplicas"`
	// MaxReplicas. Optional, default 100 (or MinReplicas when that is more).
	MaxReplicas int `json:"maxReplicas,omitempty" pulumi:"maxReplicas"`
	// TargetCPUUtilization is the average CPU use, in percent of the request, the HPA holds.
	// Optional, default 60.
	TargetCPUUtilization int `json:"targetCpuUtilization,omitempty" pulumi:"targetCpuUtilization"`
}

// Schedule raises or lowers the HPA's floor to TargetSize at each Schedule (six cron fields,
// seconds first).
type Schedule struct {
	Name       string `json:"name" pulumi:"name"`
	Schedule   string `json:"schedule" pulumi:"schedule"`
	TargetSize int    `json:"targetSize" pulumi:"targetSize"`
	RunOnce    bool   `json:"runOnce,omitempty" pulumi:"runOnce"`
}

// LoadBalancer is how the Service is exposed.
type LoadBalancer struct {
	// Type is slb (default), nlb or none.
	Type string `json:"type,omitempty" pulumi:"type"`
	// AddressType is internet (default) or intranet.
	AddressType string `json:"addressType,omitempty" pulumi:"addressType"`
	// Spec is a CLB spec such as slb.s1.small. Optional: without it the CLB is pay-by-usage.
	Spec string `json:"spec,omitempty" pulumi:"spec"`
	// ExternalTrafficPolicy is Local (default, keeps the client's address) or Cluster.
	ExternalTrafficPolicy string `json:"externalTrafficPolicy,omitempty" pulumi:"externalTrafficPolicy"`
	// Port the load balancer listens on. Optional, default 80.
	Port int `json:"port,omitempty" pulumi:"port"`
	// MasterZone and BackupZone are the two zones a CLB (type slb) lives in: it serves from the
	// master and fails over to the backup when the master's zone is lost. Optional, together:
	// without them the cloud picks the zones; a stack's CLB defaults to the stack's first two
	// zones. Alibaba Cloud's CCM takes them when it creates the CLB and refuses a later change, so
	// on a CLB that exists they must name the zones it was created in (the SLB console shows
	// them).
	MasterZone string `json:"masterZone,omitempty" pulumi:"masterZone"`
	BackupZone string `json:"backupZone,omitempty" pulumi:"backupZone"`
	// Zones an NLB spans, with a vSwitch each: at least two. Required for nlb. Not a stack-file
	// key: a stack's NLB spans the stack's zones.
	Zones []LoadBalancerZone `json:"-" pulumi:"zones"`
}

// LoadBalancerZone is a zone of an NLB and its vSwitch.
type LoadBalancerZone struct {
	Zone      string             `pulumi:"zone"`
	VSwitchID pulumi.StringInput `pulumi:"vswitchId"`
}

// SharedVolume is one claim on a shared file class, mounted by every pod.
type SharedVolume struct {
	// Name of the claim and the volume. Required.
	Name string `json:"name" pulumi:"name"`
	// MountPath in the container. Required.
	MountPath string `json:"mountPath" pulumi:"mountPath"`
	// Size requested. Optional, default "20Gi".
	Size string `json:"size,omitempty" pulumi:"size"`
	// StorageClass is the class's name. Required.
	StorageClass string `json:"storageClass" pulumi:"storageClass"`
	// Kind must be VolumeSharedFile: a cloud disk cannot be shared by the pods of a Deployment.
	// Not a stack-file key: a stack knows its classes' kinds.
	Kind string `json:"-" pulumi:"kind"`
}

// DatabaseRef names a database and the environment variables that carry its address, database
// name, user and password (the password from the service's Secret).
type DatabaseRef struct {
	// Name of the database (in a stack, one of its zonestack:databases). Required.
	Name string `json:"name" pulumi:"name"`
	// HostEnv carries the address. Optional, default DB_HOST.
	HostEnv string `json:"hostEnv,omitempty" pulumi:"hostEnv"`
	// NameEnv carries the database's name. Optional, default DB_NAME.
	NameEnv string `json:"nameEnv,omitempty" pulumi:"nameEnv"`
	// UserEnv carries the user. Optional, default DB_USER.
	UserEnv string `json:"userEnv,omitempty" pulumi:"userEnv"`
	// PasswordEnv carries the password, from a Secret. Optional, default DB_PASSWORD.
	PasswordEnv string `json:"passwordEnv,omitempty" pulumi:"passwordEnv"`
}

// DatabaseConnection is what a service connects to: the outputs of the database its
// DatabaseRef names (database.MySQL's Endpoint() and Password, say).
type DatabaseConnection struct {
	// Host is the database's address.
	Host pulumi.StringInput
	// Database is the name of the database to use.
	Database string
	// User is the account the service connects as.
	User string
	// Password of the account; it stays a secret.
	Password pulumi.StringInput
}

func (r DatabaseRef) withDefaults() DatabaseRef {
	out := r
	if out.HostEnv == "" {
		out.HostEnv = DefaultDatabaseHostEnv
	}
	if out.NameEnv == "" {
		out.NameEnv = DefaultDatabaseNameEnv
	}
	if out.UserEnv == "" {
		out.UserEnv = DefaultDatabaseUserEnv
	}
	if out.PasswordEnv == "" {
		out.PasswordEnv = DefaultDatabasePasswordEnv
	}
	return out
}

func (a ElasticServiceArgs) withDefaults(name string) ElasticServiceArgs {
	out := a
	out.ElasticServiceSpec = a.ElasticServiceSpec.withDefaults(name)
	if out.Instance == "" {
		out.Instance = name
	}
	if a.OnPools != nil && !*a.OnPools {
		out.Pools = nil
	}
	if a.Database != nil && a.DatabaseConnection != nil {
		ref, conn := a.Database.withDefaults(), a.DatabaseConnection
		out.Env = maps.Clone(a.Env)
		if out.Env == nil {
			out.Env = map[string]string{}
		}
		out.Env[ref.NameEnv] = conn.Database
		out.Env[ref.UserEnv] = conn.User
		out.ComputedEnv = maps.Clone(a.ComputedEnv)
		if out.ComputedEnv == nil {
			out.ComputedEnv = map[string]pulumi.StringInput{}
		}
		out.ComputedEnv[ref.HostEnv] = conn.Host
		out.SecretEnv = maps.Clone(a.SecretEnv)
		if out.SecretEnv == nil {
			out.SecretEnv = map[string]pulumi.StringInput{}
		}
		out.SecretEnv[ref.PasswordEnv] = conn.Password
	}
	return out
}

func (s ElasticServiceSpec) withDefaults(name string) ElasticServiceSpec {
	out := s
	if out.Name == "" {
		out.Name = name
	}
	if out.Namespace == "" {
		out.Namespace = DefaultNamespace
	}
	if out.Burst == "" {
		out.Burst = BurstNone
	}
	if out.Autoscaling.MinReplicas == 0 {
		out.Autoscaling.MinReplicas = DefaultMinReplicas
	}
	if out.Autoscaling.MaxReplicas == 0 {
		out.Autoscaling.MaxReplicas = max(DefaultMaxReplicas, out.Autoscaling.MinReplicas)
	}
	if out.Autoscaling.TargetCPUUtilization == 0 {
		out.Autoscaling.TargetCPUUtilization = DefaultTargetCPUUtilization
	}
	lb := &out.LoadBalancer
	if lb.Type == "" {
		lb.Type = LoadBalancerCLB
	}
	if lb.AddressType == "" {
		lb.AddressType = DefaultAddressType
	}
	if lb.ExternalTrafficPolicy == "" {
		lb.ExternalTrafficPolicy = DefaultTrafficPolicy
	}
	if lb.Port == 0 {
		lb.Port = DefaultServicePort
	}
	if out.MaxDisruption == "" {
		out.MaxDisruption = DefaultDisruption
	}
	out.Volumes = slices.Clone(s.Volumes)
	for i := range out.Volumes {
		if out.Volumes[i].Size == "" {
			out.Volumes[i].Size = DefaultVolumeSize
		}
	}
	return out
}

// Validate reports every problem with the args, defaults applied (name is the component name,
// the default of Name and Instance): the spec's rules, then those of what the spec does not hold
// (the instance label, SecretEnv and ComputedEnv, the pools, the NLB's zones, the database's
// connection).
func (a ElasticServiceArgs) Validate(name string) error {
	return a.withDefaults(name).validate()
}

// Validate reports every problem with the spec, defaults applied (name is the default of Name),
// under the spec's keys ("autoscaling.maxReplicas"). A volume's kind is checked as given; an
// NLB's zones are not the spec's.
func (s ElasticServiceSpec) Validate(name string) error {
	var l validation.List
	s.withDefaults(name).validate(&l)
	return l.Err()
}

// secretEnvName is an environment variable name that reads like a secret.
var secretEnvName = regexp.MustCompile(`(?i)(password|passwd|secret|token|access_?key|private_?key|credential)`)

var (
	clbSpec     = regexp.MustCompile(`^slb\.s[0-9]\.[a-z0-9.]+$`)
	percentOrN  = regexp.MustCompile(`^([0-9]+|[0-9]{1,2}%|100%)$`)
	httpPathRex = regexp.MustCompile(`^/[^\s]*$`)
)

func (a ElasticServiceArgs) validate() error {
	var l validation.List
	a.ElasticServiceSpec.validate(&l)
	validateInstance(&l, a.Instance)
	for _, k := range slices.Sorted(maps.Keys(a.ComputedEnv)) {
		if !envName.MatchString(k) {
			l.Invalid("computedEnv", k, "must be an environment variable name")
		}
		if _, dup := a.Env[k]; dup {
			l.Invalid("computedEnv", k, "is also in env")
		}
	}
	for _, k := range slices.Sorted(maps.Keys(a.SecretEnv)) {
		if !envName.MatchString(k) {
			l.Invalid("secretEnv", k, "must be an environment variable name")
		}
		_, inEnv := a.Env[k]
		_, inComputed := a.ComputedEnv[k]
		if inEnv || inComputed {
			l.Invalid("secretEnv", k, "is also in env or computedEnv")
		}
		if a.SecretEnv[k] == nil {
			l.Required("secretEnv."+k, "")
		}
	}
	validatePools(&l, a.Pools)
	validateLoadBalancerZones(&l, a.LoadBalancer)
	if a.Database != nil && a.DatabaseConnection == nil {
		l.Required("database", "needs the database's connection (DatabaseConnection): its address, name, user and password")
	}
	return l.Err()
}

func (s ElasticServiceSpec) validate(l *validation.List) {
	if !dnsLabel.MatchString(s.Name) || len(s.Name) > 52 {
		l.Invalid("name", s.Name, "must be a DNS label of at most 52 characters (lower-case letters, digits, '-')")
	}
	if !dnsLabel.MatchString(s.Namespace) {
		l.Invalid("namespace", s.Namespace, "must be a DNS label")
	}
	if s.Image == "" {
		l.Required("image", "")
	}
	if s.Port < 1 || s.Port > 65535 {
		l.Invalid("port", s.Port, "must be 1 to 65535: the port the container listens on")
	}
	if s.ReadinessPath != "" && !httpPathRex.MatchString(s.ReadinessPath) {
		l.Invalid("readinessPath", s.ReadinessPath, "must be an HTTP path starting with /")
	}
	for _, k := range slices.Sorted(maps.Keys(s.Env)) {
		switch {
		case !envName.MatchString(k):
			l.Invalid("env", k, "must be an environment variable name")
		case secretEnvName.MatchString(k):
			l.Invalid("env."+k, "[not shown]", "reads like a secret, and env is stored and shown in plain text; set it in secretEnv")
		}
	}
	validateResources(l, s.Resources)
	// An HPA on CPU divides usage by the request: without one it never scales.
	if s.Resources.Requests.CPU == "" {
		l.Required("resources.requests.cpu", "is required: the HPA measures CPU use against it, and cannot scale a workload without one")
	}
	if s.Resources.Requests.Memory == "" {
		l.Required("resources.requests.memory", "is required: the scheduler packs ECS nodes by it")
	}
	if s.Burst != BurstNone {
		// ECI sizes each instance from the pod's resources; unbounded pods get the default size
		// and can be throttled or killed in a burst.
		if s.Resources.Limits.CPU == "" {
			l.Required("resources.limits.cpu", "is required when pods may burst to ECI: ECI sizes each instance from it")
		}
		if s.Resources.Limits.Memory == "" {
			l.Required("resources.limits.memory", "is required when pods may burst to ECI: ECI sizes each instance from it")
		}
	}
	switch s.Burst {
	case BurstNone, BurstOverflow, BurstECIOnly:
	default:
		l.Invalid("burst", s.Burst, "must be %s, %s or %s", BurstNone, BurstOverflow, BurstECIOnly)
	}
	if s.MaxOnECS != nil {
		switch {
		case s.Burst != BurstOverflow:
			l.Invalid("maxOnEcs", *s.MaxOnECS, "applies only with burst %s", BurstOverflow)
		case *s.MaxOnECS < 1:
			l.Invalid("maxOnEcs", *s.MaxOnECS, "must be 1 or more; for no pod on ECS use burst %s", BurstECIOnly)
		}
	}
	if s.OverflowAfter != "" {
		if d, err := time.ParseDuration(s.OverflowAfter); err != nil || d <= 0 {
			l.Invalid("overflowAfter", s.OverflowAfter, "must be a duration such as 1m or 90s")
		} else if s.Burst != BurstOverflow {
			l.Invalid("overflowAfter", s.OverflowAfter, "applies only with burst %s", BurstOverflow)
		}
	}
	as := s.Autoscaling
	if as.MinReplicas < 1 {
		l.Invalid("autoscaling.minReplicas", as.MinReplicas, "must be 1 or more")
	}
	if as.MaxReplicas < as.MinReplicas {
		l.Invalid("autoscaling.maxReplicas", as.MaxReplicas, "must be at least minReplicas %d", as.MinReplicas)
	}
	if as.TargetCPUUtilization < 1 || as.TargetCPUUtilization > 100 {
		l.Invalid("autoscaling.targetCpuUtilization", as.TargetCPUUtilization, "must be 1 to 100 (percent of the CPU request)")
	}
	if s.MaxOnECS != nil && *s.MaxOnECS > as.MaxReplicas {
		l.Invalid("maxOnEcs", *s.MaxOnECS, "is above autoscaling.maxReplicas %d, so no pod would ever reach ECI", as.MaxReplicas)
	}
	jobs := map[string]int{}
	for i, s := range s.Schedules {
		f := fmt.Sprintf("schedules[%d]", i)
		if !dnsLabel.MatchString(s.Name) {
			l.Invalid(f+".name", s.Name, "must be a DNS label")
		}
		if j, dup := jobs[s.Name]; dup {
			l.Invalid(f+".name", s.Name, "duplicates schedules[%d].name", j)
		}
		jobs[s.Name] = i
		if err := ackapi.ParseSchedule(s.Schedule); err != nil {
			l.Invalid(f+".schedule", s.Schedule, "%v", err)
		}
		if s.TargetSize < as.MinReplicas || s.TargetSize > as.MaxReplicas {
			l.Invalid(f+".targetSize", s.TargetSize, "must be within the HPA's range %d to %d: the schedule moves the HPA's floor, and the HPA keeps it within its bounds", as.MinReplicas, as.MaxReplicas)
		}
	}
	for i, d := range s.ExcludeDates {
		if err := ackapi.ParseSchedule(d); err != nil {
			l.Invalid(fmt.Sprintf("excludeDates[%d]", i), d, "%v", err)
		}
	}
	if len(s.ExcludeDates) > 0 && len(s.Schedules) == 0 {
		l.Invalid("excludeDates", s.ExcludeDates, "needs schedules to exclude dates from")
	}
	validateLoadBalancer(l, s.LoadBalancer)
	mounts := map[string]int{}
	for i, v := range s.Volumes {
		f := fmt.Sprintf("volumes[%d]", i)
		if !dnsLabel.MatchString(v.Name) {
			l.Invalid(f+".name", v.Name, "must be a DNS label")
		}
		if !strings.HasPrefix(v.MountPath, "/") {
			l.Invalid(f+".mountPath", v.MountPath, "must be an absolute path")
		}
		if j, dup := mounts[v.MountPath]; dup {
			l.Invalid(f+".mountPath", v.MountPath, "duplicates volumes[%d].mountPath", j)
		}
		mounts[v.MountPath] = i
		if q, err := resource.ParseQuantity(v.Size); err != nil || q.Sign() <= 0 {
			l.Invalid(f+".size", v.Size, "must be a positive size such as 20Gi")
		}
		if v.StorageClass == "" {
			l.Required(f+".storageClass", "is required: a shared file class (storage.oss or storage.nas)")
		} else if v.Kind != VolumeSharedFile {
			l.Invalid(f+".storageClass", v.StorageClass, "is not a shared file class: the pods of a Deployment share one claim, and a cloud disk attaches to one node at a time; use a shared file class (storage.oss, zone-redundant, or storage.nas)")
		}
	}
	if !percentOrN.MatchString(s.MaxDisruption) || s.MaxDisruption == "0" || s.MaxDisruption == "0%" {
		l.Invalid("maxDisruption", s.MaxDisruption, "must be a count of 1 or more or a percentage such as 25%")
	}
}

func validateLoadBalancer(l *validation.List, lb LoadBalancer) {
	switch lb.Type {
	case LoadBalancerCLB, LoadBalancerNLB, LoadBalancerNone:
	default:
		l.Invalid("loadBalancer.type", lb.Type, "must be %s, %s or %s", LoadBalancerCLB, LoadBalancerNLB, LoadBalancerNone)
	}
	if lb.Type == LoadBalancerNone {
		return
	}
	if lb.AddressType != "internet" && lb.AddressType != "intranet" {
		l.Invalid("loadBalancer.addressType", lb.AddressType, "must be internet or intranet")
	}
	if lb.ExternalTrafficPolicy != "Local" && lb.ExternalTrafficPolicy != "Cluster" {
		l.Invalid("loadBalancer.externalTrafficPolicy", lb.ExternalTrafficPolicy, "must be Local or Cluster")
	}
	if lb.Port < 1 || lb.Port > 65535 {
		l.Invalid("loadBalancer.port", lb.Port, "must be 1 to 65535")
	}
	if lb.Spec != "" && (lb.Type != LoadBalancerCLB || !clbSpec.MatchString(lb.Spec)) {
		l.Invalid("loadBalancer.spec", lb.Spec, "must be a CLB spec such as slb.s1.small, with type %s", LoadBalancerCLB)
	}
	switch {
	case lb.MasterZone == "" && lb.BackupZone == "":
	case lb.Type != LoadBalancerCLB:
		field, zone := "loadBalancer.masterZone", lb.MasterZone
		if zone == "" {
			field, zone = "loadBalancer.backupZone", lb.BackupZone
		}
		l.Invalid(field, zone, "applies only to type %s; an NLB spans the stack's zones", LoadBalancerCLB)
	case lb.MasterZone == "":
		l.Required("loadBalancer.masterZone", "is required with backupZone: a CLB takes both zones or neither")
	case lb.BackupZone == "":
		l.Required("loadBalancer.backupZone", "is required with masterZone: a CLB takes both zones or neither")
	case lb.BackupZone == lb.MasterZone:
		l.Invalid("loadBalancer.backupZone", lb.BackupZone, "must differ from masterZone: a backup in the master's zone fails with it")
	}
}

// validateLoadBalancerZones checks the zones an NLB spans, which the spec does not hold.
func validateLoadBalancerZones(l *validation.List, lb LoadBalancer) {
	if lb.Type == LoadBalancerNone {
		return
	}
	if lb.Type == LoadBalancerNLB {
		if len(lb.Zones) < 2 {
			l.Invalid("loadBalancer.zones", len(lb.Zones), "an NLB needs at least two zones, each with a vSwitch")
		}
		for i, z := range lb.Zones {
			if z.Zone == "" || z.VSwitchID == nil {
				l.Required(fmt.Sprintf("loadBalancer.zones[%d]", i), "needs a zone and a vSwitch")
			}
		}
	} else if len(lb.Zones) > 0 {
		l.Invalid("loadBalancer.zones", len(lb.Zones), "apply only to type %s", LoadBalancerNLB)
	}
}
