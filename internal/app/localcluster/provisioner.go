package localcluster

import (
	"context"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/zonestack/zonestack/components/storage"
)

// selectedNodeAnnotation is set on a WaitForFirstConsumer claim by the scheduler: the node its
// first pod will run on.
const selectedNodeAnnotation = "volume.kubernetes.io/selected-node"

// Provisioner plays Alibaba Cloud's disk CSI driver: for each claim of a disk class that the
// scheduler has placed on a node, it creates a volume pinned to that node's zone, bound to the
// claim. A cloud disk cannot attach across zones, and the pinning is what makes the scheduler put
// the claim's pod back in the same zone after a failure.
type Provisioner struct {
	Kube kubernetes.Interface
	// Every is how often claims are looked at. Default 300ms.
	Every time.Duration
}

// Run provisions until ctx ends.
func (p Provisioner) Run(ctx context.Context) {
	every := p.Every
	if every == 0 {
		every = 300 * time.Millisecond
	}
	for {
		_, _ = p.Once(ctx)
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
	}
}

// Once provisions every claim that is waiting, and returns how many volumes it created.
func (p Provisioner) Once(ctx context.Context) (int, error) {
	classes, err := p.Kube.StorageV1().StorageClasses().List(ctx, metav1.ListOptions{})
	if err != nil {
		return 0, err
	}
	disk := map[string]corev1.PersistentVolumeReclaimPolicy{}
	for _, c := range classes.Items {
		if c.Provisioner == storage.DiskProvisioner {
			policy := corev1.PersistentVolumeReclaimDelete
			if c.ReclaimPolicy != nil {
				policy = *c.ReclaimPolicy
			}
			disk[c.Name] = policy
		}
	}
	claims, err := p.Kube.CoreV1().PersistentVolumeClaims("").List(ctx, metav1.ListOptions{})
	if err != nil {
		return 0, err
	}
	made := 0
	for _, c := range claims.Items {
		node := c.Annotations[selectedNodeAnnotation]
		if c.Spec.VolumeName != "" || node == "" || c.Spec.StorageClassName == nil {
			continue
		}
		policy, ok := disk[*c.Spec.StorageClassName]
		if !ok {
			continue
		}
		n, err := p.Kube.CoreV1().Nodes().Get(ctx, node, metav1.GetOptions{})
		if err != nil {
			continue
		}
		zone := n.Labels[ZoneLabel]
		pv := &corev1.PersistentVolume{
			ObjectMeta: metav1.ObjectMeta{
				Name:        "pv-" + string(c.UID),
				Annotations: map[string]string{"pv.kubernetes.io/provisioned-by": storage.DiskProvisioner},
				Labels:      map[string]string{ZoneLabel: zone},
			},
			Spec: corev1.PersistentVolumeSpec{
				Capacity:                      corev1.ResourceList{corev1.ResourceStorage: c.Spec.Resources.Requests[corev1.ResourceStorage]},
				AccessModes:                   c.Spec.AccessModes,
				PersistentVolumeReclaimPolicy: policy,
				StorageClassName:              *c.Spec.StorageClassName,
				ClaimRef: &corev1.ObjectReference{
					Kind: "PersistentVolumeClaim", APIVersion: "v1",
					Namespace: c.Namespace, Name: c.Name, UID: c.UID,
				},
				PersistentVolumeSource: corev1.PersistentVolumeSource{CSI: &corev1.CSIPersistentVolumeSource{
					Driver: storage.DiskProvisioner, VolumeHandle: "d-local-" + string(c.UID), FSType: "ext4",
				}},
				NodeAffinity: &corev1.VolumeNodeAffinity{Required: &corev1.NodeSelector{
					NodeSelectorTerms: []corev1.NodeSelectorTerm{{MatchExpressions: []corev1.NodeSelectorRequirement{{
						Key: ZoneLabel, Operator: corev1.NodeSelectorOpIn, Values: []string{zone},
					}}}},
				}},
			},
		}
		if _, err := p.Kube.CoreV1().PersistentVolumes().Create(ctx, pv, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
			return made, fmt.Errorf("volume for %s/%s: %w", c.Namespace, c.Name, err)
		}
		made++
	}
	return made, nil
}
