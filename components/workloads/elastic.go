package workloads

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	appsv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apps/v1"
	autoscalingv2 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/autoscaling/v2"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	policyv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/policy/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/internal/base/ackapi"
	"github.com/zonestack/zonestack/internal/base/outputs"
)

const elasticServiceType = "zonestack:workloads:ElasticService"

// BackendTypeAnnotation set to "eni" makes ACK's load balancer send to pods' own addresses
// (Terway), which is how ECI pods, on no ECS node, receive traffic.
const BackendTypeAnnotation = "service.beta.kubernetes.io/backend-type"

// WaitForECSScalingLabel on a ResourcePolicy unit makes pods wait for its node pools to scale
// out (up to the policy's timeout) before they move on to ECI.
const WaitForECSScalingLabel = "k8s.aliyun.com/resource-policy-wait-for-ecs-scaling"

// ElasticService is a stateless service that scales with load: a Deployment behind a load
// balancer, an HPA on CPU, optional schedules, and, with Burst, the routing of its overflow to
// ECI.
type ElasticService struct {
	pulumi.ResourceState

	// ServiceName is the Service's DNS name in the cluster.
	ServiceName pulumi.StringOutput `pulumi:"serviceName"`
	// Address is the load balancer's address once ACK has created it; empty for type none.
	Address pulumi.StringOutput `pulumi:"address"`

	// Deployment, Service, Autoscaler, DisruptionBudget are the objects, as escape hatches.
	Deployment       *appsv1.Deployment
	Service          *corev1.Service
	Autoscaler       *autoscalingv2.HorizontalPodAutoscaler
	DisruptionBudget *policyv1.PodDisruptionBudget
	// Secret holds SecretEnv; nil without it.
	Secret *corev1.Secret
	// Schedules is the CronHPA; nil without schedules.
	Schedules *apiextensions.CustomResource
	// ResourcePolicy orders ECS before ECI; nil unless Burst is overflow.
	ResourcePolicy *apiextensions.CustomResource
}

// NewElasticService validates args and registers the service. On invalid args it returns every
// problem and registers nothing.
func NewElasticService(ctx *pulumi.Context, name string, args *ElasticServiceArgs, opts ...pulumi.ResourceOption) (*ElasticService, error) {
	if args == nil {
		return nil, fmt.Errorf("elastic service %q: args are required", name)
	}
	a := args.withDefaults(name)
	if err := a.validate(); err != nil {
		return nil, fmt.Errorf("elastic service %q: %w", name, err)
	}
	s := &ElasticService{}
	if err := ctx.RegisterComponentResource(elasticServiceType, name, s, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(s)
	selector := map[string]string{"app.kubernetes.io/name": a.Name, "app.kubernetes.io/instance": a.Instance}
	labels := map[string]string{"app.kubernetes.io/managed-by": "zonestack"}
	maps.Copy(labels, a.Labels)
	maps.Copy(labels, selector)
	meta := func(n string) *metav1.ObjectMetaArgs {
		return &metav1.ObjectMetaArgs{Name: pulumi.String(n), Namespace: pulumi.String(a.Namespace), Labels: pulumi.ToStringMap(labels)}
	}

	var err error
	if len(a.SecretEnv) > 0 {
		data := pulumi.StringMap{}
		for k, v := range a.SecretEnv {
			data[k] = pulumi.ToSecret(v).(pulumi.StringOutput)
		}
		s.Secret, err = corev1.NewSecret(ctx, name+"-env", &corev1.SecretArgs{
			Metadata:   meta(a.Name + "-env"),
			Type:       pulumi.String("Opaque"),
			StringData: data,
		}, parent)
		if err != nil {
			return nil, err
		}
	}
	var deps []pulumi.Resource
	if s.Secret != nil {
		deps = append(deps, s.Secret)
	}
	for _, v := range a.Volumes {
		claim, err := corev1.NewPersistentVolumeClaim(ctx, name+"-"+v.Name, &corev1.PersistentVolumeClaimArgs{
			Metadata: meta(a.Name + "-" + v.Name),
			Spec: &corev1.PersistentVolumeClaimSpecArgs{
				AccessModes:      pulumi.ToStringArray([]string{ReadWriteMany}),
				StorageClassName: pulumi.String(v.StorageClass),
				Resources:        &corev1.VolumeResourceRequirementsArgs{Requests: pulumi.StringMap{"storage": pulumi.String(v.Size)}},
			},
		}, parent)
		if err != nil {
			return nil, err
		}
		deps = append(deps, claim)
	}
	if a.Burst == BurstOverflow {
		// The policy must exist before the first pod is scheduled, or that pod ignores it.
		s.ResourcePolicy, err = newCustomResource(ctx, name+"-resource-policy", ackapi.ResourcePolicy{
			APIVersion: ackapi.ResourcePolicyAPIVersion,
			Kind:       ackapi.ResourcePolicyKind,
			Metadata:   ackapi.ObjectMeta{Name: a.Name, Namespace: a.Namespace, Labels: labels},
			Spec:       overflowPolicy(a, selector),
		}, parent)
		if err != nil {
			return nil, err
		}
		deps = append(deps, s.ResourcePolicy)
	}
	s.Deployment, err = appsv1.NewDeployment(ctx, name+"-deployment", &appsv1.DeploymentArgs{
		Metadata: meta(a.Name),
		// No replicas: the HPA owns the count, and a replicas field here would reset it on every
		// update. The HPA raises a new Deployment to its minimum at once.
		Spec: &appsv1.DeploymentSpecArgs{
			Selector: &metav1.LabelSelectorArgs{MatchLabels: pulumi.ToStringMap(selector)},
			Strategy: &appsv1.DeploymentStrategyArgs{
				Type: pulumi.String("RollingUpdate"),
				// Never below the serving count during a rollout: new pods first.
				RollingUpdate: &appsv1.RollingUpdateDeploymentArgs{MaxUnavailable: pulumi.Int(0), MaxSurge: pulumi.String("25%")},
			},
			Template: &corev1.PodTemplateSpecArgs{
				Metadata: &metav1.ObjectMetaArgs{Labels: pulumi.ToStringMap(labels)},
				Spec:     elasticPod(a, name, selector),
			},
		},
	}, parent, pulumi.DependsOn(deps))
	if err != nil {
		return nil, err
	}
	s.Service, err = corev1.NewService(ctx, name+"-service", &corev1.ServiceArgs{
		Metadata: serviceMeta(meta(a.Name), a.LoadBalancer),
		Spec:     serviceSpec(a, selector),
	}, parent)
	if err != nil {
		return nil, err
	}
	s.Autoscaler, err = autoscalingv2.NewHorizontalPodAutoscaler(ctx, name+"-hpa", &autoscalingv2.HorizontalPodAutoscalerArgs{
		Metadata: meta(a.Name),
		Spec: &autoscalingv2.HorizontalPodAutoscalerSpecArgs{
			ScaleTargetRef: &autoscalingv2.CrossVersionObjectReferenceArgs{
				ApiVersion: pulumi.String("apps/v1"), Kind: pulumi.String("Deployment"), Name: s.Deployment.Metadata.Name().Elem(),
			},
			MinReplicas: pulumi.Int(a.Autoscaling.MinReplicas),
			MaxReplicas: pulumi.Int(a.Autoscaling.MaxReplicas),
			Metrics: autoscalingv2.MetricSpecArray{autoscalingv2.MetricSpecArgs{
				Type: pulumi.String("Resource"),
				Resource: &autoscalingv2.ResourceMetricSourceArgs{
					Name: pulumi.String("cpu"),
					Target: &autoscalingv2.MetricTargetArgs{
						Type: pulumi.String("Utilization"), AverageUtilization: pulumi.Int(a.Autoscaling.TargetCPUUtilization),
					},
				},
			}},
		},
	}, parent)
	if err != nil {
		return nil, err
	}
	if len(a.Schedules) > 0 {
		// Aimed at the HPA, the schedule moves its floor; aimed at the Deployment it would fight
		// the HPA over the replica count. It waits for the controller that serves its kind too.
		after := []pulumi.Resource{s.Autoscaler}
		if a.CronHPAController != nil {
			after = append(after, a.CronHPAController)
		}
		s.Schedules, err = newCustomResource(ctx, name+"-schedules", cronSchedules(a), parent, pulumi.DependsOn(after))
		if err != nil {
			return nil, err
		}
	}
	s.DisruptionBudget, err = policyv1.NewPodDisruptionBudget(ctx, name+"-pdb", &policyv1.PodDisruptionBudgetArgs{
		Metadata: meta(a.Name),
		Spec: &policyv1.PodDisruptionBudgetSpecArgs{
			MaxUnavailable: intOrPercent(a.MaxDisruption),
			Selector:       &metav1.LabelSelectorArgs{MatchLabels: pulumi.ToStringMap(selector)},
		},
	}, parent)
	if err != nil {
		return nil, err
	}

	s.ServiceName = pulumi.Sprintf("%s.%s.svc", s.Service.Metadata.Name().Elem(), a.Namespace)
	s.Address = s.Service.Status.ApplyT(func(st *corev1.ServiceStatus) string {
		if st == nil || st.LoadBalancer == nil || len(st.LoadBalancer.Ingress) == 0 {
			return ""
		}
		in := st.LoadBalancer.Ingress[0]
		if in.Ip != nil {
			return *in.Ip
		}
		if in.Hostname != nil {
			return *in.Hostname
		}
		return ""
	}).(pulumi.StringOutput)
	if err := ctx.RegisterResourceOutputs(s, pulumi.Map{"serviceName": s.ServiceName, "address": s.Address}); err != nil {
		return nil, err
	}
	return s, nil
}

// overflowPolicy is the ResourcePolicy of burst overflow: one ECS unit for the pools (all zones,
// so the pods still spread), then ECI. Scale-in removes pods in the reverse order: ECI first.
func overflowPolicy(a ElasticServiceArgs, selector map[string]string) ackapi.ResourcePolicySpec {
	nodeSelector, _, _ := placement(a.Pools)
	ecs := ackapi.Unit{Resource: ackapi.UnitECS, NodeSelector: nodeSelector, Max: a.MaxOnECS}
	spec := ackapi.ResourcePolicySpec{
		Selector: selector,
		Strategy: "prefer",
		Units:    []ackapi.Unit{ecs, {Resource: ackapi.UnitECI}},
		// Displace lower-priority pods on ECS (placeholders) before paying for ECI. ACK's default,
		// AfterAllUnits, would send pods to ECI while the pools hold preemptible placeholders.
		// It takes effect where ACK's scheduler has preemption turned on.
		PreemptPolicy: "BeforeNextUnit",
	}
	if a.OverflowAfter != "" {
		spec.WhenTryNextUnits = &ackapi.WhenTryNextUnits{Policy: ackapi.TimeoutOrExceedMax, Timeout: a.OverflowAfter}
		if a.MaxOnECS == nil {
			// Without max, ACK waits for the pools only when the unit says so.
			spec.Units[0].PodLabels = map[string]string{WaitForECSScalingLabel: "true"}
		}
	}
	return spec
}

// cronSchedules is the CronHPA of the service's schedules, aimed at its HPA.
func cronSchedules(a ElasticServiceArgs) ackapi.CronHorizontalPodAutoscaler {
	c := ackapi.CronHorizontalPodAutoscaler{
		APIVersion: ackapi.CronHPAAPIVersion,
		Kind:       ackapi.CronHPAKind,
		Metadata:   ackapi.ObjectMeta{Name: a.Name, Namespace: a.Namespace},
		Spec: ackapi.CronHPASpec{
			ScaleTargetRef: ackapi.ScaleTargetRef{APIVersion: "autoscaling/v2", Kind: "HorizontalPodAutoscaler", Name: a.Name},
			ExcludeDates:   a.ExcludeDates,
		},
	}
	for _, s := range a.Schedules {
		c.Spec.Jobs = append(c.Spec.Jobs, ackapi.CronJob{Name: s.Name, Schedule: s.Schedule, TargetSize: s.TargetSize, RunOnce: s.RunOnce})
	}
	return c
}

// newCustomResource registers obj, an ackapi object, as a kubernetes CustomResource.
func newCustomResource(ctx *pulumi.Context, name string, obj any, opts ...pulumi.ResourceOption) (*apiextensions.CustomResource, error) {
	b, err := json.Marshal(obj)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	md := m["metadata"].(map[string]any)
	meta := &metav1.ObjectMetaArgs{Name: pulumi.String(md["name"].(string))}
	if ns, ok := md["namespace"].(string); ok {
		meta.Namespace = pulumi.String(ns)
	}
	if l, ok := md["labels"].(map[string]any); ok {
		labels := pulumi.StringMap{}
		for k, v := range l {
			labels[k] = pulumi.String(v.(string))
		}
		meta.Labels = labels
	}
	return apiextensions.NewCustomResource(ctx, name, &apiextensions.CustomResourceArgs{
		ApiVersion:  pulumi.String(m["apiVersion"].(string)),
		Kind:        pulumi.String(m["kind"].(string)),
		Metadata:    meta,
		OtherFields: kubernetes.UntypedArgs{"spec": m["spec"]},
	}, opts...)
}

func elasticPod(a ElasticServiceArgs, name string, selector map[string]string) *corev1.PodSpecArgs {
	nodeSelector, taints, zoneKey := placement(a.Pools)
	var tolerations corev1.TolerationArray
	for _, t := range taints {
		tolerations = append(tolerations, corev1.TolerationArgs{Key: pulumi.String(t.Key), Operator: pulumi.String("Equal"), Value: pulumi.String(t.Value), Effect: pulumi.String(t.Effect)})
	}
	env := corev1.EnvVarArray{}
	for _, k := range slices.Sorted(maps.Keys(a.Env)) {
		env = append(env, corev1.EnvVarArgs{Name: pulumi.String(k), Value: pulumi.String(a.Env[k])})
	}
	for _, k := range slices.Sorted(maps.Keys(a.ComputedEnv)) {
		env = append(env, corev1.EnvVarArgs{Name: pulumi.String(k), Value: a.ComputedEnv[k]})
	}
	for _, k := range slices.Sorted(maps.Keys(a.SecretEnv)) {
		env = append(env, corev1.EnvVarArgs{Name: pulumi.String(k), ValueFrom: &corev1.EnvVarSourceArgs{
			SecretKeyRef: &corev1.SecretKeySelectorArgs{Name: pulumi.String(a.Name + "-env"), Key: pulumi.String(k)},
		}})
	}
	var mounts corev1.VolumeMountArray
	var volumes corev1.VolumeArray
	for _, v := range a.Volumes {
		mounts = append(mounts, corev1.VolumeMountArgs{Name: pulumi.String(v.Name), MountPath: pulumi.String(v.MountPath)})
		volumes = append(volumes, corev1.VolumeArgs{Name: pulumi.String(v.Name), PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSourceArgs{
			ClaimName: pulumi.String(a.Name + "-" + v.Name),
		}})
	}
	main := corev1.ContainerArgs{
		Name:      pulumi.String("main"),
		Image:     pulumi.String(a.Image),
		Ports:     corev1.ContainerPortArray{corev1.ContainerPortArgs{Name: pulumi.String("http"), ContainerPort: pulumi.Int(a.Port)}},
		Resources: resources(a.Resources),
	}
	if len(env) > 0 {
		main.Env = env
	}
	if len(mounts) > 0 {
		main.VolumeMounts = mounts
	}
	if len(a.Command) > 0 {
		main.Command = pulumi.ToStringArray(a.Command)
	}
	if len(a.Args) > 0 {
		main.Args = pulumi.ToStringArray(a.Args)
	}
	if a.ReadinessPath != "" {
		main.ReadinessProbe = &corev1.ProbeArgs{
			HttpGet:          &corev1.HTTPGetActionArgs{Path: pulumi.String(a.ReadinessPath), Port: pulumi.String("http")},
			PeriodSeconds:    pulumi.Int(5),
			FailureThreshold: pulumi.Int(3),
		}
	}
	pod := &corev1.PodSpecArgs{Containers: corev1.ContainerArray{main}}
	if len(volumes) > 0 {
		pod.Volumes = volumes
	}
	switch a.Burst {
	case BurstECIOnly:
		// ACK's "ECI only" recipe: require the virtual nodes' label, tolerate their taint.
		pod.Affinity = &corev1.AffinityArgs{NodeAffinity: &corev1.NodeAffinityArgs{
			RequiredDuringSchedulingIgnoredDuringExecution: &corev1.NodeSelectorArgs{NodeSelectorTerms: corev1.NodeSelectorTermArray{
				corev1.NodeSelectorTermArgs{MatchExpressions: corev1.NodeSelectorRequirementArray{corev1.NodeSelectorRequirementArgs{
					Key: pulumi.String(ackapi.VirtualNodeLabelKey), Operator: pulumi.String("In"), Values: pulumi.ToStringArray([]string{ackapi.VirtualNodeLabelValue}),
				}}},
			}},
		}}
		pod.Tolerations = corev1.TolerationArray{corev1.TolerationArgs{
			Key: pulumi.String(ackapi.VirtualNodeTaintKey), Operator: pulumi.String("Equal"), Value: pulumi.String(ackapi.VirtualNodeTaintValue), Effect: pulumi.String("NoSchedule"),
		}}
		return pod
	case BurstNone:
		if len(nodeSelector) > 0 {
			pod.NodeSelector = pulumi.ToStringMap(nodeSelector)
		}
	}
	// overflow: no nodeSelector, which would keep pods off ECI; the ResourcePolicy's ECS unit
	// selects the pools and ACK's scheduler adds the virtual nodes' toleration for the ECI unit.
	if len(tolerations) > 0 {
		pod.Tolerations = tolerations
	}
	// Spread over the zones, softly: a zone short of nodes must not stop a burst.
	pod.TopologySpreadConstraints = corev1.TopologySpreadConstraintArray{corev1.TopologySpreadConstraintArgs{
		MaxSkew:           pulumi.Int(1),
		TopologyKey:       pulumi.String(zoneKey),
		WhenUnsatisfiable: pulumi.String("ScheduleAnyway"),
		LabelSelector:     &metav1.LabelSelectorArgs{MatchLabels: pulumi.ToStringMap(selector)},
	}}
	return pod
}

func serviceMeta(m *metav1.ObjectMetaArgs, lb LoadBalancer) *metav1.ObjectMetaArgs {
	if lb.Type == LoadBalancerNone {
		return m
	}
	ann := pulumi.StringMap{
		ackapi.LBAddressTypeAnnotation: pulumi.String(lb.AddressType),
		BackendTypeAnnotation:          pulumi.String("eni"),
	}
	if lb.Spec != "" {
		ann[ackapi.LBSpecAnnotation] = pulumi.String(lb.Spec)
	}
	if lb.MasterZone != "" {
		ann[ackapi.CLBMasterZoneAnnotation] = pulumi.String(lb.MasterZone)
		ann[ackapi.CLBBackupZoneAnnotation] = pulumi.String(lb.BackupZone)
	}
	if lb.Type == LoadBalancerNLB {
		parts := make([]any, len(lb.Zones))
		for i, z := range lb.Zones {
			parts[i] = pulumi.Sprintf("%s:%s", z.Zone, z.VSwitchID)
		}
		ann[ackapi.NLBZoneMapsAnnotation] = outputs.Join(",", parts...)
	}
	m.Annotations = ann
	return m
}

func serviceSpec(a ElasticServiceArgs, selector map[string]string) *corev1.ServiceSpecArgs {
	lb := a.LoadBalancer
	spec := &corev1.ServiceSpecArgs{
		Selector: pulumi.ToStringMap(selector),
		Ports: corev1.ServicePortArray{corev1.ServicePortArgs{
			Name: pulumi.String("http"), Port: pulumi.Int(lb.Port), TargetPort: pulumi.String("http"), Protocol: pulumi.String("TCP"),
		}},
	}
	if lb.Type == LoadBalancerNone {
		spec.Type = pulumi.String("ClusterIP")
		return spec
	}
	spec.Type = pulumi.String("LoadBalancer")
	spec.ExternalTrafficPolicy = pulumi.String(lb.ExternalTrafficPolicy)
	if lb.Type == LoadBalancerNLB {
		spec.LoadBalancerClass = pulumi.String(ackapi.NLBClass)
	}
	return spec
}

// intOrPercent is a count as an integer, a percentage as a string, as the API takes them.
func intOrPercent(s string) pulumi.Input {
	if strings.HasSuffix(s, "%") {
		return pulumi.String(s)
	}
	var n int
	fmt.Sscan(s, &n)
	return pulumi.Int(n)
}
