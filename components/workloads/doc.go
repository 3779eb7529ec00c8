// Package workloads provides zonestack's workloads. This release has StatefulService: seed 002's
// stateful cluster service (stable storage through claims on a StorageClass, a stable network
// identity through a headless Service and ordinal names, init containers, peer discovery, volumes
// kept after delete) placed as seed 000 places it: on the stateful pools, one replica per node and
// spread evenly over the zones.
//
// StatefulService expects the cluster's "kubernetes" provider (pass pulumi.Provider(cluster.Provider)
// on the component).
package workloads
