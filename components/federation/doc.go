// Package federation publishes a service that runs in several clusters, across regions and
// clouds, under DNS names per zone, per region and global (seed 003). Its record planner is the
// kubefed v1 algorithm with its known defects fixed (../shared/research/anchors-federation.md,
// section 1): a scope with a healthy shard answers with its addresses, a scope without one is a
// CNAME to the next wider scope. The planner is pure: it maps clusters and their shards' health
// to the complete desired record set, sorted, so a Pulumi diff stays stable. The back ends
// publish that set: in Google Cloud DNS (CloudDNSRecords), in Alibaba Cloud DNS (AlidnsRecords,
// GtmGlobal, PrivateZoneRecords), or in CoreDNS run in member clusters as the domain's
// authoritative servers (CoreDNSZone), to which the parent zone delegates.
package federation
