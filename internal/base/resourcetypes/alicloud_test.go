package resourcetypes

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// registered are the tokens the official SDK's packages register and read resources and invoke
// functions by.
var registered = regexp.MustCompile(`(?:RegisterResource|ReadResource|InvokeOutput|Invoke)\("([^"]+)"`)

// addTokens adds to known every token the Go files under dir register or invoke by.
func addTokens(t *testing.T, known map[string]bool, dir string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") {
			return err
		}
		src, err := os.ReadFile(p)
		for _, m := range registered.FindAllSubmatch(src, -1) {
			known[string(m[1])] = true
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Every token this package names is one the SDK registers or invokes by, and the SDK's plugin
// version is AlicloudVersion: a misspelt constant would make the policy checks, the offline
// stand-ins and the tests look for resources that never come.
func TestTokensAreTheSDKs(t *testing.T) {
	sdk := filepath.Join("..", "..", "..", "third_party", "pulumi-alicloud", "sdk", "go", "alicloud")
	known := map[string]bool{"pulumi:providers:alicloud": true}
	addTokens(t, known, sdk)
	if len(known) < 50 {
		t.Fatalf("only %d tokens found in %s", len(known), sdk)
	}

	f, err := parser.ParseFile(token.NewFileSet(), "alicloud.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			v := s.(*ast.ValueSpec)
			name := v.Names[0].Name
			val, err := strconv.Unquote(v.Values[0].(*ast.BasicLit).Value)
			if err != nil {
				t.Fatal(err)
			}
			if name == "AlicloudVersion" {
				plugin, err := os.ReadFile(filepath.Join(sdk, "pulumi-plugin.json"))
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(string(plugin), `"version": "`+val+`"`) {
					t.Errorf("AlicloudVersion %s is not the SDK's: %s", val, plugin)
				}
				continue
			}
			n++
			if !known[val] {
				t.Errorf("%s = %q: the SDK registers no such type", name, val)
			}
		}
	}
	if n < 40 {
		t.Fatalf("only %d token constants checked", n)
	}
}
