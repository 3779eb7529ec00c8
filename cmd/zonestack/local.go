package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/internal/app/engine"
	"github.com/zonestack/zonestack/internal/app/localcluster"
	"github.com/zonestack/zonestack/internal/app/program"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
)

// localCmd runs `zonestack local up|preview|destroy|down|controller`.
func localCmd(args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return usageError{errors.New("local takes up, preview, destroy, down or controller")}
	}
	switch args[0] {
	case "up":
		return localUp(args[1:], stdout)
	case "preview":
		return localEngineOp(args[1:], stdout, "preview")
	case "destroy":
		return localEngineOp(args[1:], stdout, "destroy")
	case "down":
		return localDown(args[1:], stdout)
	case "controller":
		return localController(args[1:])
	}
	return usageError{fmt.Errorf("unknown local command %q", args[0])}
}

// localEnv is where a stack's local cluster lives.
type localEnv struct {
	root    string // the repository
	stack   string
	stacks  string // the directory of the stack files
	state   string // the engine's state directory; "" for engine.DefaultDir
	cluster localcluster.Cluster
}

// newLocalEnv is the environment of a parsed local command; state is its --state.
func newLocalEnv(f *stackFlags, state string) (*localEnv, error) {
	root, err := repoRoot()
	if err != nil {
		return nil, err
	}
	if *f.dir == "" {
		*f.dir = filepath.Join(root, "stacks")
	}
	return &localEnv{
		root:   root,
		stack:  f.stack,
		stacks: *f.dir,
		state:  state,
		cluster: localcluster.Cluster{
			Name:    program.LocalClusterName(f.stack),
			BinDir:  localcluster.DefaultBinDir(),
			Workdir: filepath.Join(root, ".cache", "localcluster", "kwok"),
		},
	}, nil
}

func (e *localEnv) pidFile() string {
	return filepath.Join(e.cluster.Workdir, "clusters", e.cluster.Name, "zonestack-controller.pid")
}

func localUp(args []string, stdout io.Writer) error {
	f := newStackFlags("local up")
	bootDelay := f.fs.Duration("boot-delay", localcluster.DefaultBootDelay, "how long the local autoscaler's new nodes take to appear")
	wait := f.fs.Duration("wait", 3*time.Minute, "how long to wait for the workloads to run")
	stateDir := stateFlag(f)
	if err := f.parse(args); err != nil {
		return err
	}
	e, err := newLocalEnv(f, *stateDir)
	if err != nil {
		return err
	}
	ctx := context.Background()
	cfg, _, err := stackconfig.Load(e.stacks, f.stack)
	if err != nil {
		return err
	}
	asm, err := program.Assemble(cfg)
	if err != nil {
		return err
	}
	// The system pools keep a fixed size (as on ACK): fake nodes, never the autoscaler's.
	pools, system := asm.Planned, asm.PlannedSystem

	fmt.Fprintf(stdout, "building the local control plane's binaries and the Pulumi CLI and kubernetes provider (cached after the first time, about 35 minutes cold)\n")
	start := time.Now()
	if e.cluster.BinDir, err = localcluster.BuildBinaries(ctx, e.root, os.Stderr); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "binaries ready in %s\n", time.Since(start).Round(time.Second))
	// A stack with an HPA needs resource metrics: metrics-server beside the control plane.
	e.cluster.MetricsServer = cfg.Workloads != nil && len(cfg.Workloads.ElasticServices) > 0
	created := !e.cluster.Exists()
	if created {
		took, err := e.cluster.Create(ctx, io.Discard)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "local cluster %s started in %s (kubectl context %s)\n", e.cluster.Name, took.Round(100*time.Millisecond), program.LocalContext(f.stack))
	} else {
		fmt.Fprintf(stdout, "local cluster %s is already up\n", e.cluster.Name)
	}
	client, err := localcluster.NewClient(e.cluster.OwnKubeconfig())
	if err != nil {
		return err
	}
	if err := client.InstallACKStandIns(ctx, 30*time.Second); err != nil {
		return err
	}
	virtual := 0
	if cfg.VirtualNodes != nil {
		// ack-virtual-node's virtual nodes, one per zone, for the pods sent to ECI; before any
		// pod, so that none waits for them (nor makes the autoscaler add an ECS node meanwhile).
		if err := client.CreateVirtualNodes(ctx, cfg.Zones); err != nil {
			return err
		}
		virtual = len(cfg.Zones)
	}
	if err := client.InstallSystemWorkloads(ctx); err != nil {
		return err
	}
	for _, p := range append(slices.Clone(pools), system...) {
		for i := 0; i < max(1, p.MinSize); i++ {
			_, err := client.Kube.CoreV1().Nodes().Create(ctx, localcluster.Node(p, i), metav1.CreateOptions{})
			if err != nil && !apierrors.IsAlreadyExists(err) {
				return err
			}
		}
	}
	if err := e.startController(*bootDelay); err != nil {
		return err
	}
	st, err := e.engineStack(ctx, cfg, stdout)
	if err != nil {
		return err
	}
	if n, err := st.Resources(ctx); err != nil {
		return err
	} else if created && n > 0 {
		// A state left by a cluster that is gone (stopped without local down) lists objects
		// this new cluster lacks: read them back first, so that up creates them again.
		fmt.Fprintf(stdout, "the state lists %d resources of a cluster that is gone: refreshing it\n", n)
		if _, err := st.Refresh(ctx); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "pulumi up of stack %s's Kubernetes layer through the engine (state in %s)\n", f.stack, st.Dir())
	start = time.Now()
	sum, err := st.Up(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "pulumi up: %s in %s, on %d fake nodes mirroring %d pools", sum, time.Since(start).Round(100*time.Millisecond), countNodes(ctx, client)-virtual, len(pools)+len(system))
	if virtual > 0 {
		fmt.Fprintf(stdout, " and %d virtual nodes", virtual)
	}
	fmt.Fprintln(stdout)
	if err := waitSettled(ctx, client, *wait); err != nil {
		fmt.Fprintf(stdout, "warning: %v\n", err)
	}
	// As on ACK: a cluster whose pools leave CoreDNS no node is broken, whatever ran of ours.
	if err := client.WaitSystemWorkloads(ctx, 30*time.Second); err != nil {
		return err
	}
	rows, err := localcluster.PodsByZone(ctx, client.Kube)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout)
	localcluster.WriteTable(stdout, rows)
	fmt.Fprintln(stdout)
	localcluster.WriteCounts(stdout, rows)
	fmt.Fprintf(stdout, "\nstop it with: go run ./cmd/zonestack local down %s\n", f.stack)
	return nil
}

// stateFlag is --state, the engine's state directory, of every local command that runs the engine.
func stateFlag(f *stackFlags) *string {
	return f.fs.String("state", "", "the engine's state directory (default "+engine.DefaultDir(stackconfig.Project, "STACK")+")")
}

// engineStack opens the engine's stack that holds stack's Kubernetes layer on the local cluster:
// the program is program.RunLocal with the cluster's kubeconfig, the state under e.state (default
// engine.DefaultDir), the engine's progress to progress.
func (e *localEnv) engineStack(ctx context.Context, cfg *stackconfig.Config, progress io.Writer) (*engine.Stack, error) {
	kubeconfig, err := e.cluster.FlatKubeconfig()
	if err != nil {
		return nil, fmt.Errorf("the local cluster's kubeconfig: %w", err)
	}
	return engine.Open(ctx, engine.Options{
		Project: stackconfig.Project, Stack: e.stack, Dir: e.state, BinDir: e.cluster.BinDir, Progress: progress,
		Program: func(pctx *pulumi.Context) error { return program.RunLocal(pctx, cfg, kubeconfig) },
	})
}

// localEngineOp runs `local preview` or `local destroy`: the engine on the stack's local state,
// the local cluster left as it is.
func localEngineOp(args []string, stdout io.Writer, op string) error {
	f := newStackFlags("local " + op)
	stateDir := stateFlag(f)
	if err := f.parse(args); err != nil {
		return err
	}
	e, err := newLocalEnv(f, *stateDir)
	if err != nil {
		return err
	}
	if !e.cluster.Exists() {
		return fmt.Errorf("no local cluster %s: start it with zonestack local up %s", e.cluster.Name, f.stack)
	}
	return e.engineOp(op, stdout)
}

// engineOp runs preview or destroy on the stack's local state.
func (e *localEnv) engineOp(op string, stdout io.Writer) error {
	ctx := context.Background()
	cfg, _, err := stackconfig.Load(e.stacks, e.stack)
	if err != nil {
		return err
	}
	if e.cluster.BinDir, err = localcluster.BuildBinaries(ctx, e.root, os.Stderr); err != nil {
		return err
	}
	st, err := e.engineStack(ctx, cfg, stdout)
	if err != nil {
		return err
	}
	var sum engine.Summary
	if op == "preview" {
		sum, err = st.Preview(ctx)
	} else {
		sum, err = st.Destroy(ctx)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "pulumi %s: %s\n", op, sum)
	return nil
}

func countNodes(ctx context.Context, c *localcluster.Client) int {
	nodes, err := c.Kube.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return 0
	}
	return len(nodes.Items)
}

// waitSettled waits until no pod outside kube-system is Pending, or the time is up.
func waitSettled(ctx context.Context, c *localcluster.Client, wait time.Duration) error {
	deadline := time.Now().Add(wait)
	for {
		rows, err := localcluster.PodsByZone(ctx, c.Kube)
		if err != nil {
			return err
		}
		var pending []string
		for _, r := range rows {
			if r.Phase != "Running" {
				pending = append(pending, r.Pod)
			}
		}
		if len(pending) == 0 && len(rows) > 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("pods not running after %s: %s", wait, strings.Join(pending, ", "))
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// startController starts `zonestack local controller` in the background, once per cluster.
func (e *localEnv) startController(bootDelay time.Duration) error {
	if pid, err := readPid(e.pidFile()); err == nil && syscall.Kill(pid, 0) == nil {
		return nil
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	logPath := filepath.Join(filepath.Dir(e.pidFile()), "zonestack-controller.log")
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer logFile.Close()
	// The controller plans the pools from the same stack file as the up that starts it.
	cmd := exec.Command(self, "local", "controller", e.stack, "--stacks", e.stacks,
		"--kubeconfig", e.cluster.OwnKubeconfig(), "--boot-delay", bootDelay.String())
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true} // outlive this command
	if err := cmd.Start(); err != nil {
		return err
	}
	return os.WriteFile(e.pidFile(), []byte(strconv.Itoa(cmd.Process.Pid)), 0o644)
}

func readPid(path string) (int, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(strings.TrimSpace(string(b)))
}

func localDown(args []string, stdout io.Writer) error {
	f := newStackFlags("local down")
	stateDir := stateFlag(f)
	if err := f.parse(args); err != nil {
		return err
	}
	e, err := newLocalEnv(f, *stateDir)
	if err != nil {
		return err
	}
	if !e.cluster.Exists() {
		fmt.Fprintf(stdout, "no local cluster %s\n", e.cluster.Name)
		return nil
	}
	// The stack first, while its cluster answers, so that its state ends empty.
	if err := e.engineOp("destroy", stdout); err != nil {
		fmt.Fprintf(stdout, "warning: %v\n", err)
	}
	if pid, err := readPid(e.pidFile()); err == nil {
		_ = syscall.Kill(pid, syscall.SIGTERM)
	}
	if err := e.cluster.Delete(context.Background(), io.Discard); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "local cluster %s stopped and its data deleted\n", e.cluster.Name)
	return nil
}

// localController runs the disk provisioner and the autoscaler for a local cluster until it is
// stopped.
func localController(args []string) error {
	f := newStackFlags("local controller")
	kubeconfig := f.fs.String("kubeconfig", "", "the local cluster's kubeconfig")
	bootDelay := f.fs.Duration("boot-delay", localcluster.DefaultBootDelay, "how long new nodes take to appear")
	if err := f.parse(args); err != nil {
		return err
	}
	cfg, _, err := stackconfig.Load(*f.dir, f.stack)
	if err != nil {
		return err
	}
	pools, err := program.Pools(cfg)
	if err != nil {
		return err
	}
	client, err := localcluster.NewClient(*kubeconfig)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	logf := func(format string, args ...any) {
		fmt.Printf("%s %s\n", time.Now().Format(time.RFC3339), fmt.Sprintf(format, args...))
	}
	scaler := &localcluster.Autoscaler{Kube: client.Kube, Pools: pools, BootDelay: *bootDelay, Log: logf}
	logf("provisioner for %s and %s", strings.Join([]string{"diskplugin.csi.alibabacloud.com"}, ","), scaler)
	go localcluster.Provisioner{Kube: client.Kube}.Run(ctx)
	scaler.Run(ctx)
	return nil
}

// repoRoot is the directory of Pulumi.yaml, from the working directory upwards.
func repoRoot() (string, error) {
	dir, err := stacksDir()
	if err != nil {
		return "", err
	}
	return filepath.Dir(dir), nil
}
