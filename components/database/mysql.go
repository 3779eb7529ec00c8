package database

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strconv"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/rds"
	"github.com/pulumi/pulumi-random/sdk/v4/go/random"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/internal/base/outputs"
	"github.com/zonestack/zonestack/validation"
)

const mysqlType = "zonestack:database:MySQL"

// Defaults of a MySQL instance: High-availability Edition (a standby in a second zone) on ESSD.
const (
	DefaultEngineVersion = "8.0"
	DefaultInstanceType  = "mysql.n2.medium.2c"
	DefaultStorageGiB    = 50
	DefaultStorageType   = "cloud_essd"
	DefaultCategory      = "HighAvailability"
	DefaultPrivilege     = "ReadWrite"
)

// MySQLSpec is what a stack file says about a MySQL instance (an entry of zonestack:databases):
// its engine, size, databases and account. Where it runs and who may connect are the stack's, in
// MySQLArgs. Zero values mean "use the default".
type MySQLSpec struct {
	// Name names the database: it is the default database, the default InstanceName, and a stack
	// names the RDS instance after it (the stack's name prefix, '-', Name). Required and unique in
	// a stack file.
	Name string `json:"name" pulumi:"name"`
	// EngineVersion is 5.7 or 8.0. Optional, default 8.0.
	EngineVersion string `json:"engineVersion,omitempty" pulumi:"engineVersion"`
	// InstanceType is an RDS class, e.g. mysql.n2.medium.2c. Optional.
	InstanceType string `json:"instanceType,omitempty" pulumi:"instanceType"`
	// StorageGiB is the instance's storage. Optional, default 50; 20 to 32000.
	StorageGiB int `json:"storageGiB,omitempty" pulumi:"storageGiB"`
	// Category is Basic or HighAvailability (default): HighAvailability keeps a standby in
	// Zones[1] and fails over to it.
	Category string `json:"category,omitempty" pulumi:"category"`
	// Databases to create. Optional, default [Name]; at least one.
	Databases []string `json:"databases,omitempty" pulumi:"databases"`
	// AccountName is the account the services use, with ReadWrite on the databases. Required.
	AccountName string `json:"accountName" pulumi:"accountName"`
	// DeletionProtection refuses to delete the instance until it is turned off. Optional, default
	// false; a stack's default is its production setting.
	DeletionProtection *bool `json:"deletionProtection,omitempty" pulumi:"deletionProtection"`
}

// MySQLArgs are the inputs of MySQL: the spec and where the instance runs and who may connect.
// Zero values mean "use the default".
type MySQLArgs struct {
	MySQLSpec
	// InstanceName is the RDS instance's name. Optional, default Name; one of them is required.
	InstanceName string `pulumi:"instanceName"`
	// Zones and VSwitchIDs place the primary (first) and, for HighAvailability, the standby
	// (second). Required.
	Zones      []string             `pulumi:"zones"`
	VSwitchIDs []pulumi.StringInput `pulumi:"vswitchIds"`
	// AllowedCidrs may connect: the cluster's node and pod vSwitches. Required: RDS's default
	// whitelist admits nobody but itself.
	AllowedCidrs []string `pulumi:"allowedCidrs"`
	// SecurityGroupIDs the instance joins, so that members of the groups reach it. Optional, at
	// most three.
	SecurityGroupIDs []pulumi.StringInput `pulumi:"securityGroupIds"`
	// Password of the account. Optional: without it a random 24-character password is
	// generated and kept, as a secret, in the stack's state. Always sent as a secret.
	Password pulumi.StringInput `pulumi:"password"`
	// Tags are added to the instance.
	Tags map[string]string `pulumi:"tags"`
}

// MySQL is an RDS MySQL instance with its databases and an account.
type MySQL struct {
	pulumi.ResourceState

	// Host is the instance's private connection address.
	Host pulumi.StringOutput `pulumi:"host"`
	// Port is the instance's port.
	Port pulumi.StringOutput `pulumi:"port"`
	// AccountName is the services' account.
	AccountName pulumi.StringOutput `pulumi:"accountName"`
	// Password is the account's password, a secret.
	Password pulumi.StringOutput `pulumi:"password"`

	// Instance is the RDS instance, as an escape hatch.
	Instance *rds.Instance
}

func (a MySQLArgs) withDefaults() MySQLArgs {
	out := a
	out.MySQLSpec = a.MySQLSpec.withDefaults()
	if out.InstanceName == "" {
		out.InstanceName = out.Name
	}
	return out
}

func (s MySQLSpec) withDefaults() MySQLSpec {
	out := s
	if out.EngineVersion == "" {
		out.EngineVersion = DefaultEngineVersion
	}
	if out.InstanceType == "" {
		out.InstanceType = DefaultInstanceType
	}
	if out.StorageGiB == 0 {
		out.StorageGiB = DefaultStorageGiB
	}
	if out.Category == "" {
		out.Category = DefaultCategory
	}
	if len(out.Databases) == 0 && out.Name != "" {
		out.Databases = []string{out.Name}
	}
	return out
}

var (
	instanceName = regexp.MustCompile(`^[A-Za-z][-_A-Za-z0-9]{1,63}$`)
	accountName  = regexp.MustCompile(`^[a-z][a-z0-9_]{0,30}[a-z0-9]$`)
	databaseName = regexp.MustCompile(`^[a-z][-_a-z0-9]{0,62}[a-z0-9]$`)
	rdsClass     = regexp.MustCompile(`^(mysql|rds)\.[a-z0-9.]+$`)
	// reservedAccounts are names RDS keeps for itself.
	reservedAccounts = []string{"root", "admin", "mysql", "aurora", "replicator", "eagleye", "sys"}
)

const instanceNameRule = "must be 2 to 64 letters, digits, '-' or '_', starting with a letter"

// Validate reports every problem with the args, defaults applied: the spec's, the instance
// name's and the placement's.
func (a MySQLArgs) Validate() error { return a.withDefaults().validate() }

// Validate reports every problem with the spec, defaults applied, with field paths in the spec's
// keys (for example "accountName"), and with instanceName, the RDS instance's name its stack
// derives from Name, at "name".
func (s MySQLSpec) Validate(instanceName string) error {
	var l validation.List
	s = s.withDefaults()
	s.validate(&l)
	if !validInstanceName(instanceName) {
		l.Invalid("name", instanceName, instanceNameRule)
	}
	return l.Err()
}

// CheckZones says whether zones are enough for the spec's instance, defaults applied: nil, or
// the rule they break (a HighAvailability instance needs two, its standby's second).
func (s MySQLSpec) CheckZones(zones []string) error {
	s = s.withDefaults()
	if n := s.zonesNeeded(); len(zones) < n {
		return fmt.Errorf("needs %d zones for category %s (the standby's zone second)", n, s.Category)
	}
	return nil
}

// zonesNeeded is how many zones the instance of s, defaults applied, spans.
func (s MySQLSpec) zonesNeeded() int {
	if s.Category == "HighAvailability" {
		return 2
	}
	return 1
}

func validInstanceName(name string) bool { return instanceName.MatchString(name) }

func (a MySQLArgs) validate() error {
	var l validation.List
	if !validInstanceName(a.InstanceName) {
		l.Invalid("instanceName", a.InstanceName, instanceNameRule)
	}
	a.MySQLSpec.validate(&l)
	switch err := a.MySQLSpec.CheckZones(a.Zones); {
	case err != nil:
		l.Invalid("zones", a.Zones, "%s", err)
	case a.zonesNeeded() == 2 && a.Zones[0] == a.Zones[1]:
		l.Invalid("zones", a.Zones, "the standby must be in another zone than the primary, or one zone's loss takes both")
	}
	if len(a.VSwitchIDs) != len(a.Zones) {
		l.Invalid("vswitchIds", len(a.VSwitchIDs), "must be one per zone (%d zones)", len(a.Zones))
	}
	if len(a.AllowedCidrs) == 0 {
		l.Required("allowedCidrs", "is required: the cluster's vSwitch CIDRs; RDS admits no other address")
	}
	for i, c := range a.AllowedCidrs {
		p, err := netip.ParsePrefix(c)
		switch {
		case err != nil:
			l.Invalid(fmt.Sprintf("allowedCidrs[%d]", i), c, "must be a CIDR such as 10.0.0.0/16")
		case p.Bits() == 0:
			l.Invalid(fmt.Sprintf("allowedCidrs[%d]", i), c, "opens the database to every address")
		}
	}
	if len(a.SecurityGroupIDs) > 3 {
		l.Invalid("securityGroupIds", len(a.SecurityGroupIDs), "must be at most 3")
	}
	return l.Err()
}

// validate records the problems of s, defaults applied, in l; the instance's name and placement
// are its Args'.
func (s MySQLSpec) validate(l *validation.List) {
	if s.EngineVersion != "5.7" && s.EngineVersion != "8.0" {
		l.Invalid("engineVersion", s.EngineVersion, "must be 5.7 or 8.0")
	}
	if !rdsClass.MatchString(s.InstanceType) {
		l.Invalid("instanceType", s.InstanceType, "must be an RDS MySQL class such as mysql.n2.medium.2c")
	}
	if s.StorageGiB < 20 || s.StorageGiB > 32000 {
		l.Invalid("storageGiB", s.StorageGiB, "must be 20 to 32000")
	}
	if s.Category != "Basic" && s.Category != "HighAvailability" {
		l.Invalid("category", s.Category, "must be Basic or HighAvailability")
	}
	if len(s.Databases) == 0 {
		l.Required("databases", "is required: at least one database")
	}
	for i, d := range s.Databases {
		if !databaseName.MatchString(d) {
			l.Invalid(fmt.Sprintf("databases[%d]", i), d, "must be 2 to 64 lower-case letters, digits, '-' or '_', starting with a letter")
		}
		if slices.Index(s.Databases, d) != i {
			l.Invalid(fmt.Sprintf("databases[%d]", i), d, "duplicates databases[%d]", slices.Index(s.Databases, d))
		}
	}
	switch {
	case !accountName.MatchString(s.AccountName):
		l.Invalid("accountName", s.AccountName, "must be 2 to 32 lower-case letters, digits or '_', starting with a letter")
	case slices.Contains(reservedAccounts, s.AccountName):
		l.Invalid("accountName", s.AccountName, "is reserved by RDS")
	}
}

// rdsPlacement are the instance's ForceNew inputs that follow the zones' order or a constant of
// ours (the engine), kept as they were at creation.
var rdsPlacement = []string{"zoneId", "zoneIdSlaveA", "vswitchId", "engine"}

// NewMySQL validates args and registers the instance, its databases, the account (with a
// generated password when none is given) and the account's privilege. On invalid args it returns
// every problem and registers nothing.
func NewMySQL(ctx *pulumi.Context, name string, args *MySQLArgs, opts ...pulumi.ResourceOption) (*MySQL, error) {
	if args == nil {
		return nil, fmt.Errorf("mysql %q: args are required", name)
	}
	a := args.withDefaults()
	if err := a.validate(); err != nil {
		return nil, fmt.Errorf("mysql %q: %w", name, err)
	}
	m := &MySQL{}
	if err := ctx.RegisterComponentResource(mysqlType, name, m, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(m)
	standby := a.Zones[0]
	if a.Category == "HighAvailability" {
		standby = a.Zones[1]
	}
	n := 1
	if a.Category == "HighAvailability" {
		n = 2
	}
	vsw := make([]any, n)
	for i := range vsw {
		vsw[i] = a.VSwitchIDs[i]
	}
	inst, err := rds.NewInstance(ctx, name+"-instance", &rds.InstanceArgs{
		Engine:                pulumi.String("MySQL"),
		EngineVersion:         pulumi.String(a.EngineVersion),
		InstanceType:          pulumi.String(a.InstanceType),
		InstanceStorage:       pulumi.Int(a.StorageGiB),
		InstanceName:          pulumi.String(a.InstanceName),
		Category:              pulumi.String(a.Category),
		DbInstanceStorageType: pulumi.String(DefaultStorageType),
		InstanceChargeType:    pulumi.String("Postpaid"),
		ZoneId:                pulumi.String(a.Zones[0]),
		ZoneIdSlaveA:          pulumi.String(standby),
		// A multi-zone instance takes its zones' vSwitches comma-separated.
		VswitchId:          outputs.Join(",", vsw...),
		SecurityIps:        pulumi.ToStringArray(a.AllowedCidrs),
		SecurityGroupIds:   pulumi.StringArray(a.SecurityGroupIDs),
		DeletionProtection: pulumi.Bool(a.DeletionProtection != nil && *a.DeletionProtection),
		Tags:               pulumi.ToStringMap(a.Tags),
	}, parent,
		// The zones and vSwitches are ForceNew (resource_alicloud_db_instance.go) and follow the
		// order of Zones: a reordered zone list, or another stack default, must not replace the
		// database. An instance stays where it was created; moving it is a migration, by hand.
		pulumi.IgnoreChanges(rdsPlacement))
	if err != nil {
		return nil, err
	}
	m.Instance = inst
	var dbs []pulumi.Resource
	var dbNames pulumi.StringArray
	for _, d := range a.Databases {
		db, err := rds.NewDatabase(ctx, name+"-db-"+d, &rds.DatabaseArgs{
			InstanceId:   inst.ID(),
			DataBaseName: pulumi.String(d),
			CharacterSet: pulumi.String("utf8mb4"),
		}, parent)
		if err != nil {
			return nil, err
		}
		dbs = append(dbs, db)
		dbNames = append(dbNames, db.DataBaseName)
	}
	password := a.Password
	if password == nil {
		// RDS wants three of upper, lower, digits and !@#$%^&*()_+-=; the generated password
		// has all four, and lives only in the state, encrypted.
		gen, err := random.NewRandomPassword(ctx, name+"-password", &random.RandomPasswordArgs{
			Length:          pulumi.Int(24),
			OverrideSpecial: pulumi.String("!#%^*_+-="),
			MinUpper:        pulumi.Int(2),
			MinLower:        pulumi.Int(2),
			MinNumeric:      pulumi.Int(2),
			MinSpecial:      pulumi.Int(2),
		}, parent)
		if err != nil {
			return nil, err
		}
		password = gen.Result
	}
	m.Password = pulumi.ToSecret(password).(pulumi.StringOutput)
	account, err := rds.NewRdsAccount(ctx, name+"-account", &rds.RdsAccountArgs{
		DbInstanceId:    inst.ID(),
		AccountName:     pulumi.String(a.AccountName),
		AccountPassword: m.Password,
		AccountType:     pulumi.String("Normal"),
	}, parent)
	if err != nil {
		return nil, err
	}
	if _, err := rds.NewAccountPrivilege(ctx, name+"-privilege", &rds.AccountPrivilegeArgs{
		InstanceId:  inst.ID(),
		AccountName: account.AccountName,
		DbNames:     dbNames,
		Privilege:   pulumi.String(DefaultPrivilege),
	}, parent, pulumi.DependsOn(dbs)); err != nil {
		return nil, err
	}
	m.Host = inst.ConnectionString
	m.Port = inst.Port
	m.AccountName = account.AccountName
	if err := ctx.RegisterResourceOutputs(m, pulumi.Map{
		"host": m.Host, "port": m.Port, "accountName": m.AccountName, "password": m.Password,
	}); err != nil {
		return nil, err
	}
	return m, nil
}

// Endpoint is host:port, as WORDPRESS_DB_HOST and most clients take it.
func (m *MySQL) Endpoint() pulumi.StringOutput {
	return pulumi.All(m.Host, m.Port).ApplyT(func(xs []any) string {
		port, _ := strconv.Atoi(fmt.Sprint(xs[1]))
		if port == 0 {
			return fmt.Sprint(xs[0])
		}
		return fmt.Sprintf("%v:%d", xs[0], port)
	}).(pulumi.StringOutput)
}
