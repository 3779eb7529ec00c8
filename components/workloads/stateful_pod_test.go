package workloads_test

import (
	"encoding/json"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/workloads"
	"github.com/zonestack/zonestack/internal/app/offline"
	"github.com/zonestack/zonestack/internal/app/testutil"
)

// recordSet registers the service under mocks and returns its StatefulSet's spec.
func recordSet(t *testing.T, a workloads.StatefulServiceArgs) (*offline.Recorder, resource.PropertyValue) {
	t.Helper()
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		_, err := workloads.NewStatefulService(ctx, "nginx", &a)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	set, ok := rec.Named("kubernetes:apps/v1:StatefulSet", "nginx-set")
	if !ok {
		t.Fatal("no StatefulSet")
	}
	return rec, obj(resource.NewProperty(set.Inputs), "spec")
}

func mainContainer(spec resource.PropertyValue) resource.PropertyValue {
	return obj(spec, "template", "spec").ObjectValue()["containers"].ArrayValue()[0]
}

func TestProbesReachTheMainContainer(t *testing.T) {
	a := nginxDynamic(t)
	_, spec := recordSet(t, a)
	for _, k := range []resource.PropertyKey{"livenessProbe", "readinessProbe", "startupProbe"} {
		if _, ok := mainContainer(spec).ObjectValue()[k]; ok {
			t.Errorf("%s by default", k)
		}
	}

	doc := `{"livenessProbe": {"httpGet": {"path": "/health", "port": "web"}, "periodSeconds": 20, "failureThreshold": 6},
		"readinessProbe": {"tcpSocket": {"port": 80}, "successThreshold": 2},
		"startupProbe": {"exec": {"command": ["cat", "/tmp/ready"]}, "initialDelaySeconds": 5, "timeoutSeconds": 3}}`
	if err := json.Unmarshal([]byte(doc), &a.StatefulServiceSpec); err != nil {
		t.Fatal(err)
	}
	_, spec = recordSet(t, a)
	main := mainContainer(spec)
	live := obj(main, "livenessProbe")
	if obj(live, "httpGet", "path").StringValue() != "/health" || obj(live, "httpGet", "port").StringValue() != "web" ||
		obj(live, "periodSeconds").NumberValue() != 20 || obj(live, "failureThreshold").NumberValue() != 6 {
		t.Errorf("liveness %v", live)
	}
	if _, ok := live.ObjectValue()["timeoutSeconds"]; ok {
		t.Errorf("liveness sets Kubernetes' default timeout: %v", live)
	}
	ready := obj(main, "readinessProbe")
	if obj(ready, "tcpSocket", "port").NumberValue() != 80 || obj(ready, "successThreshold").NumberValue() != 2 {
		t.Errorf("readiness %v", ready)
	}
	start := obj(main, "startupProbe")
	if obj(start, "exec").ObjectValue()["command"].ArrayValue()[1].StringValue() != "/tmp/ready" ||
		obj(start, "initialDelaySeconds").NumberValue() != 5 || obj(start, "timeoutSeconds").NumberValue() != 3 {
		t.Errorf("startup %v", start)
	}
}

func TestProbeValidation(t *testing.T) {
	http := func(port workloads.PortRef) *workloads.Probe {
		return &workloads.Probe{HTTPGet: &workloads.HTTPGetProbe{Path: "/", Port: port}}
	}
	tests := []struct {
		name   string
		modify func(a *workloads.StatefulServiceArgs)
		want   string
	}{
		{"no handler", func(a *workloads.StatefulServiceArgs) { a.LivenessProbe = &workloads.Probe{PeriodSeconds: 5} },
			"livenessProbe: must have exactly one handler: httpGet, tcpSocket or exec (got 0)"},
		{"two handlers", func(a *workloads.StatefulServiceArgs) {
			a.ReadinessProbe = http("web")
			a.ReadinessProbe.Exec = &workloads.ExecProbe{Command: []string{"true"}}
		}, "readinessProbe: must have exactly one handler: httpGet, tcpSocket or exec (got 2)"},
		{"unknown port name", func(a *workloads.StatefulServiceArgs) { a.LivenessProbe = http("http") },
			`livenessProbe.httpGet.port: must be the name of one of the ports (web) or a number (got "http")`},
		{"port number", func(a *workloads.StatefulServiceArgs) {
			a.StartupProbe = &workloads.Probe{TCPSocket: &workloads.TCPSocketProbe{Port: "70000"}}
		}, "startupProbe.tcpSocket.port: must be 1 to 65535"},
		{"no port", func(a *workloads.StatefulServiceArgs) {
			a.ReadinessProbe = &workloads.Probe{TCPSocket: &workloads.TCPSocketProbe{}}
		},
			"readinessProbe.tcpSocket.port: is required"},
		{"path", func(a *workloads.StatefulServiceArgs) {
			a.LivenessProbe = http("web")
			a.LivenessProbe.HTTPGet.Path = "health"
		},
			"livenessProbe.httpGet.path: must start with /"},
		{"exec command", func(a *workloads.StatefulServiceArgs) {
			a.StartupProbe = &workloads.Probe{Exec: &workloads.ExecProbe{}}
		},
			"startupProbe.exec.command: is required"},
		{"liveness success threshold", func(a *workloads.StatefulServiceArgs) {
			a.LivenessProbe = http("web")
			a.LivenessProbe.SuccessThreshold = 2
		},
			"livenessProbe.successThreshold: must be 1: Kubernetes requires it of liveness and startup probes"},
		{"startup success threshold", func(a *workloads.StatefulServiceArgs) {
			a.StartupProbe = http("web")
			a.StartupProbe.SuccessThreshold = 3
		},
			"startupProbe.successThreshold: must be 1"},
		{"negative period", func(a *workloads.StatefulServiceArgs) {
			a.ReadinessProbe = http("web")
			a.ReadinessProbe.PeriodSeconds = -1
		},
			"readinessProbe.periodSeconds: must be 0 (Kubernetes' default) or more"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := nginxDynamic(t)
			tt.modify(&a)
			testutil.Rejected(t, tt.want, func(ctx *pulumi.Context) error {
				_, err := workloads.NewStatefulService(ctx, "nginx", &a)
				return err
			})
		})
	}
	a := nginxDynamic(t)
	a.ReadinessProbe = http("web")
	a.ReadinessProbe.SuccessThreshold = 2
	if err := a.Validate("nginx"); err != nil {
		t.Errorf("a readiness probe may need two successes: %v", err)
	}
}

func TestPortRefDecodesANameOrANumber(t *testing.T) {
	var p struct{ A, B workloads.PortRef }
	if err := json.Unmarshal([]byte(`{"A": "client", "B": 2379}`), &p); err != nil || p.A != "client" || p.B != "2379" {
		t.Fatalf("%v %+v", err, p)
	}
	if err := json.Unmarshal([]byte(`{"A": true}`), &p); err == nil {
		t.Fatal("a boolean port decoded")
	}
}
