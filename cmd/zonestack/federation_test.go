package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/internal/app/localcluster"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
)

func TestFederationWatchFlags(t *testing.T) {
	tests := []struct {
		args    []string
		wantErr string
		usage   bool
	}{
		{[]string{"federation"}, "federation takes watch", true},
		{[]string{"federation", "watch"}, "federation watch takes one global stack, got []", true},
		{[]string{"federation", "watch", "global", "--lease", "no-slash"}, `--lease: lease "no-slash": want NAMESPACE/NAME`, true},
		{[]string{"federation", "watch", "global", "--lease-kubeconfig", "k"}, "--lease-kubeconfig needs --lease", true},
		{[]string{"federation", "watch", "global", "--interval", "0s"}, "--interval and --max-backoff must be positive and --up-grace not negative", true},
		{[]string{"federation", "watch", "dev", "--stacks", "../../stacks"},
			`stack dev is not a global stack (zonestack:cloud is "alicloud", not "global")`, false},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			err := run(tt.args, &bytes.Buffer{})
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error %v, want %q", err, tt.wantErr)
			}
			var u usageError
			if errors.As(err, &u) != tt.usage {
				t.Errorf("usage error: %t, want %t", errors.As(err, &u), tt.usage)
			}
		})
	}
	opts, err := parseWatch([]string{"global", "--interval", "10s", "--lease", "ns/watch"})
	if err != nil {
		t.Fatal(err)
	}
	if opts.interval != 10*time.Second || opts.leaseNamespace != "ns" || opts.leaseID != "watch" {
		t.Errorf("parsed %+v", opts)
	}
}

// userBackend is a user's environment for the pulumi CLI in a temporary directory: a file
// backend, a passphrase, the CLI the local tools build on PATH. It returns a project directory
// holding Pulumi.yaml and the global stack's file.
func userBackend(t *testing.T) string {
	t.Helper()
	bin := localcluster.DefaultBinDir()
	if _, err := os.Stat(filepath.Join(bin, "pulumi")); err != nil {
		t.Fatalf("%s/pulumi is missing; build it with: scripts/build-local-cluster pulumi", bin)
	}
	dir := t.TempDir()
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("PULUMI_HOME", filepath.Join(dir, "home"))
	t.Setenv("PULUMI_BACKEND_URL", "file://"+filepath.Join(dir, "backend"))
	t.Setenv("PULUMI_CONFIG_PASSPHRASE", "test")
	t.Setenv("PULUMI_SKIP_UPDATE_CHECK", "true")
	project := filepath.Join(dir, "project")
	for _, d := range []string{filepath.Join(dir, "backend"), filepath.Join(project, "stacks")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"Pulumi.yaml", "stacks/Pulumi.global.yaml"} {
		b, err := os.ReadFile(filepath.Join("../..", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(project, f), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return project
}

// In the user's environment (their backend from PULUMI_BACKEND_URL): a global stack that is not
// in the backend is refused, saying what to do; once it is, the config the watcher runs the
// program with is the stack file's, read through the engine (object values, decrypted secrets).
func TestFederationWatchInTheUsersBackend(t *testing.T) {
	project := userBackend(t)
	err := run([]string{"federation", "watch", "global", "--stacks", filepath.Join(project, "stacks")}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "stack global is not in the backend: run `pulumi up --stack global` once first") {
		t.Fatalf("watch of a stack never created: %v", err)
	}

	ctx := context.Background()
	stack, err := auto.UpsertStackInlineSource(ctx, "global", stackconfig.Project, func(*pulumi.Context) error { return nil }, auto.WorkDir(project))
	if err != nil {
		t.Fatal(err)
	}
	// An unknown key, secret, makes Parse fail: the engine's config (decrypted), not the file
	// read offline, is what engineConfig parses.
	if err := stack.SetConfig(ctx, "zonestack:secretNote", auto.ConfigValue{Value: "s3cret", Secret: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := engineConfig(ctx, &stack); err == nil || !strings.Contains(err.Error(), "secretNote") {
		t.Errorf("engineConfig with an unknown secret key: %v", err)
	}
	if err := stack.RemoveConfig(ctx, "zonestack:secretNote"); err != nil {
		t.Fatal(err)
	}
	got, err := engineConfig(ctx, &stack)
	if err != nil {
		t.Fatal(err)
	}
	want, _, err := stackconfig.Load(filepath.Join(project, "stacks"), "global")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Federation, want.Federation) {
		t.Errorf("the engine's federation config\n%+v\ndiffers from the stack file's\n%+v", got.Federation, want.Federation)
	}
}
