package tests

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/zonestack/zonestack/internal/app/offline"
	"github.com/zonestack/zonestack/internal/app/program"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

// Nothing set is dropped (issue 18, item 5). Every settable leaf of the stack file (a scalar, a
// list of scalars or a map of scalars, found by walking stackconfig.Config the way Parse reads it)
// has an entry in leafTable: either values that, set on a stack file of the repository, must
// change some registered resource's inputs, or the reason the leaf cannot (it only validates,
// only reaches outputs, or is the stack's own and changes everything). A new key without an entry
// fails TestEveryLeafHasAnEntry, naming it; a mapping dropped between the stack file and the
// components fails TestEverySetLeafReachesThePlan, naming the leaf.
//
// Leaves are named by stack-file path, not Go names: "nodePools.systemDisk.sizeGiB"; an element
// of a list of objects is "[]" ("workloads.statefulServices[].replicas", walked and set as the
// first element), a value of a map of objects "*" ("nodePools.zones.*.maxSize", the first key).

// leafAt is a stack-file path and a value for it, as JSON ("null" removes the key).
type leafAt struct{ path, value string }

// leafSet sets a leaf on a base stack: the stack file stacks/Pulumi.<stack>.yaml with the with
// settings applied (both runs have them), then the leaf set to value.
type leafSet struct {
	stack, value string
	with         []leafAt
	// and are set with the leaf, in the changed run only: what the stack's rules require to
	// change with it (a private endpoint takes no authorized networks).
	and []leafAt
	// offers changes what the offline cloud offers (both runs), for a value the default fixture
	// does not sell.
	offers func(*offline.Fixture)
	// gap, when set, says why this set is known not to reach the plan today (it is refused, or
	// dropped on the way to the components): the test then requires that it still does not, so
	// that the entry becomes a value once the gap is closed.
	gap string
	// reach are parts of URNs: for each, the leaf must change a resource whose URN has it. For a
	// leaf that more than one component reads (the pools' image is the system pools' too), so that
	// a copy dropped on the way to one of them fails though the others change.
	reach []string
}

// in says the leaf must change, for each part, a resource whose URN contains it.
func (s leafSet) in(parts ...string) leafSet {
	s.reach = append(slices.Clone(s.reach), parts...)
	return s
}

// also sets more keys with the leaf, in the changed run only.
func (s leafSet) also(a ...leafAt) leafSet { s.and = append(slices.Clone(s.and), a...); return s }

// knownGap marks the set as known not to reach the plan, and says why.
func (s leafSet) knownGap(why string) leafSet { s.gap = why; return s }

// offering runs both runs with the offline cloud also offering what change adds.
func (s leafSet) offering(change func(*offline.Fixture)) leafSet { s.offers = change; return s }

// leafEntry is a leaf's entry: the sets that must reach the plan, or the reason it cannot; both
// for a leaf whose shape is the cloud's and that reaches the plan on some clouds only (the reason
// says why not on the others).
type leafEntry struct {
	path   string
	sets   []leafSet
	reason string
}

func on(stack, value string, with ...leafAt) leafSet {
	return leafSet{stack: stack, value: value, with: with}
}

func at(path, value string) leafAt { return leafAt{path, value} }

func plans(path string, sets ...leafSet) leafEntry { return leafEntry{path: path, sets: sets} }

func only(path, reason string) leafEntry { return leafEntry{path: path, reason: reason} }

// plansBut is a leaf that reaches the plan on the sets' clouds and, for the reason given, not on
// the others.
func plansBut(path, reason string, sets ...leafSet) leafEntry {
	return leafEntry{path: path, sets: sets, reason: reason}
}

// The base stacks: dev (ACK), gke (GKE), and the stacks that have the sections the others lack.
const (
	dev   = "dev"
	gke   = "gke-us-central1"
	prod  = "prod"
	burst = "burst"
	self  = "selfmanaged"
	glob  = "global"
	globc = "global-cn"
	globd = "global-coredns"
)

// Settings the sets below reuse on their base.
var (
	// onNewDatabase gives dev a database to change.
	onNewDatabase = at("databases", `[{"name":"app","accountName":"appuser"}]`)
	// gkeTaint gives the GKE stack's pools a taint of their own to change (they take the default).
	gkeTaint = at("nodePools.taints", `[{"key":"usage","value":"sts","effect":"NoSchedule"}]`)
	// devZone and gkeZone give a zone an override to change.
	devZone = at("nodePools.zones", `{"cn-beijing-h":{}}`)
	gkeZone = at("nodePools.zones", `{"us-central1-a":{}}`)
	// devSpot makes dev's pools spot, its stateful service asked onto them; devPriceLimits are
	// the limits of its instance types; devZoneSpot makes zone h's pool spot; gkeOnSpot asks the
	// GKE stack's stateful service onto spot pools.
	devSpot        = at("nodePools.spot", `{}`)
	devOnSpot      = at("workloads.statefulServices[].onSpot", "true")
	devPriceLimits = at("nodePools.spot.priceLimits", `{"ecs.g7.2xlarge":"0.7","ecs.g6.2xlarge":"0.6"}`)
	devZoneSpot    = at("nodePools.zones", `{"cn-beijing-h":{"spot":{}}}`)
	gkeOnSpot      = at("workloads.statefulServices[].onSpot", "true")
	// withinVPC lets an endpoint go private: pulumi up runs inside the VPC.
	withinVPC = at("runner", `"vpc"`)
	// selfPrivate is the self-managed stack without its public endpoint.
	selfPrivate = []leafAt{withinVPC, at("selfManaged.publicEndpoint", "false"), at("selfManaged.authorizedNetworks", "null")}
	// sparePdClass gives the GKE stack a disk class no volume names, to rename.
	sparePdClass = at("storage.diskClasses", `[{"name":"spare"},{"name":"sts-sc"}]`)
	// devNas gives dev a NAS file system no volume uses.
	devNas = at("storage.nas", `{}`)
	// clbZones names burst's CLB zones, the defaults, for either to be moved.
	clbZones = []leafAt{at("workloads.elasticServices[].loadBalancer.masterZone", `"cn-shanghai-e"`), at("workloads.elasticServices[].loadBalancer.backupZone", `"cn-shanghai-f"`)}
	// devOss gives dev an OSS bucket no volume uses.
	devOss = at("storage.oss", `{}`)
	// selector gives the burst stack's virtual nodes a selector to change.
	selector = at("virtualNodes.selectors", `[{"name":"batch","podLabels":{"app":"batch"}}]`)
	// secondDatabase gives burst a second database for its service to use.
	secondDatabase = at("databases", `[{"name":"wordpress","accountName":"wpuser","storageGiB":50},{"name":"blog","accountName":"bloguser"}]`)
)

// Parts of URNs, for the leaves that more than one component reads.
const (
	statefulPools = "::pools-"
	systemPools   = "::system-pools-"
	vpc           = rt.VpcNetwork + "::"
	ack           = rt.CsManagedKubernetes + "::"
	gkeCluster    = rt.GkeCluster + "::"
	rds           = rt.RdsInstance + "::"
	nas           = rt.NasFileSystem + "::"
	ossBucket     = rt.OssBucket + "::"
	ecs           = rt.EcsInstance + "::"
)

const (
	whyZones = "the stack's own: the zones every resource is placed in; a stack's zones are its golden plan (tests/testdata/plans), and the HA invariants and zone-loss tests are over them"
	whyNoGKE = "gcp: GKE refuses it (an ACK setting); the ACK stacks' value reaches the plan"
	// whyNoGKESpot is why an ACK spot setting has no GKE value.
	whyNoGKESpot = "gcp: a GKE pool's spot is true or false (Spot VMs), with no strategy, price or on-demand share"
	whyOneZone   = "names the zone an entry is for; another zone of the stack is refused as a duplicate, one outside it as unknown"
	// whyGKEEncrypts is why encrypted is no GKE key.
	whyGKEEncrypts = "gcp: not a GKE pool's key (refused as an alicloud stack's): GKE encrypts every boot disk"
)

// leafTable has an entry for every settable leaf of the stack file.
var leafTable = []leafEntry{
	// The stack's own.
	only("cloud", "the stack's own: picks the program (ACK, GKE, global, local); every stack's golden plan covers each cloud"),
	only("region", "the stack's own: changed alone it leaves the zones in another region, which is refused; the stacks of four GKE and three ACK regions are golden plans"),
	only("zones", whyZones),
	only("ha", "only validates: an HA stack must span three zones and run three or five masters (selfManaged.masters changes the plan); the policy checks read it"),
	plans("production", on(dev, "true", at("fencing", `{"image":"r/f:1"}`)), on(burst, "true", at("fencing", `{"image":"r/f:1"}`)).in(rds, ossBucket)),
	// fencing: prod has it (production), with its image.
	plans("fencing.enabled", on(prod, "false"), on(dev, "true", at("fencing", `{"image":"r/f:1"}`))),
	plans("fencing.image", on(prod, `"registry.example.com/zonestack-fencing:2"`)),
	plans("fencing.notReadyFor", on(prod, `"20s"`)),
	plans("fencing.nodeSelector", on(prod, `"usage=sts"`)),
	plans("fencing.namespace", on(prod, `"ops"`)),
	plans("runner", on(dev, `"vpc"`), on(gke, `"vpc"`), on(self, `"vpc"`)),
	plans("name", on(dev, `"zs-other"`), on(gke, `"zs-other"`)),
	plans("tags", on(dev, `{"team":"storage"}`).in(vpc, ack, statefulPools, systemPools),
		on(gke, `{"team":"storage"}`).in(gkeCluster, statefulPools, systemPools),
		on(burst, `{"team":"web"}`).in(rds, ossBucket), on(dev, `{"team":"files"}`, devNas).in(nas), on(self, `{"team":"self"}`).in(ecs)),
	plans("databasePasswords", on(burst, `{"wordpress":"not-generated"}`)),

	// network.
	plans("network.vpcCidr", on(dev, `"10.1.0.0/16"`).in(vpc), on(burst, `"10.1.0.0/16"`).in(vpc, rds), on(self, `"10.33.0.0/16"`).in(vpc, ecs)),
	plans("network.serviceCidr", on(dev, `"172.22.0.0/20"`), on(gke, `"10.40.48.0/20"`)),
	only("network.vswitches[].zone", whyOneZone),
	plans("network.vswitches[].nodeCidr", on(prod, `"10.16.240.0/20"`)),
	plans("network.vswitches[].podCidr", on(prod, `"10.16.0.0/19"`)),
	plans("network.nat.enabled", on(dev, "false")),
	plans("network.nat.eipBandwidth", on(dev, "100")),
	plans("network.nat.internetChargeType", on(dev, `"PayByBandwidth"`)),
	plans("network.nat.perZone", on(dev, "true"), on(prod, "false")),
	plans("network.nodeCidr", on(gke, `"10.41.0.0/20"`)),
	plans("network.podCidr", on(gke, `"10.41.64.0/18"`)),
	plans("network.masterCidr", on(gke, `"172.16.0.16/28"`)),

	// cluster.
	plans("cluster.spec", on(dev, `"ack.pro.xlarge"`)),
	plans("cluster.kubernetesVersion", on(dev, `"1.36.1-aliyun.1"`), on(gke, `"1.33"`)),
	plans("cluster.publicEndpoint", on(dev, "false", withinVPC), on(gke, "false", withinVPC).also(at("cluster.authorizedNetworks", "null"))),
	plans("cluster.deletionProtection", on(dev, "true"), on(gke, "false")),
	plans("cluster.proxyMode", on(dev, `"iptables"`)),
	plans("cluster.enableRrsa", on(dev, "false")),
	plans("cluster.controlPlaneLogs", on(dev, `["apiserver"]`)),
	plans("cluster.maintenanceWindow.enabled", on(dev, "false")),
	plans("cluster.maintenanceWindow.weekdays", on(dev, `["Sunday"]`)),
	plans("cluster.maintenanceWindow.startTime", on(dev, `"04:00"`)),
	plans("cluster.maintenanceWindow.utcOffset", on(dev, `"+09:00"`)),
	plans("cluster.maintenanceWindow.duration", on(dev, `"4h"`)),
	plans("cluster.autoscaler.scalerType", on(dev, `"goatscaler"`)),
	plans("cluster.autoscaler.scanInterval", on(dev, `"30s"`)),
	plans("cluster.autoscaler.expander", on(dev, `"random"`)),
	plans("cluster.autoscaler.scaleDownEnabled", on(dev, "false")),
	plans("cluster.autoscaler.scaleDownUnneededTime", on(dev, `"20m"`)),
	plans("cluster.autoscaler.scaleDownDelayAfterAdd", on(dev, `"20m"`)),
	plans("cluster.autoscaler.utilizationThreshold", on(dev, `"0.6"`)),
	plans("cluster.autoscaler.maxGracefulTerminationSec", on(dev, "300")),
	plans("cluster.autoscaler.skipNodesWithLocalStorage", on(dev, "true")),
	only("cluster.autoscaler.skipNodesWithSystemPods", "only validates: true is the default, and false is refused (the provider sends the setting only when true)"),
	plans("cluster.autoscaler.daemonsetEviction", on(dev, "true")),
	plans("cluster.releaseChannel", on(gke, `"STABLE"`)),
	plans("cluster.authorizedNetworks", on(gke, `["203.0.113.0/24","198.51.100.0/24"]`)),

	// selfManaged.
	plans("selfManaged.masters", on(self, "5")),
	plans("selfManaged.etcd", on(self, `"external"`)),
	plans("selfManaged.etcdMembers", on(self, "5", at("selfManaged.etcd", `"external"`))),
	plans("selfManaged.workers", on(self, "2")),
	plans("selfManaged.vip", on(self, `"keepalived"`, selfPrivate...)),
	plans("selfManaged.publicEndpoint", on(self, "false", withinVPC).also(at("selfManaged.authorizedNetworks", "null"))),
	plans("selfManaged.authorizedNetworks", on(self, `["198.51.100.0/24"]`)),
	plans("selfManaged.kubernetesVersion", on(self, `"1.36.3"`)),
	plans("selfManaged.imageId", on(self, `"aliyun_3_x64_20G_alibase_20250629.vhd"`).offering(offerImage("aliyun_3_x64_20G_alibase_20250629.vhd"))),
	plans("selfManaged.master.instanceType", on(self, `"ecs.g7.4xlarge"`)),
	plans("selfManaged.master.diskGiB", on(self, "200")),
	plans("selfManaged.worker.instanceType", on(self, `"ecs.g7.4xlarge"`)),
	plans("selfManaged.worker.diskGiB", on(self, "300")),
	plans("selfManaged.etcdMachine.instanceType", on(self, `"ecs.g7.2xlarge"`, at("selfManaged.etcd", `"external"`))),
	plans("selfManaged.etcdMachine.diskGiB", on(self, "200", at("selfManaged.etcd", `"external"`))),
	plans("selfManaged.lb.instanceType", on(self, `"ecs.c7.xlarge"`, append(selfPrivate, at("selfManaged.vip", `"keepalived"`))...)),
	plans("selfManaged.lb.diskGiB", on(self, "80", append(selfPrivate, at("selfManaged.vip", `"keepalived"`))...)),
	plans("selfManaged.podCidr", on(self, `"10.244.0.0/16"`)),
	plans("selfManaged.serviceCidr", on(self, `"10.100.0.0/16"`)),
	plans("selfManaged.imageRepository", on(self, `"registry.example.com/google_containers"`)),
	plans("selfManaged.packageMirror", on(self, `"https://mirror.example.com/kubernetes/core/stable"`)),
	plans("selfManaged.keyName", on(self, `"zs-self"`)),

	// nodePools: the shared spec, on ACK and on GKE.
	plans("nodePools.name", on(dev, `"zs-dev-pool"`), on(gke, `"zs-usc1-pool"`)),
	plans("nodePools.instanceTypes", on(dev, `["ecs.g7.xlarge"]`), on(gke, `["n2-standard-4"]`)),
	plans("nodePools.minSize", on(dev, "2"), on(gke, "2")),
	plans("nodePools.maxSize", on(dev, "5"), on(gke, "5")),
	plans("nodePools.labels", on(dev, `{"team":"storage"}`), on(gke, `{"team":"storage"}`)),
	plans("nodePools.zoneLabelKey", on(dev, `"topology.example.com/zone"`).in(statefulPools, systemPools), on(gke, `"topology.example.com/zone"`).in(statefulPools, systemPools)),
	plans("nodePools.taints[].key", on(dev, `"dedicated"`), on(gke, `"dedicated"`, gkeTaint)),
	plans("nodePools.taints[].value", on(dev, `"db"`), on(gke, `"db"`, gkeTaint)),
	plans("nodePools.taints[].effect", on(dev, `"NoExecute"`), on(gke, `"NoExecute"`, gkeTaint)),
	plans("nodePools.systemDisk.categories", on(dev, `["cloud_essd"]`).in(statefulPools, systemPools), on(gke, `["pd-standard"]`).in(statefulPools, systemPools)),
	plans("nodePools.systemDisk.sizeGiB", on(dev, "200"), on(gke, "200")),
	plansBut("nodePools.systemDisk.performanceLevel", whyNoGKE, on(dev, `"PL1"`).in(statefulPools, systemPools)),
	plansBut("nodePools.systemDisk.encrypted", whyGKEEncrypts, on(dev, "true").in(statefulPools, systemPools)),
	plansBut("nodePools.systemDisk.kmsKeyId", whyNoGKE, on(dev, `"key-dev"`, at("nodePools.systemDisk.encrypted", "true")).in(statefulPools, systemPools)),
	plansBut("nodePools.dataDisks[].category", whyNoGKE, on(dev, `"cloud_ssd"`, at("nodePools.dataDisks", `[{"sizeGiB":100}]`))),
	plansBut("nodePools.dataDisks[].sizeGiB", whyNoGKE, on(dev, "200", at("nodePools.dataDisks", `[{"sizeGiB":100}]`))),
	plansBut("nodePools.dataDisks[].performanceLevel", whyNoGKE, on(dev, `"PL1"`, at("nodePools.dataDisks", `[{"sizeGiB":100}]`))),
	plansBut("nodePools.dataDisks[].encrypted", whyNoGKE, on(dev, "true", at("nodePools.dataDisks", `[{"sizeGiB":100}]`))),
	plansBut("nodePools.dataDisks[].kmsKeyId", whyNoGKE, on(dev, `"key-dev"`, at("nodePools.dataDisks", `[{"sizeGiB":100,"encrypted":true}]`))),
	plans("nodePools.imageType", on(dev, `"AliyunLinux4"`).in(statefulPools, systemPools), on(gke, `"UBUNTU_CONTAINERD"`).in(statefulPools, systemPools)),
	plansBut("nodePools.keyName", whyNoGKE, on(dev, `"zs-other"`).in(statefulPools, systemPools)),
	plansBut("nodePools.autoRepair", "gcp: false is refused on GKE (a cluster in a release channel keeps auto-repair on), and true is the default", on(dev, "false").in(statefulPools, systemPools)),

	// nodePools.zones: one zone's override.
	plans("nodePools.zones.*.instanceTypes", on(dev, `["ecs.g7.xlarge"]`, devZone), on(gke, `["n2-standard-4"]`, gkeZone)),
	plans("nodePools.zones.*.minSize", on(dev, "2", devZone), on(gke, "2", gkeZone)),
	plans("nodePools.zones.*.maxSize", on(dev, "5", devZone), on(gke, "5", gkeZone)),
	plans("nodePools.zones.*.labels", on(dev, `{"team":"storage"}`, devZone), on(gke, `{"team":"storage"}`, gkeZone)),
	only("nodePools.zones.*.zoneLabelKey", "only validates: refused in a zone (all pools share one zone label key); nodePools.zoneLabelKey sets it"),
	plans("nodePools.zones.*.zoneLabelValue", on(dev, `"hh"`, devZone).in(statefulPools, systemPools), on(gke, `"aa"`, gkeZone).in(statefulPools, systemPools)),
	plans("nodePools.zones.*.taints[].key", on(dev, `"dedicated"`, at("nodePools.zones", `{"cn-beijing-h":{"taints":[{"key":"usage","value":"sts","effect":"NoSchedule"}]}}`)),
		on(gke, `"dedicated"`, at("nodePools.zones", `{"us-central1-a":{"taints":[{"key":"usage","value":"sts","effect":"NoSchedule"}]}}`))),
	plans("nodePools.zones.*.taints[].value", on(dev, `"db"`, at("nodePools.zones", `{"cn-beijing-h":{"taints":[{"key":"usage","value":"sts","effect":"NoSchedule"}]}}`)),
		on(gke, `"db"`, at("nodePools.zones", `{"us-central1-a":{"taints":[{"key":"usage","value":"sts","effect":"NoSchedule"}]}}`))),
	plans("nodePools.zones.*.taints[].effect", on(dev, `"NoExecute"`, at("nodePools.zones", `{"cn-beijing-h":{"taints":[{"key":"usage","value":"sts","effect":"NoSchedule"}]}}`)),
		on(gke, `"NoExecute"`, at("nodePools.zones", `{"us-central1-a":{"taints":[{"key":"usage","value":"sts","effect":"NoSchedule"}]}}`))),
	plans("nodePools.zones.*.systemDisk.categories", on(dev, `["cloud_essd"]`, devZone), on(gke, `["pd-balanced"]`, gkeZone)),
	plans("nodePools.zones.*.systemDisk.sizeGiB", on(dev, "200", devZone), on(gke, "200", gkeZone)),
	plansBut("nodePools.zones.*.systemDisk.performanceLevel", whyNoGKE, on(dev, `"PL1"`, devZone)),
	plansBut("nodePools.zones.*.systemDisk.encrypted", whyGKEEncrypts, on(dev, "true", devZone)),
	plansBut("nodePools.zones.*.systemDisk.kmsKeyId", whyNoGKE, on(dev, `"key-dev"`, at("nodePools.zones", `{"cn-beijing-h":{"systemDisk":{"encrypted":true}}}`))),
	plansBut("nodePools.zones.*.dataDisks[].category", whyNoGKE, on(dev, `"cloud_ssd"`, at("nodePools.zones", `{"cn-beijing-h":{"dataDisks":[{"sizeGiB":100}]}}`))),
	plansBut("nodePools.zones.*.dataDisks[].sizeGiB", whyNoGKE, on(dev, "200", at("nodePools.zones", `{"cn-beijing-h":{"dataDisks":[{"sizeGiB":100}]}}`))),
	plansBut("nodePools.zones.*.dataDisks[].performanceLevel", whyNoGKE, on(dev, `"PL1"`, at("nodePools.zones", `{"cn-beijing-h":{"dataDisks":[{"sizeGiB":100}]}}`))),
	plansBut("nodePools.zones.*.dataDisks[].encrypted", whyNoGKE, on(dev, "true", at("nodePools.zones", `{"cn-beijing-h":{"dataDisks":[{"sizeGiB":100}]}}`))),
	plansBut("nodePools.zones.*.dataDisks[].kmsKeyId", whyNoGKE, on(dev, `"key-dev"`, at("nodePools.zones", `{"cn-beijing-h":{"dataDisks":[{"sizeGiB":100,"encrypted":true}]}}`))),
	plans("nodePools.zones.*.imageType", on(dev, `"AliyunLinux4"`, devZone), on(gke, `"UBUNTU_CONTAINERD"`, gkeZone)),
	plansBut("nodePools.zones.*.keyName", whyNoGKE, on(dev, `"zs-other"`, devZone)),
	plansBut("nodePools.zones.*.autoRepair", "gcp: false is refused on GKE (a cluster in a release channel keeps auto-repair on), and true is the default", on(dev, "false", devZone)),

	// nodePools.spot: spot pools. All-spot pools need the stateful services asked onto them.
	plansBut("nodePools.spot.strategy", whyNoGKESpot, on(dev, `"SpotWithPriceLimit"`, devSpot, devOnSpot).also(devPriceLimits)),
	plansBut("nodePools.spot.priceLimits", whyNoGKESpot, on(dev, `{"ecs.g7.2xlarge":"0.9","ecs.g6.2xlarge":"0.8"}`, devSpot, devOnSpot, at("nodePools.spot.strategy", `"SpotWithPriceLimit"`), devPriceLimits)),
	plansBut("nodePools.spot.onDemandBaseCapacity", whyNoGKESpot, on(dev, "1", devSpot, devOnSpot)),
	plansBut("nodePools.spot.onDemandPercentageAboveBaseCapacity", whyNoGKESpot, on(dev, "50", devSpot, devOnSpot)),
	plansBut("nodePools.spot.fallbackToOnDemand", whyNoGKESpot, on(dev, "false", devSpot, devOnSpot)),
	plansBut("nodePools.spot", "alicloud: an object there (nodePools.spot.strategy and the rest)", on(gke, "true").also(gkeOnSpot)),
	plansBut("nodePools.zones.*.spot.strategy", whyNoGKESpot, on(dev, `"SpotWithPriceLimit"`, devZoneSpot).also(at("nodePools.zones", `{"cn-beijing-h":{"spot":{"strategy":"SpotWithPriceLimit","priceLimits":{"ecs.g7.2xlarge":"0.7","ecs.g6.2xlarge":"0.6"}}}}`))),
	plansBut("nodePools.zones.*.spot.priceLimits", whyNoGKESpot, on(dev, `{"ecs.g7.2xlarge":"0.9","ecs.g6.2xlarge":"0.8"}`,
		at("nodePools.zones", `{"cn-beijing-h":{"spot":{"strategy":"SpotWithPriceLimit","priceLimits":{"ecs.g7.2xlarge":"0.7","ecs.g6.2xlarge":"0.6"}}}}`))),
	plansBut("nodePools.zones.*.spot.onDemandBaseCapacity", whyNoGKESpot, on(dev, "1", devZoneSpot)),
	plansBut("nodePools.zones.*.spot.onDemandPercentageAboveBaseCapacity", whyNoGKESpot, on(dev, "50", devZoneSpot)),
	plansBut("nodePools.zones.*.spot.fallbackToOnDemand", whyNoGKESpot, on(dev, "false", devZoneSpot)),
	plansBut("nodePools.zones.*.spot", "alicloud: an object there (nodePools.zones.*.spot.strategy and the rest)", on(gke, "true", gkeZone)),
	plans("nodePools.placeholders.onSpot", on(dev, "true", devZoneSpot), on(gke, "true", at("nodePools.zones", `{"us-central1-a":{"spot":true}}`))),
	plans("workloads.statefulServices[].onSpot", on(dev, "true", devZoneSpot), on(gke, "true", at("nodePools.zones", `{"us-central1-a":{"spot":true}}`))),

	// nodePools.placeholders.
	plans("nodePools.placeholders.enabled", on(dev, "false"), on(gke, "false")),
	plans("nodePools.placeholders.cpu", on(dev, `"2"`), on(gke, `"2"`)),
	plans("nodePools.placeholders.memory", on(dev, `"4Gi"`), on(gke, `"4Gi"`)),
	plans("nodePools.placeholders.replicas", on(dev, "2"), on(gke, "2")),
	plans("nodePools.placeholders.priority", on(dev, "-5"), on(gke, "-5")),
	plans("nodePools.placeholders.namespace", on(dev, `"warm"`), on(gke, `"warm"`)),
	plans("nodePools.placeholders.priorityClassName", on(dev, `"warm-pool"`), on(gke, `"warm-pool"`)),
	plans("nodePools.placeholders.image", on(dev, `"registry.example.com/pause:3.10"`), on(gke, `"registry.example.com/pause:3.10"`)),

	// systemPool.
	plans("systemPool.instanceTypes", on(dev, `["ecs.g7.2xlarge"]`), on(gke, `["e2-standard-8"]`)),
	plans("systemPool.minSize", on(dev, "2"), on(gke, "2")),
	plansBut("systemPool.maxSize", "alicloud: an ACK system pool has a fixed size, minSize (ACK's system components avoid autoscaled nodes); GKE's autoscales up to it", on(gke, "5")),
	plans("systemPool.diskGiB", on(dev, "200"), on(gke, "200")),
	plansBut("systemPool.keyName", whyNoGKE, on(dev, `"zs-system"`)),

	// storage.
	plans("storage.diskClasses[].name", on(prod, `"fast"`), on(gke, `"spare2"`, sparePdClass)),
	plans("storage.diskClasses[].categories", on(dev, `["cloud_essd"]`), on(gke, `["pd-balanced"]`)),
	plansBut("storage.diskClasses[].performanceLevel", whyNoGKE, on(dev, `"PL2"`)),
	plansBut("storage.diskClasses[].encrypted", "gcp: a persistent-disk class has no such setting (Google encrypts every disk; kmsKeyId picks the key)", on(dev, "true")),
	plans("storage.diskClasses[].kmsKeyId", on(dev, `"key-dev"`, at("storage.diskClasses", `[{"name":"sts-sc","encrypted":true}]`)),
		on(gke, `"projects/p/locations/us-central1/keyRings/r/cryptoKeys/k"`)),
	plansBut("storage.diskClasses[].fsType", whyNoGKE, on(dev, `"xfs"`)),
	plansBut("storage.diskClasses[].zones", whyNoGKE, on(dev, `["cn-beijing-h"]`)),
	plans("storage.nas.className", on(dev, `"files"`, devNas)),
	plans("storage.nas.storageType", on(dev, `"Capacity"`, devNas)),
	plans("storage.nas.encrypted", on(dev, "false", devNas)),
	plans("storage.nas.kmsKeyId", on(dev, `"key-dev"`, devNas)),
	plans("storage.oss.className", on(burst, `"uploads"`).also(at("workloads.elasticServices[].volumes[].storageClass", `"uploads"`)), on(dev, `"files"`, devOss)),
	plans("storage.oss.bucket", on(prod, `"zs-prod-backups"`), on(burst, `"zs-burst-uploads"`)),
	plans("storage.oss.storageClass", on(prod, `"IA"`)),
	plans("storage.oss.kmsKeyId", on(prod, `"key-prod"`)),
	plans("storage.oss.noncurrentVersionDays", on(prod, "7")),

	// workloads.statefulServices.
	plans("workloads.statefulServices[].name", on(dev, `"web"`)),
	plans("workloads.statefulServices[].namespace", on(dev, `"apps"`)),
	plans("workloads.statefulServices[].image", on(dev, `"nginx:1.27"`)),
	plans("workloads.statefulServices[].command", on(dev, `["nginx"]`)),
	plans("workloads.statefulServices[].args", on(dev, `["-g","daemon off;"]`)),
	plans("workloads.statefulServices[].env", on(dev, `{"MODE":"dev"}`)),
	plans("workloads.statefulServices[].labels", on(dev, `{"team":"storage"}`)),
	plans("workloads.statefulServices[].replicas", on(dev, "5")),
	plans("workloads.statefulServices[].ports[].name", on(dev, `"http"`)),
	plans("workloads.statefulServices[].ports[].port", on(dev, "8080")),
	plans("workloads.statefulServices[].ports[].protocol", on(dev, `"UDP"`)),
	plans("workloads.statefulServices[].volumes[].name", on(dev, `"disk"`)),
	plans("workloads.statefulServices[].volumes[].mountPath", on(dev, `"/srv"`)),
	plans("workloads.statefulServices[].volumes[].size", on(dev, `"30Gi"`)),
	plans("workloads.statefulServices[].volumes[].storageClass", on(dev, `"alicloud-disk-essd"`)),
	plans("workloads.statefulServices[].volumes[].accessModes", on(dev, `["ReadWriteOncePod"]`)),
	plans("workloads.statefulServices[].initContainers[].name", on(prod, `"wait"`)),
	plans("workloads.statefulServices[].initContainers[].image", on(prod, `"busybox:1.37"`)),
	plans("workloads.statefulServices[].initContainers[].command", on(prod, `["true"]`)),
	plans("workloads.statefulServices[].initContainers[].args", on(prod, `["-x"]`)),
	plans("workloads.statefulServices[].podManagementPolicy", on(dev, `"Parallel"`)),
	only("workloads.statefulServices[].readyTimeout", "reaches only the members' custom timeouts, a resource option and no input, which the recorder does not keep (components/workloads tests it)"),
	plans("workloads.statefulServices[].updateStrategy", on(dev, `"OnDelete"`)),
	plans("workloads.statefulServices[].nodeLossTolerationSeconds", on(dev, "60")),
	plans("workloads.statefulServices[].partition", on(dev, "1")),
	plans("workloads.statefulServices[].maxUnavailable", on(dev, "2")),
	plans("workloads.statefulServices[].onStatefulPools", on(dev, "false")),
	plans("workloads.statefulServices[].resources.requests.cpu", on(dev, `"1"`)),
	plans("workloads.statefulServices[].resources.requests.memory", on(dev, `"1Gi"`)),
	plans("workloads.statefulServices[].resources.limits.cpu", on(dev, `"3"`)),
	plans("workloads.statefulServices[].resources.limits.memory", on(dev, `"2Gi"`)),

	// workloads.elasticServices.
	plans("workloads.elasticServices[].name", on(burst, `"blog"`)),
	plans("workloads.elasticServices[].namespace", on(burst, `"blog"`)),
	plans("workloads.elasticServices[].image", on(burst, `"wordpress:6.7.1-apache"`)),
	plans("workloads.elasticServices[].command", on(burst, `["apache2-foreground"]`)),
	plans("workloads.elasticServices[].args", on(burst, `["-X"]`)),
	plans("workloads.elasticServices[].env", on(burst, `{"WORDPRESS_DEBUG":"1"}`)),
	plans("workloads.elasticServices[].labels", on(burst, `{"team":"web"}`)),
	plans("workloads.elasticServices[].port", on(burst, "8080")),
	plans("workloads.elasticServices[].readinessPath", on(burst, `"/"`)),
	plans("workloads.elasticServices[].burst", on(burst, `"eci"`)),
	plans("workloads.elasticServices[].maxOnEcs", on(burst, "50")),
	plans("workloads.elasticServices[].overflowAfter", on(burst, `"2m"`)),
	plans("workloads.elasticServices[].autoscaling.minReplicas", on(burst, "10")),
	plans("workloads.elasticServices[].autoscaling.maxReplicas", on(burst, "80")),
	plans("workloads.elasticServices[].autoscaling.targetCpuUtilization", on(burst, "70")),
	plans("workloads.elasticServices[].schedules[].name", on(burst, `"morning"`)),
	plans("workloads.elasticServices[].schedules[].schedule", on(burst, `"0 0 8 * * *"`)),
	plans("workloads.elasticServices[].schedules[].targetSize", on(burst, "30")),
	plans("workloads.elasticServices[].schedules[].runOnce", on(burst, "true")),
	plans("workloads.elasticServices[].excludeDates", on(burst, `["* * * 1 10 *"]`)),
	plans("workloads.elasticServices[].loadBalancer.type", on(burst, `"none"`),
		on(burst, `"nlb"`)),
	plans("workloads.elasticServices[].loadBalancer.addressType", on(burst, `"intranet"`)),
	plans("workloads.elasticServices[].loadBalancer.spec", on(burst, `"slb.s2.small"`)),
	plans("workloads.elasticServices[].loadBalancer.externalTrafficPolicy", on(burst, `"Cluster"`)),
	plans("workloads.elasticServices[].loadBalancer.port", on(burst, "8080")),
	// The base names both zones (a CLB takes both or neither); the leaf then moves one of them.
	plans("workloads.elasticServices[].loadBalancer.masterZone", on(burst, `"cn-shanghai-g"`, clbZones...)),
	plans("workloads.elasticServices[].loadBalancer.backupZone", on(burst, `"cn-shanghai-g"`, clbZones...)),
	plans("workloads.elasticServices[].volumes[].name", on(burst, `"media"`)),
	plans("workloads.elasticServices[].volumes[].mountPath", on(burst, `"/var/www/media"`)),
	plans("workloads.elasticServices[].volumes[].size", on(burst, `"100Gi"`)),
	only("workloads.elasticServices[].volumes[].storageClass", "only validates: an elastic service's shared volume can only be on a shared class of the stack, and burst has one (storage.oss.className, whose change reaches the claims)"),
	plans("workloads.elasticServices[].maxDisruption", on(burst, `"50%"`)),
	plans("workloads.elasticServices[].database.name", on(burst, `"blog"`, secondDatabase)),
	plans("workloads.elasticServices[].database.hostEnv", on(burst, `"WP_HOST"`)),
	plans("workloads.elasticServices[].database.nameEnv", on(burst, `"WP_NAME"`)),
	plans("workloads.elasticServices[].database.userEnv", on(burst, `"WP_USER"`)),
	plans("workloads.elasticServices[].database.passwordEnv", on(burst, `"WP_PASSWORD"`)),
	plans("workloads.elasticServices[].onPools", on(burst, "false")),
	plans("workloads.elasticServices[].resources.requests.cpu", on(burst, `"250m"`)),
	plans("workloads.elasticServices[].resources.requests.memory", on(burst, `"256Mi"`)),
	plans("workloads.elasticServices[].resources.limits.cpu", on(burst, `"2"`)),
	plans("workloads.elasticServices[].resources.limits.memory", on(burst, `"2Gi"`)),

	// virtualNodes.
	plans("virtualNodes.addonVersion", on(burst, `"v2.13.0"`)),
	plans("virtualNodes.namespaces", on(burst, `["wordpress"]`)),
	plans("virtualNodes.dropDefaultSelectors", on(burst, "true", selector)),
	plans("virtualNodes.keepCloudResources", on(burst, "true")),
	plans("virtualNodes.selectors[].name", on(burst, `"jobs"`, selector)),
	plans("virtualNodes.selectors[].namespaceLabels", on(burst, `{"tier":"batch"}`, selector)),
	plans("virtualNodes.selectors[].podLabels", on(burst, `{"app":"jobs"}`, selector)),
	plans("virtualNodes.selectors[].annotations", on(burst, `{"k8s.aliyun.com/eci-use-specs":"ecs.c7.large"}`, selector)),
	plans("virtualNodes.selectors[].labels", on(burst, `{"burst":"eci"}`, selector)),

	// databases.
	plans("databases[].name", on(dev, `"app2"`, onNewDatabase)),
	plans("databases[].engineVersion", on(dev, `"5.7"`, onNewDatabase)),
	plans("databases[].instanceType", on(dev, `"mysql.n2.large.2c"`, onNewDatabase)),
	plans("databases[].storageGiB", on(dev, "100", onNewDatabase)),
	plans("databases[].category", on(dev, `"Basic"`, onNewDatabase)),
	plans("databases[].databases", on(dev, `["app","reports"]`, onNewDatabase)),
	plans("databases[].accountName", on(dev, `"appadmin"`, onNewDatabase)),
	plans("databases[].deletionProtection", on(dev, "true", onNewDatabase)),

	// federation: Cloud DNS (global), Alibaba Cloud DNS with GTM (global-cn) and CoreDNS in the
	// members (global-coredns).
	plans("federation.name", on(glob, `"fed2"`)),
	plans("federation.domain", on(glob, `"fed2.example.com"`, at("federation.aliases", "null"))),
	plans("federation.ttl", on(glob, "300")),
	only("federation.allUnhealthy", "reaches the records only when no shard is healthy, known at pulumi up; an offline run's shards are healthy (components/federation tests both)"),
	plans("federation.aliases", on(glob, `{"www.fed.example.com":"global"}`)),
	plans("federation.stackPrefix", on(glob, `"acme/zonestack"`)),
	only("federation.dns.backend", "the stack's own: picks the DNS back end, whose settings differ; global (clouddns), global-cn (alidns) and global-coredns (coredns) are golden plans"),
	plans("federation.dns.zoneName", on(glob, `"zonestack-fed2"`), on(globc, `"fed.example.cn"`, at("federation.aliases", "null"))),
	only("federation.dns.edition", "only validates: the hosted domain's edition, bought in the console, bounds the TTL; no resource takes it"),
	plans("federation.dns.createZone", on(globc, "true")),
	plans("federation.dns.coredns.servers", on(globd, `["dev","prod"]`)),
	plans("federation.dns.coredns.image", on(globd, `"registry.cn-hangzhou.aliyuncs.com/acme/coredns:1.13.2"`)),
	plans("federation.dns.coredns.replicas", on(globd, "3")),
	plans("federation.dns.coredns.reload", on(globd, `"10s"`)),
	plans("federation.dns.privateZone", on(globc, "false")),
	plans("federation.dns.gtm.edition", on(globc, `"ultimate"`)),
	plans("federation.dns.gtm.period", on(globc, "1")),
	plans("federation.dns.gtm.ttl", on(globc, "60")),
	plans("federation.service.name", on(glob, `"web"`)),
	plans("federation.service.namespace", on(glob, `"web"`)),
	plans("federation.service.image", on(glob, `"nginx:1.28"`)),
	plans("federation.service.port", on(glob, "8080")),
	plans("federation.service.replicas", on(glob, "2")),
	plans("federation.members[].stack", on(glob, `"gke-asia-east1-b"`)),
	only("federation.members[].cloud", "names the member's cloud as its stack file does (tests/federation_test.go checks they agree); another is refused or contradicts the member"),
	plans("federation.members[].region", on(glob, `"asia-east2"`, at("federation.members[].zones", `["asia-east2-a","asia-east2-b","asia-east2-c"]`))),
	plans("federation.members[].zones", on(glob, `["asia-east1-a","asia-east1-b"]`)),
	plans("federation.members[].dualStack", on(glob, "true")),
}

func init() {
	for _, p := range []string{"livenessProbe", "readinessProbe", "startupProbe"} {
		leafTable = append(leafTable, probeLeaves("workloads.statefulServices[]."+p)...)
	}
}

func init() {
	// dev's nginx-dynamic with an init container (seed 002's), to change.
	init := "workloads.statefulServices[].initContainers[]."
	withInit := at("workloads.statefulServices[].initContainers", `[{"name":"fetch","image":"busybox"}]`)
	withMount := at(init+"volumeMounts", `[{"name":"disk-essd","mountPath":"/work"}]`)
	leafTable = append(leafTable,
		plans(init+"volumeMounts[].name", on(dev, `"work"`, withInit, withMount, at("workloads.statefulServices[].volumes",
			`[{"name":"disk-essd","mountPath":"/data","storageClass":"sts-sc"},{"name":"work","mountPath":"/work","size":"1Gi","storageClass":"sts-sc"}]`))),
		plans(init+"volumeMounts[].mountPath", on(dev, `"/srv"`, withInit, withMount)),
		plans(init+"volumeMounts[].readOnly", on(dev, "true", withInit, withMount)),
		plans(init+"resources.requests.cpu", on(dev, `"100m"`, withInit)),
		plans(init+"resources.requests.memory", on(dev, `"64Mi"`, withInit)),
		plans(init+"resources.limits.cpu", on(dev, `"1"`, withInit)),
		plans(init+"resources.limits.memory", on(dev, `"128Mi"`, withInit)),
		plans(init+"env", on(dev, `{"URL":"http://example.com"}`, withInit)),
	)
	// dev's nginx-dynamic with an extra volume of each source.
	ev := "workloads.statefulServices[].extraVolumes"
	withWork := at(ev, `[{"name":"work","mountPath":"/work","emptyDir":{}}]`)
	leafTable = append(leafTable,
		plans(ev+"[].name", on(dev, `"cache"`, withWork)),
		plans(ev+"[].mountPath", on(dev, `"/srv"`, withWork)),
		plans(ev+"[].readOnly", on(dev, "true", withWork)),
		plans(ev+"[].emptyDir.medium", on(dev, `"Memory"`, withWork)),
		plans(ev+"[].emptyDir.sizeLimit", on(dev, `"1Gi"`, withWork)),
		plans(ev+"[].secret.secretName", on(dev, `"nginx-tls-2"`, at(ev, `[{"name":"tls","secret":{"secretName":"nginx-tls"}}]`))),
		plans(ev+"[].configMap.name", on(dev, `"nginx-site-2"`, at(ev, `[{"name":"site","configMap":{"name":"nginx-site"}}]`))),
		plans("workloads.statefulServices[].configFiles", on(dev, `{"default.conf":"server { listen 80; }"}`)),
		plans("workloads.statefulServices[].configMountPath", on(dev, `"/etc/nginx/conf.d"`,
			at("workloads.statefulServices[].configFiles", `{"default.conf":"server { listen 80; }"}`))),
	)
	sc := "workloads.statefulServices[].securityContext."
	leafTable = append(leafTable,
		plans(sc+"runAsNonRoot", on(dev, "true", at(sc+"runAsUser", "101"))),
		plans(sc+"runAsUser", on(dev, "101")),
		plans(sc+"runAsGroup", on(dev, "101")),
		plans(sc+"fsGroup", on(dev, "101")),
		plans(sc+"fsGroupChangePolicy", on(dev, `"OnRootMismatch"`, at(sc+"fsGroup", "101"))),
		plans(sc+"readOnlyRootFilesystem", on(dev, "true")),
		plans(sc+"allowPrivilegeEscalation", on(dev, "true")),
	)
}

// probeLeaves are a stateful service's probe's leaves, set on dev's nginx-dynamic: a handler
// alone, or a timing of a TCP probe on its web port.
func probeLeaves(p string) []leafEntry {
	tcp := at(p, `{"tcpSocket":{"port":"web"}}`)
	http := at(p, `{"httpGet":{"port":"web"}}`)
	return []leafEntry{
		plans(p+".httpGet.path", on(dev, `"/healthz"`, http)),
		plans(p+".httpGet.port", on(dev, `"web"`)),
		plans(p+".tcpSocket.port", on(dev, "80")),
		plans(p+".exec.command", on(dev, `["nginx","-t"]`)),
		plans(p+".initialDelaySeconds", on(dev, "5", tcp)),
		plans(p+".periodSeconds", on(dev, "20", tcp)),
		plans(p+".timeoutSeconds", on(dev, "3", tcp)),
		plans(p+".failureThreshold", on(dev, "6", tcp)),
		plans(p+".successThreshold", on(dev, "1", tcp)),
	}
}

// offerImage makes the offline cloud also offer a public image.
func offerImage(id string) func(*offline.Fixture) {
	return func(f *offline.Fixture) {
		img := f.Images.Images[0]
		img.ID, img.Name = id, id
		f.Images.Images = append(f.Images.Images, img)
	}
}

// stackLeaf is a leaf found by walking the config type.
type stackLeaf struct {
	// goType is where it is in Go, for the message that asks for an entry.
	goType string
	// clouds are the clouds whose shape has it, when it lies under a key whose shape is the
	// cloud's (stackconfig.OnCloud); nil when every cloud reads it alike.
	clouds map[string]bool
}

// stackLeaves walks stackconfig.Config as Parse reads it and returns its leaves by path.
func stackLeaves() map[string]*stackLeaf {
	out := map[string]*stackLeaf{}
	walkLeaves(reflect.TypeFor[stackconfig.Config](), "", "Config", nil, out)
	return out
}

func walkLeaves(t reflect.Type, path, goPath string, clouds []string, out map[string]*stackLeaf) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if shapes, ok := stackconfig.Shapes(t); ok {
		for _, cloud := range slices.Sorted(maps.Keys(shapes)) {
			walkLeaves(shapes[cloud], path, goPath+"."+cloud, append(slices.Clone(clouds), cloud), out)
		}
		return
	}
	switch {
	case t.Kind() == reflect.Struct:
		fields := stackconfig.Keys(t)
		for _, k := range slices.Sorted(maps.Keys(fields)) {
			walkLeaves(fields[k].Type, joinPath(path, k), goPath+"."+fields[k].Name, clouds, out)
		}
		return
	case t.Kind() == reflect.Slice && !isScalar(t.Elem()):
		walkLeaves(t.Elem(), path+"[]", goPath+"[]", clouds, out)
		return
	case t.Kind() == reflect.Map && !isScalar(t.Elem()):
		walkLeaves(t.Elem(), joinPath(path, "*"), goPath+"[*]", clouds, out)
		return
	}
	l := out[path]
	if l == nil {
		l = &stackLeaf{goType: goPath + " (" + t.String() + ")"}
		out[path] = l
	}
	for _, c := range clouds {
		if l.clouds == nil {
			l.clouds = map[string]bool{}
		}
		l.clouds[c] = true
	}
}

func isScalar(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Slice, reflect.Map, reflect.Interface:
		return false
	}
	return true
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// baseStackCloud is the cloud a stack file names.
var baseStackCloud = func() func(t *testing.T, stack string) string {
	var mu sync.Mutex
	clouds := map[string]string{}
	return func(t *testing.T, stack string) string {
		t.Helper()
		mu.Lock()
		defer mu.Unlock()
		if c, ok := clouds[stack]; ok {
			return c
		}
		raw, err := stackconfig.ReadStackFile(stackconfig.StackFile(stacksDir, stack))
		if err != nil {
			t.Fatal(err)
		}
		clouds[stack] = raw.Values[stackconfig.Project+":cloud"]
		return clouds[stack]
	}
}()

func TestEveryLeafHasAnEntry(t *testing.T) {
	leaves := stackLeaves()
	if len(leaves) < 100 {
		t.Fatalf("the walk found %d leaves; the stack config has more", len(leaves))
	}
	entries := map[string]leafEntry{}
	for _, e := range leafTable {
		if _, dup := entries[e.path]; dup {
			t.Errorf("leafTable: %s has two entries", e.path)
		}
		entries[e.path] = e
		if _, ok := leaves[e.path]; !ok {
			t.Errorf("leafTable: %s is not a leaf of the stack file (renamed or removed? the leaves are %s)", e.path, suggestLeaf(e.path, leaves))
		}
		if len(e.sets) == 0 && e.reason == "" {
			t.Errorf("leafTable: %s has neither a value to set nor a reason", e.path)
		}
	}
	for _, p := range slices.Sorted(maps.Keys(leaves)) {
		e, ok := entries[p]
		if !ok {
			t.Errorf("%s, %s, has no entry in leafTable (tests/leaves_test.go): give a value that must change the plan on a stack that has its section, or the reason it cannot", p, leaves[p].goType)
			continue
		}
		// A leaf whose shape is the cloud's is mapped per cloud: each cloud's shape needs a value
		// on a stack of that cloud, or the reason why not.
		for _, cloud := range slices.Sorted(maps.Keys(leaves[p].clouds)) {
			covered := e.reason != ""
			for _, s := range e.sets {
				covered = covered || stackconfig.ShapeCloud(baseStackCloud(t, s.stack)) == cloud
			}
			if !covered {
				t.Errorf("%s is read into %s's shape too (%s): give it a value on a %s stack, or the reason it cannot reach the plan there", p, cloud, leaves[p].goType, cloud)
			}
		}
	}
	var values, reasons, gaps, runs int
	for _, e := range leafTable {
		reaches := false
		for _, s := range e.sets {
			runs++
			if s.gap != "" {
				gaps++
			} else {
				reaches = true
			}
		}
		if reaches {
			values++
		} else {
			reasons++
		}
	}
	t.Logf("%d leaves: %d reach the plan with a value (%d sets, %d of them known gaps), %d have a reason only", len(leaves), values, runs, gaps, reasons)
}

// suggestLeaf names the leaves that share the path's last key, or says how many there are.
func suggestLeaf(path string, leaves map[string]*stackLeaf) string {
	last := path[strings.LastIndexAny(path, ".]")+1:]
	var near []string
	for p := range leaves {
		if strings.HasSuffix(p, "."+last) || p == last {
			near = append(near, p)
		}
	}
	sort.Strings(near)
	if len(near) > 0 {
		return "near it: " + strings.Join(near, ", ")
	}
	return fmt.Sprintf("%d others", len(leaves))
}

// leafRun is one offline run of a base stack, made once and shared.
type leafRun struct {
	once sync.Once
	res  *offline.Result
	err  error
}

var leafBases sync.Map // key -> *leafRun

// runLeafStack runs the program offline on raw; key names the run for sharing (empty: not shared).
func runLeafStack(stack, key string, raw stackconfig.Raw, offers func(*offline.Fixture)) (*offline.Result, error) {
	run := func() (*offline.Result, error) {
		var opts []offline.Option
		if offers != nil {
			fx := offline.DefaultFixture()
			offers(fx)
			opts = append(opts, offline.WithFixture(fx))
		}
		return program.OfflineRaw(stack, raw, opts...)
	}
	if key == "" {
		return run()
	}
	v, _ := leafBases.LoadOrStore(key, &leafRun{})
	r := v.(*leafRun)
	r.once.Do(func() { r.res, r.err = run() })
	return r.res, r.err
}

func TestEverySetLeafReachesThePlan(t *testing.T) {
	leaves := stackLeaves()
	// The runs compare registrations; the same config must register the same resources.
	for _, stack := range []string{dev, gke, burst, self, glob, globc} {
		t.Run("deterministic/"+stack, func(t *testing.T) {
			t.Parallel()
			raw, err := stackconfig.ReadStackFile(stackconfig.StackFile(stacksDir, stack))
			if err != nil {
				t.Fatal(err)
			}
			a, errA := runLeafStack(stack, "", raw, nil)
			b, errB := runLeafStack(stack, "", raw, nil)
			if errA != nil || errB != nil {
				t.Fatalf("%v / %v", errA, errB)
			}
			if d := planDiff(a.Recorder, b.Recorder); len(d) > 0 {
				t.Fatalf("two runs of one config differ (%s): the leaf test cannot tell a change from noise", shortDiff(d))
			}
		})
	}
	for _, e := range leafTable {
		if _, ok := leaves[e.path]; !ok {
			continue // TestEveryLeafHasAnEntry says so
		}
		for _, s := range e.sets {
			t.Run(e.path+"@"+s.stack, func(t *testing.T) {
				t.Parallel()
				checkLeafReaches(t, e.path, s)
			})
		}
	}
}

func checkLeafReaches(t *testing.T, path string, s leafSet) {
	raw, err := stackconfig.ReadStackFile(stackconfig.StackFile(stacksDir, s.stack))
	if err != nil {
		t.Fatal(err)
	}
	key := s.stack
	for _, w := range s.with {
		if raw, err = setStackPath(raw, w.path, w.value, true); err != nil {
			t.Fatalf("base %s: %v", s.stack, err)
		}
		key += " " + w.path + "=" + w.value
	}
	if s.offers != nil {
		key = "" // a base of its own
	}
	base, err := runLeafStack(s.stack, key, raw, s.offers)
	if err != nil {
		t.Fatalf("the base (%s with %v) does not run: %v", s.stack, s.with, err)
	}
	changed, err := setStackPath(raw, path, s.value, false)
	for _, a := range s.and {
		if err == nil {
			changed, err = setStackPath(changed, a.path, a.value, true)
		}
	}
	if err != nil {
		t.Fatalf("%s on %s: %v", path, s.stack, err)
	}
	what := fmt.Sprintf("%s set to %s on %s", path, s.value, s.stack)
	if len(s.and) > 0 {
		what += fmt.Sprintf(" (with %v)", s.and)
	}
	got, err := runLeafStack(s.stack, "", changed, s.offers)
	var d []string
	if err == nil {
		d = planDiff(base.Recorder, got.Recorder)
	}
	var missed []string
	for _, part := range s.reach {
		if !slices.ContainsFunc(d, func(c string) bool { return strings.Contains(c, part) }) {
			missed = append(missed, part)
		}
	}
	switch {
	case s.gap != "" && err == nil && len(d) > 0 && len(missed) == 0:
		t.Errorf("%s now reaches the plan (%s), though leafTable lists it as a known gap (%s): make it a value entry", what, shortDiff(d), s.gap)
	case s.gap != "":
		t.Logf("%s: a known gap: %s", what, s.gap)
	case err != nil:
		t.Fatalf("%s is refused; the table wants a valid value: %v", what, err)
	case len(d) == 0:
		t.Errorf("%s changes no resource's inputs: the value does not reach the plan (a field not copied between the stack file and the components?)", what)
	case len(missed) > 0:
		t.Errorf("%s changes no resource whose URN has %q, only others (%s): the value does not reach it (a field not copied between the stack file and that component?)", what, missed, shortDiff(d))
	default:
		t.Logf("%s: %s", what, shortDiff(d))
	}
}

// planDiff lists how b's registrations differ from a's (type, name and inputs), by URN: none when
// they do not.
func planDiff(a, b *offline.Recorder) []string {
	index := func(r *offline.Recorder) map[string]offline.Registration {
		out := map[string]offline.Registration{}
		for _, reg := range r.Registrations() {
			out[reg.URN] = reg
		}
		return out
	}
	ra, rb := index(a), index(b)
	var out []string
	for _, urn := range slices.Sorted(maps.Keys(rb)) {
		x, ok := ra[urn]
		switch {
		case !ok:
			out = append(out, "registers "+urn)
		case !x.Inputs.DeepEqualsIncludeUnknowns(rb[urn].Inputs):
			out = append(out, "changes the inputs of "+urn)
		}
	}
	for _, urn := range slices.Sorted(maps.Keys(ra)) {
		if _, ok := rb[urn]; !ok {
			out = append(out, "no longer registers "+urn)
		}
	}
	return out
}

// shortDiff shows the first few differences.
func shortDiff(d []string) string {
	if len(d) > 3 {
		return strings.Join(d[:3], "; ") + fmt.Sprintf("; and %d more", len(d)-3)
	}
	return strings.Join(d, "; ")
}

// setStackPath returns raw with the stack-file path set to value (JSON; null removes the key).
// "[]" is the first element of a list, "*" the first key of a map: both must exist. Setting a leaf
// to the value it has is an error, unless same is allowed.
func setStackPath(raw stackconfig.Raw, path, value string, same bool) (stackconfig.Raw, error) {
	var v any
	if err := json.Unmarshal([]byte(value), &v); err != nil {
		return raw, fmt.Errorf("value %s of %s is not JSON: %v", value, path, err)
	}
	segs := strings.Split(path, ".")
	top, _ := strings.CutSuffix(segs[0], "[]")
	key := stackconfig.Project + ":" + top
	out := stackconfig.Raw{Values: maps.Clone(raw.Values), Secrets: slices.Clone(raw.Secrets)}
	root := map[string]any{}
	if s, ok := raw.Values[key]; ok {
		var cur any
		if err := json.Unmarshal([]byte(s), &cur); err != nil {
			cur = s // a plain string
		}
		if cur == stackconfig.SecretPlaceholder {
			return raw, fmt.Errorf("%s is an encrypted secret in the stack file", key)
		}
		root[top] = cur
	}
	if err := setIn(root, segs, v, same); err != nil {
		return raw, fmt.Errorf("%s: %v", path, err)
	}
	switch x := root[top].(type) {
	case nil:
		delete(out.Values, key)
	case string:
		out.Values[key] = x
	default:
		b, _ := json.Marshal(x)
		out.Values[key] = string(b)
	}
	// A key that holds secrets is set as the engine passes a secret.
	if f, ok := stackconfig.Keys(reflect.TypeFor[stackconfig.Config]())[top]; ok && f.Tag.Get("secret") == "required" && !slices.Contains(out.Secrets, key) {
		out.Secrets = append(out.Secrets, key)
	}
	return out, nil
}

func setIn(node map[string]any, segs []string, v any, same bool) error {
	name, isList := strings.CutSuffix(segs[0], "[]")
	if name == "*" {
		if len(node) == 0 {
			return fmt.Errorf("the base has no entry in the map")
		}
		name = slices.Sorted(maps.Keys(node))[0]
	}
	if len(segs) == 1 && !isList {
		if old, had := node[name]; had && !same {
			a, _ := json.Marshal(old)
			b, _ := json.Marshal(v)
			if string(a) == string(b) {
				return fmt.Errorf("the base already has %s", b)
			}
		}
		node[name] = v
		return nil
	}
	if len(segs) == 1 {
		return fmt.Errorf("%s[] is not a leaf", name)
	}
	child := node[name]
	if isList {
		l, ok := child.([]any)
		if !ok || len(l) == 0 {
			return fmt.Errorf("the base has no %s to set an element of (give it one with `with`)", name)
		}
		child = l[0]
	}
	m, ok := child.(map[string]any)
	if child == nil {
		m, ok = map[string]any{}, true
	}
	if !ok {
		return fmt.Errorf("%s is not an object in the base", name)
	}
	if err := setIn(m, segs[1:], v, same); err != nil {
		return err
	}
	if isList {
		node[name].([]any)[0] = m
	} else {
		node[name] = m
	}
	return nil
}

// A key whose shape is the cloud's (stackconfig.OnCloud) is walked in each cloud's type under
// the one key, each leaf marked with the clouds whose shape has it.
func TestLeafWalkTakesEachCloudsShape(t *testing.T) {
	type ack struct {
		Spec   string `json:"spec"`
		Shared []int  `json:"shared"`
	}
	type gke struct {
		Channel string         `json:"releaseChannel"`
		Shared  []int          `json:"shared"`
		Pools   map[string]ack `json:"pools"`
	}
	type config struct {
		Cluster *stackconfig.OnCloud[ack, gke] `json:"cluster"`
		Name    string                         `json:"name"`
	}
	got := map[string]*stackLeaf{}
	walkLeaves(reflect.TypeFor[config](), "", "config", nil, got)
	want := map[string][]string{
		"cluster.spec":           {stackconfig.CloudAlicloud},
		"cluster.shared":         {stackconfig.CloudAlicloud, stackconfig.CloudGCP},
		"cluster.releaseChannel": {stackconfig.CloudGCP},
		"cluster.pools.*.spec":   {stackconfig.CloudGCP},
		"cluster.pools.*.shared": {stackconfig.CloudGCP},
		"name":                   nil,
	}
	if len(got) != len(want) {
		t.Errorf("leaves %v, want %v", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
	}
	for p, clouds := range want {
		l, ok := got[p]
		if !ok {
			t.Errorf("no leaf %s", p)
			continue
		}
		if c := slices.Sorted(maps.Keys(l.clouds)); !slices.Equal(c, clouds) {
			t.Errorf("%s: clouds %v, want %v", p, c, clouds)
		}
	}
}
