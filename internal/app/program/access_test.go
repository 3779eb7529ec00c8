package program_test

import (
	"strings"
	"testing"

	"github.com/zonestack/zonestack/internal/app/program"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
)

// A stack whose `pulumi up` could not reach the API server it applies objects to is refused
// before anything is registered, with the key to change; from inside the VPC, or with a public
// endpoint the runner may use, it runs.
func TestAStackThatCannotReachItsAPIServerIsRefused(t *testing.T) {
	gke := map[string]string{"gcp:project": "p", "zonestack:cloud": "gcp", "zonestack:region": "us-east1",
		"zonestack:zones": `["us-east1-b","us-east1-c","us-east1-d"]`, "zonestack:cluster": `{}`}
	self := map[string]string{"zonestack:cloud": "alicloud", "zonestack:region": "cn-hangzhou",
		"zonestack:zones": `["cn-hangzhou-h","cn-hangzhou-i","cn-hangzhou-j"]`, "zonestack:selfManaged": `{}`}
	ack := values()
	delete(ack, "zonestack:runner")
	for _, tt := range []struct {
		name  string
		v     map[string]string
		set   map[string]string
		want  string // "" for a stack that runs
		field string
	}{
		{"ACK, private, from the Internet", ack, nil, "with runner internet, pulumi up cannot reach the API server, which has only the intranet endpoint", "cluster.publicEndpoint"},
		{"ACK, public", ack, map[string]string{"zonestack:cluster": `{"publicEndpoint":true}`}, "", ""},
		{"ACK, private, from the VPC", ack, map[string]string{"zonestack:runner": "vpc"}, "", ""},
		{"GKE, private, from the Internet", gke, nil, "which has only the private endpoint", "cluster.publicEndpoint"},
		{"GKE, public with no network", gke, map[string]string{"zonestack:cluster": `{"publicEndpoint":true}`}, "is required with publicEndpoint", "cluster.authorizedNetworks"},
		{"GKE, public", gke, map[string]string{"zonestack:cluster": `{"publicEndpoint":true,"authorizedNetworks":["198.18.0.0/15"]}`}, "", ""},
		{"GKE, private, from the VPC", gke, map[string]string{"zonestack:runner": "vpc"}, "", ""},
		{"kubeadm, from the Internet", self, nil, "which has only the control plane's internal VIP", "selfManaged.publicEndpoint"},
		{"kubeadm, public", self, map[string]string{"zonestack:selfManaged": `{"publicEndpoint":true,"authorizedNetworks":["198.18.0.0/15"]}`}, "", ""},
		{"kubeadm, from the VPC", self, map[string]string{"zonestack:runner": "vpc"}, "", ""},
		{"a runner nowhere", ack, map[string]string{"zonestack:runner": "laptop"}, "must be internet", "runner"},
	} {
		v := map[string]string{}
		for k, x := range tt.v {
			v[k] = x
		}
		for k, x := range tt.set {
			v[k] = x
		}
		res, err := run(t, v)
		if tt.want == "" {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.field+": ") || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: want %s: ...%s..., got %v", tt.name, tt.field, tt.want, err)
		}
		if res != nil && len(res.Recorder.Registrations()) > 0 {
			t.Errorf("%s: %d resources registered before the refusal", tt.name, len(res.Recorder.Registrations()))
		}
	}
}

// An example range in the authorized networks is previewed with a warning and refused by
// `pulumi up` (the component's test shows the refusal).
func TestAnExampleRangeWarns(t *testing.T) {
	v := map[string]string{"gcp:project": "p", "zonestack:cloud": "gcp", "zonestack:region": "us-east1",
		"zonestack:zones": `["us-east1-b","us-east1-c","us-east1-d"]`, "zonestack:cluster": `{"publicEndpoint":true,"authorizedNetworks":["203.0.113.0/24"]}`}
	cfg, err := stackconfig.Parse("test", stackconfig.Raw{Values: v})
	if err != nil {
		t.Fatal(err)
	}
	warnings, err := program.Validate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(warnings, "\n"), "cluster.authorizedNetworks[0]: 203.0.113.0/24 is a range reserved for examples (RFC 5737); pulumi up refuses it") {
		t.Errorf("warnings %q", warnings)
	}
}
