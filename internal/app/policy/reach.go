package policy

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/zonestack/zonestack/internal/app/apiaccess"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

// apiReachable reads the route to the API server off the inputs the resources really get, not
// off the stack file: an ACK cluster's slbInternetEnabled, a GKE cluster's private endpoint and
// authorized networks, an Internet-facing NLB with a security group for a kubeadm control plane.
// A global stack's members are read from their stack files (Stack.Members).
func apiReachable(s *Stack) []Finding {
	const check = "api-reachable"
	if s.Config.Cloud == stackconfig.CloudGlobal {
		var out []Finding
		for _, a := range apiaccess.Global(s.Config, s.Members) {
			if !a.Reachable {
				out = append(out, Finding{check, Error, "members/" + a.Stack, a.Fix})
			}
		}
		return out
	}
	if s.Config.Cloud == stackconfig.CloudLocal || s.Config.RunsInVPC() || !appliesKubernetes(s) {
		return nil
	}
	var out []Finding
	unreachable := func(name, why string) {
		out = append(out, Finding{check, Error, name, "the stack applies Kubernetes objects from a runner outside the VPC (runner: internet), and " + why})
	}
	for _, c := range s.byType(rt.CsManagedKubernetes) {
		if v := c.Inputs["slbInternetEnabled"]; !v.IsBool() || !v.BoolValue() {
			unreachable(c.Name, "the API server has no public endpoint (slbInternetEnabled is not true)")
		}
	}
	for _, c := range s.byType(rt.GkeCluster) {
		in := resource.NewProperty(c.Inputs)
		if v := obj(in, "privateClusterConfig", "enablePrivateEndpoint"); !v.IsBool() || v.BoolValue() {
			unreachable(c.Name, "the API server has only its private endpoint (privateClusterConfig.enablePrivateEndpoint is not false)")
			continue
		}
		if v := obj(in, "masterAuthorizedNetworksConfig", "cidrBlocks"); !v.IsArray() || len(v.ArrayValue()) == 0 {
			unreachable(c.Name, "the public endpoint has no authorized network (masterAuthorizedNetworksConfig.cidrBlocks), so it lets no address outside the VPC through")
		}
	}
	if s.Config.SelfManaged != nil {
		public := false
		for _, lb := range s.byType(rt.NlbLoadBalancer) {
			sgs := lb.Inputs["securityGroupIds"]
			if str(lb.Inputs["addressType"]) == "Internet" && sgs.IsArray() && len(sgs.ArrayValue()) > 0 {
				public = true
			}
		}
		if !public {
			unreachable("cluster", "the control plane has no Internet-facing NLB with a security group (only its internal VIP)")
		}
	}
	return out
}

// appliesKubernetes says the stack registers Kubernetes objects, which its runner must reach
// the API server to apply.
func appliesKubernetes(s *Stack) bool {
	for _, r := range s.Result.Recorder.Registrations() {
		if r.Custom && strings.HasPrefix(r.Type, rt.KubernetesPrefix) {
			return true
		}
	}
	return false
}
