package report_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"

	"github.com/zonestack/zonestack/internal/app/offline"
	"github.com/zonestack/zonestack/internal/app/program"
	"github.com/zonestack/zonestack/internal/app/report"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
)

func TestCriticalPathTakesTheLongestChain(t *testing.T) {
	regs := []offline.Registration{
		{URN: "vpc", Name: "vpc", Type: "alicloud:vpc/network:Network", Custom: true},
		{URN: "vsw", Name: "vsw", Type: "alicloud:vpc/switch:Switch", Custom: true, Dependencies: []string{"vpc"}},
		{URN: "ack", Name: "ack", Type: "alicloud:cs/managedKubernetes:ManagedKubernetes", Custom: true, Dependencies: []string{"vsw"}},
		{URN: "k8s", Name: "k8s", Type: "pulumi:providers:kubernetes", Custom: true, Dependencies: []string{"ack"}},
		{URN: "sts", Name: "sts", Type: "kubernetes:apps/v1:StatefulSet", Custom: true, Provider: "k8s::id"},
		{URN: "eip", Name: "eip", Type: "alicloud:ecs/eipAddress:EipAddress", Custom: true},
		{URN: "comp", Name: "comp", Type: "zonestack:x:Y"},
	}
	cp := report.Critical(regs)
	want := 10*time.Second + 10*time.Second + 15*time.Minute + 3*time.Minute
	if cp.Total != want {
		t.Fatalf("total %s, want %s", cp.Total, want)
	}
	if cp.Sum != want+10*time.Second {
		t.Fatalf("sum %s", cp.Sum)
	}
	var names []string
	for _, s := range cp.Steps {
		names = append(names, s.Name)
	}
	if strings.Join(names, ",") != "vpc,vsw,ack,sts" {
		t.Fatalf("steps %v", names)
	}
}

func TestEveryCreationTimeNamesItsSource(t *testing.T) {
	for typ, c := range report.CreationTimes {
		if c.Source == "" || c.Duration <= 0 {
			t.Errorf("%s: %+v", typ, c)
		}
	}
}

func TestZoneLossOfTheDevStack(t *testing.T) {
	res, err := program.Offline("../../../stacks", "dev")
	if err != nil {
		t.Fatal(err)
	}
	losses := report.ZoneLosses(res, res.Zones)
	if len(losses) != 3 {
		t.Fatalf("%d zones", len(losses))
	}
	for _, l := range losses {
		// Two of three stateful pools (1 to 10 nodes) and two of three system pools (a fixed 1).
		if l.Pools.Pools != 4 || l.Pools.OfPools != 6 || l.Pools.MinNodes != 4 || l.Pools.MaxNodes != 22 {
			t.Errorf("%s pools %+v", l.Zone, l.Pools)
		}
		if len(l.Services) != 1 || l.Services[0].Kept != 2 || !l.Services[0].Quorum {
			t.Errorf("%s services %+v", l.Zone, l.Services)
		}
		natHere := l.Zone == "cn-beijing-h"
		if natHere != strings.HasPrefix(l.Egress, "lost") {
			t.Errorf("%s egress %q", l.Zone, l.Egress)
		}
		if !strings.HasPrefix(l.ControlPlane, "kept") {
			t.Errorf("%s control plane %q", l.Zone, l.ControlPlane)
		}
	}
}

// The burst stack's database fails over from its primary's zone and keeps running from the
// standby's; ECI keeps two zones of vSwitches whichever zone goes.
func TestZoneLossOfTheBurstStack(t *testing.T) {
	res, err := program.Offline("../../../stacks", "burst")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"cn-shanghai-e": "fails over", "cn-shanghai-f": "kept: the primary", "cn-shanghai-g": "kept"}
	for _, l := range report.ZoneLosses(res, res.Zones) {
		if len(l.Databases) != 1 || !strings.Contains(l.Databases[0], want[l.Zone]) {
			t.Errorf("%s databases %v, want %q", l.Zone, l.Databases, want[l.Zone])
		}
		if !strings.HasPrefix(l.Burst, "kept") || strings.Contains(l.Burst, l.Zone) || strings.Count(l.Burst, "cn-shanghai-") != 2 {
			t.Errorf("%s burst %q", l.Zone, l.Burst)
		}
	}
}

// prod's shared volumes are on the zone-redundant OSS class: whichever zone is lost, they are
// kept. With a NAS file system beside it, the NAS is stored in its first zone: losing that zone
// loses the NAS class's volumes (the zone named), losing another keeps them, mounted through the
// mount targets that are left; each class is named.
func TestZoneLossOfTheSharedVolumes(t *testing.T) {
	res, err := program.Offline("../../../stacks", "prod")
	if err != nil {
		t.Fatal(err)
	}
	const ossKept = "kept: the OSS bucket stores its objects zone-redundantly (ZRS) across the region's zones"
	for _, l := range report.ZoneLosses(res, res.Zones) {
		if !strings.HasPrefix(l.Shared, ossKept) || strings.Contains(l.Shared, "lost") {
			t.Errorf("%s shared %q, want %q", l.Zone, l.Shared, ossKept)
		}
	}

	raw, err := stackconfig.ReadStackFile(stackconfig.StackFile("../../../stacks", "prod"))
	if err != nil {
		t.Fatal(err)
	}
	var st map[string]any
	if err := json.Unmarshal([]byte(raw.Values["zonestack:storage"]), &st); err != nil {
		t.Fatal(err)
	}
	st["nas"] = map[string]any{}
	b, _ := json.Marshal(st)
	raw.Values["zonestack:storage"] = string(b)
	res, err = program.OfflineRaw("prod", raw)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"cn-hangzhou-h": "class shared-nas lost: the NAS file system is stored in this zone (cn-hangzhou-h); shared volumes are unavailable until the zone returns; class shared-oss " + ossKept,
		"cn-hangzhou-i": "class shared-nas kept: the NAS file system is stored in cn-hangzhou-h and every zone mounts it through the mount targets in cn-hangzhou-h; class shared-oss " + ossKept,
		"cn-hangzhou-j": "class shared-nas kept: the NAS file system is stored in cn-hangzhou-h and every zone mounts it through the mount targets in cn-hangzhou-h, cn-hangzhou-i; class shared-oss " + ossKept,
	}
	for _, l := range report.ZoneLosses(res, res.Zones) {
		if !strings.HasPrefix(l.Shared, want[l.Zone]) {
			t.Errorf("%s shared %q, want %q", l.Zone, l.Shared, want[l.Zone])
		}
	}
}

// The self-managed control plane's zone loss: three stacked masters behind the NLB over three
// zones keep etcd and the VIP whichever zone goes; the keepalived VIP does not survive its own
// zone; three members in one zone do not survive it.
func TestZoneLossOfTheSelfManagedControlPlane(t *testing.T) {
	res, err := program.Offline("../../../stacks", "selfmanaged")
	if err != nil {
		t.Fatal(err)
	}
	cp := report.SelfManagedControlPlane(res.Recorder)
	for _, z := range res.Zones {
		quorum, reachable, text := cp.Loss(z)
		if !quorum || !reachable || !strings.Contains(text, "etcd 2 of 3 members") {
			t.Errorf("nlb, losing %s: quorum %v reachable %v (%s)", z, quorum, reachable, text)
		}
	}
	raw, err := stackconfig.ReadStackFile(stackconfig.StackFile("../../../stacks", "selfmanaged"))
	if err != nil {
		t.Fatal(err)
	}
	// Keepalived's HaVip has no public endpoint: this stack runs from inside the VPC.
	raw.Values["zonestack:selfManaged"] = `{"vip": "keepalived"}`
	raw.Values["zonestack:runner"] = "vpc"
	res, err = program.OfflineRaw("selfmanaged", raw)
	if err != nil {
		t.Fatal(err)
	}
	cp = report.SelfManagedControlPlane(res.Recorder)
	if quorum, reachable, text := cp.Loss(res.Zones[0]); !quorum || reachable || !strings.Contains(text, "the HaVip is in this zone") {
		t.Errorf("keepalived, losing the VIP's zone: quorum %v reachable %v (%s)", quorum, reachable, text)
	}
	one := report.ControlPlane{Etcd: []string{"h", "h", "h"}, Masters: []string{"h", "h", "h"}, VIPZones: []string{"h"}, VIPKind: "the HaVip"}
	if quorum, _, _ := one.Loss("h"); quorum {
		t.Error("three members in one zone survive its loss?")
	}
}

// A majority is claimed as a cluster's only for the form tests/etcd proves: prod's kv (etcd
// through the headless Service's SRV records) is etcd-form, dev's nginx is counted only; and the
// form breaks with a port etcd would not look up.
func TestOnlyTheProvenEtcdFormIsACluster(t *testing.T) {
	for stack, want := range map[string]string{"prod": "etcd", "dev": ""} {
		res, err := program.Offline("../../../stacks", stack)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range report.ZoneLosses(res, res.Zones) {
			for _, s := range l.Services {
				if got := s.Cluster; (s.Name == "kv" || stack == "dev") && got != want {
					t.Errorf("%s %s in %s: cluster %q, want %q", stack, s.Name, l.Zone, got, want)
				}
			}
		}
	}
	set := &appsv1.StatefulSet{}
	set.Spec.Template.Spec.Containers = []corev1.Container{{
		Args:  []string{"--name=$(POD_NAME)", "--discovery-srv=$(SERVICE_DOMAIN)"},
		Ports: []corev1.ContainerPort{{Name: "etcd-client"}, {Name: "etcd-server"}},
	}}
	if !report.EtcdForm(set) {
		t.Fatal("the etcd form is not recognised")
	}
	set.Spec.Template.Spec.Containers[0].Ports[1].Name = "peer"
	if report.EtcdForm(set) {
		t.Fatal("a peer port named peer publishes no _etcd-server._tcp record, yet counts as etcd-form")
	}
}

// With NAT per zone (prod, a production stack), every zone leaves through its own gateway: the
// loss of any zone keeps the others' egress. With one gateway (dev), its zone takes the others'.
func TestZoneLossOfEgress(t *testing.T) {
	for stack, lostIn := range map[string]string{"prod": "", "dev": "cn-beijing-h"} {
		res, err := program.Offline("../../../stacks", stack)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range report.ZoneLosses(res, res.Zones) {
			lost := l.Zone == lostIn
			if lost != strings.HasPrefix(l.Egress, "lost") || (!lost && !strings.HasPrefix(l.Egress, "kept")) {
				t.Errorf("%s, losing %s: egress %q", stack, l.Zone, l.Egress)
			}
			notKept := strings.Join(l.NotKept(), "; ")
			if lost != strings.Contains(notKept, "egress: lost") {
				t.Errorf("%s, losing %s: not kept %q", stack, l.Zone, notKept)
			}
		}
	}
}

// burst's CLB lives in the stack's first two zones: it fails over to the backup when the
// master's zone goes, serves from the master when the backup's does, and is untouched otherwise.
func TestZoneLossOfTheCLB(t *testing.T) {
	res, err := program.Offline("../../../stacks", "burst")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"cn-shanghai-e": "wordpress/wordpress: kept: the CLB fails over to its backup zone cn-shanghai-f",
		"cn-shanghai-f": "wordpress/wordpress: kept: the CLB serves from its master zone cn-shanghai-e",
		"cn-shanghai-g": "wordpress/wordpress: kept: the CLB serves from cn-shanghai-e, with its backup in cn-shanghai-f",
	}
	for _, l := range report.ZoneLosses(res, res.Zones) {
		if len(l.LoadBalancers) != 1 || !strings.HasPrefix(l.LoadBalancers[0], want[l.Zone]) {
			t.Errorf("losing %s: load balancers %q, want %q", l.Zone, l.LoadBalancers, want[l.Zone])
		}
	}
}

// NotKept names every row that is not kept, and nothing that is.
func TestNotKeptNamesWhatIsLost(t *testing.T) {
	l := report.ZoneLoss{
		Zone:          "z",
		ControlPlane:  "kept: regional",
		Pools:         report.PoolCapacity{Pools: 0, OfPools: 3, OfMax: 9},
		Services:      []report.ServiceLoss{{Name: "db", Replicas: 1, Kept: 0}, {Name: "kv", Replicas: 3, Kept: 2, Quorum: true}},
		Egress:        "lost: no way out",
		Shared:        "at risk: one zone",
		Databases:     []string{"a: fails over: the standby", "b: kept", "c: lost until the zone returns"},
		Burst:         "kept: elsewhere",
		LoadBalancers: []string{"ns/web: kept: the NLB", "ns/api: at risk: the cloud chose"},
	}
	got := strings.Join(l.NotKept(), "\n")
	for _, want := range []string{"pools: lost", "db: lost: at worst 0 of 1", "egress: lost", "shared volumes: at risk", "database c: lost", "load balancer ns/api: at risk"} {
		if !strings.Contains(got, want) {
			t.Errorf("not kept:\n%s\nwant a row %q", got, want)
		}
	}
	if n := len(l.NotKept()); n != 6 {
		t.Errorf("%d rows not kept, want 6:\n%s", n, got)
	}
}
