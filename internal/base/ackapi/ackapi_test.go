package ackapi

import (
	"strings"
	"testing"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"sigs.k8s.io/yaml"
)

func TestParseSchedule(t *testing.T) {
	for _, ok := range []string{"0 0 8 * * *", "30 */1 * * * *", "0 0 20 * * MON-FRI"} {
		if err := ParseSchedule(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	err := ParseSchedule("0 8 * * *")
	if err == nil || !strings.Contains(err.Error(), "six, seconds first") {
		t.Errorf("a five-field schedule: got %v, want a hint about six fields", err)
	}
	if err := ParseSchedule("every morning"); err == nil {
		t.Error("nonsense schedule accepted")
	}
}

// The CRDs decode strictly as apiextensions/v1 CRDs and define the kinds the types here write.
func TestCRDs(t *testing.T) {
	kinds := map[string]string{}
	for _, b := range CRDs() {
		var crd apiextensionsv1.CustomResourceDefinition
		if err := yaml.UnmarshalStrict(b, &crd); err != nil {
			t.Fatal(err)
		}
		for _, v := range crd.Spec.Versions {
			kinds[crd.Spec.Group+"/"+v.Name+" "+crd.Spec.Names.Kind] = crd.Name
			if v.Schema == nil || v.Schema.OpenAPIV3Schema == nil {
				t.Errorf("%s %s: no schema; the local cluster would accept any field", crd.Name, v.Name)
			}
		}
	}
	for _, want := range []string{ResourcePolicyAPIVersion + " " + ResourcePolicyKind, CronHPAAPIVersion + " " + CronHPAKind} {
		if kinds[want] == "" {
			t.Errorf("no CRD for %s; have %v", want, kinds)
		}
	}
}
