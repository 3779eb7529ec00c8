package cloudrules

import (
	"fmt"
	"net"
	"regexp"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

// Formats of the ACK rules.
const (
	// csLabelKeyExpr is a Kubernetes label or taint key: an optional DNS subdomain prefix and '/',
	// then a name of at most 63 characters. ACK puts node pool labels and taints on the nodes as
	// they are, so Kubernetes' syntax is the rule.
	csLabelKeyExpr = `([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?`
	// csLabelValueExpr is a Kubernetes label or taint value: empty, or at most 63 characters.
	csLabelValueExpr = `([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?`
	csWeekday        = `(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)`
	csRFC3339        = `[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])`
)

// csDiskCategories are the node pool system disk categories (system_disk_category's
// StringInSlice).
var csDiskCategories = []string{"cloud_efficiency", "cloud_ssd", "cloud_essd", "cloud_auto", "cloud_essd_entry", "cloud"}

var csRules = Table{
	rt.CsManagedKubernetes: {
		"name":                              ecsLen("resource_alicloud_cs_managed_kubernetes.go: name, Optional, Computed, StringLenBetween(1, 63), ConflictsWith name_prefix, updatable (ModifyCluster)", 1, 63),
		"clusterSpec":                       OneOf("resource_alicloud_cs_managed_kubernetes.go: cluster_spec, Optional, Computed, StringInSlice; a change runs MigrateCluster in place", "ack.standard", "ack.pro.small", "ack.pro.xlarge", "ack.pro.2xlarge", "ack.pro.4xlarge"),
		"version":                           Matches("resource_alicloud_cs_managed_kubernetes.go: version, Optional, Computed, no ValidateFunc; a raise runs UpgradeCluster in place, ACK refuses downgrades; ACK versions read <major>.<minor>.<patch>-aliyun.<n> (DescribeKubernetesVersionMetadata); whether one is offered is checked live", `1\.[0-9]+\.[0-9]+-aliyun\.[0-9]+`, 0),
		"vswitchIds":                        csIDList("resource_alicloud_cs_managed_kubernetes.go: vswitch_ids, Optional, Computed, MinItems 1, MaxItems 5, elements StringMatch ^vsw-[a-z0-9]*$, ExactlyOneOf worker_vswitch_ids/vswitch_ids/zone_ids; a change moves the control plane (ModifyCluster, it restarts)", `vsw-[a-z0-9]*`, 1, 5),
		"podVswitchIds":                     Matches("resource_alicloud_cs_managed_kubernetes.go: pod_vswitch_ids, Optional, elements StringMatch ^vsw-[a-z0-9]*$, not ForceNew yet read at create only: a later change is never sent", `vsw-[a-z0-9]*`, 0),
		"serviceCidr":                       csServiceCidr("resource_alicloud_cs_managed_kubernetes.go: service_cidr, Optional, ForceNew, no ValidateFunc; API CreateCluster service_cidr: a /16 to /24 inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, clear of the VPC and pod ranges").Replaces(),
		"proxyMode":                         OneOf("resource_alicloud_cs_managed_kubernetes.go: proxy_mode, Optional, ForceNew, Default ipvs, StringInSlice iptables, ipvs, nftables", "iptables", "ipvs", "nftables").Replaces(),
		"ipStack":                           OneOf("resource_alicloud_cs_managed_kubernetes.go: ip_stack, Optional, Computed, ForceNew, StringInSlice ipv4, dual", "ipv4", "dual").Replaces(),
		"securityGroupId":                   Ref("resource_alicloud_cs_managed_kubernetes.go: security_group_id, Optional, Computed; a change runs ModifyCluster (control plane restarts); is_enterprise_security_group ConflictsWith it"),
		"isEnterpriseSecurityGroup":         csConflicts("resource_alicloud_cs_managed_kubernetes.go: is_enterprise_security_group, Optional, Computed, ConflictsWith security_group_id, not ForceNew in the schema (the docs say ForceNew) and read at create only", "securityGroupId"),
		"newNatGateway":                     Free("resource_alicloud_cs_managed_kubernetes.go: new_nat_gateway, Optional, Default true, read at create only (GetOk: false is not sent, the API default applies)", "a switch"),
		"slbInternetEnabled":                Free("resource_alicloud_cs_managed_kubernetes.go: slb_internet_enabled, Optional, Default true, read at create only (GetOk: false is not sent, the API default applies)", "a switch"),
		"deletionProtection":                Free("resource_alicloud_cs_managed_kubernetes.go: deletion_protection, Optional, Computed, updatable (ModifyCluster)", "a switch"),
		"enableRrsa":                        Free("resource_alicloud_cs_managed_kubernetes.go: enable_rrsa, Optional, updatable (ModifyCluster); docs: once on it cannot be turned off", "a switch"),
		"timezone":                          Matches("resource_alicloud_cs_managed_kubernetes.go: timezone, Optional, no ValidateFunc, updatable (ModifyCluster, control plane restarts, new nodes only); API CreateCluster timezone: an IANA time zone such as Asia/Shanghai", `[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*`, 0),
		"resourceGroupId":                   Matches("resource_alicloud_cs_managed_kubernetes.go: resource_group_id, Optional, Computed, no ValidateFunc, updatable (ModifyCluster); a resource group ID rg-…", `rg-[a-z0-9]+`, 0),
		"tags":                              ecsTags("resource_alicloud_cs_managed_kubernetes.go: tags, TypeMap, no ValidateFunc, updatable (ModifyClusterTags); Alibaba Cloud tag rules: at most 20 tags, key 1-128 and value 0-128 characters, neither starting with aliyun or acs: nor containing http:// or https://"),
		"controlPlaneLogComponents":         OneOf("resource_alicloud_cs_managed_kubernetes.go: control_plane_log_components, Optional, no ValidateFunc, updatable (UpdateControlPlaneLog; create sets a TTL of 30 days); docs: apiserver, kcm, scheduler, ccm, controlplane-events", "apiserver", "kcm", "scheduler", "ccm", "controlplane-events"),
		"addons[].name":                     Text("resource_alicloud_cs_managed_kubernetes.go: addons.name, Optional, no ValidateFunc; addons are read at create only (later ones through cs.KubernetesAddon)", "an ACK add-on name, as DescribeAddons lists them", 0),
		"maintenanceWindow.enable":          Free("resource_alicloud_cs_managed_kubernetes.go: maintenance_window.enable, Optional, Computed, updatable (ModifyCluster)", "a switch"),
		"maintenanceWindow.maintenanceTime": Matches("resource_alicloud_cs_managed_kubernetes.go: maintenance_window.maintenance_time, Optional, no ValidateFunc; docs: an RFC 3339 start time", csRFC3339, 0),
		"maintenanceWindow.duration":        Matches("resource_alicloud_cs_managed_kubernetes.go: maintenance_window.duration, Optional, no ValidateFunc; docs: whole hours from 1h to 24h", `([1-9]|1[0-9]|2[0-4])h`, 0),
		"maintenanceWindow.weeklyPeriod":    Matches("resource_alicloud_cs_managed_kubernetes.go: maintenance_window.weekly_period, Optional, no ValidateFunc; docs: weekdays Monday to Sunday, comma-separated", csWeekday+`(,`+csWeekday+`)*`, 0),
	},
	rt.CsNodePool: {
		"clusterId":           Ref("resource_alicloud_cs_kubernetes_node_pool.go: cluster_id, Required, ForceNew").Replaces(),
		"nodePoolName":        Text("resource_alicloud_cs_kubernetes_node_pool.go: node_pool_name, Optional, Computed, ExactlyOneOf node_pool_name/name, no ValidateFunc, updatable; API CreateClusterNodePool nodepool_info.name: at most 63 characters", "a node pool name", 63),
		"vswitchIds":          Ref("resource_alicloud_cs_kubernetes_node_pool.go: vswitch_ids, Optional, no ValidateFunc, updatable (the scaling group's vSwitches)"),
		"securityGroupIds":    Ref("resource_alicloud_cs_kubernetes_node_pool.go: security_group_ids, Optional, Computed, ForceNew, a set").Replaces(),
		"instanceTypes":       Matches("resource_alicloud_cs_kubernetes_node_pool.go: instance_types, Optional, no ValidateFunc, updatable; ECS instance type names ecs.<family>.<size> (DescribeInstanceTypes); whether a zone sells one is checked live", ecsInstanceTypeExpr, 0),
		"instanceChargeType":  OneOf("resource_alicloud_cs_kubernetes_node_pool.go: instance_charge_type, Optional, Computed, StringInSlice PrePaid, PostPaid, updatable", "PrePaid", "PostPaid"),
		"imageType":           OneOf("resource_alicloud_cs_kubernetes_node_pool.go: image_type, Optional, Computed, StringInSlice, updatable (new nodes)", "AliyunLinux", "AliyunLinux3", "AliyunLinux3Arm64", "AliyunLinuxUEFI", "CentOS", "Windows", "WindowsCore", "ContainerOS", "AliyunLinuxSecurity", "Ubuntu", "AliyunLinux3ContainerOptimized", "Custom", "AliyunLinux4ContainerOptimized", "AliyunLinux4", "AliyunLinux4Arm64", "AliyunLinux4Security", "AliyunLinux4ContainerOptimizedArm64"),
		"installCloudMonitor": Free("resource_alicloud_cs_kubernetes_node_pool.go: install_cloud_monitor, Optional, Default true, updatable", "a switch"),
		"updateNodes":         Free("resource_alicloud_cs_kubernetes_node_pool.go: update_nodes, Optional: whether a label or taint change reaches existing nodes", "a switch"),
		"scalingPolicy":       OneOf("resource_alicloud_cs_kubernetes_node_pool.go: scaling_policy, Optional, Computed, StringInSlice release, recycle, diff suppressed without scaling_config", "release", "recycle"),
		"desiredSize":         AtLeast("resource_alicloud_cs_kubernetes_node_pool.go: desired_size, Optional, a string parsed as an integer, ConflictsWith instances and node_count, updatable", 0),
		"tags":                ecsTags("resource_alicloud_cs_kubernetes_node_pool.go: tags, tagsSchema, no ValidateFunc, updatable, put on the ECS instances; docs and tag API: at most 20 tags, key 1-128 and value 0-128 characters, neither starting with aliyun or acs: nor containing http:// or https://"),

		"keyName":  csLogin("resource_alicloud_cs_kubernetes_node_pool.go: key_name, Optional, ConflictsWith password and kms_encrypted_password, updatable; API CreateKeyPair KeyPairName: 2 to 128, a letter first, then letters, digits, ':', '_', '-'", false, "password", "kmsEncryptedPassword"),
		"password": csLogin("resource_alicloud_cs_kubernetes_node_pool.go: password, Optional, Sensitive, ConflictsWith key_name and kms_encrypted_password, no ValidateFunc, updatable; docs: 8 to 30 characters of three kinds (ECS RunInstances Password), and a managed pool takes key_name only", true, "keyName", "kmsEncryptedPassword"),

		"systemDiskCategory":         OneOf("resource_alicloud_cs_kubernetes_node_pool.go: system_disk_category, Optional, Computed, StringInSlice, updatable (new nodes)", csDiskCategories...),
		"systemDiskCategories":       OneOf("resource_alicloud_cs_kubernetes_node_pool.go: system_disk_categories, Optional, Computed, no ValidateFunc, updatable; docs: the values of system_disk_category", csDiskCategories...),
		"systemDiskSize":             ecsSystemDiskSize("resource_alicloud_cs_kubernetes_node_pool.go: system_disk_size, Optional, no ValidateFunc, updatable (new nodes); docs by category, for system_disk_category and every system_disk_categories entry: cloud 20-500, ESSD PL0 1-2048, PL1 (default) 20-2048, PL2 461-2048, PL3 1261-2048, cloud_auto 1-2048, others 20-2048", "systemDiskCategories"),
		"systemDiskPerformanceLevel": csSystemDiskPL("resource_alicloud_cs_kubernetes_node_pool.go: system_disk_performance_level, Optional, no ValidateFunc, diff suppressed unless system_disk_category is cloud_essd; docs: PL0 to PL3, ESSD only"),
		"systemDiskEncrypted":        Free("resource_alicloud_cs_kubernetes_node_pool.go: system_disk_encrypted, Optional, updatable (new nodes)", "a switch"),
		"systemDiskKmsKey":           Text("resource_alicloud_cs_kubernetes_node_pool.go: system_disk_kms_key, Optional, no ValidateFunc, updatable (new nodes)", "a KMS key ID; KMS checks that it exists", 0),

		"dataDisks[].category":         OneOf("resource_alicloud_cs_kubernetes_node_pool.go: data_disks.category, Optional, StringInSlice; data_disks updatable (new nodes)", "cloud_efficiency", "cloud_ssd", "cloud_essd", "cloud_auto", "cloud", "cloud_essd_xc0", "cloud_essd_xc1", "all", "ephemeral_ssd", "local_disk", "cloud_essd_entry", "elastic_ephemeral_disk_premium", "elastic_ephemeral_disk_standard"),
		"dataDisks[].size":             Range("resource_alicloud_cs_kubernetes_node_pool.go: data_disks.size, Optional, IntBetween(40, 32767) (GiB)", 40, 32767),
		"dataDisks[].encrypted":        OneOf("resource_alicloud_cs_kubernetes_node_pool.go: data_disks.encrypted, Optional, a string, no ValidateFunc; docs: true or false", "true", "false"),
		"dataDisks[].performanceLevel": OneOf("resource_alicloud_cs_kubernetes_node_pool.go: data_disks.performance_level, Optional, no ValidateFunc; docs: PL0 to PL3 for cloud_essd", "PL0", "PL1", "PL2", "PL3"),
		"dataDisks[].kmsKeyId":         Text("resource_alicloud_cs_kubernetes_node_pool.go: data_disks.kms_key_id, Optional, no ValidateFunc; docs: used when encrypted is true", "a KMS key ID; KMS checks that it exists", 0),

		"labels[].key":    Matches("resource_alicloud_cs_kubernetes_node_pool.go: labels.key, Required, no ValidateFunc, updatable; ACK sets it as a Kubernetes node label: Kubernetes label key syntax", csLabelKeyExpr, 317),
		"labels[].value":  Matches("resource_alicloud_cs_kubernetes_node_pool.go: labels.value, Optional, no ValidateFunc; Kubernetes label value syntax", csLabelValueExpr, 63),
		"taints[].key":    Matches("resource_alicloud_cs_kubernetes_node_pool.go: taints.key, Required, no ValidateFunc, updatable; ACK sets it as a Kubernetes taint: Kubernetes key syntax", csLabelKeyExpr, 317),
		"taints[].value":  Matches("resource_alicloud_cs_kubernetes_node_pool.go: taints.value, Optional, no ValidateFunc; Kubernetes taint value syntax", csLabelValueExpr, 63),
		"taints[].effect": OneOf("resource_alicloud_cs_kubernetes_node_pool.go: taints.effect, Optional, no ValidateFunc; API CreateClusterNodePool taints.effect", "NoSchedule", "NoExecute", "PreferNoSchedule"),

		"scalingConfig.enable":  Free("resource_alicloud_cs_kubernetes_node_pool.go: scaling_config.enable, Optional, Default true, updatable", "a switch"),
		"scalingConfig.minSize": Range("resource_alicloud_cs_kubernetes_node_pool.go: scaling_config.min_size, Optional, IntBetween(0, 1000)", 0, 1000),
		"scalingConfig.maxSize": csMaxSize("resource_alicloud_cs_kubernetes_node_pool.go: scaling_config.max_size, Optional, IntBetween(0, 2000) (the docs say 0 to 1000); docs: not below min_size"),
		"scalingConfig.type":    OneOf("resource_alicloud_cs_kubernetes_node_pool.go: scaling_config.type, Optional, StringInSlice", "cpu", "gpu", "gpushare", "spot"),

		"management.enable":                       Free("resource_alicloud_cs_kubernetes_node_pool.go: management.enable, Optional, Default true, updatable: a managed node pool", "a switch"),
		"management.autoRepair":                   Free("resource_alicloud_cs_kubernetes_node_pool.go: management.auto_repair, Optional, Computed, updatable", "a switch"),
		"management.autoRepairPolicy.restartNode": Free("resource_alicloud_cs_kubernetes_node_pool.go: management.auto_repair_policy.restart_node, Optional, Computed, updatable", "a switch"),
		"management.autoUpgrade":                  Free("resource_alicloud_cs_kubernetes_node_pool.go: management.auto_upgrade, Optional, Computed, updatable", "a switch"),
		"management.maxUnavailable":               Range("resource_alicloud_cs_kubernetes_node_pool.go: management.max_unavailable, Optional, IntBetween(0, 1000) (the docs say 1 to 1000)", 0, 1000),

		"spotStrategy":                        OneOf("resource_alicloud_cs_kubernetes_node_pool.go: spot_strategy, Optional, Computed, no ValidateFunc, updatable; docs: NoSpot, SpotWithPriceLimit, SpotAsPriceGo", "NoSpot", "SpotWithPriceLimit", "SpotAsPriceGo"),
		"spotPriceLimits[].instanceType":      Matches("resource_alicloud_cs_kubernetes_node_pool.go: spot_price_limit.instance_type, Optional, no ValidateFunc, updatable; an ECS instance type name", ecsInstanceTypeExpr, 0),
		"spotPriceLimits[].priceLimit":        csPositive("resource_alicloud_cs_kubernetes_node_pool.go: spot_price_limit.price_limit, Optional, a string, no ValidateFunc; docs: the highest hourly price of one instance, a positive number"),
		"onDemandBaseCapacity":                Range("resource_alicloud_cs_kubernetes_node_pool.go: on_demand_base_capacity, Optional, a string parsed as an integer, no ValidateFunc, updatable; docs: 0 to 1000", 0, 1000),
		"onDemandPercentageAboveBaseCapacity": Range("resource_alicloud_cs_kubernetes_node_pool.go: on_demand_percentage_above_base_capacity, Optional, a string parsed as an integer, no ValidateFunc, updatable; docs: 0 to 100", 0, 100),
		"spotInstanceRemedy":                  Free("resource_alicloud_cs_kubernetes_node_pool.go: spot_instance_remedy, Optional, updatable", "a switch"),
		"multiAzPolicy":                       OneOf("resource_alicloud_cs_kubernetes_node_pool.go: multi_az_policy, Optional, Computed, StringInSlice PRIORITY, COST_OPTIMIZED, BALANCE, updatable; docs: COST_OPTIMIZED tries the cheapest instance types first and is what compensate_with_on_demand needs", "PRIORITY", "COST_OPTIMIZED", "BALANCE"),
		"compensateWithOnDemand":              Free("resource_alicloud_cs_kubernetes_node_pool.go: compensate_with_on_demand, Optional, updatable; docs: takes effect with multi_az_policy COST_OPTIMIZED", "a switch"),
	},
	rt.CsKubernetesAddon: {
		"clusterId":             Ref("resource_alicloud_cs_kubernetes_addon.go: cluster_id, Required, ForceNew").Replaces(),
		"name":                  Text("resource_alicloud_cs_kubernetes_addon.go: name, Required, ForceNew, no ValidateFunc", "an ACK add-on name, as DescribeAddons lists them", 0).Replaces(),
		"version":               Text("resource_alicloud_cs_kubernetes_addon.go: version, Optional, Computed, no ValidateFunc; a change upgrades the add-on in place", "an add-on version the cluster offers, checked live", 0),
		"cleanupCloudResources": Free("resource_alicloud_cs_kubernetes_addon.go: cleanup_cloud_resources, Optional; docs: read on uninstall, required for ack-virtual-node", "a switch"),
	},
}

// csIDList is a list of min to max IDs, each matching expr.
func csIDList(source, expr string, min, max int) Rule {
	re := regexp.MustCompile(`^(?:` + expr + `)$`)
	return Func(source, func(v resource.PropertyValue, _ resource.PropertyMap) error {
		if !v.IsArray() {
			return Violated("must be a list", v)
		}
		l := v.ArrayValue()
		if len(l) < min || len(l) > max {
			return &Violation{Rule: fmt.Sprintf("must have %d to %d entries", min, max), Value: fmt.Sprintf("%d entries", len(l))}
		}
		for i, e := range l {
			if e = Plain(e); e.IsString() && !re.MatchString(e.StringValue()) {
				return fmt.Errorf("[%d]: %w", i, Violated("must match "+re.String(), e))
			}
		}
		return nil
	})
}

// csPresent reports whether the resource sets key to a known, non-null value; an unknown value
// is not taken as set, as Terraform skips unknown values in ConflictsWith.
func csPresent(inputs resource.PropertyMap, key string) bool {
	_, ok := ecsInput(inputs, key)
	return ok
}

// csConflicts is any value of the schema's type, refused when one of the other properties is
// set too (the provider's ConflictsWith, which counts a property as set whatever its value).
func csConflicts(source string, others ...string) Rule {
	return Func(source, func(_ resource.PropertyValue, inputs resource.PropertyMap) error {
		for _, o := range others {
			if csPresent(inputs, o) {
				return fmt.Errorf("conflicts with %s: set only one of them", o)
			}
		}
		return nil
	})
}

// csLogin is a node pool's login: a key pair name, or (password set) a password; either one
// conflicts with the others, and a managed pool (management.enable, true by default when the
// management block is set) takes a key pair only.
func csLogin(source string, password bool, others ...string) Rule {
	conflicts := csConflicts(source, others...)
	name := ecsName(source, ecsKeyPairExpr, 2, 128)
	return Func(source, func(v resource.PropertyValue, inputs resource.PropertyMap) error {
		if err := conflicts.Check(v, inputs); err != nil {
			return err
		}
		if !password {
			return name.Check(v, inputs)
		}
		if m, ok := ecsInput(inputs, "management"); ok && m.IsObject() {
			on, set := m.ObjectValue()["enable"]
			if on = Plain(on); !set || on.IsBool() && on.BoolValue() {
				return fmt.Errorf("a managed node pool (management.enable) takes key_name only, not a password")
			}
		}
		if !v.IsString() {
			return fmt.Errorf("must be a string")
		}
		if v.StringValue() == ecsGenerated {
			return nil
		}
		return ecsPasswordError(v.StringValue())
	})
}

// csSystemDiskPL is a node pool's system disk performance level: PL0 to PL3, for an ESSD only.
func csSystemDiskPL(source string) Rule {
	return Func(source, func(v resource.PropertyValue, inputs resource.PropertyMap) error {
		switch valueText(v) {
		case "PL0", "PL1", "PL2", "PL3":
		default:
			return Violated("must be one of PL0, PL1, PL2, PL3", v)
		}
		if c, ok := ecsInputText(inputs, "systemDiskCategory"); ok && c != "cloud_essd" {
			return Violated("applies to a cloud_essd system disk only (not "+c+"): the provider ignores it", v)
		}
		return nil
	})
}

// csMaxSize is a scaling group's maximum size: 0 to 2000 and not below scalingConfig.minSize.
func csMaxSize(source string) Rule {
	return Func(source, func(v resource.PropertyValue, inputs resource.PropertyMap) error {
		n, ok := number(v)
		if !ok || n < 0 || n > 2000 {
			return Violated("must be from 0 to 2000", v)
		}
		if m, ok := ecsInput(inputs, "scalingConfig", "minSize"); ok {
			if min, ok := number(m); ok && n < min {
				return Violated(fmt.Sprintf("must not be below scalingConfig.minSize %v", min), v)
			}
		}
		return nil
	})
}

// csPositive is a number above 0 (a string is parsed).
func csPositive(source string) Rule {
	return Func(source, func(v resource.PropertyValue, _ resource.PropertyMap) error {
		if n, ok := number(v); !ok || n <= 0 {
			return Violated("must be a number above 0", v)
		}
		return nil
	})
}

// csPrivateRanges are where ACK takes a service CIDR from.
var csPrivateRanges = []*net.IPNet{
	{IP: net.IPv4(10, 0, 0, 0).To4(), Mask: net.CIDRMask(8, 32)},
	{IP: net.IPv4(172, 16, 0, 0).To4(), Mask: net.CIDRMask(12, 32)},
	{IP: net.IPv4(192, 168, 0, 0).To4(), Mask: net.CIDRMask(16, 32)},
}

// csServiceCidr is a cluster's service CIDR: an IPv4 block of /16 to /24 inside a private range.
func csServiceCidr(source string) Rule {
	return Func(source, func(v resource.PropertyValue, _ resource.PropertyMap) error {
		s := valueText(v)
		ip, block, err := net.ParseCIDR(s)
		if err != nil || ip.To4() == nil {
			return Violated("must be an IPv4 CIDR block", v)
		}
		if ones, _ := block.Mask.Size(); ones < 16 || ones > 24 {
			return Violated("must be a /16 to /24", v)
		}
		for _, r := range csPrivateRanges {
			if r.Contains(block.IP) { // a /16 or longer lies wholly inside the range
				return nil
			}
		}
		return Violated("must lie inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16", v)
	})
}
