package engine

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/blang/semver"
	sdk "github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
)

// cli is the Automation API's handle on our Pulumi CLI (auto.PulumiCommand). It stands in for
// auto.NewPulumiCommand because that one runs `pulumi version` in this process's environment,
// and every CLI run writes a log file under $PULUMI_HOME/logs: that first run would create the
// user's ~/.pulumi. Here every run, that one included, gets the stack's environment (its
// PULUMI_HOME among it). Otherwise it runs the CLI as auto's own does: --non-interactive,
// PULUMI_AUTOMATION_API=true, an interrupt on cancellation, then a kill 10 s later.
type cli struct {
	path    string
	env     []string // the stack's variables, after this process's own (the last value wins)
	version semver.Version
}

var _ auto.PulumiCommand = (*cli)(nil)

// newCLI checks that the CLI at path is of the SDK's own version: the two are released together,
// and the Automation API's calls (flags, event formats) are those of its release.
// scripts/build-local-cluster builds it so.
func newCLI(ctx context.Context, path string, env map[string]string) (*cli, error) {
	c := &cli{path: path}
	for k, v := range env {
		c.env = append(c.env, k+"="+v)
	}
	slices.Sort(c.env)
	out, _, _, err := c.Run(ctx, filepath.Dir(path), nil, nil, nil, nil, "version")
	if err != nil {
		return nil, fmt.Errorf("engine: %s version: %w", path, err)
	}
	v, err := semver.ParseTolerant(strings.TrimSpace(out))
	if err != nil {
		return nil, fmt.Errorf("engine: %s version printed %q: %w", path, strings.TrimSpace(out), err)
	}
	if !v.EQ(sdk.Version) {
		return nil, fmt.Errorf("engine: the Pulumi CLI %s is %s, the SDK in go.mod is %s; rebuild it with: scripts/build-local-cluster pulumi",
			path, v, sdk.Version)
	}
	c.version = v
	return c, nil
}

func (c *cli) Version() semver.Version { return c.version }

func (c *cli) Run(ctx context.Context, workdir string, stdin io.Reader,
	additionalOutput, additionalErrorOutput []io.Writer, additionalEnv []string, args ...string,
) (string, string, int, error) {
	// Commands fail rather than prompt (and hang) when they would need input. Arguments after
	// "--" are the program's, not the CLI's.
	flags := args
	if i := slices.Index(args, "--"); i >= 0 {
		flags = args[:i]
	}
	if !slices.Contains(flags, "--non-interactive") {
		args = append([]string{"--non-interactive"}, args...)
	}
	cmd := exec.CommandContext(ctx, c.path, args...)
	cmd.Dir = workdir
	cmd.Env = append(append(append(os.Environ(), c.env...), additionalEnv...), "PULUMI_AUTOMATION_API=true")
	var stdout, stderr bytes.Buffer
	cmd.Stdout = io.MultiWriter(append(additionalOutput, &stdout)...)
	cmd.Stderr = io.MultiWriter(append(additionalErrorOutput, &stderr)...)
	cmd.Stdin = stdin
	// An interrupt lets the engine stop cleanly (release the lock, write the checkpoint).
	cmd.Cancel = func() error {
		if err := cmd.Process.Signal(os.Interrupt); err != nil {
			return cmd.Process.Kill()
		}
		return nil
	}
	cmd.WaitDelay = 10 * time.Second
	err := cmd.Run()
	code := -2 // auto's code for "did not exit"
	if err == nil {
		code = 0
	} else if exit, ok := err.(*exec.ExitError); ok {
		code = exit.ExitCode()
	}
	return stdout.String(), stderr.String(), code, err
}
