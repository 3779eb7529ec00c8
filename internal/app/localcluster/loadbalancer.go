package localcluster

import (
	"context"
	"fmt"
	"net/netip"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// LoadBalancers plays a cloud's load-balancer controller (the CCM's service controller): each
// Service of type LoadBalancer gets an address from Pool in its status, as an SLB or a Google
// forwarding rule would report it, and keeps it while the Service lives. Nothing answers on the
// address; it is what the federation's shard health and records are made of (a shard is healthy
// with an address and a ready endpoint), so a local member's shard can be healthy at all.
type LoadBalancers struct {
	Kube kubernetes.Interface
	// Pool is where the addresses come from, one per Service, lowest free first. Give each local
	// cluster its own pool, as each cloud region has its own addresses.
	Pool netip.Prefix
	// Every is how often Services are looked at. Default 300ms.
	Every time.Duration
}

// Run assigns addresses until ctx ends.
func (l LoadBalancers) Run(ctx context.Context) {
	every := l.Every
	if every == 0 {
		every = 300 * time.Millisecond
	}
	for {
		_, _ = l.Once(ctx)
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
	}
}

// Once gives every LoadBalancer Service without an address one, and returns how many it gave.
func (l LoadBalancers) Once(ctx context.Context) (int, error) {
	if !l.Pool.IsValid() {
		return 0, fmt.Errorf("load balancers: no address pool")
	}
	svcs, err := l.Kube.CoreV1().Services("").List(ctx, metav1.ListOptions{})
	if err != nil {
		return 0, err
	}
	used := map[netip.Addr]bool{}
	for _, s := range svcs.Items {
		for _, in := range s.Status.LoadBalancer.Ingress {
			if a, err := netip.ParseAddr(in.IP); err == nil {
				used[a] = true
			}
		}
	}
	next := l.Pool.Masked().Addr().Next() // not the network's own address
	given := 0
	for i := range svcs.Items {
		s := &svcs.Items[i]
		if s.Spec.Type != corev1.ServiceTypeLoadBalancer || len(s.Status.LoadBalancer.Ingress) > 0 {
			continue
		}
		for used[next] {
			next = next.Next()
		}
		if !l.Pool.Contains(next) {
			return given, fmt.Errorf("load balancers: pool %s is used up", l.Pool)
		}
		s.Status.LoadBalancer.Ingress = []corev1.LoadBalancerIngress{{IP: next.String()}}
		if _, err := l.Kube.CoreV1().Services(s.Namespace).UpdateStatus(ctx, s, metav1.UpdateOptions{}); err != nil {
			return given, fmt.Errorf("load balancer of %s/%s: %w", s.Namespace, s.Name, err)
		}
		used[next] = true
		given++
	}
	return given, nil
}
