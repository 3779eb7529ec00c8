package watch_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"

	"github.com/zonestack/zonestack/components/federation"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
	"github.com/zonestack/zonestack/internal/app/watch"
)

// Desired on the repository's global stack: each member read through its stack's kubeconfig
// output, the records planned as the program plans them; a member whose stack's outputs cannot
// be read and one whose cluster cannot be read keep the current shards' status, each with a note;
// kubeconfigs are read from the stacks once, not at every check.
func TestDesiredReadsEveryMemberAndKeepsTheUnreadable(t *testing.T) {
	cfg, _, err := stackconfig.Load("../../../stacks", "global")
	if err != nil {
		t.Fatal(err)
	}
	spec := cfg.Federation
	if len(spec.Members) < 3 {
		t.Fatalf("the global stack has %d members; the test needs 3", len(spec.Members))
	}
	noOutputs, unreachable := spec.Members[0].Stack, spec.Members[1].Stack
	addresses := map[string]string{}
	for i, m := range spec.Members {
		addresses[m.Stack] = fmt.Sprintf("192.0.2.%d", i+1)
	}
	var mu sync.Mutex
	asked := map[string]int{}
	src := &watch.StackSource{
		Spec: watch.FixedSpec(spec),
		MemberOutputs: func(_ context.Context, stack string) (auto.OutputMap, error) {
			mu.Lock()
			asked[stack]++
			mu.Unlock()
			if stack == watch.DefaultStackPrefix+noOutputs {
				return nil, errors.New("no such stack")
			}
			return auto.OutputMap{"kubeconfig": {Value: "kubeconfig of " + strings.TrimPrefix(stack, watch.DefaultStackPrefix), Secret: true}}, nil
		},
		Read: func(_ context.Context, kubeconfig string, svc federation.Service) (federation.ShardStatus, error) {
			member := strings.TrimPrefix(kubeconfig, "kubeconfig of ")
			if member == unreachable {
				return federation.ShardStatus{}, errors.New("connection refused")
			}
			if svc != spec.Service.Service {
				t.Errorf("read %v, want the federated service", svc)
			}
			return federation.ShardStatus{Healthy: true, Addresses: []string{addresses[member]}, ReadyEndpoints: 3}, nil
		},
	}
	current := watch.State{Shards: map[string]federation.ShardStatus{
		noOutputs:   {Healthy: true, Addresses: []string{"198.51.100.1"}},
		unreachable: {Healthy: false},
	}}
	want, err := src.Desired(context.Background(), current)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{noOutputs, unreachable} {
		if st := want.Shards[m]; !st.Kept || st.Healthy != current.Shards[m].Healthy {
			t.Errorf("%s: %+v, want the current status, kept", m, st)
		}
	}
	if len(want.Notes) != 2 || !strings.Contains(strings.Join(want.Notes, "\n"), "member "+unreachable+" cannot be read (connection refused)") {
		t.Errorf("notes %q", want.Notes)
	}
	// The plan is PlanRecords' on those statuses.
	clusters := spec.Clusters()
	for i := range clusters {
		st := want.Shards[clusters[i].Name]
		clusters[i].Shard = federation.Shard{Addresses: st.Addresses, Healthy: st.Healthy}
	}
	planned, _, err := federation.PlanRecords(spec.Federation, spec.Service.Service, clusters, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !watch.SameRecords(planned, want.Records) || len(planned) == 0 {
		t.Errorf("Desired's records differ from PlanRecords': %v", watch.Diff(planned, want.Records))
	}
	// A second check reads the readable members through the kubeconfigs it has.
	if _, err := src.Desired(context.Background(), current); err != nil {
		t.Fatal(err)
	}
	for _, m := range spec.Members {
		n := asked[watch.DefaultStackPrefix+m.Stack]
		switch m.Stack {
		case noOutputs, unreachable:
			if n != 2 {
				t.Errorf("%s's outputs asked %d times in two checks, want 2 (its read fails)", m.Stack, n)
			}
		default:
			if n != 1 {
				t.Errorf("%s's outputs asked %d times in two checks, want once", m.Stack, n)
			}
		}
	}
}

// StateOf decodes the outputs as the Automation API returns them (JSON decoded into maps).
func TestStateOfDecodesTheOutputs(t *testing.T) {
	st, err := watch.StateOf(auto.OutputMap{
		"records": {Value: []any{map[string]any{"name": "a.fed.example.com", "type": "A", "ttl": float64(180), "values": []any{"192.0.2.1"}}}},
		"shards":  {Value: map[string]any{"dev": map[string]any{"addresses": []any{"192.0.2.1"}, "healthy": true, "readyEndpoints": float64(2), "kept": true}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Records) != 1 || st.Records[0].TTL != 180 || st.Records[0].Values[0] != "192.0.2.1" {
		t.Errorf("records %+v", st.Records)
	}
	if s := st.Shards["dev"]; !s.Healthy || !s.Kept || s.ReadyEndpoints != 2 {
		t.Errorf("shards %+v", st.Shards)
	}
	if st, err := watch.StateOf(auto.OutputMap{}); err != nil || len(st.Records) != 0 {
		t.Errorf("a stack never updated: %+v, %v", st, err)
	}
}
