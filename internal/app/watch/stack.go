package watch

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"

	"github.com/zonestack/zonestack/components/federation"
)

// DefaultStackPrefix qualifies member stacks' names when the federation has no stackPrefix:
// MemberClusters' default, the self-managed backends' organization and this project.
const DefaultStackPrefix = "organization/zonestack/"

// StackSource is a global stack reached through the Automation API: Funcs reads its outputs
// and its members' through its workspace, and runs its up.
type StackSource struct {
	// Stack is the global stack, its program the global program. Required.
	Stack *auto.Stack
	// Spec is the stack's federation, asked at every check, so that a watcher whose stack file
	// changes (a ConfigMap mounted into its pod) plans with the new one. Required; FixedSpec
	// makes one of a spec.
	Spec func(ctx context.Context) (*federation.FederationSpec, error)
	// Read reads a member's shard. Optional, default federation.ReadShard.
	Read federation.ShardReader
	// MemberOutputs are a member stack's outputs, by its fully qualified name. Optional, default
	// Stack's workspace's StackOutputs (`pulumi stack output --show-secrets`).
	MemberOutputs func(ctx context.Context, stack string) (auto.OutputMap, error)
	// Progress receives each up's progress, as `pulumi up` prints it. Optional.
	Progress io.Writer

	mu          sync.Mutex
	kubeconfigs map[string]string // by member stack: its last kubeconfig output
}

// FixedSpec is a StackSource.Spec that is always spec.
func FixedSpec(spec *federation.FederationSpec) func(context.Context) (*federation.FederationSpec, error) {
	return func(context.Context) (*federation.FederationSpec, error) { return spec, nil }
}

// Funcs are the loop's functions for the stack.
func (s *StackSource) Funcs() Funcs {
	return Funcs{Current: s.Current, Desired: s.Desired, Up: s.Up}
}

// Current is the stack's records and shards outputs.
func (s *StackSource) Current(ctx context.Context) (State, error) {
	out, err := s.Stack.Outputs(ctx)
	if err != nil {
		return State{}, err
	}
	return StateOf(out)
}

// planOn plans spec's records on the members' shards, as the program does: a member without a
// shard is unhealthy.
func planOn(spec *federation.FederationSpec, shards map[string]federation.ShardStatus) ([]federation.Record, error) {
	if spec == nil {
		return nil, fmt.Errorf("the stack has no federation")
	}
	clusters := spec.Clusters()
	for i := range clusters {
		st := shards[clusters[i].Name]
		clusters[i].Shard = federation.Shard{Addresses: st.Addresses, Healthy: st.Healthy}
	}
	rs, _, err := federation.PlanRecords(spec.Federation, spec.Service.Service, clusters, nil)
	return rs, err
}

// StateOf decodes a global stack's records and shards outputs; a stack never updated has
// neither, which is an empty state.
func StateOf(out auto.OutputMap) (State, error) {
	var st State
	if v, ok := out["records"]; ok && v.Value != nil {
		if err := roundTrip(v.Value, &st.Records); err != nil {
			return State{}, fmt.Errorf("records output: %w", err)
		}
	}
	if v, ok := out["shards"]; ok && v.Value != nil {
		if err := roundTrip(v.Value, &st.Shards); err != nil {
			return State{}, fmt.Errorf("shards output: %w", err)
		}
	}
	return st, nil
}

// roundTrip decodes an output value (JSON decoded into maps) into a typed one.
func roundTrip(v, into any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, into)
}

// Desired reads every member's shard live, at once, and plans the records from their health.
// A member whose stack's outputs or cluster cannot be read keeps its status from current's
// shards (unhealthy when it has none there), marked Kept, with a note: the program's rule
// (federation.LiveShards), so that the watcher's plan and the up's agree.
func (s *StackSource) Desired(ctx context.Context, current State) (State, error) {
	spec, err := s.Spec(ctx)
	if err != nil {
		return State{}, err
	}
	if spec == nil {
		return State{}, fmt.Errorf("the stack has no federation")
	}
	prefix := spec.StackPrefix
	if prefix == "" {
		prefix = DefaultStackPrefix
	}
	type result struct {
		st   federation.ShardStatus
		note string
	}
	results := make([]result, len(spec.Members))
	var wg sync.WaitGroup
	for i, m := range spec.Members {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, err := s.readMember(ctx, prefix+m.Stack, m.Stack, spec.Service.Service)
			if err != nil {
				kept := current.Shards[m.Stack]
				kept.Kept = true
				results[i] = result{st: kept, note: fmt.Sprintf("member %s cannot be read (%v): it keeps the stack's last status (healthy: %t, addresses: %v)",
					m.Stack, err, kept.Healthy, kept.Addresses)}
				return
			}
			results[i] = result{st: st}
		}()
	}
	wg.Wait()
	want := State{Shards: map[string]federation.ShardStatus{}}
	for i, r := range results {
		want.Shards[spec.Members[i].Stack] = r.st
		if r.note != "" {
			want.Notes = append(want.Notes, r.note)
		}
	}
	if want.Records, err = planOn(spec, want.Shards); err != nil {
		return State{}, err
	}
	return want, nil
}

// readMember reads one member's shard through the kubeconfig its stack last gave; when that
// fails, it reads the stack's outputs again and, if the member's cluster has a new kubeconfig,
// tries once more. The kubeconfig is cached because each read of a stack's outputs is two runs
// of the CLI.
func (s *StackSource) readMember(ctx context.Context, fqName, member string, svc federation.Service) (federation.ShardStatus, error) {
	read := s.Read
	if read == nil {
		read = federation.ReadShard
	}
	readWith := func(kubeconfig string) (federation.ShardStatus, error) {
		rctx, cancel := context.WithTimeout(ctx, 2*federation.ReadTimeout)
		defer cancel()
		return read(rctx, kubeconfig, svc)
	}
	s.mu.Lock()
	cached, ok := s.kubeconfigs[member]
	s.mu.Unlock()
	var readErr error
	if ok {
		st, err := readWith(cached)
		if err == nil {
			return st, nil
		}
		readErr = err
	}
	kubeconfig, err := s.kubeconfig(ctx, fqName)
	if err != nil {
		return federation.ShardStatus{}, err
	}
	if ok && kubeconfig == cached {
		// The same cluster: one unanswered read per check is enough, since an unreachable API
		// server costs up to ReadTimeout a read, and the check (and the failover) waits for it.
		return federation.ShardStatus{}, readErr
	}
	s.mu.Lock()
	if s.kubeconfigs == nil {
		s.kubeconfigs = map[string]string{}
	}
	s.kubeconfigs[member] = kubeconfig
	s.mu.Unlock()
	return readWith(kubeconfig)
}

// kubeconfig is a member stack's kubeconfig output.
func (s *StackSource) kubeconfig(ctx context.Context, fqName string) (string, error) {
	outputs := s.MemberOutputs
	if outputs == nil {
		outputs = s.Stack.Workspace().StackOutputs
	}
	out, err := outputs(ctx, fqName)
	if err != nil {
		return "", fmt.Errorf("outputs of stack %s: %w", fqName, err)
	}
	kc, _ := out["kubeconfig"].Value.(string)
	if kc == "" {
		return "", fmt.Errorf("stack %s has no kubeconfig output", fqName)
	}
	return kc, nil
}

// Up runs `pulumi up` of the stack, its progress to Progress.
func (s *StackSource) Up(ctx context.Context) error {
	progress := s.Progress
	if progress == nil {
		progress = io.Discard
	}
	// Continue on error: a member that cannot be reached fails its own objects' updates (a
	// CoreDNS server's zone ConfigMap, say), and the other members' must be written all the same;
	// the up still fails, and the loop backs off and tries again.
	_, err := s.Stack.Up(ctx, optup.ProgressStreams(progress), optup.ErrorProgressStreams(progress), optup.ContinueOnError())
	if auto.IsConcurrentUpdateError(err) {
		return fmt.Errorf("another update of stack %s is running (the engine's stack lock refused this one; if none is, a killed CLI left its lock: `pulumi cancel --stack %s`): %w",
			s.Stack.Name(), s.Stack.Name(), err)
	}
	return err
}
