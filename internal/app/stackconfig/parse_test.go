package stackconfig

import (
	"strings"
	"testing"
)

// validValues is a complete, valid alicloud stack as the engine passes it.
func validValues() map[string]string {
	return map[string]string{
		"zonestack:cloud":   "alicloud",
		"zonestack:region":  "cn-beijing",
		"zonestack:zones":   `["cn-beijing-h","cn-beijing-g","cn-beijing-k"]`,
		"zonestack:network": `{"vpcCidr":"10.0.0.0/16","nat":{"eipBandwidth":100}}`,
		"zonestack:cluster": `{"spec":"ack.pro.small","maintenanceWindow":{"weekdays":["Saturday"]}}`,
		"alicloud:region":   "cn-beijing",
	}
}

func TestParseValid(t *testing.T) {
	c, err := Parse("dev", Raw{Values: validValues()})
	if err != nil {
		t.Fatal(err)
	}
	if c.Cloud != "alicloud" || c.Region != "cn-beijing" || len(c.Zones) != 3 || c.Network.Alicloud.Nat.EipBandwidth != 100 ||
		c.AckCluster().MaintenanceWindow.Weekdays[0] != "Saturday" {
		t.Fatalf("parsed %+v", c)
	}
	if !c.HighlyAvailable() || c.ResourcePrefix() != "zonestack-dev" || c.Stack() != "dev" {
		t.Fatalf("defaults: ha=%v prefix=%s", c.HighlyAvailable(), c.ResourcePrefix())
	}
}

func TestParseRules(t *testing.T) {
	tests := []struct {
		name   string
		modify func(v map[string]string)
		want   []string
	}{
		{"unknown top-level key", func(v map[string]string) { v["zonestack:zone"] = "x" },
			[]string{`zone: unknown key (did you mean "zones"?); known keys: cloud, cluster, databasePasswords, databases, federation, fencing, ha, name, network, nodePools, production, region, runner, selfManaged, storage, systemPool, tags, virtualNodes, workloads, zones (got "x")`}},
		{"unknown nested key", func(v map[string]string) { v["zonestack:network"] = `{"vpcCird":"10.0.0.0/16"}` },
			[]string{`network.vpcCird: unknown key (did you mean "vpcCidr"?)`}},
		{"unknown key in a list entry", func(v map[string]string) {
			v["zonestack:network"] = `{"vswitches":[{"zone":"cn-beijing-h","nodeCidr":"10.0.0.0/20","podCidr":"10.0.64.0/18","extra":1}]}`
		}, []string{`network.vswitches[0].extra: unknown key`}},
		{"wrong type: list", func(v map[string]string) { v["zonestack:zones"] = `"cn-beijing-h"` },
			[]string{`zones: must be a list of strings (got "cn-beijing-h")`}},
		{"wrong type: bool", func(v map[string]string) { v["zonestack:ha"] = `"yes"` },
			[]string{`ha: must be true or false (got "yes")`}},
		{"wrong type: number", func(v map[string]string) { v["zonestack:network"] = `{"nat":{"eipBandwidth":1.5}}` },
			[]string{`network.nat.eipBandwidth: must be a whole number (got 1.5)`}},
		{"wrong type: a port by name or number", func(v map[string]string) {
			v["zonestack:workloads"] = `{"statefulServices":[{"name":"kv","image":"etcd","ports":[{"name":"client","port":2379}],
				"livenessProbe":{"tcpSocket":{"port":true}},"readinessProbe":{"tcpSocket":{"port":2379.5}}}]}`
		}, []string{`workloads.statefulServices[0].livenessProbe.tcpSocket.port: must be a string or a whole number (got true)`,
			`workloads.statefulServices[0].readinessProbe.tcpSocket.port: must be a string or a whole number (got 2379.5)`}},
		{"wrong type: object", func(v map[string]string) { v["zonestack:cluster"] = `["ack"]` },
			[]string{`cluster: must be an object (got a list)`}},
		{"malformed JSON", func(v map[string]string) { v["zonestack:network"] = `{"vpcCidr":` },
			[]string{`network: is not valid JSON for an object`}},
		{"key without namespace", func(v map[string]string) { v["region"] = "cn-beijing" },
			[]string{`region: config keys are namespaced, e.g. zonestack:region`}},
		{"unknown namespace", func(v map[string]string) { v["aws:region"] = "us-east-1" },
			[]string{`aws:region: unknown config namespace`}},
		{"cloud missing", func(v map[string]string) { delete(v, "zonestack:cloud") },
			[]string{`cloud: is required; one of alicloud, gcp, local`}},
		{"cloud unknown", func(v map[string]string) { v["zonestack:cloud"] = "aws" },
			[]string{`cloud: must be one of alicloud, gcp, local, global (got "aws")`}},
		{"cloud not built yet", func(v map[string]string) {
			v["zonestack:cloud"] = "gcp"
			// An ACK cluster's and network's keys, which a gcp stack's shape check refuses first.
			delete(v, "zonestack:cluster")
			delete(v, "zonestack:network")
		},
			[]string{`gcp:project: is required for a GKE stack`}},
		{"ACK network keys on a GKE stack", func(v map[string]string) { v["zonestack:cloud"] = "gcp" },
			[]string{`network.nat: is a alicloud stack's key, not this stack's; known keys: masterCidr, nodeCidr, podCidr, serviceCidr`,
				`network.vpcCidr: is a alicloud stack's key, not this stack's`}},
		{"GKE network keys on an ACK stack", func(v map[string]string) {
			v["zonestack:network"] = `{"nodeCidr":"10.0.0.0/20","masterCidr":"172.16.0.0/28"}`
		}, []string{`network.masterCidr: is a gcp stack's key, not this stack's; known keys: nat, serviceCidr, vpcCidr, vswitches`,
			`network.nodeCidr: is a gcp stack's key, not this stack's`}},
		{"region missing", func(v map[string]string) { delete(v, "zonestack:region") }, []string{`region: is required`}},
		{"region malformed", func(v map[string]string) { v["zonestack:region"] = "Beijing" },
			[]string{`region: must be a region ID`}},
		{"zones missing", func(v map[string]string) { delete(v, "zonestack:zones") }, []string{`zones: is required`}},
		{"zone twice", func(v map[string]string) { v["zonestack:zones"] = `["cn-beijing-h","cn-beijing-g","cn-beijing-h"]` },
			[]string{`zones[2]: duplicates zones[0]`, `zones: an HA stack spans at least 3 distinct zones`}},
		{"HA needs three zones", func(v map[string]string) { v["zonestack:zones"] = `["cn-beijing-h","cn-beijing-g"]` },
			[]string{`zones: an HA stack spans at least 3 distinct zones; add zones or set zonestack:ha to false (got ["cn-beijing-h", "cn-beijing-g"])`}},
		{"pools without a cluster", func(v map[string]string) {
			delete(v, "zonestack:cluster")
			v["zonestack:nodePools"] = `{}`
			v["zonestack:storage"] = `{}`
		}, []string{`nodePools: needs a cluster to run in`, `storage: needs a cluster to run in`}},
		{"unknown key in a zone override", func(v map[string]string) {
			v["zonestack:nodePools"] = `{"instanceTypes":["ecs.g7.2xlarge"],"zones":{"cn-beijing-k":{"maxSize":20,"minSzie":3}}}`
		}, []string{`nodePools.zones.cn-beijing-k.minSzie: unknown key (did you mean "minSize"?)`}},
		{"unknown key in a disk class", func(v map[string]string) {
			v["zonestack:storage"] = `{"diskClasses":[{"name":"sts-sc","category":"cloud_essd"}]}`
		}, []string{`storage.diskClasses[0].category: unknown key (did you mean "categories"?)`}},
		{"unknown key in the OSS bucket", func(v map[string]string) {
			v["zonestack:storage"] = `{"oss":{"className":"shared-oss","redundancy":"LRS"}}`
		}, []string{`storage.oss.redundancy: unknown key`}},
		{"OSS on a self-managed cluster", func(v map[string]string) {
			delete(v, "zonestack:cluster")
			v["zonestack:selfManaged"] = `{}`
			v["zonestack:storage"] = `{"oss":{}}`
		}, []string{`storage.oss: mounts with ACK's RRSA`}},
		{"unknown key in the autoscaler", func(v map[string]string) {
			v["zonestack:cluster"] = `{"autoscaler":{"scanIntervall":"15s"}}`
		}, []string{`cluster.autoscaler.scanIntervall: unknown key (did you mean "scanInterval"?)`}},
		{"autoscaler of a GKE cluster", func(v map[string]string) {
			v["zonestack:cloud"] = "gcp"
			v["gcp:project"] = "p"
			v["zonestack:region"] = "us-central1"
			v["zonestack:zones"] = `["us-central1-a","us-central1-b","us-central1-c"]`
			v["zonestack:network"] = `{}`
			v["zonestack:cluster"] = `{"autoscaler":{"scanInterval":"15s"}}`
		}, []string{`cluster.autoscaler: is a alicloud stack's key, not this stack's; known keys: authorizedNetworks, deletionProtection, kubernetesVersion, publicEndpoint, releaseChannel`}},
		{"authorized networks of an ACK cluster", func(v map[string]string) {
			v["zonestack:cluster"] = `{"publicEndpoint":true,"authorizedNetworks":["198.51.100.0/24"]}`
		}, []string{`cluster.authorizedNetworks: is a gcp stack's key, not this stack's`}},
		{"local stack with a cloud cluster", func(v map[string]string) { v["zonestack:cloud"] = "local" },
			[]string{`cluster: a local stack has no cloud cluster`, `network: a local stack has no cloud network`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := validValues()
			tt.modify(v)
			_, err := Parse("dev", Raw{Values: v})
			if err == nil {
				t.Fatalf("want errors containing %q", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("missing %q in:\n%v", w, err)
				}
			}
		})
	}
}

// A port is written by name or by number.
func TestPortsParseByNameOrNumber(t *testing.T) {
	v := validValues()
	v["zonestack:workloads"] = `{"statefulServices":[{"name":"kv","image":"etcd","ports":[{"name":"client","port":2379}],
		"livenessProbe":{"tcpSocket":{"port":2379}},"readinessProbe":{"httpGet":{"path":"/health","port":"client"}}}]}`
	c, err := Parse("dev", Raw{Values: v})
	if err != nil {
		t.Fatal(err)
	}
	s := c.Workloads.StatefulServices[0]
	if s.LivenessProbe.TCPSocket.Port != "2379" || s.ReadinessProbe.HTTPGet.Port != "client" {
		t.Fatalf("parsed %+v %+v", s.LivenessProbe, s.ReadinessProbe)
	}
}

func TestParseReportsEveryProblemAtOnce(t *testing.T) {
	v := validValues()
	v["zonestack:cloud"] = "aws"
	v["zonestack:regoin"] = "cn-beijing"
	v["zonestack:network"] = `{"vpcCidr":10}`
	_, err := Parse("dev", Raw{Values: v})
	if err == nil || !strings.HasPrefix(err.Error(), "2 problems") {
		// Shape errors stop before rules on values: the shape must be right to judge values.
		t.Fatalf("want the 2 shape problems, got %v", err)
	}
	for _, w := range []string{"regoin: unknown key", "network.vpcCidr: must be a string"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("missing %q in %v", w, err)
		}
	}
}

func TestHAOffAllowsFewerZones(t *testing.T) {
	v := validValues()
	v["zonestack:ha"] = "false"
	v["zonestack:zones"] = `["cn-beijing-h"]`
	c, err := Parse("dev", Raw{Values: v})
	if err != nil {
		t.Fatal(err)
	}
	if c.HighlyAvailable() {
		t.Fatal("ha: false ignored")
	}
}

func TestSecretOnAPlainKeyIsRejected(t *testing.T) {
	v := validValues()
	v["zonestack:tags"] = SecretPlaceholder
	_, err := Parse("dev", Raw{Values: v, Secrets: []string{"zonestack:tags"}})
	if err == nil || !strings.Contains(err.Error(), "tags: is encrypted, but tags holds no secret") {
		t.Fatalf("got %v", err)
	}
}

func TestStackFileHidesSecretsAndKeepsShape(t *testing.T) {
	raw, err := ParseStackFile("Pulumi.dev.yaml", []byte(`
encryptionsalt: v1:abc
config:
  zonestack:cloud: alicloud
  zonestack:ha: true
  zonestack:network:
    vpcCidr: 10.0.0.0/16
    nat: {eipBandwidth: 50}
  alicloud:secretKey:
    secure: v1:c2VjcmV0LWNpcGhlcnRleHQ=
  zonestack:tags:
    owner:
      secure: v1:b3duZXI=
`))
	if err != nil {
		t.Fatal(err)
	}
	if got := raw.Values["alicloud:secretKey"]; got != SecretPlaceholder {
		t.Errorf("secure value read as %q", got)
	}
	if got := raw.Values["zonestack:tags"]; got != `{"owner":"[secret]"}` {
		t.Errorf("nested secure value read as %q", got)
	}
	if strings.Join(raw.Secrets, ",") != "alicloud:secretKey,zonestack:tags" {
		t.Errorf("secret keys %v", raw.Secrets)
	}
	if raw.Values["zonestack:ha"] != "true" || raw.Values["zonestack:network"] != `{"nat":{"eipBandwidth":50},"vpcCidr":"10.0.0.0/16"}` {
		t.Errorf("values %v", raw.Values)
	}
	for k, v := range raw.Values {
		if strings.Contains(v, "v1:") {
			t.Errorf("%s carries ciphertext: %s", k, v)
		}
	}
}

func TestStackFileErrors(t *testing.T) {
	tests := []struct{ name, doc, want string }{
		{"malformed YAML", "config:\n  zonestack:cloud: [alicloud\n", "Pulumi.x.yaml: not valid YAML"},
		{"unknown top-level key", "configs:\n  zonestack:cloud: alicloud\n", `unknown top-level key "configs"`},
		{"config not a map", "config: [1, 2]\n", "config must be a map"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseStackFile("Pulumi.x.yaml", []byte(tt.doc))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("want %q, got %v", tt.want, err)
			}
		})
	}
}

func TestFromEngineReadsThePulumiEnvironment(t *testing.T) {
	t.Setenv("PULUMI_CONFIG", `{"zonestack:cloud":"alicloud","zonestack:region":"cn-beijing","zonestack:zones":"[\"cn-beijing-h\",\"cn-beijing-g\",\"cn-beijing-k\"]"}`)
	t.Setenv("PULUMI_CONFIG_SECRET_KEYS", `[]`)
	c, err := FromEngine("prod")
	if err != nil {
		t.Fatal(err)
	}
	if c.Region != "cn-beijing" || len(c.Zones) != 3 {
		t.Fatalf("got %+v", c)
	}
	t.Setenv("PULUMI_CONFIG", `{"zonestack:clud":"alicloud"}`)
	if _, err := FromEngine("prod"); err == nil || !strings.Contains(err.Error(), `clud: unknown key (did you mean "cloud"?)`) {
		t.Fatalf("typo under the engine: %v", err)
	}
}

// Database passwords are only ever secrets: in plain text they are refused without being echoed;
// encrypted they are read; read offline, undecrypted, they are known to be there.
func TestDatabasePasswordsAreSecretOnly(t *testing.T) {
	v := validValues()
	v["zonestack:databasePasswords"] = `{"wordpress":"Plain-Passw0rd"}`
	_, err := Parse("dev", Raw{Values: v})
	if err == nil || !strings.Contains(err.Error(), "databasePasswords: holds secrets and is stored in plain text") {
		t.Fatalf("plain password: %v", err)
	}
	if strings.Contains(err.Error(), "Plain-Passw0rd") {
		t.Errorf("the error echoes the password: %v", err)
	}
	c, err := Parse("dev", Raw{Values: v, Secrets: []string{"zonestack:databasePasswords"}})
	if err != nil {
		t.Fatal(err)
	}
	if pw, ok := c.DatabasePassword("wordpress"); !ok || pw != "Plain-Passw0rd" {
		t.Errorf("decrypted password %q %v", pw, ok)
	}
	if _, ok := c.DatabasePassword("other"); ok {
		t.Error("a password for a database that has none")
	}
	v["zonestack:databasePasswords"] = SecretPlaceholder
	c, err = Parse("dev", Raw{Values: v, Secrets: []string{"zonestack:databasePasswords"}})
	if err != nil {
		t.Fatal(err)
	}
	if pw, ok := c.DatabasePassword("wordpress"); !ok || pw != SecretPlaceholder || !c.IsSecret("databasePasswords") {
		t.Errorf("offline password %q %v", pw, ok)
	}
}
