package watch_test

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/federation"
	"github.com/zonestack/zonestack/internal/app/engine"
	"github.com/zonestack/zonestack/internal/app/watch"
)

// health is the members' health the test sets: what the fake reader and the stand-in global
// program both see, as a real program's live reads and the watcher's see one cluster.
type health struct {
	mu      sync.Mutex
	healthy map[string]bool
}

func (h *health) set(member string, ok bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.healthy[member] = ok
}

func (h *health) shard(member string) federation.ShardStatus {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.healthy[member] {
		return federation.ShardStatus{Addresses: []string{addressOf[member]}}
	}
	return federation.ShardStatus{Addresses: []string{addressOf[member]}, Healthy: true, ReadyEndpoints: 1}
}

var addressOf = map[string]string{"member-a": "192.0.2.10", "member-b": "192.0.2.20"}

var testSpec = &federation.FederationSpec{
	Federation: federation.Federation{Domain: "fed.example.com", Name: "f", TTL: 60},
	Service:    federation.ServiceSpec{Service: federation.Service{Name: "web", Namespace: "web"}, Image: "nginx", Port: 80},
	Members: []federation.MemberRef{
		{Stack: "member-a", Cloud: federation.CloudGCP, Region: "us-east1", Zones: []string{"us-east1-b"}},
		{Stack: "member-b", Cloud: federation.CloudGCP, Region: "europe-west1", Zones: []string{"europe-west1-b"}},
	},
}

// The watcher on stacks under the real engine (the pulumi CLI, a file backend, inline
// programs): two member stacks export a kubeconfig (a secret), and a stand-in global program
// exports the records and shards that the global program would (PlanRecords on the members'
// health, read when it runs). The watcher reads the members' kubeconfigs through the global
// stack's workspace, finds the records in sync, runs exactly one up when a member fails, and
// is in sync again after it. Two ups of the stack at once: the engine's lock refuses one, with
// the error auto.IsConcurrentUpdateError recognizes.
func TestTheWatcherUnderTheRealEngine(t *testing.T) {
	cmd := exec.Command(filepath.Join(repoRoot, "scripts", "build-local-cluster"), "pulumi", "pulumi-resource-kubernetes")
	var out, progress bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &progress
	if err := cmd.Run(); err != nil {
		t.Fatalf("scripts/build-local-cluster pulumi pulumi-resource-kubernetes: %v\n%s", err, progress.String())
	}
	bin := strings.TrimSpace(out.String())
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	dir := t.TempDir() // one backend for the three stacks, as StackReferences need
	var engineLog syncBuffer
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("engine progress:\n%s", engineLog.String())
		}
	})
	open := func(stack string, prog pulumi.RunFunc) *engine.Stack {
		t.Helper()
		s, err := engine.Open(ctx, engine.Options{Project: "zonestack", Stack: stack, Program: prog, Dir: dir, BinDir: bin, Progress: &engineLog})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	for _, m := range testSpec.Members {
		s := open(m.Stack, func(ctx *pulumi.Context) error {
			ctx.Export("kubeconfig", pulumi.ToSecret(pulumi.String("kubeconfig of "+m.Stack)))
			return nil
		})
		if _, err := s.Up(ctx); err != nil {
			t.Fatal(err)
		}
	}
	h := &health{healthy: map[string]bool{"member-a": true, "member-b": true}}
	var slow sync.Mutex // held, an up of the global stack waits for it inside the program
	global := open("global", func(ctx *pulumi.Context) error {
		slow.Lock()
		slow.Unlock() //nolint:staticcheck // a barrier, not a critical section
		clusters := testSpec.Clusters()
		shards := pulumi.Map{}
		for i := range clusters {
			st := h.shard(clusters[i].Name)
			clusters[i].Shard = federation.Shard{Addresses: st.Addresses, Healthy: st.Healthy}
			shards[clusters[i].Name] = pulumi.Any(st)
		}
		records, _, err := federation.PlanRecords(testSpec.Federation, testSpec.Service.Service, clusters, nil)
		if err != nil {
			return err
		}
		ctx.Export("records", pulumi.Any(records))
		ctx.Export("shards", shards)
		return nil
	})
	if _, err := global.Up(ctx); err != nil {
		t.Fatal(err)
	}

	var reads sync.Map
	src := &watch.StackSource{
		Stack: global.Auto(),
		Spec:  watch.FixedSpec(testSpec),
		Read: func(_ context.Context, kubeconfig string, _ federation.Service) (federation.ShardStatus, error) {
			member := strings.TrimPrefix(kubeconfig, "kubeconfig of ")
			reads.Store(member, true)
			return h.shard(member), nil
		},
		Progress: &engineLog,
	}
	events := make(chan watch.Event, 100)
	wctx, stop := context.WithCancel(ctx)
	done := make(chan error)
	var log syncBuffer
	go func() {
		done <- watch.Run(wctx, watch.Options{Funcs: src.Funcs(), Interval: 200 * time.Millisecond, Log: &log,
			OnEvent: func(e watch.Event) { events <- e }})
	}()
	next := func(want ...watch.EventKind) watch.Event {
		t.Helper()
		for {
			select {
			case e := <-events:
				if e.Kind == watch.Failed {
					t.Fatalf("the watcher failed: %v\nlog:\n%s", e.Err, log.String())
				}
				for _, k := range want {
					if e.Kind == k {
						return e
					}
				}
			case <-time.After(3 * time.Minute):
				t.Fatalf("no %v event in 3 minutes; log:\n%s", want, log.String())
			}
		}
	}
	if e := next(watch.Checked, watch.Upped); e.Kind != watch.Checked {
		t.Fatalf("first check: %s, want in sync (changes %v)", e.Kind, e.Changes)
	}
	for _, m := range testSpec.Members {
		if _, ok := reads.Load(m.Stack); !ok {
			t.Errorf("%s was not read through its stack's kubeconfig output", m.Stack)
		}
	}
	h.set("member-a", false)
	failed := time.Now()
	up := next(watch.Upped)
	t.Logf("member-a unhealthy to its records written: %s (interval 200ms, then a check and an up)", time.Since(failed).Round(100*time.Millisecond))
	if len(up.Members) != 1 || up.Members[0].Member != "member-a" || up.Members[0].New.Healthy {
		t.Errorf("the up's members %v, want member-a gone unhealthy", up.Members)
	}
	t.Logf("up of the flip in %s: %d names changed", up.Took.Round(time.Millisecond), len(up.Changes))
	for range 3 {
		if e := next(watch.Checked, watch.Upped); e.Kind != watch.Checked {
			t.Fatalf("after the flip's up: %s (changes %v), want in sync", e.Kind, e.Changes)
		}
	}
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	cur, err := src.Current(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if cur.Shards["member-a"].Healthy || !cur.Shards["member-b"].Healthy {
		t.Errorf("the stack's shards after the up: %+v", cur.Shards)
	}
	// The records output as the engine keeps it holds the records (federation.Record's pulumi
	// tags), so that the watcher compares what the last up wrote.
	if len(cur.Records) == 0 || slices.ContainsFunc(cur.Records, func(r federation.Record) bool { return r.Name == "" || len(r.Values) == 0 }) {
		t.Errorf("the stack's records output after the up: %+v", cur.Records)
	}
	if !strings.Contains(log.String(), "flip web.web.f.svc.us-east1-b.us-east1.fed.example.com: A 192.0.2.10 (ttl 60) → CNAME") {
		t.Errorf("no flip line for member-a's zone name:\n%s", log.String())
	}

	// Two ups at once: the second finds the stack locked by the first.
	h.set("member-b", false)
	slow.Lock()
	errs := make(chan error, 2)
	for range 2 {
		go func() { errs <- src.Up(ctx) }()
	}
	time.Sleep(5 * time.Second) // both CLIs started; one holds the lock, the other was refused
	slow.Unlock()
	var refused []error
	for range 2 {
		if err := <-errs; err != nil {
			refused = append(refused, err)
		}
	}
	if len(refused) != 1 {
		t.Fatalf("two ups at once: %d failed (%v), want exactly one refused", len(refused), refused)
	}
	if !auto.IsConcurrentUpdateError(errors.Unwrap(refused[0])) || !strings.Contains(refused[0].Error(), "the stack is currently locked by 1 lock(s)") {
		t.Errorf("the refused up: %v, want the engine's stack lock error", refused[0])
	}
	first, _, _ := strings.Cut(refused[0].Error(), "\n")
	t.Logf("the refused up: %s", first)
}
