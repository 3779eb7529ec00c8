package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The README's first command: `zonestack local up` brings a stack's Kubernetes layer up on a
// local cluster through the engine and prints where each pod landed; `local preview` then has
// nothing to do; `local down` destroys the layer and stops the cluster.
func TestLocalUpAndDown(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "zonestack")
	build := exec.Command("go", "build", "-o", bin, "./cmd/zonestack")
	build.Dir = repoRoot
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Dir = repoRoot
		cmd.Env = append(os.Environ(), "KUBECONFIG="+filepath.Join(t.TempDir(), "kubeconfig"))
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("zonestack %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	state := t.TempDir()
	t.Cleanup(func() { run("local", "down", "local", "--state", state) })
	out := run("local", "up", "local", "--boot-delay", "5s", "--wait", "2m", "--state", state)
	t.Log(out)
	for _, want := range []string{"pulumi up: create=14", "ZONE", "local-h", "local-g", "local-k", "nginx-dynamic-0", "ack-place-holder-h"} {
		if !strings.Contains(out, want) {
			t.Errorf("local up output lacks %q", want)
		}
	}
	if strings.Contains(out, "warning: pods not running") {
		t.Errorf("pods did not settle:\n%s", out)
	}
	if preview := run("local", "preview", "local", "--state", state); !strings.Contains(preview, "pulumi preview: same=14") {
		t.Errorf("local preview after up: %s", preview)
	}
	down := run("local", "down", "local", "--state", state)
	if !strings.Contains(down, "pulumi destroy: delete=14") || !strings.Contains(down, "stopped and its data deleted") {
		t.Errorf("local down: %s", down)
	}
}
