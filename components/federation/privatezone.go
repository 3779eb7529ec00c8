package federation

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/pvtz"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/internal/base/cloudrules"
	"github.com/zonestack/zonestack/validation"
)

const privateZoneRecordsType = "zonestack:federation:PrivateZoneRecords"

// VPC is a VPC a private zone answers in.
type VPC struct {
	ID     pulumi.StringInput
	Region string
}

// PrivateZoneRecordsArgs are the inputs of PrivateZoneRecords.
type PrivateZoneRecordsArgs struct {
	Federation Federation `pulumi:"federation"`
	Service    Service    `pulumi:"service"`
	// Clusters are the members, their shards left empty: the shards come from Shards.
	Clusters []Cluster `pulumi:"clusters"`
	// Shards are each member's ShardStatus output, by cluster name.
	Shards map[string]pulumi.Output `pulumi:"shards"`
	// VPCs are where the names resolve privately: the Alibaba Cloud members' VPCs. Required.
	VPCs []VPC `pulumi:"vpcs"`
}

// PrivateZoneRecords are the federation's names in a PrivateZone zone for the federation's
// domain, attached to the members' VPCs, in the per-value layout. Inside those VPCs the zone
// shadows the public domain (a private zone answers for its whole name), which is why the
// federation wants a domain of its own. The global name here follows the plan even in GTM mode:
// the GTM name may live in a public zone the private one shadows.
type PrivateZoneRecords struct {
	pulumi.ResourceState

	// ZoneID is the private zone.
	ZoneID pulumi.IDOutput `pulumi:"zoneId"`
}

// NewPrivateZoneRecords validates args and registers the zone, its attachment and the records.
func NewPrivateZoneRecords(ctx *pulumi.Context, name string, args *PrivateZoneRecordsArgs, opts ...pulumi.ResourceOption) (*PrivateZoneRecords, error) {
	if args == nil {
		return nil, fmt.Errorf("private zone records %q: args are required", name)
	}
	a := *args
	if err := validateBackEnd(a.Federation, a.Service, a.Clusters, a.Validate()); err != nil {
		return nil, fmt.Errorf("private zone records %q: %w", name, err)
	}
	c := &PrivateZoneRecords{}
	if err := ctx.RegisterComponentResource(privateZoneRecordsType, name, c, opts...); err != nil {
		return nil, err
	}
	domain := strings.TrimSuffix(strings.ToLower(a.Federation.Domain), ".")
	zone, err := pvtz.NewZone(ctx, name+"-zone", &pvtz.ZoneArgs{
		ZoneName: pulumi.String(domain),
		Remark:   pulumi.String("zonestack: federation " + a.Federation.Name),
	}, pulumi.Parent(c))
	if err != nil {
		return nil, err
	}
	var vpcs pvtz.ZoneAttachmentVpcArray
	for _, v := range a.VPCs {
		vpcs = append(vpcs, pvtz.ZoneAttachmentVpcArgs{VpcId: v.ID, RegionId: pulumi.String(v.Region)})
	}
	if _, err := pvtz.NewZoneAttachment(ctx, name+"-vpcs", &pvtz.ZoneAttachmentArgs{ZoneId: zone.ID(), Vpcs: vpcs}, pulumi.Parent(c)); err != nil {
		return nil, err
	}
	planned := planOnShards(a.Federation, a.Service, a.Clusters, a.Shards)
	// PrivateZone takes six TTLs only: the federation's, or the largest below it.
	ttl := cloudrules.PvtzTTLFor(ttlOf(a.Federation))
	_, err = registerSlots(a.Federation, a.Service, a.Clusters, "", planned, func(k SlotKey, slot pulumi.Output, opts ...pulumi.ResourceOption) (pulumi.Resource, error) {
		if k.Name != domain && !strings.HasSuffix(k.Name, "."+domain) {
			return nil, nil // an alias outside the federation's domain: public DNS only
		}
		return pvtz.NewZoneRecord(ctx, name+"-"+k.Short, &pvtz.ZoneRecordArgs{
			ZoneId: zone.ID(),
			Rr:     pulumi.String(relativeTo(k.Name, domain)),
			Type:   slotType(slot),
			Value:  slotValue(slot),
			Ttl:    pulumi.Int(ttl),
			Remark: pulumi.String(cloudrules.PvtzRemark("zonestack_" + k.Short)),
		}, append(opts, pulumi.Parent(c))...)
	})
	if err != nil {
		return nil, err
	}
	c.ZoneID = zone.ID()
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{"zoneId": c.ZoneID}); err != nil {
		return nil, err
	}
	return c, nil
}

// Validate reports every problem of a's own settings (the planner's rules are PlanRecords').
func (a PrivateZoneRecordsArgs) Validate() error {
	var l validation.List
	if _, _, err := PlanRecords(a.Federation, a.Service, a.Clusters, nil); err != nil {
		l.Merge("", err)
	}
	if len(a.VPCs) == 0 {
		l.Required("vpcs", "is required: the VPCs the private zone answers in")
	}
	for i, v := range a.VPCs {
		if v.ID == nil || v.Region == "" {
			l.Required(fmt.Sprintf("vpcs[%d]", i), "needs an ID and a region")
		}
	}
	for i, c := range a.Clusters {
		checkIPv4Only(&l, fmt.Sprintf("clusters[%d].dualStack", i), c.DualStack)
	}
	return l.Err()
}

// checkIPv4Only records at field a dual-stack member of a private zone.
func checkIPv4Only(l *validation.List, field string, dualStack bool) {
	if dualStack {
		// PrivateZone documents record types A, CNAME, TXT, MX, PTR and SRV: no AAAA.
		l.Invalid(field, true, "PrivateZone has no AAAA records; a private zone serves IPv4 only")
	}
}
