package testutil

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/internal/app/offline"
)

// Rejected runs body under a new recorder and fails the test unless body returns an error that
// contains want and nothing at all was registered: bad input must be refused before any
// resource exists.
func Rejected(t testing.TB, want string, body pulumi.RunFunc) {
	t.Helper()
	rec, err := offline.Record(body)
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("want an error containing %q, got %v", want, err)
	}
	if n := len(rec.Registrations()); n != 0 {
		t.Fatalf("%d resources registered despite invalid args", n)
	}
}
