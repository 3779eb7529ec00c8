package localcluster

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// Cluster is one local cluster started by kwokctl with the binary runtime.
type Cluster struct {
	// Name of the kwok cluster; its kubeconfig context is "kwok-<Name>".
	Name string
	// BinDir holds etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubectl, kwok and
	// kwokctl (scripts/build-local-cluster builds them).
	BinDir string
	// Workdir is kwokctl's work directory (KWOK_WORKDIR): the clusters' data, logs and pids.
	Workdir string
	// Kubeconfig is the file kwokctl adds the cluster's context to. Empty: kwokctl's default,
	// ~/.kube/config.
	Kubeconfig string
	// MetricsServer runs metrics-server beside the control plane (kwokctl's metrics-server
	// component, fed by the resource metrics kwok emulates) and the controller manager's HPA
	// with HPAPeriods' periods: what a stack with an HPA needs. Optional, default false.
	MetricsServer bool
}

// ConfigFile is the kwokctl configuration scripts/build-local-cluster writes next to the bin
// directory: the binaries, every component bound to 127.0.0.1, and the API server's advertise
// address set so that it starts on a machine without a default route.
func (c Cluster) ConfigFile() string {
	return filepath.Join(filepath.Dir(c.BinDir), "kwokctl.yaml")
}

// OwnKubeconfig is the kubeconfig kwokctl writes for this cluster alone.
func (c Cluster) OwnKubeconfig() string {
	return filepath.Join(c.Workdir, "clusters", c.Name, "kubeconfig.yaml")
}

// FlatKubeconfig is the cluster's own kubeconfig with the certificates and key it names by path
// inlined: what a kubernetes provider under the engine is given, so that its state (where the
// kubeconfig is a secret) holds no path of this machine and shows no change on another.
func (c Cluster) FlatKubeconfig() (string, error) {
	cfg, err := clientcmd.LoadFromFile(c.OwnKubeconfig())
	if err != nil {
		return "", err
	}
	if err := clientcmdapi.FlattenConfig(cfg); err != nil {
		return "", err
	}
	b, err := clientcmd.Write(*cfg)
	return string(b), err
}

// env is the environment kwokctl runs in: the local binaries, never a download.
func (c Cluster) env() []string {
	bin := func(n string) string { return filepath.Join(c.BinDir, n) }
	return append(os.Environ(),
		// kwokctl prefers a kubectl on PATH to the one it is given; put ours first.
		"PATH="+c.BinDir+string(os.PathListSeparator)+os.Getenv("PATH"),
		"KWOK_WORKDIR="+c.Workdir,
		"KWOK_RUNTIME=binary",
		"KWOK_KUBE_VERSION=v1.37.2",
		"KWOK_KUBE_APISERVER_BINARY="+bin("kube-apiserver"),
		"KWOK_KUBE_CONTROLLER_MANAGER_BINARY="+bin("kube-controller-manager"),
		"KWOK_KUBE_SCHEDULER_BINARY="+bin("kube-scheduler"),
		"KWOK_KUBECTL_BINARY="+bin("kubectl"),
		"KWOK_ETCD_BINARY="+bin("etcd"),
		"KWOK_CONTROLLER_BINARY="+bin("kwok"),
		"KWOK_METRICS_SERVER_BINARY="+bin("metrics-server"),
	)
}

func (c Cluster) kwokctl(ctx context.Context, log io.Writer, args ...string) error {
	if c.Kubeconfig != "" {
		args = append(args, "--kubeconfig", c.Kubeconfig)
	}
	return c.kwokctlNoKubeconfig(ctx, log, args...)
}

// kwokctlNoKubeconfig runs kwokctl for a command that has no --kubeconfig flag (stop, start):
// they touch no kubeconfig.
func (c Cluster) kwokctlNoKubeconfig(ctx context.Context, log io.Writer, args ...string) error {
	args = append([]string{"--name", c.Name}, args...)
	cmd := exec.CommandContext(ctx, filepath.Join(c.BinDir, "kwokctl"), args...)
	cmd.Env = c.env()
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.MultiWriter(&out, log), io.MultiWriter(&out, log)
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("kwokctl %s: %w\n%s", strings.Join(args, " "), err, out.String())
	}
	return nil
}

// Create starts the cluster and waits until it serves; it returns how long that took.
func (c Cluster) Create(ctx context.Context, log io.Writer) (time.Duration, error) {
	for _, b := range []string{"kwokctl", "kwok", "etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubectl"} {
		if _, err := os.Stat(filepath.Join(c.BinDir, b)); err != nil {
			return 0, fmt.Errorf("%s is missing; build the local cluster's binaries with: scripts/build-local-cluster", filepath.Join(c.BinDir, b))
		}
	}
	args := []string{"create", "cluster", "--runtime", "binary", "--wait", "2m"}
	if c.MetricsServer {
		if _, err := os.Stat(filepath.Join(c.BinDir, "metrics-server")); err != nil {
			return 0, fmt.Errorf("%s is missing; build it with: scripts/build-local-cluster metrics-server", filepath.Join(c.BinDir, "metrics-server"))
		}
		args = append(args, metricsServerArgs()...)
	}
	if _, err := os.Stat(c.ConfigFile()); err == nil {
		args = append(args, "--config", c.ConfigFile())
	}
	args = kwokctlArgs(append(args, nodeLifecycleArgs()...))
	unlock, err := lockCreate()
	if err != nil {
		return 0, err
	}
	defer unlock()
	start := time.Now() // after the lock: the time is this cluster's start, not another's
	if err := c.kwokctl(ctx, log, args...); err != nil {
		return time.Since(start), err
	}
	// kwokctl exits 0 even when the cluster never became ready: ask the API server itself.
	if err := c.waitReady(ctx, time.Minute); err != nil {
		return time.Since(start), fmt.Errorf("local cluster %s: %w (its logs are in %s)", c.Name, err,
			filepath.Join(c.Workdir, "clusters", c.Name, "logs"))
	}
	return time.Since(start), nil
}

// waitReady polls the API server's /readyz.
func (c Cluster) waitReady(ctx context.Context, timeout time.Duration) error {
	client, err := NewClient(c.OwnKubeconfig())
	if err != nil {
		return err
	}
	deadline := time.Now().Add(timeout)
	for {
		body, err := client.Kube.Discovery().RESTClient().Get().AbsPath("/readyz").DoRaw(ctx)
		if err == nil && strings.TrimSpace(string(body)) == "ok" {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the API server is not ready after %s: %v", timeout, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// Delete stops every process of the cluster and removes its data.
func (c Cluster) Delete(ctx context.Context, log io.Writer) error {
	return c.kwokctl(ctx, log, "delete", "cluster")
}

// createLock is held, machine-wide, while a cluster starts: kwokctl v0.7.0 picks each port by
// counting down from 32767 to the first that nothing listens on (pkg/utils/net GetUnusedPort), so
// two clusters starting at once (test packages run in parallel) pick the same ports and one of
// them never answers. Held until the API server is ready, so that the next kwokctl finds the
// first cluster's ports taken.
var createLock = filepath.Join(os.TempDir(), "zonestack-kwokctl-create.lock")

// lockCreate takes createLock, waiting for another process's cluster start, and returns its
// release.
func lockCreate() (func(), error) {
	f, err := os.OpenFile(createLock, os.O_CREATE|os.O_RDWR, 0o666)
	if err != nil {
		return nil, fmt.Errorf("local cluster start lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("local cluster start lock %s: %w", createLock, err)
	}
	return func() { _ = f.Close() }, nil // closing the file releases the lock
}

// Stop stops the cluster's processes and keeps its data: its API server stops answering, as a
// cluster cut off by a partition or a control-plane outage does. Start starts it again.
func (c Cluster) Stop(ctx context.Context, log io.Writer) error {
	return c.kwokctlNoKubeconfig(ctx, log, "stop", "cluster")
}

// Start starts a stopped cluster and waits until its API server is ready again.
func (c Cluster) Start(ctx context.Context, log io.Writer) error {
	if err := c.kwokctlNoKubeconfig(ctx, log, "start", "cluster"); err != nil {
		return err
	}
	return c.waitReady(ctx, 2*time.Minute)
}

// Exists says whether kwokctl knows the cluster.
func (c Cluster) Exists() bool {
	_, err := os.Stat(filepath.Join(c.Workdir, "clusters", c.Name))
	return err == nil
}

// DefaultBinDir is where scripts/build-local-cluster puts the binaries: $LOCALCLUSTER_DIR/bin,
// by default in the user's cache, shared by every checkout.
func DefaultBinDir() string {
	dir := os.Getenv("LOCALCLUSTER_DIR")
	if dir == "" {
		cache := os.Getenv("XDG_CACHE_HOME")
		if cache == "" {
			home, _ := os.UserHomeDir()
			cache = filepath.Join(home, ".cache")
		}
		dir = filepath.Join(cache, "zonestack", "localcluster")
	}
	return filepath.Join(dir, "bin")
}

// BuildBinaries runs scripts/build-local-cluster in the repository and returns the bin directory.
// It is cached: a second call builds nothing.
func BuildBinaries(ctx context.Context, repoRoot string, log io.Writer) (string, error) {
	repoRoot, err := filepath.Abs(repoRoot)
	if err != nil {
		return "", err
	}
	cmd := exec.CommandContext(ctx, filepath.Join(repoRoot, "scripts", "build-local-cluster"))
	cmd.Dir = repoRoot
	var out, progress bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, io.MultiWriter(&progress, log)
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("scripts/build-local-cluster: %w\n%s", err, progress.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	return strings.TrimSpace(lines[len(lines)-1]), nil
}

// kwokctlArgs returns args with every --extra-args (given as "--extra-args V" or
// "--extra-args=V", V being component=flag=value) at the end, ordered so that each component's
// first comes before any component's second. kwokctl v0.7.0 files a component's later extra
// args under the index its first one had among all of them (mutationComponentPatches, in
// pkg/kwokctl/cmd/create/cluster/cluster.go), which is its patch's index only in that order;
// in any other, a later arg lands in another component's patch or past the end, and kwokctl
// panics. Each of this package's features adds its own args, so the order is made here, once.
func kwokctlArgs(args []string) []string {
	var out, extra []string
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "--extra-args" && i+1 < len(args):
			extra = append(extra, args[i+1])
			i++
		case strings.HasPrefix(a, "--extra-args="):
			extra = append(extra, strings.TrimPrefix(a, "--extra-args="))
		default:
			out = append(out, a)
		}
	}
	component := func(v string) string { c, _, _ := strings.Cut(v, "="); return c }
	seen := map[string]bool{}
	var firsts, rest []string
	for _, v := range extra {
		if c := component(v); !seen[c] {
			seen[c] = true
			firsts = append(firsts, v)
		} else {
			rest = append(rest, v)
		}
	}
	for _, v := range append(firsts, rest...) {
		out = append(out, "--extra-args", v)
	}
	return out
}
