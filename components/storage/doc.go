// Package storage provides zonestack's StorageClasses. This release has DiskStorageClass, seed
// 000's zonal cloud-disk class for Alibaba Cloud's disk CSI driver: a list of disk categories
// tried in order (ESSD first), volumes bound only when a pod is scheduled (WaitForFirstConsumer,
// so a disk is created in the zone of the node that will mount it: cloud disks cannot attach
// across zones), volumes kept when their claim is deleted (Retain) and expandable.
//
// OssStorage is the shared class that outlives a zone: an OSS bucket with zone-redundant storage
// (ZRS) mounted through ossfs as a ReadWriteMany class, for files written whole and then read
// (uploads, media, backups); ossfs is not POSIX, and OssStorage's doc says what it does not do.
// NasStorage is the POSIX shared class, a NAS file system stored in one zone.
//
// DiskStorageClass expects the "kubernetes" provider of the cluster (pass
// pulumi.Provider(cluster.Provider) on the component).
package storage
