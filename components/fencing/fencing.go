package fencing

import (
	"errors"
	"fmt"
	"regexp"

	appsv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apps/v1"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	policyv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/policy/v1"
	rbacv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/rbac/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"k8s.io/apimachinery/pkg/labels"
)

const nodeFencingType = "zonestack:fencing:NodeFencing"

var dnsLabel = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$`)

func parseSelector(s string) (labels.Selector, error) { return labels.Parse(s) }

// NodeFencing is the fencing controller deployed in a cluster. Its provider is the cluster's
// ("kubernetes" in the ProviderMap, or pulumi.Provider).
type NodeFencing struct {
	pulumi.ResourceState

	// Namespace and DeploymentName of the controller.
	Namespace      pulumi.StringOutput `pulumi:"namespace"`
	DeploymentName pulumi.StringOutput `pulumi:"deploymentName"`
	// ServiceAccountName is the controller's identity: on GKE, bind it to a Google service
	// account (or grant its Workload Identity principal) that may get Compute Engine instances.
	ServiceAccountName pulumi.StringOutput `pulumi:"serviceAccountName"`

	// Deployment is the controller's Deployment.
	Deployment *appsv1.Deployment
}

// NewNodeFencing deploys the fencing controller.
func NewNodeFencing(ctx *pulumi.Context, name string, args *NodeFencingArgs, opts ...pulumi.ResourceOption) (*NodeFencing, error) {
	if args == nil {
		return nil, errors.New("fencing: args are required")
	}
	a := args.withDefaults()
	if err := a.validate(); err != nil {
		return nil, fmt.Errorf("fencing %q: %w", name, err)
	}
	f := &NodeFencing{}
	if err := ctx.RegisterComponentResource(nodeFencingType, name, f, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(f)
	labelsOf := pulumi.StringMap{"app.kubernetes.io/name": pulumi.String(DefaultName), "app.kubernetes.io/managed-by": pulumi.String("zonestack")}
	meta := func(n string) *metav1.ObjectMetaArgs {
		return &metav1.ObjectMetaArgs{Name: pulumi.String(n), Namespace: pulumi.String(a.Namespace), Labels: labelsOf}
	}
	clusterMeta := &metav1.ObjectMetaArgs{Name: pulumi.String(DefaultName), Labels: labelsOf}

	sa, err := corev1.NewServiceAccount(ctx, name+"-sa", &corev1.ServiceAccountArgs{Metadata: meta(DefaultName)}, parent)
	if err != nil {
		return nil, err
	}
	subjects := rbacv1.SubjectArray{rbacv1.SubjectArgs{Kind: pulumi.String("ServiceAccount"), Name: pulumi.String(DefaultName), Namespace: pulumi.String(a.Namespace)}}
	// Nodes: read them and patch their taints and annotation; nothing else in the cluster.
	role, err := rbacv1.NewClusterRole(ctx, name+"-nodes", &rbacv1.ClusterRoleArgs{
		Metadata: clusterMeta,
		Rules: rbacv1.PolicyRuleArray{
			rbacv1.PolicyRuleArgs{ApiGroups: pulumi.StringArray{pulumi.String("")}, Resources: pulumi.StringArray{pulumi.String("nodes")},
				Verbs: pulumi.ToStringArray([]string{"get", "list", "watch", "patch"})},
		},
	}, parent)
	if err != nil {
		return nil, err
	}
	crb, err := rbacv1.NewClusterRoleBinding(ctx, name+"-nodes", &rbacv1.ClusterRoleBindingArgs{
		Metadata: clusterMeta,
		RoleRef:  rbacv1.RoleRefArgs{ApiGroup: pulumi.String("rbac.authorization.k8s.io"), Kind: pulumi.String("ClusterRole"), Name: role.Metadata.Name().Elem()},
		Subjects: subjects,
	}, parent)
	if err != nil {
		return nil, err
	}
	// Leader election: a Lease in its namespace, and the events it records about it.
	lease, err := rbacv1.NewRole(ctx, name+"-leader", &rbacv1.RoleArgs{
		Metadata: meta(DefaultName + "-leader"),
		Rules: rbacv1.PolicyRuleArray{
			rbacv1.PolicyRuleArgs{ApiGroups: pulumi.StringArray{pulumi.String("coordination.k8s.io")}, Resources: pulumi.StringArray{pulumi.String("leases")},
				Verbs: pulumi.ToStringArray([]string{"get", "list", "watch", "create", "update", "patch"})},
			rbacv1.PolicyRuleArgs{ApiGroups: pulumi.StringArray{pulumi.String(""), pulumi.String("events.k8s.io")}, Resources: pulumi.StringArray{pulumi.String("events")},
				Verbs: pulumi.ToStringArray([]string{"create", "patch"})},
		},
	}, parent)
	if err != nil {
		return nil, err
	}
	rb, err := rbacv1.NewRoleBinding(ctx, name+"-leader", &rbacv1.RoleBindingArgs{
		Metadata: meta(DefaultName + "-leader"),
		RoleRef:  rbacv1.RoleRefArgs{ApiGroup: pulumi.String("rbac.authorization.k8s.io"), Kind: pulumi.String("Role"), Name: lease.Metadata.Name().Elem()},
		Subjects: subjects,
	}, parent)
	if err != nil {
		return nil, err
	}

	flags := []string{"--cloud=" + a.Cloud, "--not-ready-for=" + a.NotReadyFor, "--leader-elect=true"}
	if a.NodeSelector != "" {
		flags = append(flags, "--node-selector="+a.NodeSelector)
	}
	podLabels := pulumi.StringMap{"app.kubernetes.io/name": pulumi.String(DefaultName)}
	selector := &metav1.LabelSelectorArgs{MatchLabels: podLabels}
	probe := func(path string) *corev1.ProbeArgs {
		return &corev1.ProbeArgs{HttpGet: &corev1.HTTPGetActionArgs{Path: pulumi.String(path), Port: pulumi.Int(8081)}, PeriodSeconds: pulumi.Int(10)}
	}
	dep, err := appsv1.NewDeployment(ctx, name+"-deployment", &appsv1.DeploymentArgs{
		Metadata: meta(DefaultName),
		Spec: &appsv1.DeploymentSpecArgs{
			Replicas: pulumi.Int(DefaultReplicas),
			Selector: selector,
			Template: &corev1.PodTemplateSpecArgs{
				Metadata: &metav1.ObjectMetaArgs{Labels: podLabels},
				Spec: &corev1.PodSpecArgs{
					ServiceAccountName: sa.Metadata.Name(),
					// It must run while nodes die: above ordinary pods, as the cluster's own add-ons.
					PriorityClassName: pulumi.String("system-cluster-critical"),
					// The two replicas in different zones and on different nodes, so that the one
					// death it exists for does not take both.
					TopologySpreadConstraints: corev1.TopologySpreadConstraintArray{
						corev1.TopologySpreadConstraintArgs{MaxSkew: pulumi.Int(1), TopologyKey: pulumi.String("topology.kubernetes.io/zone"), WhenUnsatisfiable: pulumi.String("ScheduleAnyway"), LabelSelector: selector},
						corev1.TopologySpreadConstraintArgs{MaxSkew: pulumi.Int(1), TopologyKey: pulumi.String("kubernetes.io/hostname"), WhenUnsatisfiable: pulumi.String("DoNotSchedule"), LabelSelector: selector},
					},
					Containers: corev1.ContainerArray{corev1.ContainerArgs{
						Name:  pulumi.String("controller"),
						Image: pulumi.String(a.Image),
						Args:  pulumi.ToStringArray(flags),
						Env: corev1.EnvVarArray{corev1.EnvVarArgs{Name: pulumi.String("POD_NAMESPACE"),
							ValueFrom: &corev1.EnvVarSourceArgs{FieldRef: &corev1.ObjectFieldSelectorArgs{FieldPath: pulumi.String("metadata.namespace")}}}},
						Ports:          corev1.ContainerPortArray{corev1.ContainerPortArgs{Name: pulumi.String("metrics"), ContainerPort: pulumi.Int(8080)}, corev1.ContainerPortArgs{Name: pulumi.String("health"), ContainerPort: pulumi.Int(8081)}},
						LivenessProbe:  probe("/healthz"),
						ReadinessProbe: probe("/readyz"),
						Resources: &corev1.ResourceRequirementsArgs{
							Requests: pulumi.StringMap{"cpu": pulumi.String("20m"), "memory": pulumi.String("64Mi")},
							Limits:   pulumi.StringMap{"memory": pulumi.String("256Mi")},
						},
						SecurityContext: &corev1.SecurityContextArgs{
							RunAsNonRoot: pulumi.Bool(true), RunAsUser: pulumi.Int(65532), AllowPrivilegeEscalation: pulumi.Bool(false),
							ReadOnlyRootFilesystem: pulumi.Bool(true), Capabilities: &corev1.CapabilitiesArgs{Drop: pulumi.StringArray{pulumi.String("ALL")}},
						},
					}},
				},
			},
		},
	}, parent, pulumi.DependsOn([]pulumi.Resource{crb, rb}))
	if err != nil {
		return nil, err
	}
	if _, err := policyv1.NewPodDisruptionBudget(ctx, name+"-pdb", &policyv1.PodDisruptionBudgetArgs{
		Metadata: meta(DefaultName),
		Spec:     &policyv1.PodDisruptionBudgetSpecArgs{MinAvailable: pulumi.Int(1), Selector: selector},
	}, parent); err != nil {
		return nil, err
	}
	f.Deployment = dep
	f.Namespace = pulumi.String(a.Namespace).ToStringOutput()
	f.DeploymentName = dep.Metadata.Name().Elem()
	f.ServiceAccountName = sa.Metadata.Name().Elem()
	if err := ctx.RegisterResourceOutputs(f, pulumi.Map{
		"namespace": f.Namespace, "deploymentName": f.DeploymentName, "serviceAccountName": f.ServiceAccountName,
	}); err != nil {
		return nil, err
	}
	return f, nil
}
