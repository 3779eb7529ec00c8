package cloudrules

import rt "github.com/zonestack/zonestack/internal/base/resourcetypes"

var alicloudProvider = Table{
	rt.AlicloudProvider: {
		"region": Matches("provider.go: region, Optional, default from ALICLOUD_REGION or ALIBABA_CLOUD_REGION, no ValidateFunc (a provider setting: no ForceNew in the schema); a region ID as DescribeRegions lists them, e.g. cn-hangzhou", `[a-z]{2}-[a-z0-9]+(-[a-z0-9]+)*`, 0),
	},
}
