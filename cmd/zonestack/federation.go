package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/federation"
	"github.com/zonestack/zonestack/internal/app/program"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
	"github.com/zonestack/zonestack/internal/app/watch"
)

// DefaultUpGrace is --up-grace: an up of a global stack changes a few DNS records and takes well
// under a minute, so a watcher told to stop (a rolling update, a drained node) lets it finish
// rather than cancel it, which on a self-managed backend can leave the stack locked. The sample
// Deployment's terminationGracePeriodSeconds (120) is above it plus the CLI's 10 s to stop.
const DefaultUpGrace = 90 * time.Second

// federationCmd runs `zonestack federation watch`.
func federationCmd(args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "watch" {
		return usageError{errors.New("federation takes watch")}
	}
	opts, err := parseWatch(args[1:])
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	return opts.run(ctx, stdout)
}

// watchOptions are `federation watch`'s flags.
type watchOptions struct {
	stack, stacks           string
	interval, maxBackoff    time.Duration
	upGrace                 time.Duration
	lease, leaseKubeconfig  string
	leaseNamespace, leaseID string
}

func parseWatch(args []string) (*watchOptions, error) {
	fs := flag.NewFlagSet("federation watch", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	o := &watchOptions{}
	fs.StringVar(&o.stacks, "stacks", "", "the stack config directory (default: stacks/ of the project)")
	fs.DurationVar(&o.interval, "interval", watch.DefaultInterval, "time between two checks")
	fs.DurationVar(&o.maxBackoff, "max-backoff", watch.DefaultMaxBackoff, "the longest wait after repeated errors")
	fs.DurationVar(&o.upGrace, "up-grace", DefaultUpGrace, "how long an up in flight may finish once the watcher is told to stop")
	fs.StringVar(&o.lease, "lease", "", "NAMESPACE/NAME of a Lease to elect a leader with")
	fs.StringVar(&o.leaseKubeconfig, "lease-kubeconfig", "", "kubeconfig of the Lease's cluster (default: the pod's own)")
	positional, err := parseInterleaved(fs, args)
	if err != nil {
		return nil, usageError{err}
	}
	if len(positional) != 1 {
		return nil, usageError{fmt.Errorf("federation watch takes one global stack, got %v", positional)}
	}
	o.stack = positional[0]
	if o.interval <= 0 || o.maxBackoff <= 0 || o.upGrace < 0 {
		return nil, usageError{fmt.Errorf("--interval and --max-backoff must be positive and --up-grace not negative, got %s, %s and %s",
			o.interval, o.maxBackoff, o.upGrace)}
	}
	if o.lease == "" && o.leaseKubeconfig != "" {
		return nil, usageError{errors.New("--lease-kubeconfig needs --lease")}
	}
	if o.lease != "" {
		if o.leaseNamespace, o.leaseID, err = watch.ParseLease(o.lease); err != nil {
			return nil, usageError{fmt.Errorf("--lease: %w", err)}
		}
	}
	return o, nil
}

// run watches the stack in the user's environment: their backend (PULUMI_BACKEND_URL, or the
// one they are logged in to) and their secrets provider (PULUMI_CONFIG_PASSPHRASE, or the
// stack's cloud KMS), with the plugins installed in their PULUMI_HOME.
func (o *watchOptions) run(ctx context.Context, stdout io.Writer) error {
	if o.stacks == "" {
		dir, err := stacksDir()
		if err != nil {
			return err
		}
		o.stacks = dir
	}
	project := filepath.Dir(o.stacks)
	if _, err := os.Stat(filepath.Join(project, "Pulumi.yaml")); err != nil {
		return fmt.Errorf("--stacks %s: no Pulumi.yaml in %s; the watcher runs the project that holds the stack directory", o.stacks, project)
	}
	// The stack file, read without decrypting, decides before any backend is asked.
	cfg, _, err := stackconfig.Load(o.stacks, o.stack)
	if err != nil {
		return err
	}
	if err := checkGlobal(cfg); err != nil {
		return err
	}
	// The program's config: what the engine's config holds, reread (decrypted) at every check.
	var current atomic.Pointer[stackconfig.Config]
	current.Store(cfg)
	run := func(pctx *pulumi.Context) error { return program.Run(pctx, current.Load()) }
	stack, err := auto.SelectStackInlineSource(ctx, o.stack, stackconfig.Project, run, auto.WorkDir(project))
	if err != nil {
		if auto.IsSelectStack404Error(err) {
			return fmt.Errorf("stack %s is not in the backend: run `pulumi up --stack %s` once first, the watcher only keeps it up to date", o.stack, o.stack)
		}
		return fmt.Errorf("stack %s: %w", o.stack, err)
	}
	src := &watch.StackSource{
		Stack:    &stack,
		Progress: stdout,
		Spec: func(ctx context.Context) (*federation.FederationSpec, error) {
			cfg, err := engineConfig(ctx, &stack)
			if err != nil {
				return nil, err
			}
			current.Store(cfg)
			return cfg.Federation, nil
		},
	}
	opts := watch.Options{Funcs: src.Funcs(), Interval: o.interval, MaxBackoff: o.maxBackoff, UpGrace: o.upGrace, Log: stdout, Name: o.stack}
	if opts.Lock, err = o.lock(project, stdout); err != nil {
		return err
	}
	return watch.Run(ctx, opts)
}

// lock is the Lease of --lease, or else a file lock in the project's .cache directory: watchers
// of one stack on one machine exclude each other, on several they need the Lease.
func (o *watchOptions) lock(project string, log io.Writer) (watch.Lock, error) {
	if o.lease == "" {
		return watch.FileLock{Path: filepath.Join(project, ".cache", "federation-watch-"+o.stack+".lock"), Log: log}, nil
	}
	client, err := watch.LeaseClient(o.leaseKubeconfig)
	if err != nil {
		return nil, fmt.Errorf("--lease %s: %w", o.lease, err)
	}
	return watch.LeaseLock{Client: client, Namespace: o.leaseNamespace, Name: o.leaseID, Log: log}, nil
}

// checkGlobal refuses a stack that federates nothing.
func checkGlobal(cfg *stackconfig.Config) error {
	if cfg.Cloud != stackconfig.CloudGlobal || cfg.Federation == nil {
		return fmt.Errorf("stack %s is not a global stack (zonestack:cloud is %q, not %q): federation watch keeps a global stack's records on its members' health",
			cfg.Stack(), cfg.Cloud, stackconfig.CloudGlobal)
	}
	return nil
}

// engineConfig is the stack's config as the engine gives it to the program, secrets decrypted:
// the Automation API's inline programs get it in the run request, not in the environment that
// stackconfig.FromEngine reads.
func engineConfig(ctx context.Context, stack *auto.Stack) (*stackconfig.Config, error) {
	all, err := stack.GetAllConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("config of stack %s: %w", stack.Name(), err)
	}
	raw := stackconfig.Raw{Values: map[string]string{}}
	for k, v := range all {
		raw.Values[k] = v.Value
		if v.Secret {
			raw.Secrets = append(raw.Secrets, k)
		}
	}
	cfg, err := stackconfig.Parse(stack.Name(), raw)
	if err != nil {
		return nil, err
	}
	if err := checkGlobal(cfg); err != nil {
		return nil, err
	}
	return cfg, nil
}
