package watch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/rand"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/client-go/tools/leaderelection"
	"k8s.io/client-go/tools/leaderelection/resourcelock"
)

// Lock keeps two watchers of one stack from running their loops at once.
type Lock interface {
	// Hold waits until this process holds the lock, then runs fn with a context that ends when
	// the lock is lost or ctx ends, and releases the lock when fn returns. A lock lost while ctx
	// goes on is waited for again. Hold returns once ctx has ended and fn has returned, with nil,
	// or with an error when it cannot ask for the lock at all.
	Hold(ctx context.Context, fn func(ctx context.Context) error) error
}

// FileLock is an exclusive flock(2) on a file: the lock of watchers on one machine, with no
// cluster to hold a Lease in. The kernel drops it when its holder exits, however it exits, so a
// killed watcher never leaves a stale lock behind (unlike a lock file that is merely present).
type FileLock struct {
	// Path is the lock file, created if missing, e.g. the workspace's .zonestack-watch-STACK.lock.
	// Required.
	Path string
	// Retry is how often a watcher that does not hold the lock asks again. Optional, default 1 s.
	Retry time.Duration
	// Log receives a line when the lock is busy and when it is taken. Optional.
	Log io.Writer
}

// Hold implements Lock.
func (l FileLock) Hold(ctx context.Context, fn func(context.Context) error) error {
	if l.Path == "" {
		return errors.New("watch: FileLock.Path is required")
	}
	retry := l.Retry
	if retry <= 0 {
		retry = time.Second
	}
	if err := os.MkdirAll(filepath.Dir(l.Path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(l.Path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("watch: lock %s: %w", l.Path, err)
	}
	// Closing the file drops the lock: flock locks belong to the open file description.
	defer f.Close()
	said := false
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			break
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			return fmt.Errorf("watch: lock %s: %w", l.Path, err)
		}
		if !said {
			l.logf("lock %s is held by another watcher (%s); waiting", l.Path, holder(l.Path))
			said = true
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(retry):
		}
	}
	defer syscall.Flock(int(f.Fd()), syscall.LOCK_UN) //nolint:errcheck // Close drops it too
	// The holder's pid and host, for the message of the next watcher that waits.
	host, _ := os.Hostname()
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(fmt.Sprintf("pid %d on %s\n", os.Getpid(), host)), 0)
	}
	l.logf("holding lock %s", l.Path)
	err = fn(ctx)
	if ctx.Err() != nil {
		return nil
	}
	return err
}

func (l FileLock) logf(format string, args ...any) {
	if l.Log != nil {
		fmt.Fprintf(l.Log, "%s lock: %s\n", time.Now().UTC().Format("2006-01-02T15:04:05.000Z"), fmt.Sprintf(format, args...))
	}
}

// holder is what the lock file says of its holder.
func holder(path string) string {
	b, err := os.ReadFile(path)
	if err != nil || len(b) == 0 {
		return "unknown holder"
	}
	return strings.TrimSpace(string(b))
}

// The defaults of LeaseLock: kube-controller-manager's and kube-scheduler's own
// (--leader-elect-lease-duration 15s, --leader-elect-renew-deadline 10s,
// --leader-elect-retry-period 2s), so a lost leader is replaced within about 15 s.
const (
	DefaultLeaseDuration = 15 * time.Second
	DefaultRenewDeadline = 10 * time.Second
	DefaultRetryPeriod   = 2 * time.Second
)

// LeaseLock elects one leader among watchers with a coordination.k8s.io Lease
// (client-go's leaderelection): the lock of watchers on several machines, e.g. the replicas of
// a Deployment. A leader that cannot renew the Lease for RenewDeadline stops its loop, and
// another takes the Lease once LeaseDuration has passed since the last renewal. The gap between
// the two is the time the old leader has to stop; an up it is running is cancelled (after
// Options.UpGrace), and should it still be running when the new leader's up starts, the
// engine's stack lock refuses the second up, which backs off.
type LeaseLock struct {
	// Client reaches the cluster that holds the Lease. Required.
	Client kubernetes.Interface
	// Namespace and Name name the Lease. Required.
	Namespace, Name string
	// Identity names this watcher in the Lease's holderIdentity. Optional, default the host name
	// (a pod's name) and a random suffix, so that two watchers on one host differ.
	Identity string
	// LeaseDuration, RenewDeadline and RetryPeriod are leaderelection's. Optional, defaults
	// DefaultLeaseDuration, DefaultRenewDeadline and DefaultRetryPeriod.
	LeaseDuration, RenewDeadline, RetryPeriod time.Duration
	// Log receives a line when the watcher starts and stops leading, and when the leader changes.
	// Optional.
	Log io.Writer
}

// Hold implements Lock. The Lease is released when fn returns (ReleaseOnCancel), so that a
// watcher that is stopped (a rolling update, a drained node) hands over at once instead of after
// LeaseDuration.
func (l LeaseLock) Hold(ctx context.Context, fn func(context.Context) error) error {
	if l.Client == nil || l.Namespace == "" || l.Name == "" {
		return errors.New("watch: LeaseLock needs Client, Namespace and Name")
	}
	id := l.Identity
	if id == "" {
		host, _ := os.Hostname()
		id = host + "_" + rand.String(6)
	}
	lock := &resourcelock.LeaseLock{
		LeaseMeta:  metav1.ObjectMeta{Namespace: l.Namespace, Name: l.Name},
		Client:     l.Client.CoordinationV1(),
		LockConfig: resourcelock.ResourceLockConfig{Identity: id},
	}
	cfg := leaderelection.LeaderElectionConfig{
		Lock:            lock,
		LeaseDuration:   orDefault(l.LeaseDuration, DefaultLeaseDuration),
		RenewDeadline:   orDefault(l.RenewDeadline, DefaultRenewDeadline),
		RetryPeriod:     orDefault(l.RetryPeriod, DefaultRetryPeriod),
		ReleaseOnCancel: true,
		Name:            l.Namespace + "/" + l.Name,
	}
	for ctx.Err() == nil {
		if err := l.term(ctx, cfg, id, fn); err != nil {
			return err
		}
	}
	return nil
}

// The states of one term of LeaseLock.Hold.
const (
	campaigning = iota
	leading
	closed
)

// term campaigns for the Lease until ctx ends or this watcher leads; once it leads, it runs fn
// until fn returns (the Lease lost or ctx ended) and then releases the Lease. It returns fn's
// error unless ctx has ended.
func (l LeaseLock) term(ctx context.Context, cfg leaderelection.LeaderElectionConfig, id string, fn func(context.Context) error) error {
	// The elector runs on a context of its own, ended once fn has returned (or, before this
	// watcher leads, once ctx ends): so the Lease is released (ReleaseOnCancel) only after the
	// loop has stopped, never while an up of this watcher may still run.
	electCtx, stopElecting := context.WithCancel(context.Background())
	defer stopElecting()
	var (
		mu    sync.Mutex
		state = campaigning
		fnErr error
		done  = make(chan struct{})
	)
	stopOnDone := context.AfterFunc(ctx, func() {
		mu.Lock()
		defer mu.Unlock()
		if state == campaigning {
			stopElecting()
		}
	})
	defer stopOnDone()
	cfg.Callbacks = leaderelection.LeaderCallbacks{
		OnStartedLeading: func(leadCtx context.Context) {
			mu.Lock()
			if state == closed { // Run has returned already: ctx ended as the Lease was won
				mu.Unlock()
				return
			}
			state = leading
			mu.Unlock()
			defer close(done)
			defer stopElecting()
			l.logf("leading: %s holds lease %s/%s", id, l.Namespace, l.Name)
			runCtx, cancel := context.WithCancel(leadCtx)
			defer cancel()
			stop := context.AfterFunc(ctx, cancel)
			defer stop()
			fnErr = fn(runCtx)
			l.logf("stopped leading lease %s/%s", l.Namespace, l.Name)
		},
		OnStoppedLeading: func() {},
		OnNewLeader: func(identity string) {
			if identity != id {
				l.logf("lease %s/%s is held by %s; waiting", l.Namespace, l.Name, identity)
			}
		},
	}
	le, err := leaderelection.NewLeaderElector(cfg) // it checks the timings
	if err != nil {
		return fmt.Errorf("watch: lease %s/%s: %w", l.Namespace, l.Name, err)
	}
	le.Run(electCtx)
	mu.Lock()
	was := state
	if state == campaigning {
		state = closed
	}
	mu.Unlock()
	if was == leading {
		<-done // the Lease was lost or ctx ended: fn has stopped before the next campaign
	}
	if ctx.Err() != nil {
		return nil
	}
	return fnErr
}

func (l LeaseLock) logf(format string, args ...any) {
	if l.Log != nil {
		fmt.Fprintf(l.Log, "%s lease: %s\n", time.Now().UTC().Format("2006-01-02T15:04:05.000Z"), fmt.Sprintf(format, args...))
	}
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// ParseLease splits a --lease value, NAMESPACE/NAME.
func ParseLease(s string) (namespace, name string, err error) {
	ns, n, ok := strings.Cut(s, "/")
	if !ok || ns == "" || n == "" || strings.Contains(n, "/") {
		return "", "", fmt.Errorf("lease %q: want NAMESPACE/NAME", s)
	}
	return ns, n, nil
}

// LeaseClient is the client of the cluster that holds the Lease: kubeconfig's current context,
// or, when kubeconfig is empty, the pod's own service account (rest.InClusterConfig), which is
// how a watcher in a Deployment reaches its cluster.
func LeaseClient(kubeconfig string) (kubernetes.Interface, error) {
	var cfg *rest.Config
	var err error
	if kubeconfig == "" {
		cfg, err = rest.InClusterConfig()
		if err != nil {
			return nil, fmt.Errorf("no --lease-kubeconfig and not in a pod: %w", err)
		}
	} else if cfg, err = clientcmd.BuildConfigFromFlags("", kubeconfig); err != nil {
		return nil, fmt.Errorf("lease kubeconfig %s: %w", kubeconfig, err)
	}
	return kubernetes.NewForConfig(cfg)
}
