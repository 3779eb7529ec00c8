package database_test

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/database"
)

// WordPress's database: primary in zone h, standby in g, open to the cluster's vSwitches only,
// with a generated password.
func ExampleNewMySQL() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		var vswH, vswG pulumi.StringOutput // the zones' node vSwitches (network.Network)
		var alicloud pulumi.ResourceOption // pulumi.Provider(the alicloud provider)
		db, err := database.NewMySQL(ctx, "wordpress", &database.MySQLArgs{
			MySQLSpec:    database.MySQLSpec{Name: "wordpress", AccountName: "wpuser"},
			InstanceName: "zs-wordpress",
			Zones:        []string{"cn-beijing-h", "cn-beijing-g"},
			VSwitchIDs:   []pulumi.StringInput{vswH, vswG},
			AllowedCidrs: []string{"10.0.0.0/16"},
		}, alicloud)
		if err != nil {
			return err
		}
		ctx.Export("endpoint", db.Endpoint())
		ctx.Export("password", db.Password) // a secret
		return nil
	})
}
