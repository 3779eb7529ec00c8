package alicloud

import (
	"fmt"
	"hash/fnv"
	"reflect"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// MockState is what an offline run (zonestack plan, tests) reports as the state of an alicloud
// resource that the cloud would create: the inputs as sent, plus a stand-in for each computed
// output the binding reads. A field's `mock:"…"` tag gives its stand-in ("{name}" is replaced
// by the resource name, "{ip}" by MockPrivateIP(token, name)); other strings become
// "<name>-<property>". An ECS instance given a privateIp reports it as its primaryIpAddress too.
// The second result is false for a token that has no binding here.
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
		if v, ok := mockValue(f, token, name); ok {
			out[key] = v
		}
	}
	if ip := inputs["privateIp"]; token == InstanceToken && ip.IsString() {
		out["primaryIpAddress"] = ip
	}
	if token == ManagedKubernetesToken {
		out["connections"] = resource.NewProperty(resource.PropertyMap{
			"apiServerIntranet": resource.NewProperty("https://10.0.192.5:6443"),
			"serviceDomain":     resource.NewProperty("*." + name + ".cluster.local"),
		})
	}
	return out, true
}

func mockValue(f reflect.StructField, token, name string) (resource.PropertyValue, bool) {
	if tag, ok := f.Tag.Lookup("mock"); ok {
		v := strings.ReplaceAll(tag, "{name}", name)
		if strings.Contains(v, "{ip}") {
			v = strings.ReplaceAll(v, "{ip}", MockPrivateIP(token, name))
		}
		return resource.NewProperty(v), true
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

// MockPrivateIP is the private address an offline run gives the resource of type token named
// name wherever a binding's mock tag says "{ip}": 10.a.b.c, with a, b and c taken from the 32-bit
// FNV-1a hash of token and name, and c kept in 1–254 so that it is never a network or broadcast
// address. The same resource always gets the same address, so plans are reproducible, and
// different resources (or resources of different types with one name) get different addresses
// unless their hashes collide in the 2^24 addresses of 10.0.0.0/8. The address is not taken
// from the resource's vSwitch, whose CIDR block an offline run does not know.
func MockPrivateIP(token, name string) string {
	h := fnv.New32a()
	h.Write([]byte(token))
	h.Write([]byte{0})
	h.Write([]byte(name))
	sum := h.Sum32()
	return fmt.Sprintf("10.%d.%d.%d", byte(sum>>24), byte(sum>>16), 1+(sum&0xffff)%254)
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
