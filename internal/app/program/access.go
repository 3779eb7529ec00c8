package program

import (
	"fmt"

	"github.com/zonestack/zonestack/internal/app/apiaccess"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
	"github.com/zonestack/zonestack/validation"
)

// validateAPIAccess refuses a stack whose `pulumi up` could not reach the API server it applies
// Kubernetes objects to: without it the network, the cluster and its pools are created and
// then every object times out.
func validateAPIAccess(l *validation.List, cfg *stackconfig.Config) {
	a := apiaccess.Of(cfg)
	if a == nil || a.Reachable {
		return
	}
	var value any
	switch a.Field {
	case "cluster.authorizedNetworks", "selfManaged.authorizedNetworks":
		return // the cluster's own rule says it (GkeClusterArgs.Validate, KubeadmClusterArgs)
	case "cluster.publicEndpoint":
		if ack := cfg.AckCluster(); ack != nil {
			value = ack.PublicEndpoint
		} else if gke := cfg.GkeCluster(); gke != nil {
			value = gke.PublicEndpoint
		}
	case "selfManaged.publicEndpoint":
		value = cfg.SelfManaged.PublicEndpoint
	}
	l.Invalid(a.Field, value, "with runner %s, pulumi up cannot reach the API server, which has %s: %s", a.Runner, a.Endpoint, a.Fix)
}

// exampleSources warns of authorized networks left at a range reserved for examples: a preview
// goes on, `pulumi up` refuses them (cluster.NewGkeCluster).
func exampleSources(cfg *stackconfig.Config) []string {
	field, nets := "cluster.authorizedNetworks", []string(nil)
	switch {
	case cfg.SelfManaged != nil:
		field, nets = "selfManaged.authorizedNetworks", cfg.SelfManaged.AuthorizedNetworks
	case cfg.GkeCluster() != nil:
		nets = cfg.GkeCluster().AuthorizedNetworks
	}
	var out []string
	for i, c := range nets {
		if validation.DocumentationRange(c) {
			out = append(out, fmt.Sprintf("%s[%d]: %s is a range reserved for examples (RFC 5737); pulumi up refuses it: set the egress range of the machine that runs it", field, i, c))
		}
	}
	return out
}
