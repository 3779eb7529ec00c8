package cluster_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/cluster"
	"github.com/zonestack/zonestack/internal/app/offline"
	"github.com/zonestack/zonestack/internal/app/testutil"
	"github.com/zonestack/zonestack/internal/app/validators"
	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

func recordKubeadm(t *testing.T, a cluster.KubeadmClusterArgs) (*offline.Recorder, offline.Output) {
	t.Helper()
	var kubeconfig offline.Output
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		c, err := cluster.NewKubeadmCluster(ctx, "self", &a)
		if err != nil {
			return err
		}
		kubeconfig, err = offline.Await(ctx, c.Kubeconfig)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return rec, kubeconfig
}

func plainString(v resource.PropertyValue) string {
	for v.IsSecret() {
		v = v.SecretValue().Element
	}
	if v.IsOutput() {
		v = v.OutputValue().Element
	}
	if v.IsString() {
		return v.StringValue()
	}
	return ""
}

func byRole(rec *offline.Recorder) map[string][]offline.Registration {
	out := map[string][]offline.Registration{}
	for _, r := range rec.ByType(rt.EcsInstance) {
		role := r.Inputs["tags"].ObjectValue()[cluster.RoleTag].StringValue()
		out[role] = append(out[role], r)
	}
	return out
}

// Seed 004's layout behind an NLB: three masters with stacked etcd, one per zone, three workers,
// the masters behind a cross-zone internal NLB on 6443.
func TestKubeadmClusterStackedBehindAnNLB(t *testing.T) {
	rec, kubeconfig := recordKubeadm(t, kubeadmArgs())
	roles := byRole(rec)
	if len(roles["master"]) != 3 || len(roles["worker"]) != 3 || len(roles["etcd"]) != 0 || len(roles["lb"]) != 0 {
		t.Fatalf("roles %v", roles)
	}
	var zones []string
	for _, m := range roles["master"] {
		in := m.Inputs
		zones = append(zones, in["vswitchId"].StringValue())
		if in["instanceType"].StringValue() != "ecs.g7.2xlarge" || in["systemDiskSize"].NumberValue() != 150 {
			t.Errorf("%s: seed 004's master is 8 CPU, 32 GiB, 150 GB: %v", m.Name, in)
		}
		if ud := in["userData"]; !ud.ContainsSecrets() {
			t.Errorf("%s: user data in plain text", m.Name)
		}
		if !strings.HasPrefix(in["privateIp"].StringValue(), "10.0.2") {
			t.Errorf("%s: address %v", m.Name, in["privateIp"])
		}
		if !slices.Contains(m.IgnoreChanges, "userData") {
			t.Errorf("%s: a change of user data would touch a running master", m.Name)
		}
		if in["launchTemplateId"].StringValue() == "" || in["deploymentSetId"].StringValue() == "" {
			t.Errorf("%s: no launch template (RAM role) or deployment set: %v", m.Name, in)
		}
	}
	slices.Sort(zones)
	if len(slices.Compact(zones)) != 3 {
		t.Errorf("masters in vSwitches %v, want one per zone", zones)
	}
	lbs := rec.ByType(rt.NlbLoadBalancer)
	if len(lbs) != 1 || len(lbs[0].Inputs["zoneMappings"].ArrayValue()) != 3 || lbs[0].Inputs["addressType"].StringValue() != "Intranet" {
		t.Fatalf("nlb %v", lbs)
	}
	if n := len(rec.ByType(rt.NlbServerGroupServerAttachment)); n != 3 {
		t.Errorf("%d masters behind the NLB", n)
	}
	l := rec.ByType(rt.NlbListener)
	if len(l) != 1 || l[0].Inputs["listenerPort"].NumberValue() != 6443 {
		t.Errorf("listener %v", l)
	}
	tmpl := rec.ByType(rt.EcsLaunchTemplate)
	if len(tmpl) != 1 || tmpl[0].Inputs["ramRoleName"].StringValue() == "" {
		t.Errorf("launch template %v", tmpl)
	}
	if !kubeconfig.Secret || !strings.Contains(kubeconfig.Value.(string), "https://self-nlb.nlb.aliyuncs.com:6443") {
		t.Errorf("kubeconfig %+v", kubeconfig)
	}
	// What the component renders passes bash's syntax check.
	for _, r := range rec.ByType(rt.EcsInstance) {
		if err := validators.Bash(plainString(r.Inputs["userData"])); err != nil {
			t.Errorf("%s: %v", r.Name, err)
		}
	}
}

// The seed's HAProxy + Keepalived pair on an HaVip, with external etcd.
func TestKubeadmClusterExternalEtcdBehindKeepalived(t *testing.T) {
	a := kubeadmArgs()
	a.Etcd, a.VIP = cluster.EtcdExternal, cluster.VIPKeepalived
	rec, _ := recordKubeadm(t, a)
	roles := byRole(rec)
	if len(roles["etcd"]) != 3 || len(roles["lb"]) != 2 {
		t.Fatalf("roles %v", roles)
	}
	for _, lb := range roles["lb"] {
		if lb.Inputs["vswitchId"].StringValue() != "vsw-h" || lb.Inputs["systemDiskSize"].NumberValue() != 50 {
			t.Errorf("%s: %v", lb.Name, lb.Inputs)
		}
	}
	hv := rec.ByType(rt.VpcHaVipv2)
	if len(hv) != 1 || hv[0].Inputs["ipAddress"].StringValue() != "10.0.224.50" {
		t.Fatalf("havip %v", hv)
	}
	if n := len(rec.ByType(rt.VpcHAVipAttachment)); n != 2 {
		t.Errorf("%d HaVip attachments", n)
	}
	if n := len(rec.ByType(rt.NlbLoadBalancer)); n != 0 {
		t.Errorf("%d NLBs", n)
	}
	if n := len(rec.ByType("tls:index/selfSignedCert:SelfSignedCert")); n != 2 {
		t.Errorf("%d CAs, want the cluster's and etcd's", n)
	}
	var first string
	for _, m := range roles["master"] {
		if m.Name == "self-master-0" {
			first = plainString(m.Inputs["userData"])
		}
	}
	if !strings.Contains(first, "apiserver-etcd-client") {
		t.Error("masters do not get the etcd client certificate")
	}
	if i, j := strings.Index(first, ":2379/health"), strings.Index(first, "kubeadm init --config"); i < 0 || j < 0 || i > j {
		t.Error("the first master does not wait for external etcd before kubeadm init")
	}
}

func TestKubeadmClusterRejectsBadArgs(t *testing.T) {
	cases := map[string]func(*cluster.KubeadmClusterArgs){
		"masters: must be 3 or 5":                      func(a *cluster.KubeadmClusterArgs) { a.Masters = 4 },
		"etcdMembers: must be 3 or 5":                  func(a *cluster.KubeadmClusterArgs) { a.Etcd, a.EtcdMembers = cluster.EtcdExternal, 2 },
		"zones: an HA control plane spans at least 3":  func(a *cluster.KubeadmClusterArgs) { a.Zones, a.VSwitches = a.Zones[:2], a.VSwitches[:2] },
		"imageId: has a kernel older than 4.19":        func(a *cluster.KubeadmClusterArgs) { a.ImageID = "centos_7_8_x64_20G_alibase_20200914.vhd" },
		"vip: must be nlb or keepalived":               func(a *cluster.KubeadmClusterArgs) { a.VIP = "dns" },
		"podCidr: overlaps the vSwitch 10.0.224.0/22":  func(a *cluster.KubeadmClusterArgs) { a.PodCidr = "10.0.0.0/8" },
		"etcdMembers: applies only to external etcd":   func(a *cluster.KubeadmClusterArgs) { a.EtcdMembers = 3 },
		"kubernetesVersion: must be a release such as": func(a *cluster.KubeadmClusterArgs) { a.KubernetesVersion = "latest" },
		"master.diskGiB: must be 40 to 2048":           func(a *cluster.KubeadmClusterArgs) { a.Master.DiskGiB = 10 },
		"vswitches: must be one per zone":              func(a *cluster.KubeadmClusterArgs) { a.VSwitches = a.VSwitches[:1] },
	}
	for want, mutate := range cases {
		t.Run(want, func(t *testing.T) {
			testutil.Rejected(t, want, func(ctx *pulumi.Context) error {
				a := kubeadmArgs()
				mutate(&a)
				_, err := cluster.NewKubeadmCluster(ctx, "self", &a)
				return err
			})
		})
	}
}
