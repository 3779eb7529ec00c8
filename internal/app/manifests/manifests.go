package manifests

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	schedulingv1 "k8s.io/api/scheduling/v1"
	storagev1 "k8s.io/api/storage/v1"

	"github.com/zonestack/zonestack/internal/app/offline"
	"github.com/zonestack/zonestack/internal/base/ackapi"
	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

// Object is one Kubernetes object as registered.
type Object struct {
	// Type is the Pulumi type token, e.g. kubernetes:apps/v1:Deployment.
	Type string
	// Name is the Pulumi resource name.
	Name string
	// Body is the manifest. Secret values are kept as they are: render them with care.
	Body map[string]any
}

// Kind is "<apiVersion> <kind>" of the object, from its body.
func (o Object) Kind() string { return fmt.Sprintf("%v %v", o.Body["apiVersion"], o.Body["kind"]) }

// Namespace is the object's namespace; empty for cluster-scoped objects.
func (o Object) Namespace() string { return o.meta("namespace") }

// ObjectName is the object's metadata.name.
func (o Object) ObjectName() string { return o.meta("name") }

func (o Object) meta(key string) string {
	m, _ := o.Body["metadata"].(map[string]any)
	s, _ := m[key].(string)
	return s
}

// types are the k8s.io/api types of the objects zonestack registers. A type missing here fails the
// strict-decoding test, which is how a new kind gets added.
var types = map[string]reflect.Type{
	rt.K8sDeployment:            reflect.TypeFor[appsv1.Deployment](),
	rt.K8sStatefulSet:           reflect.TypeFor[appsv1.StatefulSet](),
	rt.K8sService:               reflect.TypeFor[corev1.Service](),
	rt.K8sNamespace:             reflect.TypeFor[corev1.Namespace](),
	rt.K8sConfigMap:             reflect.TypeFor[corev1.ConfigMap](),
	rt.K8sPodDisruptionBudget:   reflect.TypeFor[policyv1.PodDisruptionBudget](),
	rt.K8sPriorityClass:         reflect.TypeFor[schedulingv1.PriorityClass](),
	rt.K8sStorageClass:          reflect.TypeFor[storagev1.StorageClass](),
	rt.K8sSecret:                reflect.TypeFor[corev1.Secret](),
	rt.K8sPersistentVolumeClaim: reflect.TypeFor[corev1.PersistentVolumeClaim](),
	rt.K8sServiceAccount:        reflect.TypeFor[corev1.ServiceAccount](),
	rt.K8sClusterRole:           reflect.TypeFor[rbacv1.ClusterRole](),
	rt.K8sClusterRoleBinding:    reflect.TypeFor[rbacv1.ClusterRoleBinding](),
	rt.K8sRole:                  reflect.TypeFor[rbacv1.Role](),
	rt.K8sRoleBinding:           reflect.TypeFor[rbacv1.RoleBinding](),
	// A patch is a partial object of its kind.
	rt.K8sConfigMapPatch:          reflect.TypeFor[corev1.ConfigMap](),
	rt.K8sHorizontalPodAutoscaler: reflect.TypeFor[autoscalingv2.HorizontalPodAutoscaler](),
	// ACK's own kinds, typed from its documentation in internal/base/ackapi.
	rt.KubernetesType(ackapi.ResourcePolicyAPIVersion, ackapi.ResourcePolicyKind): reflect.TypeFor[ackapi.ResourcePolicy](),
	rt.KubernetesType(ackapi.CronHPAAPIVersion, ackapi.CronHPAKind):               reflect.TypeFor[ackapi.CronHorizontalPodAutoscaler](),
}

// FromResult returns the Kubernetes objects of an offline run, sorted by kind, namespace and name,
// with secret values as they are (for decoding; never print them).
func FromResult(res *offline.Result) []Object {
	return fromResult(res, false)
}

// Redacted returns the objects of FromResult with every secret value replaced by "[secret]", for
// rendering.
func Redacted(res *offline.Result) []Object {
	return fromResult(res, true)
}

// SecretPlaceholder stands for a secret value in a rendered manifest.
const SecretPlaceholder = "[secret]"

func fromResult(res *offline.Result, redact bool) []Object {
	var out []Object
	for _, r := range res.Recorder.Registrations() {
		if !r.Custom || !strings.HasPrefix(r.Type, rt.KubernetesPrefix) {
			continue
		}
		out = append(out, Object{Type: r.Type, Name: r.Name, Body: plainMap(r.Inputs, redact)})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Kind() != b.Kind() {
			return a.Kind() < b.Kind()
		}
		if a.Namespace() != b.Namespace() {
			return a.Namespace() < b.Namespace()
		}
		return a.ObjectName() < b.ObjectName()
	})
	return out
}

// Decode reads the object strictly into its k8s.io/api type: an unknown field, a wrong type or a
// kind zonestack does not know is an error.
func Decode(o Object) (any, error) {
	t, ok := types[o.Type]
	if !ok {
		return nil, fmt.Errorf("%s %s: no k8s.io/api type known for %s; add it to internal/app/manifests", o.Type, o.Name, o.Type)
	}
	raw, err := json.Marshal(o.Body)
	if err != nil {
		return nil, err
	}
	v := reflect.New(t).Interface()
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return nil, fmt.Errorf("%s %s: %w", o.Type, o.Name, err)
	}
	return v, nil
}

func plainMap(m resource.PropertyMap, redact bool) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[string(k)] = plain(v, redact)
	}
	return out
}

// plain turns a property value into JSON data: numbers that are whole become integers, because
// the API's integer fields reject 1.0 in strict decoders.
func plain(v resource.PropertyValue, redact bool) any {
	switch {
	case v.IsSecret() && redact, v.IsOutput() && v.OutputValue().Secret && redact:
		return SecretPlaceholder
	case v.IsSecret():
		return plain(v.SecretValue().Element, redact)
	case v.IsOutput():
		return plain(v.OutputValue().Element, redact)
	case v.IsComputed() || v.IsNull():
		return nil
	case v.IsBool():
		return v.BoolValue()
	case v.IsNumber():
		n := v.NumberValue()
		if n == math.Trunc(n) && math.Abs(n) < 1<<53 {
			return int64(n)
		}
		return n
	case v.IsString():
		return v.StringValue()
	case v.IsArray():
		arr := v.ArrayValue()
		out := make([]any, len(arr))
		for i, e := range arr {
			out[i] = plain(e, redact)
		}
		return out
	case v.IsObject():
		return plainMap(v.ObjectValue(), redact)
	}
	return nil
}

// FileName is a file name for the object: kind, namespace and name, lower case.
func (o Object) FileName() string {
	parts := []string{strings.ToLower(fmt.Sprint(o.Body["kind"]))}
	if ns := o.Namespace(); ns != "" {
		parts = append(parts, ns)
	}
	parts = append(parts, o.ObjectName())
	return strings.Join(parts, "_") + ".yaml"
}
