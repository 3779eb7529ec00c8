package localcluster

import (
	"context"
	"fmt"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/zonestack/zonestack/internal/app/manifests"
)

// FieldManager is the server-side apply field manager of what the local tools send themselves:
// the ACK stand-ins and the dry runs (a stack's objects go through the engine).
const FieldManager = "zonestack"

// Client talks to one cluster.
type Client struct {
	Kube    kubernetes.Interface
	Dynamic dynamic.Interface
	mapper  *restmapper.DeferredDiscoveryRESTMapper
}

// NewClient connects to the cluster of a kubeconfig file.
func NewClient(kubeconfig string) (*Client, error) {
	cfg, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		return nil, fmt.Errorf("kubeconfig %s: %w", kubeconfig, err)
	}
	return NewClientForConfig(cfg)
}

// NewClientForConfig connects with a rest config.
func NewClientForConfig(cfg *rest.Config) (*Client, error) {
	cfg = rest.CopyConfig(cfg)
	cfg.QPS, cfg.Burst = 100, 200
	kube, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	mapper := restmapper.NewDeferredDiscoveryRESTMapper(memory.NewMemCacheClient(kube.Discovery()))
	return &Client{Kube: kube, Dynamic: dyn, mapper: mapper}, nil
}

// DryRun checks each object with a server-side dry run of apply, as the kubernetes provider
// sends it: the API server's own validation (schemas, the stand-in CRDs, admission) of what a
// stack would apply, for stacks whose cloud the engine cannot reach here. It stores nothing but
// the namespaces the objects need (the API server refuses a dry run into a namespace that does
// not exist). Objects are deployed only through the engine (zonestack local up), never here.
func (c *Client) DryRun(ctx context.Context, objects []manifests.Object) []error {
	var errs []error
	for _, o := range objects {
		if err := c.dryRun(ctx, o); err != nil {
			errs = append(errs, fmt.Errorf("%s %s/%s: %w", o.Kind(), o.Namespace(), o.ObjectName(), err))
		}
	}
	return errs
}

func (c *Client) dryRun(ctx context.Context, o manifests.Object) error {
	u := &unstructured.Unstructured{Object: o.Body}
	gvk := u.GroupVersionKind()
	mapping, err := c.mapper.RESTMapping(schema.GroupKind{Group: gvk.Group, Kind: gvk.Kind}, gvk.Version)
	if err != nil {
		c.mapper.Reset()
		if mapping, err = c.mapper.RESTMapping(schema.GroupKind{Group: gvk.Group, Kind: gvk.Kind}, gvk.Version); err != nil {
			return err
		}
	}
	var ri dynamic.ResourceInterface = c.Dynamic.Resource(mapping.Resource)
	if mapping.Scope.Name() == "namespace" {
		ns := u.GetNamespace()
		if ns == "" {
			ns = "default"
		}
		if err := c.ensureNamespace(ctx, ns); err != nil {
			return err
		}
		ri = c.Dynamic.Resource(mapping.Resource).Namespace(ns)
	}
	_, err = ri.Apply(ctx, u.GetName(), u, metav1.ApplyOptions{FieldManager: FieldManager, Force: true, DryRun: []string{metav1.DryRunAll}})
	return err
}

func (c *Client) ensureNamespace(ctx context.Context, ns string) error {
	if _, err := c.Kube.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{}); err == nil || !apierrors.IsNotFound(err) {
		return err
	}
	u := &unstructured.Unstructured{Object: map[string]any{"apiVersion": "v1", "kind": "Namespace", "metadata": map[string]any{"name": ns}}}
	_, err := c.Dynamic.Resource(schema.GroupVersionResource{Version: "v1", Resource: "namespaces"}).Apply(ctx, ns, u,
		metav1.ApplyOptions{FieldManager: FieldManager, Force: true})
	return err
}
