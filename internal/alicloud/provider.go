package alicloud

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// ProviderToken is the type of an explicit alicloud provider resource.
const ProviderToken = "pulumi:providers:alicloud"

// ProviderArgs configure an explicit alicloud provider. Credentials are not inputs here: the
// provider reads them from its environment (ALICLOUD_ACCESS_KEY, ALICLOUD_SECRET_KEY, or a
// profile, an ECS RAM role or an assumed role), so that no key is ever written to state.
type ProviderArgs struct {
	// Region is the region every resource of this provider is created in. Required.
	Region  pulumi.StringInput `pulumi:"region" required:"true"`
	Profile pulumi.StringInput `pulumi:"profile"`
}

// Provider is an explicit alicloud provider.
type Provider struct {
	pulumi.ProviderResourceState
}

// NewProvider registers an explicit alicloud provider at ProviderVersion.
func NewProvider(ctx *pulumi.Context, name string, args *ProviderArgs, opts ...pulumi.ResourceOption) (*Provider, error) {
	if err := checkRequired(args); err != nil {
		return nil, err
	}
	var p Provider
	opts = append(opts, pulumi.Version(ProviderVersion))
	if err := ctx.RegisterResource(ProviderToken, name, toInputMap(args), &p, opts...); err != nil {
		return nil, err
	}
	return &p, nil
}
