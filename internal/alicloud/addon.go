package alicloud

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// KubernetesAddonToken is the type of an ACK add-on managed after the cluster exists.
const KubernetesAddonToken = "alicloud:cs/kubernetesAddon:KubernetesAddon"

// KubernetesAddonArgs are the inputs of an ACK add-on (alicloud:cs/kubernetesAddon:KubernetesAddon).
type KubernetesAddonArgs struct {
	ClusterID pulumi.StringInput `pulumi:"clusterId" required:"true"`
	// Name is the add-on, e.g. ack-virtual-node. Optional in the schema, its identity in practice.
	Name    pulumi.StringInput `pulumi:"name" required:"true"`
	Version pulumi.StringInput `pulumi:"version"`
	// Config is a JSON document merged into the add-on's server-side config; removing a key does
	// not clear it.
	Config pulumi.StringInput `pulumi:"config"`
	// CleanupCloudResources removes what the add-on created (ECI instances of ack-virtual-node)
	// when it is uninstalled.
	CleanupCloudResources pulumi.BoolInput `pulumi:"cleanupCloudResources"`
}

// KubernetesAddon is an ACK add-on.
type KubernetesAddon struct {
	pulumi.CustomResourceState

	Name    pulumi.StringOutput `pulumi:"name"`
	Version pulumi.StringOutput `pulumi:"version"`
	// Required says ACK requires the add-on in every cluster.
	Required pulumi.BoolOutput `pulumi:"required"`
}

// NewKubernetesAddon registers an ACK add-on.
func NewKubernetesAddon(ctx *pulumi.Context, name string, args *KubernetesAddonArgs, opts ...pulumi.ResourceOption) (*KubernetesAddon, error) {
	return newResource[KubernetesAddon](ctx, KubernetesAddonToken, name, args, opts)
}
