package gen

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// The repository's schema and the committed module, relative to this package.
var (
	schemaFile = filepath.Join("..", "..", "..", "schemas", "alicloud-3.105.0.json")
	sdkDir     = filepath.Join("..", "..", "..", "third_party", "pulumi-alicloud", "sdk")
)

func generate(t *testing.T) map[string][]byte {
	t.Helper()
	subset, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	files, err := Generate(subset)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestCommittedSDKIsGenerated regenerates the SDK into a temporary directory and compares it,
// file by file, with the committed one: a hand edit, a stale file or a schema change without
// regeneration fails here. Regenerate with scripts/generate-alicloud-sdk.
func TestCommittedSDKIsGenerated(t *testing.T) {
	tmp := t.TempDir()
	if err := Write(tmp, generate(t)); err != nil {
		t.Fatal(err)
	}
	want, got := tree(t, tmp), tree(t, sdkDir)
	var problems []string
	for name, w := range want {
		g, ok := got[name]
		switch {
		case !ok:
			problems = append(problems, "missing: "+name)
		case !bytes.Equal(g, w):
			problems = append(problems, "differs from the generator's output: "+name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			problems = append(problems, "not generated: "+name)
		}
	}
	sort.Strings(problems)
	if len(problems) > 0 {
		t.Fatalf("third_party/pulumi-alicloud/sdk is not what alicloudgen writes (run scripts/generate-alicloud-sdk):\n  %s", strings.Join(problems, "\n  "))
	}
	if len(want) < 100 {
		t.Fatalf("only %d files generated", len(want))
	}
}

// tree reads the generated part of a module directory: go.mod and everything under go/.
func tree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	out["go.mod"] = b
	err = filepath.WalkDir(filepath.Join(dir, "go"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestNamesFollowTheFullProvider shows why the schema lists every token of the full provider: oss
// has a BucketLogging resource outside the subset, so the bucket's nested logging type is
// BucketLoggingType in the official SDK, and so here; without the overlays it would be
// BucketLogging. The overlays themselves are not written.
func TestNamesFollowTheFullProvider(t *testing.T) {
	files := generate(t)
	types := string(files["go/alicloud/oss/pulumiTypes.go"])
	if !strings.Contains(types, "type BucketLoggingType struct") {
		t.Error("oss.BucketLoggingType is not generated")
	}
	if strings.Contains(types, "type BucketLogging struct") {
		t.Error("oss.BucketLogging is generated as a type: the full provider's resource of that name was not counted")
	}
	if _, ok := files["go/alicloud/oss/bucketLogging.go"]; ok {
		t.Error("the overlay resource oss/bucketLogging was written")
	}

	subset, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	spec, err := packageSpec(subset)
	if err != nil {
		t.Fatal(err)
	}
	for tok, r := range spec.Resources {
		if r.IsOverlay {
			delete(spec.Resources, tok)
		}
	}
	without, err := generateSpec(spec)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(without["go/alicloud/oss/pulumiTypes.go"]), "type BucketLogging struct") {
		t.Error("without the overlays the type is still BucketLoggingType: this test no longer shows why they are there")
	}
}

// TestProviderAsBridged checks what the bridge adds to every provider and the subset lacks: the
// environment defaults of the provider's inputs and the terraformConfig method; and that the
// plugin version is the schema's, so every resource asks the engine for alicloud 3.105.0.
func TestProviderAsBridged(t *testing.T) {
	files := generate(t)
	provider := string(files["go/alicloud/provider.go"])
	for _, env := range []string{"ALICLOUD_REGION", "ALICLOUD_PROFILE", "ALICLOUD_ECS_ROLE_NAME"} {
		if !strings.Contains(provider, `internal.GetEnvOrDefault(nil, nil, "`+env+`")`) {
			t.Errorf("the provider does not default an input from %s", env)
		}
	}
	if !strings.Contains(provider, `func (r *Provider) TerraformConfig(ctx *pulumi.Context) (ProviderTerraformConfigResultOutput, error)`) {
		t.Error("the provider has no TerraformConfig method")
	}
	if !strings.Contains(string(files["go/alicloud/pulumi-plugin.json"]), `"version": "3.105.0"`) {
		t.Error("pulumi-plugin.json does not pin 3.105.0")
	}
	if !strings.Contains(string(files["go/alicloud/internal/pulumiUtilities.go"]), `semver.MustParse("3.105.0")`) {
		t.Error("resources do not default to version 3.105.0")
	}
}

// TestRefusesIncompleteTokenLists: without the full token lists the names would silently drift
// from the official SDK's, so the generator refuses such a schema.
func TestRefusesIncompleteTokenLists(t *testing.T) {
	cases := map[string]string{
		"no lists":          `{"name":"alicloud","version":"3.105.0"}`,
		"token not in list": `{"name":"alicloud","version":"3.105.0","provider":{},"_allResourceTokens":["alicloud:vpc/network:Network"],"_allFunctionTokens":["alicloud:index/getZones:getZones"],"resources":{"alicloud:vpc/switch:Switch":{}}}`,
	}
	for name, schema := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := Generate([]byte(schema)); err == nil {
				t.Fatal("generated from a schema without complete token lists")
			}
		})
	}
}

// TestGeneratedModuleBuilds compiles every generated package as a module of its own, the way a
// program that imports any of them would: the components import only some (config, for one, is
// not), so building the main module would leave the others unchecked. Its go.sum comes from the
// Go module proxy, as the official module's does.
func TestGeneratedModuleBuilds(t *testing.T) {
	tmp := t.TempDir()
	if err := Write(tmp, generate(t)); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"mod", "tidy"}, {"build", "./..."}} {
		cmd := exec.Command("go", args...)
		cmd.Dir = tmp
		cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %s in the generated module: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}
