package federation

import (
	"fmt"
	"slices"
	"strings"
	"time"

	appsv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apps/v1"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	policyv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/policy/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/nodepools"
	"github.com/zonestack/zonestack/validation"
)

const coreDNSZoneType = "zonestack:federation:CoreDNSZone"

// Defaults of the coredns back end.
const (
	// DefaultCoreDNSImage is the CoreDNS project's own image of CoreDNS 1.13.2 on Docker Hub
	// (coredns/coredns: the README's Docker Hub link, and Makefile.docker, which pushes
	// <repo>/coredns:<version>, tags without a "v"), the version the local control plane builds.
	// Mainland-China regions often cannot pull from Docker Hub (Alibaba Cloud documents pulling
	// docker.io through Global Accelerator for that: "Using GA to accelerate cross-region
	// container image pulling in ACK"): copy the image into a Container Registry repository of
	// the member's region and set dns.coredns.image to it.
	DefaultCoreDNSImage = "docker.io/coredns/coredns:1.13.2"
	// DefaultCoreDNSReplicas per serving member: two, so that a rolling update or a drained node
	// leaves one serving.
	DefaultCoreDNSReplicas = 2
	// DefaultCoreDNSReload is how often CoreDNS looks at the zone file. CoreDNS's own default is
	// a minute; the file is a few kilobytes, so reading it every 5 s costs nothing and takes
	// at most 5 s off a failover, after the kubelet has brought the new file into the pod.
	DefaultCoreDNSReload = "5s"
	// CoreDNSPort is the port CoreDNS listens on in its pod: an unprivileged one, so that the
	// image's nonroot user needs no capability; the load balancer listens on 53.
	CoreDNSPort = 1053
	// CoreDNSConfigDir is where the ConfigMap is mounted in the pods: the Corefile and the zone file.
	CoreDNSConfigDir = "/etc/coredns"
	// CoreDNSName names, in CoreDNSNamespace, the ConfigMap, the Deployment, the PDB and the Service.
	CoreDNSName = "coredns"
	// gkeExternalLBClass makes GKE build a backend-service-based external passthrough Network
	// Load Balancer, the kind that takes a mixed-protocol (UDP and TCP) Service.
	gkeExternalLBClass = "networking.gke.io/l4-regional-external"
)

// CoreDNSNamespace is the namespace of a federation's CoreDNS in each serving member:
// zonestack-dns-<federation name>, so that the federations a cluster serves do not share objects.
func CoreDNSNamespace(f Federation) string {
	return "zonestack-dns-" + strings.ToLower(f.Name)
}

// CoreDNSSpec is what a stack file says about the coredns back end (federation.dns.coredns).
type CoreDNSSpec struct {
	// Servers are the member stacks whose clusters serve the zone. Optional, default every
	// member: each serving member is one more name server in the delegation, and resolvers try
	// another name server when one does not answer, so the zone stays resolvable while any one
	// of them is up; a federation that survives the loss of a member must not lose its DNS with
	// it. It costs a load balancer per serving member.
	Servers []string `pulumi:"servers" json:"servers,omitempty"`
	// Image is CoreDNS's image. Optional, default DefaultCoreDNSImage.
	Image string `pulumi:"image" json:"image,omitempty"`
	// Replicas per serving member. Optional, default 2.
	Replicas int `pulumi:"replicas" json:"replicas,omitempty"`
	// Reload is how often CoreDNS checks the zone file for a new serial, a duration of 1s to
	// 1h. Optional, default 5s (DefaultCoreDNSReload).
	Reload string `pulumi:"reload" json:"reload,omitempty"`
}

// withDefaults is c with its defaults, the servers every member when it names none.
func (c CoreDNSSpec) withDefaults(members []MemberRef) CoreDNSSpec {
	if len(c.Servers) == 0 {
		for _, m := range members {
			c.Servers = append(c.Servers, m.Stack)
		}
	}
	c.Image, c.Replicas, c.Reload = coreDNSWorkloadDefaults(c.Image, c.Replicas, c.Reload)
	return c
}

// coreDNSWorkloadDefaults are CoreDNS's image, replicas and reload interval with their defaults,
// for the stack file's spec and the component's args alike.
func coreDNSWorkloadDefaults(image string, replicas int, reload string) (string, int, string) {
	if image == "" {
		image = DefaultCoreDNSImage
	}
	if replicas == 0 {
		replicas = DefaultCoreDNSReplicas
	}
	if reload == "" {
		reload = DefaultCoreDNSReload
	}
	return image, replicas, reload
}

// Validate reports every problem of c against the federation's members, defaults applied: the
// servers must be members, once each.
func (c CoreDNSSpec) Validate(members []MemberRef) error {
	var l validation.List
	explicit := len(c.Servers) > 0
	c = c.withDefaults(members)
	seen := map[string]int{}
	for i, s := range c.Servers {
		at := fmt.Sprintf("servers[%d]", i)
		if !explicit {
			at = "servers"
		}
		if !slices.ContainsFunc(members, func(m MemberRef) bool { return m.Stack == s }) {
			l.Invalid(at, s, "must be a member's stack")
		}
		if j, dup := seen[s]; dup {
			l.Invalid(at, s, "duplicates servers[%d]", j)
		}
		seen[s] = i
		if !label.MatchString(nameServerLabel(s)) {
			l.Invalid(at, s, "makes the name server %s, which is no DNS label", nameServerLabel(s))
		}
	}
	checkCoreDNSWorkload(&l, c.Image, c.Replicas, c.Reload)
	return l.Err()
}

// checkCoreDNSWorkload records the problems of CoreDNS's image, replicas and reload interval.
func checkCoreDNSWorkload(l *validation.List, image string, replicas int, reload string) {
	if image == "" {
		l.Required("image", "")
	}
	if replicas < 1 {
		l.Invalid("replicas", replicas, "must be at least 1")
	}
	if d, err := time.ParseDuration(reload); err != nil || d < time.Second || d > time.Hour {
		l.Invalid("reload", reload, "must be a duration of 1s to 1h")
	}
}

// ServersOf are the members that serve the zone (c.Servers, every member by default), in the
// members' order.
func (c CoreDNSSpec) ServersOf(refs []MemberRef, members []Member) []Member {
	c = c.withDefaults(refs)
	var out []Member
	for _, m := range members {
		if slices.Contains(c.Servers, m.Name) {
			out = append(out, m)
		}
	}
	return out
}

// nameServerLabel is the first label of a serving member's name server: ns-<member>.
func nameServerLabel(member string) string { return "ns-" + strings.ToLower(member) }

// NameServerName is the name server a serving member's CoreDNS answers at:
// ns-<member>.<domain>.
func NameServerName(f Federation, member string) string {
	return nameServerLabel(member) + "." + strings.TrimSuffix(strings.ToLower(f.Domain), ".")
}

// CoreDNSCorefile is the Corefile of the zone's CoreDNS: one server block for the federation's
// domain on CoreDNSPort, answering from the zone file (file, with the reload interval given) and
// refusing every other name (no other block); health (/health on :8080, lameduck 5s, so that a
// stopping pod keeps answering while it leaves the Service's endpoints) and ready (/ready on
// :8181) for the probes; reload, which picks up a changed Corefile (every 30 s, its default).
func CoreDNSCorefile(f Federation, reload string) string {
	f = f.withDefaults()
	var b strings.Builder
	fmt.Fprintf(&b, "# The federation %s's zone %s, served authoritatively (written by zonestack).\n", f.Name, f.Domain)
	fmt.Fprintf(&b, "%s:%d {\n", f.Domain, CoreDNSPort)
	b.WriteString("    errors\n")
	b.WriteString("    health :8080 {\n        lameduck 5s\n    }\n")
	b.WriteString("    ready :8181\n")
	fmt.Fprintf(&b, "    file %s/%s %s {\n        reload %s\n    }\n", CoreDNSConfigDir, ZoneFileKey(f), f.Domain, reload)
	b.WriteString("    reload\n")
	b.WriteString("}\n")
	return b.String()
}

// ZoneFileKey is the ConfigMap key (and file name) of the zone file: db.<domain>.
func ZoneFileKey(f Federation) string { return "db." + f.withDefaults().Domain }

// CoreDNSZoneArgs are the inputs of CoreDNSZone.
type CoreDNSZoneArgs struct {
	Federation Federation `pulumi:"federation"`
	Service    Service    `pulumi:"service"`
	// Clusters are the members, their shards left empty: the shards come from Shards.
	Clusters []Cluster `pulumi:"clusters"`
	// Shards are each member's ShardStatus output, by cluster name (FederatedService.ShardStatus).
	Shards map[string]pulumi.Output `pulumi:"shards"`
	// Servers are the members whose clusters serve the zone, each through its Provider. Required,
	// at least one: each is a name server of the delegation.
	Servers []Member `pulumi:"servers"`
	// Image is CoreDNS's image. Optional, default DefaultCoreDNSImage.
	Image string `pulumi:"image"`
	// Replicas per server. Optional, default 2.
	Replicas int `pulumi:"replicas"`
	// Reload is how often CoreDNS checks the zone file, 1s to 1h. Optional, default 5s.
	Reload string `pulumi:"reload"`
	// ObjectOptions are added to the options of every Kubernetes object (custom timeouts, say).
	// Optional. The component sets each object's parent and provider after them.
	ObjectOptions []pulumi.ResourceOption `pulumi:"-"`
}

func (a CoreDNSZoneArgs) withDefaults() CoreDNSZoneArgs {
	a.Image, a.Replicas, a.Reload = coreDNSWorkloadDefaults(a.Image, a.Replicas, a.Reload)
	return a
}

// Validate reports every problem of a's own settings (the planner's rules are PlanRecords'),
// defaults applied.
func (a CoreDNSZoneArgs) Validate() error {
	a = a.withDefaults()
	var l validation.List
	if len(a.Servers) == 0 {
		l.Required("servers", "is required: at least one member cluster serves the zone")
	}
	seen := map[string]int{}
	for i, s := range a.Servers {
		at := fmt.Sprintf("servers[%d]", i)
		if j, dup := seen[s.Name]; dup {
			l.Invalid(at+".name", s.Name, "duplicates servers[%d].name", j)
		}
		seen[s.Name] = i
		if s.Provider == nil {
			l.Required(at+".provider", "")
		}
		if !label.MatchString(nameServerLabel(s.Name)) {
			l.Invalid(at+".name", s.Name, "makes the name server %s, which is no DNS label", nameServerLabel(s.Name))
		}
	}
	checkCoreDNSWorkload(&l, a.Image, a.Replicas, a.Reload)
	checkAliasesInDomain(&l, a.Federation)
	for _, v := range aliasNames(a.Federation) {
		for _, s := range a.Servers {
			if v == NameServerName(a.Federation, s.Name) {
				l.Invalid("aliases", v, "is the name server of %s", s.Name)
			}
		}
	}
	if ns := CoreDNSNamespace(a.Federation); len(ns) > 63 {
		l.Invalid("name", a.Federation.Name, "makes the namespace %s, longer than 63 characters", ns)
	} else if strings.EqualFold(a.Service.Namespace, ns) {
		l.Invalid("service", a.Service.Namespace+"/"+a.Service.Name, "must not be in %s, the namespace of the federation's CoreDNS", ns)
	}
	return l.Err()
}

// CoreDNSZone serves the federation's domain with CoreDNS in each server (a serving member):
// a namespace, a ConfigMap with the Corefile and the zone file (the plan's records, the name
// servers' NS and glue), a Deployment of CoreDNS on the member's system pools, spread over its
// zones, with a PodDisruptionBudget, and one LoadBalancer Service for port 53 over UDP and TCP.
// The parent zone delegates the domain to the servers with the records of Delegation.
//
// The ConfigMap is a server-side-apply patch (ConfigMapPatch), which the kubernetes provider
// updates in place (a ConfigMap's data is replaced, delete first, unless the provider enables
// mutable ConfigMaps, and the members' providers are not ours): at a pulumi up that changes the
// records, the kubelet brings the new zone file into the running pods and CoreDNS reloads it,
// with no rollout. The Deployment waits for the ConfigMap, which waits for every server's load
// balancer address (the glue); a LoadBalancer Service with no pods yet is ready as soon as it has
// an address (the provider's Service await counts only not-ready endpoints against it).
type CoreDNSZone struct {
	pulumi.ResourceState

	// Records are the planned records.
	Records pulumi.AnyOutput `pulumi:"records"`
	// NameServers are the zone's name servers, ns-<member>.<domain>, one per server, sorted.
	NameServers pulumi.StringArrayOutput `pulumi:"nameServers"`
	// Delegation are the records to add to the parent zone, zone-file lines: the NS records and
	// their glue.
	Delegation pulumi.StringArrayOutput `pulumi:"delegation"`
	// Addresses are each server's load-balancer address, by member name.
	Addresses pulumi.StringMapOutput `pulumi:"addresses"`
}

// NewCoreDNSZone validates args and registers the CoreDNS of every server.
func NewCoreDNSZone(ctx *pulumi.Context, name string, args *CoreDNSZoneArgs, opts ...pulumi.ResourceOption) (*CoreDNSZone, error) {
	if args == nil {
		return nil, fmt.Errorf("coredns zone %q: args are required", name)
	}
	a := args.withDefaults()
	if err := validateBackEnd(a.Federation, a.Service, a.Clusters, a.Validate()); err != nil {
		return nil, fmt.Errorf("coredns zone %q: %w", name, err)
	}
	c := &CoreDNSZone{}
	if err := ctx.RegisterComponentResource(coreDNSZoneType, name, c, opts...); err != nil {
		return nil, err
	}
	f := a.Federation.withDefaults()
	ns := CoreDNSNamespace(f)
	servers := slices.Clone(a.Servers)
	slices.SortFunc(servers, func(x, y Member) int { return strings.Compare(x.Name, y.Name) })
	labels := pulumi.StringMap{
		"app.kubernetes.io/name":     pulumi.String(CoreDNSName),
		"app.kubernetes.io/instance": pulumi.String(f.Name),
		"app.kubernetes.io/part-of":  pulumi.String("federation"),
	}
	meta := func() *metav1.ObjectMetaArgs {
		return &metav1.ObjectMetaArgs{Name: pulumi.String(CoreDNSName), Namespace: pulumi.String(ns), Labels: labels}
	}
	on := func(m Member, more ...pulumi.ResourceOption) []pulumi.ResourceOption {
		o := append(slices.Clone(a.ObjectOptions), more...)
		return append(o, pulumi.Parent(c), pulumi.Provider(m.Provider))
	}
	// First every server's namespace and Service: the zone file of each holds every server's
	// address.
	namespaces := map[string]pulumi.Resource{}
	var statuses []any
	for _, m := range servers {
		nsr, err := corev1.NewNamespace(ctx, name+"-"+m.Name+"-namespace", &corev1.NamespaceArgs{
			Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String(ns), Labels: labels},
		}, on(m)...)
		if err != nil {
			return nil, err
		}
		namespaces[m.Name] = nsr
		spec := &corev1.ServiceSpecArgs{
			Type:     pulumi.String("LoadBalancer"),
			Selector: labels,
			// One Service for UDP and TCP (MixedProtocolLBService, GA in Kubernetes 1.26), so
			// that both reach one address, the glue: a resolver retries over TCP a truncated
			// answer from the same name server.
			Ports: corev1.ServicePortArray{
				corev1.ServicePortArgs{Name: pulumi.String("dns-udp"), Port: pulumi.Int(53), Protocol: pulumi.String("UDP"), TargetPort: pulumi.String("dns-udp")},
				corev1.ServicePortArgs{Name: pulumi.String("dns-tcp"), Port: pulumi.Int(53), Protocol: pulumi.String("TCP"), TargetPort: pulumi.String("dns-tcp")},
			},
		}
		if m.Cloud == CloudGCP {
			// GKE builds a mixed-protocol load balancer only as a backend-service-based
			// external passthrough Network Load Balancer, asked for by this class, in clusters
			// created at 1.34.1-gke.2190000 or later with the HttpLoadBalancing add-on
			// ("Create a mixed-protocol load balancer", GKE docs). The class is immutable.
			spec.LoadBalancerClass = pulumi.String(gkeExternalLBClass)
		}
		svc, err := corev1.NewService(ctx, name+"-"+m.Name+"-service", &corev1.ServiceArgs{Metadata: meta(), Spec: spec},
			on(m, pulumi.DependsOn([]pulumi.Resource{nsr}))...)
		if err != nil {
			return nil, err
		}
		statuses = append(statuses, svc.Status)
	}
	onShards := planOnShards(a.Federation, a.Service, a.Clusters, a.Shards)
	nameServers := make([]string, 0, len(servers))
	for _, m := range servers {
		nameServers = append(nameServers, NameServerName(f, m.Name))
	}
	// zone is the name servers and the zone file, once every load balancer and shard reports.
	type zone struct {
		NameServers []NameServer
		File        string
	}
	zoneOut := pulumi.All(append([]any{onShards}, statuses...)...).ApplyT(func(xs []any) (zone, error) {
		var z zone
		for i := range servers {
			z.NameServers = append(z.NameServers, NameServer{Name: nameServers[i], Addresses: serviceAddresses(xs[1+i])})
		}
		file, err := AuthoritativeZoneFile(f, z.NameServers, xs[0].(shardPlan).Records)
		z.File = file
		return z, err
	})
	corefile := CoreDNSCorefile(f, a.Reload)
	for _, m := range servers {
		cm, err := corev1.NewConfigMapPatch(ctx, name+"-"+m.Name+"-zone", &corev1.ConfigMapPatchArgs{
			Metadata: &metav1.ObjectMetaPatchArgs{
				Name: pulumi.String(CoreDNSName), Namespace: pulumi.String(ns), Labels: labels,
				Annotations: pulumi.StringMap{"pulumi.com/patchForce": pulumi.String("true")},
			},
			Data: pulumi.StringMap{
				"Corefile":     pulumi.String(corefile),
				ZoneFileKey(f): zoneOut.ApplyT(func(v any) string { return v.(zone).File }).(pulumi.StringOutput),
			},
		}, on(m, pulumi.DependsOn([]pulumi.Resource{namespaces[m.Name]}))...)
		if err != nil {
			return nil, err
		}
		if err := coreDNSWorkload(ctx, name+"-"+m.Name, a, meta, labels, on(m, pulumi.DependsOn([]pulumi.Resource{cm}))); err != nil {
			return nil, err
		}
	}
	c.Records = onShards.ApplyT(func(v any) []Record { return v.(shardPlan).Records }).(pulumi.AnyOutput)
	c.NameServers = pulumi.ToStringArray(nameServers).ToStringArrayOutput()
	c.Delegation = zoneOut.ApplyT(func(v any) ([]string, error) { return Delegation(f, v.(zone).NameServers) }).(pulumi.StringArrayOutput)
	c.Addresses = zoneOut.ApplyT(func(v any) map[string]string {
		out := map[string]string{}
		for i, n := range v.(zone).NameServers {
			out[servers[i].Name] = strings.Join(n.Addresses, ",")
		}
		return out
	}).(pulumi.StringMapOutput)
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"records": c.Records, "nameServers": c.NameServers, "delegation": c.Delegation, "addresses": c.Addresses,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// serviceAddresses are a LoadBalancer Service's ingress addresses (IPs, else hostnames).
func serviceAddresses(v any) []string {
	var out []string
	s, ok := v.(*corev1.ServiceStatus)
	if !ok || s == nil || s.LoadBalancer == nil {
		return nil
	}
	for _, in := range s.LoadBalancer.Ingress {
		switch {
		case in.Ip != nil && *in.Ip != "":
			out = append(out, *in.Ip)
		case in.Hostname != nil && *in.Hostname != "":
			out = append(out, *in.Hostname)
		}
	}
	return out
}

// coreDNSWorkload registers a server's Deployment of CoreDNS and its PodDisruptionBudget.
func coreDNSWorkload(ctx *pulumi.Context, prefix string, a CoreDNSZoneArgs, meta func() *metav1.ObjectMetaArgs, labels pulumi.StringMap, opts []pulumi.ResourceOption) error {
	spread := func(key string) corev1.TopologySpreadConstraintArgs {
		// ScheduleAnyway: a DNS server is better placed unevenly than not at all.
		return corev1.TopologySpreadConstraintArgs{
			MaxSkew: pulumi.Int(1), TopologyKey: pulumi.String(key), WhenUnsatisfiable: pulumi.String("ScheduleAnyway"),
			LabelSelector: &metav1.LabelSelectorArgs{MatchLabels: labels},
		}
	}
	probe := func(path string, port int, delay int) *corev1.ProbeArgs {
		return &corev1.ProbeArgs{
			HttpGet:             &corev1.HTTPGetActionArgs{Path: pulumi.String(path), Port: pulumi.Int(port)},
			InitialDelaySeconds: pulumi.Int(delay), PeriodSeconds: pulumi.Int(10), TimeoutSeconds: pulumi.Int(5), FailureThreshold: pulumi.Int(5),
		}
	}
	// A server runs on its member's system pools (untainted in every zone), as the shards do.
	// Requests and the memory limit are those of Kubernetes's own CoreDNS manifest (100m,
	// 70Mi, limit 170Mi): this zone is far smaller than a cluster's.
	if _, err := appsv1.NewDeployment(ctx, prefix+"-deployment", &appsv1.DeploymentArgs{
		Metadata: meta(),
		Spec: &appsv1.DeploymentSpecArgs{
			Replicas: pulumi.Int(a.Replicas),
			Selector: &metav1.LabelSelectorArgs{MatchLabels: labels},
			Strategy: &appsv1.DeploymentStrategyArgs{
				Type:          pulumi.String("RollingUpdate"),
				RollingUpdate: &appsv1.RollingUpdateDeploymentArgs{MaxUnavailable: pulumi.Int(0), MaxSurge: pulumi.Int(1)},
			},
			Template: &corev1.PodTemplateSpecArgs{
				Metadata: &metav1.ObjectMetaArgs{Labels: labels},
				Spec: &corev1.PodSpecArgs{
					NodeSelector:              pulumi.StringMap{nodepools.SystemPoolLabelKey: pulumi.String(nodepools.SystemPoolLabelValue)},
					TopologySpreadConstraints: corev1.TopologySpreadConstraintArray{spread("topology.kubernetes.io/zone"), spread("kubernetes.io/hostname")},
					Containers: corev1.ContainerArray{corev1.ContainerArgs{
						Name:  pulumi.String("coredns"),
						Image: pulumi.String(a.Image),
						Args:  pulumi.StringArray{pulumi.String("-conf"), pulumi.String(CoreDNSConfigDir + "/Corefile")},
						Ports: corev1.ContainerPortArray{
							corev1.ContainerPortArgs{Name: pulumi.String("dns-udp"), ContainerPort: pulumi.Int(CoreDNSPort), Protocol: pulumi.String("UDP")},
							corev1.ContainerPortArgs{Name: pulumi.String("dns-tcp"), ContainerPort: pulumi.Int(CoreDNSPort), Protocol: pulumi.String("TCP")},
						},
						ReadinessProbe: probe("/ready", 8181, 0),
						LivenessProbe:  probe("/health", 8080, 10),
						Resources: &corev1.ResourceRequirementsArgs{
							Requests: pulumi.StringMap{"cpu": pulumi.String("100m"), "memory": pulumi.String("70Mi")},
							Limits:   pulumi.StringMap{"memory": pulumi.String("170Mi")},
						},
						SecurityContext: &corev1.SecurityContextArgs{
							RunAsNonRoot: pulumi.Bool(true), AllowPrivilegeEscalation: pulumi.Bool(false), ReadOnlyRootFilesystem: pulumi.Bool(true),
							Capabilities: &corev1.CapabilitiesArgs{Drop: pulumi.StringArray{pulumi.String("ALL")}},
						},
						VolumeMounts: corev1.VolumeMountArray{corev1.VolumeMountArgs{Name: pulumi.String("config"), MountPath: pulumi.String(CoreDNSConfigDir), ReadOnly: pulumi.Bool(true)}},
					}},
					// Mounted whole, not by subPath: the kubelet updates a mounted ConfigMap's
					// files only without subPath.
					Volumes: corev1.VolumeArray{corev1.VolumeArgs{
						Name:      pulumi.String("config"),
						ConfigMap: &corev1.ConfigMapVolumeSourceArgs{Name: pulumi.String(CoreDNSName)},
					}},
				},
			},
		},
	}, opts...); err != nil {
		return err
	}
	_, err := policyv1.NewPodDisruptionBudget(ctx, prefix+"-pdb", &policyv1.PodDisruptionBudgetArgs{
		Metadata: meta(),
		Spec: &policyv1.PodDisruptionBudgetSpecArgs{
			MaxUnavailable: pulumi.Int(1),
			Selector:       &metav1.LabelSelectorArgs{MatchLabels: labels},
		},
	}, opts...)
	return err
}
