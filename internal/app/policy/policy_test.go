package policy_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/zonestack/zonestack/internal/app/offline"
	"github.com/zonestack/zonestack/internal/app/policy"
	"github.com/zonestack/zonestack/internal/app/program"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
)

const stacks = "../../../stacks"

func load(t *testing.T, stack string) (*stackconfig.Config, *offline.Result) {
	t.Helper()
	cfg, _, err := stackconfig.Load(stacks, stack)
	if err != nil {
		t.Fatal(err)
	}
	res, err := program.Offline(stacks, stack)
	if err != nil {
		t.Fatal(err)
	}
	return cfg, res
}

// inputs returns the inputs of the first registration of a type, to break.
func inputs(t *testing.T, res *offline.Result, typ string) resource.PropertyMap {
	t.Helper()
	regs := res.Recorder.ByType(typ)
	if len(regs) == 0 {
		t.Fatalf("no %s", typ)
	}
	return regs[0].Inputs
}

// statefulPool returns the inputs of a stateful node pool (not a system pool, which is untainted
// already), to break.
func statefulPool(t *testing.T, res *offline.Result, typ string) resource.PropertyMap {
	t.Helper()
	for _, r := range res.Recorder.ByType(typ) {
		if strings.HasPrefix(r.Name, "pools-") {
			return r.Inputs
		}
	}
	t.Fatalf("no stateful %s", typ)
	return nil
}

// breaker is a stack broken so that one check must fail it, with what the check must say.
type breaker struct {
	check, stack string
	breakIt      func(t *testing.T, cfg *stackconfig.Config, res *offline.Result)
	want         string
}

// Each check, with a stack that breaks it.
func TestEachCheckCatchesAStackThatBreaksIt(t *testing.T) {
	for _, tt := range breakers {
		t.Run(tt.check+"/"+tt.want, func(t *testing.T) {
			cfg, res := load(t, tt.stack)
			tt.breakIt(t, cfg, res)
			for _, f := range policy.Errors(policy.Run(cfg, res)) {
				if f.Check == tt.check && strings.Contains(f.String(), tt.want) {
					return
				}
			}
			t.Fatalf("no %s error containing %q in %v", tt.check, tt.want, policy.Run(cfg, res))
		})
	}
}

// instancesOf are the ECS instances of a role.
func instancesOf(res *offline.Result, role string) []offline.Registration {
	var out []offline.Registration
	for _, r := range res.Recorder.ByType("alicloud:ecs/instance:Instance") {
		if r.Inputs["tags"].ObjectValue()["zonestack:role"].StringValue() == role {
			out = append(out, r)
		}
	}
	return out
}

var breakers = []breaker{
	{"alicloud-inputs", "dev", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
		delete(inputs(t, res, "alicloud:vpc/switch:Switch"), "zoneId")
	}, "alicloud:vpc/switch:Switch: zoneId is not set"},
	{"alicloud-inputs", "dev", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
		labels := inputs(t, res, "alicloud:cs/nodePool:NodePool")["labels"].ArrayValue()
		delete(labels[0].ObjectValue(), "key")
	}, "labels[0].key is not set"},
	{"dns-ttl", "global", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
		inputs(t, res, "gcp:dns/recordSet:RecordSet")["ttl"] = resource.NewProperty(0.0)
	}, "TTL {0} is outside 1 to 86400 seconds"},
	{"dns-ttl", "global-cn", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
		// The standard edition's least TTL is 60.
		inputs(t, res, "alicloud:dns/alidnsRecord:AlidnsRecord")["ttl"] = resource.NewProperty(30.0)
	}, "TTL {30} is outside 60 to 86400 seconds"},
	{"dns-ttl", "global-cn", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
		inputs(t, res, "alicloud:dns/gtmInstance:GtmInstance")["ttl"] = resource.NewProperty(180.0)
	}, "GTM TTL {180} is not one of [60 120 300 600]"},
	{"private-endpoint", "gke-us-central1", func(t *testing.T, cfg *stackconfig.Config, res *offline.Result) {
		cfg.GkeCluster().PublicEndpoint = false
		inputs(t, res, "gcp:container/cluster:Cluster")["privateClusterConfig"].ObjectValue()["enablePrivateEndpoint"] = resource.NewProperty(false)
	}, "a public endpoint the stack did not ask for"},
	{"api-reachable", "gke-us-central1", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
		inputs(t, res, "gcp:container/cluster:Cluster")["privateClusterConfig"].ObjectValue()["enablePrivateEndpoint"] = resource.NewProperty(true)
	}, "the API server has only its private endpoint"},
	{"api-reachable", "gke-us-central1", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
		inputs(t, res, "gcp:container/cluster:Cluster")["masterAuthorizedNetworksConfig"].ObjectValue()["cidrBlocks"] = resource.NewProperty([]resource.PropertyValue{})
	}, "the public endpoint has no authorized network"},
	{"api-reachable", "dev", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
		inputs(t, res, "alicloud:cs/managedKubernetes:ManagedKubernetes")["slbInternetEnabled"] = resource.NewProperty(false)
	}, "the API server has no public endpoint"},
	{"api-reachable", "selfmanaged", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
		for _, lb := range res.Recorder.ByType("alicloud:nlb/loadBalancer:LoadBalancer") {
			lb.Inputs["addressType"] = resource.NewProperty("Intranet")
		}
	}, "no Internet-facing NLB with a security group"},
	{"stateful-pools", "gke-us-central1", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
		statefulPool(t, res, "gcp:container/nodePool:NodePool")["nodeConfig"].ObjectValue()["taints"] = resource.NewProperty([]resource.PropertyValue{})
	}, "the pool runs stateful services but has no NoSchedule taint"},
	{"zonal-disks", "gke-us-central1", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
		inputs(t, res, "kubernetes:storage.k8s.io/v1:StorageClass")["reclaimPolicy"] = resource.NewProperty("Delete")
	}, `reclaims "Delete"`},
	{"etcd-quorum", "selfmanaged", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
		// Two masters in one zone: that zone's loss takes the etcd majority.
		m := instancesOf(res, "master")
		m[1].Inputs["vswitchId"] = m[0].Inputs["vswitchId"]
	}, "etcd 1 of 3 members, no quorum"},
	{"etcd-quorum", "selfmanaged", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
		instancesOf(res, "master")[2].Inputs["tags"].ObjectValue()["zonestack:role"] = resource.NewProperty("worker")
	}, "2 etcd members: an even number"},
	{"zone-loss", "prod", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
		// Zone i's vSwitches attached to zone h's route table: they leave through h's gateway.
		h, _ := res.Recorder.Named("alicloud:vpc/routeTable:RouteTable", "network-rt-cn-hangzhou-h")
		for _, kind := range []string{"node", "pod"} {
			a, _ := res.Recorder.Named("alicloud:vpc/routeTableAttachment:RouteTableAttachment", "network-rt-"+kind+"-cn-hangzhou-i")
			a.Inputs["routeTableId"] = resource.NewProperty(h.ID)
		}
	}, "losing cn-hangzhou-h: egress: lost: cn-hangzhou-i reach the Internet through the NAT gateway in this zone"},
	{"ha-zones", "dev", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
		for _, sw := range res.Recorder.ByType("alicloud:vpc/switch:Switch") {
			sw.Inputs["zoneId"] = resource.NewProperty("cn-beijing-h")
		}
	}, "the vSwitches span 1 zones"},
	{"stateful-pools", "dev", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
		statefulPool(t, res, "alicloud:cs/nodePool:NodePool")["taints"] = resource.NewProperty([]resource.PropertyValue{})
	}, "the pool runs stateful services but has no NoSchedule taint"},
	{"stateful-pools", "dev", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
		d := inputs(t, res, "kubernetes:apps/v1:Deployment")
		d["spec"].ObjectValue()["template"].ObjectValue()["spec"].ObjectValue()["tolerations"] = resource.NewProperty([]resource.PropertyValue{})
	}, "the placeholder selects and tolerates 0 pools"},
	{"placeholder-priority", "dev", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
		inputs(t, res, "kubernetes:scheduling.k8s.io/v1:PriorityClass")["value"] = resource.NewProperty(-10.0)
	}, "priority -10 is outside (-10, 0)"},
	{"zonal-disks", "dev", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
		inputs(t, res, "kubernetes:storage.k8s.io/v1:StorageClass")["volumeBindingMode"] = resource.NewProperty("Immediate")
	}, `binds "Immediate"`},
	{"zonal-disks", "dev", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
		inputs(t, res, "kubernetes:storage.k8s.io/v1:StorageClass")["reclaimPolicy"] = resource.NewProperty("Delete")
	}, `reclaims "Delete"`},
	{"encryption", "dev", func(t *testing.T, cfg *stackconfig.Config, _ *offline.Result) {
		cfg.Production = true // dev's disks are not encrypted
	}, "the nodes' system disks are not encrypted"},
	{"encryption", "prod", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
		delete(inputs(t, res, "alicloud:oss/bucket:Bucket"), "serverSideEncryptionRule")
	}, "the bucket does not encrypt its objects"},
	{"private-endpoint", "dev", func(t *testing.T, cfg *stackconfig.Config, res *offline.Result) {
		cfg.AckCluster().PublicEndpoint = false
		inputs(t, res, "alicloud:cs/managedKubernetes:ManagedKubernetes")["slbInternetEnabled"] = resource.NewProperty(true)
	}, "a public endpoint the stack did not ask for"},
	{"plaintext-secrets", "dev", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
		inputs(t, res, "pulumi:providers:kubernetes")["kubeconfig"] = resource.NewProperty("apiVersion: v1")
	}, "input kubeconfig is not a secret"},
	{"plaintext-secrets", "dev", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
		o := res.Outputs["kubeconfig"]
		o.Secret = false
		res.Outputs["kubeconfig"] = o
	}, "kubeconfig: the output is not a secret"},
	{"deletion-protection", "prod", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
		inputs(t, res, "alicloud:cs/managedKubernetes:ManagedKubernetes")["deletionProtection"] = resource.NewProperty(false)
	}, "the cluster has no deletion protection"},
	{"protect-stateful", "dev", func(t *testing.T, cfg *stackconfig.Config, _ *offline.Result) {
		cfg.Production = true // dev's cluster is not protected
	}, "is not protected"},
	{"protect-stateful", "burst", func(t *testing.T, cfg *stackconfig.Config, _ *offline.Result) {
		cfg.Production = true // burst's database is not protected
	}, "database-wordpress-instance: a stateful resource of a production stack is not protected"},
	{"deletion-protection", "burst", func(t *testing.T, cfg *stackconfig.Config, _ *offline.Result) {
		cfg.Production = true
	}, "the database instance has no deletion protection"},
	{"eci-resources", "burst", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
		d := inputs(t, res, "kubernetes:apps/v1:Deployment")
		c := d["spec"].ObjectValue()["template"].ObjectValue()["spec"].ObjectValue()["containers"].ArrayValue()[0]
		delete(c.ObjectValue()["resources"].ObjectValue(), "limits")
	}, "container main may run on ECI (ResourcePolicy wordpress overflows it to ECI) but sets no limits.cpu"},
	{"eci-resources", "dev", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
		// Label seed 000's stateful members for ECI, as seed 001 labels its namespace.
		st := inputs(t, res, "kubernetes:apps/v1:StatefulSet")
		st["spec"].ObjectValue()["template"].ObjectValue()["metadata"].ObjectValue()["labels"].ObjectValue()["alibabacloud.com/eci"] = resource.NewProperty("true")
	}, "sets no limits.memory"},
	{"plaintext-secrets", "burst", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
		d := inputs(t, res, "kubernetes:apps/v1:Deployment")
		c := d["spec"].ObjectValue()["template"].ObjectValue()["spec"].ObjectValue()["containers"].ArrayValue()[0]
		env := c.ObjectValue()["env"].ArrayValue()
		c.ObjectValue()["env"] = resource.NewProperty(append(env, resource.NewProperty(resource.PropertyMap{
			"name": resource.NewProperty("WORDPRESS_DB_PASSWORD"), "value": resource.NewProperty("hunter2"),
		})))
	}, "environment variable WORDPRESS_DB_PASSWORD reads like a secret and has a plain value"},
	{"plaintext-secrets", "burst", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
		inputs(t, res, "kubernetes:core/v1:ConfigMapPatch")["data"].ObjectValue()["note"] = resource.NewProperty("ak=LTAI5tAbCdEfGhIjKlMnOp")
	}, "input data.note holds an AccessKey ID in plain text"},
	{"plaintext-secrets", "burst", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
		inputs(t, res, "alicloud:rds/rdsAccount:RdsAccount")["accountPassword"] = resource.NewProperty("hunter2")
	}, "input accountPassword is not a secret"},
	// Seed 000's shape before system pools: every pool tainted usage=sts.
	{"system-pool", "dev", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
		for _, np := range res.Recorder.ByType("alicloud:cs/nodePool:NodePool") {
			np.Inputs["taints"] = resource.NewProperty([]resource.PropertyValue{resource.NewProperty(resource.PropertyMap{
				"key": resource.NewProperty("usage"), "value": resource.NewProperty("sts"), "effect": resource.NewProperty("NoSchedule"),
			})})
		}
	}, "no node pool in zone cn-beijing-g is free of NoSchedule and NoExecute taints"},
	{"system-pool", "gke-us-central1", func(t *testing.T, _ *stackconfig.Config, res *offline.Result) {
		for _, np := range res.Recorder.ByType("gcp:container/nodePool:NodePool") {
			np.Inputs["nodeConfig"].ObjectValue()["taints"] = resource.NewProperty([]resource.PropertyValue{resource.NewProperty(resource.PropertyMap{
				"key": resource.NewProperty("dedicated"), "value": resource.NewProperty("x"), "effect": resource.NewProperty("NO_EXECUTE"),
			})})
		}
	}, "no node pool in zone us-central1-b is free of NoSchedule and NoExecute taints"},
}

func TestPublicEndpointAskedForIsAWarning(t *testing.T) {
	cfg, res := load(t, "dev")
	cfg.AckCluster().PublicEndpoint = true
	inputs(t, res, "alicloud:cs/managedKubernetes:ManagedKubernetes")["slbInternetEnabled"] = resource.NewProperty(true)
	fs := policy.Run(cfg, res)
	if len(policy.Errors(fs)) != 0 {
		t.Fatalf("errors %v", policy.Errors(fs))
	}
	// dev, not a production stack, also warns that its cluster has no deletion protection.
	var endpoint []policy.Finding
	for _, f := range fs {
		if f.Check == "private-endpoint" {
			endpoint = append(endpoint, f)
		}
	}
	if len(endpoint) != 1 || endpoint[0].Severity != policy.Warning {
		t.Fatalf("findings %v", fs)
	}
}

func TestEveryCheckHasATest(t *testing.T) {
	// A new check without a breaking stack fails here.
	tested := map[string]bool{}
	for _, b := range breakers {
		tested[b.check] = true
	}
	for _, c := range policy.Checks {
		if !tested[c.Name] {
			t.Errorf("check %s has no test with a stack that breaks it", c.Name)
		}
	}
}

// The seed's keepalived VIP lives in one zone: in an HA stack its zone's loss is flagged, a
// warning in general and an error in production.
func TestKeepalivedVIPIsFlaggedInAnHAStack(t *testing.T) {
	raw, err := stackconfig.ReadStackFile(stackconfig.StackFile(stacks, "selfmanaged"))
	if err != nil {
		t.Fatal(err)
	}
	raw.Values["zonestack:selfManaged"] = `{"vip": "keepalived"}`
	raw.Values["zonestack:runner"] = "vpc" // a HaVip has no public endpoint
	res, err := program.OfflineRaw("selfmanaged", raw)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := stackconfig.Parse("selfmanaged", raw)
	if err != nil {
		t.Fatal(err)
	}
	var found []policy.Finding
	for _, f := range policy.Run(cfg, res) {
		if f.Check == "etcd-quorum" {
			found = append(found, f)
		}
	}
	if len(found) != 1 || found[0].Severity != policy.Warning || !strings.Contains(found[0].Message, "the HaVip is in this zone") {
		t.Fatalf("findings %v", found)
	}
	cfg.Production = true
	for _, f := range policy.Run(cfg, res) {
		if f.Check == "etcd-quorum" && f.Severity != policy.Error {
			t.Errorf("production: %v", f)
		}
	}
}

// The zone-loss check holds an HA stack to its zone-loss report: prod with one NAT gateway
// (network.nat.perZone false) and its backups on NAS loses egress and shared volumes with its
// first zone, each an error in production and a warning, naming what is lost, elsewhere.
func TestZoneLossBreaksAProductionStackThatLosesAZone(t *testing.T) {
	raw, err := stackconfig.ReadStackFile(stackconfig.StackFile(stacks, "prod"))
	if err != nil {
		t.Fatal(err)
	}
	var network map[string]any
	if err := json.Unmarshal([]byte(raw.Values["zonestack:network"]), &network); err != nil {
		t.Fatal(err)
	}
	network["nat"].(map[string]any)["perZone"] = false
	b, _ := json.Marshal(network)
	raw.Values["zonestack:network"] = string(b)
	raw.Values["zonestack:storage"] = strings.Replace(raw.Values["zonestack:storage"], `"oss":{}`, `"nas":{}`, 1)
	raw.Values["zonestack:workloads"] = strings.ReplaceAll(raw.Values["zonestack:workloads"], "shared-oss", "shared-nas")
	res, err := program.OfflineRaw("prod", raw)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := stackconfig.Parse("prod", raw)
	if err != nil {
		t.Fatal(err)
	}
	found := func() map[policy.Severity][]string {
		out := map[policy.Severity][]string{}
		for _, f := range policy.Run(cfg, res) {
			if f.Check == "zone-loss" {
				out[f.Severity] = append(out[f.Severity], f.Message)
			}
		}
		return out
	}
	got := found()
	want := []string{"losing cn-hangzhou-h: egress: lost", "losing cn-hangzhou-h: shared volumes: lost"}
	if len(got[policy.Error]) != len(want) || len(got[policy.Warning]) != 0 {
		t.Fatalf("zone-loss findings %v, want errors for %v", got, want)
	}
	for i, w := range want {
		if !strings.HasPrefix(got[policy.Error][i], w) {
			t.Errorf("error %q, want it to start %q", got[policy.Error][i], w)
		}
	}
	cfg.Production = false
	if got := found(); len(got[policy.Warning]) != len(want) || len(got[policy.Error]) != 0 {
		t.Errorf("outside production: %v, want the same as warnings", got)
	}
}

// No stack file holds NAS any more; an unencrypted one still breaks the encryption check of a
// production stack.
func TestAnUnencryptedNASBreaksEncryption(t *testing.T) {
	raw, err := stackconfig.ReadStackFile(stackconfig.StackFile(stacks, "dev"))
	if err != nil {
		t.Fatal(err)
	}
	raw.Values["zonestack:storage"] = `{"diskClasses": [{"name": "sts-sc"}], "nas": {"encrypted": false}}`
	res, err := program.OfflineRaw("dev", raw)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := stackconfig.Parse("dev", raw)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Production = true
	for _, f := range policy.Errors(policy.Run(cfg, res)) {
		if f.Check == "encryption" && f.Message == "the file system is not encrypted" {
			return
		}
	}
	t.Fatalf("no encryption error for the NAS file system in %v", policy.Run(cfg, res))
}

// A global stack reaches its members' API servers through their kubeconfig outputs: a member
// without a public endpoint breaks it, whatever its own runner.
func TestGlobalStackReachesEveryMember(t *testing.T) {
	cfg, res := load(t, "global")
	members, err := stackconfig.LoadMembers(stacks, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if errs := policy.Errors(policy.RunStack(&policy.Stack{Config: cfg, Result: res, Members: members})); len(errs) > 0 {
		t.Fatalf("global as shipped: %v", errs)
	}
	members["dev"].AckCluster().PublicEndpoint = false
	members["dev"].Runner = stackconfig.RunnerVPC
	members["gke-us-east1"].GkeCluster().PublicEndpoint = false
	var got []string
	for _, f := range policy.Errors(policy.RunStack(&policy.Stack{Config: cfg, Result: res, Members: members})) {
		if f.Check == "api-reachable" {
			got = append(got, f.String())
		}
	}
	if len(got) != 2 || !strings.Contains(strings.Join(got, "\n"), "set cluster.publicEndpoint: true in dev") ||
		!strings.Contains(strings.Join(got, "\n"), "members/gke-us-east1") {
		t.Fatalf("api-reachable findings %q, want dev's and gke-us-east1's", got)
	}
}
