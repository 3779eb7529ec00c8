package nodepools_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/nodepools"
	"github.com/zonestack/zonestack/internal/app/offline"
	"github.com/zonestack/zonestack/internal/app/testutil"
	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

func virtualArgs() nodepools.VirtualNodesArgs {
	return nodepools.VirtualNodesArgs{
		ClusterID:       pulumi.String("c-1"),
		VpcID:           pulumi.String("vpc-1"),
		SecurityGroupID: pulumi.String("sg-1"),
		VSwitches: []nodepools.ECIVSwitch{
			{Zone: "cn-beijing-h", ID: pulumi.String("vsw-h")},
			{Zone: "cn-beijing-g", ID: pulumi.String("vsw-g")},
			{Zone: "cn-beijing-k", ID: pulumi.String("vsw-k")},
		},
		VirtualNodesSpec: nodepools.VirtualNodesSpec{
			Namespaces: []string{"wordpress"},
			Selectors: []nodepools.ECISelector{{
				Name: "batch", PodLabels: map[string]string{"workload": "batch"},
				Annotations: map[string]string{"k8s.aliyun.com/eci-use-specs": "ecs.c6.xlarge"},
			}},
		},
	}
}

func TestVirtualNodesInstallTheAddonAndRouteByTheProfile(t *testing.T) {
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		a := virtualArgs()
		_, err := nodepools.NewVirtualNodes(ctx, "eci", &a)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	comp, _ := rec.Named("zonestack:nodepools:VirtualNodes", "eci")
	addon, ok := rec.Named(rt.CsKubernetesAddon, "eci-addon")
	if !ok || addon.Parent != comp.URN {
		t.Fatalf("no add-on under the component: %+v", addon)
	}
	in := addon.Inputs
	if in["name"].StringValue() != "ack-virtual-node" || in["clusterId"].StringValue() != "c-1" || !in["cleanupCloudResources"].BoolValue() {
		t.Errorf("add-on inputs %v", in)
	}
	if _, has := in["config"]; has {
		t.Errorf("the add-on gets no config (and so no AccessKey): %v", in["config"])
	}
	profile, ok := rec.Named("kubernetes:core/v1:ConfigMapPatch", "eci-eci-profile")
	if !ok {
		t.Fatal("no eci-profile patch")
	}
	if !slices.Contains(profile.Dependencies, addon.URN) {
		t.Errorf("the profile is patched before the add-on that creates it exists: %v", profile.Dependencies)
	}
	meta := profile.Inputs["metadata"].ObjectValue()
	if meta["name"].StringValue() != "eci-profile" || meta["namespace"].StringValue() != "kube-system" ||
		meta["annotations"].ObjectValue()["pulumi.com/patchForce"].StringValue() != "true" {
		t.Errorf("profile metadata %v", meta)
	}
	data := profile.Inputs["data"].ObjectValue()
	if data["vSwitchIds"].StringValue() != "vsw-h,vsw-g,vsw-k" || data["securityGroupId"].StringValue() != "sg-1" || data["vpcId"].StringValue() != "vpc-1" {
		t.Errorf("profile data %v", data)
	}
	var sel []map[string]any
	if err := json.Unmarshal([]byte(data["selectors"].StringValue()), &sel); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range sel {
		names = append(names, s["name"].(string))
	}
	want := []string{"alibabacloud-eci-pod", "alibabacloud-eci-namespace", "zonestack-namespace-wordpress", "batch"}
	if len(names) != len(want) {
		t.Fatalf("selectors %v, want %v", names, want)
	}
	for i := range want {
		if names[i] != want[i] {
			t.Fatalf("selectors %v, want %v", names, want)
		}
	}
	ns := sel[2]["namespaceSelector"].(map[string]any)["matchLabels"].(map[string]any)
	if ns["kubernetes.io/metadata.name"] != "wordpress" {
		t.Errorf("namespace selector %v", ns)
	}
	if sel[3]["effect"].(map[string]any)["annotations"].(map[string]any)["k8s.aliyun.com/eci-use-specs"] != "ecs.c6.xlarge" {
		t.Errorf("selector effect %v", sel[3])
	}
}

// Without a cluster ID (the local cluster) only the profile is written.
func TestVirtualNodesWithoutAClusterOnlyPatchTheProfile(t *testing.T) {
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		a := virtualArgs()
		a.ClusterID, a.KeepCloudResources = nil, true
		_, err := nodepools.NewVirtualNodes(ctx, "eci", &a)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(rec.ByType(rt.CsKubernetesAddon)); n != 0 {
		t.Errorf("%d add-ons", n)
	}
	if _, ok := rec.Named("kubernetes:core/v1:ConfigMapPatch", "eci-eci-profile"); !ok {
		t.Error("no profile patch")
	}
}

func TestVirtualNodesRejectBadArgs(t *testing.T) {
	cases := map[string]func(*nodepools.VirtualNodesArgs){
		`vswitches: is required`: func(a *nodepools.VirtualNodesArgs) { a.VSwitches = nil },
		`vswitches[1].zone: duplicates vswitches[0].zone; one vSwitch per zone (got "cn-beijing-h")`: func(a *nodepools.VirtualNodesArgs) { a.VSwitches[1].Zone = "cn-beijing-h" },
		`securityGroupId: is required`:                                               func(a *nodepools.VirtualNodesArgs) { a.SecurityGroupID = nil },
		`selectors[0]: needs namespaceLabels or podLabels`:                           func(a *nodepools.VirtualNodesArgs) { a.Selectors[0].PodLabels = nil },
		`namespaces[0]: must not be kube-system`:                                     func(a *nodepools.VirtualNodesArgs) { a.Namespaces = []string{"kube-system"} },
		`selectors[0].podLabels.workload: must be a Kubernetes label value`:          func(a *nodepools.VirtualNodesArgs) { a.Selectors[0].PodLabels["workload"] = "bad value!" },
		`addonVersion: must be an ACK add-on version such as v2.13.0 (got "2.13.0")`: func(a *nodepools.VirtualNodesArgs) { a.AddonVersion = "2.13.0" },
	}
	for want, mutate := range cases {
		t.Run(want, func(t *testing.T) {
			testutil.Rejected(t, want, func(ctx *pulumi.Context) error {
				a := virtualArgs()
				mutate(&a)
				_, err := nodepools.NewVirtualNodes(ctx, "eci", &a)
				return err
			})
		})
	}
}

// The spec is what a stack file says (virtualNodes): it decodes from the stack's keys and its
// rules name them, with none of the wiring's.
func TestVirtualNodesSpecDecodesAndValidatesUnderItsKeys(t *testing.T) {
	var s nodepools.VirtualNodesSpec
	doc := `{"addonVersion": "2.13.0", "namespaces": ["batch"], "selectors": [{"name": "gpu", "podLabels": {"gpu": "true"}}], "dropDefaultSelectors": true, "keepCloudResources": true}`
	if err := json.Unmarshal([]byte(doc), &s); err != nil {
		t.Fatal(err)
	}
	if !s.DropDefaultSelectors || !s.KeepCloudResources || s.Selectors[0].PodLabels["gpu"] != "true" || s.Namespaces[0] != "batch" {
		t.Fatalf("decoded %+v", s)
	}
	err := s.Validate()
	if err == nil || err.Error() != `addonVersion: must be an ACK add-on version such as v2.13.0 (got "2.13.0")` {
		t.Fatalf("got %v", err)
	}
	s.AddonVersion = "v2.13.0"
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
}
