package cloudrules

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

// rdsEngineVersions are the versions docs/r/db_instance lists per engine for CreateDBInstance's
// EngineVersion (the provider's own ValidateFunc is commented out), serverless ones included.
var rdsEngineVersions = map[string][]string{
	"MySQL":      {"5.5", "5.6", "5.7", "8.0"},
	"SQLServer":  {"2008r2", "08r2_ent_ha", "2012", "2012_ent_ha", "2012_std_ha", "2012_web", "2014_std_ha", "2016_ent_ha", "2016_std_ha", "2016_web", "2017_std_ha", "2017_ent", "2019_std_ha", "2019_ent", "2016_std_sl", "2017_std_sl", "2019_std_sl"},
	"PostgreSQL": {"10.0", "11.0", "12.0", "13.0", "14.0", "15.0"},
	"MariaDB":    {"10.3"},
}

var rdsRules = Table{
	rt.RdsInstance: {
		"category":              OneOf("resource_alicloud_db_instance.go: category, Optional, Computed, StringInSlice Basic, HighAvailability, AlwaysOn, Finance, cluster, serverless_basic, serverless_standard, serverless_ha; not ForceNew, and no update call outside serverless_config: a change is never applied", "Basic", "HighAvailability", "AlwaysOn", "Finance", "cluster", "serverless_basic", "serverless_standard", "serverless_ha"),
		"dbInstanceStorageType": OneOf("resource_alicloud_db_instance.go: db_instance_storage_type, Optional, Computed, StringInSlice local_ssd, cloud_ssd, cloud_essd, cloud_essd2, cloud_essd3, general_essd; updated by ModifyDBInstanceSpec", "local_ssd", "cloud_ssd", "cloud_essd", "cloud_essd2", "cloud_essd3", "general_essd"),
		"deletionProtection":    Free("resource_alicloud_db_instance.go: deletion_protection, Optional, Default false; applied only to Postpaid and Serverless instances", "a switch"),
		"engine":                OneOf("resource_alicloud_db_instance.go: engine, Required, ForceNew, no ValidateFunc; API CreateDBInstance Engine: MySQL, SQLServer, PostgreSQL or MariaDB", "MySQL", "SQLServer", "PostgreSQL", "MariaDB").Replaces(),
		"engineVersion":         rdsEngineVersion("resource_alicloud_db_instance.go: engine_version, Required, not ForceNew (MySQL and PostgreSQL upgrade in place), ValidateFunc commented out; docs/r/db_instance lists CreateDBInstance's EngineVersion per engine"),
		"instanceChargeType":    OneOf("resource_alicloud_db_instance.go: instance_charge_type, Optional, Default Postpaid, StringInSlice Postpaid, Prepaid, Serverless; updatable (docs: only Postpaid to Prepaid)", "Postpaid", "Prepaid", "Serverless"),
		"instanceName":          Matches("resource_alicloud_db_instance.go: instance_name, Optional, updatable, StringLenBetween 2..256", `(?s).{2,256}`, 0),
		"instanceStorage":       rdsStorage("resource_alicloud_db_instance.go: instance_storage, Required, updatable (ModifyDBInstanceSpec), no ValidateFunc; docs/r/db_instance (API CreateDBInstance DBInstanceStorage): GB, in steps of 5, the range set by the instance class"),
		"instanceType":          Matches("resource_alicloud_db_instance.go: instance_type, Required, updatable (ModifyDBInstanceSpec), no ValidateFunc; API CreateDBInstance DBInstanceClass: a class of the instance type table, such as mysql.n2.medium.2c", `[a-z0-9]+(\.[a-z0-9_]+)+`, 0),
		"securityGroupIds":      rdsSecurityGroups("resource_alicloud_db_instance.go: security_group_ids, Optional, Computed, a Set, updatable; docs/r/db_instance: at most three security groups"),
		"securityIps":           rdsSecurityIPs("resource_alicloud_db_instance.go: security_ips, Optional, Computed, a Set, updatable; docs/r/db_instance (API ModifySecurityIps): up to 1,000 addresses or CIDR blocks (prefix 1 to 32), or 0.0.0.0/0"),
		"tags":                  ruleTags("resource_alicloud_db_instance.go: tags, tagsSchema (no ValidateFunc); docs/r/db_instance: key up to 64 characters, value up to 128, neither starting with aliyun, acs:, http:// or https://", 64),
		"vswitchId":             rdsVSwitches("resource_alicloud_db_instance.go: vswitch_id, Optional, ForceNew; comma-separated for several zones, in the order zone_id, zone_id_slave_a, zone_id_slave_b; after creation a new value with a comma is diff-suppressed (never applied)").Replaces(),
		"zoneId":                Matches("resource_alicloud_db_instance.go: zone_id, Optional, Computed, ForceNew; API CreateDBInstance ZoneId: the primary's zone", zoneIDExpr, 64).Replaces(),
		"zoneIdSlaveA":          Matches("resource_alicloud_db_instance.go: zone_id_slave_a, Optional, Computed, ForceNew; API CreateDBInstance ZoneIdSlave1: the standby's zone, the primary's for a single-zone instance, or Auto", zoneIDExpr+`|Auto`, 64).Replaces(),
	},
	rt.RdsAccount: {
		"accountName":     Matches("resource_alicloud_rds_account.go: account_name, Optional, Computed, ForceNew, ConflictsWith name, StringMatch ^[a-z][a-z0-9_]{0,61}[a-z0-9]$", `[a-z][a-z0-9_]{0,61}[a-z0-9]`, 0).Replaces(),
		"accountPassword": rdsPassword("resource_alicloud_rds_account.go: account_password, Optional, Computed, Sensitive, ConflictsWith password, no ValidateFunc; API CreateAccount AccountPassword: 8 to 32 characters of at least three of upper case, lower case, digits and !@#$%^&*()_+-="),
		"accountType":     OneOf("resource_alicloud_rds_account.go: account_type, Optional, Computed, ForceNew, ConflictsWith type, StringInSlice Normal, Super, Sysadmin", "Normal", "Super", "Sysadmin").Replaces(),
		"dbInstanceId":    Ref("resource_alicloud_rds_account.go: db_instance_id, Optional, Computed, ForceNew, ExactlyOneOf db_instance_id/instance_id").Replaces(),
	},
	rt.RdsDatabase: {
		"characterSet": Matches("resource_alicloud_db_database.go: character_set, Optional, Default utf8, ForceNew, no ValidateFunc; API CreateDatabase CharacterSetName: MySQL and MariaDB utf8, gbk, latin1, utf8mb4; SQL Server a collation such as Chinese_PRC_CI_AS; PostgreSQL charset,collate,ctype", `utf8|gbk|latin1|utf8mb4|[A-Za-z0-9_]+_C[IS]_A[IS]|[A-Za-z0-9_]+,[^,]+,[^,]+`, 0).Replaces(),
		"dataBaseName": Matches("resource_alicloud_db_database.go: data_base_name, Optional, Computed, ForceNew, ConflictsWith name, StringMatch ^[a-z][a-z0-9_-]*[a-z0-9]$; API CreateDatabase DBName: at most 64 characters", `[a-z][a-z0-9_-]*[a-z0-9]`, 64).Replaces(),
		"instanceId":   Ref("resource_alicloud_db_database.go: instance_id, Required, ForceNew").Replaces(),
	},
	rt.RdsAccountPrivilege: {
		"accountName": Ref("resource_alicloud_db_account_privilege.go: account_name, Required, ForceNew").Replaces(),
		"dbNames":     Matches("resource_alicloud_db_account_privilege.go: db_names, Required, a Set, MinItems 1, updatable (grants and revokes); each a database of the instance", `[a-z][a-z0-9_-]*[a-z0-9]`, 64),
		"instanceId":  Ref("resource_alicloud_db_account_privilege.go: instance_id, Required, ForceNew").Replaces(),
		"privilege":   OneOf("resource_alicloud_db_account_privilege.go: privilege, Optional, Default ReadOnly, ForceNew, StringInSlice ReadOnly, ReadWrite, DDLOnly, DMLOnly, DBOwner", "ReadOnly", "ReadWrite", "DDLOnly", "DMLOnly", "DBOwner").Replaces(),
	},
}

func rdsEngineVersion(source string) Rule {
	return Func(source, func(v resource.PropertyValue, inputs resource.PropertyMap) error {
		e := Plain(inputs["engine"])
		if !e.IsString() {
			return nil
		}
		vs, ok := rdsEngineVersions[e.StringValue()]
		if ok && !slices.Contains(vs, valueText(v)) {
			return fmt.Errorf("must be one of %s for %s (got %s)", strings.Join(vs, ", "), e.StringValue(), valueText(v))
		}
		return nil
	})
}

func rdsStorage(source string) Rule {
	return Func(source, func(v resource.PropertyValue, _ resource.PropertyMap) error {
		n, ok := number(v)
		if !ok || n < 5 || n != float64(int(n)) || int(n)%5 != 0 {
			return fmt.Errorf("must be a multiple of 5 GB, at least 5 (got %s)", valueText(v))
		}
		return nil
	})
}

func rdsSecurityGroups(source string) Rule {
	return Func(source, func(v resource.PropertyValue, _ resource.PropertyMap) error {
		if v.IsArray() && len(v.ArrayValue()) > 3 {
			return fmt.Errorf("must be at most 3 security groups (got %d)", len(v.ArrayValue()))
		}
		return nil
	})
}

func rdsSecurityIPs(source string) Rule {
	ip := ruleIPv4(source)
	cidr := ruleCIDR(source, 1, 32, false)
	return Func(source, func(v resource.PropertyValue, inputs resource.PropertyMap) error {
		if !v.IsArray() {
			return fmt.Errorf("must be a list of addresses")
		}
		if n := len(v.ArrayValue()); n > 1000 {
			return fmt.Errorf("must be at most 1000 entries (got %d)", n)
		}
		for i, e := range v.ArrayValue() {
			e = Plain(e)
			if e.IsComputed() || e.IsOutput() || valueText(e) == "0.0.0.0/0" || ip.Check(e, inputs) == nil {
				continue
			}
			if err := cidr.Check(e, inputs); err != nil {
				return fmt.Errorf("[%d]: %w", i, err)
			}
		}
		return nil
	})
}

// rdsVSwitches: one vSwitch per zone the instance spans, comma-separated in zone order.
func rdsVSwitches(source string) Rule {
	return Func(source, func(v resource.PropertyValue, inputs resource.PropertyMap) error {
		zones := 1
		z, a, b := Plain(inputs["zoneId"]), Plain(inputs["zoneIdSlaveA"]), Plain(inputs["zoneIdSlaveB"])
		if !z.IsString() || a.IsComputed() || b.IsComputed() {
			return nil
		}
		if a.IsString() && a.StringValue() != z.StringValue() {
			zones++
		}
		if b.IsString() && b.StringValue() != z.StringValue() {
			zones++
		}
		if n := len(strings.Split(valueText(v), ",")); n != zones {
			return fmt.Errorf("must name %d vSwitches, one per zone in zone order (got %d)", zones, n)
		}
		return nil
	})
}

// generatedAtUp is offline.GeneratedPlaceholder, the offline stand-in for a value a provider
// generates at `pulumi up` (a random password): unknown, so it passes like a computed value.
const generatedAtUp = "[generated at pulumi up]"

func rdsPassword(source string) Rule {
	const special = "!@#$%^&*()_+-="
	return Func(source, func(v resource.PropertyValue, _ resource.PropertyMap) error {
		s := valueText(v)
		if s == generatedAtUp {
			return nil // random's result, known only at `pulumi up`
		}
		if n := len(s); n < 8 || n > 32 {
			return fmt.Errorf("must be 8 to 32 characters (got %d)", n)
		}
		var upper, lower, digit, spec int
		for _, r := range s {
			switch {
			case unicode.IsUpper(r) && r < 128:
				upper = 1
			case unicode.IsLower(r) && r < 128:
				lower = 1
			case unicode.IsDigit(r) && r < 128:
				digit = 1
			case strings.ContainsRune(special, r):
				spec = 1
			default:
				return fmt.Errorf("must contain only letters, digits and %s", special)
			}
		}
		if upper+lower+digit+spec < 3 {
			return fmt.Errorf("must contain three of upper case, lower case, digits and %s", special)
		}
		return nil
	})
}
