package alicloud

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// Type tokens of the Network Load Balancer (NLB) resources.
const (
	NlbLoadBalancerToken                = "alicloud:nlb/loadBalancer:LoadBalancer"
	NlbServerGroupToken                 = "alicloud:nlb/serverGroup:ServerGroup"
	NlbListenerToken                    = "alicloud:nlb/listener:Listener"
	NlbServerGroupServerAttachmentToken = "alicloud:nlb/serverGroupServerAttachment:ServerGroupServerAttachment"
)

// NlbLoadBalancerArgs are the inputs of a network load balancer (alicloud:nlb/loadBalancer:LoadBalancer).
type NlbLoadBalancerArgs struct {
	// AddressType is Internet or Intranet. Required.
	AddressType pulumi.StringInput `pulumi:"addressType" required:"true"`
	VpcID       pulumi.StringInput `pulumi:"vpcId" required:"true"`
	// ZoneMappings place the load balancer: at least two zones, one vSwitch each. Required.
	ZoneMappings     []NlbLoadBalancerZoneMappingArgs `pulumi:"zoneMappings" required:"true"`
	LoadBalancerName pulumi.StringInput               `pulumi:"loadBalancerName"`
	// LoadBalancerType is "network".
	LoadBalancerType pulumi.StringInput `pulumi:"loadBalancerType"`
	// AddressIPVersion is ipv4 (default) or DualStack.
	AddressIPVersion          pulumi.StringInput      `pulumi:"addressIpVersion"`
	CrossZoneEnabled          pulumi.BoolInput        `pulumi:"crossZoneEnabled"`
	SecurityGroupIDs          pulumi.StringArrayInput `pulumi:"securityGroupIds"`
	DeletionProtectionEnabled pulumi.BoolInput        `pulumi:"deletionProtectionEnabled"`
	Tags                      pulumi.StringMapInput   `pulumi:"tags"`
}

// NlbLoadBalancerZoneMappingArgs is one zone of a network load balancer
// (alicloud:nlb/LoadBalancerZoneMapping).
type NlbLoadBalancerZoneMappingArgs struct {
	VswitchID pulumi.StringInput `pulumi:"vswitchId" required:"true"`
	ZoneID    pulumi.StringInput `pulumi:"zoneId" required:"true"`
	// PrivateIPv4Address fixes the zone's private address in the vSwitch.
	PrivateIPv4Address pulumi.StringInput `pulumi:"privateIpv4Address"`
	// AllocationID is the EIP of the zone, for an Internet-facing load balancer.
	AllocationID pulumi.StringInput `pulumi:"allocationId"`
}

// NlbLoadBalancer is a network load balancer.
type NlbLoadBalancer struct {
	pulumi.CustomResourceState

	LoadBalancerName pulumi.StringOutput `pulumi:"loadBalancerName"`
	// DNSName is the load balancer's domain name, the address clients use.
	DNSName pulumi.StringOutput `pulumi:"dnsName" mock:"{name}.nlb.aliyuncs.com"`
	Status  pulumi.StringOutput `pulumi:"status" mock:"Active"`
}

// NewNlbLoadBalancer registers a network load balancer.
func NewNlbLoadBalancer(ctx *pulumi.Context, name string, args *NlbLoadBalancerArgs, opts ...pulumi.ResourceOption) (*NlbLoadBalancer, error) {
	return newResource[NlbLoadBalancer](ctx, NlbLoadBalancerToken, name, args, opts)
}

// NlbServerGroupArgs are the inputs of an NLB server group (alicloud:nlb/serverGroup:ServerGroup).
type NlbServerGroupArgs struct {
	ServerGroupName pulumi.StringInput `pulumi:"serverGroupName" required:"true"`
	VpcID           pulumi.StringInput `pulumi:"vpcId" required:"true"`
	// ServerGroupType is Instance (default: ECS, ENI or ECI servers) or Ip.
	ServerGroupType pulumi.StringInput `pulumi:"serverGroupType"`
	// Protocol is TCP (default), UDP or TCPSSL.
	Protocol pulumi.StringInput `pulumi:"protocol"`
	// Scheduler is Wrr (default), Rr, Sch, Tch or Qch.
	Scheduler              pulumi.StringInput             `pulumi:"scheduler"`
	HealthCheck            *NlbServerGroupHealthCheckArgs `pulumi:"healthCheck"`
	ConnectionDrainEnabled pulumi.BoolInput               `pulumi:"connectionDrainEnabled"`
	// ConnectionDrainTimeout is in seconds, 10 to 900.
	ConnectionDrainTimeout  pulumi.IntInput       `pulumi:"connectionDrainTimeout"`
	PreserveClientIPEnabled pulumi.BoolInput      `pulumi:"preserveClientIpEnabled"`
	Tags                    pulumi.StringMapInput `pulumi:"tags"`
}

// NlbServerGroupHealthCheckArgs is the health check of an NLB server group
// (alicloud:nlb/ServerGroupHealthCheck).
type NlbServerGroupHealthCheckArgs struct {
	HealthCheckEnabled pulumi.BoolInput `pulumi:"healthCheckEnabled"`
	// HealthCheckType is TCP (default) or HTTP.
	HealthCheckType pulumi.StringInput `pulumi:"healthCheckType"`
	// HealthCheckConnectPort is the port checked; 0 (default) checks each server's own port.
	HealthCheckConnectPort pulumi.IntInput `pulumi:"healthCheckConnectPort"`
	// HealthCheckConnectTimeout is in seconds, 1 to 300.
	HealthCheckConnectTimeout pulumi.IntInput `pulumi:"healthCheckConnectTimeout"`
	// HealthCheckInterval is in seconds, 5 to 50.
	HealthCheckInterval pulumi.IntInput `pulumi:"healthCheckInterval"`
	HealthyThreshold    pulumi.IntInput `pulumi:"healthyThreshold"`
	UnhealthyThreshold  pulumi.IntInput `pulumi:"unhealthyThreshold"`
	// HealthCheckURL is the path of an HTTP check.
	HealthCheckURL    pulumi.StringInput `pulumi:"healthCheckUrl"`
	HealthCheckDomain pulumi.StringInput `pulumi:"healthCheckDomain"`
	// HealthCheckHTTPCodes are http_2xx (default), http_3xx, http_4xx or http_5xx.
	HealthCheckHTTPCodes pulumi.StringArrayInput `pulumi:"healthCheckHttpCodes"`
	// HealthCheckHTTPVersion is HTTP1.0 (default) or HTTP1.1.
	HealthCheckHTTPVersion pulumi.StringInput `pulumi:"healthCheckHttpVersion"`
	// HTTPCheckMethod is GET (default) or HEAD.
	HTTPCheckMethod pulumi.StringInput `pulumi:"httpCheckMethod"`
	// HealthCheckReq and HealthCheckExp are the request and expected answer of a UDP check.
	HealthCheckReq pulumi.StringInput `pulumi:"healthCheckReq"`
	HealthCheckExp pulumi.StringInput `pulumi:"healthCheckExp"`
}

// NlbServerGroup is an NLB server group.
type NlbServerGroup struct {
	pulumi.CustomResourceState

	ServerGroupName pulumi.StringOutput `pulumi:"serverGroupName"`
	Status          pulumi.StringOutput `pulumi:"status" mock:"Available"`
}

// NewNlbServerGroup registers an NLB server group.
func NewNlbServerGroup(ctx *pulumi.Context, name string, args *NlbServerGroupArgs, opts ...pulumi.ResourceOption) (*NlbServerGroup, error) {
	return newResource[NlbServerGroup](ctx, NlbServerGroupToken, name, args, opts)
}

// NlbListenerArgs are the inputs of an NLB listener (alicloud:nlb/listener:Listener).
type NlbListenerArgs struct {
	// ListenerPort is an integer; 0 listens on a port range (startPort/endPort, not bound here).
	ListenerPort pulumi.IntInput `pulumi:"listenerPort" required:"true"`
	// ListenerProtocol is TCP, UDP or TCPSSL.
	ListenerProtocol pulumi.StringInput `pulumi:"listenerProtocol" required:"true"`
	LoadBalancerID   pulumi.StringInput `pulumi:"loadBalancerId" required:"true"`
	ServerGroupID    pulumi.StringInput `pulumi:"serverGroupId" required:"true"`
	// IdleTimeout is in seconds, 1 to 900 (default 900).
	IdleTimeout         pulumi.IntInput    `pulumi:"idleTimeout"`
	ListenerDescription pulumi.StringInput `pulumi:"listenerDescription"`
}

// NlbListener is an NLB listener.
type NlbListener struct {
	pulumi.CustomResourceState

	ListenerPort pulumi.IntOutput    `pulumi:"listenerPort"`
	Status       pulumi.StringOutput `pulumi:"status" mock:"Running"`
}

// NewNlbListener registers an NLB listener.
func NewNlbListener(ctx *pulumi.Context, name string, args *NlbListenerArgs, opts ...pulumi.ResourceOption) (*NlbListener, error) {
	return newResource[NlbListener](ctx, NlbListenerToken, name, args, opts)
}

// NlbServerGroupServerAttachmentArgs add one backend server to an NLB server group
// (alicloud:nlb/serverGroupServerAttachment:ServerGroupServerAttachment).
type NlbServerGroupServerAttachmentArgs struct {
	ServerGroupID pulumi.StringInput `pulumi:"serverGroupId" required:"true"`
	// ServerID is an ECS, ENI or ECI ID, or the IP address itself when ServerType is Ip.
	ServerID pulumi.StringInput `pulumi:"serverId" required:"true"`
	// ServerType is Ecs, Eni, Eci or Ip.
	ServerType pulumi.StringInput `pulumi:"serverType" required:"true"`
	Port       pulumi.IntInput    `pulumi:"port"`
	// Weight is 0 to 100 (default 100); 0 sends the server no requests.
	Weight      pulumi.IntInput    `pulumi:"weight"`
	ServerIP    pulumi.StringInput `pulumi:"serverIp"`
	Description pulumi.StringInput `pulumi:"description"`
}

// NlbServerGroupServerAttachment is one backend server of an NLB server group.
type NlbServerGroupServerAttachment struct {
	pulumi.CustomResourceState

	Status pulumi.StringOutput `pulumi:"status" mock:"Available"`
	ZoneID pulumi.StringOutput `pulumi:"zoneId"`
}

// NewNlbServerGroupServerAttachment registers one backend server of an NLB server group.
func NewNlbServerGroupServerAttachment(ctx *pulumi.Context, name string, args *NlbServerGroupServerAttachmentArgs, opts ...pulumi.ResourceOption) (*NlbServerGroupServerAttachment, error) {
	return newResource[NlbServerGroupServerAttachment](ctx, NlbServerGroupServerAttachmentToken, name, args, opts)
}
