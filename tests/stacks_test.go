package tests

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/zonestack/zonestack/internal/app/offline"
	"github.com/zonestack/zonestack/internal/app/plan"
	"github.com/zonestack/zonestack/internal/app/policy"
	"github.com/zonestack/zonestack/internal/app/program"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

const stacksDir = "../stacks"

// ciphertext is how Pulumi writes an encrypted config value.
var ciphertext = regexp.MustCompile(`"v1:[A-Za-z0-9+/]{8,}={0,2}"`)

// stacks lists every stack file in stacks/; a test over stacks fails if there is none.
func stacks(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(stacksDir, "Pulumi.*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no stack files in %s (%v)", stacksDir, err)
	}
	var names []string
	for _, f := range files {
		names = append(names, strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "Pulumi."), ".yaml"))
	}
	return names
}

type stackRun struct {
	name    string
	cfg     *stackconfig.Config
	members map[string]*stackconfig.Config // a global stack's
	res     *offline.Result
	plan    plan.Plan
}

// runAll runs the program for every stack once per test binary.
var runAll = func() func(t *testing.T) []stackRun {
	var runs []stackRun
	var err error
	done := false
	return func(t *testing.T) []stackRun {
		t.Helper()
		if !done {
			done = true
			for _, s := range stacks(t) {
				var r stackRun
				r.name = s
				if r.res, err = program.Offline(stacksDir, s); err != nil {
					break
				}
				r.cfg = r.res.Config
				if r.members, err = stackconfig.LoadMembers(stacksDir, r.cfg); err != nil {
					break
				}
				r.plan = plan.FromResult(r.res)
				r.plan.Reach(r.cfg, r.members)
				runs = append(runs, r)
			}
		}
		if err != nil {
			t.Fatal(err)
		}
		return runs
	}
}()

func TestEveryStackRunsOffline(t *testing.T) {
	runs := runAll(t)
	if len(runs) != len(stacks(t)) {
		t.Fatalf("ran %d of %d stacks", len(runs), len(stacks(t)))
	}
	for _, r := range runs {
		if len(r.plan.Outputs) == 0 {
			t.Errorf("%s: no outputs", r.name)
		}
	}
}

// Every alicloud resource and provider a stack registers asks the engine for the provider release
// whose SDK the program is built on (the official packages pin it; names and types are the
// compiler's to check).
func TestEveryAlicloudRegistrationPinsTheProviderVersion(t *testing.T) {
	checked := 0
	for _, r := range runAll(t) {
		for _, reg := range r.res.Recorder.Registrations() {
			if !reg.Custom || !(strings.HasPrefix(reg.Type, "alicloud:") || reg.Type == rt.AlicloudProvider) {
				continue
			}
			checked++
			if reg.Version != rt.AlicloudVersion {
				t.Errorf("%s %s: pins provider %q, want %s", r.name, reg.Name, reg.Version, rt.AlicloudVersion)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no alicloud registration was checked")
	}
}

// Every resource is a child of a component, except the components and providers at the top.
func TestEveryResourceHasAParentComponent(t *testing.T) {
	for _, r := range runAll(t) {
		components := map[string]bool{}
		for _, reg := range r.res.Recorder.Registrations() {
			if !reg.Custom {
				components[reg.URN] = true
			}
		}
		seen := map[string]bool{}
		for _, reg := range r.res.Recorder.Registrations() {
			if seen[reg.URN] {
				t.Errorf("%s: URN registered twice: %s", r.name, reg.URN)
			}
			seen[reg.URN] = true
			top := !reg.Custom || strings.HasPrefix(reg.Type, "pulumi:providers:")
			atRoot := strings.Contains(reg.Parent, "::pulumi:pulumi:Stack::")
			if atRoot && !top {
				t.Errorf("%s: %s %s has no parent component", r.name, reg.Type, reg.Name)
			}
			if !atRoot && !components[reg.Parent] {
				t.Errorf("%s: %s %s has parent %s, which is not a component", r.name, reg.Type, reg.Name, reg.Parent)
			}
		}
	}
}

// The HA invariants of an alicloud stack: the network and the control plane span at least three
// zones, each zone has its node and pod vSwitch, and the cluster is protected and private unless
// the stack says otherwise.
func TestHAInvariants(t *testing.T) {
	for _, r := range runAll(t) {
		if r.cfg.Cloud != stackconfig.CloudAlicloud || !r.cfg.HighlyAvailable() {
			continue
		}
		zones := map[string][]string{}
		for _, sw := range r.res.Recorder.ByType(rt.VpcSwitch) {
			z := sw.Inputs["zoneId"].StringValue()
			zones[z] = append(zones[z], sw.Name)
		}
		if len(zones) < stackconfig.MinHAZones {
			t.Errorf("%s: vSwitches span %d zones", r.name, len(zones))
		}
		for z, sws := range zones {
			if len(sws) != 2 {
				t.Errorf("%s: zone %s has vSwitches %v, want one node and one pod vSwitch", r.name, z, sws)
			}
		}
		for _, c := range r.res.Recorder.ByType(rt.CsManagedKubernetes) {
			if n := len(c.Inputs["vswitchIds"].ArrayValue()); n < stackconfig.MinHAZones {
				t.Errorf("%s: control plane over %d vSwitches", r.name, n)
			}
			if r.cfg.Production && !c.Inputs["deletionProtection"].BoolValue() {
				t.Errorf("%s: production cluster without deletion protection", r.name)
			}
			if c.Inputs["slbInternetEnabled"].BoolValue() != r.cfg.AckCluster().PublicEndpoint {
				t.Errorf("%s: public endpoint %v, config says %v", r.name, c.Inputs["slbInternetEnabled"].BoolValue(), r.cfg.AckCluster().PublicEndpoint)
			}
		}
	}
}

// No secret appears in plain text in a plan: the stand-in kubeconfig's credential never shows,
// the kubeconfig output and the kubernetes provider's kubeconfig are "[secret]".
func TestPlansHideSecrets(t *testing.T) {
	for _, r := range runAll(t) {
		var buf bytes.Buffer
		if err := r.plan.WriteJSON(&buf); err != nil {
			t.Fatal(err)
		}
		text := buf.String()
		var txt bytes.Buffer
		if err := r.plan.WriteText(&txt); err != nil {
			t.Fatal(err)
		}
		for _, leak := range []string{"offline-plan-has-no-credential", "kind: Config"} {
			if strings.Contains(text, leak) || strings.Contains(txt.String(), leak) {
				t.Errorf("%s: plan shows %q", r.name, leak)
			}
		}
		if m := ciphertext.FindString(text); m != "" {
			t.Errorf("%s: plan shows an encrypted config value %s", r.name, m)
		}
		if _, hasCluster := r.plan.Outputs["clusterId"]; hasCluster && r.plan.Outputs["kubeconfig"] != plan.Secret {
			t.Errorf("%s: kubeconfig output is %v", r.name, r.plan.Outputs["kubeconfig"])
		}
		for _, res := range r.plan.Resources {
			if kc, set := res.Inputs["kubeconfig"]; res.Type == "pulumi:providers:kubernetes" && set && kc != plan.Secret {
				t.Errorf("%s: %s kubeconfig is %v", r.name, res.Name, res.Inputs["kubeconfig"])
			}
		}
	}
}

// The plans are compared with testdata/plans/<stack>.json; PULUMI_ACCEPT=1 rewrites them.
func TestGoldenPlans(t *testing.T) {
	accept := os.Getenv("PULUMI_ACCEPT") != ""
	var names []string
	for _, r := range runAll(t) {
		names = append(names, r.name)
		var buf bytes.Buffer
		if err := r.plan.WriteJSON(&buf); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("testdata", "plans", r.name+".json")
		if accept {
			if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%s: no golden plan (%v); run PULUMI_ACCEPT=1 go test ./tests/", r.name, err)
			continue
		}
		if !bytes.Equal(want, buf.Bytes()) {
			_ = os.WriteFile(path+".actual", buf.Bytes(), 0o644)
			t.Errorf("%s: plan differs from %s (actual in %s.actual); if intended, run PULUMI_ACCEPT=1 go test ./tests/", r.name, path, path)
		}
	}
	goldens, _ := filepath.Glob(filepath.Join("testdata", "plans", "*.json"))
	for _, g := range goldens {
		if !slices.Contains(names, strings.TrimSuffix(filepath.Base(g), ".json")) {
			t.Errorf("%s has no stack file; remove it", g)
		}
	}
}

// Every stack passes every policy check.
func TestEveryStackPassesThePolicyChecks(t *testing.T) {
	runs := runAll(t)
	if len(runs) < 4 {
		t.Fatalf("checked %d stacks; the repository has at least dev, prod, burst and selfmanaged", len(runs))
	}
	for _, r := range runs {
		for _, f := range policy.Errors(policy.RunStack(&policy.Stack{Config: r.cfg, Result: r.res, Members: r.members})) {
			t.Errorf("%s: %s", r.name, f)
		}
	}
}

// Every cloud stack's plan says how its runner reaches each API server it applies objects to (a
// global stack's: every member's), and every route gets through.
func TestEveryCloudStackPlansItsRouteToTheAPIServer(t *testing.T) {
	for _, r := range runAll(t) {
		want := 1
		switch r.cfg.Cloud {
		case stackconfig.CloudLocal:
			want = 0
		case stackconfig.CloudGlobal:
			want = len(r.cfg.Federation.Members)
		}
		if len(r.plan.APIAccess) != want {
			t.Errorf("%s: %d routes to an API server in the plan, want %d", r.name, len(r.plan.APIAccess), want)
		}
		for _, a := range r.plan.APIAccess {
			if !a.Reachable {
				t.Errorf("%s: %s", r.name, a)
			}
		}
	}
}

// Every kubernetes provider names its cluster (clusterIdentifier): without it the provider
// replaces itself, and with it every object it applies, whenever its kubeconfig's active cluster
// entry changes (another endpoint of the same cluster, a kubeconfig of another form), and a
// replacement of a same-named object deletes it after creating it (shown under the real engine:
// tests/e2e).
func TestEveryKubernetesProviderNamesItsCluster(t *testing.T) {
	for _, r := range runAll(t) {
		n := 0
		for _, res := range r.plan.Resources {
			if res.Type != "pulumi:providers:kubernetes" {
				continue
			}
			n++
			if id, ok := res.Inputs["clusterIdentifier"]; !ok || id == "" {
				t.Errorf("%s: provider %s has no clusterIdentifier", r.name, res.Name)
			}
		}
		if n == 0 && r.cfg.Cloud != stackconfig.CloudAlicloud {
			t.Errorf("%s: no kubernetes provider", r.name)
		}
	}
}
