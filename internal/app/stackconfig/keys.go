package stackconfig

import "reflect"

// Keys are the stack-file keys of a struct type of the stack config, each with its Go field, as
// Parse reads them: by json tag, embedded structs inlined. Tests that walk every key of the stack
// file (tests/leaves_test.go) read them from here, so that they follow Parse exactly.
func Keys(t reflect.Type) map[string]reflect.StructField { return jsonFields(t) }

// Shapes says whether a field of type t holds a key whose shape is the stack's cloud's (an
// OnCloud), and gives the type each cloud reads it into, by cloud (CloudAlicloud, CloudGCP).
func Shapes(t reflect.Type) (map[string]reflect.Type, bool) {
	return perCloudField(reflect.StructField{Type: t})
}

// ShapeCloud is the cloud whose shape of an OnCloud key a stack of cloud reads: gcp reads GCP's,
// every other cloud (a local stack plays ACK) Alibaba Cloud's.
func ShapeCloud(cloud string) string { return shapeCloud(cloud) }
