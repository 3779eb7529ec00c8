package stackconfig

import "reflect"

// OnCloud holds a stack-file key whose shape is the stack's cloud's: the same key (network,
// cluster, nodePools) says different things on ACK and on GKE, and each cloud's component owns
// its own type for it. Parse decodes the key into the one of the stack's cloud (a local stack
// plays an ACK cluster and takes the Alicloud shape) and leaves the other nil, so an ACK key in a
// GKE stack is an unknown key, with the cloud it belongs to named.
type OnCloud[A, G any] struct {
	// Alicloud is the key as an alicloud or local stack writes it.
	Alicloud *A
	// GCP is the key as a gcp stack writes it.
	GCP *G
}

// shapes are the key's types, by the cloud that reads each.
func (OnCloud[A, G]) shapes() map[string]reflect.Type {
	return map[string]reflect.Type{CloudAlicloud: reflect.TypeFor[A](), CloudGCP: reflect.TypeFor[G]()}
}

// cloudShaped is implemented by every OnCloud.
type cloudShaped interface {
	shapes() map[string]reflect.Type
}

var cloudShapedType = reflect.TypeFor[cloudShaped]()

// shapeCloud is the cloud whose shape a stack of cloud reads: its own, else ACK's (a local stack
// plays ACK; a global stack or one with a mistaken cloud is refused for that anyway).
func shapeCloud(cloud string) string {
	if cloud == CloudGCP {
		return CloudGCP
	}
	return CloudAlicloud
}

// otherCloud is the cloud whose shape a stack of cloud does not read.
func otherCloud(cloud string) string {
	if shapeCloud(cloud) == CloudGCP {
		return CloudAlicloud
	}
	return CloudGCP
}

// perCloudField says whether a Config field is an OnCloud, and returns its shapes.
func perCloudField(f reflect.StructField) (map[string]reflect.Type, bool) {
	t := f.Type
	if t.Kind() == reflect.Pointer && t.Implements(cloudShapedType) {
		return reflect.Zero(t.Elem()).Interface().(cloudShaped).shapes(), true
	}
	if t.Implements(cloudShapedType) {
		return reflect.Zero(t).Interface().(cloudShaped).shapes(), true
	}
	return nil, false
}

// setShaped stores v, a pointer to the shape of cloud, in the OnCloud field at dst (a pointer to
// an OnCloud).
func setShaped(dst reflect.Value, cloud string, v reflect.Value) {
	u := reflect.New(dst.Type().Elem())
	name := "Alicloud"
	if shapeCloud(cloud) == CloudGCP {
		name = "GCP"
	}
	u.Elem().FieldByName(name).Set(v)
	dst.Set(u)
}
