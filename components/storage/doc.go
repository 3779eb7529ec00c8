// Package storage provides zonestack's StorageClasses. This release has DiskStorageClass, seed
// 000's zonal cloud-disk class for Alibaba Cloud's disk CSI driver: a list of disk categories
// tried in order (ESSD first), volumes bound only when a pod is scheduled (WaitForFirstConsumer,
// so a disk is created in the zone of the node that will mount it: cloud disks cannot attach
// across zones), volumes kept when their claim is deleted (Retain) and expandable.
//
// DiskStorageClass expects the "kubernetes" provider of the cluster (pass
// pulumi.Provider(cluster.Provider) on the component).
package storage
