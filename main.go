// Command zonestack is the Pulumi program of the zonestack project: `pulumi up` on a stack in
// stacks/ builds what that stack's config asks for. The offline tools are in cmd/zonestack.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/internal/app/program"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg, err := stackconfig.FromEngine(ctx.Stack())
		if err != nil {
			return err
		}
		return program.Run(ctx, cfg)
	})
}
