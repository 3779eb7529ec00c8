package alicloud

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// Type tokens of Alibaba Cloud DNS (public authoritative DNS), PrivateZone and GTM 2.0.
const (
	AlidnsDomainToken       = "alicloud:dns/alidnsDomain:AlidnsDomain"
	AlidnsRecordToken       = "alicloud:dns/alidnsRecord:AlidnsRecord"
	PvtzZoneToken           = "alicloud:pvtz/zone:Zone"
	PvtzZoneAttachmentToken = "alicloud:pvtz/zoneAttachment:ZoneAttachment"
	PvtzZoneRecordToken     = "alicloud:pvtz/zoneRecord:ZoneRecord"
	GtmInstanceToken        = "alicloud:dns/gtmInstance:GtmInstance"
	GtmAddressPoolToken     = "alicloud:dns/addressPool:AddressPool"
	GtmAccessStrategyToken  = "alicloud:dns/accessStrategy:AccessStrategy"
	GtmMonitorConfigToken   = "alicloud:dns/monitorConfig:MonitorConfig"
)

// AlidnsDomainArgs host a domain in Alibaba Cloud DNS (alicloud:dns/alidnsDomain:AlidnsDomain).
type AlidnsDomainArgs struct {
	DomainName pulumi.StringInput    `pulumi:"domainName" required:"true"`
	Remark     pulumi.StringInput    `pulumi:"remark"`
	Tags       pulumi.StringMapInput `pulumi:"tags"`
}

// AlidnsDomain is a domain hosted in Alibaba Cloud DNS.
type AlidnsDomain struct {
	pulumi.CustomResourceState

	DomainName pulumi.StringOutput `pulumi:"domainName"`
	// DNSServers are the name servers to delegate the domain to.
	DNSServers pulumi.StringArrayOutput `pulumi:"dnsServers"`
}

// NewAlidnsDomain registers a hosted domain.
func NewAlidnsDomain(ctx *pulumi.Context, name string, args *AlidnsDomainArgs, opts ...pulumi.ResourceOption) (*AlidnsDomain, error) {
	return newResource[AlidnsDomain](ctx, AlidnsDomainToken, name, args, opts)
}

// AlidnsRecordArgs are one record, one value, of a hosted domain (alicloud:dns/alidnsRecord:AlidnsRecord).
type AlidnsRecordArgs struct {
	// DomainName is the hosted domain, e.g. example.com. Required.
	DomainName pulumi.StringInput `pulumi:"domainName" required:"true"`
	// Rr is the host part, relative to DomainName ("@" for the domain itself). Required.
	Rr pulumi.StringInput `pulumi:"rr" required:"true"`
	// Type is A, AAAA, CNAME, TXT, ... Required.
	Type pulumi.StringInput `pulumi:"type" required:"true"`
	// Value is one value; a CNAME target without its trailing dot. Required.
	Value pulumi.StringInput `pulumi:"value" required:"true"`
	// TTL is at least the edition's minimum: free and personal 600, basic 120, standard 60,
	// ultimate 10, exclusive 1.
	TTL    pulumi.IntInput    `pulumi:"ttl"`
	Line   pulumi.StringInput `pulumi:"line"`
	Remark pulumi.StringInput `pulumi:"remark"`
}

// AlidnsRecord is one record of a hosted domain.
type AlidnsRecord struct {
	pulumi.CustomResourceState

	Rr    pulumi.StringOutput `pulumi:"rr"`
	Type  pulumi.StringOutput `pulumi:"type"`
	Value pulumi.StringOutput `pulumi:"value"`
}

// NewAlidnsRecord registers a record.
func NewAlidnsRecord(ctx *pulumi.Context, name string, args *AlidnsRecordArgs, opts ...pulumi.ResourceOption) (*AlidnsRecord, error) {
	return newResource[AlidnsRecord](ctx, AlidnsRecordToken, name, args, opts)
}

// PvtzZoneArgs are a PrivateZone zone (alicloud:pvtz/zone:Zone): names answered only inside the
// VPCs it is attached to.
type PvtzZoneArgs struct {
	ZoneName pulumi.StringInput `pulumi:"zoneName"`
	Remark   pulumi.StringInput `pulumi:"remark"`
	// ProxyPattern is ZONE (answer only from the zone, the default) or RECORD (recurse for names
	// the zone does not hold).
	ProxyPattern pulumi.StringInput `pulumi:"proxyPattern"`
}

// PvtzZone is a PrivateZone zone.
type PvtzZone struct {
	pulumi.CustomResourceState

	ZoneName pulumi.StringOutput `pulumi:"zoneName"`
}

// NewPvtzZone registers a private zone.
func NewPvtzZone(ctx *pulumi.Context, name string, args *PvtzZoneArgs, opts ...pulumi.ResourceOption) (*PvtzZone, error) {
	return newResource[PvtzZone](ctx, PvtzZoneToken, name, args, opts)
}

// PvtzZoneAttachmentArgs attach a private zone to VPCs (alicloud:pvtz/zoneAttachment:ZoneAttachment).
type PvtzZoneAttachmentArgs struct {
	ZoneID pulumi.StringInput `pulumi:"zoneId" required:"true"`
	// Vpcs are the VPCs, each with its region: the zone serves across regions.
	Vpcs []PvtzZoneAttachmentVpcArgs `pulumi:"vpcs"`
}

// PvtzZoneAttachmentVpcArgs is one attached VPC (alicloud:pvtz/ZoneAttachmentVpc).
type PvtzZoneAttachmentVpcArgs struct {
	VpcID    pulumi.StringInput `pulumi:"vpcId" required:"true"`
	RegionID pulumi.StringInput `pulumi:"regionId"`
}

// PvtzZoneAttachment is a private zone's set of VPCs.
type PvtzZoneAttachment struct {
	pulumi.CustomResourceState

	ZoneID pulumi.StringOutput `pulumi:"zoneId"`
}

// NewPvtzZoneAttachment registers the attachment.
func NewPvtzZoneAttachment(ctx *pulumi.Context, name string, args *PvtzZoneAttachmentArgs, opts ...pulumi.ResourceOption) (*PvtzZoneAttachment, error) {
	return newResource[PvtzZoneAttachment](ctx, PvtzZoneAttachmentToken, name, args, opts)
}

// PvtzZoneRecordArgs are one record, one value, of a private zone (alicloud:pvtz/zoneRecord:ZoneRecord).
type PvtzZoneRecordArgs struct {
	ZoneID pulumi.StringInput `pulumi:"zoneId" required:"true"`
	// Rr is the host part, relative to the zone.
	Rr pulumi.StringInput `pulumi:"rr"`
	// Type is A, CNAME, TXT, MX, PTR or SRV: the provider documents no AAAA. Required.
	Type  pulumi.StringInput `pulumi:"type" required:"true"`
	Value pulumi.StringInput `pulumi:"value" required:"true"`
	// TTL defaults to 60.
	TTL    pulumi.IntInput    `pulumi:"ttl"`
	Remark pulumi.StringInput `pulumi:"remark"`
}

// PvtzZoneRecord is one record of a private zone.
type PvtzZoneRecord struct {
	pulumi.CustomResourceState

	RecordID pulumi.StringOutput `pulumi:"recordId"`
}

// NewPvtzZoneRecord registers a private zone record.
func NewPvtzZoneRecord(ctx *pulumi.Context, name string, args *PvtzZoneRecordArgs, opts ...pulumi.ResourceOption) (*PvtzZoneRecord, error) {
	return newResource[PvtzZoneRecord](ctx, PvtzZoneRecordToken, name, args, opts)
}

// GtmInstanceArgs are a GTM 2.0 instance (alicloud:dns/gtmInstance:GtmInstance): subscription only.
type GtmInstanceArgs struct {
	InstanceName pulumi.StringInput `pulumi:"instanceName" required:"true"`
	// PackageEdition is standard or ultimate. Required.
	PackageEdition pulumi.StringInput `pulumi:"packageEdition" required:"true"`
	// PaymentType is Subscription. Required.
	PaymentType pulumi.StringInput `pulumi:"paymentType" required:"true"`
	// Period is in months (multiples of 12 for yearly). Required.
	Period               pulumi.IntInput `pulumi:"period" required:"true"`
	HealthCheckTaskCount pulumi.IntInput `pulumi:"healthCheckTaskCount" required:"true"`
	SmsNotificationCount pulumi.IntInput `pulumi:"smsNotificationCount" required:"true"`
	// RenewalStatus is AutoRenewal or ManualRenewal; RenewPeriod is required with AutoRenewal.
	RenewalStatus pulumi.StringInput `pulumi:"renewalStatus"`
	RenewPeriod   pulumi.IntInput    `pulumi:"renewPeriod"`
	// StrategyMode is GEO or LATENCY.
	StrategyMode pulumi.StringInput `pulumi:"strategyMode"`
	// TTL is 60, 120, 300 or 600.
	TTL pulumi.IntInput `pulumi:"ttl"`
	// PublicCnameMode CUSTOM puts the instance's name at PublicRr.PublicZoneName (a domain hosted
	// in Alibaba Cloud DNS); PublicUserDomainName is the name users query, a CNAME to it.
	PublicCnameMode      pulumi.StringInput      `pulumi:"publicCnameMode"`
	PublicZoneName       pulumi.StringInput      `pulumi:"publicZoneName"`
	PublicRr             pulumi.StringInput      `pulumi:"publicRr"`
	PublicUserDomainName pulumi.StringInput      `pulumi:"publicUserDomainName"`
	CnameType            pulumi.StringInput      `pulumi:"cnameType"`
	AlertGroups          pulumi.StringArrayInput `pulumi:"alertGroups"`
}

// GtmInstance is a GTM instance; its ID is the instance ID the pools and strategies name.
type GtmInstance struct {
	pulumi.CustomResourceState

	InstanceName pulumi.StringOutput `pulumi:"instanceName"`
}

// NewGtmInstance registers a GTM instance.
func NewGtmInstance(ctx *pulumi.Context, name string, args *GtmInstanceArgs, opts ...pulumi.ResourceOption) (*GtmInstance, error) {
	return newResource[GtmInstance](ctx, GtmInstanceToken, name, args, opts)
}

// GtmAddressPoolArgs are a GTM address pool (alicloud:dns/addressPool:AddressPool).
type GtmAddressPoolArgs struct {
	InstanceID      pulumi.StringInput `pulumi:"instanceId" required:"true"`
	AddressPoolName pulumi.StringInput `pulumi:"addressPoolName" required:"true"`
	// Type is IPV4, IPV6 or DOMAIN. Required.
	Type pulumi.StringInput `pulumi:"type" required:"true"`
	// LbaStrategy is ALL_RR (answer every available address) or RATIO (by weight). Required.
	LbaStrategy pulumi.StringInput          `pulumi:"lbaStrategy" required:"true"`
	Addresses   []GtmAddressPoolAddressArgs `pulumi:"addresses" required:"true"`
}

// GtmAddressPoolAddressArgs is one address of a pool (alicloud:dns/AddressPoolAddress).
type GtmAddressPoolAddressArgs struct {
	Address pulumi.StringInput `pulumi:"address" required:"true"`
	// AttributeInfo is JSON: the address's source lines ({"lineCodeRectifyType":"AUTO",...}).
	AttributeInfo pulumi.StringInput `pulumi:"attributeInfo" required:"true"`
	// Mode is SMART (follow the health check), ONLINE or OFFLINE. Required.
	Mode      pulumi.StringInput `pulumi:"mode" required:"true"`
	LbaWeight pulumi.IntInput    `pulumi:"lbaWeight"`
	Remark    pulumi.StringInput `pulumi:"remark"`
}

// GtmAddressPool is a GTM address pool; its ID is what strategies and monitors name.
type GtmAddressPool struct {
	pulumi.CustomResourceState

	AddressPoolName pulumi.StringOutput `pulumi:"addressPoolName"`
}

// NewGtmAddressPool registers an address pool.
func NewGtmAddressPool(ctx *pulumi.Context, name string, args *GtmAddressPoolArgs, opts ...pulumi.ResourceOption) (*GtmAddressPool, error) {
	return newResource[GtmAddressPool](ctx, GtmAddressPoolToken, name, args, opts)
}

// GtmAccessStrategyArgs are a GTM access strategy (alicloud:dns/accessStrategy:AccessStrategy):
// which pools answer, and the failover pools when too few of them are available.
type GtmAccessStrategyArgs struct {
	InstanceID   pulumi.StringInput `pulumi:"instanceId" required:"true"`
	StrategyName pulumi.StringInput `pulumi:"strategyName" required:"true"`
	// StrategyMode is GEO (Lines and DefaultLbaStrategy required) or LATENCY. Required.
	StrategyMode pulumi.StringInput `pulumi:"strategyMode" required:"true"`
	// DefaultAddrPoolType is IPV4, IPV6 or DOMAIN. Required.
	DefaultAddrPoolType         pulumi.StringInput                  `pulumi:"defaultAddrPoolType" required:"true"`
	DefaultAddrPools            []GtmAccessStrategyAddrPoolArgs     `pulumi:"defaultAddrPools" required:"true"`
	DefaultMinAvailableAddrNum  pulumi.IntInput                     `pulumi:"defaultMinAvailableAddrNum" required:"true"`
	DefaultLbaStrategy          pulumi.StringInput                  `pulumi:"defaultLbaStrategy"`
	DefaultMaxReturnAddrNum     pulumi.IntInput                     `pulumi:"defaultMaxReturnAddrNum"`
	FailoverAddrPoolType        pulumi.StringInput                  `pulumi:"failoverAddrPoolType"`
	FailoverAddrPools           []GtmAccessStrategyFailoverPoolArgs `pulumi:"failoverAddrPools"`
	FailoverMinAvailableAddrNum pulumi.IntInput                     `pulumi:"failoverMinAvailableAddrNum"`
	FailoverLbaStrategy         pulumi.StringInput                  `pulumi:"failoverLbaStrategy"`
	// AccessMode is AUTO (fail over and back by health), DEFAULT or FAILOVER.
	AccessMode pulumi.StringInput          `pulumi:"accessMode"`
	Lines      []GtmAccessStrategyLineArgs `pulumi:"lines"`
}

// GtmAccessStrategyAddrPoolArgs is one primary pool of a strategy (alicloud:dns/AccessStrategyDefaultAddrPool).
type GtmAccessStrategyAddrPoolArgs struct {
	AddrPoolID pulumi.StringInput `pulumi:"addrPoolId" required:"true"`
	LbaWeight  pulumi.IntInput    `pulumi:"lbaWeight"`
}

// GtmAccessStrategyFailoverPoolArgs is one failover pool of a strategy (alicloud:dns/AccessStrategyFailoverAddrPool).
type GtmAccessStrategyFailoverPoolArgs struct {
	AddrPoolID pulumi.StringInput `pulumi:"addrPoolId"`
	LbaWeight  pulumi.IntInput    `pulumi:"lbaWeight"`
}

// GtmAccessStrategyLineArgs is one source line of a GEO strategy (alicloud:dns/AccessStrategyLine).
type GtmAccessStrategyLineArgs struct {
	LineCode pulumi.StringInput `pulumi:"lineCode"`
}

// GtmAccessStrategy is a GTM access strategy.
type GtmAccessStrategy struct {
	pulumi.CustomResourceState

	StrategyName pulumi.StringOutput `pulumi:"strategyName"`
}

// NewGtmAccessStrategy registers an access strategy.
func NewGtmAccessStrategy(ctx *pulumi.Context, name string, args *GtmAccessStrategyArgs, opts ...pulumi.ResourceOption) (*GtmAccessStrategy, error) {
	return newResource[GtmAccessStrategy](ctx, GtmAccessStrategyToken, name, args, opts)
}

// GtmMonitorConfigArgs are the health check of an address pool (alicloud:dns/monitorConfig:MonitorConfig).
type GtmMonitorConfigArgs struct {
	AddrPoolID pulumi.StringInput `pulumi:"addrPoolId" required:"true"`
	// ProtocolType is HTTP, HTTPS, PING or TCP. Required.
	ProtocolType pulumi.StringInput `pulumi:"protocolType" required:"true"`
	// Interval is 60 (seconds). Required.
	Interval pulumi.IntInput `pulumi:"interval" required:"true"`
	// Timeout is 2000, 3000, 5000 or 10000 (ms). Required.
	Timeout pulumi.IntInput `pulumi:"timeout" required:"true"`
	// EvaluationCount is 1, 2 or 3 failed probes in a row. Required.
	EvaluationCount pulumi.IntInput `pulumi:"evaluationCount" required:"true"`
	// MonitorExtendInfo is JSON: for TCP, {"port":80,"failureRate":50}. Required.
	MonitorExtendInfo pulumi.StringInput                `pulumi:"monitorExtendInfo" required:"true"`
	IspCityNodes      []GtmMonitorConfigIspCityNodeArgs `pulumi:"ispCityNodes" required:"true"`
}

// GtmMonitorConfigIspCityNodeArgs is one probing node (alicloud:dns/MonitorConfigIspCityNode).
type GtmMonitorConfigIspCityNodeArgs struct {
	CityCode pulumi.StringInput `pulumi:"cityCode" required:"true"`
	IspCode  pulumi.StringInput `pulumi:"ispCode" required:"true"`
}

// GtmMonitorConfig is an address pool's health check.
type GtmMonitorConfig struct {
	pulumi.CustomResourceState

	ProtocolType pulumi.StringOutput `pulumi:"protocolType"`
}

// NewGtmMonitorConfig registers a health check.
func NewGtmMonitorConfig(ctx *pulumi.Context, name string, args *GtmMonitorConfigArgs, opts ...pulumi.ResourceOption) (*GtmMonitorConfig, error) {
	return newResource[GtmMonitorConfig](ctx, GtmMonitorConfigToken, name, args, opts)
}
