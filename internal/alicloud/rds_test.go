package alicloud_test

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/internal/alicloud"
	"github.com/zonestack/zonestack/internal/offline"
)

// A database password reaches the provider as a secret even when it was given in plain text.
func TestRdsAccountPasswordIsAlwaysSecret(t *testing.T) {
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		_, err := alicloud.NewRdsAccount(ctx, "wp", &alicloud.RdsAccountArgs{
			DbInstanceID:    pulumi.String("rm-1"),
			AccountName:     pulumi.String("wordpress"),
			AccountPassword: pulumi.String("plain-text-by-mistake"),
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	acct, ok := rec.Named(alicloud.RdsAccountToken, "wp")
	if !ok {
		t.Fatal("account not registered")
	}
	if pw := acct.Inputs["accountPassword"]; !pw.ContainsSecrets() {
		t.Fatalf("password sent as %v", pw)
	}
}
