package stackconfig

import (
	"strings"
	"testing"
)

func TestSystemPoolParses(t *testing.T) {
	v := validValues()
	v["zonestack:systemPool"] = `{"instanceTypes":["ecs.g7.large"],"minSize":2,"maxSize":5,"diskGiB":80,"keyName":"zs-sys"}`
	c, err := Parse("dev", Raw{Values: v})
	if err != nil {
		t.Fatal(err)
	}
	if c.SystemPool == nil || c.SystemPool.Alicloud == nil || c.SystemPool.GCP != nil {
		t.Fatalf("systemPool %+v: want ACK's", c.SystemPool)
	}
	sp := c.SystemPool.Alicloud
	if sp.InstanceTypes[0] != "ecs.g7.large" || *sp.MinSize != 2 || *sp.MaxSize != 5 || sp.DiskGiB != 80 || sp.KeyName != "zs-sys" {
		t.Fatalf("systemPool %+v", sp)
	}
}

func TestSystemPoolIsParsedStrictly(t *testing.T) {
	for _, tt := range []struct {
		name, value string
		cloud       string
		want        string
	}{
		{"unknown key", `{"taints":[]}`, "", `systemPool.taints: unknown key`},
		{"wrong type", `{"minSize":"1"}`, "", `systemPool.minSize: must be a whole number`},
		{"no cluster", `{}`, "local", `systemPool: sizes the system pools of an ACK or GKE cluster`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v := validValues()
			v["zonestack:systemPool"] = tt.value
			if tt.cloud == "local" {
				v = map[string]string{"zonestack:cloud": "local", "zonestack:region": "local", "zonestack:zones": `["local-h"]`,
					"zonestack:systemPool": tt.value, "zonestack:ha": "false"}
			}
			_, err := Parse("dev", Raw{Values: v})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("want %q, got %v", tt.want, err)
			}
		})
	}
}
