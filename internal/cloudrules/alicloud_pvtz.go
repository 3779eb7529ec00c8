package cloudrules

import rt "github.com/zonestack/zonestack/internal/resourcetypes"

// PvtzTTLs are the TTLs PrivateZone's AddZoneRecord and UpdateZoneRecord accept; the provider
// passes any integer through.
var PvtzTTLs = []string{"5", "30", "60", "3600", "43200", "86400"}

var pvtzRules = Table{
	rt.PvtzZone: {
		"zoneName": Matches("resource_alicloud_pvtz_zone.go: zone_name, ForceNew; API AddZone: a domain name", `([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?`, 253).Replaces(),
		"remark":   Text("resource_alicloud_pvtz_zone.go: remark, optional, updatable", "a description", 50),
	},
	rt.PvtzZoneAttachment: {
		"zoneId":          Ref("resource_alicloud_pvtz_zone_attachment.go: zone_id, Required, ForceNew").Replaces(),
		"vpcs[].vpcId":    Ref("resource_alicloud_pvtz_zone_attachment.go: vpcs.vpc_id, Required"),
		"vpcs[].regionId": Matches("resource_alicloud_pvtz_zone_attachment.go: vpcs.region_id, Optional, Computed: a region ID", `[a-z]{2}-[a-z0-9-]+`, 0),
	},
	rt.PvtzZoneRecord: {
		"zoneId": Ref("resource_alicloud_pvtz_zone_record.go: zone_id, Required, ForceNew").Replaces(),
		"rr":     Matches("resource_alicloud_pvtz_zone_record.go: rr, ConflictsWith resource_record; API AddZoneRecord Rr: the host record, @ for the zone itself", `@|\*|(\*\.)?[a-zA-Z0-9_]([a-zA-Z0-9_-]*[a-zA-Z0-9_])?(\.[a-zA-Z0-9_]([a-zA-Z0-9_-]*[a-zA-Z0-9_])?)*`, 253),
		"type":   OneOf("resource_alicloud_pvtz_zone_record.go: type, Required, StringInSlice A, CNAME, MX, PTR, SRV, TXT (AAAA is not in the provider's list)", "A", "CNAME", "MX", "PTR", "SRV", "TXT"),
		"value":  Text("resource_alicloud_pvtz_zone_record.go: value, Required; API AddZoneRecord Value: the record's data", "the record's data", 0),
		"ttl":    OneOf("resource_alicloud_pvtz_zone_record.go: ttl, TypeInt, Default 60, no ValidateFunc; API AddZoneRecord Ttl: 5, 30, 60, 3600, 43200 or 86400 seconds", PvtzTTLs...),
		"remark": Text("resource_alicloud_pvtz_zone_record.go: remark, Optional", "a description", 50),
	},
}
