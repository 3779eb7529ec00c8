package fencing

import "context"

// State is what the cloud says of a node's instance.
type State string

// Instance states. Only Stopped, Released and Failed let the controller fence a node.
const (
	// Running: the instance is running (or starting, or stopping): it may still write to its disks.
	Running State = "running"
	// Stopped: the instance is stopped; its disks see no more writes from it.
	Stopped State = "stopped"
	// Released: the instance no longer exists.
	Released State = "released"
	// Failed: the cloud reports the instance broken and not running.
	Failed State = "failed"
	// Unknown: the cloud gave no answer the controller can act on.
	Unknown State = "unknown"
)

// Off says whether the state lets the controller fence the node: its machine can no longer write.
func (s State) Off() bool { return s == Stopped || s == Released || s == Failed }

// Cloud reports the state of the instance behind a node, by the node's spec.providerID.
// An implementation returns Unknown (and, when it has one, the error) whenever it is not sure:
// the controller fences only on Stopped, Released or Failed.
type Cloud interface {
	InstanceState(ctx context.Context, providerID string) (State, error)
}

// CloudFunc adapts a function to Cloud.
type CloudFunc func(ctx context.Context, providerID string) (State, error)

// InstanceState calls f.
func (f CloudFunc) InstanceState(ctx context.Context, providerID string) (State, error) {
	return f(ctx, providerID)
}
