// Package nodepools provides zonestack's elastic capacity: ZonalPools, one ACK node pool per
// zone built from one spec (seed 000: the same instance types, labels and NoSchedule taint in
// every zone, plus a zone label, each pool on its zone's vSwitch only), and Placeholders, one
// Deployment of low-priority pause pods per zone that keeps a warm node in every pool, so that a
// stateful pod preempts a placeholder and starts at once while the pool's autoscaler brings a new
// node for the placeholder.
//
// ACK's cluster autoscaler cannot tell a multi-zone pool which zone to grow, which is why each zone
// gets its own pool (ACK's own recipe for cross-zone autoscaling).
//
// ZonalPools expects the "alicloud" provider; Placeholders the "kubernetes" provider of the
// cluster (pass pulumi.Provider(cluster.Provider) on the component).
package nodepools
