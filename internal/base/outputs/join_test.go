package outputs

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

type noCloud struct{}

func (noCloud) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	return args.Name + "-id", args.Inputs, nil
}

func (noCloud) Call(pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return resource.PropertyMap{}, nil
}

func TestJoinKeepsOrderAndFormatsEachValue(t *testing.T) {
	var got string
	seen := false
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		joined := Join(",", pulumi.String("vsw-a").ToStringOutput(), pulumi.ID("vsw-b").ToIDOutput(),
			pulumi.Sprintf("%s:%s", "cn-hangzhou-j", "vsw-c"))
		// Exported, so the run waits for it; the flag proves the assertion's value was set.
		ctx.Export("joined", joined.ApplyT(func(s string) string { got, seen = s, true; return s }))
		return nil
	}, pulumi.WithMocks("zonestack", "test", noCloud{}))
	if err != nil {
		t.Fatal(err)
	}
	if !seen {
		t.Fatal("the joined output never resolved")
	}
	if want := "vsw-a,vsw-b,cn-hangzhou-j:vsw-c"; got != want {
		t.Errorf("Join = %q, want %q", got, want)
	}
}
