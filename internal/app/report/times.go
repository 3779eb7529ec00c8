package report

import (
	"strings"
	"time"

	"github.com/zonestack/zonestack/internal/app/offline"
	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

// CreationTime is how long one resource type typically takes to create, and where the figure
// comes from. An "estimate" source is zonestack's own reasoning, not a measurement: replace it with
// a measured figure when one exists.
type CreationTime struct {
	Duration time.Duration
	Source   string
}

// CreationTimes are the typical creation times by type token. A type not listed takes
// DefaultCreationTime; component resources and providers take no time of their own.
var CreationTimes = map[string]CreationTime{
	rt.CsManagedKubernetes:            {15 * time.Minute, "alicloud provider 3.105.0, cs/managedKubernetes description: creating a cluster \"will cost about 15 minutes\""},
	rt.CsNodePool:                     {5 * time.Minute, "estimate: the scaling group, then minSize ECS instances boot (about 1 min) and join the cluster (node init about 3 min)"},
	rt.VpcNatGateway:                  {2 * time.Minute, "estimate: an enhanced NAT gateway is provisioned asynchronously and polled until Available"},
	rt.VpcNetwork:                     {10 * time.Second, "estimate: a synchronous VPC API call plus status polling"},
	rt.VpcSwitch:                      {10 * time.Second, "estimate: a synchronous VPC API call plus status polling"},
	rt.VpcSnatEntry:                   {30 * time.Second, "estimate: SNAT entries are polled until Available"},
	rt.EcsEipAddress:                  {10 * time.Second, "estimate: a synchronous allocation"},
	rt.EcsEipAssociation:              {30 * time.Second, "estimate: association is polled until InUse"},
	rt.EcsSecurityGroup:               {5 * time.Second, "estimate: a synchronous ECS API call"},
	rt.EcsSecurityGroupRule:           {2 * time.Second, "estimate: a synchronous ECS API call"},
	rt.NasFileSystem:                  {30 * time.Second, "estimate: a general-purpose file system is created synchronously"},
	rt.NasAccessGroup:                 {5 * time.Second, "estimate: a synchronous NAS API call"},
	rt.NasAccessRule:                  {5 * time.Second, "estimate: a synchronous NAS API call"},
	rt.NasMountTarget:                 {2 * time.Minute, "estimate: a mount target is polled until Active"},
	rt.OssBucket:                      {10 * time.Second, "estimate: CreateBucket is synchronous; the provider then polls IsBucketExist and sets versioning, lifecycle and encryption in one call each (resource_alicloud_oss_bucket.go)"},
	rt.RdsInstance:                    {10 * time.Minute, "estimate: a High-availability RDS MySQL instance with its standby is provisioned asynchronously and polled until Running"},
	rt.RdsAccount:                     {30 * time.Second, "estimate: polled until Available"},
	rt.RdsDatabase:                    {30 * time.Second, "estimate: polled until Running"},
	rt.RdsAccountPrivilege:            {30 * time.Second, "estimate: polled until the grant shows"},
	rt.CsKubernetesAddon:              {2 * time.Minute, "estimate: ACK installs the add-on as a cluster task and the provider polls it"},
	rt.RandomPassword:                 {time.Second, "estimate: computed locally by the random provider, no cloud call"},
	rt.EcsInstance:                    {1 * time.Minute, "estimate: an ECS instance is polled until Running; kubeadm's bootstrap then runs in its user data, after pulumi up has moved on"},
	rt.NlbLoadBalancer:                {2 * time.Minute, "estimate: an NLB is provisioned asynchronously and polled until Active"},
	rt.NlbListener:                    {30 * time.Second, "estimate: polled until Running"},
	rt.NlbServerGroup:                 {10 * time.Second, "estimate: polled until Available"},
	rt.NlbServerGroupServerAttachment: {30 * time.Second, "estimate: each backend is polled until Available"},
	rt.VpcHaVipv2:                     {10 * time.Second, "estimate: a synchronous VPC API call plus status polling"},
	rt.VpcHAVipAttachment:             {10 * time.Second, "estimate: polled until InUse"},
	rt.EcsDeploymentSet:               {5 * time.Second, "estimate: a synchronous ECS API call"},
	rt.EcsLaunchTemplate:              {5 * time.Second, "estimate: a synchronous ECS API call"},
	rt.RamRole:                        {2 * time.Second, "estimate: a synchronous RAM API call"},
	rt.RamPolicy:                      {2 * time.Second, "estimate: a synchronous RAM API call"},
	rt.RamRolePolicyAttachment:        {2 * time.Second, "estimate: a synchronous RAM API call"},
	rt.RandomString:                   {time.Second, "estimate: computed locally by the random provider, no cloud call"},
	rt.RandomID:                       {time.Second, "estimate: computed locally by the random provider, no cloud call"},
	rt.TLSPrivateKey:                  {time.Second, "estimate: generated locally by the tls provider"},
	rt.TLSSelfSignedCert:              {time.Second, "estimate: signed locally by the tls provider"},
	rt.TLSCertRequest:                 {time.Second, "estimate: made locally by the tls provider"},
	rt.TLSLocallySignedCert:           {time.Second, "estimate: signed locally by the tls provider"},
	rt.GkeCluster:                     {10 * time.Minute, "estimate: a regional GKE cluster (a control plane in every zone of the region) takes several minutes; pulumi-gcp's default create timeout is 40 minutes"},
	rt.GkeNodePool:                    {5 * time.Minute, "estimate: the node pool's instance group, then its nodes boot and register"},
	rt.GcpNetwork:                     {20 * time.Second, "estimate: a global operation polled until DONE"},
	rt.GcpSubnetwork:                  {20 * time.Second, "estimate: a regional operation polled until DONE"},
	rt.GcpRouter:                      {15 * time.Second, "estimate: a regional operation polled until DONE"},
	rt.GcpRouterNat:                   {20 * time.Second, "estimate: an update of the router, polled until DONE"},
	rt.K8sStatefulSet:                 {3 * time.Minute, "estimate: the provider waits for every member Ready, each waiting for its disk to be provisioned and attached"},
	rt.K8sDeployment:                  {2 * time.Second, "estimate: placeholders carry pulumi.com/skipAwait, so the provider does not wait for their pods"},
}

// DefaultCreationTime is the time of a resource type not in CreationTimes: a Kubernetes object
// the API server stores at once.
var DefaultCreationTime = CreationTime{5 * time.Second, "estimate: an object the API server stores synchronously"}

// Services are awaited by the kubernetes provider according to their kind: measured under the
// real engine on the local cluster (tests/e2e, seed 000): a headless Service that publishes
// not-ready addresses is done in 0.2 s; a ClusterIP Service that selects pods is done when it
// has a ready endpoint and then about 10 s more (10 s, its StatefulSet's members having been
// Ready after 3 s), so it lasts as long as those pods take to be Ready; a LoadBalancer Service
// when the cloud gives its load balancer an address.
var (
	HeadlessServiceTime  = CreationTime{time.Second, "measured: 0.2 s under the engine (tests/e2e); the provider does not wait for endpoints"}
	SelectingServiceTime = CreationTime{CreationTimes[rt.K8sStatefulSet].Duration + 10*time.Second,
		"measured under the engine (tests/e2e): the provider waits for a ready endpoint, then 10 s more, so the StatefulSet's members' time plus 10 s"}
	LoadBalancerServiceTime = CreationTime{time.Minute, "estimate: the provider waits for the cloud to give the load balancer an address"}
)

// creationTime is the table's figure for a registration; components and providers take none.
func creationTime(r offline.Registration) time.Duration {
	typ := r.Type
	if !r.Custom || strings.HasPrefix(typ, rt.ProviderPrefix) {
		return 0
	}
	if typ == rt.K8sService {
		return serviceTime(r).Duration
	}
	if c, ok := CreationTimes[typ]; ok {
		return c.Duration
	}
	return DefaultCreationTime.Duration
}

// serviceTime is how long the provider awaits a Service, by its kind.
func serviceTime(r offline.Registration) CreationTime {
	spec := r.Inputs["spec"]
	if !spec.IsObject() {
		return DefaultCreationTime
	}
	sp := spec.ObjectValue()
	switch {
	case sp["type"].IsString() && sp["type"].StringValue() == "LoadBalancer":
		return LoadBalancerServiceTime
	case sp["clusterIP"].IsString() && sp["clusterIP"].StringValue() == "None":
		return HeadlessServiceTime
	case sp["selector"].IsObject() && len(sp["selector"].ObjectValue()) > 0:
		return SelectingServiceTime
	}
	return DefaultCreationTime
}
