package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optrefresh"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/internal/app/localcluster"
)

// LocalPassphrase encrypts a stack's secrets when PULUMI_CONFIG_PASSPHRASE is not set. It is
// public on purpose (see the package documentation): the state is a local cluster's, never a
// cloud's.
const LocalPassphrase = "zonestack-local-cluster-state-not-a-secret"

// ConfigValue is one stack config value; Secret ones are encrypted in Pulumi.<stack>.yaml and
// reach the program as secrets.
type ConfigValue struct {
	Value  string
	Secret bool
}

// Options say which program runs as which stack, and where its state lives.
type Options struct {
	// Project and Stack name the stack; the project name is also the config namespace of keys
	// given without one.
	Project, Stack string
	// Program is the Pulumi program, run in this process for every operation that runs it.
	Program pulumi.RunFunc
	// Dir holds the stack's backend, PULUMI_HOME and workspace (see the package documentation).
	// Empty: DefaultDir(Project, Stack).
	Dir string
	// BinDir holds pulumi and pulumi-resource-kubernetes. Empty: where
	// scripts/build-local-cluster puts them (localcluster.DefaultBinDir).
	BinDir string
	// Config is set on the stack by Open (other keys stay): keys as `pulumi config set` takes them
	// ("key" in the project's namespace, or "namespace:key").
	Config map[string]ConfigValue
	// Progress receives the engine's progress output (what `pulumi up` prints) as it comes;
	// nil discards it. Errors are also in the returned error.
	Progress io.Writer
}

// Stack is a stack opened by Open, ready for Up, Preview, Refresh and Destroy.
type Stack struct {
	stack    auto.Stack
	progress io.Writer
	dir      string
}

// Summary is the engine's account of one operation.
type Summary struct {
	// Changes counts the resources by operation, as the engine reports them: "create", "update",
	// "delete", "replace", "same", ... (the stack resource and the providers included).
	Changes map[string]int
	// Result is the engine's result ("succeeded"); empty for a preview.
	Result string
	// Outputs are the stack outputs after the operation (nil for a preview and a refresh).
	Outputs auto.OutputMap
}

// String is the changes in a stable order, e.g. "create=4" or "same=4".
func (s Summary) String() string {
	keys := make([]string, 0, len(s.Changes))
	for k := range s.Changes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%d", k, s.Changes[k])
	}
	return strings.Join(parts, " ")
}

// DefaultDir is a stack's state directory when Options.Dir is empty:
// $XDG_CACHE_HOME/zonestack/engine/<project>-<stack> (~/.cache/... by default), beside the local
// cluster's binaries, because the state describes a local cluster that lives on this machine.
func DefaultDir(project, stack string) string {
	cache := os.Getenv("XDG_CACHE_HOME")
	if cache == "" {
		home, _ := os.UserHomeDir()
		cache = filepath.Join(home, ".cache")
	}
	return filepath.Join(cache, "zonestack", "engine", project+"-"+stack)
}

// Open creates the stack (or selects it when its state exists), installs the kubernetes plugin
// into the stack's PULUMI_HOME and sets its config.
func Open(ctx context.Context, opts Options) (*Stack, error) {
	if opts.Project == "" || opts.Stack == "" || opts.Program == nil {
		return nil, errors.New("engine: Project, Stack and Program are required")
	}
	if opts.Dir == "" {
		opts.Dir = DefaultDir(opts.Project, opts.Stack)
	}
	if opts.BinDir == "" {
		opts.BinDir = localcluster.DefaultBinDir()
	}
	if opts.Progress == nil {
		opts.Progress = io.Discard
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, err
	}
	bin, err := binaries(opts.BinDir)
	if err != nil {
		return nil, err
	}
	backend, home, work := filepath.Join(dir, "backend"), filepath.Join(dir, "home"), filepath.Join(dir, "work")
	for _, d := range []string{backend, home, work} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, err
		}
	}
	// The workspace's variables come after this process's own in the CLI's environment, so
	// they win over a user's PULUMI_* settings.
	env := map[string]string{
		"PULUMI_BACKEND_URL": "file://" + filepath.ToSlash(backend),
		// Set always, so the CLI never reads a user's PULUMI_CONFIG_PASSPHRASE_FILE (it looks at
		// the file only when this variable is unset) and never prompts.
		"PULUMI_CONFIG_PASSPHRASE": passphrase(),
		// No downloads: this machine has no way to the plugin servers, and a plugin of another
		// version than the one installed here is a mistake to report, not to fetch.
		"PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
		// Plugins come from PULUMI_HOME only, never from a pulumi-resource-* binary found on PATH
		// (the bin directory, a user's own Pulumi installation).
		"PULUMI_IGNORE_AMBIENT_PLUGINS": "true",
		"PULUMI_SKIP_UPDATE_CHECK":      "true",
		"PULUMI_SKIP_CONFIRMATIONS":     "true",
	}
	cmd, err := newCLI(ctx, bin.pulumi, withHome(env, home))
	if err != nil {
		return nil, err
	}
	project := workspace.Project{
		Name:    tokens.PackageName(opts.Project),
		Runtime: workspace.NewProjectRuntimeInfo("go", nil),
		Backend: &workspace.ProjectBackend{URL: env["PULUMI_BACKEND_URL"]},
	}
	stack, err := auto.UpsertStackInlineSource(ctx, opts.Stack, opts.Project, opts.Program,
		auto.WorkDir(work),
		auto.PulumiHome(home),
		auto.Pulumi(cmd),
		auto.Project(project),
		auto.SecretsProvider("passphrase"),
		auto.EnvVars(env),
	)
	if err != nil {
		return nil, fmt.Errorf("engine: stack %s: %w", opts.Stack, err)
	}
	s := &Stack{stack: stack, progress: opts.Progress, dir: dir}
	if err := s.installKubernetesPlugin(ctx, bin.kubernetes, home); err != nil {
		return nil, err
	}
	if len(opts.Config) > 0 {
		cfg := auto.ConfigMap{}
		for k, v := range opts.Config {
			cfg[k] = auto.ConfigValue{Value: v.Value, Secret: v.Secret}
		}
		if err := stack.SetAllConfig(ctx, cfg); err != nil {
			return nil, fmt.Errorf("engine: config of stack %s: %w", opts.Stack, err)
		}
	}
	return s, nil
}

// Dir is the stack's state directory.
func (s *Stack) Dir() string { return s.dir }

// Auto is the Automation API's stack, for what this package does not wrap (Export, Outputs, ...).
func (s *Stack) Auto() *auto.Stack { return &s.stack }

// Up runs the program and applies its changes.
func (s *Stack) Up(ctx context.Context) (Summary, error) {
	res, err := s.stack.Up(ctx, optup.ProgressStreams(s.progress), optup.ErrorProgressStreams(s.progress))
	if err != nil {
		return Summary{}, fmt.Errorf("engine: up %s: %w", s.stack.Name(), err)
	}
	return summary(res.Summary, res.Outputs), nil
}

// Preview runs the program and reports what Up would change, changing nothing.
func (s *Stack) Preview(ctx context.Context) (Summary, error) {
	res, err := s.stack.Preview(ctx, optpreview.ProgressStreams(s.progress), optpreview.ErrorProgressStreams(s.progress))
	if err != nil {
		return Summary{}, fmt.Errorf("engine: preview %s: %w", s.stack.Name(), err)
	}
	changes := map[string]int{}
	for op, n := range res.ChangeSummary {
		changes[string(op)] = n
	}
	return Summary{Changes: changes}, nil
}

// Resources is how many resources the stack's state holds (the stack itself included); 0 for a
// stack never updated.
func (s *Stack) Resources(ctx context.Context) (int, error) {
	info, err := s.stack.Info(ctx)
	if err != nil {
		return 0, fmt.Errorf("engine: %s: %w", s.stack.Name(), err)
	}
	if info.ResourceCount == nil {
		return 0, nil
	}
	return *info.ResourceCount, nil
}

// Refresh reads every resource of the state back from its provider and records what it found.
// It runs the program (`pulumi refresh --run-program`), so that the providers read with the
// program's settings, not the state's: the kubeconfig of a local cluster started again, not of
// the one that is gone.
func (s *Stack) Refresh(ctx context.Context) (Summary, error) {
	res, err := s.stack.Refresh(ctx, optrefresh.RunProgram(true), optrefresh.ProgressStreams(s.progress), optrefresh.ErrorProgressStreams(s.progress))
	if err != nil {
		return Summary{}, fmt.Errorf("engine: refresh %s: %w", s.stack.Name(), err)
	}
	return summary(res.Summary, nil), nil
}

// Destroy deletes every resource of the stack. The stack itself (its config, its history) stays.
func (s *Stack) Destroy(ctx context.Context) (Summary, error) {
	res, err := s.stack.Destroy(ctx, optdestroy.ProgressStreams(s.progress), optdestroy.ErrorProgressStreams(s.progress))
	if err != nil {
		return Summary{}, fmt.Errorf("engine: destroy %s: %w", s.stack.Name(), err)
	}
	return summary(res.Summary, nil), nil
}

func summary(u auto.UpdateSummary, outputs auto.OutputMap) Summary {
	changes := map[string]int{}
	if u.ResourceChanges != nil {
		for op, n := range *u.ResourceChanges {
			changes[op] = n
		}
	}
	return Summary{Changes: changes, Result: u.Result, Outputs: outputs}
}

// withHome is env with PULUMI_HOME: what every CLI run of the stack gets.
func withHome(env map[string]string, home string) map[string]string {
	out := map[string]string{"PULUMI_HOME": home}
	for k, v := range env {
		out[k] = v
	}
	return out
}

// passphrase is the secrets provider's passphrase: the user's when given, else LocalPassphrase.
func passphrase() string {
	if p, ok := os.LookupEnv("PULUMI_CONFIG_PASSPHRASE"); ok {
		return p
	}
	return LocalPassphrase
}

type bins struct{ pulumi, kubernetes string }

// binaries finds the CLI and the provider in dir, or says how to build them.
func binaries(dir string) (bins, error) {
	b := bins{pulumi: filepath.Join(dir, "pulumi"), kubernetes: filepath.Join(dir, "pulumi-resource-kubernetes")}
	for _, p := range []string{b.pulumi, b.kubernetes} {
		if _, err := os.Stat(p); err != nil {
			return b, fmt.Errorf("engine: %s is missing; build it with: scripts/build-local-cluster pulumi pulumi-resource-kubernetes", p)
		}
	}
	return b, nil
}
