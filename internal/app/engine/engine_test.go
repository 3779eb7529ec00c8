package engine_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	k8smeta "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/zonestack/zonestack/internal/app/engine"
	"github.com/zonestack/zonestack/internal/app/localcluster"
	"github.com/zonestack/zonestack/internal/app/testutil"
)

const repoRoot = "../../.."

// The binaries this test runs: the engine's two and the local control plane's.
var needed = []string{"pulumi", "pulumi-resource-kubernetes",
	"kwokctl", "kwok", "etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubectl"}

// buildBinaries runs scripts/build-local-cluster for the binaries above (cached: under a second
// when they are built) and returns the bin directory.
func buildBinaries(t *testing.T) string {
	t.Helper()
	cmd := exec.Command(filepath.Join(repoRoot, "scripts", "build-local-cluster"), needed...)
	var out, progress bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &progress
	if err := cmd.Run(); err != nil {
		t.Fatalf("scripts/build-local-cluster %s: %v (run `scripts/build-local-cluster pulumi pulumi-resource-kubernetes` to see why)\n%s",
			strings.Join(needed, " "), err, progress.String())
	}
	return strings.TrimSpace(out.String())
}

// program is the tiny program run under the engine: a provider pinned to the built plugin, a
// namespace and a ConfigMap in it, a plain and a secret config value.
func program(kubeconfig string) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		// ctx.GetConfig, not the config package: its dependencies are not in go.mod.
		greeting, _ := ctx.GetConfig("zonestack-engine-test:greeting")
		token, _ := ctx.GetConfig("zonestack-engine-test:token")
		protect, _ := ctx.GetConfig("zonestack-engine-test:protect")
		p, err := engine.KubernetesProvider(ctx, "local", &kubernetes.ProviderArgs{Kubeconfig: pulumi.String(kubeconfig)})
		if err != nil {
			return err
		}
		ns, err := corev1.NewNamespace(ctx, "ns", &corev1.NamespaceArgs{
			Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String("zs-engine")},
		}, pulumi.Provider(p))
		if err != nil {
			return err
		}
		cm, err := corev1.NewConfigMap(ctx, "cm", &corev1.ConfigMapArgs{
			Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String("hello"), Namespace: ns.Metadata.Name().Elem()},
			Data:     pulumi.StringMap{"greeting": pulumi.String(greeting)},
		}, pulumi.Provider(p), pulumi.Protect(protect == "true"))
		if err != nil {
			return err
		}
		ctx.Export("configMap", cm.Metadata.Name().Elem())
		ctx.Export("token", pulumi.ToSecret(pulumi.String(token)))
		return nil
	}
}

// The real engine, the real CLI and the real kubernetes provider against a real API server: up
// creates a ConfigMap in a namespace, a second up and a preview change nothing, a refresh finds
// nothing changed, destroy removes it; the state holds one provider, of the built plugin's version,
// and the secret config value only encrypted.
func TestUpPreviewRefreshDestroyThroughTheRealEngine(t *testing.T) {
	start := time.Now()
	bin := buildBinaries(t)
	home, _ := os.UserHomeDir()
	_, err := os.Stat(filepath.Join(home, ".pulumi"))
	hadUserPulumiHome := err == nil

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	work := t.TempDir()
	c := localcluster.Cluster{
		Name:       fmt.Sprintf("zs-engine-%d", os.Getpid()),
		BinDir:     bin,
		Workdir:    filepath.Join(work, "kwok"),
		Kubeconfig: filepath.Join(work, "kubeconfig"),
	}
	took, err := c.Create(ctx, io.Discard) // kwokctl's output is in the error
	t.Cleanup(func() {
		if err := c.Delete(context.Background(), io.Discard); err != nil {
			t.Errorf("stopping the local cluster: %v", err)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("local cluster up in %s", took.Round(100*time.Millisecond))
	kube, err := localcluster.NewClient(c.OwnKubeconfig())
	if err != nil {
		t.Fatal(err)
	}

	var progress bytes.Buffer
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("engine progress:\n%s", progress.String())
		}
	})
	stateDir := filepath.Join(work, "state")
	opts := engine.Options{
		Project: "zonestack-engine-test",
		Stack:   "local",
		Program: program(c.OwnKubeconfig()),
		Dir:     stateDir,
		BinDir:  bin,
		Config: map[string]engine.ConfigValue{
			"greeting": {Value: "hello from the engine"},
			"token":    {Value: "s3cr3t-t0ken", Secret: true},
		},
		Progress: &progress,
	}
	opened := time.Now()
	s, err := engine.Open(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("open (plugin install, config) in %s", time.Since(opened).Round(100*time.Millisecond))

	// Four resources: the stack, the provider, the namespace, the ConfigMap.
	step := func(name string, op func(context.Context) (engine.Summary, error), want map[string]int) engine.Summary {
		t.Helper()
		return testutil.EngineStep(ctx, t, name, op, want)
	}

	up := step("up", s.Up, map[string]int{"create": 4})
	cm, err := kube.Kube.CoreV1().ConfigMaps("zs-engine").Get(ctx, "hello", k8smeta.GetOptions{})
	if err != nil {
		t.Fatalf("the ConfigMap up created: %v", err)
	}
	if got := cm.Data["greeting"]; got != "hello from the engine" {
		t.Errorf("ConfigMap data greeting = %q", got)
	}
	if o := up.Outputs["configMap"]; o.Value != "hello" || o.Secret {
		t.Errorf("output configMap = %+v", o)
	}
	if o := up.Outputs["token"]; o.Value != "s3cr3t-t0ken" || !o.Secret {
		t.Errorf("output token = %+v, want the config value, secret", o)
	}

	step("up", s.Up, map[string]int{"same": 4})
	step("preview", s.Preview, map[string]int{"same": 4})
	step("refresh", s.Refresh, map[string]int{"same": 4})
	checkState(t, ctx, s, stateDir)

	// The state is in the directory: opened again (the plugin already installed), the stack is
	// the same one and still up to date.
	opened = time.Now()
	if s, err = engine.Open(ctx, opts); err != nil {
		t.Fatal(err)
	}
	t.Logf("open again in %s", time.Since(opened).Round(100*time.Millisecond))
	step("preview", s.Preview, map[string]int{"same": 4})

	// protect, as production stacks set it on what holds state: the engine refuses the destroy,
	// saying so, and deletes nothing protected; unprotected by an up, the destroy goes through.
	reopen := func(protect string) {
		t.Helper()
		opts.Config["protect"] = engine.ConfigValue{Value: protect}
		if s, err = engine.Open(ctx, opts); err != nil {
			t.Fatal(err)
		}
		step("up", s.Up, map[string]int{"same": 4})
	}
	reopen("true")
	if _, err := s.Destroy(ctx); err == nil || !strings.Contains(err.Error(), "protected") {
		t.Errorf("destroy of a stack with a protected ConfigMap: %v, want the engine's refusal naming protection", err)
	}
	if _, err := kube.Kube.CoreV1().ConfigMaps("zs-engine").Get(ctx, "hello", k8smeta.GetOptions{}); err != nil {
		t.Errorf("the protected ConfigMap after the refused destroy: %v", err)
	}
	reopen("false")

	step("destroy", s.Destroy, map[string]int{"delete": 4})
	if _, err := kube.Kube.CoreV1().ConfigMaps("zs-engine").Get(ctx, "hello", k8smeta.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("the ConfigMap after destroy: %v, want not found", err)
	}
	if _, err := kube.Kube.CoreV1().Namespaces().Get(ctx, "zs-engine", k8smeta.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("the namespace after destroy: %v, want not found (the provider waits for its deletion)", err)
	}

	if _, err := os.Stat(filepath.Join(home, ".pulumi")); !hadUserPulumiHome && err == nil {
		t.Errorf("%s was created; the engine must only use its own PULUMI_HOME", filepath.Join(home, ".pulumi"))
	}
	t.Logf("whole test in %s", time.Since(start).Round(100*time.Millisecond))
}

// checkState reads the state back: one kubernetes provider, of the built plugin's version (no
// default provider of the SDK's version), the only plugin installed, and no plaintext secret in
// the state or the stack's config file.
func checkState(t *testing.T, ctx context.Context, s *engine.Stack, stateDir string) {
	t.Helper()
	dep, err := s.Auto().Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var state struct {
		Resources []struct {
			URN     string         `json:"urn"`
			Type    string         `json:"type"`
			Inputs  map[string]any `json:"inputs"`
			Outputs map[string]any `json:"outputs"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(dep.Deployment, &state); err != nil {
		t.Fatal(err)
	}
	var providers []string
	for _, r := range state.Resources {
		if strings.HasPrefix(r.Type, "pulumi:providers:") {
			providers = append(providers, fmt.Sprintf("%s version=%v", r.URN, r.Inputs["version"]))
			t.Logf("provider in the state: %s inputs: kubeconfig=%v version=%v", r.URN, r.Inputs["kubeconfig"], r.Inputs["version"])
		}
	}
	want := []string{"urn:pulumi:local::zonestack-engine-test::pulumi:providers:kubernetes::local version=" + engine.KubernetesProviderVersion}
	if !reflect.DeepEqual(providers, want) {
		t.Errorf("providers in the state: %v, want %v", providers, want)
	}

	plugins, err := s.Auto().Workspace().ListPlugins(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range plugins {
		names = append(names, fmt.Sprintf("%s %s %v", p.Kind, p.Name, p.Version))
	}
	if want := []string{"resource kubernetes " + engine.KubernetesProviderVersion}; !reflect.DeepEqual(names, want) {
		t.Errorf("plugins in PULUMI_HOME: %v, want %v", names, want)
	}

	// Export decrypts (the Automation API passes --show-secrets); the files must not.
	if !bytes.Contains(dep.Deployment, []byte("s3cr3t-t0ken")) {
		t.Error("the exported state lacks the secret output")
	}
	ciphertexts := 0
	err = filepath.Walk(stateDir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || strings.Contains(path, string(filepath.Separator)+"plugins"+string(filepath.Separator)) {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte("s3cr3t-t0ken")) {
			t.Errorf("%s holds the secret config value in plaintext", path)
		}
		if bytes.Contains(b, []byte(`"ciphertext"`)) {
			ciphertexts++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if ciphertexts == 0 {
		t.Errorf("no file under %s holds an encrypted secret: where is the checkpoint?", stateDir)
	}
}

// An object without the pinned provider gets a default provider of the SDK's version, whose plugin
// is not installed: the engine refuses it at once (no download, no other version used instead).
// This is why programs run here use engine.KubernetesProvider.
func TestAnObjectWithoutThePinnedProviderIsRefused(t *testing.T) {
	bin := buildBinaries(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	s, err := engine.Open(ctx, engine.Options{
		Project: "zonestack-engine-test",
		Stack:   "unpinned",
		Dir:     t.TempDir(),
		BinDir:  bin,
		Program: func(ctx *pulumi.Context) error {
			_, err := corev1.NewConfigMap(ctx, "cm", &corev1.ConfigMapArgs{
				Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String("unpinned")},
			})
			return err
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Preview(ctx)
	if err == nil {
		t.Fatal("preview of an object without the pinned provider succeeded")
	}
	for _, want := range []string{"pulumi:providers:kubernetes default_", "no resource plugin 'pulumi-resource-kubernetes' found"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the preview's error does not say %q:\n%v", want, err)
		}
	}
}
