package alicloud_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/internal/alicloud"
	"github.com/zonestack/zonestack/internal/alicloud/schemacheck"
)

func loadSchema(t *testing.T) *schemacheck.Schema {
	t.Helper()
	s, err := schemacheck.LoadShared()
	if err != nil {
		t.Fatal(err)
	}
	if s.Version != alicloud.ProviderVersion {
		t.Fatalf("schema is for provider %s, bindings pin %s", s.Version, alicloud.ProviderVersion)
	}
	return s
}

// TestBindingsMatchProviderSchema is the contract of this package: every binding names the
// provider's real token and properties, with compatible types and every required input.
func TestBindingsMatchProviderSchema(t *testing.T) {
	s := loadSchema(t)
	checked := 0
	for _, b := range alicloud.Resources() {
		t.Run(b.Token, func(t *testing.T) {
			for _, err := range s.CheckResource(b.Token, b.Args, b.State) {
				t.Error(err)
			}
		})
		checked++
	}
	for _, f := range alicloud.Functions() {
		t.Run(f.Token, func(t *testing.T) {
			for _, err := range s.CheckFunction(f.Token, f.Args, f.Result) {
				t.Error(err)
			}
		})
		checked++
	}
	p := alicloud.ProviderBinding()
	for _, err := range s.CheckProvider(p.Args, p.State) {
		t.Error(err)
	}
	if checked < 10 {
		t.Fatalf("checked only %d bindings; the registry in bindings.go is incomplete", checked)
	}
}

// These deliberately broken bindings prove that the check above can fail.

type misspelledSwitchArgs struct {
	VpcID     pulumi.StringInput `pulumi:"vpcId" required:"true"`
	CidrBlock pulumi.StringInput `pulumi:"cidrBlok" required:"true"`
	ZoneID    pulumi.StringInput `pulumi:"zoneId" required:"true"`
}

type snatWithoutTableArgs struct {
	SnatIP pulumi.StringInput `pulumi:"snatIp" required:"true"`
}

type snatUntaggedArgs struct {
	SnatTableID pulumi.StringInput `pulumi:"snatTableId"`
	SnatIP      pulumi.StringInput `pulumi:"snatIp" required:"true"`
}

type eipIntBandwidthArgs struct {
	Bandwidth pulumi.IntInput `pulumi:"bandwidth"`
}

type switchDeprecatedNameArgs struct {
	Name pulumi.StringInput `pulumi:"name"`
}

type clusterBadWindowArgs struct {
	MaintenanceWindow *struct {
		Enabled pulumi.BoolInput `pulumi:"enabled"`
	} `pulumi:"maintenanceWindow"`
}

func TestSchemaCheckCatchesBrokenBindings(t *testing.T) {
	s := loadSchema(t)
	tests := []struct {
		name  string
		token string
		args  reflect.Type
		want  string
	}{
		{"misspelled property", alicloud.SwitchToken, reflect.TypeFor[misspelledSwitchArgs](),
			"cidrBlok is not a declared input of the schema (did you mean cidrBlock?)"},
		{"missing required input", alicloud.SnatEntryToken, reflect.TypeFor[snatWithoutTableArgs](),
			"required input snatTableId has no field"},
		{"required input not enforced", alicloud.SnatEntryToken, reflect.TypeFor[snatUntaggedArgs](),
			"the schema requires snatTableId"},
		{"wrong scalar type", alicloud.EipAddressToken, reflect.TypeFor[eipIntBandwidthArgs](),
			"Go type is integer, the schema says string"},
		{"deprecated property", alicloud.SwitchToken, reflect.TypeFor[switchDeprecatedNameArgs](),
			"deprecated in provider"},
		{"misspelled nested property", alicloud.ManagedKubernetesToken, reflect.TypeFor[clusterBadWindowArgs](),
			"maintenanceWindow.enabled: enabled is not a declared input of the schema (did you mean enable?)"},
		{"unknown token", "alicloud:vpc/vswitch:Vswitch", reflect.TypeFor[alicloud.SwitchArgs](),
			"no such resource"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := s.CheckResource(tt.token, tt.args, nil)
			for _, err := range errs {
				if strings.Contains(err.Error(), tt.want) {
					return
				}
			}
			t.Fatalf("want an error containing %q, got %v", tt.want, errs)
		})
	}
}

func TestCheckInputsCatchesBadRegistrations(t *testing.T) {
	s := loadSchema(t)
	good := resource.PropertyMap{
		"snatTableId":     resource.NewProperty("stb-1"),
		"snatIp":          resource.MakeSecret(resource.NewProperty("203.0.113.10")),
		"sourceVswitchId": resource.NewProperty("vsw-1"),
	}
	if errs := s.CheckInputs(alicloud.SnatEntryToken, good); len(errs) != 0 {
		t.Fatalf("good inputs rejected: %v", errs)
	}
	bad := resource.PropertyMap{
		"snatIP":      resource.NewProperty("203.0.113.10"),
		"eipAffinity": resource.NewProperty("1"),
	}
	joined := ""
	for _, err := range s.CheckInputs(alicloud.SnatEntryToken, bad) {
		joined += err.Error() + "\n"
	}
	for _, want := range []string{
		"snatIP: not a declared input (did you mean snatIp?)",
		"eipAffinity: sent string, the schema says integer",
		"required input snatTableId is missing",
		"required input snatIp is missing",
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("missing %q in:\n%s", want, joined)
		}
	}
}
