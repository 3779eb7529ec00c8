package network_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/network"
	"github.com/zonestack/zonestack/internal/app/offline"
	"github.com/zonestack/zonestack/internal/app/testutil"
	"github.com/zonestack/zonestack/internal/base/cloudrules"
	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
	"github.com/zonestack/zonestack/validation"
)

var seedZones = []string{"cn-beijing-h", "cn-beijing-g", "cn-beijing-k"}

func validArgs() network.NetworkArgs {
	return network.NetworkArgs{Region: "cn-beijing", Zones: slices.Clone(seedZones)}
}

func TestPlanAddressesCarvesTheVPC(t *testing.T) {
	plan, err := network.PlanAddresses(validArgs())
	if err != nil {
		t.Fatal(err)
	}
	want := []network.VSwitchArgs{
		{Zone: "cn-beijing-h", NodeCidr: "10.0.224.0/22", PodCidr: "10.0.0.0/19"},
		{Zone: "cn-beijing-g", NodeCidr: "10.0.228.0/22", PodCidr: "10.0.32.0/19"},
		{Zone: "cn-beijing-k", NodeCidr: "10.0.232.0/22", PodCidr: "10.0.64.0/19"},
	}
	if !slices.Equal(plan.Zones, want) {
		t.Fatalf("got %+v\nwant %+v", plan.Zones, want)
	}
	if plan.VpcCidr != network.DefaultVpcCidr || plan.ServiceCidr != network.DefaultServiceCidr {
		t.Fatalf("defaults not applied: %+v", plan)
	}
}

// Adding a zone must not move the vSwitches of the zones already there: that would replace them
// and everything in them.
func TestPlanAddressesIsStableWhenZonesAreAppended(t *testing.T) {
	before, err := network.PlanAddresses(validArgs())
	if err != nil {
		t.Fatal(err)
	}
	for _, extra := range [][]string{{"cn-beijing-a"}, {"cn-beijing-a", "cn-beijing-c", "cn-beijing-d", "cn-beijing-e"}} {
		a := validArgs()
		a.Zones = append(a.Zones, extra...)
		after, err := network.PlanAddresses(a)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(after.Zones[:3], before.Zones) {
			t.Fatalf("appending %v moved existing vSwitches:\n%+v\n%+v", extra, before.Zones, after.Zones[:3])
		}
	}
	a := validArgs()
	a.Zones = append(a.Zones, "cn-beijing-a", "cn-beijing-c", "cn-beijing-d", "cn-beijing-e", "cn-beijing-f")
	if _, err := network.PlanAddresses(a); err == nil || !strings.Contains(err.Error(), "at most 7 zones") {
		t.Fatalf("8 zones: %v", err)
	}
}

func TestPlanAddressesFiveZones(t *testing.T) {
	a := validArgs()
	a.Zones = []string{"cn-beijing-a", "cn-beijing-c", "cn-beijing-d", "cn-beijing-e", "cn-beijing-f"}
	a.VpcCidr = "192.168.0.0/16"
	plan, err := network.PlanAddresses(a)
	if err != nil {
		t.Fatal(err)
	}
	if got := plan.Zones[4]; got.PodCidr != "192.168.128.0/19" || got.NodeCidr != "192.168.240.0/22" {
		t.Fatalf("zone 5: %+v", got)
	}
}

func TestNetworkRegistersOneVSwitchPairPerZoneWithNAT(t *testing.T) {
	var egress offline.Output
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		n, err := network.NewNetwork(ctx, "net", &network.NetworkArgs{
			Region: "cn-beijing", Zones: seedZones, NamePrefix: "zs-dev", Tags: map[string]string{"team": "db"},
		})
		if err != nil {
			return err
		}
		egress, err = offline.Await(ctx, n.EgressIP)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	var component offline.Registration
	for _, r := range rec.Registrations() {
		counts[r.Type]++
		if r.Type == "zonestack:network:Network" {
			component = r
		}
	}
	want := map[string]int{
		"zonestack:network:Network": 1,
		rt.VpcNetwork:               1,
		rt.VpcSwitch:                6,
		rt.EcsSecurityGroup:         1,
		rt.EcsSecurityGroupRule:     4,
		rt.VpcNatGateway:            1,
		rt.EcsEipAddress:            1,
		rt.EcsEipAssociation:        1,
		rt.VpcSnatEntry:             6,
	}
	for typ, n := range want {
		if counts[typ] != n {
			t.Errorf("%s: got %d, want %d", typ, counts[typ], n)
		}
	}
	for _, r := range rec.Registrations() {
		if r.Custom && r.Parent != component.URN {
			t.Errorf("%s %s: parent %q, want the component", r.Type, r.Name, r.Parent)
		}
		if r.Custom && r.Version != rt.AlicloudVersion {
			t.Errorf("%s %s: version %q, want %s", r.Type, r.Name, r.Version, rt.AlicloudVersion)
		}
	}
	// An enterprise group (a basic one holds 2,000 nodes and Terway pods), whose type and policy
	// an existing group keeps, with the rules an enterprise group needs written out.
	sg, _ := rec.Named(rt.EcsSecurityGroup, "net-sg")
	if got := sg.Inputs["securityGroupType"].StringValue(); got != "enterprise" {
		t.Errorf("security group type %s", got)
	}
	if _, set := sg.Inputs["innerAccessPolicy"]; set {
		t.Errorf("innerAccessPolicy %v set on an enterprise group, which refuses it", sg.Inputs["innerAccessPolicy"])
	}
	if !slices.Contains(sg.IgnoreChanges, "securityGroupType") || !slices.Contains(sg.IgnoreChanges, "innerAccessPolicy") {
		t.Errorf("security group ignoreChanges %v: a change of type would replace the group and the cluster", sg.IgnoreChanges)
	}
	rules := map[string]string{}
	for _, r := range rec.ByType(rt.EcsSecurityGroupRule) {
		rules[r.Inputs["type"].StringValue()+" "+r.Inputs["ipProtocol"].StringValue()+" "+r.Inputs["cidrIp"].StringValue()] = r.Name
	}
	for _, want := range []string{"ingress all 10.0.0.0/16", "ingress all 100.64.0.0/10", "ingress icmp 0.0.0.0/0", "egress all 0.0.0.0/0"} {
		if _, ok := rules[want]; !ok {
			t.Errorf("no rule %q in %v", want, rules)
		}
	}
	if rules["ingress all 10.0.0.0/16"] != "net-sg-vpc-ingress" {
		t.Errorf("the VPC rule is %q: renaming it replaces it", rules["ingress all 10.0.0.0/16"])
	}
	sw, ok := rec.Named(rt.VpcSwitch, "net-vsw-pod-cn-beijing-g")
	if !ok {
		t.Fatal("no pod vSwitch for cn-beijing-g")
	}
	if got := sw.Inputs["cidrBlock"].StringValue(); got != "10.0.32.0/19" {
		t.Errorf("pod vSwitch cidr %s", got)
	}
	if got := sw.Inputs["zoneId"].StringValue(); got != "cn-beijing-g" {
		t.Errorf("pod vSwitch zone %s", got)
	}
	if got := sw.Inputs["vswitchName"].StringValue(); got != "zs-dev-pod-cn-beijing-g" {
		t.Errorf("pod vSwitch name %s", got)
	}
	if got := sw.Inputs["tags"].ObjectValue()["team"].StringValue(); got != "db" {
		t.Errorf("tags %v", sw.Inputs["tags"])
	}
	nat, _ := rec.Named(rt.VpcNatGateway, "net-nat")
	if got := nat.Inputs["vswitchId"].StringValue(); got != "net-vsw-node-cn-beijing-h-id" {
		t.Errorf("NAT gateway vSwitch %s, want the first zone's node vSwitch", got)
	}
	assoc, _ := rec.Named(rt.EcsEipAssociation, "net-eip-nat")
	for _, s := range rec.ByType(rt.VpcSnatEntry) {
		if !slices.Contains(s.Dependencies, assoc.URN) {
			t.Errorf("%s does not depend on the EIP association", s.Name)
		}
		if got := s.Inputs["snatTableId"].StringValue(); got != "stb-net-nat" {
			t.Errorf("%s snatTableId %s", s.Name, got)
		}
	}
	if egress.Value != "203.0.113.10" {
		t.Errorf("egress IP %v", egress.Value)
	}
}

func TestNetworkWithoutNAT(t *testing.T) {
	disabled := false
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		a := validArgs()
		a.Nat.Enabled = &disabled
		_, err := network.NewNetwork(ctx, "net", &a)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range []string{rt.VpcNatGateway, rt.EcsEipAddress, rt.VpcSnatEntry} {
		if n := len(rec.ByType(typ)); n != 0 {
			t.Errorf("%s: %d registered with NAT disabled", typ, n)
		}
	}
	if n := len(rec.ByType(rt.VpcSwitch)); n != 6 {
		t.Errorf("vSwitches: %d", n)
	}
}

func TestNetworkValidation(t *testing.T) {
	tests := []struct {
		name   string
		modify func(a *network.NetworkArgs)
		want   string
	}{
		{"region missing", func(a *network.NetworkArgs) { a.Region = "" }, "region: is required"},
		{"zones missing", func(a *network.NetworkArgs) { a.Zones = nil }, "zones: is required"},
		{"zone of another region", func(a *network.NetworkArgs) { a.Zones[1] = "cn-hangzhou-g" },
			`zones[1]: is not a zone of region "cn-beijing"`},
		{"zone typo", func(a *network.NetworkArgs) { a.Zones[2] = "cn-beijing" },
			`zones[2]: must be an Alibaba Cloud zone ID`},
		{"duplicate zone", func(a *network.NetworkArgs) { a.Zones[2] = "cn-beijing-h" }, "zones[2]: duplicates zones[0]"},
		{"bad VPC CIDR", func(a *network.NetworkArgs) { a.VpcCidr = "10.0.0.0/33" }, "vpcCidr: must be an IPv4 CIDR"},
		{"VPC host bits", func(a *network.NetworkArgs) { a.VpcCidr = "10.0.0.1/16" }, "vpcCidr: has host bits set"},
		{"VPC mask", func(a *network.NetworkArgs) { a.VpcCidr = "10.0.0.0/26" }, "vpcCidr: mask must be /8 to /24"},
		{"VPC too small to plan", func(a *network.NetworkArgs) { a.VpcCidr = "10.0.0.0/24" }, "vpcCidr: is too small to plan vSwitches in (node vSwitches would be /30"},
		{"service overlaps VPC", func(a *network.NetworkArgs) { a.ServiceCidr = "10.0.16.0/20" }, "serviceCidr: overlaps vpcCidr"},
		{"service mask", func(a *network.NetworkArgs) { a.ServiceCidr = "172.16.0.0/12" }, "serviceCidr: mask must be /16 to /24"},
		{"vswitch count", func(a *network.NetworkArgs) {
			a.VSwitches = []network.VSwitchArgs{{Zone: "cn-beijing-h", NodeCidr: "10.0.0.0/20", PodCidr: "10.0.64.0/18"}}
		}, "vswitches: must have one entry per zone"},
		{"vswitch outside VPC", func(a *network.NetworkArgs) { a.VSwitches = given(); a.VSwitches[1].NodeCidr = "10.1.0.0/20" },
			"vswitches[1].nodeCidr: must be inside vpcCidr"},
		{"vswitches overlap", func(a *network.NetworkArgs) { a.VSwitches = given(); a.VSwitches[2].PodCidr = "10.0.64.0/19" },
			"vswitches[2].podCidr: overlaps vswitches[1].podCidr"},
		{"node and pod overlap", func(a *network.NetworkArgs) { a.VSwitches = given(); a.VSwitches[0].PodCidr = "10.0.192.0/18" },
			"vswitches[0].podCidr: overlaps vswitches[0].nodeCidr"},
		{"vswitch overlaps service", func(a *network.NetworkArgs) {
			a.VpcCidr = "172.16.0.0/12"
			a.VSwitches = given()
			a.VSwitches[0].NodeCidr = "172.21.0.0/24"
		}, "vswitches[0].nodeCidr: overlaps serviceCidr"},
		{"vswitch of unknown zone", func(a *network.NetworkArgs) { a.VSwitches = given(); a.VSwitches[0].Zone = "cn-beijing-a" },
			`vswitches[0].zone: must be one of zones`},
		{"vswitch zone twice", func(a *network.NetworkArgs) { a.VSwitches = given(); a.VSwitches[1].Zone = "cn-beijing-h" },
			`vswitches[1].zone: duplicates vswitches[0].zone`},
		{"vswitch mask", func(a *network.NetworkArgs) { a.VSwitches = given(); a.VSwitches[0].NodeCidr = "10.0.192.0/30" },
			"vswitches[0].nodeCidr: mask must be /16 to /29"},
		{"EIP bandwidth", func(a *network.NetworkArgs) { a.Nat.EipBandwidth = -5 }, "nat.eipBandwidth: must be 1 to 200 Mbit/s for a pay-as-you-go PayByTraffic EIP (got -5)"},
		// Pay-by-traffic EIPs take at most 200 Mbit/s, pay-by-bandwidth ones 500 (AllocateEipAddress).
		{"EIP bandwidth by traffic", func(a *network.NetworkArgs) { a.Nat.EipBandwidth = 500 }, "nat.eipBandwidth: must be 1 to 200 Mbit/s for a pay-as-you-go PayByTraffic EIP (got 500)"},
		{"EIP bandwidth by bandwidth", func(a *network.NetworkArgs) {
			a.Nat.EipBandwidth, a.Nat.InternetChargeType = 501, "PayByBandwidth"
		}, "nat.eipBandwidth: must be 1 to 500 Mbit/s for a pay-as-you-go PayByBandwidth EIP (got 501)"},
		{"charge type", func(a *network.NetworkArgs) { a.Nat.InternetChargeType = "PayByLcu" }, "nat.internetChargeType: must be one of PayByBandwidth, PayByTraffic (got \"PayByLcu\")"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := validArgs()
			tt.modify(&a)
			testutil.Rejected(t, tt.want, func(ctx *pulumi.Context) error {
				_, err := network.NewNetwork(ctx, "net", &a)
				return err
			})
		})
	}
}

func given() []network.VSwitchArgs {
	return []network.VSwitchArgs{
		{Zone: "cn-beijing-h", NodeCidr: "10.0.192.0/20", PodCidr: "10.0.0.0/18"},
		{Zone: "cn-beijing-g", NodeCidr: "10.0.208.0/20", PodCidr: "10.0.64.0/18"},
		{Zone: "cn-beijing-k", NodeCidr: "10.0.224.0/20", PodCidr: "10.0.128.0/18"},
	}
}

func TestValidationReportsEveryProblemAtOnce(t *testing.T) {
	a := validArgs()
	a.Zones[1] = "cn-hangzhou-g"
	a.VpcCidr = "10.0.0.0/33"
	a.Nat.EipBandwidth = 0 // the default applies: not a problem
	a.Nat.InternetChargeType = "Free"
	err := a.Validate()
	if err == nil {
		t.Fatal("want errors")
	}
	for _, want := range []string{"zones[1]", "vpcCidr", "nat.internetChargeType"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("missing %s in %v", want, err)
		}
	}
	if !strings.HasPrefix(err.Error(), "3 problems") {
		t.Errorf("want 3 problems, got %v", err)
	}
}

// A stack file's network is the spec alone: its problems are in the spec's keys, the zones' are
// ValidateZones', and the spec plans as the Args it is part of.
func TestNetworkSpecValidatesInItsOwnKeys(t *testing.T) {
	spec := network.NetworkSpec{VpcCidr: "10.0.0.0/33", VSwitches: given()[:1], Nat: network.NatArgs{InternetChargeType: "Free"}}
	var fields []string
	for _, p := range validation.Problems(spec.Validate(seedZones)) {
		fields = append(fields, p.Field)
	}
	if want := []string{"nat.internetChargeType", "vpcCidr", "vswitches"}; !slices.Equal(fields, want) {
		t.Errorf("fields %v, want %v", fields, want)
	}
	// The zones are not the spec's: a zone of another region is only ValidateZones' problem.
	zones := []string{"cn-beijing-h", "cn-hangzhou-g", "cn-beijing-k"}
	if err := (network.NetworkSpec{}).Validate(zones); err != nil {
		t.Errorf("spec: %v", err)
	}
	if err := network.ValidateZones("cn-beijing", zones); err == nil || !strings.HasPrefix(err.Error(), `zones[1]: is not a zone of region "cn-beijing"`) {
		t.Errorf("zones: %v", err)
	}
	plan, err := network.NetworkSpec{VpcCidr: "192.168.0.0/16"}.Plan(seedZones)
	a := validArgs()
	a.VpcCidr = "192.168.0.0/16"
	want, _ := network.PlanAddresses(a)
	if err != nil || !slices.Equal(plan.Zones, want.Zones) || plan.VpcCidr != want.VpcCidr || plan.ServiceCidr != network.DefaultServiceCidr {
		t.Errorf("plan %+v (%v), want %+v", plan, err, want)
	}
}

// perZoneNetwork records a network over the seed's zones with one NAT gateway, or one per zone.
func perZoneNetwork(t *testing.T, perZone bool) *offline.Recorder {
	t.Helper()
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		a := validArgs()
		a.NamePrefix = "zs-prod"
		a.Nat.PerZone = &perZone
		_, err := network.NewNetwork(ctx, "net", &a)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// With NAT per zone, every zone leaves through a gateway of its own: the gateway sits in the
// zone's node vSwitch with its own EIP, the zone's SNAT rules translate to that EIP in that
// gateway's table, and the zone's two vSwitches are attached to a route table whose default
// route leads to it, attached only after the route and the SNAT rules exist.
func TestNetworkPerZoneEgress(t *testing.T) {
	rec := perZoneNetwork(t, true)
	for typ, n := range map[string]int{rt.VpcNatGateway: 3, rt.EcsEipAddress: 3, rt.EcsEipAssociation: 3, rt.VpcSnatEntry: 6,
		rt.VpcRouteTable: 3, rt.VpcRouteEntry: 3, rt.VpcRouteTableAttachment: 6} {
		if got := len(rec.ByType(typ)); got != n {
			t.Errorf("%s: %d registered, want %d", typ, got, n)
		}
	}
	for i, z := range seedZones {
		suffix := "-" + z
		if i == 0 {
			suffix = "" // the first zone keeps the single gateway's names
		}
		nat, ok := rec.Named(rt.VpcNatGateway, "net-nat"+suffix)
		if !ok {
			t.Fatalf("no NAT gateway net-nat%s for %s", suffix, z)
		}
		if got, want := nat.Inputs["vswitchId"].StringValue(), "net-vsw-node-"+z+"-id"; got != want {
			t.Errorf("%s: NAT gateway in %s, want %s", z, got, want)
		}
		assoc, _ := rec.Named(rt.EcsEipAssociation, "net-eip-nat"+suffix)
		if got := assoc.Inputs["instanceId"].StringValue(); got != nat.ID {
			t.Errorf("%s: EIP bound to %s, want %s", z, got, nat.ID)
		}
		var snats []string
		for _, kind := range []string{"node", "pod"} {
			s, _ := rec.Named(rt.VpcSnatEntry, "net-snat-"+kind+"-"+z)
			if got, want := s.Inputs["snatTableId"].StringValue(), "stb-net-nat"+suffix; got != want {
				t.Errorf("%s: SNAT table %s, want %s", s.Name, got, want)
			}
			if !slices.Contains(s.Dependencies, assoc.URN) {
				t.Errorf("%s does not wait for its gateway's EIP", s.Name)
			}
			snats = append(snats, s.URN)
		}
		table, _ := rec.Named(rt.VpcRouteTable, "net-rt-"+z)
		if got := table.Inputs["associateType"].StringValue(); got != "VSwitch" {
			t.Errorf("%s: route table associateType %q", z, got)
		}
		route, _ := rec.Named(rt.VpcRouteEntry, "net-rt-"+z+"-default")
		for k, want := range map[string]string{"routeTableId": table.ID, "destinationCidrblock": "0.0.0.0/0", "nexthopType": "NatGateway", "nexthopId": nat.ID} {
			if got := route.Inputs[resource.PropertyKey(k)].StringValue(); got != want {
				t.Errorf("%s: default route %s = %q, want %q", z, k, got, want)
			}
		}
		for _, kind := range []string{"node", "pod"} {
			att, _ := rec.Named(rt.VpcRouteTableAttachment, "net-rt-"+kind+"-"+z)
			if got, want := att.Inputs["vswitchId"].StringValue(), "net-vsw-"+kind+"-"+z+"-id"; got != want || att.Inputs["routeTableId"].StringValue() != table.ID {
				t.Errorf("%s: attaches %s to %s, want %s to %s", att.Name, got, att.Inputs["routeTableId"].StringValue(), want, table.ID)
			}
			for _, dep := range append([]string{route.URN}, snats...) {
				if !slices.Contains(att.Dependencies, dep) {
					t.Errorf("%s is attached before %s exists", att.Name, dep)
				}
			}
		}
	}
}

// Turning per-zone NAT on (or off) on an existing network replaces no VPC, no vSwitch, and not
// the first zone's gateway, EIP or binding: they keep their names and every ForceNew input.
func TestTurningPerZoneNATOnReplacesNoVPCOrVSwitch(t *testing.T) {
	off, on := perZoneNetwork(t, false), perZoneNetwork(t, true)
	kept := 0
	for _, before := range off.Registrations() {
		switch before.Type {
		case rt.VpcNetwork, rt.VpcSwitch, rt.VpcNatGateway, rt.EcsEipAddress, rt.EcsEipAssociation, rt.EcsSecurityGroup:
		default:
			continue
		}
		after, ok := on.Named(before.Type, before.Name)
		if !ok {
			t.Errorf("%s %s is gone with per-zone NAT: it would be deleted", before.Type, before.Name)
			continue
		}
		if r := testutil.Replacing(cloudrules.Alicloud[before.Type], before, after); len(r) > 0 {
			t.Errorf("%s %s would be replaced: %v changed", before.Type, before.Name, r)
		}
		kept++
	}
	if kept != 11 { // the VPC, 6 vSwitches, the group, the gateway, its EIP and binding
		t.Errorf("%d resources compared, want 11", kept)
	}
}
