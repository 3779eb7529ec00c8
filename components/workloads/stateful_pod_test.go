package workloads_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"sigs.k8s.io/yaml"

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

// Seed 002's init container: its own mount of the shared work dir, resources and env.
func TestInitContainersHaveTheirOwnMountsResourcesAndEnv(t *testing.T) {
	a := nginxDynamic(t)
	a.Env = map[string]string{"MODE": "web"}
	a.InitContainers = []workloads.Container{
		{Name: "all-claims", Image: "busybox"},
		{Name: "fetch", Image: "busybox", Command: []string{"wget", "-O", "/work-dir/index.html", "http://example.com"},
			VolumeMounts: []workloads.VolumeMount{{Name: "disk-essd", MountPath: "/work-dir"}, {Name: "disk-essd", MountPath: "/ro", ReadOnly: true}},
			Resources:    workloads.Resources{Requests: workloads.Quantities{CPU: "100m", Memory: "64Mi"}, Limits: workloads.Quantities{Memory: "128Mi"}},
			Env:          map[string]string{"URL": "http://example.com"}},
	}
	_, spec := recordSet(t, a)
	inits := obj(spec, "template", "spec").ObjectValue()["initContainers"].ArrayValue()
	plain := inits[0].ObjectValue()
	if m := plain["volumeMounts"].ArrayValue(); len(m) != 1 || obj(m[0], "mountPath").StringValue() != "/data" {
		t.Errorf("an init container without mounts sees the claims as main does: %v", m)
	}
	if _, ok := plain["resources"]; ok {
		t.Errorf("resources by default: %v", plain["resources"])
	}
	fetch := inits[1]
	m := obj(fetch, "volumeMounts").ArrayValue()
	if len(m) != 2 || obj(m[0], "mountPath").StringValue() != "/work-dir" || obj(m[0], "name").StringValue() != "disk-essd" ||
		!obj(m[1], "readOnly").BoolValue() {
		t.Errorf("mounts %v", m)
	}
	if _, ro := m[0].ObjectValue()["readOnly"]; ro {
		t.Errorf("readOnly set on a read-write mount: %v", m[0])
	}
	if obj(fetch, "resources", "requests", "cpu").StringValue() != "100m" || obj(fetch, "resources", "limits", "memory").StringValue() != "128Mi" {
		t.Errorf("resources %v", obj(fetch, "resources"))
	}
	env := map[string]string{}
	for _, e := range obj(fetch, "env").ArrayValue() {
		if v, ok := e.ObjectValue()["value"]; ok {
			env[obj(e, "name").StringValue()] = v.StringValue()
		} else {
			env[obj(e, "name").StringValue()] = "(from a field)"
		}
	}
	if env["URL"] != "http://example.com" || env["MODE"] != "web" || env["POD_NAME"] == "" {
		t.Errorf("env %v", env)
	}
	if len(obj(mainContainer(spec), "env").ArrayValue()) != len(obj(fetch, "env").ArrayValue())-1 {
		t.Error("the init container's own env reached the main container")
	}
}

func TestInitContainerValidation(t *testing.T) {
	tests := []struct {
		name string
		c    workloads.Container
		want string
	}{
		{"unknown volume", workloads.Container{VolumeMounts: []workloads.VolumeMount{{Name: "workdir", MountPath: "/w"}}},
			`initContainers[0].volumeMounts[0].name: must name a volume of the member (disk-essd) (got "workdir")`},
		{"relative path", workloads.Container{VolumeMounts: []workloads.VolumeMount{{Name: "disk-essd", MountPath: "w"}}},
			"initContainers[0].volumeMounts[0].mountPath: must be an absolute path"},
		{"two at one path", workloads.Container{VolumeMounts: []workloads.VolumeMount{{Name: "disk-essd", MountPath: "/w"}, {Name: "disk-essd", MountPath: "/w"}}},
			"initContainers[0].volumeMounts[1].mountPath: duplicates initContainers[0].volumeMounts[0].mountPath"},
		{"cpu", workloads.Container{Resources: workloads.Resources{Requests: workloads.Quantities{CPU: "lots"}}},
			"initContainers[0].resources.requests.cpu: must be a Kubernetes quantity"},
		{"limit below request", workloads.Container{Resources: workloads.Resources{Requests: workloads.Quantities{Memory: "1Gi"}, Limits: workloads.Quantities{Memory: "1Mi"}}},
			"initContainers[0].resources.limits.memory: must be at least the request 1Gi"},
		{"env name", workloads.Container{Env: map[string]string{"1URL": "x"}}, "initContainers[0].env: must be an environment variable name"},
		{"reserved env", workloads.Container{Env: map[string]string{"POD_NAME": "x"}}, "initContainers[0].env: is set by zonestack for peer discovery"},
		{"env of the members", workloads.Container{Env: map[string]string{"MODE": "x"}}, "initContainers[0].env: is in env too"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := nginxDynamic(t)
			a.Env = map[string]string{"MODE": "web"}
			tt.c.Name, tt.c.Image = "fetch", "busybox"
			a.InitContainers = []workloads.Container{tt.c}
			testutil.Rejected(t, tt.want, func(ctx *pulumi.Context) error {
				_, err := workloads.NewStatefulService(ctx, "nginx", &a)
				return err
			})
		})
	}
}

func TestExtraVolumesAreThePodsAndMountedWhereAsked(t *testing.T) {
	a := nginxDynamic(t)
	doc := `{"extraVolumes": [
		{"name": "workdir", "emptyDir": {}},
		{"name": "cache", "mountPath": "/cache", "emptyDir": {"medium": "Memory", "sizeLimit": "256Mi"}},
		{"name": "tls", "mountPath": "/etc/tls", "readOnly": true, "secret": {"secretName": "nginx-tls"}},
		{"name": "site", "mountPath": "/etc/nginx/conf.d", "configMap": {"name": "nginx-site"}}],
		"initContainers": [{"name": "fetch", "image": "busybox", "volumeMounts": [{"name": "workdir", "mountPath": "/work-dir"}]}]}`
	if err := json.Unmarshal([]byte(doc), &a.StatefulServiceSpec); err != nil {
		t.Fatal(err)
	}
	_, spec := recordSet(t, a)
	pod := obj(spec, "template", "spec")
	vols := map[string]resource.PropertyValue{}
	for _, v := range pod.ObjectValue()["volumes"].ArrayValue() {
		vols[obj(v, "name").StringValue()] = v
	}
	if len(vols) != 4 || !obj(vols["workdir"], "emptyDir").IsObject() || obj(vols["cache"], "emptyDir", "medium").StringValue() != "Memory" ||
		obj(vols["cache"], "emptyDir", "sizeLimit").StringValue() != "256Mi" || obj(vols["tls"], "secret", "secretName").StringValue() != "nginx-tls" ||
		obj(vols["site"], "configMap", "name").StringValue() != "nginx-site" {
		t.Errorf("volumes %v", vols)
	}
	mounts := map[string]resource.PropertyValue{}
	for _, m := range obj(mainContainer(spec), "volumeMounts").ArrayValue() {
		mounts[obj(m, "name").StringValue()] = m
	}
	if len(mounts) != 4 || obj(mounts["cache"], "mountPath").StringValue() != "/cache" || !obj(mounts["tls"], "readOnly").BoolValue() ||
		obj(mounts["disk-essd"], "mountPath").StringValue() != "/data" {
		t.Errorf("main mounts %v (workdir has no mountPath: init containers only)", mounts)
	}
	init := pod.ObjectValue()["initContainers"].ArrayValue()[0]
	if m := obj(init, "volumeMounts").ArrayValue(); len(m) != 1 || obj(m[0], "name").StringValue() != "workdir" {
		t.Errorf("init mounts %v", m)
	}

	_, spec = recordSet(t, nginxDynamic(t))
	if _, ok := obj(spec, "template", "spec").ObjectValue()["volumes"]; ok {
		t.Error("pod volumes without extraVolumes")
	}
}

func TestExtraVolumeValidation(t *testing.T) {
	empty := &workloads.EmptyDirVolume{}
	tests := []struct {
		name string
		v    workloads.ExtraVolume
		want string
	}{
		{"no source", workloads.ExtraVolume{Name: "w"}, "extraVolumes[0]: must have exactly one source: emptyDir, secret or configMap (got 0)"},
		{"two sources", workloads.ExtraVolume{Name: "w", EmptyDir: empty, Secret: &workloads.SecretVolume{SecretName: "s"}},
			"extraVolumes[0]: must have exactly one source: emptyDir, secret or configMap (got 2)"},
		{"name", workloads.ExtraVolume{Name: "Work", EmptyDir: empty}, "extraVolumes[0].name: must be a DNS label"},
		{"a claim's name", workloads.ExtraVolume{Name: "disk-essd", EmptyDir: empty}, "extraVolumes[0].name: duplicates volumes[0].name"},
		{"a claim's path", workloads.ExtraVolume{Name: "w", MountPath: "/data", EmptyDir: empty}, "extraVolumes[0].mountPath: duplicates volumes[0].mountPath"},
		{"relative path", workloads.ExtraVolume{Name: "w", MountPath: "data", EmptyDir: empty}, "extraVolumes[0].mountPath: must be an absolute path"},
		{"medium", workloads.ExtraVolume{Name: "w", EmptyDir: &workloads.EmptyDirVolume{Medium: "SSD"}}, `extraVolumes[0].emptyDir.medium: must be "" (the node's disk) or Memory`},
		{"size limit", workloads.ExtraVolume{Name: "w", EmptyDir: &workloads.EmptyDirVolume{SizeLimit: "1 GB"}}, "extraVolumes[0].emptyDir.sizeLimit: must be a positive size"},
		{"secret name", workloads.ExtraVolume{Name: "w", Secret: &workloads.SecretVolume{}}, "extraVolumes[0].secret.secretName: must be a Secret's name"},
		{"config map name", workloads.ExtraVolume{Name: "w", ConfigMap: &workloads.ConfigMapVolume{Name: "Site_Conf"}}, "extraVolumes[0].configMap.name: must be a ConfigMap's name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := nginxDynamic(t)
			a.ExtraVolumes = []workloads.ExtraVolume{tt.v}
			testutil.Rejected(t, tt.want, func(ctx *pulumi.Context) error {
				_, err := workloads.NewStatefulService(ctx, "nginx", &a)
				return err
			})
		})
	}
	a := nginxDynamic(t)
	a.ExtraVolumes = []workloads.ExtraVolume{{Name: "w", MountPath: "/w", EmptyDir: empty}, {Name: "w", MountPath: "/w", EmptyDir: empty}}
	testutil.Rejected(t, "extraVolumes[1].mountPath: duplicates extraVolumes[0].mountPath", func(ctx *pulumi.Context) error {
		_, err := workloads.NewStatefulService(ctx, "nginx", &a)
		return err
	})
	testutil.Rejected(t, "extraVolumes[1].name: duplicates extraVolumes[0].name", func(ctx *pulumi.Context) error {
		_, err := workloads.NewStatefulService(ctx, "nginx", &a)
		return err
	})
}

func TestConfigFilesAreAConfigMapMountedReadOnlyAndHashed(t *testing.T) {
	a := nginxDynamic(t)
	a.ConfigFiles = map[string]string{"nginx.conf": "events {}\n", "site.conf": "server { listen 80; }\n"}
	a.InitContainers = []workloads.Container{{Name: "render", Image: "busybox", VolumeMounts: []workloads.VolumeMount{{Name: "config", MountPath: "/in"}}}}
	rec, spec := recordSet(t, a)
	cm, ok := rec.Named("kubernetes:core/v1:ConfigMap", "nginx-config")
	if !ok {
		t.Fatal("no ConfigMap")
	}
	comp, _ := rec.Named("zonestack:workloads:StatefulService", "nginx")
	cmv := resource.NewProperty(cm.Inputs)
	if cm.Parent != comp.URN || obj(cmv, "metadata", "name").StringValue() != "nginx-dynamic-config" ||
		obj(cmv, "data", "site.conf").StringValue() != "server { listen 80; }\n" {
		t.Errorf("ConfigMap %v, parent %s", cm.Inputs, cm.Parent)
	}
	set, _ := rec.Named("kubernetes:apps/v1:StatefulSet", "nginx-set")
	if len(set.Dependencies) != 2 || !slices.Contains(set.Dependencies, cm.URN) {
		t.Errorf("the members must wait for their config: %v", set.Dependencies)
	}
	pod := obj(spec, "template", "spec")
	var vol resource.PropertyValue
	for _, v := range pod.ObjectValue()["volumes"].ArrayValue() {
		if obj(v, "name").StringValue() == "config" {
			vol = v
		}
	}
	if !vol.IsObject() || obj(vol, "configMap", "name").StringValue() != "nginx-dynamic-config" {
		t.Errorf("config volume %v", vol)
	}
	var mount resource.PropertyValue
	for _, m := range obj(mainContainer(spec), "volumeMounts").ArrayValue() {
		if obj(m, "name").StringValue() == "config" {
			mount = m
		}
	}
	if !mount.IsObject() || obj(mount, "mountPath").StringValue() != "/etc/nginx-dynamic" || !obj(mount, "readOnly").BoolValue() {
		t.Errorf("config mount %v", mount)
	}
	if m := obj(pod.ObjectValue()["initContainers"].ArrayValue()[0], "volumeMounts").ArrayValue()[0]; !obj(m, "readOnly").BoolValue() {
		t.Errorf("an init container's config mount is read-write: %v", m)
	}
	hash := func(a workloads.StatefulServiceArgs) string {
		_, spec := recordSet(t, a)
		v, ok := obj(spec, "template", "metadata").ObjectValue()["annotations"]
		if !ok {
			return ""
		}
		return obj(v, "zonestack.io/config-hash").StringValue()
	}
	h := hash(a)
	if len(h) != 64 {
		t.Fatalf("hash %q", h)
	}
	same := a
	same.Replicas, same.Image = pulumi.IntRef(5), "nginx:1.27"
	if hash(same) != h {
		t.Error("the config hash changed with no config change")
	}
	changed := a
	changed.ConfigFiles = map[string]string{"nginx.conf": "events {}\n", "site.conf": "server { listen 8080; }\n"}
	if hash(changed) == h {
		t.Error("a config change left the hash")
	}
	renamed := a
	renamed.ConfigFiles = map[string]string{"nginx.con": "fevents {}\n", "site.conf": "server { listen 80; }\n"}
	if hash(renamed) == h {
		t.Error("moving bytes between a name and its content left the hash")
	}
	if hash(nginxDynamic(t)) != "" {
		t.Error("an annotation without config files")
	}
	at := a
	at.ConfigMountPath = "/etc/nginx/conf.d"
	_, spec = recordSet(t, at)
	if m := obj(mainContainer(spec), "volumeMounts").ArrayValue(); obj(m[len(m)-1], "mountPath").StringValue() != "/etc/nginx/conf.d" {
		t.Errorf("mounts %v", m)
	}
}

func TestConfigFileValidation(t *testing.T) {
	files := map[string]string{"a.conf": "x"}
	tests := []struct {
		name   string
		modify func(a *workloads.StatefulServiceArgs)
		want   string
	}{
		{"key", func(a *workloads.StatefulServiceArgs) { a.ConfigFiles = map[string]string{"conf/a.conf": "x"} },
			`configFiles: must be a file name Kubernetes takes as a ConfigMap key`},
		{"dot dot", func(a *workloads.StatefulServiceArgs) { a.ConfigFiles = map[string]string{"..data": "x"} }, `configFiles: must be a file name`},
		{"size", func(a *workloads.StatefulServiceArgs) {
			a.ConfigFiles = map[string]string{"a": strings.Repeat("x", 600<<10), "b": strings.Repeat("y", 600<<10)}
		}, "configFiles: must hold at most 1 MiB in all"},
		{"path", func(a *workloads.StatefulServiceArgs) { a.ConfigFiles, a.ConfigMountPath = files, "etc" }, "configMountPath: must be an absolute path"},
		{"a claim's path", func(a *workloads.StatefulServiceArgs) { a.ConfigFiles, a.ConfigMountPath = files, "/data" },
			"configMountPath: duplicates volumes[0].mountPath"},
		{"a claim named config", func(a *workloads.StatefulServiceArgs) { a.ConfigFiles, a.Volumes[0].Name = files, "config" },
			"volumes[0].name: is the config files' volume"},
		{"no files", func(a *workloads.StatefulServiceArgs) { a.ConfigMountPath = "/etc/x" }, "configMountPath: has no configFiles to mount"},
		{"init mounts config without files", func(a *workloads.StatefulServiceArgs) {
			a.InitContainers = []workloads.Container{{Name: "i", Image: "busybox", VolumeMounts: []workloads.VolumeMount{{Name: "config", MountPath: "/c"}}}}
		}, "initContainers[0].volumeMounts[0].name: must name a volume of the member"},
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
}

func TestSecurityContext(t *testing.T) {
	a := nginxDynamic(t)
	a.InitContainers = []workloads.Container{{Name: "fetch", Image: "busybox"}}
	_, spec := recordSet(t, a)
	pod := obj(spec, "template", "spec")
	if _, ok := pod.ObjectValue()["securityContext"]; ok {
		t.Errorf("a pod security context by default: %v", obj(pod, "securityContext"))
	}
	for _, c := range []resource.PropertyValue{mainContainer(spec), pod.ObjectValue()["initContainers"].ArrayValue()[0]} {
		sc := obj(c, "securityContext").ObjectValue()
		if len(sc) != 1 || sc["allowPrivilegeEscalation"].BoolValue() {
			t.Errorf("container security context by default %v, want only allowPrivilegeEscalation false", sc)
		}
	}

	doc := `{"securityContext": {"runAsNonRoot": true, "runAsUser": 101, "runAsGroup": 101, "fsGroup": 101,
		"fsGroupChangePolicy": "OnRootMismatch", "readOnlyRootFilesystem": true, "allowPrivilegeEscalation": true}}`
	if err := json.Unmarshal([]byte(doc), &a.StatefulServiceSpec); err != nil {
		t.Fatal(err)
	}
	_, spec = recordSet(t, a)
	psc := obj(spec, "template", "spec", "securityContext")
	if !obj(psc, "runAsNonRoot").BoolValue() || obj(psc, "runAsUser").NumberValue() != 101 || obj(psc, "runAsGroup").NumberValue() != 101 ||
		obj(psc, "fsGroup").NumberValue() != 101 || obj(psc, "fsGroupChangePolicy").StringValue() != "OnRootMismatch" {
		t.Errorf("pod security context %v", psc)
	}
	csc := obj(mainContainer(spec), "securityContext")
	if !obj(csc, "readOnlyRootFilesystem").BoolValue() || !obj(csc, "allowPrivilegeEscalation").BoolValue() {
		t.Errorf("container security context %v", csc)
	}

	root := 0
	tests := []struct {
		name string
		sc   workloads.SecurityContext
		want string
	}{
		{"root and non-root", workloads.SecurityContext{RunAsNonRoot: pulumi.BoolRef(true), RunAsUser: &root}, "securityContext.runAsUser: is root, which runAsNonRoot refuses"},
		{"uid", workloads.SecurityContext{RunAsUser: pulumi.IntRef(-1)}, "securityContext.runAsUser: must be 0 to 2147483647"},
		{"fs group", workloads.SecurityContext{FSGroup: pulumi.IntRef(-5)}, "securityContext.fsGroup: must be 0 to 2147483647"},
		{"policy without group", workloads.SecurityContext{FSGroupChangePolicy: "OnRootMismatch"}, "securityContext.fsGroupChangePolicy: needs fsGroup"},
		{"policy", workloads.SecurityContext{FSGroup: pulumi.IntRef(1), FSGroupChangePolicy: "Never"}, "securityContext.fsGroupChangePolicy: must be Always or OnRootMismatch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := nginxDynamic(t)
			a.SecurityContext = tt.sc
			testutil.Rejected(t, tt.want, func(ctx *pulumi.Context) error {
				_, err := workloads.NewStatefulService(ctx, "nginx", &a)
				return err
			})
		})
	}
}

// README's seed 002 example decodes and passes.
func TestSeed002StackExampleIsValid(t *testing.T) {
	doc := `
name: nginx-workdir
image: nginx:1.27
ports:
  - {name: web, port: 80}
extraVolumes:
  - {name: workdir, mountPath: /usr/share/nginx/html, readOnly: true, emptyDir: {sizeLimit: 64Mi}}
initContainers:
  - name: install
    image: busybox:1.37
    command: [wget, -O, /work-dir/index.html, http://kubernetes.io]
    volumeMounts:
      - {name: workdir, mountPath: /work-dir}
readinessProbe:
  httpGet: {path: /index.html, port: web}
`
	var s workloads.StatefulServiceSpec
	if err := yaml.UnmarshalStrict([]byte(doc), &s); err != nil {
		t.Fatal(err)
	}
	if err := s.Validate("nginx-workdir"); err != nil {
		t.Fatal(err)
	}
	if s.InitContainers[0].VolumeMounts[0].Name != "workdir" || s.ReadinessProbe.HTTPGet.Port != "web" {
		t.Errorf("decoded %+v", s)
	}
}
