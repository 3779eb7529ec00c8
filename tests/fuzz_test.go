package tests

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/zonestack/zonestack/internal/app/program"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
)

// FuzzStackFile feeds stack files to the whole front door: reading, parsing, validating, running.
// Nothing may panic, and a config that validation accepts must build without a component refusing
// it halfway: acceptance is decided before anything registers, never after. The seeds are the
// stacks and the invalid corpus; `go test -fuzz FuzzStackFile ./tests/` explores further.
func FuzzStackFile(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/invalid/*.yaml")
	more, _ := filepath.Glob(filepath.Join(stacksDir, "Pulumi.*.yaml"))
	seeds = append(append(seeds, more...), "testdata/valid-base.yaml")
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		done := make(chan error, 1)
		go func() { done <- frontDoor(doc) }()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("%v\n--- config:\n%s", err, doc)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("reading, validating or building the config did not finish in 30 s\n--- config:\n%q", doc)
		}
	})
}

// frontDoor reads, parses, validates and, when validation accepts, builds a stack file. It
// returns an error only when a config validation accepted could not be built.
func frontDoor(doc []byte) error {
	raw, err := stackconfig.ParseStackFile("fuzz.yaml", doc)
	if err != nil {
		return nil
	}
	cfg, err := stackconfig.Parse("fuzz", raw)
	if err != nil {
		return nil
	}
	if _, err := program.Validate(cfg); err != nil {
		return nil
	}
	if _, err := checkStackFile("fuzz.yaml", doc); err != nil {
		return fmt.Errorf("validation accepted the config, but building it failed: %w", err)
	}
	return nil
}
