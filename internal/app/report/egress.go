package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/zonestack/zonestack/internal/app/offline"
	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

// egress is how the stack's zones reach the Internet: which NAT gateway each zone's vSwitches
// leave through, read from the registrations as the cloud would route them.
type egress struct {
	// gateways are the NAT gateways' zones by gateway ID.
	gateways map[string]string
	// via are the gateway IDs each zone's vSwitches leave through, "" for one that cannot be told.
	via map[string][]string
}

// egressRoutes reads the stack's egress. A vSwitch attached to a route table leaves through
// the NAT gateway of that table's default route; any other uses the VPC's system route table,
// whose default route Alibaba Cloud points at the VPC's first enhanced NAT gateway: known when
// there is one gateway, not when there are several (which one was first is the cloud's).
func egressRoutes(rec *offline.Recorder) egress {
	zoneOf := rec.VSwitchZones()
	e := egress{gateways: map[string]string{}, via: map[string][]string{}}
	for _, nat := range rec.ByType(rt.VpcNatGateway) {
		e.gateways[nat.ID] = zoneOf[nat.Inputs["vswitchId"].StringValue()]
	}
	system := ""
	if len(e.gateways) == 1 {
		for id := range e.gateways {
			system = id
		}
	}
	defaultRoute := map[string]string{} // route table ID: NAT gateway ID
	for _, r := range rec.ByType(rt.VpcRouteEntry) {
		if r.Inputs["destinationCidrblock"].StringValue() == "0.0.0.0/0" && r.Inputs["nexthopType"].StringValue() == "NatGateway" {
			defaultRoute[r.Inputs["routeTableId"].StringValue()] = r.Inputs["nexthopId"].StringValue()
		}
	}
	attached := map[string]string{} // vSwitch ID: route table ID
	for _, a := range rec.ByType(rt.VpcRouteTableAttachment) {
		attached[a.Inputs["vswitchId"].StringValue()] = a.Inputs["routeTableId"].StringValue()
	}
	for sw, z := range zoneOf {
		gw := system
		if table, ok := attached[sw]; ok {
			gw = defaultRoute[table]
		}
		e.via[z] = append(e.via[z], gw)
	}
	return e
}

// loss says what the loss of zone z does to the other zones' egress.
func (e egress) loss(z string, zones []string) string {
	if len(e.gateways) == 0 {
		return "no NAT gateway in this stack"
	}
	var cut, unknown, through []string
	for _, other := range zones {
		if other == z {
			continue
		}
		gws := e.via[other]
		switch {
		case slices.ContainsFunc(gws, func(gw string) bool { return gw != "" && e.gateways[gw] == z }):
			cut = append(cut, other)
		case slices.Contains(gws, ""):
			unknown = append(unknown, other)
		default:
			for _, gw := range gws {
				through = append(through, e.gateways[gw])
			}
		}
	}
	switch {
	case len(cut) > 0:
		return fmt.Sprintf("lost: %s reach the Internet through the NAT gateway in this zone; their nodes and pods keep running but reach no Internet address (image pulls from outside the VPC fail) until the zone returns (network.nat.perZone gives each zone its own)", strings.Join(cut, ", "))
	case len(unknown) > 0:
		return fmt.Sprintf("at risk: %s leave by the VPC's system route table, which points at whichever NAT gateway was created first", strings.Join(unknown, ", "))
	}
	slices.Sort(through)
	through = slices.Compact(through)
	if len(through) == 1 && len(e.gateways) == 1 {
		return "kept: the NAT gateway is in " + through[0]
	}
	return "kept: the other zones leave through the NAT gateways in " + strings.Join(through, ", ")
}
