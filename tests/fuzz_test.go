package tests

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/zonestack/zonestack/internal/program"
	"github.com/zonestack/zonestack/internal/stackconfig"
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
		raw, err := stackconfig.ParseStackFile("fuzz.yaml", doc)
		if err != nil {
			return
		}
		cfg, err := stackconfig.Parse("fuzz", raw)
		if err != nil {
			return
		}
		if _, err := program.Validate(cfg); err != nil {
			return
		}
		if _, err := checkStackFile("fuzz.yaml", doc); err != nil {
			t.Fatalf("validation accepted the config, but building it failed:\n%v\n--- config:\n%s", err, doc)
		}
	})
}
