package cluster_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/zonestack/zonestack/components/cluster"
	"github.com/zonestack/zonestack/internal/app/offline"
	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

// The provider's rules (terraform-provider-alicloud v1.285.0) for the resources whose IDs reach a
// KubeadmCluster's machines: the inputs a change of which replaces the resource (ForceNew).
var replacingInputs = map[string][]string{
	// resource_alicloud_instance.go: availability_zone (line 35), system_disk_category (135),
	// launch_template_name (664), launch_template_id (669), launch_template_version (674), and
	// the ones we never set: network_interface_id, the system disk's encryption, spot_strategy,
	// security_enhancement_strategy, hpc_cluster_id, dedicated_host_id.
	rt.EcsInstance: {"availabilityZone", "systemDiskCategory", "launchTemplateName", "launchTemplateId", "launchTemplateVersion",
		"networkInterfaceId", "systemDiskEncrypted", "systemDiskKmsKeyId", "spotStrategy", "securityEnhancementStrategy", "hpcClusterId", "dedicatedHostId"},
	// resource_alicloud_ecs_launch_template.go: launch_template_name (162) and name (169),
	// template_resource_group_id, and the subscription settings.
	rt.EcsLaunchTemplate: {"launchTemplateName", "name", "templateResourceGroupId", "autoRenew", "autoRenewPeriod", "period", "periodUnit"},
	// resource_alicloud_ecs_deployment_set.go: strategy (24), domain, granularity.
	rt.EcsDeploymentSet: {"strategy", "domain", "granularity"},
	// resource_alicloud_ram_role.go: role_name (63), name (71).
	rt.RamRole: {"roleName", "name"},
}

// rebuildingInputs are the instance inputs an update applies by rewriting the machine's system
// disk, changing its address or restarting it for nothing it needs (resource_alicloud_instance.go).
var rebuildingInputs = map[string]string{
	"imageId":   "ReplaceSystemDisk (modifyInstanceImage, line 2750): an empty system disk",
	"vswitchId": "ModifyInstanceVpcAttribute (modifyVpcAttribute, line 2954): a stop and a new address",
	"privateIp": "ModifyInstanceVpcAttribute (modifyVpcAttribute, line 2954): a stop and a new address",
	"hostName":  "ModifyInstanceAttribute and a restart (line 2878)",
	"userData":  "ModifyInstanceAttribute and a restart (line 2864)",
}

// unsafeChanges is what going from before to after would do to a running machine that it must not:
// replace it, or rebuild it in place. A resource is replaced when one of its replacing inputs
// changes, unless the input is ignored; an input that carries a replaced resource's ID changes with
// it (the offline IDs, derived from the resource names, do not).
func unsafeChanges(before, after []offline.Registration) []string {
	old := map[string]offline.Registration{}
	for _, r := range before {
		old[r.URN] = r
	}
	replaced := map[string]bool{} // IDs of replaced resources
	changed := func(r offline.Registration) []string {
		o, ok := old[r.URN]
		if !ok {
			return nil
		}
		var keys []string
		for _, k := range slices.Sorted(maps.Keys(mergeKeys(o.Inputs, r.Inputs))) {
			ov, nv := o.Inputs[resource.PropertyKey(k)], r.Inputs[resource.PropertyKey(k)]
			if !ov.DeepEquals(nv) || replaced[plainString(ov)] {
				keys = append(keys, k)
			}
		}
		return keys
	}
	for grew := true; grew; {
		grew = false
		for _, r := range after {
			if replaced[r.ID] || old[r.URN].ID == "" {
				continue
			}
			for _, k := range changed(r) {
				if slices.Contains(replacingInputs[r.Type], k) && !slices.Contains(r.IgnoreChanges, k) {
					replaced[r.ID], grew = true, true
					break
				}
			}
		}
	}
	var out []string
	for _, r := range after {
		if r.Type != rt.EcsInstance {
			continue
		}
		for _, k := range changed(r) {
			switch {
			case slices.Contains(r.IgnoreChanges, k):
			case slices.Contains(replacingInputs[r.Type], k):
				out = append(out, fmt.Sprintf("%s: a change of %s replaces the machine", r.Name, k))
			case rebuildingInputs[k] != "":
				out = append(out, fmt.Sprintf("%s: a change of %s runs %s", r.Name, k, rebuildingInputs[k]))
			}
		}
		if replaced[r.ID] {
			out = append(out, r.Name+" is replaced")
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func mergeKeys(a, b resource.PropertyMap) map[string]bool {
	out := map[string]bool{}
	for k := range a {
		out[string(k)] = true
	}
	for k := range b {
		out[string(k)] = true
	}
	return out
}

// No input the provider marks ForceNew reaches a running machine: a machine's replacing inputs
// that the component sets are all ignored.
func TestNoReplacingInputReachesARunningMachine(t *testing.T) {
	for _, etcd := range []string{cluster.EtcdStacked, cluster.EtcdExternal} {
		a := kubeadmArgs()
		a.Etcd = etcd
		rec, _ := recordKubeadm(t, a)
		for _, r := range rec.ByType(rt.EcsInstance) {
			for _, k := range slices.Concat(replacingInputs[rt.EcsInstance], slices.Collect(maps.Keys(rebuildingInputs))) {
				if _, set := r.Inputs[resource.PropertyKey(k)]; set && !slices.Contains(r.IgnoreChanges, k) {
					t.Errorf("%s: %s is set and a change of it would reach the machine", r.Name, k)
				}
			}
		}
	}
}

// A newer default image (DefaultImageID changed in a release, or imageId set) reaches only new
// machines: the running ones ignore it, the input still carries it for the next machine.
func TestANewDefaultImageReachesNoRunningMachine(t *testing.T) {
	before, _ := recordKubeadm(t, kubeadmArgs())
	a := kubeadmArgs()
	a.ImageID = strings.Replace(cluster.DefaultImageID, "20250117", "20991231", 1)
	after, _ := recordKubeadm(t, a)
	for _, p := range unsafeChanges(before.Registrations(), after.Registrations()) {
		t.Error(p)
	}
	for _, r := range after.ByType(rt.EcsInstance) {
		if got := r.Inputs["imageId"].StringValue(); got != a.ImageID {
			t.Errorf("%s: a new machine would boot %s, not the new image", r.Name, got)
		}
	}
}

// An earlier release that derived names and constants differently (the launch template's name,
// the deployment sets' strategy, the machines' host names, addresses and vSwitches, the system
// disk's category, the image): upgrading from it replaces and rebuilds no machine. The launch template
// and the deployment sets are replaced (their name and strategy are ForceNew), which must not
// carry over to the machines.
func TestEarlierDerivationsReplaceNoMachine(t *testing.T) {
	for _, etcd := range []string{cluster.EtcdStacked, cluster.EtcdExternal} {
		t.Run(etcd, func(t *testing.T) {
			a := kubeadmArgs()
			a.Etcd = etcd
			after, _ := recordKubeadm(t, a)
			before, _ := recordKubeadm(t, a)
			earlier := map[string]map[resource.PropertyKey]resource.PropertyValue{
				rt.EcsLaunchTemplate: {"launchTemplateName": resource.NewStringProperty(a.Name + "-template")},
				rt.EcsDeploymentSet:  {"strategy": resource.NewStringProperty("AvailabilityGroup")},
				rt.EcsInstance: {"systemDiskCategory": resource.NewStringProperty("cloud_ssd"), "imageId": resource.NewStringProperty("aliyun_3_x64_20G_alibase_20240819.vhd"),
					"hostName": resource.NewStringProperty("node"), "privateIp": resource.NewStringProperty("10.0.224.200"),
					"vswitchId": resource.NewStringProperty("vsw-earlier")},
			}
			for _, p := range unsafeChanges(rewrite(before.Registrations(), earlier), after.Registrations()) {
				t.Error(p)
			}
			// Without the ignored changes, the same upgrade replaces every machine (through the
			// template's ID too) and rebuilds it: the check sees what it is there for.
			exposed := unsafeChanges(rewrite(before.Registrations(), earlier), withoutIgnores(after.Registrations()))
			for _, r := range after.ByType(rt.EcsInstance) {
				for _, want := range []string{"a change of systemDiskCategory replaces", "a change of launchTemplateId replaces",
					"a change of imageId runs ReplaceSystemDisk", "a change of privateIp runs", "a change of vswitchId runs", "a change of hostName runs", "is replaced"} {
					if !slices.ContainsFunc(exposed, func(p string) bool {
						return strings.HasPrefix(p, r.Name+":") && strings.Contains(p, want) || p == r.Name+" "+want
					}) {
						t.Errorf("unprotected, %s would not show %q: %v", r.Name, want, exposed)
					}
				}
			}
		})
	}
}

// withoutIgnores is regs with no ignored changes.
func withoutIgnores(regs []offline.Registration) []offline.Registration {
	var out []offline.Registration
	for _, r := range regs {
		r.IgnoreChanges = nil
		out = append(out, r)
	}
	return out
}

// Renaming the cluster changes every name the component derives at once (the template's, the
// RAM role's, the deployment sets', the host names): still no machine is replaced or rebuilt.
func TestRenamedDerivationsReplaceNoMachine(t *testing.T) {
	before, _ := recordKubeadm(t, kubeadmArgs())
	a := kubeadmArgs()
	a.Name = "zs-renamed"
	after, _ := recordKubeadm(t, a)
	for _, p := range unsafeChanges(before.Registrations(), after.Registrations()) {
		t.Error(p)
	}
	// Unprotected, the rename would replace every machine through its template and restart it
	// for its host name.
	exposed := unsafeChanges(before.Registrations(), withoutIgnores(after.Registrations()))
	for _, r := range after.ByType(rt.EcsInstance) {
		for _, want := range []string{": a change of launchTemplateId replaces the machine", ": a change of hostName runs", " is replaced"} {
			if !slices.ContainsFunc(exposed, func(p string) bool { return strings.HasPrefix(p, r.Name+want) }) {
				t.Errorf("unprotected, %s would not show %q: %v", r.Name, want, exposed)
			}
		}
	}
}

// rewrite is regs with the given inputs of every registration of each type replaced.
func rewrite(regs []offline.Registration, inputs map[string]map[resource.PropertyKey]resource.PropertyValue) []offline.Registration {
	var out []offline.Registration
	for _, r := range regs {
		r.Inputs = maps.Clone(r.Inputs)
		maps.Copy(r.Inputs, inputs[r.Type])
		out = append(out, r)
	}
	return out
}
