package workloads

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	appsv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apps/v1"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	policyv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/policy/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const statefulServiceType = "zonestack:workloads:StatefulService"

// PodIndexLabel is the label the StatefulSet controller puts on each member with its ordinal; the
// members' POD_INDEX reads it.
const PodIndexLabel = "apps.kubernetes.io/pod-index"

// StatefulService is a StatefulSet with its headless and client Services and a
// PodDisruptionBudget.
type StatefulService struct {
	pulumi.ResourceState

	// Members are the stable DNS names of the members, in ordinal order:
	// <name>-<i>.<name>-headless.<namespace>.svc.<cluster domain>.
	Members pulumi.StringArrayOutput `pulumi:"members"`
	// Peers is the members as "host:port" on the first port, comma-separated, as peer lists take them.
	Peers pulumi.StringOutput `pulumi:"peers"`
	// ClientService is the client Service's DNS name.
	ClientService pulumi.StringOutput `pulumi:"clientService"`

	// MemberNames are Members, known before creation.
	MemberNames []string
	// StatefulSet, HeadlessService, Service and DisruptionBudget are the objects, as escape hatches.
	StatefulSet      *appsv1.StatefulSet
	HeadlessService  *corev1.Service
	Service          *corev1.Service
	DisruptionBudget *policyv1.PodDisruptionBudget
	// ConfigMap holds the config files; nil without configFiles.
	ConfigMap *corev1.ConfigMap
}

// NewStatefulService validates args and registers the service. On invalid args it returns every
// problem and registers nothing.
func NewStatefulService(ctx *pulumi.Context, name string, args *StatefulServiceArgs, opts ...pulumi.ResourceOption) (*StatefulService, error) {
	if args == nil {
		return nil, fmt.Errorf("stateful service %q: args are required", name)
	}
	a := args.withDefaults(name)
	if err := a.validate(); err != nil {
		return nil, fmt.Errorf("stateful service %q: %w", name, err)
	}
	headless := a.Name + "-headless"
	s := &StatefulService{MemberNames: memberNames(a, headless)}
	if err := ctx.RegisterComponentResource(statefulServiceType, name, s, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(s)
	selector := pulumi.StringMap{"app.kubernetes.io/name": pulumi.String(a.Name), "app.kubernetes.io/instance": pulumi.String(a.Instance)}
	labels := pulumi.StringMap{"app.kubernetes.io/managed-by": pulumi.String("zonestack")}
	maps.Copy(labels, selector)
	for k, v := range a.Labels {
		labels[k] = pulumi.String(v)
	}
	meta := func(n string) *metav1.ObjectMetaArgs {
		return &metav1.ObjectMetaArgs{Name: pulumi.String(n), Namespace: pulumi.String(a.Namespace), Labels: labels}
	}
	var ports corev1.ServicePortArray
	for _, p := range a.Ports {
		ports = append(ports, corev1.ServicePortArgs{Name: pulumi.String(p.Name), Port: pulumi.Int(p.Port), TargetPort: pulumi.String(p.Name), Protocol: pulumi.String(p.Protocol)})
	}

	var err error
	// The headless Service gives each member its DNS name; it publishes members before they are
	// ready, so that peers can find each other while they form the cluster.
	// The provider awaits every member Ready (the StatefulSet) and a ready member behind the
	// client Service; past ReadyTimeout it fails the up with what is stuck.
	ready := pulumi.Timeouts(&pulumi.CustomTimeouts{Create: a.ReadyTimeout, Update: a.ReadyTimeout})
	s.HeadlessService, err = corev1.NewService(ctx, name+"-headless", &corev1.ServiceArgs{
		Metadata: meta(headless),
		Spec: &corev1.ServiceSpecArgs{
			ClusterIP:                pulumi.String("None"),
			PublishNotReadyAddresses: pulumi.Bool(true),
			Selector:                 selector,
			Ports:                    ports,
		},
	}, parent)
	if err != nil {
		return nil, err
	}
	s.Service, err = corev1.NewService(ctx, name+"-client", &corev1.ServiceArgs{
		Metadata: meta(a.Name),
		Spec: &corev1.ServiceSpecArgs{
			Type:     pulumi.String("ClusterIP"),
			Selector: selector,
			Ports:    ports,
		},
		// The provider awaits a ready member behind it, as long as the StatefulSet's members.
	}, parent, ready)
	if err != nil {
		return nil, err
	}
	deps := []pulumi.Resource{s.HeadlessService}
	if len(a.ConfigFiles) > 0 {
		s.ConfigMap, err = corev1.NewConfigMap(ctx, name+"-config", &corev1.ConfigMapArgs{
			Metadata: meta(configMapName(a.StatefulServiceSpec)),
			Data:     pulumi.ToStringMap(a.ConfigFiles),
		}, parent)
		if err != nil {
			return nil, err
		}
		deps = append(deps, s.ConfigMap)
	}
	s.StatefulSet, err = appsv1.NewStatefulSet(ctx, name+"-set", &appsv1.StatefulSetArgs{
		Metadata: meta(a.Name),
		Spec:     statefulSetSpec(a, headless, selector, labels),
	}, parent, pulumi.DependsOn(deps), ready)
	if err != nil {
		return nil, err
	}
	s.DisruptionBudget, err = policyv1.NewPodDisruptionBudget(ctx, name+"-pdb", &policyv1.PodDisruptionBudgetArgs{
		Metadata: meta(a.Name),
		Spec: &policyv1.PodDisruptionBudgetSpecArgs{
			MaxUnavailable: pulumi.Int(a.MaxUnavailable),
			Selector:       &metav1.LabelSelectorArgs{MatchLabels: selector},
		},
	}, parent)
	if err != nil {
		return nil, err
	}

	s.Members = pulumi.ToStringArray(s.MemberNames).ToStringArrayOutput()
	s.Peers = pulumi.String(peers(a, s.MemberNames)).ToStringOutput()
	s.ClientService = pulumi.Sprintf("%s.%s.svc.%s", s.Service.Metadata.Name().Elem(), a.Namespace, a.ClusterDomain)
	if err := ctx.RegisterResourceOutputs(s, pulumi.Map{
		"members":       s.Members,
		"peers":         s.Peers,
		"clientService": s.ClientService,
	}); err != nil {
		return nil, err
	}
	return s, nil
}

func memberNames(a StatefulServiceArgs, headless string) []string {
	out := make([]string, *a.Replicas)
	for i := range out {
		out[i] = fmt.Sprintf("%s-%d.%s", a.Name, i, serviceDomain(a, headless))
	}
	return out
}

func peers(a StatefulServiceArgs, members []string) string {
	out := make([]string, len(members))
	for i, m := range members {
		out[i] = fmt.Sprintf("%s:%d", m, a.Ports[0].Port)
	}
	return strings.Join(out, ",")
}

// serviceDomain is the headless Service's DNS domain: the members are <pod>.<domain>.
func serviceDomain(a StatefulServiceArgs, headless string) string {
	return fmt.Sprintf("%s.%s.svc.%s", headless, a.Namespace, a.ClusterDomain)
}

func statefulSetSpec(a StatefulServiceArgs, headless string, selector, labels pulumi.StringMap) *appsv1.StatefulSetSpecArgs {
	nodeSelector, taints, zoneKey := placement(a.Pools)
	var tolerations corev1.TolerationArray
	for _, t := range taints {
		tolerations = append(tolerations, corev1.TolerationArgs{Key: pulumi.String(t.Key), Operator: pulumi.String("Equal"), Value: pulumi.String(t.Value), Effect: pulumi.String(t.Effect)})
	}
	// A member leaves a node that stopped reporting after NodeLossTolerationSeconds, not
	// Kubernetes' 300 s (DefaultNodeLossTolerationSeconds says why).
	for _, key := range []string{"node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"} {
		tolerations = append(tolerations, corev1.TolerationArgs{Key: pulumi.String(key), Operator: pulumi.String("Exists"), Effect: pulumi.String("NoExecute"),
			TolerationSeconds: pulumi.Int(*a.NodeLossTolerationSeconds)})
	}
	podSelector := &metav1.LabelSelectorArgs{MatchLabels: selector}
	spread := corev1.TopologySpreadConstraintArgs{
		MaxSkew:           pulumi.Int(1),
		TopologyKey:       pulumi.String(zoneKey),
		WhenUnsatisfiable: pulumi.String("DoNotSchedule"),
		LabelSelector:     podSelector,
	}
	if len(a.Pools) > 1 {
		// Count every pool's zone even while it has no node, so that members wait for the
		// autoscaler instead of piling into the zones that have nodes.
		spread.MinDomains = pulumi.Int(len(a.Pools))
	}
	// Members find each other through the headless Service's DNS, never through a list of them in
	// the template: a list changes with replicas, and a template change rolls every member. What
	// they get is the same for every replica count: their own name and ordinal (the downward API),
	// the headless Service's name and its DNS domain, under which each member is
	// $(POD_NAME).$(SERVICE_DOMAIN) and each named port publishes _<port>._tcp.$(SERVICE_DOMAIN).
	fieldRef := func(path string) *corev1.EnvVarSourceArgs {
		return &corev1.EnvVarSourceArgs{FieldRef: &corev1.ObjectFieldSelectorArgs{FieldPath: pulumi.String(path)}}
	}
	env := corev1.EnvVarArray{
		corev1.EnvVarArgs{Name: pulumi.String("POD_NAME"), ValueFrom: fieldRef("metadata.name")},
		// The StatefulSet controller labels every member with its ordinal (Kubernetes 1.28+, on by
		// default; GA in 1.32).
		corev1.EnvVarArgs{Name: pulumi.String("POD_INDEX"), ValueFrom: fieldRef("metadata.labels['" + PodIndexLabel + "']")},
		corev1.EnvVarArgs{Name: pulumi.String("SERVICE_NAME"), Value: pulumi.String(headless)},
		corev1.EnvVarArgs{Name: pulumi.String("SERVICE_DOMAIN"), Value: pulumi.String(serviceDomain(a, headless))},
	}
	for _, k := range slices.Sorted(maps.Keys(a.Env)) {
		env = append(env, corev1.EnvVarArgs{Name: pulumi.String(k), Value: pulumi.String(a.Env[k])})
	}
	var cports corev1.ContainerPortArray
	for _, p := range a.Ports {
		cports = append(cports, corev1.ContainerPortArgs{Name: pulumi.String(p.Name), ContainerPort: pulumi.Int(p.Port), Protocol: pulumi.String(p.Protocol)})
	}
	var mounts corev1.VolumeMountArray
	var claims corev1.PersistentVolumeClaimTypeArray
	for _, v := range a.Volumes {
		mounts = append(mounts, corev1.VolumeMountArgs{Name: pulumi.String(v.Name), MountPath: pulumi.String(v.MountPath)})
		claims = append(claims, corev1.PersistentVolumeClaimTypeArgs{
			Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String(v.Name), Labels: selector},
			Spec: &corev1.PersistentVolumeClaimSpecArgs{
				AccessModes:      pulumi.ToStringArray(v.AccessModes),
				StorageClassName: pulumi.String(v.StorageClass),
				Resources:        &corev1.VolumeResourceRequirementsArgs{Requests: pulumi.StringMap{"storage": pulumi.String(v.Size)}},
			},
		})
	}
	claimMounts := mounts
	mounts = append(slices.Clone(mounts), extraMounts(a.StatefulServiceSpec)...)
	var inits corev1.ContainerArray
	for _, c := range a.InitContainers {
		init := corev1.ContainerArgs{Name: pulumi.String(c.Name), Image: pulumi.String(c.Image), Env: initEnv(env, c), VolumeMounts: initMounts(claimMounts, c)}
		if r := resources(c.Resources); r != nil {
			init.Resources = r
		}
		init.SecurityContext = containerSecurity(a.SecurityContext)
		if len(c.Command) > 0 {
			init.Command = pulumi.ToStringArray(c.Command)
		}
		if len(c.Args) > 0 {
			init.Args = pulumi.ToStringArray(c.Args)
		}
		inits = append(inits, init)
	}
	main := corev1.ContainerArgs{
		Name:         pulumi.String("main"),
		Image:        pulumi.String(a.Image),
		Ports:        cports,
		Env:          env,
		VolumeMounts: mounts,
		Resources:    resources(a.Resources),
		// No probe unless asked for: see StatefulServiceSpec.LivenessProbe.
		LivenessProbe:  probe(a.LivenessProbe),
		ReadinessProbe: probe(a.ReadinessProbe),
		StartupProbe:   probe(a.StartupProbe),
		// No privilege escalation unless asked for: see SecurityContext.
		SecurityContext: containerSecurity(a.SecurityContext),
	}
	if len(a.Command) > 0 {
		main.Command = pulumi.ToStringArray(a.Command)
	}
	if len(a.Args) > 0 {
		main.Args = pulumi.ToStringArray(a.Args)
	}
	update := &appsv1.StatefulSetUpdateStrategyArgs{Type: pulumi.String(a.UpdateStrategy)}
	if a.Partition != nil {
		update.RollingUpdate = &appsv1.RollingUpdateStatefulSetStrategyArgs{Partition: pulumi.Int(*a.Partition)}
	}
	pod := &corev1.PodSpecArgs{
		Containers:                corev1.ContainerArray{main},
		InitContainers:            inits,
		TopologySpreadConstraints: corev1.TopologySpreadConstraintArray{spread},
		Affinity: &corev1.AffinityArgs{PodAntiAffinity: &corev1.PodAntiAffinityArgs{
			// Never two members on one node: a node's loss takes one member at most.
			RequiredDuringSchedulingIgnoredDuringExecution: corev1.PodAffinityTermArray{corev1.PodAffinityTermArgs{
				LabelSelector: podSelector,
				TopologyKey:   pulumi.String("kubernetes.io/hostname"),
			}},
		}},
		Tolerations: tolerations,
		Volumes:     podVolumes(a.StatefulServiceSpec),
	}
	if sc := podSecurity(a.SecurityContext); sc != nil {
		pod.SecurityContext = sc
	}
	if len(nodeSelector) > 0 {
		pod.NodeSelector = pulumi.ToStringMap(nodeSelector)
	}
	return &appsv1.StatefulSetSpecArgs{
		Replicas:            pulumi.Int(*a.Replicas),
		ServiceName:         pulumi.String(headless),
		PodManagementPolicy: pulumi.String(a.PodManagementPolicy),
		UpdateStrategy:      update,
		Selector:            podSelector,
		// Claims outlive their members: deleting or scaling down the set keeps the volumes.
		PersistentVolumeClaimRetentionPolicy: &appsv1.StatefulSetPersistentVolumeClaimRetentionPolicyArgs{
			WhenDeleted: pulumi.String("Retain"),
			WhenScaled:  pulumi.String("Retain"),
		},
		Template: &corev1.PodTemplateSpecArgs{
			Metadata: podMeta(a.StatefulServiceSpec, labels),
			Spec:     pod,
		},
		VolumeClaimTemplates: claims,
	}
}

func resources(r Resources) *corev1.ResourceRequirementsArgs {
	q := func(x Quantities) pulumi.StringMap {
		m := pulumi.StringMap{}
		if x.CPU != "" {
			m["cpu"] = pulumi.String(x.CPU)
		}
		if x.Memory != "" {
			m["memory"] = pulumi.String(x.Memory)
		}
		if len(m) == 0 {
			return nil
		}
		return m
	}
	req, lim := q(r.Requests), q(r.Limits)
	if req == nil && lim == nil {
		return nil
	}
	out := &corev1.ResourceRequirementsArgs{}
	if req != nil {
		out.Requests = req
	}
	if lim != nil {
		out.Limits = lim
	}
	return out
}
