package policy_test

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/zonestack/zonestack/internal/offline"
	"github.com/zonestack/zonestack/internal/policy"
	"github.com/zonestack/zonestack/internal/program"
	"github.com/zonestack/zonestack/internal/stackconfig"
)

const stacks = "../../stacks"

func load(t *testing.T, stack string) (*stackconfig.Config, *offline.Result) {
	t.Helper()
	cfg, _, err := stackconfig.Load(stacks, stack)
	if err != nil {
		t.Fatal(err)
	}
	res, err := program.Offline(stacks, stack)
	if err != nil {
		t.Fatal(err)
	}
	return cfg, res
}

func TestEveryStackPassesEveryCheck(t *testing.T) {
	for _, s := range []string{"dev", "prod", "local"} {
		cfg, res := load(t, s)
		for _, f := range policy.Run(cfg, res) {
			if f.Severity == policy.Error {
				t.Errorf("%s: %s", s, f)
			}
		}
	}
}

// inputs returns the inputs of the first registration of a type, to break.
func inputs(t *testing.T, res *offline.Result, typ string) resource.PropertyMap {
	t.Helper()
	regs := res.Recorder.ByType(typ)
	if len(regs) == 0 {
		t.Fatalf("no %s", typ)
	}
	return regs[0].Inputs
}

// Each check, with a stack that breaks it.
func TestEachCheckCatchesAStackThatBreaksIt(t *testing.T) {
	tests := []struct {
		check, stack string
		breakIt      func(t *testing.T, cfg *stackconfig.Config, res *offline.Result)
		want         string
	}{
		{"ha-zones", "dev", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
			for _, sw := range res.Recorder.ByType("alicloud:vpc/switch:Switch") {
				sw.Inputs["zoneId"] = resource.NewProperty("cn-beijing-h")
			}
		}, "the vSwitches span 1 zones"},
		{"stateful-pools", "dev", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
			inputs(t, res, "alicloud:cs/nodePool:NodePool")["taints"] = resource.NewProperty([]resource.PropertyValue{})
		}, "the pool has no NoSchedule taint"},
		{"stateful-pools", "dev", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
			d := inputs(t, res, "kubernetes:apps/v1:Deployment")
			d["spec"].ObjectValue()["template"].ObjectValue()["spec"].ObjectValue()["tolerations"] = resource.NewProperty([]resource.PropertyValue{})
		}, "the placeholder selects and tolerates 0 pools"},
		{"placeholder-priority", "dev", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
			inputs(t, res, "kubernetes:scheduling.k8s.io/v1:PriorityClass")["value"] = resource.NewProperty(-10.0)
		}, "priority -10 is outside (-10, 0)"},
		{"zonal-disks", "dev", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
			inputs(t, res, "kubernetes:storage.k8s.io/v1:StorageClass")["volumeBindingMode"] = resource.NewProperty("Immediate")
		}, `binds "Immediate"`},
		{"zonal-disks", "dev", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
			inputs(t, res, "kubernetes:storage.k8s.io/v1:StorageClass")["reclaimPolicy"] = resource.NewProperty("Delete")
		}, `reclaims "Delete"`},
		{"encryption", "dev", func(t *testing.T, cfg *stackconfig.Config, _ *offline.Result) {
			cfg.Production = true // dev's disks are not encrypted
		}, "the nodes' system disks are not encrypted"},
		{"encryption", "prod", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
			inputs(t, res, "alicloud:nas/fileSystem:FileSystem")["encryptType"] = resource.NewProperty(0.0)
		}, "the file system is not encrypted"},
		{"private-endpoint", "dev", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
			inputs(t, res, "alicloud:cs/managedKubernetes:ManagedKubernetes")["slbInternetEnabled"] = resource.NewProperty(true)
		}, "a public endpoint the stack did not ask for"},
		{"plaintext-secrets", "dev", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
			inputs(t, res, "pulumi:providers:kubernetes")["kubeconfig"] = resource.NewProperty("apiVersion: v1")
		}, "input kubeconfig is not a secret"},
		{"plaintext-secrets", "dev", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
			o := res.Outputs["kubeconfig"]
			o.Secret = false
			res.Outputs["kubeconfig"] = o
		}, "kubeconfig: the output is not a secret"},
		{"deletion-protection", "prod", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
			inputs(t, res, "alicloud:cs/managedKubernetes:ManagedKubernetes")["deletionProtection"] = resource.NewProperty(false)
		}, "the cluster has no deletion protection"},
		{"protect-stateful", "dev", func(t *testing.T, cfg *stackconfig.Config, _ *offline.Result) {
			cfg.Production = true // dev's cluster is not protected
		}, "is not protected"},
	}
	for _, tt := range tests {
		t.Run(tt.check+"/"+tt.want, func(t *testing.T) {
			cfg, res := load(t, tt.stack)
			tt.breakIt(t, cfg, res)
			for _, f := range policy.Errors(policy.Run(cfg, res)) {
				if f.Check == tt.check && strings.Contains(f.String(), tt.want) {
					return
				}
			}
			t.Fatalf("no %s error containing %q in %v", tt.check, tt.want, policy.Run(cfg, res))
		})
	}
}

func TestPublicEndpointAskedForIsAWarning(t *testing.T) {
	cfg, res := load(t, "dev")
	cfg.Cluster.PublicEndpoint = true
	inputs(t, res, "alicloud:cs/managedKubernetes:ManagedKubernetes")["slbInternetEnabled"] = resource.NewProperty(true)
	fs := policy.Run(cfg, res)
	if len(policy.Errors(fs)) != 0 {
		t.Fatalf("errors %v", policy.Errors(fs))
	}
	if len(fs) != 1 || fs[0].Severity != policy.Warning {
		t.Fatalf("findings %v", fs)
	}
}

func TestEveryCheckHasATest(t *testing.T) {
	// The table above names its checks; a new check without a breaking stack fails here.
	tested := map[string]bool{"ha-zones": true, "stateful-pools": true, "placeholder-priority": true, "zonal-disks": true,
		"encryption": true, "private-endpoint": true, "plaintext-secrets": true, "deletion-protection": true, "protect-stateful": true}
	for _, c := range policy.Checks {
		if !tested[c.Name] {
			t.Errorf("check %s has no test with a stack that breaks it", c.Name)
		}
	}
}
