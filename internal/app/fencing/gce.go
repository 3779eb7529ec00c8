package fencing

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/oauth2/google"
)

// GCE is the Cloud of a GKE cluster: the Compute Engine API's instances.get for the instance a
// node's providerID names, "gce://<project>/<zone>/<instance>". It calls the REST API
// (compute/v1) directly with the application default credentials (Workload Identity on GKE);
// the Go client google.golang.org/api/compute/v1 would do the same, but requiring it upgrades
// grpc, protobuf and golang.org/x/* under the Pulumi SDK, which this module keeps where they are.
// Only TERMINATED (stopped) is off, and an instance that is not found (404) is released;
// SUSPENDED is not off: a resumed instance carries on writing from where it was.
type GCE struct {
	// Get fetches an instance's status by project, zone and name; found false on 404. Optional:
	// NewGCE's HTTP client.
	Get func(ctx context.Context, project, zone, name string) (status string, found bool, err error)
}

// computeScope is the scope instances.get needs (read-only).
const computeScope = "https://www.googleapis.com/auth/compute.readonly"

// NewGCE is the GCE cloud with the application default credentials.
func NewGCE(ctx context.Context) (*GCE, error) {
	hc, err := google.DefaultClient(ctx, computeScope)
	if err != nil {
		return nil, fmt.Errorf("google credentials: %w", err)
	}
	return &GCE{Get: func(ctx context.Context, project, zone, name string) (string, bool, error) {
		u := fmt.Sprintf("https://compute.googleapis.com/compute/v1/projects/%s/zones/%s/instances/%s?fields=status",
			url.PathEscape(project), url.PathEscape(zone), url.PathEscape(name))
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return "", false, err
		}
		resp, err := hc.Do(req)
		if err != nil {
			return "", false, err
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		switch {
		case resp.StatusCode == http.StatusNotFound:
			return "", false, nil
		case resp.StatusCode != http.StatusOK:
			return "", false, fmt.Errorf("instances.get %s/%s/%s: %s: %s", project, zone, name, resp.Status, strings.TrimSpace(string(body)))
		}
		var inst struct {
			Status string `json:"status"`
		}
		if err := json.Unmarshal(body, &inst); err != nil {
			return "", false, err
		}
		return inst.Status, true, nil
	}}, nil
}

// ParseGCEProviderID splits a GKE node's providerID, "gce://<project>/<zone>/<instance>".
func ParseGCEProviderID(providerID string) (project, zone, name string, err error) {
	rest, ok := strings.CutPrefix(providerID, "gce://")
	parts := strings.Split(rest, "/")
	if !ok || len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		return "", "", "", fmt.Errorf("providerID %q is not a GKE node's gce://<project>/<zone>/<instance>", providerID)
	}
	return parts[0], parts[1], parts[2], nil
}

// InstanceState asks Compute Engine.
func (g *GCE) InstanceState(ctx context.Context, providerID string) (State, error) {
	project, zone, name, err := ParseGCEProviderID(providerID)
	if err != nil {
		return Unknown, err
	}
	status, found, err := g.Get(ctx, project, zone, name)
	if err != nil {
		return Unknown, err
	}
	if !found {
		return Released, nil
	}
	return gceState(status), nil
}

// gceState maps an instance's status (PROVISIONING, STAGING, RUNNING, STOPPING, SUSPENDING,
// SUSPENDED, REPAIRING, TERMINATED) to State.
func gceState(status string) State {
	switch status {
	case "TERMINATED":
		return Stopped
	case "PROVISIONING", "STAGING", "RUNNING", "STOPPING", "SUSPENDING", "SUSPENDED", "REPAIRING":
		return Running
	}
	return Unknown
}
