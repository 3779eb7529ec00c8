package watch_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	"sigs.k8s.io/yaml"

	"github.com/zonestack/zonestack/components/federation"
	"github.com/zonestack/zonestack/internal/app/localcluster"
	"github.com/zonestack/zonestack/internal/app/manifests"
	"github.com/zonestack/zonestack/internal/app/testutil"
	"github.com/zonestack/zonestack/internal/app/watch"
)

const (
	repoRoot = "../../.."
	manifest = repoRoot + "/deploy/federation-watch.yaml"
	// The Deployment's namespace, ServiceAccount and Lease.
	namespace, serviceAccount, leaseName = "zonestack-federation", "federation-watch", "federation-watch-global"
)

// startCluster starts a local control plane (built by scripts/build-local-cluster, cached) and
// returns its kubeconfig file.
func startCluster(t *testing.T) (localcluster.Cluster, *localcluster.Client) {
	t.Helper()
	needed := []string{"kwokctl", "kwok", "etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubectl"}
	cmd := exec.Command(filepath.Join(repoRoot, "scripts", "build-local-cluster"), needed...)
	var out, progress bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &progress
	if err := cmd.Run(); err != nil {
		t.Fatalf("scripts/build-local-cluster %s: %v\n%s", strings.Join(needed, " "), err, progress.String())
	}
	c := localcluster.Cluster{Name: fmt.Sprintf("zs-watch-%d", os.Getpid()), BinDir: strings.TrimSpace(out.String())}
	client, took := testutil.StartLocalCluster(t, &c)
	t.Logf("local cluster up in %s", took.Round(100*time.Millisecond))
	return c, client
}

// manifestObjects are deploy/federation-watch.yaml's objects.
func manifestObjects(t *testing.T) []manifests.Object {
	t.Helper()
	b, err := os.ReadFile(manifest)
	if err != nil {
		t.Fatal(err)
	}
	var objs []manifests.Object
	for _, doc := range strings.Split(string(b), "\n---\n") {
		var body map[string]any
		if err := yaml.Unmarshal([]byte(doc), &body); err != nil {
			t.Fatalf("%s: %v", manifest, err)
		}
		if body != nil {
			objs = append(objs, manifests.Object{Type: fmt.Sprint(body["kind"]), Name: fmt.Sprint(body["kind"]), Body: body})
		}
	}
	return objs
}

// The sample Deployment and a Lease election through its RBAC, on a real API server (with RBAC
// authorization, as kwokctl starts it):
//   - every object of deploy/federation-watch.yaml passes a server-side dry run of apply;
//   - its ServiceAccount may get and update its Lease and nothing else;
//   - two watchers electing with LeaseLock as that ServiceAccount: one leads, only its ups run
//     and never two at once; when it stops, it releases the Lease and the other leads.
func TestOnARealAPIServer(t *testing.T) {
	c, client := startCluster(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	objs := manifestObjects(t)
	kinds := map[string]bool{}
	for _, o := range objs {
		kinds[fmt.Sprint(o.Body["kind"])] = true
	}
	for _, k := range []string{"Namespace", "ServiceAccount", "Lease", "Role", "RoleBinding", "Deployment", "PodDisruptionBudget"} {
		if !kinds[k] {
			t.Errorf("%s has no %s", manifest, k)
		}
	}
	if errs := client.DryRun(ctx, objs); len(errs) > 0 {
		t.Fatalf("server-side dry run of %s: %v", manifest, errs)
	}

	// The RBAC objects for real (the dry run stores nothing), with kubectl as a user would.
	var rbac bytes.Buffer
	for _, o := range objs {
		switch o.Body["kind"] {
		case "Namespace", "ServiceAccount", "Lease", "Role", "RoleBinding":
			b, _ := yaml.Marshal(o.Body)
			rbac.WriteString("---\n")
			rbac.Write(b)
		}
	}
	apply := exec.CommandContext(ctx, filepath.Join(c.BinDir, "kubectl"), "--kubeconfig", c.OwnKubeconfig(), "apply", "--server-side", "-f", "-")
	apply.Stdin = &rbac
	if out, err := apply.CombinedOutput(); err != nil {
		t.Fatalf("kubectl apply: %v\n%s", err, out)
	}

	// A client of the Deployment's ServiceAccount.
	cfg, err := clientcmd.BuildConfigFromFlags("", c.OwnKubeconfig())
	if err != nil {
		t.Fatal(err)
	}
	cfg.Impersonate.UserName = fmt.Sprintf("system:serviceaccount:%s:%s", namespace, serviceAccount)
	asWatcher, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	// Each watcher's own client, whose connection the test can cut: a partitioned leader.
	var cut [2]atomic.Bool
	var clients [2]kubernetes.Interface
	for i := range 2 {
		c := rest.CopyConfig(cfg)
		c.WrapTransport = func(rt http.RoundTripper) http.RoundTripper {
			return roundTripFunc(func(r *http.Request) (*http.Response, error) {
				if cut[i].Load() {
					return nil, errors.New("partitioned by the test")
				}
				return rt.RoundTrip(r)
			})
		}
		if clients[i], err = kubernetes.NewForConfig(c); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := asWatcher.CoordinationV1().Leases(namespace).Get(ctx, leaseName, metav1.GetOptions{}); err != nil {
		t.Fatalf("the ServiceAccount cannot get its Lease: %v", err)
	}
	if _, err := asWatcher.CoordinationV1().Leases(namespace).Get(ctx, "another", metav1.GetOptions{}); !apierrors.IsForbidden(err) {
		t.Errorf("the ServiceAccount getting another Lease: %v, want forbidden", err)
	}
	if _, err := asWatcher.CoreV1().Secrets(namespace).List(ctx, metav1.ListOptions{}); !apierrors.IsForbidden(err) {
		t.Errorf("the ServiceAccount listing Secrets: %v, want forbidden", err)
	}

	// Two watchers, each through its own LeaseLock, every check a flip.
	f := &fakeStack{upTakes: 20 * time.Millisecond, current: watch.State{Records: []federation.Record{east}}}
	funcs := f.flapping()
	ids := [2]string{"watcher-a", "watcher-b"}
	var leading, ups [2]atomic.Int32
	var logs [2]syncBuffer
	var cancels [2]context.CancelFunc
	var dones [2]chan struct{}
	var evMu sync.Mutex
	var timeline []string // "<watcher> <event>", in order
	start := func(i int) {
		var wctx context.Context
		wctx, cancels[i] = context.WithCancel(ctx)
		dones[i] = make(chan struct{})
		go func() {
			defer close(dones[i])
			lock := watch.LeaseLock{Client: clients[i], Namespace: namespace, Name: leaseName, Identity: ids[i],
				LeaseDuration: 3 * time.Second, RenewDeadline: 2 * time.Second, RetryPeriod: 200 * time.Millisecond, Log: &logs[i]}
			err := watch.Run(wctx, watch.Options{Funcs: funcs, Interval: 5 * time.Millisecond, Lock: lock, Log: &logs[i],
				OnEvent: func(e watch.Event) {
					switch e.Kind {
					case watch.Leading:
						leading[i].Add(1)
					case watch.Upped:
						ups[i].Add(1)
					}
					if e.Kind == watch.Leading || e.Kind == watch.Stopped {
						evMu.Lock()
						timeline = append(timeline, ids[i]+" "+string(e.Kind))
						evMu.Unlock()
					}
				}})
			if err != nil {
				t.Error(err)
			}
		}()
	}
	start(0)
	start(1)
	defer func() {
		for _, c := range cancels {
			c()
		}
	}()
	waitFor := func(what string, cond func() bool) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for !cond() {
			if time.Now().After(deadline) {
				t.Fatalf("waited 30 s for %s; logs:\n%s\n%s", what, logs[0].String(), logs[1].String())
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	waitFor("a leader with 10 ups", func() bool { return f.ups.Load() >= 10 })
	first := 0
	if leading[1].Load() > 0 {
		first = 1
	}
	second := 1 - first
	if leading[first].Load() != 1 || leading[second].Load() != 0 || ups[second].Load() != 0 {
		t.Fatalf("leading %d/%d, ups %d/%d: want one leader and no up from the other", leading[0].Load(), leading[1].Load(), ups[0].Load(), ups[1].Load())
	}
	holder := func() string {
		l, err := client.Kube.CoordinationV1().Leases(namespace).Get(ctx, leaseName, metav1.GetOptions{})
		if err != nil || l.Spec.HolderIdentity == nil {
			return ""
		}
		return *l.Spec.HolderIdentity
	}
	if h := holder(); h != ids[first] {
		t.Errorf("the Lease is held by %q, want %q", h, ids[first])
	}
	// The leader stops (a rolling update): it releases the Lease, and the other leads well
	// before the Lease would have expired.
	stopped := time.Now()
	cancels[first]()
	waitFor("the other watcher to lead", func() bool { return ups[second].Load() >= 5 })
	<-dones[first] // its Run has returned
	if took := time.Since(stopped); took > 3*time.Second {
		t.Errorf("the handover took %s, longer than the Lease's duration: the Lease was not released", took)
	}
	if h := holder(); h != ids[second] {
		t.Errorf("the Lease is held by %q, want %q", h, ids[second])
	}

	// The new leader is partitioned from the API server: it stops its loop once it cannot renew
	// (RenewDeadline), and the first watcher, started again, leads once the Lease has expired,
	// after the partitioned one has stopped.
	start(first)
	time.Sleep(500 * time.Millisecond)
	if leading[first].Load() != 1 {
		t.Fatalf("the restarted watcher leads while the other holds the Lease")
	}
	partitioned := time.Now()
	cut[second].Store(true)
	waitFor("the restarted watcher to lead", func() bool { return leading[first].Load() == 2 })
	t.Logf("a partitioned leader replaced in %s", time.Since(partitioned).Round(100*time.Millisecond))
	evMu.Lock()
	order := strings.Join(timeline, ", ")
	evMu.Unlock()
	if want := ids[second] + " stopped, " + ids[first] + " leading"; !strings.HasSuffix(order, want) {
		t.Errorf("leadership: %s; want it to end with %q (the partitioned leader stopped before the next led)", order, want)
	}
	for i, c := range cancels {
		c()
		<-dones[i]
	}
	if n := f.overlaps.Load(); n != 0 {
		t.Fatalf("%d ups ran while another ran (of %d)", n, f.ups.Load())
	}
	t.Logf("%d ups by the first leader, %d by the second, none at once", ups[first].Load(), ups[second].Load())
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
