package workloads_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/workloads"
	"github.com/zonestack/zonestack/internal/app/offline"
	"github.com/zonestack/zonestack/validation"
)

// The specs are what a stack file says (workloads.statefulServices[i], elasticServices[i]): they
// decode from the stack's keys, the shared part inline, and their rules name those keys.
func TestSpecsDecodeFromTheStackKeys(t *testing.T) {
	var st workloads.StatefulServiceSpec
	doc := `{"name": "kv", "namespace": "data", "image": "etcd", "resources": {"requests": {"cpu": "1"}}, "labels": {"team": "a"},
		"replicas": 5, "ports": [{"name": "client", "port": 2379}], "volumes": [{"mountPath": "/var/lib/etcd", "storageClass": "sts-sc"}],
		"podManagementPolicy": "Parallel", "maxUnavailable": 2, "onStatefulPools": false}`
	if err := json.Unmarshal([]byte(doc), &st); err != nil {
		t.Fatal(err)
	}
	if st.Name != "kv" || st.Namespace != "data" || st.Resources.Requests.CPU != "1" || *st.Replicas != 5 || st.Ports[0].Port != 2379 ||
		st.Volumes[0].StorageClass != "sts-sc" || st.MaxUnavailable != 2 || *st.OnStatefulPools {
		t.Fatalf("decoded %+v", st)
	}
	st.Volumes[0].Kind = workloads.VolumeZonalDisk
	if err := st.Validate("kv"); err != nil {
		t.Fatal(err)
	}
	st.Ports[0].Port = 70000
	if err := st.Validate("kv"); err == nil || err.Error() != "ports[0].port: must be 1 to 65535 (got 70000)" {
		t.Fatalf("got %v", err)
	}

	var el workloads.ElasticServiceSpec
	doc = `{"name": "wp", "image": "wordpress", "port": 80, "autoscaling": {"minReplicas": 50, "maxReplicas": 10},
		"loadBalancer": {"type": "slb", "spec": "slb.s1.small"}, "database": {"name": "wp", "hostEnv": "WP_HOST"}, "onPools": false}`
	if err := json.Unmarshal([]byte(doc), &el); err != nil {
		t.Fatal(err)
	}
	if el.Port != 80 || el.LoadBalancer.Spec != "slb.s1.small" || el.Database.HostEnv != "WP_HOST" || *el.OnPools {
		t.Fatalf("decoded %+v", el)
	}
	fields := map[string]bool{}
	for _, p := range validation.Problems(el.Validate("wp")) {
		fields[p.Field] = true
	}
	if !fields["autoscaling.maxReplicas"] || !fields["resources.requests.cpu"] || fields["database"] {
		t.Errorf("problems %v", fields)
	}
}

func TestOnStatefulPoolsFalseRunsAnywhere(t *testing.T) {
	a := nginxDynamic(t)
	a.OnStatefulPools = pulumi.BoolRef(false)
	rec, err := offline.Record(func(ctx *pulumi.Context) error {
		_, err := workloads.NewStatefulService(ctx, "nginx", &a)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	set, _ := rec.Named("kubernetes:apps/v1:StatefulSet", "nginx-set")
	pod := obj(resource.NewProperty(set.Inputs), "spec", "template", "spec")
	if _, ok := pod.ObjectValue()["nodeSelector"]; ok {
		t.Error("node selector with onStatefulPools false")
	}
	spread := pod.ObjectValue()["topologySpreadConstraints"].ArrayValue()[0]
	if obj(spread, "topologyKey").StringValue() != workloads.ZoneTopologyKey {
		t.Errorf("spread key %v", obj(spread, "topologyKey"))
	}
}

// A database reference puts the connection in the environment: the address computed, the
// password from the Secret, the name and user plain, under the default names.
func TestDatabaseRefConnectsThroughTheEnvironment(t *testing.T) {
	a := wordpress(t)
	a.SecretEnv = nil
	a.Database = &workloads.DatabaseRef{Name: "wp"}
	a.DatabaseConnection = &workloads.DatabaseConnection{Host: pulumi.String("rm-1.mysql"), Database: "wpdb", User: "wp", Password: pulumi.String("s3cret")}
	rec := recordElastic(t, a)
	main := obj(resource.NewProperty(one(t, rec, "kubernetes:apps/v1:Deployment").Inputs), "spec", "template", "spec").ObjectValue()["containers"].ArrayValue()[0]
	env := map[string]resource.PropertyValue{}
	for _, e := range main.ObjectValue()["env"].ArrayValue() {
		env[obj(e, "name").StringValue()] = e
	}
	if obj(env["DB_HOST"], "value").StringValue() != "rm-1.mysql" || obj(env["DB_NAME"], "value").StringValue() != "wpdb" ||
		obj(env["DB_USER"], "value").StringValue() != "wp" || obj(env["DB_PASSWORD"], "valueFrom", "secretKeyRef", "key").StringValue() != "DB_PASSWORD" {
		t.Errorf("env %v", env)
	}
	if _, plain := env["DB_PASSWORD"].ObjectValue()["value"]; plain {
		t.Error("the password is a plain value")
	}

	a.DatabaseConnection = nil
	if err := a.Validate("wp"); err == nil || !strings.Contains(err.Error(), "database: needs the database's connection") {
		t.Errorf("got %v", err)
	}
}
