package alicloud

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// MockState is what an offline run (zonestack plan, tests) reports as the state of an alicloud
// resource that the cloud would create: the inputs as sent, plus a stand-in for each computed
// output the binding reads. A field's `mock:"…"` tag gives its stand-in ("{name}" is replaced
// by the resource name); other strings become "<name>-<property>". The second result is false
// for a token that has no binding here.
func MockState(token, name string, inputs resource.PropertyMap) (resource.PropertyMap, bool) {
	var state reflect.Type
	for _, b := range append(Resources(), ProviderBinding()) {
		if b.Token == token {
			state = b.State
		}
	}
	if state == nil {
		return nil, false
	}
	out := inputs.Copy()
	for i := 0; i < state.NumField(); i++ {
		f := state.Field(i)
		key := resource.PropertyKey(wireName(f))
		if key == "" || out.HasValue(key) {
			continue
		}
		if v, ok := mockValue(f, name); ok {
			out[key] = v
		}
	}
	if token == ManagedKubernetesToken {
		out["connections"] = resource.NewProperty(resource.PropertyMap{
			"apiServerIntranet": resource.NewProperty("https://10.0.192.5:6443"),
			"serviceDomain":     resource.NewProperty("*." + name + ".cluster.local"),
		})
	}
	return out, true
}

func mockValue(f reflect.StructField, name string) (resource.PropertyValue, bool) {
	if tag, ok := f.Tag.Lookup("mock"); ok {
		return resource.NewProperty(strings.ReplaceAll(tag, "{name}", name)), true
	}
	switch f.Type {
	case reflect.TypeFor[pulumi.StringOutput]():
		return resource.NewProperty(name + "-" + wireName(f)), true
	case reflect.TypeFor[pulumi.StringArrayOutput]():
		return resource.NewProperty([]resource.PropertyValue{}), true
	case reflect.TypeFor[pulumi.StringMapOutput]():
		return resource.NewProperty(resource.PropertyMap{}), true
	}
	return resource.PropertyValue{}, false
}

// MockInvoke is what an offline run reports for an alicloud function. The kubeconfig it returns
// is well formed, points at a documentation address and carries no credential.
func MockInvoke(token string, args resource.PropertyMap) (resource.PropertyMap, bool) {
	switch token {
	case GetClusterCredentialToken:
		id := args["clusterId"].StringValue()
		return resource.PropertyMap{
			"id":          resource.NewProperty(id),
			"clusterId":   resource.NewProperty(id),
			"clusterName": resource.NewProperty(id),
			"expiration":  resource.NewProperty("2029-11-23T00:00:00Z"),
			"kubeConfig":  resource.NewProperty(mockKubeconfig(id)),
		}, true
	}
	return nil, false
}

func mockKubeconfig(clusterID string) string {
	return fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: %[1]s
  cluster:
    server: https://10.0.192.5:6443
    insecure-skip-tls-verify: true
contexts:
- name: %[1]s
  context:
    cluster: %[1]s
    user: offline
current-context: %[1]s
users:
- name: offline
  user:
    token: offline-plan-has-no-credential
`, clusterID)
}
