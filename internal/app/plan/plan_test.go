package plan

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/zonestack/zonestack/internal/app/offline"
)

func TestPlainHidesSecretsAtAnyDepth(t *testing.T) {
	in := resource.PropertyMap{
		"password": resource.MakeSecret(resource.NewProperty("hunter2")),
		"nested": resource.NewProperty(resource.PropertyMap{
			"list": resource.NewProperty([]resource.PropertyValue{
				resource.NewProperty("visible"),
				resource.MakeSecret(resource.NewProperty("hidden")),
			}),
		}),
		"out":      resource.NewProperty(resource.Output{Element: resource.NewProperty("x"), Known: true, Secret: true}),
		"unknown":  resource.MakeComputed(resource.NewProperty("")),
		"count":    resource.NewProperty(3.0),
		"disabled": resource.NewProperty(false),
	}
	got := plainMap(in)
	list := got["nested"].(map[string]any)["list"].([]any)
	if got["password"] != Secret || list[1] != Secret || got["out"] != Secret {
		t.Fatalf("secret shown: %v", got)
	}
	if list[0] != "visible" || got["unknown"] != Unknown || got["count"] != 3.0 || got["disabled"] != false {
		t.Fatalf("plain values wrong: %v", got)
	}
}

func TestCreationOrderPutsDependenciesFirst(t *testing.T) {
	regs := []offline.Registration{
		{URN: "u:snat", Name: "a-snat", Dependencies: []string{"u:nat", "u:eip"}, Parent: "u:net"},
		{URN: "u:eip", Name: "z-eip", Parent: "u:net"},
		{URN: "u:nat", Name: "m-nat", Provider: "u:prov::id", Parent: "u:net"},
		{URN: "u:net", Name: "net"},
		{URN: "u:prov", Name: "prov"},
	}
	var got []string
	for _, r := range creationOrder(regs) {
		got = append(got, r.Name)
	}
	want := []string{"net", "prov", "m-nat", "z-eip", "a-snat"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
}

// The coredns back end's delegation is printed one zone-file line each, under its own heading,
// not as a JSON array among the outputs.
func TestWriteTextPrintsTheDelegation(t *testing.T) {
	p := Plan{Stack: "global-coredns", Outputs: map[string]any{
		"delegation":  []any{"fed.example.org. 3600 IN NS ns-dev.fed.example.org.", "ns-dev.fed.example.org. 3600 IN A 198.51.100.7"},
		"nameServers": []any{"ns-dev.fed.example.org"},
	}}
	var b strings.Builder
	if err := p.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	want := "\ndelegation (add these records to the parent zone once; offline, stand-in addresses):\n" +
		"  fed.example.org. 3600 IN NS ns-dev.fed.example.org.\n" +
		"  ns-dev.fed.example.org. 3600 IN A 198.51.100.7\n"
	if !strings.Contains(out, want) {
		t.Errorf("no delegation lines in\n%s", out)
	}
	if strings.Contains(out, `  delegation `) {
		t.Errorf("the delegation is also printed as an output:\n%s", out)
	}
}
