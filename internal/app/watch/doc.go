// Package watch is the federation watcher: a reconciler that keeps a global stack's DNS records
// on the members' live health by running the Pulumi engine's `up` of the stack whenever the
// records it would plan now differ from the records its last up wrote.
//
// A global stack's program already reads every member's shard live at each run
// (federation.LiveShards), but nothing runs it when a shard fails: without the watcher, failover
// waits for someone's `pulumi up`. The watcher closes that loop without becoming a second writer
// of the records: it never touches the DNS back end itself, it only decides when to run `up`, so
// the engine stays the only writer and the state stays the record of what is published.
//
// Every Options.Interval, Run:
//
//  1. reads the stack's current records and shards outputs (what the last up wrote; Current);
//  2. reads each member's shard live, through the kubeconfig output of the member's stack, and
//     plans the records from that health with federation.PlanRecords (Desired); a member that
//     cannot be read, or whose stack's outputs cannot, keeps its status from the current shards
//     output, as the program does, and the log says so;
//  3. compares the two record sets, order-insensitively and exactly (names, types, TTLs and
//     values); when they differ, it runs `up` (Up) and then logs one line per changed name,
//     old → new, with the members whose health changed.
//
// An error (an output that cannot be read, a failed up) backs off exponentially: the next check
// waits Interval, then twice that, doubling up to Options.MaxBackoff, and a success resets it.
// Each check, up and error is a log line with a UTC timestamp, and an Event to Options.OnEvent, so
// that a test (or a metrics exporter) can follow the loop.
//
// Two watchers of one stack would fight: each would see the same flip and run the same up, and
// the second would fail on the engine's own stack lock ("the stack is currently locked by 1
// lock(s)" on a self-managed backend, "[409] Conflict: Another update is currently in progress."
// on Pulumi Cloud: auto.IsConcurrentUpdateError) and back off, every time. The engine's lock
// keeps the state consistent; Options.Lock keeps the watchers from racing for it: only the
// holder runs its loop. LeaseLock elects a leader with a Kubernetes Lease (several replicas of a
// Deployment, so that the watcher survives the loss of a machine); FileLock is an exclusive flock
// on one machine. A watcher told to stop lets an up in flight finish for Options.UpGrace rather
// than cancel it: the Automation API kills a cancelled CLI after 10 s, and a killed update
// leaves a self-managed backend's stack locked until `pulumi cancel`.
//
// The watcher moves no name the program would not: a member that cannot be read keeps its
// last status, so it fails over from a shard its own API server reports unhealthy (no ready
// endpoint, no load balancer address), not from a member whose API server is gone with it.
//
// StackSource makes Current, Desired and Up from an Automation API stack; the command is
// `zonestack federation watch` (cmd/zonestack), and deploy/federation-watch.yaml runs it in a
// member cluster.
package watch
