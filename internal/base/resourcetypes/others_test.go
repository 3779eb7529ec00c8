package resourcetypes

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The gcp and kubernetes tokens are the ones their SDKs (the versions in go.mod) register
// resources by.
func TestOtherTokensAreTheSDKs(t *testing.T) {
	known := map[string]bool{KubernetesProvider: true}
	for _, mod := range []string{"github.com/pulumi/pulumi-gcp/sdk/v7", "github.com/pulumi/pulumi-kubernetes/sdk/v4"} {
		out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", mod).Output()
		if err != nil {
			t.Fatalf("go list -m %s: %v", mod, err)
		}
		addTokens(t, known, filepath.Join(strings.TrimSpace(string(out)), "go"))
	}
	for name, tok := range map[string]string{
		"GkeCluster": GkeCluster, "GkeNodePool": GkeNodePool, "DNSRecordSet": DNSRecordSet,
		"K8sNamespace": K8sNamespace, "K8sConfigMapPatch": K8sConfigMapPatch, "K8sService": K8sService,
		"K8sDeployment": K8sDeployment, "K8sStatefulSet": K8sStatefulSet, "K8sPriorityClass": K8sPriorityClass,
		"K8sStorageClass": K8sStorageClass, "KubernetesProvider": KubernetesProvider,
	} {
		if !known[tok] {
			t.Errorf("%s = %q: the SDK registers no such type", name, tok)
		}
	}
}
