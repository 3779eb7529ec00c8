package tests

import (
	"strings"
	"testing"

	"github.com/zonestack/zonestack/internal/app/manifests"
)

// Every Kubernetes object of every stack decodes strictly into its k8s.io/api type: a field the
// API does not know, or a value of the wrong type, fails here rather than at `pulumi up`.
func TestEveryKubernetesObjectDecodesStrictly(t *testing.T) {
	decoded := 0
	for _, r := range runAll(t) {
		for _, o := range manifests.FromResult(r.res) {
			if strings.HasPrefix(o.Type, "kubernetes:") && o.Body["kind"] == nil {
				t.Errorf("%s: %s %s has no kind", r.name, o.Type, o.Name)
			}
			if _, err := manifests.Decode(o); err != nil {
				t.Errorf("%s: %v", r.name, err)
			}
			decoded++
		}
	}
	if decoded == 0 {
		t.Fatal("no Kubernetes object decoded")
	}
}

func TestStrictDecodingCatchesAnUnknownField(t *testing.T) {
	o := manifests.Object{Type: "kubernetes:apps/v1:Deployment", Name: "x", Body: map[string]any{
		"apiVersion": "apps/v1", "kind": "Deployment",
		"metadata": map[string]any{"name": "x"},
		"spec":     map[string]any{"replica": 1},
	}}
	if _, err := manifests.Decode(o); err == nil || !strings.Contains(err.Error(), `unknown field "replica"`) {
		t.Fatalf("got %v", err)
	}
	o.Type = "kubernetes:example.com/v1:Widget"
	if _, err := manifests.Decode(o); err == nil || !strings.Contains(err.Error(), "no k8s.io/api type known") {
		t.Fatalf("got %v", err)
	}
}
