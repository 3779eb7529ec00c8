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

// ElasticServiceArgs are the inputs of an ElasticService. Zero values mean "use the default".
type ElasticServiceArgs struct {
	// Name of the Deployment, Service and autoscalers. Optional, default: the component name.
	Name string `pulumi:"name"`
	// Namespace. Optional, default "default".
	Namespace string `pulumi:"namespace"`
	// Image of the container. Required.
	Image string `pulumi:"image"`
	// Command and Args of the container. Optional.
	Command []string `pulumi:"command"`
	Args    []string `pulumi:"args"`
	// Env holds plain settings. A name that reads like a secret (PASSWORD, TOKEN, KEY…) is
	// refused here: put it in SecretEnv.
	Env map[string]string `pulumi:"env"`
	// SecretEnv holds secret settings (a database password): they go into a Secret the pods read,
	// and stay Pulumi secrets whatever they were given as. Optional.
	SecretEnv map[string]pulumi.StringInput `pulumi:"secretEnv"`
	// ComputedEnv holds plain settings known only once other resources exist (a database's
	// address). Optional.
	ComputedEnv map[string]pulumi.StringInput `pulumi:"computedEnv"`
	// Port the container listens on. Required.
	Port int `pulumi:"port"`
	// ReadinessPath is an HTTP path that answers 200 when a pod can take traffic; the load
	// balancer only sends to ready pods. Optional: without it a pod is ready once it runs.
	ReadinessPath string `pulumi:"readinessPath"`
	// Resources of the container. Requests of cpu and memory are required (the HPA measures CPU
	// against the request); limits are required too when pods may burst to ECI, which sizes
	// each ECI instance from them.
	Resources Resources `pulumi:"resources"`
	// Pools are the ECS pools to run on (ZonalPools.Pools). Optional: without them, any ECS node.
	Pools []nodepools.Pool `pulumi:"pools"`
	// Burst is none (default), overflow or eci. overflow and eci need ack-virtual-node
	// (nodepools.VirtualNodes).
	Burst string `pulumi:"burst"`
	// MaxOnECS caps the pods on ECS in overflow mode: a fixed split, the rest on ECI. Optional.
	MaxOnECS *int `pulumi:"maxOnEcs"`
	// OverflowAfter lets pods wait this long (e.g. "1m") for the ECS pools to scale out before
	// going to ECI. Optional: without it pods go to ECI as soon as the pools are full.
	OverflowAfter string `pulumi:"overflowAfter"`
	// Autoscaling is the HPA. Optional, default seed 001's.
	Autoscaling Autoscaling `pulumi:"autoscaling"`
	// Schedules move the HPA's floor at set times (a CronHPA). Optional.
	Schedules []Schedule `pulumi:"schedules"`
	// ExcludeDates are cron expressions of days no schedule runs. Optional.
	ExcludeDates []string `pulumi:"excludeDates"`
	// CronHPAController is what installs the CronHPA controller (the CronHPAControllerAddon
	// add-on): the CronHPA is created after it, since its kind exists only once the add-on does.
	// Optional: nil where the kind is there already (the local cluster's stand-in CRD).
	CronHPAController pulumi.Resource `pulumi:"-"`
	// LoadBalancer exposes the service. Optional, default an Internet-facing CLB with
	// externalTrafficPolicy Local, as seed 001.
	LoadBalancer LoadBalancer `pulumi:"loadBalancer"`
	// Volumes are shared file volumes (NAS), one claim mounted by every pod. Optional.
	Volumes []SharedVolume `pulumi:"volumes"`
	// MaxDisruption is how many pods a drain may take at once (the PDB), a count or a
	// percentage. Optional, default "25%".
	MaxDisruption string `pulumi:"maxDisruption"`
	// Labels are added to every object and pod. Optional.
	Labels map[string]string `pulumi:"labels"`
	// Instance is the app.kubernetes.io/instance label, part of the pods' selector, which cannot
	// change once the workload exists. Optional, default: the component name. Set it to keep the
	// selector when the component is renamed.
	Instance string `pulumi:"instance"`
}

// Autoscaling is a CPU-based HorizontalPodAutoscaler.
type Autoscaling struct {
	MinReplicas int `pulumi:"minReplicas"`
	MaxReplicas int `pulumi:"maxReplicas"`
	// TargetCPUUtilization is the average CPU use, in percent of the request, the HPA holds.
	TargetCPUUtilization int `pulumi:"targetCpuUtilization"`
}

// Schedule raises or lowers the HPA's floor to TargetSize at each Schedule (six cron fields,
// seconds first).
type Schedule struct {
	Name       string `pulumi:"name"`
	Schedule   string `pulumi:"schedule"`
	TargetSize int    `pulumi:"targetSize"`
	RunOnce    bool   `pulumi:"runOnce"`
}

// LoadBalancer is how the Service is exposed.
type LoadBalancer struct {
	// Type is slb (default), nlb or none.
	Type string `pulumi:"type"`
	// AddressType is internet (default) or intranet.
	AddressType string `pulumi:"addressType"`
	// Spec is a CLB spec such as slb.s1.small. Optional: without it the CLB is pay-by-usage.
	Spec string `pulumi:"spec"`
	// ExternalTrafficPolicy is Local (default, keeps the client's address) or Cluster.
	ExternalTrafficPolicy string `pulumi:"externalTrafficPolicy"`
	// Port the load balancer listens on. Optional, default 80.
	Port int `pulumi:"port"`
	// Zones an NLB spans, with a vSwitch each: at least two. Required for nlb.
	Zones []LoadBalancerZone `pulumi:"zones"`
}

// LoadBalancerZone is a zone of an NLB and its vSwitch.
type LoadBalancerZone struct {
	Zone      string             `pulumi:"zone"`
	VSwitchID pulumi.StringInput `pulumi:"vswitchId"`
}

// SharedVolume is one claim on a shared file class, mounted by every pod.
type SharedVolume struct {
	Name      string `pulumi:"name"`
	MountPath string `pulumi:"mountPath"`
	// Size requested. Optional, default "20Gi".
	Size string `pulumi:"size"`
	// StorageClass is the class's name. Required.
	StorageClass string `pulumi:"storageClass"`
	// Kind must be VolumeSharedFile: a cloud disk cannot be shared by the pods of a Deployment.
	Kind string `pulumi:"kind"`
}

func (a ElasticServiceArgs) withDefaults(name string) ElasticServiceArgs {
	out := a
	if out.Name == "" {
		out.Name = name
	}
	if out.Instance == "" {
		out.Instance = name
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
	out.Volumes = slices.Clone(a.Volumes)
	for i := range out.Volumes {
		if out.Volumes[i].Size == "" {
			out.Volumes[i].Size = DefaultVolumeSize
		}
	}
	return out
}

// Validate reports every problem with the args, defaults applied (name is the component name).
func (a ElasticServiceArgs) Validate(name string) error {
	return a.withDefaults(name).validate()
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
	if !dnsLabel.MatchString(a.Name) || len(a.Name) > 52 {
		l.Invalid("name", a.Name, "must be a DNS label of at most 52 characters (lower-case letters, digits, '-')")
	}
	if !dnsLabel.MatchString(a.Namespace) {
		l.Invalid("namespace", a.Namespace, "must be a DNS label")
	}
	validateInstance(&l, a.Instance)
	if a.Image == "" {
		l.Required("image", "")
	}
	if a.Port < 1 || a.Port > 65535 {
		l.Invalid("port", a.Port, "must be 1 to 65535: the port the container listens on")
	}
	if a.ReadinessPath != "" && !httpPathRex.MatchString(a.ReadinessPath) {
		l.Invalid("readinessPath", a.ReadinessPath, "must be an HTTP path starting with /")
	}
	for _, k := range slices.Sorted(maps.Keys(a.Env)) {
		switch {
		case !envName.MatchString(k):
			l.Invalid("env", k, "must be an environment variable name")
		case secretEnvName.MatchString(k):
			l.Invalid("env."+k, "[not shown]", "reads like a secret, and env is stored and shown in plain text; set it in secretEnv")
		}
	}
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
	validateResources(&l, a.Resources)
	// An HPA on CPU divides usage by the request: without one it never scales.
	if a.Resources.Requests.CPU == "" {
		l.Required("resources.requests.cpu", "is required: the HPA measures CPU use against it, and cannot scale a workload without one")
	}
	if a.Resources.Requests.Memory == "" {
		l.Required("resources.requests.memory", "is required: the scheduler packs ECS nodes by it")
	}
	if a.Burst != BurstNone {
		// ECI sizes each instance from the pod's resources; unbounded pods get the default size
		// and can be throttled or killed in a burst.
		if a.Resources.Limits.CPU == "" {
			l.Required("resources.limits.cpu", "is required when pods may burst to ECI: ECI sizes each instance from it")
		}
		if a.Resources.Limits.Memory == "" {
			l.Required("resources.limits.memory", "is required when pods may burst to ECI: ECI sizes each instance from it")
		}
	}
	validatePools(&l, a.Pools)
	switch a.Burst {
	case BurstNone, BurstOverflow, BurstECIOnly:
	default:
		l.Invalid("burst", a.Burst, "must be %s, %s or %s", BurstNone, BurstOverflow, BurstECIOnly)
	}
	if a.MaxOnECS != nil {
		switch {
		case a.Burst != BurstOverflow:
			l.Invalid("maxOnEcs", *a.MaxOnECS, "applies only with burst %s", BurstOverflow)
		case *a.MaxOnECS < 1:
			l.Invalid("maxOnEcs", *a.MaxOnECS, "must be 1 or more; for no pod on ECS use burst %s", BurstECIOnly)
		}
	}
	if a.OverflowAfter != "" {
		if d, err := time.ParseDuration(a.OverflowAfter); err != nil || d <= 0 {
			l.Invalid("overflowAfter", a.OverflowAfter, "must be a duration such as 1m or 90s")
		} else if a.Burst != BurstOverflow {
			l.Invalid("overflowAfter", a.OverflowAfter, "applies only with burst %s", BurstOverflow)
		}
	}
	as := a.Autoscaling
	if as.MinReplicas < 1 {
		l.Invalid("autoscaling.minReplicas", as.MinReplicas, "must be 1 or more")
	}
	if as.MaxReplicas < as.MinReplicas {
		l.Invalid("autoscaling.maxReplicas", as.MaxReplicas, "must be at least minReplicas %d", as.MinReplicas)
	}
	if as.TargetCPUUtilization < 1 || as.TargetCPUUtilization > 100 {
		l.Invalid("autoscaling.targetCpuUtilization", as.TargetCPUUtilization, "must be 1 to 100 (percent of the CPU request)")
	}
	if a.MaxOnECS != nil && *a.MaxOnECS > as.MaxReplicas {
		l.Invalid("maxOnEcs", *a.MaxOnECS, "is above autoscaling.maxReplicas %d, so no pod would ever reach ECI", as.MaxReplicas)
	}
	jobs := map[string]int{}
	for i, s := range a.Schedules {
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
	for i, d := range a.ExcludeDates {
		if err := ackapi.ParseSchedule(d); err != nil {
			l.Invalid(fmt.Sprintf("excludeDates[%d]", i), d, "%v", err)
		}
	}
	if len(a.ExcludeDates) > 0 && len(a.Schedules) == 0 {
		l.Invalid("excludeDates", a.ExcludeDates, "needs schedules to exclude dates from")
	}
	validateLoadBalancer(&l, a.LoadBalancer)
	mounts := map[string]int{}
	for i, v := range a.Volumes {
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
			l.Required(f+".storageClass", "is required: a shared file class (storage.nas)")
		} else if v.Kind != VolumeSharedFile {
			l.Invalid(f+".storageClass", v.StorageClass, "is not a shared file class: the pods of a Deployment share one claim, and a cloud disk attaches to one node at a time; use the NAS class (storage.nas)")
		}
	}
	if !percentOrN.MatchString(a.MaxDisruption) || a.MaxDisruption == "0" || a.MaxDisruption == "0%" {
		l.Invalid("maxDisruption", a.MaxDisruption, "must be a count of 1 or more or a percentage such as 25%")
	}
	return l.Err()
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
