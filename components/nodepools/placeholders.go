package nodepools

import (
	"fmt"
	"maps"
	"slices"

	appsv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apps/v1"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	schedulingv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/scheduling/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/zonestack/zonestack/validation"
)

const placeholdersType = "zonestack:nodepools:Placeholders"

// Defaults of the placeholders: seed 000's ack-place-holder Deployments.
const (
	DefaultPlaceholderPriority  = -1
	DefaultPlaceholderClass     = "ack-place-holder"
	DefaultPlaceholderNamespace = "default"
	DefaultPlaceholderReplicas  = 1
	DefaultPlaceholderCPU       = "3"
	DefaultPlaceholderMemory    = "6Gi"
	// ExpendablePriorityCutoff is the cluster autoscaler's default --expendable-pods-priority-cutoff:
	// pods below it never make the autoscaler add a node, so a placeholder there keeps nothing warm.
	ExpendablePriorityCutoff = -10
)

// SkipAwaitAnnotation tells the kubernetes provider not to wait for the object to become ready:
// a placeholder may stay Pending until its pool has a node, and `pulumi up` must not hang on it.
const SkipAwaitAnnotation = "pulumi.com/skipAwait"

// PlaceholdersSpec is what a stack file can say about the placeholders (nodePools.placeholders).
// Zero values mean "use the default".
type PlaceholdersSpec struct {
	// Enabled creates them. Optional, default true; false creates no PriorityClass and no
	// Deployment.
	Enabled *bool `json:"enabled,omitempty" pulumi:"enabled"`
	// CPU each placeholder requests: room for the stateful pod that will take its place. Optional,
	// default "3".
	CPU string `json:"cpu,omitempty" pulumi:"cpu"`
	// Memory each placeholder requests. Optional, default "6Gi".
	Memory string `json:"memory,omitempty" pulumi:"memory"`
	// Replicas per zone: how many warm nodes' worth of room each pool keeps. Optional, default 1.
	Replicas int `json:"replicas,omitempty" pulumi:"replicas"`
	// Priority of the placeholders: below every real pod (0 and up) so they are preempted, above
	// the autoscaler's expendable cutoff (-10) so they still trigger scale-out. Optional, default
	// -1; -9 to -1.
	Priority *int `json:"priority,omitempty" pulumi:"priority"`
	// Namespace of the Deployments. Optional, default "default".
	Namespace string `json:"namespace,omitempty" pulumi:"namespace"`
	// PriorityClassName names the placeholders' PriorityClass. Optional, default "ack-place-holder".
	PriorityClassName string `json:"priorityClassName,omitempty" pulumi:"priorityClassName"`
	// Image is the pause image. Optional, default seed 000's
	// registry-vpc.<Region>.aliyuncs.com/acs/pause:3.1 when the Args' Region is set, else
	// registry.k8s.io/pause:3.10.
	Image string `json:"image,omitempty" pulumi:"image"`
	// OnSpot keeps warm nodes in spot pools too. Optional, default false: the cloud may reclaim a
	// spot node at any time, so a warm one there is no warm node, and a placeholder there would
	// only hold a node that may vanish when the stateful pod needs it.
	OnSpot bool `json:"onSpot,omitempty" pulumi:"onSpot"`
}

// warm are the pools of pools the spec keeps a warm node in: the on-demand ones, unless OnSpot.
func (s PlaceholdersSpec) warm(pools []Pool) []Pool {
	if s.OnSpot {
		return pools
	}
	return OnDemand(pools)
}

// IsEnabled is Enabled with its default applied.
func (s PlaceholdersSpec) IsEnabled() bool { return s.Enabled == nil || *s.Enabled }

// PlaceholdersArgs are the inputs of Placeholders: the spec, the pools to keep warm and the
// region, which picks the default image's registry.
type PlaceholdersArgs struct {
	PlaceholdersSpec
	// Pools are the pools to keep warm, one Deployment each (ZonalPools.Pools); spot pools only
	// with OnSpot. Required.
	Pools []Pool `pulumi:"pools"`
	// Region picks the VPC registry of the default image. Optional.
	Region string `pulumi:"region"`
}

// Placeholders are a PriorityClass and one Deployment of pause pods per pool.
type Placeholders struct {
	pulumi.ResourceState

	// DeploymentNames are the Deployments' names, in pool order.
	DeploymentNames pulumi.StringArrayOutput `pulumi:"deploymentNames"`
	// PriorityClassName is the placeholders' PriorityClass.
	PriorityClassName pulumi.StringOutput `pulumi:"priorityClassName"`

	// Warnings are what validation could not check (an instance type of unknown size).
	Warnings []string
	// Deployments are the Deployment resources, in pool order.
	Deployments []*appsv1.Deployment
}

func (a PlaceholdersArgs) withDefaults() PlaceholdersArgs {
	out := a
	out.PlaceholdersSpec = a.PlaceholdersSpec.withDefaults()
	out.Pools = slices.Clone(a.Pools)
	if out.Image == "" {
		out.Image = "registry.k8s.io/pause:3.10"
		if a.Region != "" {
			out.Image = "registry-vpc." + a.Region + ".aliyuncs.com/acs/pause:3.1"
		}
	}
	return out
}

func (s PlaceholdersSpec) withDefaults() PlaceholdersSpec {
	out := s
	if out.Namespace == "" {
		out.Namespace = DefaultPlaceholderNamespace
	}
	if out.PriorityClassName == "" {
		out.PriorityClassName = DefaultPlaceholderClass
	}
	if out.Priority == nil {
		out.Priority = pulumi.IntRef(DefaultPlaceholderPriority)
	}
	if out.Replicas == 0 {
		out.Replicas = DefaultPlaceholderReplicas
	}
	if out.CPU == "" {
		out.CPU = DefaultPlaceholderCPU
	}
	if out.Memory == "" {
		out.Memory = DefaultPlaceholderMemory
	}
	return out
}

// Validate reports every problem with the args, defaults applied, and returns the warnings about
// what it could not check. Disabled placeholders have nothing to check.
func (a PlaceholdersArgs) Validate() (warnings []string, err error) {
	return a.withDefaults().validate()
}

func (a PlaceholdersArgs) validate() ([]string, error) {
	if !a.IsEnabled() {
		return nil, nil
	}
	var l validation.List
	if len(a.Pools) == 0 {
		l.Required("pools", "is required: the pools to keep warm")
	}
	for i, p := range a.Pools {
		if p.IsSystem() {
			l.Invalid(fmt.Sprintf("pools[%d]", i), p.Name, "is a system pool: placeholders keep warm nodes in the stateful pools only")
		}
	}
	warnings := a.PlaceholdersSpec.validate(&l, a.Pools, func(i int) string { return fmt.Sprintf("pools[%d]", i) })
	return warnings, l.Err()
}

// Validate reports every problem with the spec, defaults applied, under its keys ("priority"),
// and returns the warnings about what it could not check. A placeholder that does not fit one of
// pools (the pools it would keep warm) is a problem of its size, reported at the spec itself.
// Disabled placeholders have nothing to check.
func (s PlaceholdersSpec) Validate(pools []Pool) (warnings []string, err error) {
	if !s.IsEnabled() {
		return nil, nil
	}
	var l validation.List
	warnings = s.withDefaults().validate(&l, pools, func(int) string { return "" })
	return warnings, l.Err()
}

// spotWarning says when a spec keeps no pool warm because every pool is spot.
func (s PlaceholdersSpec) spotWarning(pools []Pool) []string {
	if len(pools) > 0 && len(s.warm(pools)) == 0 {
		return []string{"placeholders: every pool is spot, so none gets a placeholder (set nodePools.placeholders.onSpot to keep warm spot nodes)"}
	}
	return nil
}

// validate checks the spec, defaults applied, and its fit in each of pools, a misfit reported at
// poolField(i).
func (s PlaceholdersSpec) validate(l *validation.List, pools []Pool, poolField func(i int) string) []string {
	warnings := s.spotWarning(pools)
	if p := *s.Priority; p <= ExpendablePriorityCutoff || p >= 0 {
		l.Invalid("priority", p, "must be -9 to -1: at or below %d the cluster autoscaler ignores the placeholders, at 0 or above they are not preempted by ordinary pods", ExpendablePriorityCutoff)
	}
	if s.Replicas < 1 || s.Replicas > 100 {
		l.Invalid("replicas", s.Replicas, "must be 1 to 100")
	}
	if err := validateLabelValue(s.Namespace); err != "" || !dnsSubdomain.MatchString(s.Namespace) {
		l.Invalid("namespace", s.Namespace, "must be a Kubernetes namespace name")
	}
	if !dnsSubdomain.MatchString(s.PriorityClassName) {
		l.Invalid("priorityClassName", s.PriorityClassName, "must be a lower-case DNS subdomain name")
	}
	cpu, cpuErr := resource.ParseQuantity(s.CPU)
	if cpuErr != nil || cpu.Sign() <= 0 {
		l.Invalid("cpu", s.CPU, "must be a positive Kubernetes CPU quantity such as 3 or 1500m")
	}
	mem, memErr := resource.ParseQuantity(s.Memory)
	if memErr != nil || mem.Sign() <= 0 {
		l.Invalid("memory", s.Memory, "must be a positive Kubernetes memory quantity such as 6Gi")
	}
	if cpuErr == nil && memErr == nil {
		for i, p := range pools {
			if len(p.MachineTypes) == 0 || (p.Spot && !s.OnSpot) {
				continue
			}
			first := p.MachineTypes[0]
			shape, known := Shape(first)
			if !known {
				warnings = append(warnings, fmt.Sprintf("placeholders for pool %s: instance type %s is not in zonestack's table, so the fit of %s CPU and %s memory is not checked", p.Name, first, s.CPU, s.Memory))
				continue
			}
			allocCPU, allocMiB := shape.Allocatable()
			if cpu.MilliValue() > int64(allocCPU) || mem.Value() > int64(allocMiB)<<20 {
				l.Invalid(poolField(i), p.Name,
					"a placeholder (%s CPU, %s memory) does not fit the pool's first instance type %s (%s; about %dm CPU and %d Mi allocatable after system reservation)",
					s.CPU, s.Memory, first, shape, allocCPU, allocMiB)
			}
		}
	}
	return warnings
}

// NewPlaceholders validates args and registers the PriorityClass and the Deployments; disabled
// (Enabled false), the component alone, with no PriorityClass and no Deployment. On invalid args
// it returns every problem and registers nothing.
func NewPlaceholders(ctx *pulumi.Context, name string, args *PlaceholdersArgs, opts ...pulumi.ResourceOption) (*Placeholders, error) {
	if args == nil {
		return nil, fmt.Errorf("placeholders %q: args are required", name)
	}
	a := args.withDefaults()
	warnings, err := a.validate()
	if err != nil {
		return nil, fmt.Errorf("placeholders %q: %w", name, err)
	}
	ph := &Placeholders{Warnings: warnings}
	if err := ctx.RegisterComponentResource(placeholdersType, name, ph, opts...); err != nil {
		return nil, err
	}
	for _, w := range warnings {
		_ = ctx.Log.Warn(w, &pulumi.LogArgs{Resource: ph})
	}
	if !a.IsEnabled() {
		ph.DeploymentNames = pulumi.StringArray{}.ToStringArrayOutput()
		ph.PriorityClassName = pulumi.String("").ToStringOutput()
		if err := ctx.RegisterResourceOutputs(ph, pulumi.Map{}); err != nil {
			return nil, err
		}
		return ph, nil
	}
	pc, err := schedulingv1.NewPriorityClass(ctx, name+"-priority", &schedulingv1.PriorityClassArgs{
		Metadata: &metav1.ObjectMetaArgs{
			Name:   pulumi.String(a.PriorityClassName),
			Labels: managedLabels("priority"),
		},
		Value:            pulumi.Int(*a.Priority),
		GlobalDefault:    pulumi.Bool(false),
		PreemptionPolicy: pulumi.String("Never"),
		Description:      pulumi.String("zonestack placeholders: preempted by any ordinary pod, still scaled for by the cluster autoscaler"),
	}, pulumi.Parent(ph))
	if err != nil {
		return nil, err
	}
	var names pulumi.StringArray
	for _, p := range a.warm(a.Pools) {
		d, err := appsv1.NewDeployment(ctx, name+"-"+p.ZoneLabelValue, deployment(a, p), pulumi.Parent(ph), pulumi.DependsOn([]pulumi.Resource{pc}))
		if err != nil {
			return nil, err
		}
		ph.Deployments = append(ph.Deployments, d)
		names = append(names, d.Metadata.Name().Elem())
	}
	ph.DeploymentNames = names.ToStringArrayOutput()
	ph.PriorityClassName = pc.Metadata.Name().Elem()
	if err := ctx.RegisterResourceOutputs(ph, pulumi.Map{
		"deploymentNames":   ph.DeploymentNames,
		"priorityClassName": ph.PriorityClassName,
	}); err != nil {
		return nil, err
	}
	return ph, nil
}

// DeploymentName is seed 000's name of a pool's placeholder Deployment: ack-place-holder-<zone>.
func DeploymentName(p Pool) string { return "ack-place-holder-" + p.ZoneLabelValue }

func managedLabels(role string) pulumi.StringMap {
	return pulumi.StringMap{
		"app.kubernetes.io/name":       pulumi.String("placeholder"),
		"app.kubernetes.io/component":  pulumi.String(role),
		"app.kubernetes.io/managed-by": pulumi.String("zonestack"),
	}
}

func deployment(a PlaceholdersArgs, p Pool) *appsv1.DeploymentArgs {
	name := DeploymentName(p)
	podLabels := pulumi.StringMap{"app": pulumi.String(name), "app.kubernetes.io/name": pulumi.String("placeholder")}
	var tolerations corev1.TolerationArray
	for _, t := range p.Taints {
		tolerations = append(tolerations, corev1.TolerationArgs{
			Key: pulumi.String(t.Key), Operator: pulumi.String("Equal"), Value: pulumi.String(t.Value), Effect: pulumi.String(t.Effect),
		})
	}
	labels := managedLabels("placeholder")
	labels["zonestack.io/zone"] = pulumi.String(p.Zone)
	return &appsv1.DeploymentArgs{
		Metadata: &metav1.ObjectMetaArgs{
			Name:        pulumi.String(name),
			Namespace:   pulumi.String(a.Namespace),
			Labels:      labels,
			Annotations: pulumi.StringMap{SkipAwaitAnnotation: pulumi.String("true")},
		},
		Spec: &appsv1.DeploymentSpecArgs{
			Replicas: pulumi.Int(a.Replicas),
			Selector: &metav1.LabelSelectorArgs{MatchLabels: pulumi.StringMap{"app": pulumi.String(name)}},
			Template: &corev1.PodTemplateSpecArgs{
				Metadata: &metav1.ObjectMetaArgs{Labels: podLabels},
				Spec: &corev1.PodSpecArgs{
					PriorityClassName: pulumi.String(a.PriorityClassName),
					// A preempted placeholder should give its node up at once.
					TerminationGracePeriodSeconds: pulumi.Int(0),
					AutomountServiceAccountToken:  pulumi.Bool(false),
					NodeSelector:                  pulumi.ToStringMap(maps.Clone(p.NodeSelector())),
					Tolerations:                   tolerations,
					Containers: corev1.ContainerArray{corev1.ContainerArgs{
						Name:            pulumi.String("placeholder"),
						Image:           pulumi.String(a.Image),
						ImagePullPolicy: pulumi.String("IfNotPresent"),
						Resources: &corev1.ResourceRequirementsArgs{
							Requests: pulumi.StringMap{"cpu": pulumi.String(a.CPU), "memory": pulumi.String(a.Memory)},
						},
					}},
				},
			},
		},
	}
}
