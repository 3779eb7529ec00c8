package offline

import (
	"net/netip"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

func resourceKey(s string) resource.PropertyKey { return resource.PropertyKey(s) }

func mockState(t *testing.T, token, name string, inputs resource.PropertyMap) resource.PropertyMap {
	t.Helper()
	out, ok := alicloudState(token, name, inputs)
	if !ok {
		t.Fatalf("no mock state for %s", token)
	}
	return out
}

// "{ip}" gives each resource a stable private address of its own in 10.0.0.0/8.
func TestMockPrivateIPIsStableAndDistinct(t *testing.T) {
	tenNet := netip.MustParsePrefix("10.0.0.0/8")
	seen := map[string]string{}
	for _, name := range []string{"cp-1", "cp-2", "cp-3", "etcd-a", "etcd-b", "ingress"} {
		ip := MockPrivateIP(rt.EcsInstance, name)
		addr, err := netip.ParseAddr(ip)
		if err != nil || !tenNet.Contains(addr) {
			t.Fatalf("%s: %q is not an address in 10.0.0.0/8", name, ip)
		}
		if last := addr.As4()[3]; last == 0 || last == 255 {
			t.Errorf("%s: %s ends in %d", name, ip, last)
		}
		if other, dup := seen[ip]; dup {
			t.Errorf("%s and %s both got %s", other, name, ip)
		}
		seen[ip] = name
		if again := MockPrivateIP(rt.EcsInstance, name); again != ip {
			t.Errorf("%s: %s then %s", name, ip, again)
		}
	}
	if MockPrivateIP(rt.EcsInstance, "cp") == MockPrivateIP(rt.VpcHaVipv2, "cp") {
		t.Error("an instance and a HaVip with one name share an address")
	}
}

// An instance reports one address as privateIp and primaryIpAddress: the stand-in when none was
// given, else the one given.
func TestMockInstanceAddresses(t *testing.T) {
	out := mockState(t, rt.EcsInstance, "cp-1", resource.PropertyMap{})
	want := MockPrivateIP(rt.EcsInstance, "cp-1")
	for _, key := range []string{"privateIp", "primaryIpAddress"} {
		if got := out[resourceKey(key)]; !got.IsString() || got.StringValue() != want {
			t.Errorf("%s = %v, want %s", key, got, want)
		}
	}
	if got := out["status"]; got.StringValue() != "Running" {
		t.Errorf("status = %v", got)
	}
	other := mockState(t, rt.EcsInstance, "cp-2", resource.PropertyMap{})
	if other["primaryIpAddress"].StringValue() == want {
		t.Errorf("cp-1 and cp-2 both got %s", want)
	}

	given := mockState(t, rt.EcsInstance, "cp-1", resource.PropertyMap{
		"privateIp": resource.NewProperty("10.0.1.10"),
	})
	for _, key := range []string{"privateIp", "primaryIpAddress"} {
		if got := given[resourceKey(key)]; got.StringValue() != "10.0.1.10" {
			t.Errorf("with privateIp given, %s = %v", key, got)
		}
	}
}

// The other new bindings' stand-ins: a HaVip's address, an NLB's domain name and a role's ARN.
func TestMockNewBindings(t *testing.T) {
	havip := mockState(t, rt.VpcHaVipv2, "apiserver", resource.PropertyMap{})
	if got, want := havip["ipAddress"].StringValue(), MockPrivateIP(rt.VpcHaVipv2, "apiserver"); got != want {
		t.Errorf("HaVip ipAddress = %s, want %s", got, want)
	}
	fixed := mockState(t, rt.VpcHaVipv2, "apiserver", resource.PropertyMap{"ipAddress": resource.NewProperty("10.0.1.100")})
	if got := fixed["ipAddress"].StringValue(); got != "10.0.1.100" {
		t.Errorf("HaVip with ipAddress given reports %s", got)
	}
	if got := mockState(t, rt.NlbLoadBalancer, "api", resource.PropertyMap{})["dnsName"].StringValue(); got != "api.nlb.aliyuncs.com" {
		t.Errorf("NLB dnsName = %s", got)
	}
	if got := mockState(t, rt.RamRole, "cp", resource.PropertyMap{})["arn"].StringValue(); got != "acs:ram::1234567890:role/cp" {
		t.Errorf("role arn = %s", got)
	}
}
