package fencing_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/fencing"
	"github.com/zonestack/zonestack/internal/app/offline"
)

func valid() fencing.NodeFencingArgs {
	return fencing.NodeFencingArgs{NodeFencingSpec: fencing.NodeFencingSpec{Image: "registry.example.com/zonestack-fencing:1"}, Cloud: fencing.CloudAlicloud}
}

func TestNodeFencingDeploysTheController(t *testing.T) {
	a := valid()
	a.NodeSelector = "usage=sts"
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		_, err := fencing.NewNodeFencing(ctx, "fencing", &a)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	comp, ok := rec.Named("zonestack:fencing:NodeFencing", "fencing")
	if !ok {
		t.Fatal("no component")
	}
	want := map[string]int{
		"kubernetes:core/v1:ServiceAccount": 1, "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole": 1,
		"kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding": 1, "kubernetes:rbac.authorization.k8s.io/v1:Role": 1,
		"kubernetes:rbac.authorization.k8s.io/v1:RoleBinding": 1, "kubernetes:apps/v1:Deployment": 1, "kubernetes:policy/v1:PodDisruptionBudget": 1,
	}
	for typ, n := range want {
		got := rec.ByType(typ)
		if len(got) != n {
			t.Errorf("%d %s, want %d", len(got), typ, n)
		}
		for _, r := range got {
			if r.Parent != comp.URN || !strings.HasPrefix(r.Name, "fencing-") {
				t.Errorf("%s %s: parent %s", typ, r.Name, r.Parent)
			}
		}
	}
	// Nodes: read and patch, nothing more.
	rules := rec.ByType("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole")[0].Inputs["rules"].ArrayValue()
	if len(rules) != 1 || rules[0].ObjectValue()["resources"].ArrayValue()[0].StringValue() != "nodes" {
		t.Errorf("cluster role rules %v, want nodes only", rules)
	}
	var verbs []string
	for _, v := range rules[0].ObjectValue()["verbs"].ArrayValue() {
		verbs = append(verbs, v.StringValue())
	}
	if !slices.Equal(verbs, []string{"get", "list", "watch", "patch"}) {
		t.Errorf("verbs %v", verbs)
	}
	spec := rec.ByType("kubernetes:apps/v1:Deployment")[0].Inputs["spec"].ObjectValue()
	if spec["replicas"].NumberValue() != 2 {
		t.Errorf("replicas %v, want 2 (one leads)", spec["replicas"])
	}
	c := spec["template"].ObjectValue()["spec"].ObjectValue()["containers"].ArrayValue()[0].ObjectValue()
	var args []string
	for _, v := range c["args"].ArrayValue() {
		args = append(args, v.StringValue())
	}
	if c["image"].StringValue() != a.Image || !slices.Equal(args, []string{"--cloud=alicloud", "--not-ready-for=10s", "--leader-elect=true", "--node-selector=usage=sts"}) {
		t.Errorf("container %s %v", c["image"].StringValue(), args)
	}
	pdb := rec.ByType("kubernetes:policy/v1:PodDisruptionBudget")[0].Inputs["spec"].ObjectValue()
	if pdb["minAvailable"].NumberValue() != 1 {
		t.Errorf("pdb %v", pdb)
	}
}

func TestNodeFencingValidation(t *testing.T) {
	tests := []struct {
		name    string
		change  func(a *fencing.NodeFencingArgs)
		wantErr string
	}{
		{"valid", func(*fencing.NodeFencingArgs) {}, ""},
		{"no image", func(a *fencing.NodeFencingArgs) { a.Image = "" }, "image: is required: zonestack publishes no image"},
		{"no cloud", func(a *fencing.NodeFencingArgs) { a.Cloud = "" }, "cloud"},
		{"a cloud that cannot say a machine is off", func(a *fencing.NodeFencingArgs) { a.Cloud = "local" }, "cloud"},
		{"bad duration", func(a *fencing.NodeFencingArgs) { a.NotReadyFor = "ten" }, "notReadyFor"},
		{"too long", func(a *fencing.NodeFencingArgs) { a.NotReadyFor = "1h" }, "notReadyFor"},
		{"bad selector", func(a *fencing.NodeFencingArgs) { a.NodeSelector = "a in (" }, "nodeSelector"},
		{"bad namespace", func(a *fencing.NodeFencingArgs) { a.Namespace = "Kube_System" }, "namespace"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := valid()
			tt.change(&a)
			err := a.Validate()
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("got %v, want %q", err, tt.wantErr)
			}
			// The constructor refuses the same args before it registers anything.
			rec, rerr := offline.Record(func(ctx *pulumi.Context) error {
				_, err := fencing.NewNodeFencing(ctx, "fencing", &a)
				return err
			})
			if (rerr != nil) != (err != nil) {
				t.Errorf("constructor: %v, Validate: %v", rerr, err)
			}
			if err != nil && rec != nil && len(rec.ByType("kubernetes:apps/v1:Deployment")) > 0 {
				t.Error("a Deployment was registered with bad args")
			}
		})
	}
}
