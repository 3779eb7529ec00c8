package watch_test

import (
	"context"
	"os"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"

	"github.com/zonestack/zonestack/components/federation"
	"github.com/zonestack/zonestack/internal/app/watch"
)

// ExampleRun watches a global stack opened elsewhere (an engine.Stack's Auto(), or
// auto.SelectStackInlineSource with the global program), as a test does: its own shard reader
// and interval, a channel of the ups. It is compiled, not run: it needs a backend.
func ExampleRun() {
	var stack *auto.Stack               // the global stack
	var spec *federation.FederationSpec // its zonestack:federation config
	var read federation.ShardReader     // federation.ReadShard, or a test's
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	src := &watch.StackSource{Stack: stack, Spec: watch.FixedSpec(spec), Read: read, Progress: os.Stderr}
	ups := make(chan watch.Event, 16)
	go func() {
		_ = watch.Run(ctx, watch.Options{
			Funcs:    src.Funcs(),
			Interval: 2 * time.Second,
			Lock:     watch.FileLock{Path: "/tmp/federation-watch.lock"},
			Log:      os.Stderr,
			OnEvent: func(e watch.Event) {
				if e.Kind == watch.Upped {
					ups <- e
				}
			},
		})
	}()
	<-ups // the first flip's up has run
}
