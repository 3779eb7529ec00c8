package federation_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"

	"github.com/zonestack/zonestack/components/federation"
	"github.com/zonestack/zonestack/internal/app/offline"
)

// A member that answers gives its shard as read now; a member that cannot be read keeps its last
// run's status, marked kept, and a member with no last run is unhealthy; no status is secret
// although the kubeconfigs are, and the reader gets each member's own kubeconfig.
func TestLiveShardsKeepTheLastStatusOfAMemberThatCannotBeRead(t *testing.T) {
	type got struct {
		st     federation.ShardStatus
		secret bool
	}
	results := map[string]got{}
	read := map[string]string{}
	_, err := offline.Record(func(ctx *pulumi.Context) error {
		var members []federation.Member
		for _, n := range []string{"up", "down", "new"} {
			members = append(members, federation.Member{
				Cluster:    federation.Cluster{Name: n, Region: "r"},
				Kubeconfig: pulumi.ToSecret(pulumi.String("kubeconfig of " + n)).(pulumi.StringOutput),
			})
		}
		last := pulumi.ToOutput(map[string]any{
			"up":   map[string]any{"addresses": []any{"192.0.2.9"}, "healthy": false},
			"down": map[string]any{"addresses": []any{"192.0.2.2"}, "healthy": true, "readyEndpoints": 3.0},
		})
		reader := func(_ context.Context, kubeconfig string, svc federation.Service) (federation.ShardStatus, error) {
			read[kubeconfig] = svc.Namespace + "/" + svc.Name
			if kubeconfig == "kubeconfig of up" {
				return federation.ShardStatus{Addresses: []string{"192.0.2.1"}, Healthy: true, ReadyEndpoints: 2}, nil
			}
			return federation.ShardStatus{}, errors.New("dial tcp: connection refused")
		}
		shards := federation.LiveShards(ctx, federation.LiveShardsArgs{Service: nginx, Members: members, Last: last, Read: reader})
		for name, o := range shards {
			v, err := internals.UnsafeAwaitOutput(ctx.Context(), o)
			if err != nil {
				return err
			}
			st, _ := v.Value.(federation.ShardStatus)
			results[name] = got{st, v.Secret}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]federation.ShardStatus{
		"up":   {Addresses: []string{"192.0.2.1"}, Healthy: true, ReadyEndpoints: 2},
		"down": {Addresses: []string{"192.0.2.2"}, Healthy: true, ReadyEndpoints: 3, Kept: true},
		"new":  {Kept: true},
	}
	if len(results) != len(want) {
		t.Fatalf("statuses %v, want one per member", results)
	}
	for name, w := range want {
		if g := results[name]; !reflect.DeepEqual(g.st, w) || g.secret {
			t.Errorf("%s: status %+v (secret %t), want %+v, not secret", name, g.st, g.secret, w)
		}
	}
	for _, n := range []string{"up", "down", "new"} {
		if read["kubeconfig of "+n] != "mynamespace/nginx" {
			t.Errorf("member %s was read as %q, want mynamespace/nginx through its own kubeconfig", n, read["kubeconfig of "+n])
		}
	}
}
