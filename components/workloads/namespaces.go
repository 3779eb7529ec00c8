package workloads

import (
	"fmt"
	"slices"

	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/validation"
)

const namespacesType = "zonestack:workloads:Namespaces"

// SystemNamespaces exist in every cluster; Namespaces never creates them.
var SystemNamespaces = []string{"default", "kube-system", "kube-public", "kube-node-lease"}

// NamespacesArgs are the inputs of Namespaces.
type NamespacesArgs struct {
	// Names of the namespaces the workloads use; duplicates and system namespaces are skipped.
	Names []string `pulumi:"names"`
}

// Namespaces are the namespaces a stack's workloads live in. Make the workloads depend on it so
// that a namespace exists before anything is put in it, and is deleted after.
type Namespaces struct {
	pulumi.ResourceState

	// Created are the names of the namespaces created, sorted.
	Created pulumi.StringArrayOutput `pulumi:"created"`
	// Namespaces are the Namespace objects, for what must wait for them: depending on them, not
	// on this component, whose children the SDK may not all have recorded when a dependent
	// registers (a plan was seen without the edge).
	Namespaces []pulumi.Resource
}

// NewNamespaces validates args and registers one Namespace per name.
func NewNamespaces(ctx *pulumi.Context, name string, args *NamespacesArgs, opts ...pulumi.ResourceOption) (*Namespaces, error) {
	if args == nil {
		return nil, fmt.Errorf("namespaces %q: args are required", name)
	}
	names := slices.Clone(args.Names)
	slices.Sort(names)
	names = slices.Compact(names)
	var l validation.List
	for i, n := range names {
		if !dnsLabel.MatchString(n) {
			l.Invalid(fmt.Sprintf("names[%d]", i), n, "must be a DNS label")
		}
	}
	if err := l.Err(); err != nil {
		return nil, fmt.Errorf("namespaces %q: %w", name, err)
	}
	ns := &Namespaces{}
	if err := ctx.RegisterComponentResource(namespacesType, name, ns, opts...); err != nil {
		return nil, err
	}
	var created pulumi.StringArray
	for _, n := range names {
		if slices.Contains(SystemNamespaces, n) {
			continue
		}
		r, err := corev1.NewNamespace(ctx, name+"-"+n, &corev1.NamespaceArgs{
			Metadata: &metav1.ObjectMetaArgs{
				Name:   pulumi.String(n),
				Labels: pulumi.StringMap{"app.kubernetes.io/managed-by": pulumi.String("zonestack")},
			},
		}, pulumi.Parent(ns))
		if err != nil {
			return nil, err
		}
		created = append(created, r.Metadata.Name().Elem())
		ns.Namespaces = append(ns.Namespaces, r)
	}
	ns.Created = created.ToStringArrayOutput()
	if err := ctx.RegisterResourceOutputs(ns, pulumi.Map{"created": ns.Created}); err != nil {
		return nil, err
	}
	return ns, nil
}
