package offline

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

// FixturePath is where the offline answers of the alicloud functions live, from the module's
// root.
const FixturePath = "internal/app/offline/fixtures/alicloud.json"

//go:embed fixtures/alicloud.json
var fixtureJSON []byte

// Fixture is what the alicloud functions of the pre-flight answer offline: the zones of each
// region with what they sell, the ACK versions ACK creates and the public images. A Recorder
// answers getZones, getInstanceTypes, getImages and getKubernetesVersion from one; by default
// from DefaultFixture, in a test from the copy WithFixture gives it.
type Fixture struct {
	Comment string `json:"comment,omitempty"`
	// Regions by region ID.
	Regions map[string]*FixtureRegion `json:"regions"`
	// InstanceTypes are the sizes getInstanceTypes reports, by instance type.
	InstanceTypes map[string]FixtureInstanceType `json:"instanceTypes,omitempty"`
	// KubernetesVersions are the versions ACK creates, by cluster type (ManagedKubernetes).
	KubernetesVersions map[string]*FixtureVersions `json:"kubernetesVersions"`
	Images             FixtureImages               `json:"images"`
}

// FixtureRegion is one region's zones. A zone that leaves a list out sells Defaults' list.
type FixtureRegion struct {
	Defaults FixtureZone    `json:"defaults"`
	Zones    []*FixtureZone `json:"zones"`
}

// FixtureZone is one zone: what can be created in it and what it sells now.
type FixtureZone struct {
	ID        string `json:"id,omitempty"`
	LocalName string `json:"localName,omitempty"`
	// ResourceCreation are the resource types ECS can create there (Instance, Disk, VSwitch...).
	ResourceCreation []string `json:"resourceCreation,omitempty"`
	InstanceTypes    []string `json:"instanceTypes,omitempty"`
	DiskCategories   []string `json:"diskCategories,omitempty"`
}

// FixtureInstanceType is an instance type's size.
type FixtureInstanceType struct {
	CPU       int     `json:"cpu"`
	MemoryGiB float64 `json:"memoryGiB"`
}

// FixtureVersions are the versions ACK creates clusters of, with where that was read.
type FixtureVersions struct {
	Comment  string           `json:"comment,omitempty"`
	Sources  []string         `json:"sources,omitempty"`
	Versions []FixtureVersion `json:"versions"`
}

// FixtureVersion is one ACK version and the containerd it runs.
type FixtureVersion struct {
	Version    string `json:"version"`
	Containerd string `json:"containerd,omitempty"`
}

// FixtureImages are the images getImages finds.
type FixtureImages struct {
	Comment string         `json:"comment,omitempty"`
	Images  []FixtureImage `json:"images"`
}

// FixtureImage is one image. Regions empty means every region (a public image).
type FixtureImage struct {
	ID           string   `json:"id"`
	Name         string   `json:"name"`
	OSName       string   `json:"osName,omitempty"`
	OSType       string   `json:"osType,omitempty"`
	Platform     string   `json:"platform,omitempty"`
	Architecture string   `json:"architecture,omitempty"`
	OwnerAlias   string   `json:"ownerAlias,omitempty"`
	CreationTime string   `json:"creationTime,omitempty"`
	Regions      []string `json:"regions,omitempty"`
}

// Option configures a Recorder.
type Option func(*Recorder)

// WithFixture makes a Recorder answer the alicloud functions from f instead of DefaultFixture:
// how a test shows what the pre-flight does when the cloud's answers change.
func WithFixture(f *Fixture) Option {
	return func(r *Recorder) { r.fx = f }
}

var (
	defaultOnce sync.Once
	defaultFx   *Fixture
)

// defaultFixture is the one shared, unchanged copy of DefaultFixture the recorders read.
func defaultFixture() *Fixture {
	defaultOnce.Do(func() { defaultFx = DefaultFixture() })
	return defaultFx
}

// DefaultFixture returns a fresh copy of the fixture in FixturePath: the answers of every offline
// run unless WithFixture says otherwise. Change the copy freely.
func DefaultFixture() *Fixture {
	f, err := ParseFixture(fixtureJSON)
	if err != nil {
		panic(fmt.Sprintf("offline: %s: %v", FixturePath, err))
	}
	return f
}

// ParseFixture reads a fixture, filling each zone's lists from its region's defaults.
func ParseFixture(doc []byte) (*Fixture, error) {
	var f Fixture
	if err := json.Unmarshal(doc, &f); err != nil {
		return nil, err
	}
	for name, r := range f.Regions {
		if r == nil {
			return nil, fmt.Errorf("region %s has no zones", name)
		}
		for _, z := range r.Zones {
			if z.ResourceCreation == nil {
				z.ResourceCreation = slices.Clone(r.Defaults.ResourceCreation)
			}
			if z.InstanceTypes == nil {
				z.InstanceTypes = slices.Clone(r.Defaults.InstanceTypes)
			}
			if z.DiskCategories == nil {
				z.DiskCategories = slices.Clone(r.Defaults.DiskCategories)
			}
		}
	}
	return &f, nil
}

// Zone returns the zone of a region, or nil.
func (f *Fixture) Zone(region, zone string) *FixtureZone {
	r := f.Regions[region]
	if r == nil {
		return nil
	}
	for _, z := range r.Zones {
		if z.ID == zone {
			return z
		}
	}
	return nil
}

// AddRegion adds region to f (replacing any it had) with zones that each sell what sells lists
// (its ID and name aside): how a test or benchmark runs a stack in a region the fixture lacks.
func (f *Fixture) AddRegion(region string, sells FixtureZone, zones ...string) {
	r := &FixtureRegion{Defaults: sells}
	for _, id := range zones {
		r.Zones = append(r.Zones, &FixtureZone{ID: id, ResourceCreation: slices.Clone(sells.ResourceCreation),
			InstanceTypes: slices.Clone(sells.InstanceTypes), DiskCategories: slices.Clone(sells.DiskCategories)})
	}
	if f.Regions == nil {
		f.Regions = map[string]*FixtureRegion{}
	}
	f.Regions[region] = r
}

// NewestKubernetesVersion is the newest version ACK creates clusters of the type in, "" if none:
// what a cluster that pins no version gets.
func (f *Fixture) NewestKubernetesVersion(clusterType string) string {
	v := f.KubernetesVersions[clusterType]
	if v == nil || len(v.Versions) == 0 {
		return ""
	}
	newest := v.Versions[0].Version
	for _, x := range v.Versions[1:] {
		if compareVersions(x.Version, newest) > 0 {
			newest = x.Version
		}
	}
	return newest
}

var versionNumbers = regexp.MustCompile(`\d+`)

// compareVersions orders versions such as 1.36.1-aliyun.1 by their numbers in turn.
func compareVersions(a, b string) int {
	na, nb := versionNumbers.FindAllString(a, -1), versionNumbers.FindAllString(b, -1)
	for i := 0; i < len(na) && i < len(nb); i++ {
		x, _ := strconv.Atoi(na[i])
		y, _ := strconv.Atoi(nb[i])
		if x != y {
			return x - y
		}
	}
	return len(na) - len(nb)
}

// answer is the fixture's answer to one alicloud function invoked in region. ok is false for a
// function the fixture does not answer.
func (f *Fixture) answer(token, region string, args resource.PropertyMap) (resource.PropertyMap, bool, error) {
	switch token {
	case rt.AlicloudGetZones:
		out, err := f.zones(region, args)
		return out, true, err
	case rt.EcsGetInstanceTypes:
		out, err := f.instanceTypes(region, args)
		return out, true, err
	case rt.EcsGetImages:
		out, err := f.images(region, args)
		return out, true, err
	case rt.CsGetKubernetesVersion:
		return f.kubernetesVersion(args), true, nil
	}
	return nil, false, nil
}

func (f *Fixture) region(region string) (*FixtureRegion, error) {
	if r := f.Regions[region]; r != nil {
		return r, nil
	}
	if region == "" {
		return nil, fmt.Errorf("offline: the invoke names no explicit alicloud provider with a region, so the fixture cannot answer it")
	}
	return nil, fmt.Errorf("offline: %s has no answers for region %s: add its zones there", FixturePath, region)
}

// str is a string argument, "" when unset.
func str(args resource.PropertyMap, key string) string {
	if v := args[resource.PropertyKey(key)]; v.IsString() {
		return v.StringValue()
	}
	return ""
}

func boolean(args resource.PropertyMap, key string) bool {
	v := args[resource.PropertyKey(key)]
	return v.IsBool() && v.BoolValue()
}

func strings2(values []string) resource.PropertyValue {
	out := make([]resource.PropertyValue, len(values))
	for i, v := range values {
		out[i] = resource.NewProperty(v)
	}
	return resource.NewProperty(out)
}

// echo copies the set arguments into the result, as the provider's functions do.
func echo(out, args resource.PropertyMap) resource.PropertyMap {
	for k, v := range args {
		if !v.IsNull() {
			out[k] = v
		}
	}
	return out
}

// zones answers getZones: the region's zones, filtered by availableResourceCreation,
// availableInstanceType and availableDiskCategory; with enableDetails each says what it sells.
func (f *Fixture) zones(region string, args resource.PropertyMap) (resource.PropertyMap, error) {
	r, err := f.region(region)
	if err != nil {
		return nil, err
	}
	creation, itype, disk := str(args, "availableResourceCreation"), str(args, "availableInstanceType"), str(args, "availableDiskCategory")
	details := boolean(args, "enableDetails")
	var ids []string
	var zones []resource.PropertyValue
	for _, z := range r.Zones {
		if (creation != "" && !slices.Contains(z.ResourceCreation, creation)) ||
			(itype != "" && !slices.Contains(z.InstanceTypes, itype)) ||
			(disk != "" && !slices.Contains(z.DiskCategories, disk)) {
			continue
		}
		ids = append(ids, z.ID)
		zone := resource.PropertyMap{"id": resource.NewProperty(z.ID)}
		if details {
			zone["localName"] = resource.NewProperty(z.LocalName)
			zone["availableResourceCreations"] = strings2(z.ResourceCreation)
			zone["availableInstanceTypes"] = strings2(z.InstanceTypes)
			zone["availableDiskCategories"] = strings2(z.DiskCategories)
		}
		zones = append(zones, resource.NewProperty(zone))
	}
	sort.Strings(ids)
	sort.SliceStable(zones, func(i, j int) bool {
		return zones[i].ObjectValue()["id"].StringValue() < zones[j].ObjectValue()["id"].StringValue()
	})
	return echo(resource.PropertyMap{
		"id":    resource.NewProperty(region + "-zones"),
		"ids":   strings2(ids),
		"zones": resource.NewProperty(zones),
	}, args), nil
}

// instanceTypes answers getInstanceTypes: the types some zone of the region sells, filtered by
// availabilityZone, instanceType, instanceTypeFamily, cpuCoreCount, memorySize and
// systemDiskCategory, each with the zones that sell it.
func (f *Fixture) instanceTypes(region string, args resource.PropertyMap) (resource.PropertyMap, error) {
	r, err := f.region(region)
	if err != nil {
		return nil, err
	}
	zone, itype, family, disk := str(args, "availabilityZone"), str(args, "instanceType"), str(args, "instanceTypeFamily"), str(args, "systemDiskCategory")
	where := map[string][]string{}
	for _, z := range r.Zones {
		if (zone != "" && z.ID != zone) || (disk != "" && !slices.Contains(z.DiskCategories, disk)) {
			continue
		}
		for _, t := range z.InstanceTypes {
			where[t] = append(where[t], z.ID)
		}
	}
	var ids []string
	var types []resource.PropertyValue
	for _, t := range slices.Sorted(maps.Keys(where)) {
		size := f.InstanceTypes[t]
		fam := t[:max(strings.LastIndex(t, "."), 0)]
		if (itype != "" && t != itype) || (family != "" && fam != family) {
			continue
		}
		if v := args["cpuCoreCount"]; v.IsNumber() && int(v.NumberValue()) != size.CPU {
			continue
		}
		if v := args["memorySize"]; v.IsNumber() && v.NumberValue() != size.MemoryGiB {
			continue
		}
		zones := slices.Clone(where[t])
		sort.Strings(zones)
		ids = append(ids, t)
		types = append(types, resource.NewProperty(resource.PropertyMap{
			"id":                resource.NewProperty(t),
			"family":            resource.NewProperty(fam),
			"cpuCoreCount":      resource.NewProperty(float64(size.CPU)),
			"memorySize":        resource.NewProperty(size.MemoryGiB),
			"availabilityZones": strings2(zones),
		}))
	}
	return echo(resource.PropertyMap{
		"id":            resource.NewProperty(region + "-instance-types"),
		"ids":           strings2(ids),
		"instanceTypes": resource.NewProperty(types),
	}, args), nil
}

// images answers getImages: the images of the region, filtered by imageId, imageName, nameRegex,
// owners, architecture and osType; mostRecent keeps the newest.
func (f *Fixture) images(region string, args resource.PropertyMap) (resource.PropertyMap, error) {
	if _, err := f.region(region); err != nil {
		return nil, err
	}
	id, name, owners, arch, os := str(args, "imageId"), str(args, "imageName"), str(args, "owners"), str(args, "architecture"), str(args, "osType")
	if str(args, "nameRegex") == "" && owners == "" && !boolean(args, "mostRecent") {
		// The provider's own rule, before it asks the cloud.
		return nil, fmt.Errorf("getImages: one of nameRegex, owners or mostRecent must be assigned")
	}
	var re *regexp.Regexp
	if s := str(args, "nameRegex"); s != "" {
		var err error
		if re, err = regexp.Compile(s); err != nil {
			return nil, fmt.Errorf("getImages: nameRegex %q: %w", s, err)
		}
	}
	var found []FixtureImage
	for _, im := range f.Images.Images {
		if (len(im.Regions) > 0 && !slices.Contains(im.Regions, region)) ||
			(id != "" && im.ID != id) || (name != "" && im.Name != name) ||
			(re != nil && !re.MatchString(im.Name)) || (owners != "" && im.OwnerAlias != owners) ||
			(arch != "" && im.Architecture != arch) || (os != "" && im.OSType != os) {
			continue
		}
		found = append(found, im)
	}
	// Newest first, as the provider sorts.
	sort.SliceStable(found, func(i, j int) bool { return found[i].CreationTime > found[j].CreationTime })
	if boolean(args, "mostRecent") && len(found) > 1 {
		found = found[:1]
	}
	var ids []string
	var images []resource.PropertyValue
	for _, im := range found {
		ids = append(ids, im.ID)
		images = append(images, resource.NewProperty(resource.PropertyMap{
			"id":              resource.NewProperty(im.ID),
			"imageId":         resource.NewProperty(im.ID),
			"name":            resource.NewProperty(im.Name),
			"osName":          resource.NewProperty(im.OSName),
			"osNameEn":        resource.NewProperty(im.OSName),
			"osType":          resource.NewProperty(im.OSType),
			"platform":        resource.NewProperty(im.Platform),
			"architecture":    resource.NewProperty(im.Architecture),
			"imageOwnerAlias": resource.NewProperty(im.OwnerAlias),
			"creationTime":    resource.NewProperty(im.CreationTime),
			"status":          resource.NewProperty("Available"),
			"state":           resource.NewProperty("Available"),
		}))
	}
	return echo(resource.PropertyMap{
		"id":     resource.NewProperty(region + "-images"),
		"ids":    strings2(ids),
		"images": resource.NewProperty(images),
	}, args), nil
}

// kubernetesVersion answers getKubernetesVersion: the versions ACK creates clusters of the given
// type in, or the one asked for if ACK creates it.
func (f *Fixture) kubernetesVersion(args resource.PropertyMap) resource.PropertyMap {
	clusterType, want := str(args, "clusterType"), str(args, "kubernetesVersion")
	var metadatas []resource.PropertyValue
	if v := f.KubernetesVersions[clusterType]; v != nil {
		for _, x := range v.Versions {
			if want != "" && x.Version != want {
				continue
			}
			var runtimes []resource.PropertyValue
			if x.Containerd != "" {
				runtimes = append(runtimes, resource.NewProperty(resource.PropertyMap{
					"name": resource.NewProperty("containerd"), "version": resource.NewProperty(x.Containerd),
				}))
			}
			metadatas = append(metadatas, resource.NewProperty(resource.PropertyMap{
				"version":  resource.NewProperty(x.Version),
				"runtimes": resource.NewProperty(runtimes),
			}))
		}
	}
	return echo(resource.PropertyMap{
		"id":          resource.NewProperty(clusterType + "-versions"),
		"clusterType": resource.NewProperty(clusterType),
		"metadatas":   resource.NewProperty(metadatas),
	}, args)
}
