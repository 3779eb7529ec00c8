package fencing

import (
	"context"
	"fmt"
	"strings"
	"sync"

	openapiutil "github.com/alibabacloud-go/darabonba-openapi/v2/utils"
	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/aliyun/credentials-go/credentials"
)

// ECS is the Cloud of an ACK cluster: ECS DescribeInstanceStatus for the instance a node's
// providerID names. ACK writes providerID as "<region>.<instance id>" (cn-hangzhou.i-bp1...).
// ECS reports Pending, Running, Starting, Stopping and Stopped; only Stopped is off, and an
// instance the answer does not list is released (DescribeInstanceStatus lists every instance of
// the region that exists, asked by ID). The region is the providerID's own, so an instance is
// never taken for released because it was looked for in another region.
type ECS struct {
	// Describe calls DescribeInstanceStatus in a region for one instance and returns the
	// instances listed, by ID. Optional: NewECS's SDK client.
	Describe func(ctx context.Context, region, instanceID string) (map[string]string, error)
}

// NewECS is the ECS cloud on Alibaba Cloud's Go SDK (github.com/alibabacloud-go/ecs-20140526/v7)
// with the credentials of the SDK's default chain (github.com/aliyun/credentials-go): on an ACK
// node, the RAM role of the node's instance (through the metadata service), or the pod's RRSA
// role when ALIBABA_CLOUD_ROLE_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE are set. The role needs
// ecs:DescribeInstanceStatus, nothing else.
func NewECS() (*ECS, error) {
	cred, err := credentials.NewCredential(nil)
	if err != nil {
		return nil, fmt.Errorf("alibaba cloud credentials: %w", err)
	}
	var mu sync.Mutex
	clients := map[string]*ecs.Client{}
	client := func(region string) (*ecs.Client, error) {
		mu.Lock()
		defer mu.Unlock()
		if c, ok := clients[region]; ok {
			return c, nil
		}
		c, err := ecs.NewClient(&openapiutil.Config{Credential: cred, RegionId: &region})
		if err != nil {
			return nil, err
		}
		clients[region] = c
		return c, nil
	}
	return &ECS{Describe: func(_ context.Context, region, id string) (map[string]string, error) {
		c, err := client(region)
		if err != nil {
			return nil, err
		}
		resp, err := c.DescribeInstanceStatus(&ecs.DescribeInstanceStatusRequest{RegionId: &region, InstanceId: []*string{&id}})
		if err != nil {
			return nil, err
		}
		if resp == nil || resp.Body == nil {
			return nil, fmt.Errorf("DescribeInstanceStatus %s: empty answer", id)
		}
		out := map[string]string{}
		if s := resp.Body.InstanceStatuses; s != nil {
			for _, st := range s.InstanceStatus {
				if st != nil && st.InstanceId != nil && st.Status != nil {
					out[*st.InstanceId] = *st.Status
				}
			}
		}
		return out, nil
	}}, nil
}

// ParseACKProviderID splits an ACK node's providerID, "<region>.<instance id>".
func ParseACKProviderID(providerID string) (region, instanceID string, err error) {
	region, instanceID, ok := strings.Cut(providerID, ".")
	if !ok || region == "" || !strings.HasPrefix(instanceID, "i-") || strings.Contains(instanceID, ".") {
		return "", "", fmt.Errorf("providerID %q is not an ACK node's <region>.<instance id>", providerID)
	}
	return region, instanceID, nil
}

// InstanceState asks ECS.
func (e *ECS) InstanceState(ctx context.Context, providerID string) (State, error) {
	region, id, err := ParseACKProviderID(providerID)
	if err != nil {
		return Unknown, err
	}
	listed, err := e.Describe(ctx, region, id)
	if err != nil {
		return Unknown, err
	}
	status, ok := listed[id]
	if !ok {
		return Released, nil
	}
	return ecsState(status), nil
}

// ecsState maps ECS's instance status (the API reference's Pending, Running, Starting, Stopping,
// Stopped) to State.
func ecsState(status string) State {
	switch status {
	case "Stopped":
		return Stopped
	case "Pending", "Running", "Starting", "Stopping":
		return Running
	}
	return Unknown
}
