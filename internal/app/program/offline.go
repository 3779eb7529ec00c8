package program

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/internal/app/offline"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
)

// Offline runs the program for stacks/Pulumi.<stack>.yaml under dir with no cloud account, the
// way `zonestack plan` does, and returns what it registered and exported. The config is parsed
// inside the run, as `pulumi up` does, so a config error registers nothing.
func Offline(dir, stack string) (*offline.Result, error) {
	raw, err := stackconfig.ReadStackFile(stackconfig.StackFile(dir, stack))
	if err != nil {
		return nil, err
	}
	res, err := OfflineRaw(stack, raw)
	if err != nil {
		return nil, fmt.Errorf("stack %s: %w", stack, err)
	}
	return res, nil
}

// OfflineRaw is Offline for a config given as the engine gives it, under a recorder made with
// opts (offline.WithFixture: other answers of the cloud's functions). On an error it also returns
// what was registered before it, if anything was.
func OfflineRaw(stack string, raw stackconfig.Raw, opts ...offline.Option) (*offline.Result, error) {
	var warnings []string
	var cfg *stackconfig.Config
	res, err := offline.Run(stack, raw, func(ctx *pulumi.Context) error {
		var err error
		if cfg, err = stackconfig.Parse(stack, raw); err != nil {
			return err
		}
		warnings, err = run(ctx, cfg, runMode{})
		return err
	}, opts...)
	if err != nil {
		return res, err
	}
	res.Warnings, res.Zones, res.Config = warnings, cfg.Zones, cfg
	return res, nil
}
