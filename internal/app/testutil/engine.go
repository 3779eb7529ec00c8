package testutil

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/zonestack/zonestack/internal/app/engine"
)

// EngineStep runs one engine operation (a Stack's Up, Preview, Refresh or Destroy), logs its
// changes and time under name, and fails the test unless it succeeds with exactly the changes
// want counts by operation ("create", "same", ...).
func EngineStep(ctx context.Context, t testing.TB, name string, op func(context.Context) (engine.Summary, error), want map[string]int) engine.Summary {
	t.Helper()
	t0 := time.Now()
	sum, err := op(ctx)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	t.Logf("%-8s %-20s in %s", name, sum, time.Since(t0).Round(100*time.Millisecond))
	if !reflect.DeepEqual(sum.Changes, want) {
		t.Fatalf("%s: the engine reports %v, want %v", name, sum.Changes, want)
	}
	return sum
}
