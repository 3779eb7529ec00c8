package tests

import (
	"testing"

	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

// ACK's delete never turns deletion protection off (the provider's delete calls DeleteCluster as it
// is), so a protected cluster stops `pulumi destroy`: a stack that is not a production stack, such
// as burst (created and destroyed as one, as in seed 001), gets none by default, and a production
// stack always does unless it says otherwise.
func TestClusterDeletionProtectionFollowsProduction(t *testing.T) {
	seen := 0
	for _, r := range runAll(t) {
		if ack := r.cfg.AckCluster(); ack == nil || ack.DeletionProtection != nil {
			continue
		}
		for _, c := range r.res.Recorder.ByType(rt.CsManagedKubernetes) {
			seen++
			if got := c.Inputs["deletionProtection"]; !got.IsBool() || got.BoolValue() != r.cfg.Production {
				t.Errorf("%s: %s deletionProtection %v, want %v (zonestack:production)", r.name, c.Name, got, r.cfg.Production)
			}
		}
	}
	if seen < 3 {
		t.Fatalf("only %d ACK clusters checked", seen)
	}
}
