package tests

import (
	"bytes"
	"encoding/json"
	"maps"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/zonestack/zonestack/internal/app/manifests"
	"github.com/zonestack/zonestack/internal/app/offline"
	"github.com/zonestack/zonestack/internal/app/plan"
	"github.com/zonestack/zonestack/internal/app/program"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
)

// knownPassword is a database password set as the engine passes it: decrypted, its key listed
// as secret.
const knownPassword = "Zs-Test-Passw0rd-7f3a"

// runWithPassword runs a stack as `pulumi up` would with its databases' passwords set.
func runWithPassword(t *testing.T, stack string) *offline.Result {
	t.Helper()
	raw, err := stackconfig.ReadStackFile(stackconfig.StackFile(stacksDir, stack))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := stackconfig.Parse(stack, raw)
	if err != nil {
		t.Fatal(err)
	}
	pw := map[string]string{}
	for _, d := range cfg.Databases {
		pw[d.Name] = knownPassword
	}
	b, _ := json.Marshal(pw)
	raw = stackconfig.Raw{Values: maps.Clone(raw.Values), Secrets: append(raw.Secrets, "zonestack:databasePasswords")}
	raw.Values["zonestack:databasePasswords"] = string(b)
	res, err := program.OfflineRaw(stack, raw)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// plainValues lists the paths of plain strings equal to want.
func plainValues(v resource.PropertyValue, path, want string) []string {
	switch {
	case v.IsSecret() || (v.IsOutput() && v.OutputValue().Secret):
		return nil
	case v.IsOutput():
		return plainValues(v.OutputValue().Element, path, want)
	case v.IsString():
		if strings.Contains(v.StringValue(), want) {
			return []string{path}
		}
	case v.IsObject():
		var out []string
		for k, e := range v.ObjectValue() {
			out = append(out, plainValues(e, path+"."+string(k), want)...)
		}
		return out
	case v.IsArray():
		var out []string
		for _, e := range v.ArrayValue() {
			out = append(out, plainValues(e, path+"[]", want)...)
		}
		return out
	}
	return nil
}

// The database password is only ever a secret: given, it reaches RDS and the pods' Secret
// marked secret and shows nowhere in the plan, the rendered manifests or the outputs; generated,
// the same holds for the generated value.
func TestDatabasePasswordsAreOnlyEverSecrets(t *testing.T) {
	checked := 0
	for _, stack := range stacks(t) {
		cfg, _, err := stackconfig.Load(stacksDir, stack)
		if err != nil {
			t.Fatal(err)
		}
		if len(cfg.Databases) == 0 {
			continue
		}
		for _, c := range []struct {
			name, password string
			res            *offline.Result
		}{
			{"given", knownPassword, runWithPassword(t, stack)},
			{"generated", offline.GeneratedPlaceholder, runAll(t)[indexOf(t, stack)].res},
		} {
			reached := map[string]bool{}
			for _, r := range c.res.Recorder.Registrations() {
				in := resource.NewProperty(r.Inputs)
				for _, p := range plainValues(in, "", c.password) {
					t.Errorf("%s (%s password): %s %s input%s holds the password in plain text", stack, c.name, r.Type, r.Name, p)
				}
				if strings.Contains(in.String(), c.password) {
					reached[r.Type] = true
				}
			}
			// The password must reach the account and the pods' Secret, or this test proves nothing.
			for _, typ := range []string{"alicloud:rds/rdsAccount:RdsAccount", "kubernetes:core/v1:Secret"} {
				if !reached[typ] {
					t.Errorf("%s (%s password): the password never reaches %s", stack, c.name, typ)
				}
			}
			p := plan.FromResult(c.res)
			var buf bytes.Buffer
			if err := p.WriteJSON(&buf); err != nil {
				t.Fatal(err)
			}
			if err := p.WriteText(&buf); err != nil {
				t.Fatal(err)
			}
			for _, o := range manifests.Redacted(c.res) {
				b, _ := json.Marshal(o.Body)
				buf.Write(b)
			}
			for name, o := range c.res.Outputs {
				if !o.Secret {
					b, _ := json.Marshal(o.Value)
					buf.WriteString(name)
					buf.Write(b)
				}
			}
			if strings.Contains(buf.String(), c.password) {
				t.Errorf("%s (%s password): the plan, manifests or outputs show the password", stack, c.name)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no stack has a database; the test proves nothing")
	}
}

func indexOf(t *testing.T, stack string) int {
	t.Helper()
	for i, r := range runAll(t) {
		if r.name == stack {
			return i
		}
	}
	t.Fatalf("no run of %s", stack)
	return -1
}
