package program

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/internal/app/stackconfig"
)

// Run validates cfg, builds the stack and exports its outputs. It is the whole program body.
func Run(ctx *pulumi.Context, cfg *stackconfig.Config) error {
	_, err := run(ctx, cfg, live)
	return err
}

// runMode says how a run reaches what is outside the engine.
type runMode struct {
	// liveShards reads a federation's shards from the members' API servers (a real run); without
	// it the shards are the shard resources' outputs (an offline run, whose clusters are mocks).
	liveShards bool
	// kubernetesVersion pins the kubernetes provider plugin of a global stack's members; empty
	// for the SDK's own (the plugin a real run installs).
	kubernetesVersion string
}

// live is a real run's mode.
var live = runMode{liveShards: true}

// run is Run that also returns the warnings, which the engine shows and the offline plan lists.
func run(ctx *pulumi.Context, cfg *stackconfig.Config, mode runMode) ([]string, error) {
	outputs, warnings, err := build(ctx, cfg, mode)
	if err != nil {
		return nil, err
	}
	for name, v := range outputs {
		ctx.Export(name, v)
	}
	return warnings, nil
}

// Build registers the stack's resources and returns the outputs to export.
func Build(ctx *pulumi.Context, cfg *stackconfig.Config) (map[string]pulumi.Input, error) {
	out, _, err := build(ctx, cfg, live)
	return out, err
}

// build assembles the stack, then registers it: nothing is registered when the stack has a problem.
func build(ctx *pulumi.Context, cfg *stackconfig.Config, mode runMode) (map[string]pulumi.Input, []string, error) {
	a, err := Assemble(cfg)
	if err != nil {
		return nil, nil, err
	}
	for _, w := range a.Warnings {
		_ = ctx.Log.Warn(w, nil)
	}
	out := map[string]pulumi.Input{
		"cloud":  pulumi.String(cfg.Cloud),
		"region": pulumi.String(cfg.Region),
		"zones":  pulumi.ToStringArray(cfg.Zones),
	}
	switch cfg.Cloud {
	case stackconfig.CloudLocal:
		err = registerLocal(ctx, a, out, nil)
	case stackconfig.CloudGCP:
		err = registerGCP(ctx, a, out)
	case stackconfig.CloudGlobal:
		delete(out, "region")
		delete(out, "zones")
		err = registerGlobal(ctx, cfg, out, mode)
	default:
		err = registerAlicloud(ctx, a, out)
	}
	return out, a.Warnings, err
}

// hasKubernetes says whether the stack has a cluster to put objects in.
func hasKubernetes(cfg *stackconfig.Config) bool {
	return cfg.Cluster != nil || cfg.SelfManaged != nil || cfg.Cloud == stackconfig.CloudLocal
}
