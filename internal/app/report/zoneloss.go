package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"

	"github.com/zonestack/zonestack/components/cluster"
	"github.com/zonestack/zonestack/internal/app/manifests"
	"github.com/zonestack/zonestack/internal/app/offline"
	"github.com/zonestack/zonestack/internal/base/ackapi"
	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

// ZoneLoss is what a stack keeps when one zone is lost.
type ZoneLoss struct {
	Zone string `json:"zone"`
	// ControlPlane says whether the API server and etcd keep quorum.
	ControlPlane string `json:"controlPlane"`
	// Pools is the elastic capacity left: pools, and their minimum and maximum node counts.
	Pools PoolCapacity `json:"pools"`
	// Services are the stateful services and how many members they keep at worst.
	Services []ServiceLoss `json:"services"`
	// Egress says whether the nodes keep Internet egress.
	Egress string `json:"egress"`
	// Shared says what happens to shared volumes (NAS, OSS).
	Shared string `json:"shared,omitempty"`
	// Databases say what each database instance does.
	Databases []string `json:"databases,omitempty"`
	// Burst says where ECI pods can still start.
	Burst string `json:"burst,omitempty"`
	// LoadBalancers say what each LoadBalancer Service's load balancer does, one a line.
	LoadBalancers []string `json:"loadBalancers,omitempty"`
}

// PoolCapacity is a count of pools and their node bounds.
type PoolCapacity struct {
	Pools    int `json:"pools"`
	MinNodes int `json:"minNodes"`
	MaxNodes int `json:"maxNodes"`
	// OfPools, OfMin and OfMax are the same figures with every zone up.
	OfPools int `json:"ofPools"`
	OfMin   int `json:"ofMin"`
	OfMax   int `json:"ofMax"`
}

// ServiceLoss is one stateful service after the loss of a zone.
type ServiceLoss struct {
	Name     string `json:"name"`
	Replicas int    `json:"replicas"`
	// Kept is how many members still run at worst: with a zone spread of maxSkew 1, a zone holds
	// at most ceil(replicas/zones) of them; without one, all of them may be in the lost zone.
	Kept int `json:"kept"`
	// Quorum says whether a majority of the members is kept: more than half of Replicas still run
	// after the zone's loss. That a majority is what keeps the service serving is not a count but a
	// property of the service, and it holds only where the members form one cluster: for an
	// etcd-form service (members that bootstrap through the headless Service's SRV records, as
	// prod's kv), tests/etcd runs the rendered members as three real etcd processes resolving
	// through a real DNS server, and proves they form one cluster of three voting members that
	// keeps taking writes with two and refuses them with one. For any other service Quorum is the
	// count alone, and says nothing about whether its members form a cluster at all.
	Quorum bool `json:"quorum"`
	// Cluster names the proven form of cluster the members take, "etcd" (see EtcdForm), or is ""
	// when nothing proves the members form one: then Quorum is a count and nothing more.
	Cluster string `json:"cluster,omitempty"`
	// Answering are the member DNS names that answer at worst.
	Answering int `json:"answering"`
}

// ZoneLosses reports, for each zone of the stack, what remains when that zone is lost.
func ZoneLosses(res *offline.Result, zones []string) []ZoneLoss {
	rec := res.Recorder
	zoneOf := rec.VSwitchZones()
	type pool struct {
		zone     string
		min, max int
	}
	var pools []pool
	for _, np := range rec.ByType(rt.GkeNodePool) {
		p := pool{}
		if locs := np.Inputs["nodeLocations"]; locs.IsArray() && len(locs.ArrayValue()) == 1 {
			p.zone = locs.ArrayValue()[0].StringValue()
		}
		if as := np.Inputs["autoscaling"]; as.IsObject() {
			p.min = int(as.ObjectValue()["minNodeCount"].NumberValue())
			p.max = int(as.ObjectValue()["maxNodeCount"].NumberValue())
		}
		pools = append(pools, p)
	}
	for _, np := range rec.ByType(rt.CsNodePool) {
		p := pool{}
		if v := np.Inputs["vswitchIds"]; v.IsArray() && len(v.ArrayValue()) == 1 {
			p.zone = zoneOf[v.ArrayValue()[0].StringValue()]
		}
		if sc := np.Inputs["scalingConfig"]; sc.IsObject() {
			p.min = int(sc.ObjectValue()["minSize"].NumberValue())
			p.max = int(sc.ObjectValue()["maxSize"].NumberValue())
		} else if d := np.Inputs["desiredSize"]; d.IsString() {
			// A fixed-size pool (a system pool on ACK).
			n, _ := strconv.Atoi(d.StringValue())
			p.min, p.max = n, n
		}
		pools = append(pools, p)
	}
	egress := egressRoutes(rec)
	clusters := rec.ByType(rt.CsManagedKubernetes)
	gke := rec.ByType(rt.GkeCluster)
	cloudNAT := len(rec.ByType(rt.GcpRouterNat)) > 0
	// NAS file systems are stored in one zone, OSS buckets across zones when ZRS (shared.go).
	shared := sharedStoresOf(rec, zoneOf)
	var sets []*appsv1.StatefulSet
	var services []*corev1.Service
	for _, o := range manifests.FromResult(res) {
		switch v, _ := manifests.Decode(o); v := v.(type) {
		case *appsv1.StatefulSet:
			sets = append(sets, v)
		case *corev1.Service:
			services = append(services, v)
		}
	}

	var eciZones []string
	for _, p := range rec.ByType(rt.K8sConfigMapPatch) {
		if p.Inputs["metadata"].ObjectValue()["name"].StringValue() != ackapi.ECIProfileName {
			continue
		}
		if ids := p.Inputs["data"].ObjectValue()["vSwitchIds"]; ids.IsString() {
			for _, id := range strings.Split(ids.StringValue(), ",") {
				eciZones = append(eciZones, zoneOf[id])
			}
		}
	}

	cp := SelfManagedControlPlane(rec)
	lbs := loadBalancers(services, len(gke) > 0)

	var out []ZoneLoss
	for _, z := range zones {
		l := ZoneLoss{Zone: z}
		switch {
		case len(clusters) > 0:
			l.ControlPlane = fmt.Sprintf("kept: ACK runs the managed control plane and its etcd across the cluster's %d zones", len(zones))
		case len(gke) > 0:
			l.ControlPlane = "kept: the regional GKE control plane has replicas in every zone of the region"
		case len(cp.Masters) > 0:
			_, _, l.ControlPlane = cp.Loss(z)
		default:
			l.ControlPlane = "none in this stack"
		}
		for _, p := range pools {
			l.Pools.OfPools++
			l.Pools.OfMin += p.min
			l.Pools.OfMax += p.max
			if p.zone != z {
				l.Pools.Pools++
				l.Pools.MinNodes += p.min
				l.Pools.MaxNodes += p.max
			}
		}
		for _, s := range sets {
			replicas := 1
			if s.Spec.Replicas != nil {
				replicas = int(*s.Spec.Replicas)
			}
			lost := replicas
			if spreadsOverZones(s) && len(zones) > 0 {
				lost = (replicas + len(zones) - 1) / len(zones)
			}
			kept := replicas - lost
			// "majority kept" rests on tests/etcd for etcd-form services (see ServiceLoss.Quorum).
			loss := ServiceLoss{Name: s.Name, Replicas: replicas, Kept: kept, Quorum: replicas > 0 && kept > replicas/2, Answering: kept}
			if EtcdForm(s) {
				loss.Cluster = "etcd"
			}
			l.Services = append(l.Services, loss)
		}
		switch {
		case cloudNAT:
			l.Egress = "kept: Cloud NAT is regional"
		default:
			l.Egress = egress.loss(z, zones)
		}
		l.Shared = shared.loss(zones, z)
		for _, db := range rec.ByType(rt.RdsInstance) {
			l.Databases = append(l.Databases, databaseLoss(db, z))
		}
		if len(eciZones) > 0 {
			var left []string
			for _, ez := range eciZones {
				if ez != z {
					left = append(left, ez)
				}
			}
			if len(left) == 0 {
				l.Burst = "lost: every ECI vSwitch is in this zone"
			} else {
				l.Burst = fmt.Sprintf("kept: ECI pods start in the vSwitches of %s", strings.Join(left, ", "))
			}
		}
		for _, lb := range lbs {
			l.LoadBalancers = append(l.LoadBalancers, lb.loss(z))
		}
		out = append(out, l)
	}
	return out
}

// spreadsOverZones says whether a StatefulSet's members are spread over a zone label with
// maxSkew 1 and DoNotSchedule.
func spreadsOverZones(s *appsv1.StatefulSet) bool {
	for _, c := range s.Spec.Template.Spec.TopologySpreadConstraints {
		if c.MaxSkew == 1 && c.WhenUnsatisfiable == "DoNotSchedule" && c.TopologyKey != "kubernetes.io/hostname" {
			return true
		}
	}
	return false
}

// databaseLoss says what one RDS instance does when zone z is lost.
func databaseLoss(db offline.Registration, z string) string {
	str := func(k string) string {
		if v := db.Inputs[resource.PropertyKey(k)]; v.IsString() {
			return v.StringValue()
		}
		return ""
	}
	primary, standby := str("zoneId"), str("zoneIdSlaveA")
	ha := str("category") == "HighAvailability" && standby != "" && standby != primary
	switch {
	case primary == z && ha:
		return fmt.Sprintf("%s: fails over: RDS promotes the standby in %s; clients reconnect to the same address", db.Name, standby)
	case primary == z:
		return db.Name + ": lost until the zone returns: the instance has no standby in another zone"
	case standby == z && ha:
		return fmt.Sprintf("%s: kept: the primary in %s runs on, without a standby until the zone returns", db.Name, primary)
	}
	return db.Name + ": kept"
}

// ControlPlane is a self-managed control plane as registered: the zones of its etcd members and
// masters (from the instances' role tags) and where its VIP lives.
type ControlPlane struct {
	Etcd, Masters []string
	// VIPZones are the zones the VIP answers from: the NLB's, or the HaVip's one.
	VIPZones []string
	VIPKind  string
}

// SelfManagedControlPlane reads a self-managed control plane from the registrations; it has no
// masters when the stack has none.
func SelfManagedControlPlane(rec *offline.Recorder) ControlPlane {
	zoneOf := rec.VSwitchZones()
	var cp ControlPlane
	var external []string
	for _, in := range rec.ByType(rt.EcsInstance) {
		tags := in.Inputs["tags"]
		if !tags.IsObject() {
			continue
		}
		zone := zoneOf[in.Inputs["vswitchId"].StringValue()]
		switch tags.ObjectValue()[cluster.RoleTag].StringValue() {
		case cluster.RoleMaster:
			cp.Masters = append(cp.Masters, zone)
		case cluster.RoleEtcd:
			external = append(external, zone)
		}
	}
	cp.Etcd = cp.Masters
	if len(external) > 0 {
		cp.Etcd = external
	}
	for _, lb := range rec.ByType(rt.NlbLoadBalancer) {
		cp.VIPKind = "the NLB"
		for _, m := range lb.Inputs["zoneMappings"].ArrayValue() {
			cp.VIPZones = append(cp.VIPZones, m.ObjectValue()["zoneId"].StringValue())
		}
	}
	for _, hv := range rec.ByType(rt.VpcHaVipv2) {
		cp.VIPKind = "the HaVip"
		cp.VIPZones = append(cp.VIPZones, zoneOf[hv.Inputs["vswitchId"].StringValue()])
	}
	return cp
}

func left(zones []string, lost string) int {
	n := 0
	for _, z := range zones {
		if z != lost {
			n++
		}
	}
	return n
}

// Loss says what the loss of zone z leaves: whether etcd keeps a quorum, whether the VIP still
// reaches an API server, and the same in words.
func (cp ControlPlane) Loss(z string) (quorum, reachable bool, text string) {
	etcdLeft, mastersLeft, vipLeft := left(cp.Etcd, z), left(cp.Masters, z), left(cp.VIPZones, z)
	quorum = etcdLeft > len(cp.Etcd)/2
	reachable = vipLeft > 0 && mastersLeft > 0
	etcd := fmt.Sprintf("etcd %d of %d members", etcdLeft, len(cp.Etcd))
	switch {
	case !quorum:
		text = fmt.Sprintf("lost: %s, no quorum: the API is read-only at best until the zone returns", etcd)
	case vipLeft == 0:
		text = fmt.Sprintf("lost: %s keep a quorum, but %s is in this zone: nothing reaches the API servers", etcd, cp.VIPKind)
	case mastersLeft == 0:
		text = fmt.Sprintf("lost: %s keep a quorum, but no API server is left", etcd)
	default:
		text = fmt.Sprintf("kept: %s keep a quorum; %s answers with %d of %d API servers", etcd, cp.VIPKind, mastersLeft, len(cp.Masters))
	}
	return quorum, reachable, text
}

// EtcdForm says whether a StatefulSet's members are etcd in the form tests/etcd runs for real and
// proves forms one cluster that keeps serving with a majority: etcd bootstrapping through the
// headless Service's SRV records (--discovery-srv=$(SERVICE_DOMAIN)), named after its member
// (--name=$(POD_NAME)), with the ports named etcd-server and etcd-client that publish them.
func EtcdForm(s *appsv1.StatefulSet) bool {
	if len(s.Spec.Template.Spec.Containers) == 0 {
		return false
	}
	c := s.Spec.Template.Spec.Containers[0]
	flags := map[string]bool{}
	for _, a := range append(append([]string{}, c.Command...), c.Args...) {
		flags[a] = true
	}
	ports := map[string]bool{}
	for _, p := range c.Ports {
		ports[p.Name] = true
	}
	return flags["--discovery-srv=$(SERVICE_DOMAIN)"] && flags["--name=$(POD_NAME)"] && ports["etcd-server"] && ports["etcd-client"]
}
