package localcluster

import (
	"context"
	"fmt"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/yaml"

	"github.com/zonestack/zonestack/internal/base/ackapi"
)

var crdResource = schema.GroupVersionResource{Group: "apiextensions.k8s.io", Version: "v1", Resource: "customresourcedefinitions"}

// InstallACKStandIns makes the local cluster accept what zonestack writes into an ACK cluster:
// the CRDs of ACK's scheduler (ResourcePolicy) and CronHPA add-on, and the eci-profile ConfigMap
// that the ack-virtual-node add-on creates. They stand in for ACK's add-ons; nothing acts on
// them here (ACK's scheduler and the add-ons are closed source or cloud-bound).
func (c *Client) InstallACKStandIns(ctx context.Context, timeout time.Duration) error {
	var names []string
	for _, doc := range ackapi.CRDs() {
		var obj map[string]any
		if err := yaml.Unmarshal(doc, &obj); err != nil {
			return err
		}
		u := &unstructured.Unstructured{Object: obj}
		if _, err := c.Dynamic.Resource(crdResource).Apply(ctx, u.GetName(), u, metav1.ApplyOptions{FieldManager: FieldManager, Force: true}); err != nil {
			return fmt.Errorf("CRD %s: %w", u.GetName(), err)
		}
		names = append(names, u.GetName())
	}
	for _, n := range names {
		if err := c.waitEstablished(ctx, n, timeout); err != nil {
			return err
		}
	}
	c.mapper.Reset()
	// The add-on creates the profile with settings of its own; zonestack patches some keys.
	profile := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "v1", "kind": "ConfigMap",
		"metadata": map[string]any{"name": ackapi.ECIProfileName, "namespace": ackapi.ECIProfileNamespace},
		"data":     map[string]any{"enableClusterIp": "true", "enablePrivateZone": "false", "selectors": ""},
	}}
	_, err := c.Dynamic.Resource(schema.GroupVersionResource{Version: "v1", Resource: "configmaps"}).Namespace(ackapi.ECIProfileNamespace).
		Apply(ctx, ackapi.ECIProfileName, profile, metav1.ApplyOptions{FieldManager: "ack-virtual-node-stand-in", Force: true})
	return err
}

func (c *Client) waitEstablished(ctx context.Context, name string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		u, err := c.Dynamic.Resource(crdResource).Get(ctx, name, metav1.GetOptions{})
		if err != nil && !apierrors.IsNotFound(err) {
			return err
		}
		if err == nil {
			conds, _, _ := unstructured.NestedSlice(u.Object, "status", "conditions")
			for _, cd := range conds {
				m, _ := cd.(map[string]any)
				if m["type"] == "Established" && m["status"] == "True" {
					return nil
				}
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("CRD %s not established after %s", name, timeout)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}
