package cloudrules

import rt "github.com/zonestack/zonestack/internal/base/resourcetypes"

// nlbName is CreateLoadBalancer's and CreateServerGroup's name: a letter, then letters, digits,
// '.', '_' or '-', 2 to 128 characters in all.
const nlbName = `[A-Za-z][A-Za-z0-9._-]*`

// nlbDescription is the description of listeners and backend servers: letters, digits and
// , . ; / @ _ -.
const nlbDescription = `[A-Za-z0-9,.;/@_-]*`

var nlbRules = Table{
	rt.NlbLoadBalancer: {
		"addressIpVersion":         OneOf("resource_alicloud_nlb_load_balancer.go: address_ip_version, Optional, Computed, ForceNew, no ValidateFunc; docs/r/nlb_load_balancer (API CreateLoadBalancer AddressIpVersion): ipv4 or DualStack", "ipv4", "DualStack").Replaces(),
		"addressType":              OneOf("resource_alicloud_nlb_load_balancer.go: address_type, Required, updatable (UpdateLoadBalancerAddressTypeConfig), no ValidateFunc; docs/r/nlb_load_balancer: Internet or Intranet", "Internet", "Intranet"),
		"crossZoneEnabled":         Free("resource_alicloud_nlb_load_balancer.go: cross_zone_enabled, Optional, Computed, updatable", "a switch"),
		"loadBalancerName":         ruleNoURL("resource_alicloud_nlb_load_balancer.go: load_balancer_name, Optional, updatable, no ValidateFunc; docs/r/nlb_load_balancer (API CreateLoadBalancer): 2 to 128 characters, a letter first, then letters, digits, '.', '_' or '-'", 2, 128, nlbName),
		"securityGroupIds":         Ref("resource_alicloud_nlb_load_balancer.go: security_group_ids, Optional, Computed, a Set, updatable (LoadBalancerJoinSecurityGroup, LoadBalancerLeaveSecurityGroup)"),
		"tags":                     ruleTags("resource_alicloud_nlb_load_balancer.go: tags, tagsSchema (no ValidateFunc); API TagResources (NLB)", 128),
		"vpcId":                    Ref("resource_alicloud_nlb_load_balancer.go: vpc_id, Required, ForceNew").Replaces(),
		"zoneMappings[].vswitchId": ruleCount("resource_alicloud_nlb_load_balancer.go: zone_mappings.vswitch_id, Required, updatable; docs: one vSwitch per zone, 2 to 10 zones", "zoneMappings", 2, 10, Ref("a vSwitch ID")),
		"zoneMappings[].zoneId":    ruleCount("resource_alicloud_nlb_load_balancer.go: zone_mappings, Required, a Set hashed by zone_id (order does not matter), updated in place (UpdateLoadBalancerZones); docs: at least 2 zones, at most 10", "zoneMappings", 2, 10, Matches("a zone ID", zoneIDExpr, 64)),
	},
	rt.NlbServerGroup: {
		"connectionDrainEnabled":             Free("resource_alicloud_nlb_server_group.go: connection_drain_enabled, Optional, Computed, ConflictsWith connection_drain, updatable", "a switch"),
		"connectionDrainTimeout":             Range("resource_alicloud_nlb_server_group.go: connection_drain_timeout, Optional, Computed, IntBetween 10..900", 10, 900),
		"healthCheck.healthCheckConnectPort": Range("resource_alicloud_nlb_server_group.go: health_check.health_check_connect_port, IntBetween 0..65535 (0: the backend's port)", 0, 65535),
		"healthCheck.healthCheckEnabled":     Free("resource_alicloud_nlb_server_group.go: health_check.health_check_enabled, Optional, Computed", "a switch"),
		"healthCheck.healthCheckInterval":    Range("resource_alicloud_nlb_server_group.go: health_check.health_check_interval, IntBetween 0..50; docs/r/nlb_server_group (API CreateServerGroup HealthCheckInterval): 5 to 50 seconds", 5, 50),
		"healthCheck.healthCheckType":        OneOf("resource_alicloud_nlb_server_group.go: health_check.health_check_type, StringInSlice TCP, HTTP, UDP", "TCP", "HTTP", "UDP"),
		"healthCheck.healthyThreshold":       Range("resource_alicloud_nlb_server_group.go: health_check.healthy_threshold, IntBetween 2..10", 2, 10),
		"healthCheck.unhealthyThreshold":     Range("resource_alicloud_nlb_server_group.go: health_check.unhealthy_threshold, IntBetween 2..10", 2, 10),
		"preserveClientIpEnabled":            Free("resource_alicloud_nlb_server_group.go: preserve_client_ip_enabled, Optional, Computed, updatable", "a switch"),
		"protocol":                           OneOf("resource_alicloud_nlb_server_group.go: protocol, Optional, Computed, ForceNew, StringInSlice TCP, UDP, TCPSSL", "TCP", "UDP", "TCPSSL").Replaces(),
		"scheduler":                          OneOf("resource_alicloud_nlb_server_group.go: scheduler, Optional, Computed, updatable, StringInSlice Wrr, Rr, Qch, Tch, Sch, Wlc", "Wrr", "Rr", "Qch", "Tch", "Sch", "Wlc"),
		"serverGroupName":                    ruleNoURL("resource_alicloud_nlb_server_group.go: server_group_name, Required, updatable, no ValidateFunc; docs/r/nlb_server_group (API CreateServerGroup): 2 to 128 characters, a letter first, then letters, digits, '.', '_' or '-'", 2, 128, nlbName),
		"serverGroupType":                    OneOf("resource_alicloud_nlb_server_group.go: server_group_type, Optional, Computed, ForceNew, StringInSlice Instance, Ip", "Instance", "Ip").Replaces(),
		"vpcId":                              Ref("resource_alicloud_nlb_server_group.go: vpc_id, Required, ForceNew").Replaces(),
	},
	rt.NlbListener: {
		"listenerDescription": ruleNoURL("resource_alicloud_nlb_listener.go: listener_description, Optional, updatable, no ValidateFunc; docs/r/nlb_listener (API CreateListener): 2 to 256 letters, digits, ',', '.', ';', '/', '@', '_' or '-'", 2, 256, nlbDescription),
		"listenerPort":        Range("resource_alicloud_nlb_listener.go: listener_port, Required, ForceNew, IntBetween 0..65535 (0 takes a port range: start_port, end_port)", 0, 65535).Replaces(),
		"listenerProtocol":    OneOf("resource_alicloud_nlb_listener.go: listener_protocol, Required, ForceNew, StringInSlice TCP, UDP, TCPSSL", "TCP", "UDP", "TCPSSL").Replaces(),
		"loadBalancerId":      Ref("resource_alicloud_nlb_listener.go: load_balancer_id, Required, ForceNew").Replaces(),
		"serverGroupId":       Ref("resource_alicloud_nlb_listener.go: server_group_id, Required, updatable"),
	},
	rt.NlbServerGroupServerAttachment: {
		"port":          Range("resource_alicloud_nlb_server_group_server_attachment.go: port, Optional, Computed, ForceNew, no ValidateFunc; docs (API AddServersToServerGroup Port): 1 to 65535", 1, 65535).Replaces(),
		"serverGroupId": Ref("resource_alicloud_nlb_server_group_server_attachment.go: server_group_id, Required, ForceNew").Replaces(),
		"serverId":      Ref("resource_alicloud_nlb_server_group_server_attachment.go: server_id, Required, ForceNew (an ECS, ENI or ECI ID, or an IP for an Ip group)").Replaces(),
		"serverType":    OneOf("resource_alicloud_nlb_server_group_server_attachment.go: server_type, Required, ForceNew, no ValidateFunc; docs (API AddServersToServerGroup ServerType): Ecs, Eni, Eci or Ip", "Ecs", "Eni", "Eci", "Ip").Replaces(),
		"weight":        Range("resource_alicloud_nlb_server_group_server_attachment.go: weight, Optional, Computed, updatable, no ValidateFunc; docs (API AddServersToServerGroup Weight): 0 to 100", 0, 100),
	},
}
