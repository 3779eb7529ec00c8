package report

import (
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/zonestack/zonestack/internal/base/ackapi"
)

// loadBalancer is a LoadBalancer Service of the stack and the zones its load balancer lives in.
type loadBalancer struct {
	name string // namespace/name
	kind string // "NLB", "CLB" or "regional" (GKE's)
	// zones an NLB spans; a CLB's master and backup.
	zones          []string
	master, backup string
}

// loadBalancers reads the stack's LoadBalancer Services: on ACK from the CCM's annotations, an
// NLB's zone map or a CLB's master and backup zones; on GKE (gke) the load balancer is regional.
func loadBalancers(services []*corev1.Service, gke bool) []loadBalancer {
	var out []loadBalancer
	for _, svc := range services {
		if svc.Spec.Type != corev1.ServiceTypeLoadBalancer {
			continue
		}
		lb := loadBalancer{name: svc.Namespace + "/" + svc.Name, kind: "CLB"}
		ann := svc.Annotations
		switch {
		case gke:
			lb.kind = "regional"
		case svc.Spec.LoadBalancerClass != nil && *svc.Spec.LoadBalancerClass == ackapi.NLBClass:
			lb.kind = "NLB"
			for _, pair := range strings.Split(ann[ackapi.NLBZoneMapsAnnotation], ",") {
				if z, _, ok := strings.Cut(pair, ":"); ok {
					lb.zones = append(lb.zones, z)
				}
			}
		default:
			lb.master, lb.backup = ann[ackapi.CLBMasterZoneAnnotation], ann[ackapi.CLBBackupZoneAnnotation]
		}
		out = append(out, lb)
	}
	return out
}

// loss says what the loss of zone z does to the load balancer.
func (lb loadBalancer) loss(z string) string {
	switch lb.kind {
	case "regional":
		return fmt.Sprintf("%s: kept: GKE's load balancer is regional", lb.name)
	case "NLB":
		left := slices.DeleteFunc(slices.Clone(lb.zones), func(s string) bool { return s == z })
		if len(left) == 0 {
			return fmt.Sprintf("%s: lost: every zone of the NLB is this one", lb.name)
		}
		return fmt.Sprintf("%s: kept: the NLB answers from %s", lb.name, strings.Join(left, ", "))
	}
	switch z {
	case lb.master:
		return fmt.Sprintf("%s: kept: the CLB fails over to its backup zone %s", lb.name, lb.backup)
	case lb.backup:
		return fmt.Sprintf("%s: kept: the CLB serves from its master zone %s, without a backup until the zone returns", lb.name, lb.master)
	}
	if lb.master == "" {
		return fmt.Sprintf("%s: at risk: the cloud chose the CLB's zones; if its master is this zone it fails over only where a backup zone was chosen (set loadBalancer.masterZone and backupZone)", lb.name)
	}
	return fmt.Sprintf("%s: kept: the CLB serves from %s, with its backup in %s", lb.name, lb.master, lb.backup)
}
