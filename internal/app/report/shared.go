package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/zonestack/zonestack/components/storage"
	"github.com/zonestack/zonestack/internal/app/offline"
	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

// sharedStores are what a stack's shared (ReadWriteMany) volumes are stored on: its NAS file
// systems, each stored in one zone and mounted through mount targets that serve the whole VPC,
// and its OSS buckets, zone-redundant or not. Each knows the StorageClass that mounts it: the
// class its component registered beside it.
type sharedStores struct {
	nas []nasStore
	oss []ossStore
}

type nasStore struct {
	class, zone string
	mounts      []string // the zones of its mount targets
}

type ossStore struct {
	class, redundancy string
}

// sharedStoresOf reads the shared stores from a recording; zoneOf maps vSwitch IDs to zones.
func sharedStoresOf(rec *offline.Recorder, zoneOf map[string]string) sharedStores {
	classOf := map[string]string{} // the component's URN -> its class's name
	for _, sc := range rec.ByType(rt.K8sStorageClass) {
		switch sc.Inputs["provisioner"].StringValue() {
		case storage.NasProvisioner, storage.OssProvisioner:
			classOf[sc.Parent] = sc.Inputs["metadata"].ObjectValue()["name"].StringValue()
		}
	}
	var s sharedStores
	for _, fs := range rec.ByType(rt.NasFileSystem) {
		n := nasStore{class: classOf[fs.Parent], zone: fs.Inputs["zoneId"].StringValue()}
		for _, mt := range rec.ByType(rt.NasMountTarget) {
			if mt.Parent == fs.Parent {
				n.mounts = append(n.mounts, zoneOf[mt.Inputs["vswitchId"].StringValue()])
			}
		}
		s.nas = append(s.nas, n)
	}
	for _, b := range rec.ByType(rt.OssBucket) {
		// OSS's default redundancy is LRS (resource_alicloud_oss_bucket.go: redundancy_type,
		// Default LRS).
		r := b.Inputs["redundancyType"].StringValue()
		if r == "" {
			r = "LRS"
		}
		s.oss = append(s.oss, ossStore{class: classOf[b.Parent], redundancy: r})
	}
	slices.SortFunc(s.nas, func(a, b nasStore) int { return strings.Compare(a.class, b.class) })
	slices.SortFunc(s.oss, func(a, b ossStore) int { return strings.Compare(a.class, b.class) })
	return s
}

// loss says what happens to the shared volumes when zone z of zones is lost; "" when the stack
// has none. With one store it is that store's verdict; with more, each store's, naming its class.
func (s sharedStores) loss(zones []string, z string) string {
	var parts []string
	for _, n := range s.nas {
		parts = append(parts, n.loss(zones, z))
	}
	for _, o := range s.oss {
		parts = append(parts, o.loss())
	}
	if len(parts) <= 1 {
		return strings.Join(parts, "")
	}
	for i := range parts {
		class := ""
		if i < len(s.nas) {
			class = s.nas[i].class
		} else {
			class = s.oss[i-len(s.nas)].class
		}
		parts[i] = "class " + class + " " + parts[i]
	}
	return strings.Join(parts, "; ")
}

func (n nasStore) loss(zones []string, z string) string {
	switch {
	case n.zone == "":
		return "at risk: the NAS file system is stored in one zone, chosen at creation; if it is this one, shared volumes are unavailable until the zone returns"
	case n.zone == z:
		return fmt.Sprintf("lost: the NAS file system is stored in this zone (%s); shared volumes are unavailable until the zone returns", z)
	}
	var through []string // in zone order: registrations may arrive in any order
	for _, m := range zones {
		if m != z && slices.Contains(n.mounts, m) {
			through = append(through, m)
		}
	}
	return fmt.Sprintf("kept: the NAS file system is stored in %s and every zone mounts it through the mount targets in %s", n.zone, strings.Join(through, ", "))
}

func (o ossStore) loss() string {
	if o.redundancy == storage.OssRedundancyZRS {
		return "kept: the OSS bucket stores its objects zone-redundantly (ZRS) across the region's zones, and every zone mounts it through the region's internal OSS endpoint"
	}
	return fmt.Sprintf("at risk: the OSS bucket is %s, stored in one zone OSS chooses; if it is this one, shared volumes are unavailable until the zone returns", o.redundancy)
}
