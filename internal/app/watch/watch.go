package watch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/zonestack/zonestack/components/federation"
)

// The defaults of Options.
const (
	// DefaultInterval is the time between two checks: the largest part of the failover time
	// that the watcher sets, so short against the records' TTL (180 s by default) but long
	// against a check's cost (one API read per member, a `pulumi stack output` per stack).
	DefaultInterval = 30 * time.Second
	// DefaultMaxBackoff caps the wait after repeated errors: a backend or a cloud API that is
	// down is asked again within five minutes, not hammered every interval.
	DefaultMaxBackoff = 5 * time.Minute
)

// State is a global stack's federation as the watcher compares it.
type State struct {
	// Records are the planned records: the stack's records output, or PlanRecords on live health.
	Records []federation.Record
	// Shards are each member's shard, by member stack: the shards output, or read live.
	Shards map[string]federation.ShardStatus
	// Notes say what Current or Desired could not read and what they did instead; the loop
	// logs each once while it lasts.
	Notes []string
}

// Funcs are what the loop does outside itself; StackSource makes them for a real stack, and a
// test gives fakes.
type Funcs struct {
	// Current is the stack's state as its last up left it (its records and shards outputs).
	Current func(ctx context.Context) (State, error)
	// Desired is the state the members' health asks for now; current is Current's answer, from
	// which a member that cannot be read keeps its shard.
	Desired func(ctx context.Context, current State) (State, error)
	// Up runs the engine's up of the stack, which writes the records.
	Up func(ctx context.Context) error
}

// Options configure Run.
type Options struct {
	Funcs
	// Interval between two checks. Optional, default DefaultInterval.
	Interval time.Duration
	// MaxBackoff caps the wait after repeated errors. Optional, default DefaultMaxBackoff; never
	// below Interval.
	MaxBackoff time.Duration
	// UpGrace is how long an up in flight may go on once ctx has ended (the process is told to
	// stop, or the Lease is lost) before it is cancelled. Cancelling sends the CLI SIGINT, on
	// which the engine finishes its in-flight operations and saves the state, but the Automation
	// API kills the CLI 10 s later (auto's WaitDelay), and a killed update leaves the stack
	// locked on a self-managed backend until `pulumi cancel`. Optional, default 0: cancel at
	// once. A second watcher's up meanwhile is refused by the engine's lock and backs off.
	UpGrace time.Duration
	// Lock is held around the loop: only its holder checks and runs up. Optional: nil runs the
	// loop at once, for a caller that holds a lock itself or a test.
	Lock Lock
	// Log receives one line per event, each with a UTC timestamp. Optional, default os.Stderr.
	Log io.Writer
	// OnEvent is called, in the loop's goroutine, for each event after its log line. Optional.
	OnEvent func(Event)
	// Name names the watcher in its log lines, e.g. the stack. Optional.
	Name string
}

// EventKind says what an Event is.
type EventKind string

// The kinds of Event.
const (
	// Checked: the records are as health asks; no up.
	Checked EventKind = "checked"
	// Upped: the records differed and an up succeeded; Changes and Members say what flipped.
	Upped EventKind = "up"
	// Failed: a read or an up failed; Err says which, Backoff how long the loop waits.
	Failed EventKind = "failed"
	// Leading: the watcher holds the lock and starts checking.
	Leading EventKind = "leading"
	// Stopped: the loop stopped (the lock lost or the context ended).
	Stopped EventKind = "stopped"
)

// Event is one thing the loop did.
type Event struct {
	Kind EventKind
	// At is when it happened.
	At time.Time
	// Changes are the names whose records differ (Upped, and Failed when the up failed).
	Changes []Change
	// Members are the members whose shard's health or addresses differ from the stack's
	// shards output.
	Members []MemberChange
	// Took is the up's duration (Upped, and Failed when the up failed).
	Took time.Duration
	// Err is the error (Failed).
	Err error
	// Backoff is the wait before the next check (Failed).
	Backoff time.Duration
}

// Run checks every interval until ctx ends, holding opts.Lock first if one is given; it returns
// nil once ctx has ended, or an error for options it cannot run with.
func Run(ctx context.Context, opts Options) error {
	if opts.Current == nil || opts.Desired == nil || opts.Up == nil {
		return errors.New("watch: Current, Desired and Up are required")
	}
	w := newWatcher(opts)
	if opts.Lock == nil {
		return w.loop(ctx)
	}
	return opts.Lock.Hold(ctx, w.loop)
}

// watcher is one Run's loop.
type watcher struct {
	opts  Options
	mu    sync.Mutex // serializes the log lines
	notes map[string]bool
}

func newWatcher(opts Options) *watcher {
	if opts.Interval <= 0 {
		opts.Interval = DefaultInterval
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = DefaultMaxBackoff
	}
	opts.MaxBackoff = max(opts.MaxBackoff, opts.Interval)
	if opts.Log == nil {
		opts.Log = os.Stderr
	}
	return &watcher{opts: opts, notes: map[string]bool{}}
}

// logf writes one timestamped line.
func (w *watcher) logf(format string, args ...any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	prefix := "watch"
	if w.opts.Name != "" {
		prefix += " " + w.opts.Name
	}
	fmt.Fprintf(w.opts.Log, "%s %s: %s\n", time.Now().UTC().Format("2006-01-02T15:04:05.000Z"), prefix, fmt.Sprintf(format, args...))
}

func (w *watcher) emit(e Event) {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	if w.opts.OnEvent != nil {
		w.opts.OnEvent(e)
	}
}

// backoff is the wait after the n-th error in a row (n >= 1): Interval, doubling up to
// MaxBackoff.
func (w *watcher) backoff(n int) time.Duration {
	d := w.opts.Interval
	for i := 1; i < n && d < w.opts.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, w.opts.MaxBackoff)
}

// loop checks at once, then every interval (or backoff) until ctx ends.
func (w *watcher) loop(ctx context.Context) error {
	w.logf("checking every %s (backoff up to %s)", w.opts.Interval, w.opts.MaxBackoff)
	w.emit(Event{Kind: Leading})
	defer func() {
		w.logf("stopped")
		w.emit(Event{Kind: Stopped})
	}()
	failures := 0
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-timer.C:
		}
		if ctx.Err() != nil { // both were ready: select picks either
			return nil
		}
		ev := w.check(ctx)
		if ctx.Err() != nil {
			if ev.Kind == Upped { // an up that finished in its grace
				w.emit(ev)
			}
			return nil
		}
		next := w.opts.Interval
		if ev.Err != nil {
			failures++
			next = w.backoff(failures)
			ev.Kind, ev.Backoff = Failed, next
			w.logf("error (%d in a row): %v; next check in %s", failures, ev.Err, next)
		} else {
			failures = 0
		}
		w.emit(ev)
		timer.Reset(next)
	}
}

// check is one check: read, compare, up when the records differ. Its Event's Kind is Checked or
// Upped; an error is in Err, for loop to back off on.
func (w *watcher) check(ctx context.Context) Event {
	cur, err := w.opts.Current(ctx)
	if err != nil {
		return Event{Err: fmt.Errorf("reading the stack's outputs: %w", err)}
	}
	want, err := w.opts.Desired(ctx, cur)
	if err != nil {
		return Event{Err: fmt.Errorf("planning from live health: %w", err)}
	}
	w.logNotes(append(slices.Clone(cur.Notes), want.Notes...))
	members := memberChanges(cur.Shards, want.Shards)
	if SameRecords(cur.Records, want.Records) {
		return Event{Kind: Checked, Members: members}
	}
	changes := Diff(cur.Records, want.Records)
	w.logf("records differ at %d names: running up", len(changes))
	start := time.Now()
	upCtx, cancel := w.upContext(ctx)
	err = w.opts.Up(upCtx)
	cancel()
	took := time.Since(start)
	if err != nil {
		return Event{Changes: changes, Members: members, Took: took, Err: fmt.Errorf("up after %s: %w", took.Round(time.Millisecond), err)}
	}
	health := describeMembers(members)
	for _, c := range changes {
		w.logf("flip %s%s", c, health)
	}
	w.logf("up done in %s", took.Round(time.Millisecond))
	return Event{Kind: Upped, Changes: changes, Members: members, Took: took}
}

// logNotes logs each note that the last check did not have, so that a member that stays
// unreadable is said once, not every interval.
func (w *watcher) logNotes(notes []string) {
	now := map[string]bool{}
	for _, n := range notes {
		now[n] = true
		if !w.notes[n] {
			w.logf("%s", n)
		}
	}
	w.notes = now
}

// upContext is the context of an up: ctx, or with UpGrace, one that ends UpGrace after ctx does.
func (w *watcher) upContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if w.opts.UpGrace <= 0 {
		return ctx, func() {}
	}
	upCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, func() {
		w.logf("stopping: the up in flight may finish for %s before it is cancelled", w.opts.UpGrace)
		t := time.AfterFunc(w.opts.UpGrace, cancel)
		context.AfterFunc(upCtx, func() { t.Stop() })
	})
	return upCtx, func() { stop(); cancel() }
}
