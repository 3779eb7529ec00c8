// Package federation publishes a service that runs in several clusters, across regions and
// clouds, under DNS names per zone, per region and global (seed 003). Its record planner is the
// kubefed v1 algorithm with its known defects fixed (../shared/research/anchors-federation.md,
// section 1): a scope with a healthy shard answers with its addresses, a scope without one is a
// CNAME to the next wider scope. The planner is pure: it maps clusters and their shards' health
// to the complete desired record set, sorted, so a Pulumi diff stays stable.
package federation
