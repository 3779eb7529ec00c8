package resourcetypes

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The gcp, kubernetes, random and tls tokens, and StackReference's, are the ones their SDKs (the
// versions in go.mod) register or read resources by.
func TestOtherTokensAreTheSDKs(t *testing.T) {
	known := map[string]bool{KubernetesProvider: true, GcpProvider: true}
	for _, mod := range []string{"github.com/pulumi/pulumi-gcp/sdk/v7", "github.com/pulumi/pulumi-kubernetes/sdk/v4",
		"github.com/pulumi/pulumi-random/sdk/v4", "github.com/pulumi/pulumi-tls/sdk/v5", "github.com/pulumi/pulumi/sdk/v3"} {
		out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", mod).Output()
		if err != nil {
			t.Fatalf("go list -m %s: %v", mod, err)
		}
		dir := filepath.Join(strings.TrimSpace(string(out)), "go")
		if strings.HasSuffix(mod, "pulumi/sdk/v3") {
			dir = filepath.Join(dir, "pulumi")
		}
		addTokens(t, known, dir)
	}
	for name, tok := range map[string]string{
		"GcpNetwork": GcpNetwork, "GcpSubnetwork": GcpSubnetwork, "GcpRouter": GcpRouter, "GcpRouterNat": GcpRouterNat,
		"GkeCluster": GkeCluster, "GkeNodePool": GkeNodePool, "DNSManagedZone": DNSManagedZone, "DNSRecordSet": DNSRecordSet,
		"K8sNamespace": K8sNamespace, "K8sConfigMap": K8sConfigMap, "K8sConfigMapPatch": K8sConfigMapPatch, "K8sSecret": K8sSecret,
		"K8sService": K8sService, "K8sPersistentVolumeClaim": K8sPersistentVolumeClaim, "K8sDeployment": K8sDeployment,
		"K8sStatefulSet": K8sStatefulSet, "K8sPodDisruptionBudget": K8sPodDisruptionBudget,
		"K8sHorizontalPodAutoscaler": K8sHorizontalPodAutoscaler, "K8sPriorityClass": K8sPriorityClass,
		"K8sStorageClass": K8sStorageClass, "K8sServiceAccount": K8sServiceAccount, "K8sClusterRole": K8sClusterRole,
		"K8sClusterRoleBinding": K8sClusterRoleBinding, "K8sRole": K8sRole, "K8sRoleBinding": K8sRoleBinding, "KubernetesProvider": KubernetesProvider, "GcpProvider": GcpProvider,
		"RandomPassword": RandomPassword, "RandomString": RandomString, "RandomID": RandomID,
		"TLSPrivateKey": TLSPrivateKey, "TLSSelfSignedCert": TLSSelfSignedCert, "TLSCertRequest": TLSCertRequest,
		"TLSLocallySignedCert": TLSLocallySignedCert, "StackReference": StackReference,
		// KubernetesType spells the SDK's tokens.
		`KubernetesType("v1", "Service")`: KubernetesType("v1", "Service"), `KubernetesType("apps/v1", "Deployment")`: KubernetesType("apps/v1", "Deployment"),
	} {
		if !known[tok] {
			t.Errorf("%s = %q: the SDK registers no such type", name, tok)
		}
	}
	for _, p := range []string{AlicloudProvider, GcpProvider, KubernetesProvider} {
		if !strings.HasPrefix(p, ProviderPrefix) {
			t.Errorf("%s does not start with ProviderPrefix %s", p, ProviderPrefix)
		}
	}
	for _, k := range []string{K8sNamespace, K8sDeployment, K8sStorageClass} {
		if !strings.HasPrefix(k, KubernetesPrefix) {
			t.Errorf("%s does not start with KubernetesPrefix %s", k, KubernetesPrefix)
		}
	}
}
