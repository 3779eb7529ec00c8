package program_test

import (
	"strings"
	"testing"
)

// The fencing controller: on by default in production (its image then required), off elsewhere
// unless asked, and asked of the stack's own cloud.
func TestFencingFollowsProduction(t *testing.T) {
	image := `{"image":"registry.example.com/zonestack-fencing:1"}`
	tests := []struct {
		name     string
		set      map[string]string
		wantErr  string
		wantArgs string // "" for no controller
	}{
		{name: "not production: none", set: map[string]string{}},
		{name: "production: on, and its image is required", set: map[string]string{"zonestack:production": "true"}, wantErr: "fencing.image: is required"},
		{name: "production with an image: on", set: map[string]string{"zonestack:production": "true", "zonestack:fencing": image}, wantArgs: "--cloud=alicloud"},
		{name: "production, turned off", set: map[string]string{"zonestack:production": "true", "zonestack:fencing": `{"enabled":false}`}},
		{name: "asked for outside production", set: map[string]string{"zonestack:fencing": `{"enabled":true,"image":"r/f:1","notReadyFor":"20s"}`}, wantArgs: "--not-ready-for=20s"},
		{name: "a bad duration", set: map[string]string{"zonestack:fencing": `{"enabled":true,"image":"r/f:1","notReadyFor":"soon"}`}, wantErr: "fencing.notReadyFor"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := values()
			for k, s := range tt.set {
				v[k] = s
			}
			res, err := run(t, v)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("got %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var deps []string
			for _, r := range res.Recorder.ByType("kubernetes:apps/v1:Deployment") {
				if strings.HasPrefix(r.Name, "fencing-") {
					c := r.Inputs["spec"].ObjectValue()["template"].ObjectValue()["spec"].ObjectValue()["containers"].ArrayValue()[0].ObjectValue()
					for _, a := range c["args"].ArrayValue() {
						deps = append(deps, a.StringValue())
					}
				}
			}
			switch {
			case tt.wantArgs == "" && len(deps) > 0:
				t.Errorf("a fencing controller was deployed: %v", deps)
			case tt.wantArgs != "" && !strings.Contains(strings.Join(deps, " "), tt.wantArgs):
				t.Errorf("controller args %v, want %s", deps, tt.wantArgs)
			}
		})
	}
}
