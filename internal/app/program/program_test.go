package program_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/cluster"
	"github.com/zonestack/zonestack/components/network"
	"github.com/zonestack/zonestack/components/workloads"
	"github.com/zonestack/zonestack/internal/app/offline"
	"github.com/zonestack/zonestack/internal/app/program"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
	"github.com/zonestack/zonestack/internal/base/ackapi"
	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

func values() map[string]string {
	return map[string]string{
		"zonestack:cloud":   "alicloud",
		"zonestack:region":  "cn-beijing",
		"zonestack:zones":   `["cn-beijing-h","cn-beijing-g","cn-beijing-k"]`,
		"zonestack:cluster": `{}`,
		// The tests' stacks run from inside the VPC: the cluster keeps its private endpoint.
		"zonestack:runner": "vpc",
		// Every ACK cluster gets system pools, which need a key pair like every ACK pool.
		"zonestack:systemPool": `{"keyName":"ops"}`,
	}
}

func run(t *testing.T, v map[string]string) (*offline.Result, error) {
	t.Helper()
	raw := stackconfig.Raw{Values: v}
	return offline.Run("test", raw, func(ctx *pulumi.Context) error {
		cfg, err := stackconfig.Parse("test", raw)
		if err != nil {
			return err
		}
		return program.Run(ctx, cfg)
	})
}

func TestAlicloudStackWiresProviderNetworkAndCluster(t *testing.T) {
	res, err := run(t, values())
	if err != nil {
		t.Fatal(err)
	}
	rec := res.Recorder
	prov, ok := rec.Named(rt.AlicloudProvider, "alicloud")
	if !ok {
		t.Fatal("no explicit alicloud provider")
	}
	if prov.Inputs["region"].StringValue() != "cn-beijing" || prov.Version != rt.AlicloudVersion {
		t.Errorf("provider %v version %s", prov.Inputs, prov.Version)
	}
	ref := prov.URN + "::" + prov.ID
	for _, r := range rec.Registrations() {
		if r.Custom && strings.HasPrefix(r.Type, "alicloud:") && r.Provider != ref {
			t.Errorf("%s %s uses provider %q, want the explicit one", r.Type, r.Name, r.Provider)
		}
	}
	// The pre-flight's getZones, then the cluster's getClusterCredential: both on the explicit
	// provider.
	inv := rec.Invocations()
	var tokens []string
	for _, i := range inv {
		tokens = append(tokens, i.Token)
		if i.Provider != ref {
			t.Errorf("%s must use the explicit provider, got %q", i.Token, i.Provider)
		}
	}
	if want := []string{rt.AlicloudGetZones, rt.CsGetClusterCredential}; strings.Join(tokens, " ") != strings.Join(want, " ") {
		t.Errorf("invokes %v, want %v", tokens, want)
	}
	ack, _ := rec.Named(rt.CsManagedKubernetes, "cluster-ack")
	if got := ack.Inputs["name"].StringValue(); got != "zonestack-test" {
		t.Errorf("cluster name %s", got)
	}
	if got := ack.Inputs["securityGroupId"].StringValue(); got != "network-sg-id" {
		t.Errorf("cluster security group %s, want the network's", got)
	}
	if got := ack.Inputs["vswitchIds"].ArrayValue()[1].StringValue(); got != "network-vsw-node-cn-beijing-g-id" {
		t.Errorf("cluster vswitch %s", got)
	}
	kc, ok := res.Outputs["kubeconfig"]
	if !ok || !kc.Secret {
		t.Errorf("kubeconfig output must be secret: %+v", kc)
	}
	for _, name := range []string{"vpcId", "clusterId", "apiServerIntranet", "egressIp", "zones"} {
		if _, ok := res.Outputs[name]; !ok {
			t.Errorf("output %s missing", name)
		}
	}
}

func TestStackWithoutClusterHasOnlyTheNetwork(t *testing.T) {
	v := values()
	delete(v, "zonestack:cluster")
	delete(v, "zonestack:systemPool")
	res, err := run(t, v)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(res.Recorder.ByType(rt.CsManagedKubernetes)); n != 0 {
		t.Fatalf("%d clusters without a cluster key", n)
	}
	if _, ok := res.Outputs["kubeconfig"]; ok {
		t.Fatal("kubeconfig output without a cluster")
	}
}

func TestLocalStackRegistersNoCloudResource(t *testing.T) {
	res, err := run(t, map[string]string{
		"zonestack:cloud":     "local",
		"zonestack:region":    "local",
		"zonestack:zones":     `["zone-a","zone-b","zone-c"]`,
		"zonestack:nodePools": `{"instanceTypes":["ecs.g7.xlarge"],"placeholders":{"cpu":"2","memory":"4Gi"}}`,
		"zonestack:storage":   `{"diskClasses":[{}]}`,
		"zonestack:workloads": `{"statefulServices":[{"name":"web","image":"nginx","ports":[{"name":"web","port":80}],"volumes":[{"mountPath":"/data","storageClass":"sts-sc"}]}]}`,
	})
	if err != nil {
		t.Fatal(err)
	}
	prov, ok := res.Recorder.Named("pulumi:providers:kubernetes", "local")
	if !ok || prov.Inputs["context"].StringValue() != "kwok-zonestack-test" {
		t.Fatalf("local provider %+v", prov)
	}
	ref := prov.URN + "::" + prov.ID
	kinds := map[string]int{}
	for _, r := range res.Recorder.Registrations() {
		if strings.HasPrefix(r.Type, "alicloud:") {
			t.Errorf("cloud resource %s on a local stack", r.Type)
		}
		if r.Custom && strings.HasPrefix(r.Type, "kubernetes:") {
			kinds[r.Type]++
			if r.Provider != ref {
				t.Errorf("%s uses %s, want the local cluster", r.Name, r.Provider)
			}
		}
	}
	if kinds["kubernetes:apps/v1:Deployment"] != 3 || kinds["kubernetes:apps/v1:StatefulSet"] != 1 || kinds["kubernetes:storage.k8s.io/v1:StorageClass"] != 1 {
		t.Errorf("objects %v", kinds)
	}
	pools, err := program.Pools(localConfig(t))
	if err != nil || len(pools) != 3 || pools[1].Zone != "zone-b" || pools[1].ZoneLabelValue != "b" {
		t.Fatalf("pools %+v %v", pools, err)
	}
}

func localConfig(t *testing.T) *stackconfig.Config {
	t.Helper()
	cfg, err := stackconfig.Parse("test", stackconfig.Raw{Values: map[string]string{
		"zonestack:cloud":     "local",
		"zonestack:region":    "local",
		"zonestack:zones":     `["zone-a","zone-b","zone-c"]`,
		"zonestack:nodePools": `{}`,
	}})
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// Every problem of the config, the stack's and the components', is reported under the key the
// user wrote, and nothing is registered.
func TestInvalidConfigReportsConfigPathsAndRegistersNothing(t *testing.T) {
	tests := []struct {
		name string
		set  map[string]string
		want []string
	}{
		{"zone outside the region", map[string]string{"zonestack:zones": `["cn-beijing-h","cn-hangzhou-g","cn-beijing-k"]`},
			[]string{`zones[1]: is not a zone of region "cn-beijing"`}},
		{"overlapping vswitches", map[string]string{"zonestack:network": `{"vswitches":[
			{"zone":"cn-beijing-h","nodeCidr":"10.0.192.0/20","podCidr":"10.0.0.0/18"},
			{"zone":"cn-beijing-g","nodeCidr":"10.0.192.0/21","podCidr":"10.0.64.0/18"},
			{"zone":"cn-beijing-k","nodeCidr":"10.0.224.0/20","podCidr":"10.0.128.0/18"}]}`},
			[]string{`network.vswitches[1].nodeCidr: overlaps vswitches[0].nodeCidr 10.0.192.0/20 (got "10.0.192.0/21")`}},
		{"service CIDR inside the VPC", map[string]string{"zonestack:network": `{"serviceCidr":"10.0.0.0/20"}`},
			[]string{`network.serviceCidr: overlaps vpcCidr 10.0.0.0/16`}},
		{"bad service CIDR said once", map[string]string{"zonestack:network": `{"serviceCidr":"172.21.0.0/12"}`},
			[]string{`network.serviceCidr: has host bits set`}},
		{"cluster settings", map[string]string{"zonestack:cluster": `{"spec":"ack.pro.tiny","maintenanceWindow":{"weekdays":["Caturday"]}}`},
			[]string{`cluster.spec: must be one of`, `cluster.maintenanceWindow.weekdays[0]: must be one of Monday`}},
		{"bad cluster name", map[string]string{"zonestack:name": "_x"}, []string{`name: must be 1 to 63`}},
		{"autoscaler settings", map[string]string{"zonestack:cluster": `{"autoscaler":{"scanInterval":"1s","expander":"priority","utilizationThreshold":"50%"}}`},
			[]string{`cluster.autoscaler.scanInterval: must be 10s to 300s`, `cluster.autoscaler.expander: is not offered`, `cluster.autoscaler.utilizationThreshold: must be a ratio`}},
		{"pool spec", map[string]string{"zonestack:nodePools": `{"instanceTypes":["g7"],"maxSize":0}`},
			[]string{`nodePools.instanceTypes[0]: must be an ECS instance type`, `nodePools.maxSize: must be 1 to 1000`}},
		{"zone override", map[string]string{"zonestack:nodePools": `{"zones":{"cn-beijing-k":{"minSize":12}}}`},
			[]string{`nodePools.zones.cn-beijing-k.maxSize: must be more than minSize 12 (ACK's rule for autoscaled pools) (got 10)`}},
		{"zone override of another zone", map[string]string{"zonestack:nodePools": `{"zones":{"cn-beijing-a":{"minSize":2}}}`},
			[]string{`nodePools.zones.cn-beijing-a: is not one of the stack's zones`}},
		{"zone label value", map[string]string{"zonestack:nodePools": `{"zones":{"cn-beijing-g":{"zoneLabelValue":"h"}}}`},
			[]string{`nodePools.zones.cn-beijing-g.zoneLabelValue: is zones[0]'s too`}},
		{"placeholder too big", map[string]string{"zonestack:nodePools": `{"placeholders":{"cpu":"16"}}`},
			[]string{`nodePools.placeholders: a placeholder (16 CPU, 6Gi memory) does not fit the pool's first instance type ecs.g7.2xlarge`}},
		{"placeholder priority", map[string]string{"zonestack:nodePools": `{"placeholders":{"priority":-20}}`},
			[]string{`nodePools.placeholders.priority: must be -9 to -1`}},
		{"no key pair", map[string]string{"zonestack:nodePools": `{}`},
			[]string{"nodePools.keyName: is required: an ACK node pool needs a login"}},
		{"disk class", map[string]string{"zonestack:storage": `{"diskClasses":[{"categories":["cloud_pl9"]},{}]}`},
			[]string{`storage.diskClasses[0].categories[0]: is not a disk category`, `storage.diskClasses[1].name: duplicates storage.diskClasses[0].name (got "sts-sc")`}},
		{"RWX on a disk class", map[string]string{
			"zonestack:storage":   `{"diskClasses":[{}]}`,
			"zonestack:workloads": `{"statefulServices":[{"name":"web","image":"nginx","ports":[{"name":"web","port":80}],"volumes":[{"mountPath":"/data","storageClass":"sts-sc","accessModes":["ReadWriteMany"]}]}]}`,
		}, []string{`workloads.statefulServices[0].volumes[0].accessModes[0]: cannot work on sts-sc, a cloud-disk class`}},
		{"unknown class", map[string]string{
			"zonestack:workloads": `{"statefulServices":[{"name":"web","image":"nginx","ports":[{"name":"web","port":80}],"volumes":[{"mountPath":"/data","storageClass":"fast"}]}]}`,
		}, []string{`workloads.statefulServices[0].volumes[0].storageClass: is not a class of this stack`}},
		{"service twice", map[string]string{
			"zonestack:workloads": `{"statefulServices":[{"name":"web","image":"nginx","ports":[{"name":"web","port":80}]},{"name":"web","image":"nginx","ports":[{"name":"web","port":80}]}]}`,
		}, []string{`workloads.statefulServices[1].name: duplicates workloads.statefulServices[0] in namespace default`}},
		{"nas", map[string]string{"zonestack:storage": `{"nas":{"storageType":"Fast"}}`},
			[]string{`storage.nas.storageType: must be one of Performance, Capacity, Premium`}},
		{"oss", map[string]string{"zonestack:storage": `{"oss":{"bucket":"Uploads","storageClass":"Archive","noncurrentVersionDays":-1}}`},
			[]string{`storage.oss.bucket: must be lower-case letters, digits and hyphens`, `storage.oss.storageClass: must be one of Standard, IA`, `storage.oss.noncurrentVersionDays: must be at least 1`}},
		{"oss without RRSA", map[string]string{"zonestack:storage": `{"oss":{}}`, "zonestack:cluster": `{"enableRrsa":false}`},
			[]string{`cluster.enableRrsa: storage.oss mounts its volumes with RRSA`}},
		{"oss and nas of one name", map[string]string{"zonestack:storage": `{"nas":{},"oss":{"className":"shared-nas"}}`},
			[]string{`storage.oss.className: is storage.nas's class name too`}},
		{"all at once", map[string]string{
			"zonestack:zones":   `["cn-beijing-h","cn-beijing-g","cn-beijing-q1"]`,
			"zonestack:network": `{"vpcCidr":"10.0.0.0/7","nat":{"internetChargeType":"Free"}}`,
			"zonestack:cluster": `{"proxyMode":"userspace"}`,
		}, []string{"zones[2]:", "network.vpcCidr:", "network.nat.internetChargeType:", "cluster.proxyMode:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := values()
			for k, val := range tt.set {
				v[k] = val
			}
			raw := stackconfig.Raw{Values: v}
			rec := offline.NewRecorder(stackconfig.Project, "test")
			err := pulumi.RunErr(func(ctx *pulumi.Context) error {
				cfg, err := stackconfig.Parse("test", raw)
				if err != nil {
					return err
				}
				return program.Run(ctx, cfg)
			}, pulumi.WithMocks(stackconfig.Project, "test", rec))
			if err == nil {
				t.Fatalf("want errors %q", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("missing %q in:\n%v", w, err)
				}
			}
			if strings.Contains(err.Error(), ".kind") {
				t.Errorf("a problem names a key the config does not have:\n%v", err)
			}
			if strings.Count(err.Error(), "network.serviceCidr") > 1 {
				t.Errorf("the same problem is reported twice:\n%v", err)
			}
			if n := len(rec.Registrations()); n != 0 {
				t.Errorf("%d resources registered from an invalid config", n)
			}
		})
	}
}

func TestPoolsPlaceholdersAndStorageAreWired(t *testing.T) {
	v := values()
	v["zonestack:nodePools"] = `{"keyName":"ops","placeholders":{"cpu":"2"}}`
	v["zonestack:storage"] = `{"diskClasses":[{}]}`
	res, err := run(t, v)
	if err != nil {
		t.Fatal(err)
	}
	rec := res.Recorder
	k8s, _ := rec.Named("pulumi:providers:kubernetes", "cluster-k8s")
	k8sRef := k8s.URN + "::" + k8s.ID
	for _, r := range rec.Registrations() {
		if r.Custom && strings.HasPrefix(r.Type, "kubernetes:") && r.Provider != k8sRef {
			t.Errorf("%s %s uses provider %q, want the cluster's", r.Type, r.Name, r.Provider)
		}
	}
	pool, _ := rec.Named(rt.CsNodePool, "pools-g")
	if got := pool.Inputs["clusterId"].StringValue(); got != "cluster-ack-id" {
		t.Errorf("pool cluster %s", got)
	}
	if got := pool.Inputs["nodePoolName"].StringValue(); got != "zonestack-test-sts-g" {
		t.Errorf("pool name %s", got)
	}
	if got := pool.Inputs["securityGroupIds"].ArrayValue()[0].StringValue(); got != "network-sg-id" {
		t.Errorf("pool security group %s", got)
	}
	if got := pool.Inputs["vswitchIds"].ArrayValue()[0].StringValue(); got != "network-vsw-node-cn-beijing-g-id" {
		t.Errorf("pool vswitch %s", got)
	}
	if n := len(rec.ByType("kubernetes:apps/v1:Deployment")); n != 3 {
		t.Errorf("%d placeholders", n)
	}
	if n := len(rec.ByType("kubernetes:storage.k8s.io/v1:StorageClass")); n != 1 {
		t.Errorf("%d storage classes", n)
	}
	if _, ok := res.Outputs["placeholders"]; !ok {
		t.Error("no placeholders output")
	}
}

func TestPlaceholdersCanBeTurnedOff(t *testing.T) {
	v := values()
	v["zonestack:nodePools"] = `{"keyName":"ops","placeholders":{"enabled":false}}`
	res, err := run(t, v)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(res.Recorder.ByType("kubernetes:apps/v1:Deployment")); n != 0 {
		t.Errorf("%d placeholders although turned off", n)
	}
	if n := len(res.Recorder.ByType(rt.CsNodePool)); n != 6 {
		t.Errorf("%d pools, want 3 stateful and 3 system", n)
	}
}

func TestUnknownInstanceTypeWarns(t *testing.T) {
	v := values()
	v["zonestack:nodePools"] = `{"keyName":"ops","instanceTypes":["ecs.ebmg7.32xlarge"]}`
	cfg, err := stackconfig.Parse("test", stackconfig.Raw{Values: v})
	if err != nil {
		t.Fatal(err)
	}
	warnings, err := program.Validate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) != 3 || !strings.Contains(warnings[0], "ecs.ebmg7.32xlarge is not in zonestack's table") {
		t.Fatalf("warnings %v", warnings)
	}
}

func TestStatefulServiceOnPoolsWithNAS(t *testing.T) {
	v := values()
	v["zonestack:nodePools"] = `{"keyName":"ops"}`
	v["zonestack:storage"] = `{"diskClasses":[{}],"nas":{}}`
	v["zonestack:workloads"] = `{"statefulServices":[
		{"name":"db","image":"postgres","ports":[{"name":"pg","port":5432}],"volumes":[{"mountPath":"/data","storageClass":"sts-sc"}]},
		{"name":"files","image":"nginx","ports":[{"name":"web","port":80}],"onStatefulPools":false,
		 "volumes":[{"mountPath":"/shared","storageClass":"shared-nas","accessModes":["ReadWriteMany"]}]}]}`
	res, err := run(t, v)
	if err != nil {
		t.Fatal(err)
	}
	rec := res.Recorder
	nas, ok := rec.Named("zonestack:storage:NasStorage", "storage-nas")
	if !ok {
		t.Fatal("no NAS")
	}
	checkProviders(t, rec, nas)
	rule, _ := rec.Named(rt.NasAccessRule, "storage-nas-access-vpc")
	if got := rule.Inputs["sourceCidrIp"].StringValue(); got != "10.0.0.0/16" {
		t.Errorf("NAS open to %s, want the VPC", got)
	}
	db, _ := rec.Named("kubernetes:apps/v1:StatefulSet", "default/db-set")
	pod := db.Inputs["spec"].ObjectValue()["template"].ObjectValue()["spec"].ObjectValue()
	if pod["nodeSelector"].ObjectValue()["usage"].StringValue() != "sts" {
		t.Errorf("db not on the stateful pools: %v", pod["nodeSelector"])
	}
	files, _ := rec.Named("kubernetes:apps/v1:StatefulSet", "default/files-set")
	if _, ok := files.Inputs["spec"].ObjectValue()["template"].ObjectValue()["spec"].ObjectValue()["nodeSelector"]; ok {
		t.Error("onStatefulPools: false still selects the pools")
	}
	if _, ok := res.Outputs["statefulServiceMembers"]; !ok {
		t.Error("no members output")
	}
}

// checkProviders requires every child of component to use the stack's provider of its kind: the
// alicloud one for cloud resources, the cluster's kubernetes one for Kubernetes objects.
func checkProviders(t *testing.T, rec *offline.Recorder, component offline.Registration) {
	t.Helper()
	prov, _ := rec.Named(rt.AlicloudProvider, "alicloud")
	k8s, _ := rec.Named("pulumi:providers:kubernetes", "cluster-k8s")
	for _, r := range rec.Registrations() {
		if r.Parent != component.URN {
			continue
		}
		want := prov.URN + "::" + prov.ID
		if strings.HasPrefix(r.Type, "kubernetes:") {
			want = k8s.URN + "::" + k8s.ID
		}
		if r.Provider != want {
			t.Errorf("%s uses %s, want %s", r.Name, r.Provider, want)
		}
	}
}

// The OSS class is a shared class: a ReadWriteMany volume on it is accepted; its bucket and class
// take the stack's providers, and its RAM role trusts the cluster's RRSA provider.
func TestStatefulServiceWithOSS(t *testing.T) {
	v := values()
	v["zonestack:storage"] = `{"oss":{}}`
	v["zonestack:workloads"] = `{"statefulServices":[{"name":"files","image":"nginx","ports":[{"name":"web","port":80}],
		 "volumes":[{"mountPath":"/shared","storageClass":"shared-oss","accessModes":["ReadWriteMany"]}]}]}`
	res, err := run(t, v)
	if err != nil {
		t.Fatal(err)
	}
	rec := res.Recorder
	oss, ok := rec.Named("zonestack:storage:OssStorage", "storage-oss")
	if !ok {
		t.Fatal("no OSS")
	}
	checkProviders(t, rec, oss)
	role, _ := rec.Named(rt.RamRole, "storage-oss-role")
	if doc := role.Inputs["assumeRolePolicyDocument"].StringValue(); !strings.Contains(doc, "oidc-provider/ack-rrsa-cluster-ack") {
		t.Errorf("role trusts %s", doc)
	}
	b, _ := rec.Named(rt.OssBucket, "storage-oss-bucket")
	if b.Inputs["redundancyType"].StringValue() != "ZRS" || !b.Inputs["forceDestroy"].BoolValue() || b.Protect {
		t.Errorf("a dev bucket: %v, protect %v", b.Inputs, b.Protect)
	}
	if _, ok := res.Outputs["ossBucket"]; !ok {
		t.Error("no ossBucket output")
	}
}

// Two namespaces may each run a service of one name: workloads are named <namespace>/<name>, and
// each namespace the services use is created once.
func TestOneServiceNameInTwoNamespaces(t *testing.T) {
	v := values()
	v["zonestack:workloads"] = `{"statefulServices": [
		{"name": "web", "namespace": "team-a", "image": "nginx", "ports": [{"name": "web", "port": 80}]},
		{"name": "web", "namespace": "team-b", "image": "nginx", "ports": [{"name": "web", "port": 80}]}]}`
	res, err := run(t, v)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"team-a/web", "team-b/web"} {
		if _, ok := res.Recorder.Named("zonestack:workloads:StatefulService", n); !ok {
			t.Errorf("no service %s", n)
		}
	}
	if n := len(res.Recorder.ByType("kubernetes:core/v1:Namespace")); n != 2 {
		t.Errorf("%d namespaces, want team-a and team-b", n)
	}
}

// elastic is an elastic service of the test stacks; schedules is its "schedules" JSON or "".
func elastic(name, schedules string) string {
	s := `{"name":"` + name + `","image":"wordpress","port":80,"resources":{"requests":{"cpu":"500m","memory":"512Mi"}}`
	if schedules != "" {
		s += `,"schedules":` + schedules
	}
	return s + "}"
}

const peak = `[{"name":"peak","schedule":"0 0 19 * * *","targetSize":40}]`

// A stack whose elastic services have schedules installs ACK's CronHPA controller once, and every
// CronHPA waits for it; a stack without schedules installs none.
func TestSchedulesInstallTheCronHPAController(t *testing.T) {
	v := values()
	v["zonestack:production"] = "true"
	v["zonestack:fencing"] = `{"image":"registry.example.com/zonestack-fencing:1"}`
	v["zonestack:workloads"] = `{"elasticServices":[` + elastic("web", peak) + `,` + elastic("shop", peak) + `,` + elastic("api", "") + `]}`
	res, err := run(t, v)
	if err != nil {
		t.Fatal(err)
	}
	rec := res.Recorder
	addons := rec.ByType(rt.CsKubernetesAddon)
	if len(addons) != 1 {
		t.Fatalf("%d add-ons, want the CronHPA controller once", len(addons))
	}
	addon := addons[0]
	prov, _ := rec.Named(rt.AlicloudProvider, "alicloud")
	if addon.Inputs["name"].StringValue() != workloads.CronHPAControllerAddon || addon.Inputs["clusterId"].StringValue() != "cluster-ack-id" ||
		addon.Provider != prov.URN+"::"+prov.ID {
		t.Errorf("add-on %v on %s", addon.Inputs, addon.Provider)
	}
	comp, _ := rec.Named("zonestack:cluster:AckCluster", "cluster")
	ack, _ := rec.Named(rt.CsManagedKubernetes, "cluster-ack")
	if addon.Parent != comp.URN || addon.Protect || !ack.Protect {
		t.Errorf("add-on parent %s protect %v (cluster protect %v): want the cluster's child, unprotected", addon.Parent, addon.Protect, ack.Protect)
	}
	crons := rec.ByType("kubernetes:" + ackapi.CronHPAAPIVersion + ":" + ackapi.CronHPAKind)
	if len(crons) != 2 {
		t.Fatalf("%d CronHPAs, want 2", len(crons))
	}
	for _, c := range crons {
		if !slices.Contains(c.Dependencies, addon.URN) {
			t.Errorf("%s is created before the controller that serves its kind: %v", c.Name, c.Dependencies)
		}
	}

	v["zonestack:workloads"] = `{"elasticServices":[` + elastic("api", "") + `]}`
	res, err = run(t, v)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(res.Recorder.ByType(rt.CsKubernetesAddon)); n != 0 {
		t.Errorf("%d add-ons on a stack without schedules", n)
	}
}

// On the local cluster the CronHPA kind is a stand-in CRD: no add-on, and the CronHPA is created.
func TestLocalSchedulesNeedNoAddon(t *testing.T) {
	res, err := run(t, map[string]string{
		"zonestack:cloud":     "local",
		"zonestack:region":    "local",
		"zonestack:zones":     `["zone-a","zone-b","zone-c"]`,
		"zonestack:workloads": `{"elasticServices":[` + elastic("web", peak) + `]}`,
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(res.Recorder.ByType(rt.CsKubernetesAddon)); n != 0 {
		t.Errorf("%d add-ons on a local stack", n)
	}
	if n := len(res.Recorder.ByType("kubernetes:" + ackapi.CronHPAAPIVersion + ":" + ackapi.CronHPAKind)); n != 1 {
		t.Errorf("%d CronHPAs", n)
	}
}

// A self-managed cluster has no ACK add-ons: schedules there are refused under their path.
func TestSchedulesNeedACK(t *testing.T) {
	v := values()
	delete(v, "zonestack:cluster")
	delete(v, "zonestack:systemPool")
	v["zonestack:selfManaged"] = `{}`
	v["zonestack:workloads"] = `{"elasticServices":[` + elastic("web", peak) + `]}`
	_, err := run(t, v)
	if err == nil || !strings.Contains(err.Error(), "workloads.elasticServices[0].schedules: need ACK's CronHPA controller") {
		t.Fatalf("want the schedules refused, got %v", err)
	}
}

// The cluster's node autoscaling follows cluster.autoscaler; unset, the component's defaults.
func TestClusterAutoscalerIsWired(t *testing.T) {
	v := values()
	v["zonestack:cluster"] = `{"autoscaler":{"scanInterval":"20s","scaleDownEnabled":false,"maxGracefulTerminationSec":300}}`
	res, err := run(t, v)
	if err != nil {
		t.Fatal(err)
	}
	as, ok := res.Recorder.Named(rt.CsAutoscalingConfig, "cluster-autoscaler")
	if !ok {
		t.Fatal("no autoscaling config")
	}
	in := as.Inputs
	if in["clusterId"].StringValue() != "cluster-ack-id" || in["scanInterval"].StringValue() != "20s" || in["scaleDownEnabled"].BoolValue() ||
		in["maxGracefulTerminationSec"].NumberValue() != 300 || in["expander"].StringValue() != cluster.DefaultExpander {
		t.Errorf("autoscaler %v", in)
	}
}

// A stack that does not choose the service range or the proxy mode leaves them to the cluster's
// defaults, whose later changes never replace the cluster; one that does, owns the change.
func TestClusterForceNewDefaultsAreNotPinned(t *testing.T) {
	if network.DefaultServiceCidr != cluster.DefaultServiceCidr {
		t.Fatalf("the network plans around %s, the cluster defaults to %s", network.DefaultServiceCidr, cluster.DefaultServiceCidr)
	}
	res, err := run(t, values())
	if err != nil {
		t.Fatal(err)
	}
	ack, _ := res.Recorder.Named(rt.CsManagedKubernetes, "cluster-ack")
	if got := slices.Sorted(slices.Values(ack.IgnoreChanges)); !slices.Equal(got, []string{"ipStack", "proxyMode", "serviceCidr"}) {
		t.Errorf("ignoreChanges %v", got)
	}
	if ack.Inputs["serviceCidr"].StringValue() != cluster.DefaultServiceCidr {
		t.Errorf("serviceCidr %v", ack.Inputs["serviceCidr"])
	}

	v := values()
	v["zonestack:network"] = `{"serviceCidr":"172.22.0.0/20"}`
	v["zonestack:cluster"] = `{"proxyMode":"iptables"}`
	res, err = run(t, v)
	if err != nil {
		t.Fatal(err)
	}
	ack, _ = res.Recorder.Named(rt.CsManagedKubernetes, "cluster-ack")
	if !slices.Equal(ack.IgnoreChanges, []string{"ipStack"}) || ack.Inputs["serviceCidr"].StringValue() != "172.22.0.0/20" ||
		ack.Inputs["proxyMode"].StringValue() != "iptables" {
		t.Errorf("explicit settings: ignoreChanges %v, inputs %v", ack.IgnoreChanges, ack.Inputs)
	}
}
