package federation

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	appsv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apps/v1"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/nodepools"
	"github.com/zonestack/zonestack/components/workloads"
	"github.com/zonestack/zonestack/validation"
)

const federatedServiceType = "zonestack:federation:FederatedService"

// Member is one member cluster of a FederatedService: where it is and how to reach its API.
type Member struct {
	Cluster
	// Provider applies objects to the member's cluster.
	Provider *kubernetes.Provider
	// VpcID is an Alibaba Cloud member's VPC (its stack's vpcId output), for a private zone.
	VpcID pulumi.StringOutput
	// Kubeconfig reaches the member's API server (its stack's kubeconfig output, a secret), for
	// reading its shard live (LiveShards).
	Kubeconfig pulumi.StringOutput
}

// FederatedServiceArgs are the inputs of a FederatedService.
type FederatedServiceArgs struct {
	// ServiceSpec names the service in every member, the same namespace and name everywhere, and
	// makes the Deployment of every shard: image, port and replicas.
	ServiceSpec
	// Members are the member clusters. Required, at least one.
	Members []Member `pulumi:"members"`
	// Federation names the federation and its domain, for the members' cluster DNS: on GKE,
	// kube-dns answers <svc>.<ns>.<federation> with the local Service while it has endpoints and
	// with the zone's federated name otherwise; on ACK, CoreDNS does the same with the region's
	// federated name (CoreDNSServerBlock). Optional: without it, cluster DNS is left alone.
	Federation *Federation `pulumi:"federation"`
}

// Validate reports every problem of a: the service's (its name and namespace at service), the
// members' and, with a federation, those of each ACK member's CoreDNS server block.
func (a FederatedServiceArgs) Validate() error {
	var l validation.List
	a.Service.check(&l, "service")
	a.checkWorkload(&l)
	if len(a.Members) == 0 {
		l.Required("members", "is required: at least one member cluster")
	}
	seen := map[string]int{}
	for i, m := range a.Members {
		if j, dup := seen[m.Name]; dup {
			l.Invalid(fmt.Sprintf("members[%d].name", i), m.Name, "duplicates members[%d].name", j)
		}
		seen[m.Name] = i
		if m.Provider == nil {
			l.Required(fmt.Sprintf("members[%d].provider", i), "")
		}
		if a.Federation != nil && m.Cloud == CloudAlicloud {
			_, err := CoreDNSServerBlock(*a.Federation, m.Region, DefaultClusterDomain)
			l.MergeFunc(err, func(field string) string {
				if field == "region" {
					return fmt.Sprintf("members[%d].region", i)
				}
				return validation.Join("federation", field)
			})
		}
	}
	return l.Err()
}

// KubeDNSFederations is the value of kube-dns's federations key: the federation's name and
// domain, as JSON.
func KubeDNSFederations(f Federation) string {
	return fmt.Sprintf(`{"%s":"%s"}`, strings.ToLower(f.Name), strings.TrimSuffix(strings.ToLower(f.Domain), "."))
}

// ShardStatus is what one member's shard reports once it runs: its load balancer's addresses and
// whether it is healthy (an address, and at least one ready pod: kubefed's rule).
type ShardStatus struct {
	Addresses []string `pulumi:"addresses" json:"addresses"`
	Healthy   bool     `pulumi:"healthy" json:"healthy"`
	// ReadyEndpoints counts the Service's ready endpoints when the shard was read live
	// (ReadShard); the status from the resources' outputs leaves it 0.
	ReadyEndpoints int `pulumi:"readyEndpoints" json:"readyEndpoints,omitempty"`
	// Kept says the member could not be read and the status is its last run's (LiveShards).
	Kept bool `pulumi:"kept" json:"kept,omitempty"`
}

// ShardReadyTimeout is how long `pulumi up` waits for a member's shard to be ready: a stateless
// Deployment on untainted, running nodes is ready within a minute or two of its image pull, and
// five minutes is past that with room; a shard still not ready then will not be by waiting.
const ShardReadyTimeout = "5m"

// FederatedService is a Deployment and a LoadBalancer Service of one name in every member
// cluster, each through the member's provider.
type FederatedService struct {
	pulumi.ResourceState

	// Shards are each member's shard status, by member name.
	Shards pulumi.MapOutput `pulumi:"shards"`

	// ShardStatus are the members' shard statuses, by member name, typed.
	ShardStatus map[string]pulumi.Output
}

// NewFederatedService validates args and registers the shards.
func NewFederatedService(ctx *pulumi.Context, name string, args *FederatedServiceArgs, opts ...pulumi.ResourceOption) (*FederatedService, error) {
	if args == nil {
		return nil, fmt.Errorf("federated service %q: args are required", name)
	}
	a := *args
	if a.Replicas == 0 {
		a.Replicas = 3
	}
	if err := a.Validate(); err != nil {
		return nil, fmt.Errorf("federated service %q: %w", name, err)
	}
	// corefiles are the ACK members' whole CoreDNS Corefiles, by member name.
	corefiles := map[string]string{}
	for _, m := range a.Members {
		if a.Federation != nil && m.Cloud == CloudAlicloud {
			block, _ := CoreDNSServerBlock(*a.Federation, m.Region, DefaultClusterDomain) // checked by Validate
			corefiles[m.Name] = ACKCorefile(block)
		}
	}
	fs := &FederatedService{ShardStatus: map[string]pulumi.Output{}}
	if err := ctx.RegisterComponentResource(federatedServiceType, name, fs, opts...); err != nil {
		return nil, err
	}
	selector := pulumi.StringMap{"app.kubernetes.io/name": pulumi.String(a.Service.Name), "app.kubernetes.io/part-of": pulumi.String("federation")}
	shards := pulumi.Map{}
	for _, m := range a.Members {
		on := []pulumi.ResourceOption{pulumi.Parent(fs), pulumi.Provider(m.Provider)}
		meta := &metav1.ObjectMetaArgs{Name: pulumi.String(a.Service.Name), Namespace: pulumi.String(a.Service.Namespace), Labels: selector}
		inNS := on
		if !slices.Contains(workloads.SystemNamespaces, a.Service.Namespace) {
			ns, err := corev1.NewNamespace(ctx, name+"-"+m.Name+"-namespace", &corev1.NamespaceArgs{
				Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String(a.Service.Namespace)},
			}, on...)
			if err != nil {
				return nil, err
			}
			inNS = append(slices.Clone(on), pulumi.DependsOn([]pulumi.Resource{ns}))
		}
		// A shard runs on its member's system pools: the untainted pools every zonestack cluster
		// has in every zone (the system-pool check), where a pod that tolerates nothing can run;
		// the stateful pools are tainted, and a shard that only those could take would wait
		// Pending until the provider gave up. The provider awaits the shard's readiness for
		// ShardReadyTimeout, not its default, so that a shard that cannot run fails the up with
		// the provider's account of why.
		dep, err := appsv1.NewDeployment(ctx, name+"-"+m.Name+"-deployment", &appsv1.DeploymentArgs{
			Metadata: meta,
			Spec: &appsv1.DeploymentSpecArgs{
				Replicas: pulumi.Int(a.Replicas),
				Selector: &metav1.LabelSelectorArgs{MatchLabels: selector},
				Template: &corev1.PodTemplateSpecArgs{
					Metadata: &metav1.ObjectMetaArgs{Labels: selector},
					Spec: &corev1.PodSpecArgs{
						NodeSelector: pulumi.StringMap{nodepools.SystemPoolLabelKey: pulumi.String(nodepools.SystemPoolLabelValue)},
						Containers: corev1.ContainerArray{corev1.ContainerArgs{
							Name: pulumi.String("main"), Image: pulumi.String(a.Image),
							Ports:          corev1.ContainerPortArray{corev1.ContainerPortArgs{Name: pulumi.String("http"), ContainerPort: pulumi.Int(a.Port)}},
							ReadinessProbe: &corev1.ProbeArgs{TcpSocket: &corev1.TCPSocketActionArgs{Port: pulumi.String("http")}},
						}},
					},
				},
			},
		}, append(slices.Clone(inNS), pulumi.Timeouts(&pulumi.CustomTimeouts{Create: ShardReadyTimeout, Update: ShardReadyTimeout}))...)
		if err != nil {
			return nil, err
		}
		svc, err := corev1.NewService(ctx, name+"-"+m.Name+"-service", &corev1.ServiceArgs{
			Metadata: meta,
			Spec: &corev1.ServiceSpecArgs{
				Type:     pulumi.String("LoadBalancer"),
				Selector: selector,
				Ports:    corev1.ServicePortArray{corev1.ServicePortArgs{Name: pulumi.String("http"), Port: pulumi.Int(a.Port), TargetPort: pulumi.String("http")}},
			},
		}, inNS...)
		if err != nil {
			return nil, err
		}
		status := pulumi.All(svc.Status, dep.Status).ApplyT(func(xs []any) ShardStatus {
			st := ShardStatus{Addresses: serviceAddresses(xs[0])}
			ready := 0
			if d, ok := xs[1].(*appsv1.DeploymentStatus); ok && d != nil && d.ReadyReplicas != nil {
				ready = *d.ReadyReplicas
			}
			st.Healthy = len(st.Addresses) > 0 && ready > 0
			return st
		})
		if a.Federation != nil && m.Cloud == CloudGCP {
			// kube-dns (GKE Standard's default) still implements kubefed v1's federations.
			if _, err := corev1.NewConfigMapPatch(ctx, name+"-"+m.Name+"-kube-dns", &corev1.ConfigMapPatchArgs{
				Metadata: &metav1.ObjectMetaPatchArgs{
					Name: pulumi.String("kube-dns"), Namespace: pulumi.String("kube-system"),
					Annotations: pulumi.StringMap{"pulumi.com/patchForce": pulumi.String("true")},
				},
				Data: pulumi.StringMap{"federations": pulumi.String(KubeDNSFederations(*a.Federation))},
			}, on...); err != nil {
				return nil, err
			}
		}
		if corefile, ok := corefiles[m.Name]; ok {
			// ACK runs CoreDNS, whose stock plugins have no federations key: server blocks of
			// their own answer <svc>.<ns>.<federation> with the member's Service while it has
			// ready endpoints and with a CNAME to the region's name otherwise.
			if _, err := corev1.NewConfigMapPatch(ctx, name+"-"+m.Name+"-coredns", &corev1.ConfigMapPatchArgs{
				Metadata: &metav1.ObjectMetaPatchArgs{
					Name: pulumi.String("coredns"), Namespace: pulumi.String("kube-system"),
					Annotations: pulumi.StringMap{"pulumi.com/patchForce": pulumi.String("true")},
				},
				Data: pulumi.StringMap{"Corefile": pulumi.String(corefile)},
			}, on...); err != nil {
				return nil, err
			}
		}
		fs.ShardStatus[m.Name] = status
		shards[m.Name] = status
	}
	fs.Shards = shards.ToMapOutput()
	if err := ctx.RegisterResourceOutputs(fs, pulumi.Map{"shards": fs.Shards}); err != nil {
		return nil, err
	}
	return fs, nil
}
