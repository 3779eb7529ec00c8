package workloads

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/zonestack/zonestack/components/nodepools"
	"github.com/zonestack/zonestack/validation"
)

// Defaults of a StatefulService.
const (
	DefaultReplicas            = 3
	DefaultNamespace           = "default"
	DefaultClusterDomain       = "cluster.local"
	DefaultPodManagementPolicy = "OrderedReady"
	// DefaultReadyTimeout is twice the slowest rollout we expect of three OrderedReady members on
	// ACK: each may wait for a new node (the autoscaler's scale-out, boot and join: about 4
	// minutes) and its new disk (about 1), one after another, so about 15 minutes; the provider's
	// own 10 would fail such a first rollout. It is also how long a member that never becomes
	// Ready (a bad image, a claim that never binds) holds `pulumi up` before it fails.
	DefaultReadyTimeout   = "30m"
	DefaultUpdateStrategy = "RollingUpdate"
	DefaultMaxUnavailable = 1
	DefaultVolumeName     = "data"
	DefaultVolumeSize     = "20Gi"
	// DefaultNodeLossTolerationSeconds is how long a member stays bound to a node that is
	// NotReady or unreachable before it is evicted (its not-ready and unreachable tolerations).
	// Kubernetes' own default (the DefaultTolerationSeconds admission plugin) is 300 s. A node
	// that stops reporting is NotReady after kube-controller-manager's node-monitor grace period
	// (40 to 50 s); 30 s more evicts the member about 75 s after the node's death instead of
	// 5 minutes. Eviction alone does not bring a member back (a StatefulSet makes no second pod
	// of the name until the first is gone, which takes the node's kubelet, the node's deletion
	// or the out-of-service taint the fencing controller adds), but it lets a member whose node
	// comes back, or is deleted by auto-repair, be recreated at once rather than after 5 minutes.
	// The cost: a node partitioned for longer than grace period + 30 s has its member restarted.
	DefaultNodeLossTolerationSeconds = 30
	// ZoneTopologyKey is the well-known label every node carries with its zone.
	ZoneTopologyKey = "topology.kubernetes.io/zone"
)

// Volume kinds, which decide the access modes a volume can have.
const (
	// VolumeZonalDisk is a cloud disk: one node at a time, in one zone.
	VolumeZonalDisk = "zonal-disk"
	// VolumeSharedFile is a shared file system (NAS): many nodes, any zone.
	VolumeSharedFile = "shared-file"
)

// Access modes.
const (
	ReadWriteOnce    = "ReadWriteOnce"
	ReadWriteOncePod = "ReadWriteOncePod"
	ReadOnlyMany     = "ReadOnlyMany"
	ReadWriteMany    = "ReadWriteMany"
)

// WorkloadSpec is what every kind of service declares, stateful or elastic: its name, where and
// what it runs. StatefulServiceSpec and ElasticServiceSpec embed it.
type WorkloadSpec struct {
	// Name is the name of the service's objects. Optional for the component, default: the
	// component name; a stack file requires it, unique in its namespace.
	Name string `json:"name" pulumi:"name"`
	// Namespace. Optional, default "default".
	Namespace string `json:"namespace,omitempty" pulumi:"namespace"`
	// Image of the main container. Required.
	Image string `json:"image" pulumi:"image"`
	// Command and Args of the main container. Optional.
	Command []string `json:"command,omitempty" pulumi:"command"`
	Args    []string `json:"args,omitempty" pulumi:"args"`
	// Env of the main container: plain settings. Optional. A stateful service's members also get,
	// for peer discovery through the headless Service's DNS, POD_NAME (the member's own name,
	// <name>-<i>), POD_INDEX (its ordinal i), SERVICE_NAME (<name>-headless) and SERVICE_DOMAIN
	// (<name>-headless.<namespace>.svc.<cluster domain>): the member is $(POD_NAME).$(SERVICE_DOMAIN)
	// and each named port has the SRV record _<port>._tcp.$(SERVICE_DOMAIN). None of them depends
	// on the replica count, so that scaling does not change the pod template; an elastic service refuses a name that reads like a secret (PASSWORD, TOKEN,
	// KEY…): put it in SecretEnv.
	Env map[string]string `json:"env,omitempty" pulumi:"env"`
	// Resources of the main container: requests and limits of cpu and memory.
	Resources Resources `json:"resources,omitempty" pulumi:"resources"`
	// Labels are added to every object and pod. Optional.
	Labels map[string]string `json:"labels,omitempty" pulumi:"labels"`
}

// StatefulServiceSpec is what a stack file can say about a StatefulService
// (workloads.statefulServices[i]). Zero values mean "use the default".
type StatefulServiceSpec struct {
	// WorkloadSpec: the name is the StatefulSet's and the client Service's; the headless Service
	// is "<name>-headless".
	WorkloadSpec
	// Replicas. Optional, default 3: one per zone.
	Replicas *int `json:"replicas,omitempty" pulumi:"replicas"`
	// Ports the service listens on. Required, at least one.
	Ports []Port `json:"ports" pulumi:"ports"`
	// Volumes are claims made per member from a StorageClass. Optional.
	Volumes []Volume `json:"volumes,omitempty" pulumi:"volumes"`
	// InitContainers run before the main container, in order. Optional.
	InitContainers []Container `json:"initContainers,omitempty" pulumi:"initContainers"`
	// ExtraVolumes are volumes of every member that are not claims: an emptyDir (a work dir
	// shared with init containers), a Secret or a ConfigMap. Optional.
	ExtraVolumes []ExtraVolume `json:"extraVolumes,omitempty" pulumi:"extraVolumes"`
	// ConfigFiles are files by name ({"etcd.conf.yml": "..."}), rendered into the ConfigMap
	// "<name>-config" and mounted read-only at ConfigMountPath in the main container, as the
	// volume "config" (init containers may mount it too). The files' sha256 is the pod
	// template's zonestack.io/config-hash annotation: a change of the files rolls the members,
	// and nothing else about them does. Optional.
	ConfigFiles map[string]string `json:"configFiles,omitempty" pulumi:"configFiles"`
	// ConfigMountPath is where the config files are. Optional, default "/etc/<name>".
	ConfigMountPath string `json:"configMountPath,omitempty" pulumi:"configMountPath"`
	// SecurityContext of the members' pods and containers. Optional: by default the image's
	// user (nginx and etcd images run as root) and no privilege escalation.
	SecurityContext SecurityContext `json:"securityContext,omitempty" pulumi:"securityContext"`
	// PodManagementPolicy is OrderedReady (default) or Parallel.
	PodManagementPolicy string `json:"podManagementPolicy,omitempty" pulumi:"podManagementPolicy"`
	// ReadyTimeout is how long `pulumi up` waits for every member to be Ready before it fails
	// with the provider's account of what is stuck, e.g. "5m". Optional, DefaultReadyTimeout.
	ReadyTimeout string `json:"readyTimeout,omitempty" pulumi:"readyTimeout"`
	// UpdateStrategy is RollingUpdate (default) or OnDelete.
	UpdateStrategy string `json:"updateStrategy,omitempty" pulumi:"updateStrategy"`
	// NodeLossTolerationSeconds is the tolerationSeconds of the members' tolerations of the
	// node.kubernetes.io/not-ready and unreachable NoExecute taints: how long a member stays on
	// a node that stopped reporting before it is evicted. Optional, default
	// DefaultNodeLossTolerationSeconds (30); 0 to 3600.
	NodeLossTolerationSeconds *int `json:"nodeLossTolerationSeconds,omitempty" pulumi:"nodeLossTolerationSeconds"`
	// Partition holds members below this ordinal at the old version during a rolling update.
	Partition *int `json:"partition,omitempty" pulumi:"partition"`
	// MaxUnavailable is how many members a voluntary disruption may take at once (the PDB).
	// Optional, default 1.
	MaxUnavailable int `json:"maxUnavailable,omitempty" pulumi:"maxUnavailable"`
	// OnStatefulPools runs the members on Pools. Optional, default true; false runs them anywhere,
	// spread over topology.kubernetes.io/zone, whatever Pools holds.
	OnStatefulPools *bool `json:"onStatefulPools,omitempty" pulumi:"onStatefulPools"`
	// OnSpot lets the members run on spot pools too. Optional, default false: the cloud may take a
	// spot node back at any time, and a member that loses its node loses its seat in the quorum
	// until its disk is attached elsewhere.
	OnSpot bool `json:"onSpot,omitempty" pulumi:"onSpot"`
	// LivenessProbe, ReadinessProbe and StartupProbe of the main container. Optional, none by
	// default: a probe zonestack guessed could kill a database mid-recovery (a member replaying
	// its log answers no health check, and a liveness probe would restart it before it is done),
	// or hold a forming cluster's members out of the Services. Give a startup probe generous
	// thresholds for a slow first start, and liveness a check that only a stuck process fails.
	LivenessProbe  *Probe `json:"livenessProbe,omitempty" pulumi:"livenessProbe"`
	ReadinessProbe *Probe `json:"readinessProbe,omitempty" pulumi:"readinessProbe"`
	StartupProbe   *Probe `json:"startupProbe,omitempty" pulumi:"startupProbe"`
}

// StatefulServiceArgs are the inputs of a StatefulService: its spec and what the program that
// builds it decides. Zero values mean "use the default".
type StatefulServiceArgs struct {
	StatefulServiceSpec
	// Pools are the pools to run on (ZonalPools.Pools, or nodepools.PlanPools): the members
	// select their common labels, tolerate their taints and spread over their zone label.
	// Optional: without pools (or with OnStatefulPools false) the members run anywhere and
	// spread over topology.kubernetes.io/zone.
	Pools []nodepools.Pool `pulumi:"pools"`
	// ClusterDomain of the cluster's DNS. Optional, default "cluster.local".
	ClusterDomain string `pulumi:"clusterDomain"`
	// Instance is the app.kubernetes.io/instance label, part of the pods' selector, which cannot
	// change once the workload exists. Optional, default: the component name. Set it to keep the
	// selector when the component is renamed.
	Instance string `pulumi:"instance"`
}

// Port is one port of the service.
type Port struct {
	// Name of the port. Required: at most 15 lower-case letters, digits and '-'.
	Name string `json:"name" pulumi:"name"`
	// Port number. Required.
	Port int `json:"port" pulumi:"port"`
	// Protocol is TCP (default), UDP or SCTP.
	Protocol string `json:"protocol,omitempty" pulumi:"protocol"`
}

// Resources are the requests and limits of a container.
type Resources struct {
	Requests Quantities `json:"requests,omitempty" pulumi:"requests"`
	Limits   Quantities `json:"limits,omitempty" pulumi:"limits"`
}

// Quantities are CPU and memory amounts in Kubernetes notation ("2", "500m", "4Gi").
type Quantities struct {
	CPU    string `json:"cpu,omitempty" pulumi:"cpu"`
	Memory string `json:"memory,omitempty" pulumi:"memory"`
}

// Volume is a claim template: one claim per member.
type Volume struct {
	// Name of the claim template and the volume. Optional, default "data".
	Name string `json:"name,omitempty" pulumi:"name"`
	// MountPath in the main container. Required.
	MountPath string `json:"mountPath" pulumi:"mountPath"`
	// Size requested. Optional, default "20Gi".
	Size string `json:"size,omitempty" pulumi:"size"`
	// StorageClass is the class's name. Required. A stack names a class of its storage
	// (storage.diskClasses, storage.nas) or a cluster's built-in class.
	StorageClass string `json:"storageClass" pulumi:"storageClass"`
	// Kind is VolumeZonalDisk or VolumeSharedFile, the kind of StorageClass. Required: it decides
	// which access modes can work. Not a stack-file key: a stack knows its classes' kinds.
	Kind string `json:"-" pulumi:"kind"`
	// AccessModes. Optional, default [ReadWriteOnce].
	AccessModes []string `json:"accessModes,omitempty" pulumi:"accessModes"`
}

// Container is an init container.
type Container struct {
	// Name of the container. Required: a DNS label other than main.
	Name string `json:"name" pulumi:"name"`
	// Image of the container. Required.
	Image   string   `json:"image" pulumi:"image"`
	Command []string `json:"command,omitempty" pulumi:"command"`
	Args    []string `json:"args,omitempty" pulumi:"args"`
	// VolumeMounts are the volumes the container sees, each a claim (volumes[].name), an extra
	// volume (extraVolumes[].name) or the config files' volume ("config"). Optional, default:
	// every claim (volumes) at its mountPath.
	VolumeMounts []VolumeMount `json:"volumeMounts,omitempty" pulumi:"volumeMounts"`
	// Resources of the container. Optional, default none.
	Resources Resources `json:"resources,omitempty" pulumi:"resources"`
	// Env of the container, added to the members' (POD_NAME, SERVICE_NAME…, and env), whose
	// names it may not reuse. Optional.
	Env map[string]string `json:"env,omitempty" pulumi:"env"`
}

func (a StatefulServiceArgs) withDefaults(name string) StatefulServiceArgs {
	out := a
	out.StatefulServiceSpec = a.StatefulServiceSpec.withDefaults(name)
	if out.Instance == "" {
		out.Instance = name
	}
	if out.ClusterDomain == "" {
		out.ClusterDomain = DefaultClusterDomain
	}
	if a.OnStatefulPools != nil && !*a.OnStatefulPools {
		out.Pools = nil
	}
	if !a.OnSpot {
		out.Pools = nodepools.OnDemand(out.Pools)
	}
	return out
}

func (s StatefulServiceSpec) withDefaults(name string) StatefulServiceSpec {
	out := s
	if out.Name == "" {
		out.Name = name
	}
	if out.Namespace == "" {
		out.Namespace = DefaultNamespace
	}
	if out.Replicas == nil {
		n := DefaultReplicas
		out.Replicas = &n
	}
	if out.PodManagementPolicy == "" {
		out.PodManagementPolicy = DefaultPodManagementPolicy
	}
	if out.ReadyTimeout == "" {
		out.ReadyTimeout = DefaultReadyTimeout
	}
	if out.UpdateStrategy == "" {
		out.UpdateStrategy = DefaultUpdateStrategy
	}
	if out.NodeLossTolerationSeconds == nil {
		n := DefaultNodeLossTolerationSeconds
		out.NodeLossTolerationSeconds = &n
	}
	if out.MaxUnavailable == 0 {
		out.MaxUnavailable = DefaultMaxUnavailable
	}
	if len(out.ConfigFiles) > 0 && out.ConfigMountPath == "" {
		out.ConfigMountPath = "/etc/" + out.Name
	}
	out.Ports = slices.Clone(s.Ports)
	for i := range out.Ports {
		if out.Ports[i].Protocol == "" {
			out.Ports[i].Protocol = "TCP"
		}
	}
	out.Volumes = slices.Clone(s.Volumes)
	for i := range out.Volumes {
		v := &out.Volumes[i]
		if v.Name == "" {
			v.Name = DefaultVolumeName
		}
		if v.Size == "" {
			v.Size = DefaultVolumeSize
		}
		if len(v.AccessModes) == 0 {
			v.AccessModes = []string{ReadWriteOnce}
		}
	}
	return out
}

var (
	dnsLabel    = regexp.MustCompile(`^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$`)
	portName    = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$`)
	envName     = regexp.MustCompile(`^[-._a-zA-Z][-._a-zA-Z0-9]*$`)
	reservedEnv = []string{"POD_NAME", "POD_INDEX", "SERVICE_NAME", "SERVICE_DOMAIN"}
)

// Validate reports every problem with the args, defaults applied (name is the component name,
// the default of Name and Instance): the spec's rules, then the instance label's and the pools'.
func (a StatefulServiceArgs) Validate(name string) error {
	err := a.withDefaults(name).validate()
	if onPools := a.OnStatefulPools == nil || *a.OnStatefulPools; onPools && !a.OnSpot && len(a.Pools) > 0 && len(nodepools.OnDemand(a.Pools)) == 0 {
		var l validation.List
		l.Merge("", err)
		l.Invalid("onSpot", false, "every pool the members would run on is spot, and members keep off spot nodes, which the cloud may reclaim at any time: give a zone an on-demand pool, set onSpot: true to run them on spot anyway, or onStatefulPools: false")
		err = l.Err()
	}
	return err
}

func (a StatefulServiceArgs) validate() error {
	var l validation.List
	a.StatefulServiceSpec.validate(&l)
	validateInstance(&l, a.Instance)
	validatePools(&l, a.Pools)
	return l.Err()
}

// Validate reports every problem with the spec, defaults applied (name is the default of Name),
// under the spec's keys ("ports[0].port"). A volume's kind is checked as given.
func (s StatefulServiceSpec) Validate(name string) error {
	var l validation.List
	s.withDefaults(name).validate(&l)
	return l.Err()
}

func (s StatefulServiceSpec) validate(l *validation.List) {
	// The headless Service is "<name>-headless" and pod names add "-<ordinal>"; both must stay
	// DNS labels.
	if !dnsLabel.MatchString(s.Name) || len(s.Name) > 52 {
		l.Invalid("name", s.Name, "must be a DNS label of at most 52 characters (lower-case letters, digits, '-'), so that <name>-headless and the pod names stay valid")
	}
	if !dnsLabel.MatchString(s.Namespace) {
		l.Invalid("namespace", s.Namespace, "must be a DNS label")
	}
	if s.Image == "" {
		l.Required("image", "")
	}
	if r := *s.Replicas; r < 0 || r > 1000 {
		l.Invalid("replicas", r, "must be 0 to 1000")
	}
	if n := *s.NodeLossTolerationSeconds; n < 0 || n > 3600 {
		l.Invalid("nodeLossTolerationSeconds", n, "must be 0 to 3600")
	}
	if len(s.Ports) == 0 {
		l.Required("ports", "is required: at least one port, for the Services")
	}
	seenPort, seenName := map[int]int{}, map[string]int{}
	for i, p := range s.Ports {
		f := fmt.Sprintf("ports[%d]", i)
		if p.Port < 1 || p.Port > 65535 {
			l.Invalid(f+".port", p.Port, "must be 1 to 65535")
		}
		if !portName.MatchString(p.Name) {
			l.Invalid(f+".name", p.Name, "must be a port name: at most 15 lower-case letters, digits and '-'")
		}
		if !slices.Contains([]string{"TCP", "UDP", "SCTP"}, p.Protocol) {
			l.Invalid(f+".protocol", p.Protocol, "must be TCP, UDP or SCTP")
		}
		if j, dup := seenPort[p.Port]; dup {
			l.Invalid(f+".port", p.Port, "duplicates ports[%d]", j)
		}
		if j, dup := seenName[p.Name]; dup && p.Name != "" {
			l.Invalid(f+".name", p.Name, "duplicates ports[%d]", j)
		}
		seenPort[p.Port], seenName[p.Name] = i, i
	}
	for _, k := range slices.Sorted(maps.Keys(s.Env)) {
		if !envName.MatchString(k) {
			l.Invalid("env", k, "must be an environment variable name")
		}
		if slices.Contains(reservedEnv, k) {
			l.Invalid("env", k, "is set by zonestack for peer discovery; choose another name")
		}
	}
	validateResources(l, s.Resources)
	mounts := map[string]int{}
	names := map[string]int{}
	for i, v := range s.Volumes {
		f := fmt.Sprintf("volumes[%d]", i)
		if !dnsLabel.MatchString(v.Name) {
			l.Invalid(f+".name", v.Name, "must be a DNS label")
		}
		if j, dup := names[v.Name]; dup {
			l.Invalid(f+".name", v.Name, "duplicates volumes[%d].name", j)
		}
		names[v.Name] = i
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
			l.Required(f+".storageClass", "is required: the StorageClass to claim from")
		}
		switch v.Kind {
		case VolumeZonalDisk, VolumeSharedFile:
		default:
			l.Invalid(f+".kind", v.Kind, "must be %s or %s", VolumeZonalDisk, VolumeSharedFile)
		}
		for j, m := range v.AccessModes {
			mf := fmt.Sprintf("%s.accessModes[%d]", f, j)
			switch {
			case !slices.Contains([]string{ReadWriteOnce, ReadWriteOncePod, ReadOnlyMany, ReadWriteMany}, m):
				l.Invalid(mf, m, "must be ReadWriteOnce, ReadWriteOncePod, ReadOnlyMany or ReadWriteMany")
			case v.Kind == VolumeZonalDisk && (m == ReadWriteMany || m == ReadOnlyMany):
				l.Invalid(mf, m, "cannot work on %s, a cloud-disk class: a disk attaches to one node at a time; for a volume shared by many pods use a shared file class (storage.oss, zone-redundant, or storage.nas)", v.StorageClass)
			}
		}
	}
	for i, c := range s.InitContainers {
		f := fmt.Sprintf("initContainers[%d]", i)
		if !dnsLabel.MatchString(c.Name) || c.Name == "main" {
			l.Invalid(f+".name", c.Name, "must be a DNS label other than main")
		}
		if c.Image == "" {
			l.Required(f+".image", "")
		}
		validateInitContainer(l, f, c, s)
	}
	validateExtraVolumes(l, s)
	validateConfigFiles(l, s)
	validateSecurityContext(l, s.SecurityContext)
	validateProbe(l, "livenessProbe", s.LivenessProbe, s.Ports, true)
	validateProbe(l, "readinessProbe", s.ReadinessProbe, s.Ports, false)
	validateProbe(l, "startupProbe", s.StartupProbe, s.Ports, true)
	switch s.PodManagementPolicy {
	case "OrderedReady", "Parallel":
	default:
		l.Invalid("podManagementPolicy", s.PodManagementPolicy, "must be OrderedReady or Parallel")
	}
	if d, err := time.ParseDuration(s.ReadyTimeout); s.ReadyTimeout != "" && (err != nil || d < 10*time.Second || d > 24*time.Hour) {
		l.Invalid("readyTimeout", s.ReadyTimeout, "must be a duration from 10s to 24h, such as 15m")
	}
	switch s.UpdateStrategy {
	case "RollingUpdate", "OnDelete":
	default:
		l.Invalid("updateStrategy", s.UpdateStrategy, "must be RollingUpdate or OnDelete")
	}
	if s.Partition != nil && (*s.Partition < 0 || s.UpdateStrategy != "RollingUpdate") {
		l.Invalid("partition", *s.Partition, "must be 0 or more, with updateStrategy RollingUpdate")
	}
	if s.MaxUnavailable < 1 {
		l.Invalid("maxUnavailable", s.MaxUnavailable, "must be 1 or more")
	} else if s.MaxUnavailable >= *s.Replicas && *s.Replicas > 1 {
		l.Invalid("maxUnavailable", s.MaxUnavailable, "must be less than replicas %d, or a drain may take every member at once", *s.Replicas)
	}
}

// instanceLabel is a label value: the instance label carries it.
var instanceLabel = regexp.MustCompile(`^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$`)

func validateInstance(l *validation.List, instance string) {
	if !instanceLabel.MatchString(instance) {
		l.Invalid("instance", instance, "must be a label value (at most 63 letters, digits, '-', '_' or '.'); the component name is the default, so set instance when the name is not one")
	}
}

func validateResources(l *validation.List, r Resources) {
	parse := func(field, s string) (resource.Quantity, bool) {
		if s == "" {
			return resource.Quantity{}, false
		}
		q, err := resource.ParseQuantity(s)
		if err != nil || q.Sign() < 0 {
			l.Invalid(field, s, "must be a Kubernetes quantity such as 2, 500m or 4Gi")
			return q, false
		}
		return q, true
	}
	rc, okRC := parse("resources.requests.cpu", r.Requests.CPU)
	lc, okLC := parse("resources.limits.cpu", r.Limits.CPU)
	rm, okRM := parse("resources.requests.memory", r.Requests.Memory)
	lm, okLM := parse("resources.limits.memory", r.Limits.Memory)
	if okRC && okLC && rc.Cmp(lc) > 0 {
		l.Invalid("resources.limits.cpu", r.Limits.CPU, "must be at least the request %s", r.Requests.CPU)
	}
	if okRM && okLM && rm.Cmp(lm) > 0 {
		l.Invalid("resources.limits.memory", r.Limits.Memory, "must be at least the request %s", r.Requests.Memory)
	}
}

// validatePools checks that the pools share one zone label, which the members spread over.
func validatePools(l *validation.List, pools []nodepools.Pool) {
	for i, p := range pools {
		if p.ZoneLabelKey != pools[0].ZoneLabelKey {
			l.Invalid(fmt.Sprintf("pools[%d]", i), p.Name, "labels its zone with %q, pools[0] with %q; the members spread over one zone label", p.ZoneLabelKey, pools[0].ZoneLabelKey)
		}
	}
}

// placement is where the members may run: the labels every pool has (the zone label aside),
// every taint of any pool, and the label to spread over.
func placement(pools []nodepools.Pool) (selector map[string]string, tolerations []nodepools.Taint, zoneKey string) {
	if len(pools) == 0 {
		return nil, nil, ZoneTopologyKey
	}
	selector = pools[0].CommonSelector()
	for _, p := range pools[1:] {
		common := p.CommonSelector()
		maps.DeleteFunc(selector, func(k, v string) bool { return common[k] != v })
	}
	for _, p := range pools {
		for _, t := range p.Taints {
			if !slices.Contains(tolerations, t) {
				tolerations = append(tolerations, t)
			}
		}
	}
	return selector, tolerations, pools[0].ZoneLabelKey
}
