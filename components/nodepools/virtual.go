package nodepools

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-alicloud/sdk/v3/go/alicloud/cs"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/internal/base/ackapi"
	"github.com/zonestack/zonestack/internal/base/outputs"
	"github.com/zonestack/zonestack/validation"
)

const virtualNodesType = "zonestack:nodepools:VirtualNodes"

// VirtualNodeAddon is the ACK add-on that runs ECI virtual nodes.
const VirtualNodeAddon = "ack-virtual-node"

// PatchForceAnnotation lets a kubernetes Patch resource take over fields another manager set: the
// eci-profile's are first written by the add-on.
const PatchForceAnnotation = "pulumi.com/patchForce"

// VirtualNodesSpec is what a stack file can say about VirtualNodes (virtualNodes): the add-on and
// the routing of pods to ECI. Zero values mean "use the default". No AccessKey: the add-on acts
// with the cluster's RAM role.
type VirtualNodesSpec struct {
	// AddonVersion pins the add-on. Optional, default: the version ACK installs.
	AddonVersion string `json:"addonVersion,omitempty" pulumi:"addonVersion"`
	// Namespaces run every pod on ECI: whole namespaces, matched by name. Optional.
	Namespaces []string `json:"namespaces,omitempty" pulumi:"namespaces"`
	// Selectors send chosen pods to ECI, and may add ECI annotations and labels. Optional.
	Selectors []ECISelector `json:"selectors,omitempty" pulumi:"selectors"`
	// DropDefaultSelectors removes ACK's own selectors (alibabacloud.com/eci: "true" on a pod or
	// its namespace, the label seed 001 puts on its namespace). Optional, default false: they stay.
	DropDefaultSelectors bool `json:"dropDefaultSelectors,omitempty" pulumi:"dropDefaultSelectors"`
	// KeepCloudResources leaves the ECI instances running when the add-on is uninstalled.
	// Optional, default false: uninstalling cleans them up, as ACK requires to be said.
	KeepCloudResources bool `json:"keepCloudResources,omitempty" pulumi:"keepCloudResources"`
}

// VirtualNodesArgs are the inputs of VirtualNodes: the spec and where ECI pods go, which a
// stack takes from its network and cluster (its pod vSwitches, one per zone, and the cluster's
// security group).
type VirtualNodesArgs struct {
	VirtualNodesSpec
	// ClusterID is the ACK cluster to install the ack-virtual-node add-on on. Optional: without
	// it the add-on is taken as installed (the local cluster stands in for it) and only the
	// eci-profile is written.
	ClusterID pulumi.StringInput `pulumi:"clusterId"`
	// VpcID is the VPC of the ECI pods: the cluster's. Required.
	VpcID pulumi.StringInput `pulumi:"vpcId"`
	// VSwitches are where ECI pods get their addresses, one per zone, so that a burst is not
	// confined to one zone. Required.
	VSwitches []ECIVSwitch `pulumi:"vswitches"`
	// SecurityGroupID is the security group ECI pods join: the cluster's, so they reach the
	// nodes' pods and the stack's database. Required.
	SecurityGroupID pulumi.StringInput `pulumi:"securityGroupId"`
}

// ECIVSwitch is a vSwitch ECI pods may use, with its zone.
type ECIVSwitch struct {
	Zone string             `pulumi:"zone"`
	ID   pulumi.StringInput `pulumi:"id"`
}

// ECISelector is one eci-profile selector: the pods it matches run on ECI.
type ECISelector struct {
	// Name of the selector. Required, unique.
	Name string `json:"name" pulumi:"name"`
	// NamespaceLabels the pod's namespace must have. Optional.
	NamespaceLabels map[string]string `json:"namespaceLabels,omitempty" pulumi:"namespaceLabels"`
	// PodLabels the pod must have. Optional; one of the two is required.
	PodLabels map[string]string `json:"podLabels,omitempty" pulumi:"podLabels"`
	// Annotations and Labels are added to the matched pods, e.g.
	// k8s.aliyun.com/eci-use-specs. Optional.
	Annotations map[string]string `json:"annotations,omitempty" pulumi:"annotations"`
	Labels      map[string]string `json:"labels,omitempty" pulumi:"labels"`
}

// VirtualNodes is the ack-virtual-node add-on and the eci-profile that routes pods to ECI.
type VirtualNodes struct {
	pulumi.ResourceState

	// AddonName is the installed add-on; empty without ClusterID.
	AddonName pulumi.StringOutput `pulumi:"addonName"`
	// Selectors is the eci-profile's selectors document, as written.
	Selectors pulumi.StringOutput `pulumi:"selectors"`

	// Addon is the add-on resource; nil without ClusterID.
	Addon *cs.KubernetesAddon
	// Profile is the patch of the eci-profile ConfigMap.
	Profile *corev1.ConfigMapPatch
}

// Validate reports every problem with the args: where ECI pods go, then the spec's rules.
func (a VirtualNodesArgs) Validate() error {
	var l validation.List
	if a.VpcID == nil {
		l.Required("vpcId", "is required: the VPC of the ECI pods")
	}
	if a.SecurityGroupID == nil {
		l.Required("securityGroupId", "is required: the security group ECI pods join")
	}
	if len(a.VSwitches) == 0 {
		l.Required("vswitches", "is required: at least one vSwitch per zone for ECI pods")
	}
	zones := map[string]int{}
	for i, v := range a.VSwitches {
		f := fmt.Sprintf("vswitches[%d]", i)
		if v.Zone == "" {
			l.Required(f+".zone", "")
		} else if j, dup := zones[v.Zone]; dup {
			l.Invalid(f+".zone", v.Zone, "duplicates vswitches[%d].zone; one vSwitch per zone", j)
		}
		zones[v.Zone] = i
		if v.ID == nil {
			l.Required(f+".id", "")
		}
	}
	l.Merge("", a.VirtualNodesSpec.Validate())
	return l.Err()
}

// Validate reports every problem with the spec, under its keys ("selectors[0].name").
func (v VirtualNodesSpec) Validate() error {
	var l validation.List
	if v.AddonVersion != "" && !strings.HasPrefix(v.AddonVersion, "v") {
		l.Invalid("addonVersion", v.AddonVersion, "must be an ACK add-on version such as v2.13.0")
	}
	for i, ns := range v.Namespaces {
		if !dnsSubdomain.MatchString(ns) || len(ns) > 63 {
			l.Invalid(fmt.Sprintf("namespaces[%d]", i), ns, "must be a Kubernetes namespace name")
		}
		if ns == "kube-system" {
			l.Invalid(fmt.Sprintf("namespaces[%d]", i), ns, "must not be kube-system: the cluster's own components would move to ECI")
		}
	}
	names := map[string]int{}
	for i, s := range v.Selectors {
		f := fmt.Sprintf("selectors[%d]", i)
		if !dnsSubdomain.MatchString(s.Name) {
			l.Invalid(f+".name", s.Name, "must be a lower-case name of letters, digits, '-' and '.'")
		}
		if j, dup := names[s.Name]; dup {
			l.Invalid(f+".name", s.Name, "duplicates selectors[%d].name", j)
		}
		names[s.Name] = i
		if len(s.NamespaceLabels) == 0 && len(s.PodLabels) == 0 {
			l.Required(f, "needs namespaceLabels or podLabels: a selector with neither sends every pod of the cluster to ECI")
		}
		for _, m := range []struct {
			field  string
			labels map[string]string
		}{{"namespaceLabels", s.NamespaceLabels}, {"podLabels", s.PodLabels}, {"labels", s.Labels}} {
			for _, k := range slices.Sorted(maps.Keys(m.labels)) {
				if msg := validateLabelKey(k); msg != "" {
					l.Invalid(f+"."+m.field, k, "%s", msg)
				}
				if msg := validateLabelValue(m.labels[k]); msg != "" {
					l.Invalid(f+"."+m.field+"."+k, m.labels[k], "%s", msg)
				}
			}
		}
	}
	return l.Err()
}

// NewVirtualNodes validates args, installs the add-on (with ClusterID) and patches the
// eci-profile with the ECI vSwitches, the security group and the selectors. On invalid args it
// returns every problem and registers nothing.
func NewVirtualNodes(ctx *pulumi.Context, name string, args *VirtualNodesArgs, opts ...pulumi.ResourceOption) (*VirtualNodes, error) {
	if args == nil {
		return nil, fmt.Errorf("virtual nodes %q: args are required", name)
	}
	a := *args
	if err := a.Validate(); err != nil {
		return nil, fmt.Errorf("virtual nodes %q: %w", name, err)
	}
	vn := &VirtualNodes{}
	if err := ctx.RegisterComponentResource(virtualNodesType, name, vn, opts...); err != nil {
		return nil, err
	}
	var deps []pulumi.Resource
	vn.AddonName = pulumi.String("").ToStringOutput()
	if a.ClusterID != nil {
		addonArgs := &cs.KubernetesAddonArgs{
			ClusterId: a.ClusterID,
			Name:      pulumi.String(VirtualNodeAddon),
			// ACK asks that uninstalling ack-virtual-node say what happens to its ECI instances.
			CleanupCloudResources: pulumi.Bool(!a.KeepCloudResources),
		}
		if a.AddonVersion != "" {
			addonArgs.Version = pulumi.String(a.AddonVersion)
		}
		// No AccessKey: the managed add-on acts with the cluster's RAM role.
		addon, err := cs.NewKubernetesAddon(ctx, name+"-addon", addonArgs, pulumi.Parent(vn))
		if err != nil {
			return nil, err
		}
		vn.Addon, vn.AddonName = addon, addon.Name
		deps = append(deps, addon)
	}
	selectors, err := SelectorsDocument(a)
	if err != nil {
		return nil, err
	}
	ids := make([]any, len(a.VSwitches))
	for i, v := range a.VSwitches {
		ids[i] = v.ID
	}
	vswitchIDs := outputs.Join(",", ids...)
	profile, err := corev1.NewConfigMapPatch(ctx, name+"-eci-profile", &corev1.ConfigMapPatchArgs{
		Metadata: &metav1.ObjectMetaPatchArgs{
			Name:        pulumi.String(ackapi.ECIProfileName),
			Namespace:   pulumi.String(ackapi.ECIProfileNamespace),
			Annotations: pulumi.StringMap{PatchForceAnnotation: pulumi.String("true")},
		},
		// Only these keys are ours; the add-on's other settings stay as it wrote them.
		Data: pulumi.StringMap{
			"vpcId":           a.VpcID,
			"vSwitchIds":      vswitchIDs,
			"securityGroupId": a.SecurityGroupID,
			"selectors":       pulumi.String(selectors),
		},
	}, pulumi.Parent(vn), pulumi.DependsOn(deps))
	if err != nil {
		return nil, err
	}
	vn.Profile = profile
	vn.Selectors = pulumi.String(selectors).ToStringOutput()
	if err := ctx.RegisterResourceOutputs(vn, pulumi.Map{
		"addonName": vn.AddonName,
		"selectors": vn.Selectors,
	}); err != nil {
		return nil, err
	}
	return vn, nil
}

// DefaultECISelectors are the selectors ACK's eci-profile ships with for its label
// alibabacloud.com/eci: "true", on a pod or on its namespace.
var DefaultECISelectors = []ECISelector{
	{Name: "alibabacloud-eci-pod", PodLabels: map[string]string{ackapi.ECILabel: "true"}},
	{Name: "alibabacloud-eci-namespace", NamespaceLabels: map[string]string{ackapi.ECILabel: "true"}},
}

// profileSelector is one entry of the eci-profile's selectors, in the add-on's JSON.
type profileSelector struct {
	Name              string         `json:"name"`
	NamespaceSelector *labelSelector `json:"namespaceSelector,omitempty"`
	ObjectSelector    *labelSelector `json:"objectSelector,omitempty"`
	Effect            *effect        `json:"effect,omitempty"`
}

type labelSelector struct {
	MatchLabels map[string]string `json:"matchLabels"`
}

type effect struct {
	Annotations map[string]string `json:"annotations,omitempty"`
	Labels      map[string]string `json:"labels,omitempty"`
}

// SelectorsDocument is the eci-profile's selectors value for args: ACK's defaults (unless
// dropped), one selector per namespace (by its kubernetes.io/metadata.name label, which every
// namespace has), then the given selectors, in that order (the add-on matches in order).
func SelectorsDocument(a VirtualNodesArgs) (string, error) {
	var all []ECISelector
	if !a.DropDefaultSelectors {
		all = append(all, DefaultECISelectors...)
	}
	for _, ns := range a.Namespaces {
		all = append(all, ECISelector{Name: "zonestack-namespace-" + ns, NamespaceLabels: map[string]string{ackapi.NamespaceNameLabel: ns}})
	}
	all = append(all, a.Selectors...)
	out := make([]profileSelector, 0, len(all))
	for _, s := range all {
		p := profileSelector{Name: s.Name}
		if len(s.NamespaceLabels) > 0 {
			p.NamespaceSelector = &labelSelector{MatchLabels: s.NamespaceLabels}
		}
		if len(s.PodLabels) > 0 {
			p.ObjectSelector = &labelSelector{MatchLabels: s.PodLabels}
		}
		if len(s.Annotations) > 0 || len(s.Labels) > 0 {
			p.Effect = &effect{Annotations: s.Annotations, Labels: s.Labels}
		}
		out = append(out, p)
	}
	b, err := json.MarshalIndent(out, "", "  ")
	return string(b), err
}
