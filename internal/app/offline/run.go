package offline

import (
	"fmt"
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"

	"github.com/zonestack/zonestack/internal/app/stackconfig"
)

// Output is one stack output after the program ran.
type Output struct {
	Value  any
	Known  bool
	Secret bool
}

// Result is everything one offline run produced.
type Result struct {
	Stack    string
	Recorder *Recorder
	Outputs  map[string]Output
	// Warnings are what the program could not check and told the engine.
	Warnings []string
	// Zones are the stack's zones, in order.
	Zones []string
	// Config is the stack's config as the run parsed it (nil for a run of another program): the
	// tools read it from here rather than parse the stack file again.
	Config *stackconfig.Config
}

// OutputNames returns the names of the stack outputs in order.
func (r *Result) OutputNames() []string {
	names := make([]string, 0, len(r.Outputs))
	for k := range r.Outputs {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// Run runs program for stack with the stack's raw configuration (as the engine would pass it),
// under a new Recorder made with opts, and resolves every exported output.
func Run(stack string, raw stackconfig.Raw, program pulumi.RunFunc, opts ...Option) (*Result, error) {
	rec := NewRecorder(stackconfig.Project, stack, opts...)
	res := &Result{Stack: stack, Recorder: rec, Outputs: map[string]Output{}}
	withConfig := func(info *pulumi.RunInfo) {
		info.Config = raw.Values
		info.ConfigSecretKeys = raw.Secrets
		// An offline run is a preview, as `pulumi preview` and the preview step of `pulumi up`
		// are: what the program refuses only when it really creates (ctx.DryRun false) it
		// reports and goes on.
		info.DryRun = true
	}
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		if err := program(ctx); err != nil {
			return err
		}
		for name, in := range ctx.GetCurrentExportMap() {
			got, err := internals.UnsafeAwaitOutput(ctx.Context(), pulumi.ToOutput(in))
			if err != nil {
				return fmt.Errorf("output %s: %w", name, err)
			}
			res.Outputs[name] = Output{Value: got.Value, Known: got.Known, Secret: got.Secret}
		}
		return nil
	}, pulumi.WithMocks(stackconfig.Project, stack, rec), withConfig)
	if err != nil {
		return nil, unwrapSingle(err)
	}
	return res, nil
}

// unwrapSingle returns the one error inside the SDK's multi-error wrapper, so that a program's
// own message reaches the user as it was written.
func unwrapSingle(err error) error {
	if m, ok := err.(interface{ WrappedErrors() []error }); ok && len(m.WrappedErrors()) == 1 {
		return m.WrappedErrors()[0]
	}
	return err
}

// Record runs body under a new Recorder for project zonestack, stack "test": the shared
// recording mock for unit tests. Assert on the returned Recorder after it returns.
func Record(body pulumi.RunFunc, opts ...Option) (*Recorder, error) {
	rec := NewRecorder(stackconfig.Project, "test", opts...)
	err := pulumi.RunErr(body, pulumi.WithMocks(stackconfig.Project, "test", rec))
	return rec, err
}

// Await blocks until o resolves, inside a running program, and returns its value and whether it
// is secret. Tests call it in the program body and assert on the results after RunErr returns, so
// that no assertion hides inside an ApplyT that might never run.
func Await(ctx *pulumi.Context, o pulumi.Output) (Output, error) {
	got, err := internals.UnsafeAwaitOutput(ctx.Context(), o)
	return Output{Value: got.Value, Known: got.Known, Secret: got.Secret}, err
}
