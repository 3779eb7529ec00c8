package federation

import (
	"fmt"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/validation"
)

const memberClustersType = "zonestack:federation:MemberClusters"

// MemberRef names a member stack and where its cluster is: an item of a stack file's
// federation.members.
type MemberRef struct {
	// Stack is the member's stack, e.g. gke-asia-east1; its kubeconfig output reaches the cluster.
	// Required.
	Stack string `pulumi:"stack" json:"stack"`
	// Cloud is the member's cloud, its stack's: gcp or alicloud (CloudGCP, CloudAlicloud).
	Cloud string `pulumi:"cloud" json:"cloud"`
	// Region and Zones are the member cluster's, as in its stack. Region is required.
	Region string   `pulumi:"region" json:"region"`
	Zones  []string `pulumi:"zones" json:"zones,omitempty"`
	// DualStack: the member's load balancer has an IPv6 address too.
	DualStack bool `pulumi:"dualStack" json:"dualStack,omitempty"`
}

// Cluster is the member as the record planner sees it: named by its stack, its shard unknown.
func (m MemberRef) Cluster() Cluster {
	return Cluster{Name: m.Stack, Cloud: m.Cloud, Region: m.Region, Zones: m.Zones, DualStack: m.DualStack}
}

// checkMembers records the problems of the member stacks, at members[i].
func checkMembers(l *validation.List, members []MemberRef) {
	if len(members) == 0 {
		l.Required("members", "is required: the member stacks")
	}
	seen := map[string]int{}
	for i, m := range members {
		at := fmt.Sprintf("members[%d]", i)
		if m.Stack == "" || m.Region == "" {
			l.Required(at, "needs stack and region")
		}
		if m.Cloud != CloudGCP && m.Cloud != CloudAlicloud {
			l.Invalid(at+".cloud", m.Cloud, "must be %s or %s: the member's cloud", CloudGCP, CloudAlicloud)
		}
		if m.Region != "" {
			lowerLabel(l, at+".region", m.Region)
		}
		for j, z := range m.Zones {
			lowerLabel(l, fmt.Sprintf("%s.zones[%d]", at, j), z)
		}
		if j, dup := seen[m.Stack]; dup && m.Stack != "" {
			l.Invalid(at+".stack", m.Stack, "duplicates members[%d].stack", j)
		}
		seen[m.Stack] = i
	}
}

// MemberClustersArgs are the inputs of MemberClusters.
type MemberClustersArgs struct {
	// Members are the member stacks. Required, at least one.
	Members []MemberRef `pulumi:"members"`
	// StackPrefix qualifies the member stacks' names for StackReferences: "<org>/<project>/".
	// Optional, default "organization/zonestack/" (the self-managed backends' organization).
	StackPrefix string `pulumi:"stackPrefix"`
	// ProviderVersion is the kubernetes provider plugin the members' providers ask for. Optional,
	// default the SDK's; a program whose engine has another plugin installed pins it here.
	ProviderVersion string `pulumi:"providerVersion"`
}

// Validate reports every problem of a: the members' stacks, clouds, regions and zones.
func (a MemberClustersArgs) Validate() error {
	var l validation.List
	checkMembers(&l, a.Members)
	return l.Err()
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
	if args == nil {
		return nil, fmt.Errorf("member clusters %q: args are required", name)
	}
	if err := args.Validate(); err != nil {
		return nil, fmt.Errorf("member clusters %q: %w", name, err)
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
		popts := []pulumi.ResourceOption{pulumi.Parent(mc)}
		if args.ProviderVersion != "" {
			popts = append(popts, pulumi.Version(args.ProviderVersion))
		}
		prov, err := kubernetes.NewProvider(ctx, name+"-"+m.Stack+"-k8s", &kubernetes.ProviderArgs{Kubeconfig: kubeconfig, ClusterIdentifier: id}, popts...)
		if err != nil {
			return nil, err
		}
		member := Member{Cluster: m.Cluster(), Provider: prov, Kubeconfig: kubeconfig}
		if m.Cloud == CloudAlicloud {
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
