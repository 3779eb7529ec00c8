package main

import (
	"errors"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/validation"
)

// mocks records each node pool's inputs; the cloud's IDs are the resources' names.
type mocks struct {
	mu    sync.Mutex
	pools map[string]resource.PropertyMap
}

func (m *mocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	if args.TypeToken == "alicloud:cs/nodePool:NodePool" {
		m.mu.Lock()
		m.pools[args.Name] = args.Inputs
		m.mu.Unlock()
	}
	return args.Name + "-id", args.Inputs, nil
}

func (m *mocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return resource.PropertyMap{}, nil
}

// Each zone's pool takes the vSwitch the user made in that zone, through the official SDK's types.
func TestPoolsUseTheUsersVSwitches(t *testing.T) {
	m := &mocks{pools: map[string]resource.PropertyMap{}}
	if err := pulumi.RunErr(program, pulumi.WithMocks("own-network", "test", m)); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"sts-h": "vsw-cn-beijing-h-id", "sts-g": "vsw-cn-beijing-g-id", "sts-k": "vsw-cn-beijing-k-id"}
	if len(m.pools) != len(want) {
		t.Fatalf("%d pools registered, want %d: %v", len(m.pools), len(want), m.pools)
	}
	for name, vsw := range want {
		in, ok := m.pools[name]
		if !ok {
			t.Errorf("no pool %s", name)
			continue
		}
		got := in["vswitchIds"]
		if !got.IsArray() || len(got.ArrayValue()) != 1 || got.ArrayValue()[0].StringValue() != vsw {
			t.Errorf("%s: vswitchIds %v, want [%s]", name, got, vsw)
		}
		if in["clusterId"].StringValue() != "c-0123456789abcdef" {
			t.Errorf("%s: clusterId %v", name, in["clusterId"])
		}
	}
}

// A value the pools refuse comes back as a validation.Problem the program can read: the field, the
// rule and the value, before any pool is registered.
func TestABadValueIsAFieldError(t *testing.T) {
	maxSize = 5000
	defer func() { maxSize = 10 }()
	m := &mocks{pools: map[string]resource.PropertyMap{}}
	err := pulumi.RunErr(program, pulumi.WithMocks("own-network", "test", m))
	var p validation.Problem
	if !errors.As(err, &p) {
		t.Fatalf("want a validation.Problem, got %v", err)
	}
	if p.Field != "maxSize" || p.Value != 5000 || p.Rule == "" {
		t.Fatalf("problem %+v: want maxSize and its value", p)
	}
	if len(m.pools) != 0 {
		t.Fatalf("%d pools registered", len(m.pools))
	}
}
