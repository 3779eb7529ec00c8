package stackconfig

import (
	"testing"

	"github.com/zonestack/zonestack/components/federation"
)

// A federation member's cloud is its stack's cloud: the component's names for the clouds it
// federates are the stack's.
func TestMemberCloudsAreStackClouds(t *testing.T) {
	if federation.CloudGCP != CloudGCP || federation.CloudAlicloud != CloudAlicloud {
		t.Errorf("member clouds %q, %q; stack clouds %q, %q", federation.CloudGCP, federation.CloudAlicloud, CloudGCP, CloudAlicloud)
	}
}
