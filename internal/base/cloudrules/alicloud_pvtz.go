package cloudrules

import (
	"regexp"
	"strconv"

	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

// PvtzTTLs are the TTLs PrivateZone's AddZoneRecord and UpdateZoneRecord accept; the provider
// passes any integer through.
var PvtzTTLs = []int{5, 30, 60, 3600, 43200, 86400}

// PvtzTTLFor is the TTL a PrivateZone record gets for a wanted TTL: the largest one PrivateZone
// accepts that is not above it (5 at least), so that no answer is cached longer than wanted.
func PvtzTTLFor(ttl int) int { return LargestAtMost(PvtzTTLs, ttl) }

// LargestAtMost is the largest of allowed (ascending) not above want, or the smallest of them
// when all are: for a setting a cloud takes from a fixed set, the nearest that never exceeds what
// was asked for.
func LargestAtMost(allowed []int, want int) int {
	best := allowed[0]
	for _, v := range allowed {
		if v <= want {
			best = v
		}
	}
	return best
}

// PvtzRemark is text made into a record remark UpdateRecordRemark accepts: characters outside
// its set become '-', and it is cut to 50 characters.
func PvtzRemark(text string) string {
	out := []rune{}
	for _, r := range text {
		if !pvtzRemarkRune.MatchString(string(r)) {
			r = '-'
		}
		if len(out) == 50 {
			break
		}
		out = append(out, r)
	}
	return string(out)
}

var pvtzRemarkRune = regexp.MustCompile(`^` + pvtzRecordRemark + `$`)

// pvtzRecordRemark is the remark UpdateRecordRemark accepts (its error Zone.Remark): at most 50
// digits, letters, Chinese characters and _ - , . ， 。 (no spaces, no colons).
const pvtzRecordRemark = `[0-9A-Za-z\p{Han}_\-,.，。]*`

var pvtzRules = Table{
	rt.PvtzZone: {
		"zoneName": Matches("resource_alicloud_pvtz_zone.go: zone_name, Optional, Computed, ForceNew, ConflictsWith name; neither the provider nor API AddZone documents a format (CheckZoneName checks it at the service): a DNS name of labels of 1 to 63 letters, digits or '-' (RFC 1035)", `([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?`, 253).Replaces(),
		"remark":   Text("resource_alicloud_pvtz_zone.go: remark, Optional, updatable (UpdateZoneRemark), no ValidateFunc; API UpdateZoneRemark documents no length or characters", "a description", 0),
	},
	rt.PvtzZoneAttachment: {
		"zoneId":          Ref("resource_alicloud_pvtz_zone_attachment.go: zone_id, Required, ForceNew").Replaces(),
		"vpcs[].vpcId":    Ref("resource_alicloud_pvtz_zone_attachment.go: vpcs.vpc_id, Required; vpcs is a Set, Optional, Computed, ConflictsWith vpc_ids, updated in place (BindZoneVpc)"),
		"vpcs[].regionId": Matches("resource_alicloud_pvtz_zone_attachment.go: vpcs.region_id, Optional, Computed: a region ID", `[a-z]{2}-[a-z0-9-]+`, 0),
	},
	rt.PvtzZoneRecord: {
		"zoneId": Ref("resource_alicloud_pvtz_zone_record.go: zone_id, Required, ForceNew").Replaces(),
		"rr":     Matches("resource_alicloud_pvtz_zone_record.go: rr, Optional, Computed, updatable (UpdateZoneRecord), ConflictsWith resource_record; API AddZoneRecord Rr: the host record, @ for the zone itself", `@|\*|(\*\.)?[a-zA-Z0-9_]([a-zA-Z0-9_-]*[a-zA-Z0-9_])?(\.[a-zA-Z0-9_]([a-zA-Z0-9_-]*[a-zA-Z0-9_])?)*`, 253),
		"type":   OneOf("resource_alicloud_pvtz_zone_record.go: type, Required, updatable, StringInSlice A, CNAME, MX, PTR, SRV, TXT (AAAA is not in the provider's list)", "A", "CNAME", "MX", "PTR", "SRV", "TXT"),
		"value":  Text("resource_alicloud_pvtz_zone_record.go: value, Required, updatable; API AddZoneRecord Value: the record's data", "the record's data", 0),
		"ttl":    OneOf("resource_alicloud_pvtz_zone_record.go: ttl, TypeInt, Default 60, no ValidateFunc; API AddZoneRecord Ttl: 5, 30, 60, 3600, 43200 or 86400 seconds", pvtzTTLText()...),
		"remark": ruleNoURL("resource_alicloud_pvtz_zone_record.go: remark, Optional, no ValidateFunc, set after creation by UpdateRecordRemark; API UpdateRecordRemark error Zone.Remark: at most 50 characters, only digits, letters, Chinese and _ - , . ， 。", 0, 50, pvtzRecordRemark),
	},
}

func pvtzTTLText() []string {
	out := make([]string, len(PvtzTTLs))
	for i, t := range PvtzTTLs {
		out[i] = strconv.Itoa(t)
	}
	return out
}
