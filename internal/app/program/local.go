package program

import (
	"fmt"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/internal/app/engine"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
)

// LocalContext is the kubeconfig context of a local stack's cluster: the one `zonestack local up`
// starts with kwokctl.
func LocalContext(stack string) string { return "kwok-" + LocalClusterName(stack) }

// LocalClusterName is the kwok cluster `zonestack local up` starts for a stack.
func LocalClusterName(stack string) string { return "zonestack-" + stack }

// RunLocal is the program `zonestack local up` runs under the engine: the stack's Kubernetes
// layer on the local cluster whose kubeconfig is given (a secret in the state), its pools planned
// (the local cluster's fake nodes stand for them), no cloud resource. For a local stack that is
// its whole program; for a cloud stack (dev), the objects it would apply to its cluster.
func RunLocal(ctx *pulumi.Context, cfg *stackconfig.Config, kubeconfig string) error {
	if !hasKubernetes(cfg) {
		return fmt.Errorf("stack %s has no cluster, so no Kubernetes layer to run locally", cfg.Stack())
	}
	a, err := Assemble(cfg)
	if err != nil {
		return err
	}
	out := map[string]pulumi.Input{"stack": pulumi.String(cfg.Stack()), "zones": pulumi.ToStringArray(cfg.Zones)}
	if err := registerLocal(ctx, a, out, &kubernetes.ProviderArgs{Kubeconfig: pulumi.ToSecret(pulumi.String(kubeconfig)).(pulumi.StringOutput)}); err != nil {
		return err
	}
	for name, v := range out {
		ctx.Export(name, v)
	}
	return nil
}

// registerLocal builds a stack's Kubernetes layer on a local cluster (kube says which: a local
// stack's program names its kubectl context), the pools planned. Its provider is the plugin the
// local tools build, pinned to its version (engine.KubernetesProvider).
func registerLocal(ctx *pulumi.Context, a *Assembly, out map[string]pulumi.Input, kube *kubernetes.ProviderArgs) error {
	stack := a.Config.Stack()
	if kube == nil {
		kube = &kubernetes.ProviderArgs{Context: pulumi.String(LocalContext(stack))}
	}
	// The local cluster is its name: a kubeconfig of another form, or the next start's
	// certificates, is an update of the provider, not a replacement of every object.
	kube.ClusterIdentifier = pulumi.String(LocalClusterName(stack))
	k8s, err := engine.KubernetesProvider(ctx, "local", kube)
	if err != nil {
		return err
	}
	return registerInCluster(ctx, a, pulumi.Provider(k8s), cloudParts{}, out)
}

// RunGlobalLocal is a global stack's program under the local tools' engine (internal/app/engine):
// the real program, live shard reads included, its members' providers pinned to the kubernetes
// plugin that engine installs, since the local members' objects go through it.
func RunGlobalLocal(ctx *pulumi.Context, cfg *stackconfig.Config) error {
	if cfg.Cloud != stackconfig.CloudGlobal {
		return fmt.Errorf("stack %s is not a global stack", cfg.Stack())
	}
	_, err := run(ctx, cfg, runMode{liveShards: true, kubernetesVersion: engine.KubernetesProviderVersion})
	return err
}
