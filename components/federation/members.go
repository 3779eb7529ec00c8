package federation

import (
	"fmt"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const memberClustersType = "zonestack:federation:MemberClusters"

// MemberRef names a member stack and where its cluster is.
type MemberRef struct {
	// Stack is the member's stack, e.g. gke-asia-east1; its kubeconfig output reaches the cluster.
	Stack string `pulumi:"stack"`
	// Cloud is the member's cloud: gcp or alicloud.
	Cloud string `pulumi:"cloud"`
	// Region and Zones are the member cluster's, as in its stack.
	Region string   `pulumi:"region"`
	Zones  []string `pulumi:"zones"`
	// DualStack: the member's load balancer has an IPv6 address too.
	DualStack bool `pulumi:"dualStack"`
}

// MemberClustersArgs are the inputs of MemberClusters.
type MemberClustersArgs struct {
	Members []MemberRef `pulumi:"members"`
	// StackPrefix qualifies the member stacks' names for StackReferences: "<org>/<project>/".
	// Optional, default "organization/zonestack/" (the self-managed backends' organization).
	StackPrefix string `pulumi:"stackPrefix"`
}

// MemberClusters reach the member stacks' clusters: a StackReference and a kubernetes provider
// from its kubeconfig (a secret) per member.
type MemberClusters struct {
	pulumi.ResourceState

	// Members are the member clusters with their providers, in the order given.
	Members []Member
}

// NewMemberClusters registers a StackReference and a provider per member.
func NewMemberClusters(ctx *pulumi.Context, name string, args *MemberClustersArgs, opts ...pulumi.ResourceOption) (*MemberClusters, error) {
	if args == nil || len(args.Members) == 0 {
		return nil, fmt.Errorf("member clusters %q: members: is required: at least one member stack", name)
	}
	prefix := args.StackPrefix
	if prefix == "" {
		prefix = "organization/zonestack/"
	}
	mc := &MemberClusters{}
	if err := ctx.RegisterComponentResource(memberClustersType, name, mc, opts...); err != nil {
		return nil, err
	}
	for _, m := range args.Members {
		ref, err := pulumi.NewStackReference(ctx, name+"-"+m.Stack, &pulumi.StackReferenceArgs{Name: pulumi.String(prefix + m.Stack)}, pulumi.Parent(mc))
		if err != nil {
			return nil, err
		}
		kubeconfig := pulumi.ToSecret(ref.GetOutput(pulumi.String("kubeconfig")).ApplyT(func(v any) (string, error) {
			s, ok := v.(string)
			if !ok || s == "" {
				return "", fmt.Errorf("stack %s has no kubeconfig output: run pulumi up there first", m.Stack)
			}
			return s, nil
		})).(pulumi.StringOutput)
		// The member's objects follow its cluster: replaced when the member's cluster is (its
		// clusterIdentifier output), updated when only its kubeconfig changes. A member stack of
		// a release without that output is named by its stack.
		id := ref.GetOutput(pulumi.String("clusterIdentifier")).ApplyT(func(v any) string {
			if s, ok := v.(string); ok && s != "" {
				return s
			}
			return prefix + m.Stack
		}).(pulumi.StringOutput)
		prov, err := kubernetes.NewProvider(ctx, name+"-"+m.Stack+"-k8s", &kubernetes.ProviderArgs{Kubeconfig: kubeconfig, ClusterIdentifier: id}, pulumi.Parent(mc))
		if err != nil {
			return nil, err
		}
		member := Member{Cluster: Cluster{Name: m.Stack, Cloud: m.Cloud, Region: m.Region, Zones: m.Zones, DualStack: m.DualStack}, Provider: prov}
		if m.Cloud == "alicloud" {
			// A private zone for the federation answers in the member's VPC.
			member.VpcID = ref.GetStringOutput(pulumi.String("vpcId"))
		}
		mc.Members = append(mc.Members, member)
	}
	if err := ctx.RegisterResourceOutputs(mc, pulumi.Map{}); err != nil {
		return nil, err
	}
	return mc, nil
}
