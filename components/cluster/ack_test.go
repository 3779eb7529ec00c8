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
	"github.com/zonestack/zonestack/internal/base/cloudrules"
	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

func validArgs() cluster.AckClusterArgs {
	return cluster.AckClusterArgs{
		VSwitchIDs:    []pulumi.StringInput{pulumi.String("vsw-h"), pulumi.String("vsw-g"), pulumi.String("vsw-k")},
		PodVSwitchIDs: []pulumi.StringInput{pulumi.String("pod-h"), pulumi.String("pod-g"), pulumi.String("pod-k")},
	}
}

func TestAckClusterDefaults(t *testing.T) {
	var kubeconfig, endpoint offline.Output
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		a := validArgs()
		a.SecurityGroupID = pulumi.String("sg-1")
		c, err := cluster.NewAckCluster(ctx, "ack", &a)
		if err != nil {
			return err
		}
		if kubeconfig, err = offline.Await(ctx, c.Kubeconfig); err != nil {
			return err
		}
		endpoint, err = offline.Await(ctx, c.APIServerIntranet)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	comp, ok := rec.Named("zonestack:cluster:AckCluster", "ack")
	if !ok {
		t.Fatal("component not registered")
	}
	ack, ok := rec.Named(rt.CsManagedKubernetes, "ack-ack")
	if !ok {
		t.Fatal("ManagedKubernetes not registered")
	}
	if ack.Parent != comp.URN || ack.Version != rt.AlicloudVersion {
		t.Errorf("parent %s version %s", ack.Parent, ack.Version)
	}
	in := ack.Inputs
	wantStrings := map[string]string{
		"name":            "ack",
		"clusterSpec":     "ack.pro.small",
		"serviceCidr":     "172.21.0.0/20",
		"proxyMode":       "ipvs",
		"securityGroupId": "sg-1",
	}
	for k, want := range wantStrings {
		if got := in[resource.PropertyKey(k)]; !got.IsString() || got.StringValue() != want {
			t.Errorf("%s = %v, want %q", k, got, want)
		}
	}
	wantBools := map[string]bool{"deletionProtection": true, "slbInternetEnabled": false, "newNatGateway": false, "enableRrsa": true}
	for k, want := range wantBools {
		if got := in[resource.PropertyKey(k)]; !got.IsBool() || got.BoolValue() != want {
			t.Errorf("%s = %v, want %v", k, got, want)
		}
	}
	if _, pinned := in["version"]; pinned {
		t.Error("version sent although none was asked for")
	}
	if got := len(in["vswitchIds"].ArrayValue()); got != 3 {
		t.Errorf("vswitchIds: %d", got)
	}
	if got := in["podVswitchIds"].ArrayValue()[2].StringValue(); got != "pod-k" {
		t.Errorf("podVswitchIds[2] = %s", got)
	}
	var addons []string
	for _, a := range in["addons"].ArrayValue() {
		addons = append(addons, a.ObjectValue()["name"].StringValue())
	}
	if strings.Join(addons, ",") != "terway-eniip,csi-plugin,csi-provisioner" {
		t.Errorf("addons %v", addons)
	}
	mw := in["maintenanceWindow"].ObjectValue()
	if mw["maintenanceTime"].StringValue() != "2025-01-04T03:00:00.000+08:00" || mw["weeklyPeriod"].StringValue() != "Saturday" ||
		mw["duration"].StringValue() != "3h" || !mw["enable"].BoolValue() {
		t.Errorf("maintenance window %v", mw)
	}

	inv := rec.Invocations()
	if len(inv) != 1 || inv[0].Token != rt.CsGetClusterCredential || inv[0].Args["clusterId"].StringValue() != "ack-ack-id" {
		t.Fatalf("invocations %+v", inv)
	}
	if !kubeconfig.Secret || !strings.Contains(kubeconfig.Value.(string), "kind: Config") {
		t.Errorf("kubeconfig must be a secret kubeconfig, got secret=%v", kubeconfig.Secret)
	}
	if endpoint.Value != "https://10.0.192.5:6443" {
		t.Errorf("endpoint %v", endpoint.Value)
	}

	prov, ok := rec.Named("pulumi:providers:kubernetes", "ack-k8s")
	if !ok {
		t.Fatal("kubernetes provider not registered")
	}
	if prov.Parent != comp.URN {
		t.Errorf("provider parent %s", prov.Parent)
	}
	if kc := prov.Inputs["kubeconfig"]; !kc.ContainsSecrets() {
		t.Errorf("provider kubeconfig is not secret: %v", kc)
	}
}

func TestAckClusterOptions(t *testing.T) {
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		a := validArgs()
		a.ClusterName = "prod-bj"
		a.PublicEndpoint = true
		a.KubernetesVersion = "1.36.1-aliyun.1"
		a.DeletionProtection = pulumi.BoolRef(false)
		a.ControlPlaneLogs = []string{"apiserver", "kcm"}
		a.MaintenanceWindow = cluster.MaintenanceWindowArgs{Weekdays: []string{"Monday", "Thursday"}, StartTime: "22:30", UTCOffset: "-05:00", Duration: "6h"}
		_, err := cluster.NewAckCluster(ctx, "ack", &a)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	ack, _ := rec.Named(rt.CsManagedKubernetes, "ack-ack")
	in := ack.Inputs
	if in["name"].StringValue() != "prod-bj" || !in["slbInternetEnabled"].BoolValue() || in["deletionProtection"].BoolValue() {
		t.Errorf("options not applied: %v", in)
	}
	if in["version"].StringValue() != "1.36.1-aliyun.1" {
		t.Errorf("version %v", in["version"])
	}
	mw := in["maintenanceWindow"].ObjectValue()
	if mw["maintenanceTime"].StringValue() != "2025-01-04T22:30:00.000-05:00" || mw["weeklyPeriod"].StringValue() != "Monday,Thursday" {
		t.Errorf("window %v", mw)
	}
	if got := len(in["controlPlaneLogComponents"].ArrayValue()); got != 2 {
		t.Errorf("logs %d", got)
	}
}

func TestAckClusterValidation(t *testing.T) {
	tests := []struct {
		name   string
		modify func(a *cluster.AckClusterArgs)
		want   string
	}{
		{"no vswitches", func(a *cluster.AckClusterArgs) { a.VSwitchIDs, a.PodVSwitchIDs = nil, nil }, "vswitchIds: is required"},
		{"pod vswitch count", func(a *cluster.AckClusterArgs) { a.PodVSwitchIDs = a.PodVSwitchIDs[:1] }, "podVswitchIds: must have one pod vSwitch per node vSwitch"},
		{"service cidr", func(a *cluster.AckClusterArgs) { a.ServiceCidr = "172.21.0.1/20" }, "serviceCidr: has host bits set"},
		{"service mask", func(a *cluster.AckClusterArgs) { a.ServiceCidr = "172.16.0.0/12" }, "serviceCidr: mask must be /16 to /24"},
		{"spec", func(a *cluster.AckClusterArgs) { a.Spec = "ack.pro.medium" }, "spec: must be one of ack.standard"},
		{"version", func(a *cluster.AckClusterArgs) { a.KubernetesVersion = "1.33" }, "kubernetesVersion: must be an ACK version"},
		{"proxy mode", func(a *cluster.AckClusterArgs) { a.ProxyMode = "userspace" }, "proxyMode: must be ipvs, iptables or nftables"},
		{"cluster name", func(a *cluster.AckClusterArgs) { a.ClusterName = "-bad" }, "clusterName: must be 1 to 63"},
		{"log component", func(a *cluster.AckClusterArgs) { a.ControlPlaneLogs = []string{"etcd"} }, "controlPlaneLogs[0]: must be one of"},
		{"weekday", func(a *cluster.AckClusterArgs) { a.MaintenanceWindow.Weekdays = []string{"Sat"} }, "maintenanceWindow.weekdays[0]: must be one of Monday"},
		{"weekday twice", func(a *cluster.AckClusterArgs) { a.MaintenanceWindow.Weekdays = []string{"Monday", "Monday"} }, "maintenanceWindow.weekdays[1]: appears twice"},
		{"start time", func(a *cluster.AckClusterArgs) { a.MaintenanceWindow.StartTime = "25:00" }, "maintenanceWindow.startTime: must be a time of day"},
		{"offset", func(a *cluster.AckClusterArgs) { a.MaintenanceWindow.UTCOffset = "CST" }, "maintenanceWindow.utcOffset: must be an offset"},
		{"duration format", func(a *cluster.AckClusterArgs) { a.MaintenanceWindow.Duration = "90m" }, "maintenanceWindow.duration: must be whole hours"},
		{"duration range", func(a *cluster.AckClusterArgs) { a.MaintenanceWindow.Duration = "48h" }, "maintenanceWindow.duration: must be 1h to 24h"},
		{"scaler type", func(a *cluster.AckClusterArgs) { a.Autoscaler.ScalerType = "karpenter" }, "autoscaler.scalerType: must be one of cluster-autoscaler, goatscaler"},
		{"scan interval format", func(a *cluster.AckClusterArgs) { a.Autoscaler.ScanInterval = "15" }, "autoscaler.scanInterval: must be whole seconds"},
		{"scan interval range", func(a *cluster.AckClusterArgs) { a.Autoscaler.ScanInterval = "5s" }, "autoscaler.scanInterval: must be 10s to 300s"},
		{"expander", func(a *cluster.AckClusterArgs) { a.Autoscaler.Expander = "most-pods" }, "autoscaler.expander: must be least-waste or random"},
		{"priority expander", func(a *cluster.AckClusterArgs) { a.Autoscaler.Expander = "priority" }, "autoscaler.expander: is not offered"},
		{"goatscaler expander", func(a *cluster.AckClusterArgs) {
			a.Autoscaler.ScalerType, a.Autoscaler.Expander = "goatscaler", "random"
		}, "autoscaler.expander: must be least-waste with scaler type goatscaler"},
		{"unneeded time", func(a *cluster.AckClusterArgs) { a.Autoscaler.ScaleDownUnneededTime = "600s" }, "autoscaler.scaleDownUnneededTime: must be whole minutes"},
		{"delay after add", func(a *cluster.AckClusterArgs) { a.Autoscaler.ScaleDownDelayAfterAdd = "0m" }, "autoscaler.scaleDownDelayAfterAdd: must be whole minutes"},
		{"utilization", func(a *cluster.AckClusterArgs) { a.Autoscaler.UtilizationThreshold = "1.5" }, "autoscaler.utilizationThreshold: must be a ratio above 0 and at most 1"},
		{"utilization zero", func(a *cluster.AckClusterArgs) { a.Autoscaler.UtilizationThreshold = "0" }, "autoscaler.utilizationThreshold: must be a ratio"},
		{"graceful termination", func(a *cluster.AckClusterArgs) { a.Autoscaler.MaxGracefulTerminationSec = -1 }, "autoscaler.maxGracefulTerminationSec: must be a number of seconds"},
		{"system pods", func(a *cluster.AckClusterArgs) { a.Autoscaler.SkipNodesWithSystemPods = pulumi.BoolRef(false) }, "autoscaler.skipNodesWithSystemPods: cannot be false"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := validArgs()
			tt.modify(&a)
			testutil.Rejected(t, tt.want, func(ctx *pulumi.Context) error {
				_, err := cluster.NewAckCluster(ctx, "ack", &a)
				return err
			})
		})
	}
}

// Every ACK cluster turns node autoscaling on: without an AutoscalingConfig ACK scales no pool.
// The defaults are the named constants, and every value keeps the rules recorded for it.
func TestAckClusterTurnsOnNodeAutoscaling(t *testing.T) {
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		for _, n := range []string{"ack", "other"} {
			a := validArgs()
			if _, err := cluster.NewAckCluster(ctx, n, &a); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	configs := rec.ByType(rt.CsAutoscalingConfig)
	if len(configs) != 2 {
		t.Fatalf("%d autoscaling configs for 2 clusters", len(configs))
	}
	comp, _ := rec.Named("zonestack:cluster:AckCluster", "ack")
	ack, _ := rec.Named(rt.CsManagedKubernetes, "ack-ack")
	as, ok := rec.Named(rt.CsAutoscalingConfig, "ack-autoscaler")
	if !ok {
		t.Fatal("no ack-autoscaler")
	}
	if as.Parent != comp.URN || as.Version != rt.AlicloudVersion || !slices.Contains(as.Dependencies, ack.URN) {
		t.Errorf("parent %s version %s dependencies %v", as.Parent, as.Version, as.Dependencies)
	}
	in := as.Inputs
	wantStrings := map[string]string{
		"clusterId":            "ack-ack-id",
		"scalerType":           cluster.DefaultScalerType,
		"scanInterval":         cluster.DefaultScanInterval,
		"expander":             cluster.DefaultExpander,
		"coolDownDuration":     cluster.DefaultScaleDownUnneededTime,
		"unneededDuration":     cluster.DefaultScaleDownDelayAfterAdd,
		"utilizationThreshold": cluster.DefaultUtilizationThreshold,
	}
	for k, want := range wantStrings {
		if got := in[resource.PropertyKey(k)]; !got.IsString() || got.StringValue() != want {
			t.Errorf("%s = %v, want %q", k, got, want)
		}
	}
	wantBools := map[string]bool{
		"scaleDownEnabled":          cluster.DefaultScaleDownEnabled,
		"skipNodesWithLocalStorage": cluster.DefaultSkipNodesWithLocalStorage,
		"skipNodesWithSystemPods":   cluster.DefaultSkipNodesWithSystemPods,
		"daemonsetEvictionForNodes": cluster.DefaultDaemonSetEviction,
	}
	for k, want := range wantBools {
		if got := in[resource.PropertyKey(k)]; !got.IsBool() || got.BoolValue() != want {
			t.Errorf("%s = %v, want %v", k, got, want)
		}
	}
	if got := in["maxGracefulTerminationSec"]; !got.IsNumber() || got.NumberValue() != cluster.DefaultMaxGracefulTerminationSec {
		t.Errorf("maxGracefulTerminationSec = %v", got)
	}
	if other, _ := rec.Named(rt.CsAutoscalingConfig, "other-autoscaler"); other.Inputs["clusterId"].StringValue() != "other-ack-id" {
		t.Errorf("the second cluster's autoscaler configures %v", other.Inputs["clusterId"])
	}
	checked, problems := cloudrules.Alicloud.Check(rt.CsAutoscalingConfig, in)
	if len(problems) > 0 || len(checked) != len(in) {
		t.Errorf("checked %v of %d inputs; problems %v", checked, len(in), problems)
	}
}

// Every setting can be overridden; the values reach the AutoscalingConfig under ACK's names.
func TestAckClusterAutoscalerOverrides(t *testing.T) {
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		a := validArgs()
		a.Autoscaler = cluster.AutoscalerArgs{
			ScalerType: "goatscaler", ScanInterval: "30s", Expander: "least-waste", ScaleDownEnabled: pulumi.BoolRef(false),
			ScaleDownUnneededTime: "20m", ScaleDownDelayAfterAdd: "5m", UtilizationThreshold: "0.65", MaxGracefulTerminationSec: 120,
			SkipNodesWithLocalStorage: pulumi.BoolRef(true), DaemonSetEviction: pulumi.BoolRef(true),
		}
		_, err := cluster.NewAckCluster(ctx, "ack", &a)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	as, _ := rec.Named(rt.CsAutoscalingConfig, "ack-autoscaler")
	in := as.Inputs
	if in["scalerType"].StringValue() != "goatscaler" || in["scanInterval"].StringValue() != "30s" || in["scaleDownEnabled"].BoolValue() ||
		in["coolDownDuration"].StringValue() != "20m" || in["unneededDuration"].StringValue() != "5m" || in["utilizationThreshold"].StringValue() != "0.65" ||
		in["maxGracefulTerminationSec"].NumberValue() != 120 || !in["skipNodesWithLocalStorage"].BoolValue() || !in["daemonsetEvictionForNodes"].BoolValue() ||
		!in["skipNodesWithSystemPods"].BoolValue() {
		t.Errorf("overrides not applied: %v", in)
	}
}

func recordACK(t *testing.T, modify func(a *cluster.AckClusterArgs)) offline.Registration {
	t.Helper()
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		a := validArgs()
		modify(&a)
		_, err := cluster.NewAckCluster(ctx, "ack", &a)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	ack, ok := rec.Named(rt.CsManagedKubernetes, "ack-ack")
	if !ok {
		t.Fatal("no cluster")
	}
	return ack
}

// A change of zonestack's defaults of ForceNew inputs never replaces an existing cluster; a change
// the stack asks for does. The cluster "before" stands for one created by a release whose defaults
// were other than today's (iptables, another service range, dual stack).
func TestChangedDefaultsNeverReplaceACluster(t *testing.T) {
	before := recordACK(t, func(a *cluster.AckClusterArgs) {})
	before.Inputs = before.Inputs.Copy()
	before.Inputs["proxyMode"] = resource.NewProperty("iptables")
	before.Inputs["serviceCidr"] = resource.NewProperty("172.30.0.0/20")
	before.Inputs["ipStack"] = resource.NewProperty("dual")

	now := recordACK(t, func(a *cluster.AckClusterArgs) {})
	if got := testutil.Replacing(cloudrules.Alicloud[rt.CsManagedKubernetes], before, now); len(got) != 0 {
		t.Errorf("new defaults of %v would replace every existing cluster (ignoreChanges %v)", got, now.IgnoreChanges)
	}

	asked := recordACK(t, func(a *cluster.AckClusterArgs) { a.ProxyMode, a.ServiceCidr = "nftables", "172.22.0.0/20" })
	if got := testutil.Replacing(cloudrules.Alicloud[rt.CsManagedKubernetes], before, asked); !slices.Equal(got, []string{"proxyMode", "serviceCidr"}) {
		t.Errorf("a proxy mode and a service range the stack sets must be applied, replacing the cluster; replacing %v (ignoreChanges %v)", got, asked.IgnoreChanges)
	}
	if slices.Contains(asked.IgnoreChanges, "proxyMode") || slices.Contains(asked.IgnoreChanges, "serviceCidr") {
		t.Errorf("explicit settings ignored: %v", asked.IgnoreChanges)
	}
	if now.Inputs["proxyMode"].StringValue() != cluster.DefaultProxyMode || now.Inputs["ipStack"].StringValue() != cluster.IPStack ||
		now.Inputs["serviceCidr"].StringValue() != cluster.DefaultServiceCidr {
		t.Errorf("a new cluster must still get the defaults: %v", now.Inputs)
	}
}
