package tests

import (
	"os"
	"os/exec"
	"testing"
)

// A library user's view: examples/own-network is a module of its own that imports zonestack, makes
// its own VPC and vSwitches with the official alicloud SDK's packages and hands them to
// nodepools.NewZonalPools. It must build outside the main module (no internal package can be
// named from there) and its own test, which runs the program under Pulumi's mocks, must pass.
func TestExampleModuleBuildsOutsideTheMainModule(t *testing.T) {
	for _, args := range [][]string{{"vet", "./..."}, {"test", "-count=1", "./..."}} {
		cmd := exec.Command("go", args...)
		cmd.Dir = "../examples/own-network"
		cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=readonly")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %v in examples/own-network: %v\n%s", args, err, out)
		}
	}
}
