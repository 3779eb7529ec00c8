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

	"github.com/zonestack/zonestack/internal/manifests"
)

// FieldManager is the server-side apply field manager of everything zonestack applies.
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

// ApplyOptions change how Apply sends objects.
type ApplyOptions struct {
	// DryRun asks the API server to check and default the objects without storing them. Missing
	// namespaces are still created, since the API server checks objects against their namespace.
	DryRun bool
}

// Apply sends each object with server-side apply, as the kubernetes provider does, and returns
// every object's error.
func (c *Client) Apply(ctx context.Context, objects []manifests.Object, opts ApplyOptions) []error {
	var errs []error
	for _, o := range objects {
		if err := c.apply(ctx, o, opts); err != nil {
			errs = append(errs, fmt.Errorf("%s %s/%s: %w", o.Kind(), o.Namespace(), o.ObjectName(), err))
		}
	}
	return errs
}

func (c *Client) apply(ctx context.Context, o manifests.Object, opts ApplyOptions) error {
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
		if err := c.ensureNamespace(ctx, ns, opts); err != nil {
			return err
		}
		ri = c.Dynamic.Resource(mapping.Resource).Namespace(ns)
	}
	ao := metav1.ApplyOptions{FieldManager: FieldManager, Force: true}
	if opts.DryRun {
		ao.DryRun = []string{metav1.DryRunAll}
	}
	_, err = ri.Apply(ctx, u.GetName(), u, ao)
	return err
}

func (c *Client) ensureNamespace(ctx context.Context, ns string, opts ApplyOptions) error {
	if _, err := c.Kube.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{}); err == nil || !apierrors.IsNotFound(err) {
		return err
	}
	// Even in a dry run: the API server refuses a dry run into a namespace that does not exist.
	u := &unstructured.Unstructured{Object: map[string]any{"apiVersion": "v1", "kind": "Namespace", "metadata": map[string]any{"name": ns}}}
	_, err := c.Dynamic.Resource(schema.GroupVersionResource{Version: "v1", Resource: "namespaces"}).Apply(ctx, ns, u,
		metav1.ApplyOptions{FieldManager: FieldManager, Force: true})
	return err
}
