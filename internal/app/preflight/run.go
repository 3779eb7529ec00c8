package preflight

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud"
	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/cs"
	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/ecs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/components/nodepools"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
)

// maxImagesOffered bounds the images a refusal lists.
const maxImagesOffered = 3

// Run asks the cloud what Ask says cfg needs, through prov (the stack's explicit regional alicloud
// provider), and returns Check's verdict: nil, or every refusal in one error. It uses the
// synchronous invokes, so it returns before the program registers anything else; call it right
// after the provider. pools are the stack's planned pools (program.Pools). An invoke that fails
// (no credentials, no network) fails the run with the function's error.
func Run(ctx *pulumi.Context, cfg *stackconfig.Config, pools []nodepools.Pool, prov pulumi.ProviderResource) error {
	q := Ask(cfg)
	f, err := Gather(ctx, q, cfg.Region, pulumi.Provider(prov))
	if err != nil {
		return err
	}
	return Check(cfg, pools, f)
}

// Gather makes the invokes q asks for and returns their answers as Facts.
func Gather(ctx *pulumi.Context, q Questions, region string, opts ...pulumi.InvokeOption) (Facts, error) {
	f := Facts{Region: region}
	fail := func(fn string, err error) (Facts, error) {
		return Facts{}, fmt.Errorf("pre-flight: %s in %s: %w", fn, region, err)
	}
	if q.Zones {
		// One call for every zone: with details each zone lists what ECS can create there and the
		// instance types and disk categories it sells, so the pools of all zones are checked from
		// it (getInstanceTypes would take a call per zone). No resource filter: one answer serves
		// the vSwitch and the instance checks. getZones leaves out a zone ECS has sold out.
		res, err := alicloud.GetZones(ctx, &alicloud.GetZonesArgs{EnableDetails: pulumi.BoolRef(true)}, opts...)
		if err != nil {
			return fail("getZones", err)
		}
		f.Zones = make([]Zone, 0, len(res.Zones))
		for _, z := range res.Zones {
			f.Zones = append(f.Zones, Zone{
				ID: z.Id, ResourceCreation: z.AvailableResourceCreations,
				InstanceTypes: z.AvailableInstanceTypes, DiskCategories: z.AvailableDiskCategories,
			})
		}
	}
	if q.KubernetesVersion != "" {
		// Without kubernetesVersion: every version ACK creates, to say what is offered instead.
		res, err := cs.GetKubernetesVersion(ctx, &cs.GetKubernetesVersionArgs{ClusterType: ClusterType}, opts...)
		if err != nil {
			return fail("getKubernetesVersion", err)
		}
		f.KubernetesVersions = make([]string, 0, len(res.Metadatas))
		for _, m := range res.Metadatas {
			f.KubernetesVersions = append(f.KubernetesVersions, m.Version)
		}
	}
	if q.ImageID != "" {
		// The provider wants one of nameRegex, owners or mostRecent besides the ID; mostRecent
		// keeps every owner in.
		res, err := ecs.GetImages(ctx, &ecs.GetImagesArgs{ImageId: pulumi.StringRef(q.ImageID), MostRecent: pulumi.BoolRef(true)}, opts...)
		if err != nil {
			return fail("getImages", err)
		}
		f.Image = &Image{ID: q.ImageID}
		for _, im := range res.Images {
			if im.Id == q.ImageID || im.ImageId == q.ImageID {
				f.Image.Found = true
			}
		}
		if !f.Image.Found && q.ImageFamily != "" {
			alt, err := ecs.GetImages(ctx, &ecs.GetImagesArgs{NameRegex: pulumi.StringRef(q.ImageFamily), Owners: pulumi.StringRef("system")}, opts...)
			if err != nil {
				return fail("getImages", err)
			}
			images := slices.Clone(alt.Images)
			slices.SortStableFunc(images, func(a, b ecs.GetImagesImage) int { return strings.Compare(b.CreationTime, a.CreationTime) })
			for _, im := range images {
				if len(f.Image.Offered) < maxImagesOffered {
					f.Image.Offered = append(f.Image.Offered, im.Id)
				}
			}
		}
	}
	return f, nil
}
