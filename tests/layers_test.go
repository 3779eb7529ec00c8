package tests

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// The module's layers, from the floor up: validation and internal/base are what the components
// are built on; components/ is the library; internal/app (the program, its stack config and the
// offline and local tools) composes the components; cmd/ and main.go sit on top. A package may
// import only its own layer and those below it, so the program never sits on the floor below the
// components it composes.
func TestPackagesImportOnlyTheirLayerAndBelow(t *testing.T) {
	const module = "github.com/zonestack/zonestack"
	layer := func(pkg string) int {
		rel := strings.TrimPrefix(strings.TrimPrefix(pkg, module), "/")
		switch {
		case rel == "validation", strings.HasPrefix(rel, "internal/base/"), strings.HasPrefix(rel, "third_party/"):
			return 0
		case strings.HasPrefix(rel, "components/"):
			return 1
		case strings.HasPrefix(rel, "internal/app/"):
			return 2
		case strings.HasPrefix(rel, "internal/"):
			return -1 // in no layer: the test says so below
		}
		return 3 // cmd/, main.go, tests/
	}
	out, err := exec.Command("go", "list", "-json=ImportPath,Imports", "../...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	seen := 0
	for dec.More() {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		seen++
		from := layer(p.ImportPath)
		if from < 0 {
			t.Errorf("%s is in internal/ but in no layer: put it in internal/base (below the components) or internal/app (above them)", p.ImportPath)
			continue
		}
		for _, imp := range p.Imports {
			if !strings.HasPrefix(imp, module+"/") {
				continue
			}
			if to := layer(imp); to > from {
				t.Errorf("%s (layer %d) imports %s (layer %d, above it)", p.ImportPath, from, imp, to)
			}
		}
	}
	if seen < 30 {
		t.Fatalf("go list saw %d packages; want the whole module", seen)
	}
}
