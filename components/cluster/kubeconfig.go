package cluster

import (
	"fmt"

	"sigs.k8s.io/yaml"

	"github.com/zonestack/zonestack/validation"
)

// kubeconfigServer is kubeconfig with every cluster's server set to server: the same credential,
// another address of the same API server.
func kubeconfigServer(kubeconfig, server string) (string, error) {
	if server == "" {
		return "", fmt.Errorf("the cluster reports no intranet endpoint to reach it by")
	}
	var doc map[string]any
	if err := yaml.Unmarshal([]byte(kubeconfig), &doc); err != nil {
		return "", fmt.Errorf("kubeconfig: %w", err)
	}
	clusters, _ := doc["clusters"].([]any)
	if len(clusters) == 0 {
		return "", fmt.Errorf("kubeconfig names no cluster")
	}
	for _, c := range clusters {
		entry, _ := c.(map[string]any)
		cl, _ := entry["cluster"].(map[string]any)
		if cl == nil {
			return "", fmt.Errorf("kubeconfig: a clusters entry has no cluster")
		}
		cl["server"] = server
	}
	out, err := yaml.Marshal(doc)
	return string(out), err
}

// refuseExampleSources refuses authorized networks left at a range reserved for examples. Only
// `pulumi up` calls it: a preview goes on, so that a stack file can be planned as shipped, while
// creating a cluster no one can reach would fail only after it, at its first object.
func refuseExampleSources(cidrs []string) error {
	for i, cidr := range cidrs {
		if validation.DocumentationRange(cidr) {
			return fmt.Errorf("authorizedNetworks[%d]: %s is a range reserved for examples (RFC 5737), which no machine's egress is in; list the egress range of the machine that runs pulumi up", i, cidr)
		}
	}
	return nil
}
