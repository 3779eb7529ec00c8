package preflight

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/zonestack/zonestack/components/cluster"
	"github.com/zonestack/zonestack/components/nodepools"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
	"github.com/zonestack/zonestack/validation"
)

// ClusterType is the ACK cluster type zonestack creates, the one getKubernetesVersion is asked
// about.
const ClusterType = "ManagedKubernetes"

// DefaultDataDiskCategory is a node's data disk category when the stack names none (the node
// pools' default).
const DefaultDataDiskCategory = "cloud_essd"

// Resource types a zone must be able to create, as getZones names them.
const (
	CreatesVSwitch  = "VSwitch"
	CreatesInstance = "Instance"
)

// Zone is one zone as getZones reports it with details: what ECS can create there now, and the
// instance types and disk categories it sells.
type Zone struct {
	ID               string
	ResourceCreation []string
	InstanceTypes    []string
	DiskCategories   []string
}

// Image is what getImages says of the self-managed cluster's image.
type Image struct {
	ID    string
	Found bool
	// Offered are the region's images of the same family, newest first: asked only when the
	// image is not found.
	Offered []string
}

// Facts are the cloud's answers about one stack's region. A nil field was not asked, and its
// checks are skipped.
type Facts struct {
	Region string
	// Zones are getZones' zones (enableDetails).
	Zones []Zone
	// KubernetesVersions are the versions getKubernetesVersion says ACK creates clusters of.
	KubernetesVersions []string
	Image              *Image
}

// Questions are what a stack asks the cloud.
type Questions struct {
	// Zones asks getZones with details.
	Zones bool
	// KubernetesVersion is the version the cluster pins, "" when it pins none: nothing to ask.
	KubernetesVersion string
	// ImageID is the self-managed cluster's image, "" without one.
	ImageID string
	// ImageFamily is a name pattern of ImageID's family, for what is offered instead; "" when the
	// ID names no family (a custom image).
	ImageFamily string
}

// Ask says what cfg must ask the cloud: nothing but for an alicloud stack.
func Ask(cfg *stackconfig.Config) Questions {
	var q Questions
	if cfg.Cloud != stackconfig.CloudAlicloud {
		return q
	}
	q.Zones = true
	if ack := cfg.AckCluster(); ack != nil {
		q.KubernetesVersion = ack.KubernetesVersion
	}
	if cfg.SelfManaged != nil {
		q.ImageID, _ = imageID(cfg)
		if i := strings.LastIndex(q.ImageID, "_"); i > 0 {
			q.ImageFamily = "^" + regexp.QuoteMeta(q.ImageID[:i+1])
		}
	}
	return q
}

// imageID is the self-managed cluster's image and whether it is the default.
func imageID(cfg *stackconfig.Config) (string, bool) {
	if id := cfg.SelfManaged.ImageID; id != "" {
		return id, false
	}
	return cluster.DefaultImageID, true
}

// Check returns every problem of cfg that the cloud's answers f show, as one error whose lines
// name field path, rule and value (nil when there is none). pools are the stack's planned pools
// (program.Pools): each zone's effective spec. Only an ACK cluster gets node pools; a
// self-managed cluster's are not checked.
func Check(cfg *stackconfig.Config, pools []nodepools.Pool, f Facts) error {
	if cfg.Cloud != stackconfig.CloudAlicloud {
		return nil
	}
	if cfg.Cluster == nil {
		pools = nil
	}
	var l validation.List
	if f.Zones != nil {
		usable := checkZones(&l, cfg, pools, f)
		checkPools(&l, cfg, pools, usable)
	}
	checkVersion(&l, cfg, f)
	checkImage(&l, cfg, f)
	return l.Err()
}

// needs are the resource types every zone of cfg must create: vSwitches always, ECS instances
// when node pools or a self-managed cluster put machines there.
func needs(cfg *stackconfig.Config, pools []nodepools.Pool) []string {
	out := []string{CreatesVSwitch}
	if len(pools) > 0 || cfg.SelfManaged != nil {
		out = append(out, CreatesInstance)
	}
	return out
}

// checkZones refuses a zone the region does not offer, or where ECS cannot create what the stack
// puts there, and returns the zones that pass, by ID.
func checkZones(l *validation.List, cfg *stackconfig.Config, pools []nodepools.Pool, f Facts) map[string]Zone {
	want := needs(cfg, pools)
	byID := map[string]Zone{}
	var offered, able []string
	for _, z := range f.Zones {
		byID[z.ID] = z
		offered = append(offered, z.ID)
		if len(missing(want, z.ResourceCreation)) == 0 {
			able = append(able, z.ID)
		}
	}
	slices.Sort(offered)
	slices.Sort(able)
	usable := map[string]Zone{}
	for i, id := range cfg.Zones {
		field := fmt.Sprintf("zones[%d]", i)
		z, ok := byID[id]
		if !ok {
			l.Invalid(field, id, "is not a zone getZones offers in %s now (no such zone, or ECS has sold out there); it offers %s", f.Region, list(offered))
			continue
		}
		if m := missing(want, z.ResourceCreation); len(m) > 0 {
			l.Invalid(field, id, "is a zone of %s where ECS cannot create %s now (getZones: it creates %s); zones that can: %s",
				f.Region, strings.Join(m, " or "), list(z.ResourceCreation), list(able))
			continue
		}
		usable[id] = z
	}
	return usable
}

func missing(want, have []string) []string {
	var out []string
	for _, w := range want {
		if !slices.Contains(have, w) {
			out = append(out, w)
		}
	}
	return out
}

// checkPools refuses, zone by zone, an instance type or disk category of the zone's effective
// pool spec that the zone does not sell, under the key the value comes from: the zone's override,
// the shared spec, or zonestack's default.
func checkPools(l *validation.List, cfg *stackconfig.Config, pools []nodepools.Pool, usable map[string]Zone) {
	if cfg.NodePools == nil || cfg.NodePools.Alicloud == nil {
		return
	}
	for _, p := range pools {
		z, ok := usable[p.Zone]
		if !ok {
			continue // the zone itself was refused, or is not the stack's
		}
		if p.Role == nodepools.RoleSystem {
			// A system pool's disks follow nodePools', checked with the stateful pool of the zone.
			for j, t := range p.MachineTypes {
				if slices.Contains(z.InstanceTypes, t) {
					continue
				}
				note := ""
				if cfg.SystemPool == nil || cfg.SystemPool.Alicloud == nil || len(cfg.SystemPool.Alicloud.InstanceTypes) == 0 {
					note = " (a default type of the system pool)"
				}
				l.Invalid(fmt.Sprintf("systemPool.instanceTypes[%d]", j), t, "is not sold in %s now%s; %s", p.Zone, note, offeredTypes(t, z, usable))
			}
			continue
		}
		for j, t := range p.Ack.InstanceTypes {
			if slices.Contains(z.InstanceTypes, t) {
				continue
			}
			field, note := specPath(cfg, p.Zone, fmt.Sprintf("instanceTypes[%d]", j), func(s nodepools.AckPoolSpec) bool { return len(s.InstanceTypes) > 0 })
			l.Invalid(field, t, "is not sold in %s now%s; %s", p.Zone, note, offeredTypes(t, z, usable))
		}
		for k, c := range p.Ack.SystemDisk.Categories {
			if slices.Contains(z.DiskCategories, c) {
				continue
			}
			field, note := specPath(cfg, p.Zone, fmt.Sprintf("systemDisk.categories[%d]", k), func(s nodepools.AckPoolSpec) bool {
				return len(s.SystemDisk.Categories) > 0
			})
			l.Invalid(field, c, "is not a disk category %s sells now%s; it sells %s", p.Zone, note, list(z.DiskCategories))
		}
		for k, d := range p.Ack.DataDisks {
			c, note := d.Category, ""
			if c == "" {
				c, note = DefaultDataDiskCategory, " (the default category)"
			}
			if slices.Contains(z.DiskCategories, c) {
				continue
			}
			field, _ := specPath(cfg, p.Zone, fmt.Sprintf("dataDisks[%d].category", k), func(s nodepools.AckPoolSpec) bool { return len(s.DataDisks) > 0 })
			l.Invalid(field, c, "is not a disk category %s sells now%s; it sells %s", p.Zone, note, list(z.DiskCategories))
		}
	}
}

// specPath is the stack-file key a pool field of zone comes from: the zone's override when it
// sets the field, else the shared spec; with a note when neither does and the value is
// zonestack's default.
func specPath(cfg *stackconfig.Config, zone, field string, sets func(nodepools.AckPoolSpec) bool) (string, string) {
	np := cfg.NodePools.Alicloud
	if o, ok := np.Zones[zone]; ok && sets(o.AckPoolSpec) {
		return "nodePools.zones." + zone + "." + field, ""
	}
	if sets(np.AckPoolSpec) {
		return "nodePools." + field, ""
	}
	return "nodePools." + field, " (zonestack's default)"
}

// maxOffered bounds the instance types a refusal lists: a zone sells hundreds.
const maxOffered = 8

// offeredTypes says what zone z sells instead of instance type t: the types of t's size or
// family, and the stack's other zones that do sell t.
func offeredTypes(t string, z Zone, usable map[string]Zone) string {
	family, size := splitType(t)
	var alts []string
	for _, s := range z.InstanceTypes {
		if f, sz := splitType(s); f == family || sz == size {
			alts = append(alts, s)
		}
	}
	slices.Sort(alts)
	var b strings.Builder
	switch {
	case len(alts) > maxOffered:
		fmt.Fprintf(&b, "of its size or family it sells %s and %d more", strings.Join(alts[:maxOffered], ", "), len(alts)-maxOffered)
	case len(alts) > 0:
		fmt.Fprintf(&b, "of its size or family it sells %s", strings.Join(alts, ", "))
	default:
		fmt.Fprintf(&b, "it sells none of its size or family (%d types in all)", len(z.InstanceTypes))
	}
	var elsewhere []string
	for id, o := range usable {
		if id != z.ID && slices.Contains(o.InstanceTypes, t) {
			elsewhere = append(elsewhere, id)
		}
	}
	if len(elsewhere) > 0 {
		slices.Sort(elsewhere)
		fmt.Fprintf(&b, "; it is sold in %s", strings.Join(elsewhere, ", "))
	}
	return b.String()
}

// splitType splits ecs.g7.2xlarge into its family (ecs.g7) and size (2xlarge).
func splitType(t string) (string, string) {
	i := strings.LastIndex(t, ".")
	if i < 0 {
		return t, ""
	}
	return t[:i], t[i+1:]
}

// checkVersion refuses a pinned ACK version that ACK no longer creates clusters of.
func checkVersion(l *validation.List, cfg *stackconfig.Config, f Facts) {
	ack := cfg.AckCluster()
	if ack == nil || ack.KubernetesVersion == "" || f.KubernetesVersions == nil {
		return
	}
	v := ack.KubernetesVersion
	if slices.Contains(f.KubernetesVersions, v) {
		return
	}
	l.Invalid("cluster.kubernetesVersion", v, "is not a version ACK creates %s clusters of in %s now; it creates %s. "+
		"Pin one of them, or drop the pin: a new cluster then gets the newest, a running one keeps its version "+
		"(ACK upgrades one minor at a time)", ClusterType, f.Region, list(sortedVersions(f.KubernetesVersions)))
}

// sortedVersions orders versions such as 1.36.1-aliyun.1 oldest first, by their numbers.
func sortedVersions(vs []string) []string {
	out := slices.Clone(vs)
	numbers := regexp.MustCompile(`\d+`)
	slices.SortFunc(out, func(a, b string) int {
		na, nb := numbers.FindAllString(a, -1), numbers.FindAllString(b, -1)
		for i := 0; i < len(na) && i < len(nb); i++ {
			var x, y int
			fmt.Sscan(na[i], &x)
			fmt.Sscan(nb[i], &y)
			if x != y {
				return x - y
			}
		}
		return strings.Compare(a, b)
	})
	return out
}

// checkImage refuses a self-managed cluster's image that the region does not have.
func checkImage(l *validation.List, cfg *stackconfig.Config, f Facts) {
	if cfg.SelfManaged == nil || f.Image == nil || f.Image.Found {
		return
	}
	id, def := imageID(cfg)
	note := ""
	if def {
		note = " (zonestack's default)"
	}
	offered := "; it has none of its family"
	if len(f.Image.Offered) > 0 {
		offered = "; of its family it has " + strings.Join(f.Image.Offered, ", ")
	}
	l.Invalid("selfManaged.imageId", id, "is not an image %s has now (getImages by ID found none)%s%s", f.Region, note, offered)
}

// list joins values for a message; "none" when there are none.
func list(values []string) string {
	if len(values) == 0 {
		return "none"
	}
	return strings.Join(values, ", ")
}
