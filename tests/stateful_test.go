package tests

import (
	"slices"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"

	"github.com/zonestack/zonestack/components/storage"
	"github.com/zonestack/zonestack/internal/app/manifests"
)

// Every StatefulSet whose claims use a zonal-disk class spreads its members over the zones
// (maxSkew 1, DoNotSchedule), keeps them off each other's nodes, keeps its claims when deleted or
// scaled down, and tolerates every taint of the pools its node selector picks.
func TestStatefulSetsOnZonalDisksSpreadAndTolerateTheirPools(t *testing.T) {
	checked := 0
	for _, r := range runAll(t) {
		objects := manifests.FromResult(r.res)
		zonal := map[string]bool{}
		for _, o := range objects {
			if v, err := manifests.Decode(o); err == nil {
				if sc, ok := v.(*storagev1.StorageClass); ok && sc.Provisioner == storage.DiskProvisioner {
					zonal[sc.Name] = true
				}
			}
		}
		pools := registeredPools(t, r.res.Recorder)
		zoneKeys := []string{"topology.kubernetes.io/zone"}
		if np := r.cfg.NodePools; np != nil {
			var key string
			if np.Alicloud != nil {
				key = np.Alicloud.ZoneLabelKey
			} else {
				key = np.GCP.ZoneLabelKey
			}
			if key == "" {
				key = "avaliable_zone"
			}
			zoneKeys = append(zoneKeys, key)
		}
		for _, o := range objects {
			v, err := manifests.Decode(o)
			if err != nil {
				continue // reported by TestEveryKubernetesObjectDecodesStrictly
			}
			set, ok := v.(*appsv1.StatefulSet)
			if !ok {
				continue
			}
			onDisk := false
			for _, c := range set.Spec.VolumeClaimTemplates {
				onDisk = onDisk || (c.Spec.StorageClassName != nil && zonal[*c.Spec.StorageClassName])
			}
			if !onDisk {
				continue
			}
			checked++
			pod := set.Spec.Template.Spec
			spread := slices.ContainsFunc(pod.TopologySpreadConstraints, func(c corev1.TopologySpreadConstraint) bool {
				return slices.Contains(zoneKeys, c.TopologyKey) && c.MaxSkew == 1 && c.WhenUnsatisfiable == corev1.DoNotSchedule
			})
			if !spread {
				t.Errorf("%s: StatefulSet %s on zonal disks does not spread over the zones: %+v", r.name, set.Name, pod.TopologySpreadConstraints)
			}
			if pod.Affinity == nil || pod.Affinity.PodAntiAffinity == nil || !slices.ContainsFunc(
				pod.Affinity.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution,
				func(a corev1.PodAffinityTerm) bool { return a.TopologyKey == "kubernetes.io/hostname" }) {
				t.Errorf("%s: StatefulSet %s may put two members on one node", r.name, set.Name)
			}
			if p := set.Spec.PersistentVolumeClaimRetentionPolicy; p == nil || p.WhenDeleted != appsv1.RetainPersistentVolumeClaimRetentionPolicyType ||
				p.WhenScaled != appsv1.RetainPersistentVolumeClaimRetentionPolicyType {
				t.Errorf("%s: StatefulSet %s does not keep its claims: %+v", r.name, set.Name, p)
			}
			for _, p := range pools {
				selected := len(pod.NodeSelector) > 0
				for k, val := range pod.NodeSelector {
					selected = selected && p.labels[k] == val
				}
				if !selected {
					continue
				}
				for _, taint := range p.taints {
					if taint.effect == "PreferNoSchedule" {
						continue
					}
					tolerated := slices.ContainsFunc(pod.Tolerations, func(tol corev1.Toleration) bool {
						return tol.Key == taint.key && string(tol.Effect) == taint.effect &&
							(tol.Operator == corev1.TolerationOpExists || tol.Value == taint.value)
					})
					if !tolerated {
						t.Errorf("%s: StatefulSet %s selects pool %s but does not tolerate %s=%s:%s", r.name, set.Name, p.name, taint.key, taint.value, taint.effect)
					}
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no StatefulSet on a zonal disk was checked; the stacks should have one (seed 000's nginx-dynamic)")
	}
}
