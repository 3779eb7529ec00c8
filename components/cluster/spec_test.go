package cluster_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/cluster"
	"github.com/zonestack/zonestack/validation"
)

// A stack file's cluster settings decode into the specs under the stack's keys, and each spec's
// problems carry those keys as their paths, so that a caller merges them under the key the spec
// sits at and the user reads the path as written.
func TestSpecsReadTheStackKeysAndReportAtThem(t *testing.T) {
	var ack cluster.AckClusterSpec
	if err := json.Unmarshal([]byte(`{"spec":"ack.pro.tiny","maintenanceWindow":{"weekdays":["Funday"]},"autoscaler":{"daemonsetEviction":true}}`), &ack); err != nil {
		t.Fatal(err)
	}
	if ack.Autoscaler.DaemonSetEviction == nil || !*ack.Autoscaler.DaemonSetEviction {
		t.Errorf("autoscaler.daemonsetEviction not read: %+v", ack.Autoscaler)
	}
	var l validation.List
	l.Merge("cluster", ack.Validate())
	want(t, l.Err(), "cluster.spec: must be one of", "cluster.maintenanceWindow.weekdays[0]: must be one of")

	var gke cluster.GkeClusterSpec
	if err := json.Unmarshal([]byte(`{"releaseChannel":"FAST","publicEndpoint":true}`), &gke); err != nil {
		t.Fatal(err)
	}
	want(t, gke.Validate(), "releaseChannel: must be one of", "authorizedNetworks: is required with publicEndpoint")

	var kubeadm cluster.KubeadmSpec
	if err := json.Unmarshal([]byte(`{"masters":1,"master":{"diskGiB":10},"podCidr":"10.0.0.0/16"}`), &kubeadm); err != nil {
		t.Fatal(err)
	}
	zones := []string{"cn-hangzhou-h", "cn-hangzhou-i", "cn-hangzhou-j"}
	subnets := []cluster.KubeadmSubnet{{ID: pulumi.String("vsw-h"), Cidr: "10.0.224.0/22"}}
	want(t, kubeadm.Validate(true, zones, subnets), "masters: a single master is no HA control plane",
		"master.diskGiB: must be 40 to 2048", "podCidr: overlaps the vSwitch 10.0.224.0/22 of zone cn-hangzhou-h")
	if err := kubeadm.Validate(false, zones, nil); strings.Contains(err.Error(), "a single master") {
		t.Errorf("a single master refused without HA: %v", err)
	}
}

// The stack-derived fields' rules report at the empty path: the caller names the key.
func TestStackDerivedRulesReportAtTheCallersKey(t *testing.T) {
	for _, err := range []error{cluster.ValidateAckClusterName("_zs"), cluster.ValidateGkeClusterName("ZS"),
		cluster.ValidateKubeadmName("Zs"), cluster.ValidateKubeadmSubnet("10.0.0.0/27")} {
		var l validation.List
		l.Merge("name", err)
		ps := validation.Problems(l.Err())
		if len(ps) != 1 || ps[0].Field != "name" {
			t.Errorf("problems %v, want one at name", ps)
		}
	}
	for _, err := range []error{cluster.ValidateAckClusterName("zs-dev"), cluster.ValidateGkeClusterName("zs-dev"),
		cluster.ValidateKubeadmName("zs-dev"), cluster.ValidateKubeadmSubnet("10.0.0.0/26")} {
		if err != nil {
			t.Errorf("refused: %v", err)
		}
	}
}

func want(t *testing.T, err error, lines ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want %q", lines)
	}
	for _, w := range lines {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("missing %q in:\n%v", w, err)
		}
	}
}
