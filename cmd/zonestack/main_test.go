package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"sigs.k8s.io/yaml"

	"github.com/zonestack/zonestack/internal/app/manifests"
	"github.com/zonestack/zonestack/internal/app/program"
)

// devResources is how many resources the dev stack registers, counted by the program itself.
func devResources(t *testing.T) int {
	t.Helper()
	res, err := program.Offline("../../stacks", "dev")
	if err != nil {
		t.Fatal(err)
	}
	return len(res.Recorder.Registrations())
}

func TestPlanTextIsATreeWithCounts(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"plan", "dev"}, &out); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{
		fmt.Sprintf("stack dev: %d resources will be created", devResources(t)),
		"+ zonestack:network:Network                     network  (21 resources)",
		"    + alicloud:vpc/switch:Switch                    network-vsw-pod-cn-beijing-k",
		"     6  alicloud:vpc/switch:Switch",
		`  kubeconfig           "[secret]"`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q in:\n%s", want, text)
		}
	}
}

// The JSON form is a contract: these keys, on every resource.
func TestPlanJSONContract(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"plan", "--format", "json", "dev"}, &out); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Stack     string                       `json:"stack"`
		Resources []map[string]json.RawMessage `json:"resources"`
		Outputs   map[string]any               `json:"outputs"`
		Warnings  []string                     `json:"warnings"`
		Critical  struct {
			TotalSeconds float64           `json:"totalSeconds"`
			SumSeconds   float64           `json:"sumSeconds"`
			Steps        []json.RawMessage `json:"steps"`
		} `json:"criticalPath"`
		ZoneLoss []json.RawMessage `json:"zoneLoss"`
		// APIAccess is the route from the runner to the API server.
		APIAccess []struct {
			Stack, Cluster, Runner, Endpoint, Fix, Field, Note string
			Public, Reachable                                  bool
			Sources                                            []string
		} `json:"apiAccess"`
		// Findings are the policy checks' warnings; dev, not a production stack, has one: its
		// cluster has no deletion protection.
		Findings []struct {
			Check, Severity, Resource, Message string
		} `json:"findings"`
	}
	dec := json.NewDecoder(&out)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if doc.Stack != "dev" || len(doc.Resources) != devResources(t) {
		t.Fatalf("stack %q with %d resources", doc.Stack, len(doc.Resources))
	}
	for _, r := range doc.Resources {
		for _, key := range []string{"urn", "type", "name", "parent", "custom", "inputs", "dependencies"} {
			if _, ok := r[key]; !ok {
				t.Errorf("resource %s lacks %q", r["urn"], key)
			}
		}
		var custom bool
		_ = json.Unmarshal(r["custom"], &custom)
		var typ string
		_ = json.Unmarshal(r["type"], &typ)
		if _, ok := r["provider"]; custom && !strings.HasPrefix(typ, "pulumi:providers:") && !ok {
			t.Errorf("custom resource %s names no provider", r["urn"])
		}
	}
	if doc.Critical.TotalSeconds <= 0 || doc.Critical.SumSeconds < doc.Critical.TotalSeconds || len(doc.Critical.Steps) == 0 {
		t.Errorf("critical path %+v", doc.Critical)
	}
	if len(doc.ZoneLoss) != 3 {
		t.Errorf("zone loss for %d zones", len(doc.ZoneLoss))
	}
	if a := doc.APIAccess; len(a) != 1 || a[0].Cluster != "ACK" || a[0].Runner != "internet" || !a[0].Public || !a[0].Reachable {
		t.Errorf("apiAccess %+v, want dev's ACK cluster reached from the Internet through its public endpoint", a)
	}
	if doc.Outputs["kubeconfig"] != "[secret]" {
		t.Errorf("kubeconfig output %v", doc.Outputs["kubeconfig"])
	}
}

func TestPlanDefaultsToDev(t *testing.T) {
	var a, b bytes.Buffer
	if err := run([]string{"plan"}, &a); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{"plan", "dev"}, &b); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Fatal("plan without a stack is not the dev plan")
	}
}

func TestPlanErrors(t *testing.T) {
	dir := t.TempDir()
	bad := "config:\n  zonestack:cloud: alicloud\n  zonestack:region: cn-beijing\n  zonestack:zones: [cn-beijing-h, cn-beijing-g]\n  zonestack:netwrok: {}\n"
	if err := os.WriteFile(filepath.Join(dir, "Pulumi.bad.yaml"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{nil, "no command"},
		{[]string{"apply"}, `unknown command "apply"`},
		{[]string{"plan", "--format", "yaml"}, "--format must be text or json"},
		{[]string{"plan", "a", "b"}, "plan takes one stack"},
		{[]string{"plan", "nosuch"}, "Pulumi.nosuch.yaml: no such file"},
		{[]string{"plan", "bad", "--stacks", dir}, `netwrok: unknown key (did you mean "network"?)`},
	}
	for _, tt := range tests {
		var out bytes.Buffer
		err := run(tt.args, &out)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: want %q, got %v", tt.args, tt.want, err)
		}
		if out.Len() != 0 {
			t.Errorf("%v: printed a plan despite the error", tt.args)
		}
	}
}

// render writes every Kubernetes object once, as YAML, with no secret in it.
func TestRender(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"render", "dev"}, &out); err != nil {
		t.Fatal(err)
	}
	docs := strings.Split(strings.TrimPrefix(out.String(), "---\n"), "\n---\n")
	res, err := program.Offline("../../stacks", "dev")
	if err != nil {
		t.Fatal(err)
	}
	want := manifests.FromResult(res)
	if len(docs) != len(want) || len(want) == 0 {
		t.Fatalf("%d documents for %d objects", len(docs), len(want))
	}
	for i, d := range docs {
		var body map[string]any
		if err := yaml.Unmarshal([]byte(d), &body); err != nil {
			t.Fatalf("document %d: %v", i, err)
		}
		if body["kind"] == nil || body["apiVersion"] == nil || body["metadata"] == nil {
			t.Errorf("document %d is not a manifest: %v", i, body)
		}
	}
	if !strings.Contains(out.String(), "name: nginx-dynamic") || !strings.Contains(out.String(), "name: sts-sc") {
		t.Error("render lacks the StatefulSet or the StorageClass")
	}

	dir := t.TempDir()
	out.Reset()
	if err := run([]string{"render", "dev", "--out", dir}, &out); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if len(files) != len(want) {
		t.Fatalf("%d files for %d objects", len(files), len(want))
	}
	if _, err := os.Stat(filepath.Join(dir, "statefulset_default_nginx-dynamic.yaml")); err != nil {
		t.Error(err)
	}
}

func TestRenderHidesSecrets(t *testing.T) {
	res, err := program.Offline("../../stacks", "dev")
	if err != nil {
		t.Fatal(err)
	}
	// Mark one value secret, as a password from config would be, and render it.
	for _, r := range res.Recorder.Registrations() {
		if r.Type == "kubernetes:apps/v1:StatefulSet" {
			r.Inputs["spec"].ObjectValue()["serviceName"] = resource.MakeSecret(resource.NewProperty("hidden-value"))
		}
	}
	for _, o := range manifests.Redacted(res) {
		b, _ := yaml.Marshal(o.Body)
		if strings.Contains(string(b), "hidden-value") {
			t.Fatalf("%s shows a secret:\n%s", o.Name, b)
		}
	}
}

func TestGraph(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	if err := run([]string{"graph", "dev", "--out", dir}, &out); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"dev.dot", "dev.svg"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// A stack that passes validation but breaks a policy check is not planned; a warning is listed.
func TestPlanRunsThePolicyChecks(t *testing.T) {
	dev, err := os.ReadFile("../../stacks/Pulumi.dev.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	prod := strings.Replace(string(dev), "  zonestack:cloud: alicloud\n", "  zonestack:cloud: alicloud\n  zonestack:production: true\n  zonestack:fencing: {image: r/f:1}\n", 1)
	public := strings.Replace(string(dev), "    spec: ack.pro.small\n", "    spec: ack.pro.small\n    publicEndpoint: true\n", 1)
	for name, doc := range map[string]string{"unencrypted": prod, "public": public} {
		if err := os.WriteFile(filepath.Join(dir, "Pulumi."+name+".yaml"), []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	err = run([]string{"plan", "unencrypted", "--stacks", dir}, &out)
	if err == nil || !strings.Contains(err.Error(), "breaks") || !strings.Contains(err.Error(), "error [encryption]") {
		t.Fatalf("want the encryption check to stop the plan, got %v", err)
	}
	out.Reset()
	if err := run([]string{"plan", "public", "--stacks", dir}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "warning [private-endpoint] cluster-ack: the API server has a public endpoint, as the stack asks") {
		t.Fatalf("warning not listed:\n%s", out.String())
	}
}
