package offline

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/vpc"

	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

type component struct{ pulumi.ResourceState }

// The recorder's URNs, parents and dependencies are the SDK's own.
func TestRecorderMatchesTheSDK(t *testing.T) {
	var sdkURN, parentURN Output
	rec, err := Record(func(ctx *pulumi.Context) error {
		var c component
		if err := ctx.RegisterComponentResource("zonestack:test:Thing", "thing", &c); err != nil {
			return err
		}
		network, err := vpc.NewNetwork(ctx, "thing-vpc", &vpc.NetworkArgs{CidrBlock: pulumi.String("10.0.0.0/16")}, pulumi.Parent(&c))
		if err != nil {
			return err
		}
		sw, err := vpc.NewSwitch(ctx, "thing-vsw", &vpc.SwitchArgs{
			VpcId: network.ID(), CidrBlock: pulumi.String("10.0.0.0/24"), ZoneId: pulumi.String("cn-beijing-h"),
		}, pulumi.Parent(&c))
		if err != nil {
			return err
		}
		if sdkURN, err = Await(ctx, sw.URN()); err != nil {
			return err
		}
		parentURN, err = Await(ctx, c.URN())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sw, ok := rec.Named(rt.VpcSwitch, "thing-vsw")
	if !ok {
		t.Fatal("switch not recorded")
	}
	if string(sdkURN.Value.(pulumi.URN)) != sw.URN {
		t.Errorf("recorded URN %s, SDK URN %v", sw.URN, sdkURN.Value)
	}
	if string(parentURN.Value.(pulumi.URN)) != sw.Parent {
		t.Errorf("parent %s, want %v", sw.Parent, parentURN.Value)
	}
	net, _ := rec.Named(rt.VpcNetwork, "thing-vpc")
	if len(sw.Dependencies) != 1 || sw.Dependencies[0] != net.URN {
		t.Errorf("dependencies %v, want the VPC", sw.Dependencies)
	}
	if got := sw.Inputs["vpcId"].StringValue(); got != "thing-vpc-id" {
		t.Errorf("vpcId %s", got)
	}
	if len(rec.ByType(rt.VpcSwitch)) != 1 {
		t.Error("ByType")
	}
}

// A required input that is missing stops the registration with the SDK's wording: the official
// SDK's own check, before anything reaches the monitor.
func TestRequiredInputIsEnforcedBeforeRegistering(t *testing.T) {
	rec, err := Record(func(ctx *pulumi.Context) error {
		_, err := vpc.NewSnatEntry(ctx, "snat", &vpc.SnatEntryArgs{SnatIp: pulumi.String("203.0.113.10")})
		return err
	})
	if err == nil || !strings.Contains(err.Error(), `invalid value for required argument 'SnatTableId'`) {
		t.Fatalf("got %v", err)
	}
	if n := len(rec.Registrations()); n != 0 {
		t.Fatalf("%d registered", n)
	}
}

func TestUnknownFunctionHasNoStandIn(t *testing.T) {
	rec := NewRecorder("p", "s")
	if _, err := rec.Call(pulumi.MockCallArgs{Token: "alicloud:index/getZones:getZones"}); err == nil {
		t.Fatal("want an error for a function without a stand-in")
	}
}

// A renamed component answers to its old name, and so do its children whose names start with
// it, under the old parent; a grandchild inherits through its parent.
func TestAliasesCarryDownToChildren(t *testing.T) {
	rec, err := Record(func(ctx *pulumi.Context) error {
		var parent struct{ pulumi.ResourceState }
		if err := ctx.RegisterComponentResource("test:index:Parent", "ns/web", &parent,
			pulumi.Aliases([]pulumi.Alias{{Name: pulumi.String("web")}})); err != nil {
			return err
		}
		var child struct{ pulumi.ResourceState }
		if err := ctx.RegisterComponentResource("test:index:Child", "ns/web-set", &child, pulumi.Parent(&parent)); err != nil {
			return err
		}
		var grandchild struct{ pulumi.ResourceState }
		return ctx.RegisterComponentResource("test:index:Leaf", "ns/web-set-pod", &grandchild, pulumi.Parent(&child))
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"ns/web":         "urn:pulumi:test::zonestack::test:index:Parent::web",
		"ns/web-set":     "urn:pulumi:test::zonestack::test:index:Parent$test:index:Child::web-set",
		"ns/web-set-pod": "urn:pulumi:test::zonestack::test:index:Parent$test:index:Child$test:index:Leaf::web-set-pod",
	}
	for _, r := range rec.Registrations() {
		if len(r.Aliases) != 1 || r.Aliases[0] != want[r.Name] {
			t.Errorf("%s aliases %v, want [%s]", r.Name, r.Aliases, want[r.Name])
		}
	}
}
