package watch_test

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zonestack/zonestack/components/federation"
	"github.com/zonestack/zonestack/internal/app/watch"
)

// syncBuffer is a log that the loop writes while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var (
	east = federation.Record{Name: "web.fed.example.com", Type: "A", TTL: 60, Values: []string{"10.0.0.1", "10.0.0.2"}}
	// westOnly is east's name after the member with 10.0.0.1 failed.
	westOnly = federation.Record{Name: "web.fed.example.com", Type: "A", TTL: 60, Values: []string{"10.0.0.2"}}
)

// fakeStack is a stack whose records an up sets to what health asks: Desired answers want, Up
// copies want into the current state.
type fakeStack struct {
	mu       sync.Mutex
	current  watch.State
	want     watch.State
	ups      atomic.Int32
	running  atomic.Int32 // ups running now, over every watcher sharing the stack
	overlaps atomic.Int32 // ups that started while another ran
	upTakes  time.Duration
	upErr    error
	curErrs  int // the first curErrs Current calls fail
}

func (f *fakeStack) funcs() watch.Funcs {
	return watch.Funcs{
		Current: func(context.Context) (watch.State, error) {
			f.mu.Lock()
			defer f.mu.Unlock()
			if f.curErrs > 0 {
				f.curErrs--
				return watch.State{}, errors.New("backend unreachable")
			}
			return f.current, nil
		},
		Desired: func(_ context.Context, _ watch.State) (watch.State, error) {
			f.mu.Lock()
			defer f.mu.Unlock()
			return f.want, nil
		},
		Up: func(ctx context.Context) error {
			if f.running.Add(1) > 1 {
				f.overlaps.Add(1)
			}
			defer f.running.Add(-1)
			f.ups.Add(1)
			select {
			case <-time.After(f.upTakes):
			case <-ctx.Done():
				return ctx.Err()
			}
			f.mu.Lock()
			defer f.mu.Unlock()
			if f.upErr != nil {
				return f.upErr
			}
			f.current = f.want
			return nil
		},
	}
}

// flapping are f's funcs with a member that flaps: health and records alternate at every
// check, so every check of every watcher runs an up.
func (f *fakeStack) flapping() watch.Funcs {
	var flips atomic.Int32
	funcs := f.funcs()
	funcs.Desired = func(context.Context, watch.State) (watch.State, error) {
		if flips.Add(1)%2 == 0 {
			return watch.State{Records: []federation.Record{east}}, nil
		}
		return watch.State{Records: []federation.Record{westOnly}}, nil
	}
	return funcs
}

func (f *fakeStack) setWant(s watch.State) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.want = s
}

// events runs a watcher until stop says so (or 5 s pass) and returns its events.
func events(t *testing.T, opts watch.Options, stop func([]watch.Event) bool) []watch.Event {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var mu sync.Mutex
	var evs []watch.Event
	opts.OnEvent = func(e watch.Event) {
		mu.Lock()
		evs = append(evs, e)
		if stop(evs) {
			cancel()
		}
		mu.Unlock()
	}
	if err := watch.Run(ctx, opts); err != nil {
		t.Fatal(err)
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Fatalf("the watcher did not get there in 5 s; events: %v", kinds(evs))
	}
	return evs
}

func kinds(evs []watch.Event) []watch.EventKind {
	var out []watch.EventKind
	for _, e := range evs {
		out = append(out, e.Kind)
	}
	return out
}

func count(evs []watch.Event, k watch.EventKind) int {
	n := 0
	for _, e := range evs {
		if e.Kind == k {
			n++
		}
	}
	return n
}

// A member's failure changes the planned records once: the watcher runs exactly one up, logs
// the flip (the name, old → new, the member's health) and then finds the records in sync.
func TestAFlipRunsExactlyOneUp(t *testing.T) {
	f := &fakeStack{
		current: watch.State{Records: []federation.Record{east}, Shards: map[string]federation.ShardStatus{
			"east": {Healthy: true, Addresses: []string{"10.0.0.1"}}, "west": {Healthy: true, Addresses: []string{"10.0.0.2"}}}},
	}
	f.want = f.current
	var log syncBuffer
	flipped := false
	evs := events(t, watch.Options{Funcs: f.funcs(), Interval: 10 * time.Millisecond, Log: &log}, func(evs []watch.Event) bool {
		checked := count(evs, watch.Checked)
		if checked == 3 && !flipped {
			flipped = true
			f.setWant(watch.State{Records: []federation.Record{westOnly}, Shards: map[string]federation.ShardStatus{
				"east": {Healthy: false}, "west": {Healthy: true, Addresses: []string{"10.0.0.2"}}}})
		}
		return checked >= 8
	})
	if got := f.ups.Load(); got != 1 {
		t.Fatalf("ups = %d, want exactly 1; events %v", got, kinds(evs))
	}
	if n := count(evs, watch.Upped); n != 1 {
		t.Fatalf("%d up events, want 1: %v", n, kinds(evs))
	}
	var up watch.Event
	for _, e := range evs {
		if e.Kind == watch.Upped {
			up = e
		}
	}
	if len(up.Changes) != 1 || up.Changes[0].Name != east.Name || len(up.Members) != 1 || up.Members[0].Member != "east" {
		t.Errorf("up event: changes %v, members %v; want web.fed.example.com and east", up.Changes, up.Members)
	}
	want := "flip web.fed.example.com: A 10.0.0.1 10.0.0.2 (ttl 60) → A 10.0.0.2 (ttl 60) [health: east healthy→unhealthy (addresses [10.0.0.1]→[])]"
	if !strings.Contains(log.String(), want) {
		t.Errorf("log lacks %q:\n%s", want, log.String())
	}
	for _, line := range strings.Split(strings.TrimSpace(log.String()), "\n") {
		if _, err := time.Parse("2006-01-02T15:04:05.000Z", strings.Fields(line)[0]); err != nil {
			t.Errorf("log line without a UTC timestamp: %q", line)
		}
	}
}

// Records the same up to order (of the RRsets and of their values) are in sync: no up, ever.
func TestNoChangeNoUp(t *testing.T) {
	other := federation.Record{Name: "web.eu.fed.example.com", Type: "CNAME", TTL: 60, Values: []string{"web.fed.example.com"}}
	f := &fakeStack{
		current: watch.State{Records: []federation.Record{east, other}},
		want: watch.State{Records: []federation.Record{other,
			{Name: east.Name, Type: "A", TTL: 60, Values: []string{"10.0.0.2", "10.0.0.1"}}}},
	}
	evs := events(t, watch.Options{Funcs: f.funcs(), Interval: 5 * time.Millisecond, Log: &syncBuffer{}}, func(evs []watch.Event) bool {
		return count(evs, watch.Checked) >= 10
	})
	if got := f.ups.Load(); got != 0 {
		t.Fatalf("ups = %d, want none; events %v", got, kinds(evs))
	}
}

// SameRecords compares RRsets exactly but in any order: a TTL, a type or a value differs.
func TestSameRecords(t *testing.T) {
	base := []federation.Record{east}
	tests := []struct {
		name  string
		other []federation.Record
		same  bool
	}{
		{"values reordered", []federation.Record{{Name: east.Name, Type: "A", TTL: 60, Values: []string{"10.0.0.2", "10.0.0.1"}}}, true},
		{"name with a final dot, upper case", []federation.Record{{Name: "WEB.fed.example.com.", Type: "a", TTL: 60, Values: east.Values}}, true},
		{"ttl", []federation.Record{{Name: east.Name, Type: "A", TTL: 180, Values: east.Values}}, false},
		{"type", []federation.Record{{Name: east.Name, Type: "AAAA", TTL: 60, Values: east.Values}}, false},
		{"a value fewer", []federation.Record{westOnly}, false},
		{"an extra record", []federation.Record{east, {Name: "x.fed.example.com", Type: "A", TTL: 60, Values: []string{"10.0.0.3"}}}, false},
		{"none", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := watch.SameRecords(base, tt.other); got != tt.same {
				t.Errorf("SameRecords = %t, want %t", got, tt.same)
			}
			if got := len(watch.Diff(base, tt.other)) == 0; got != tt.same {
				t.Errorf("Diff = %v, want empty: %t", watch.Diff(base, tt.other), tt.same)
			}
		})
	}
}

// Errors back off: interval, twice, four times, capped at MaxBackoff; a success resets it, and
// a failed up is tried again after its backoff.
func TestAnErrorBacksOff(t *testing.T) {
	const interval = 10 * time.Millisecond
	f := &fakeStack{curErrs: 4, current: watch.State{Records: []federation.Record{east}}, want: watch.State{Records: []federation.Record{east}}}
	evs := events(t, watch.Options{Funcs: f.funcs(), Interval: interval, MaxBackoff: 40 * time.Millisecond, Log: &syncBuffer{}},
		func(evs []watch.Event) bool { return count(evs, watch.Checked) >= 1 })
	var backoffs []time.Duration
	for _, e := range evs {
		if e.Kind == watch.Failed {
			backoffs = append(backoffs, e.Backoff)
		}
	}
	want := []time.Duration{interval, 2 * interval, 4 * interval, 4 * interval}
	if len(backoffs) != len(want) {
		t.Fatalf("backoffs %v, want %v", backoffs, want)
	}
	for i := range want {
		if backoffs[i] != want[i] {
			t.Fatalf("backoffs %v, want %v", backoffs, want)
		}
	}
	// The waits are real: the checks came no sooner than the backoffs said.
	if took := evs[len(evs)-1].At.Sub(evs[0].At); took < 10*interval {
		t.Errorf("4 errors and a check took %s, want at least %s", took, 10*interval)
	}

	// A failed up: backed off, tried again, then the records are in sync.
	g := &fakeStack{current: watch.State{Records: []federation.Record{east}}, want: watch.State{Records: []federation.Record{westOnly}},
		upErr: errors.New("the cloud said no")}
	var log syncBuffer
	evs = events(t, watch.Options{Funcs: g.funcs(), Interval: interval, Log: &log}, func(evs []watch.Event) bool {
		if count(evs, watch.Failed) == 2 {
			g.mu.Lock()
			g.upErr = nil
			g.mu.Unlock()
		}
		return count(evs, watch.Checked) >= 1
	})
	if got, ups := kinds(evs), g.ups.Load(); ups != 3 || count(evs, watch.Upped) != 1 {
		t.Fatalf("events %v with %d ups; want two failed ups, one that worked, then in sync", got, ups)
	}
	if !strings.Contains(log.String(), "error (2 in a row): up after") || !strings.Contains(log.String(), "the cloud said no; next check in 20ms") {
		t.Errorf("log:\n%s", log.String())
	}
}

// Two watchers of one stack share a lock: however often both see a flip, their ups never run at
// once, and only one of them leads; once it stops, the other takes over.
func TestTwoWatchersNeverRunUpAtOnce(t *testing.T) {
	f := &fakeStack{upTakes: 15 * time.Millisecond, current: watch.State{Records: []federation.Record{east}}}
	funcs := f.flapping()
	lock := filepath.Join(t.TempDir(), "watch.lock")
	var lead [2]atomic.Int32
	var ups [2]atomic.Int32
	ctxs := [2]context.Context{}
	cancels := [2]context.CancelFunc{}
	var wg sync.WaitGroup
	for i := range 2 {
		ctxs[i], cancels[i] = context.WithTimeout(context.Background(), 10*time.Second)
		defer cancels[i]()
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := watch.Run(ctxs[i], watch.Options{Funcs: funcs, Interval: time.Millisecond, Log: &syncBuffer{},
				Lock: watch.FileLock{Path: lock, Retry: 5 * time.Millisecond},
				OnEvent: func(e watch.Event) {
					switch e.Kind {
					case watch.Leading:
						lead[i].Add(1)
					case watch.Upped:
						ups[i].Add(1)
					}
				}})
			if err != nil {
				t.Error(err)
			}
		}()
	}
	deadline := time.Now().Add(5 * time.Second)
	for f.ups.Load() < 20 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if lead[0].Load()+lead[1].Load() != 1 {
		t.Fatalf("leaders: %d and %d, want one of them", lead[0].Load(), lead[1].Load())
	}
	first := 0
	if lead[1].Load() == 1 {
		first = 1
	}
	second := 1 - first
	if ups[second].Load() != 0 {
		t.Fatalf("the watcher without the lock ran %d ups", ups[second].Load())
	}
	// The leader stops: the other takes the lock and runs ups.
	cancels[first]()
	before := f.ups.Load()
	for f.ups.Load() < before+10 && time.Now().Before(deadline.Add(5*time.Second)) {
		time.Sleep(10 * time.Millisecond)
	}
	cancels[second]()
	wg.Wait()
	if lead[second].Load() != 1 || ups[second].Load() == 0 {
		t.Errorf("after the leader stopped, the other led %d times with %d ups, want 1 and some", lead[second].Load(), ups[second].Load())
	}
	if n := f.overlaps.Load(); n != 0 {
		t.Fatalf("%d ups ran while another ran (of %d)", n, f.ups.Load())
	}
	if f.ups.Load() < 20 {
		t.Fatalf("only %d ups in all; the test proves little", f.ups.Load())
	}
}

// Cancelling the context stops the loop, in its wait or in an up, and Run returns nil.
func TestCancelStopsCleanly(t *testing.T) {
	f := &fakeStack{upTakes: time.Hour, current: watch.State{Records: []federation.Record{east}}, want: watch.State{Records: []federation.Record{westOnly}}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		done <- watch.Run(ctx, watch.Options{Funcs: f.funcs(), Interval: time.Hour, Log: &syncBuffer{}})
	}()
	for f.running.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after the context was cancelled during an up")
	}
}

// With UpGrace, an up in flight when the context ends goes on, up to the grace: one that
// finishes in it is done (and its event sent); one that does not is cancelled at its end.
func TestAnUpInFlightFinishesInItsGrace(t *testing.T) {
	for _, tt := range []struct {
		name     string
		upTakes  time.Duration
		finished bool
	}{
		{"finishes", 300 * time.Millisecond, true},
		{"cancelled at the grace's end", time.Hour, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeStack{upTakes: tt.upTakes, current: watch.State{Records: []federation.Record{east}}, want: watch.State{Records: []federation.Record{westOnly}}}
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error)
			var upped atomic.Bool
			go func() {
				done <- watch.Run(ctx, watch.Options{Funcs: f.funcs(), Interval: time.Hour, UpGrace: time.Second, Log: &syncBuffer{},
					OnEvent: func(e watch.Event) { upped.Store(upped.Load() || e.Kind == watch.Upped) }})
			}()
			for f.running.Load() == 0 {
				time.Sleep(time.Millisecond)
			}
			cancel()
			start := time.Now()
			select {
			case err := <-done:
				if err != nil {
					t.Fatal(err)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("Run did not return")
			}
			f.mu.Lock()
			inSync := watch.SameRecords(f.current.Records, f.want.Records)
			f.mu.Unlock()
			if inSync != tt.finished || upped.Load() != tt.finished {
				t.Errorf("the up finished: %t (event: %t), want %t", inSync, upped.Load(), tt.finished)
			}
			if took := time.Since(start); !tt.finished && (took < 900*time.Millisecond || took > 3*time.Second) {
				t.Errorf("the unfinished up was cancelled after %s, want about the grace (1 s)", took)
			}
		})
	}
}
