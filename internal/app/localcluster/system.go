package localcluster

import (
	"context"
	"fmt"
	"strings"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/zonestack/zonestack/internal/base/ackapi"
)

// The system workload a real cluster runs before any of ours, as the local cluster plays it.
const (
	SystemNamespace = "kube-system"
	CoreDNSName     = "coredns"
	CoreDNSSelector = "k8s-app=kube-dns"
)

var coreDNSReplicas int32 = 2

// CoreDNS is the cluster DNS as ACK runs it, for scheduling: two replicas of the upstream
// requests (100m CPU, 70Mi memory), tolerating CriticalAddonsOnly only (as the upstream manifest
// does), kept off the nodes of autoscaled pools (ackapi.AutoscaledNodeLabel) and spread over
// nodes. kwok plays its pods, so its image never runs. On the local cluster it is what shows a
// stack whose pools leave system pods no room: every pool tainted, or only autoscaled ones.
func CoreDNS() *appsv1.Deployment {
	labels := map[string]string{"k8s-app": "kube-dns"}
	return &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: CoreDNSName, Namespace: SystemNamespace, Labels: labels},
		Spec: appsv1.DeploymentSpec{
			Replicas: &coreDNSReplicas,
			Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec: corev1.PodSpec{
					PriorityClassName: "system-cluster-critical",
					Tolerations:       []corev1.Toleration{{Key: "CriticalAddonsOnly", Operator: corev1.TolerationOpExists}},
					Affinity: &corev1.Affinity{
						NodeAffinity: &corev1.NodeAffinity{RequiredDuringSchedulingIgnoredDuringExecution: &corev1.NodeSelector{
							NodeSelectorTerms: []corev1.NodeSelectorTerm{{MatchExpressions: []corev1.NodeSelectorRequirement{{
								Key: ackapi.AutoscaledNodeLabel, Operator: corev1.NodeSelectorOpNotIn, Values: []string{ackapi.AutoscaledNodeLabelValue},
							}}}},
						}},
						PodAntiAffinity: &corev1.PodAntiAffinity{PreferredDuringSchedulingIgnoredDuringExecution: []corev1.WeightedPodAffinityTerm{{
							Weight: 100, PodAffinityTerm: corev1.PodAffinityTerm{
								LabelSelector: &metav1.LabelSelector{MatchLabels: labels}, TopologyKey: "kubernetes.io/hostname",
							},
						}}},
					},
					Containers: []corev1.Container{{
						Name: "coredns", Image: "registry.k8s.io/coredns/coredns:v1.13.2",
						Resources: corev1.ResourceRequirements{Requests: corev1.ResourceList{
							corev1.ResourceCPU: resource.MustParse("100m"), corev1.ResourceMemory: resource.MustParse("70Mi"),
						}},
					}},
				},
			},
		},
	}
}

// InstallSystemWorkloads starts CoreDNS, as a new cluster has it before anything of ours.
func (c *Client) InstallSystemWorkloads(ctx context.Context) error {
	_, err := c.Kube.AppsV1().Deployments(SystemNamespace).Create(ctx, CoreDNS(), metav1.CreateOptions{FieldManager: FieldManager})
	if err != nil && !strings.Contains(err.Error(), "already exists") {
		return err
	}
	return nil
}

// WaitSystemWorkloads waits until CoreDNS's pods run, and otherwise says why they cannot: the
// scheduler's own account of the pending ones (as on ACK, where a cluster whose every pool is
// tainted or autoscaled leaves them Pending).
func (c *Client) WaitSystemWorkloads(ctx context.Context, wait time.Duration) error {
	deadline := time.Now().Add(wait)
	for {
		pods, err := c.Kube.CoreV1().Pods(SystemNamespace).List(ctx, metav1.ListOptions{LabelSelector: CoreDNSSelector})
		if err != nil {
			return err
		}
		running, why := 0, ""
		for _, p := range pods.Items {
			if p.Status.Phase == corev1.PodRunning {
				running++
				continue
			}
			for _, cond := range p.Status.Conditions {
				if cond.Type == corev1.PodScheduled && cond.Status == corev1.ConditionFalse {
					why = cond.Message
				}
			}
		}
		if len(pods.Items) > 0 && running == len(pods.Items) {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("CoreDNS (ACK's tolerations: CriticalAddonsOnly only, never on an autoscaled pool's nodes) runs %d of %d pods after %s: %s; the cluster needs an untainted, fixed-size pool (systemPool)",
				running, len(pods.Items), wait, why)
		}
		time.Sleep(250 * time.Millisecond)
	}
}
