package alicloud

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// Type tokens of the ApsaraDB RDS resources.
const (
	RdsInstanceToken         = "alicloud:rds/instance:Instance"
	RdsAccountToken          = "alicloud:rds/rdsAccount:RdsAccount"
	RdsDatabaseToken         = "alicloud:rds/database:Database"
	RdsAccountPrivilegeToken = "alicloud:rds/accountPrivilege:AccountPrivilege"
)

// RdsInstanceArgs are the inputs of an RDS instance (alicloud:rds/instance:Instance).
type RdsInstanceArgs struct {
	// Engine is MySQL, PostgreSQL, SQLServer or MariaDB. Required.
	Engine        pulumi.StringInput `pulumi:"engine" required:"true"`
	EngineVersion pulumi.StringInput `pulumi:"engineVersion" required:"true"`
	// InstanceStorage is in GiB. Required.
	InstanceStorage pulumi.IntInput    `pulumi:"instanceStorage" required:"true"`
	InstanceType    pulumi.StringInput `pulumi:"instanceType" required:"true"`
	InstanceName    pulumi.StringInput `pulumi:"instanceName"`
	// Category is Basic, HighAvailability, AlwaysOn, …; HighAvailability puts a standby in ZoneIDSlaveA.
	Category              pulumi.StringInput      `pulumi:"category"`
	DbInstanceStorageType pulumi.StringInput      `pulumi:"dbInstanceStorageType"`
	InstanceChargeType    pulumi.StringInput      `pulumi:"instanceChargeType"`
	VswitchID             pulumi.StringInput      `pulumi:"vswitchId"`
	ZoneID                pulumi.StringInput      `pulumi:"zoneId"`
	ZoneIDSlaveA          pulumi.StringInput      `pulumi:"zoneIdSlaveA"`
	SecurityIps           pulumi.StringArrayInput `pulumi:"securityIps"`
	SecurityGroupIDs      pulumi.StringArrayInput `pulumi:"securityGroupIds"`
	DeletionProtection    pulumi.BoolInput        `pulumi:"deletionProtection"`
	Tags                  pulumi.StringMapInput   `pulumi:"tags"`
}

// RdsInstance is an RDS instance.
type RdsInstance struct {
	pulumi.CustomResourceState

	ConnectionString pulumi.StringOutput `pulumi:"connectionString" mock:"{name}.mysql.rds.aliyuncs.com"`
	// Port is a string in the schema.
	Port   pulumi.StringOutput `pulumi:"port" mock:"3306"`
	Status pulumi.StringOutput `pulumi:"status" mock:"Running"`
}

// NewRdsInstance registers an RDS instance.
func NewRdsInstance(ctx *pulumi.Context, name string, args *RdsInstanceArgs, opts ...pulumi.ResourceOption) (*RdsInstance, error) {
	return newResource[RdsInstance](ctx, RdsInstanceToken, name, args, opts)
}

// RdsAccountArgs are the inputs of a database account (alicloud:rds/rdsAccount:RdsAccount).
type RdsAccountArgs struct {
	DbInstanceID pulumi.StringInput `pulumi:"dbInstanceId" required:"true"`
	AccountName  pulumi.StringInput `pulumi:"accountName" required:"true"`
	// AccountPassword is sent as a secret whatever it is given as.
	AccountPassword    pulumi.StringInput `pulumi:"accountPassword" required:"true"`
	AccountType        pulumi.StringInput `pulumi:"accountType"`
	AccountDescription pulumi.StringInput `pulumi:"accountDescription"`
}

// RdsAccount is a database account.
type RdsAccount struct {
	pulumi.CustomResourceState

	AccountName pulumi.StringOutput `pulumi:"accountName"`
}

// NewRdsAccount registers a database account. The password is always sent as a secret, however
// it was given.
func NewRdsAccount(ctx *pulumi.Context, name string, args *RdsAccountArgs, opts ...pulumi.ResourceOption) (*RdsAccount, error) {
	if args != nil && args.AccountPassword != nil {
		a := *args
		a.AccountPassword = pulumi.ToSecret(args.AccountPassword).(pulumi.StringOutput)
		args = &a
	}
	return newResource[RdsAccount](ctx, RdsAccountToken, name, args, opts)
}

// RdsDatabaseArgs are the inputs of a database (alicloud:rds/database:Database).
type RdsDatabaseArgs struct {
	InstanceID   pulumi.StringInput `pulumi:"instanceId" required:"true"`
	DataBaseName pulumi.StringInput `pulumi:"dataBaseName" required:"true"`
	CharacterSet pulumi.StringInput `pulumi:"characterSet"`
	Description  pulumi.StringInput `pulumi:"description"`
}

// RdsDatabase is a database.
type RdsDatabase struct {
	pulumi.CustomResourceState

	DataBaseName pulumi.StringOutput `pulumi:"dataBaseName"`
}

// NewRdsDatabase registers a database.
func NewRdsDatabase(ctx *pulumi.Context, name string, args *RdsDatabaseArgs, opts ...pulumi.ResourceOption) (*RdsDatabase, error) {
	return newResource[RdsDatabase](ctx, RdsDatabaseToken, name, args, opts)
}

// RdsAccountPrivilegeArgs grant an account privileges on databases
// (alicloud:rds/accountPrivilege:AccountPrivilege).
type RdsAccountPrivilegeArgs struct {
	InstanceID  pulumi.StringInput      `pulumi:"instanceId" required:"true"`
	AccountName pulumi.StringInput      `pulumi:"accountName" required:"true"`
	DbNames     pulumi.StringArrayInput `pulumi:"dbNames" required:"true"`
	// Privilege is ReadOnly (default), ReadWrite, DDLOnly, DMLOnly or DBOwner.
	Privilege pulumi.StringInput `pulumi:"privilege"`
}

// RdsAccountPrivilege is an account's privilege on databases.
type RdsAccountPrivilege struct {
	pulumi.CustomResourceState

	Privilege pulumi.StringOutput `pulumi:"privilege"`
}

// NewRdsAccountPrivilege registers an account's privilege on databases.
func NewRdsAccountPrivilege(ctx *pulumi.Context, name string, args *RdsAccountPrivilegeArgs, opts ...pulumi.ResourceOption) (*RdsAccountPrivilege, error) {
	return newResource[RdsAccountPrivilege](ctx, RdsAccountPrivilegeToken, name, args, opts)
}
