package alicloud

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ProviderVersion is the alicloud provider release whose schema these bindings follow. The engine
// installs this version of the plugin for `pulumi up`.
const ProviderVersion = "3.105.0"

// newResource checks args, converts them to the provider's wire shape and registers one
// resource of type T. It is the only place that calls ctx.RegisterResource for alicloud.
func newResource[T any, PT interface {
	*T
	pulumi.CustomResource
}](ctx *pulumi.Context, token, name string, args any, opts []pulumi.ResourceOption) (PT, error) {
	if err := checkRequired(args); err != nil {
		return nil, fmt.Errorf("%s %q: %w", token, name, err)
	}
	res := PT(new(T))
	opts = append(opts, pulumi.Version(ProviderVersion))
	if err := ctx.RegisterResource(token, name, toInputMap(args), res, opts...); err != nil {
		return nil, err
	}
	return res, nil
}

// checkRequired returns the SDK's own wording for the first nil field tagged required:"true"
// in the (possibly nested) Args struct.
func checkRequired(args any) error {
	v := reflect.ValueOf(args)
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return fmt.Errorf("missing one or more required arguments")
		}
		v = v.Elem()
	}
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		fv := v.Field(i)
		if f.Tag.Get("required") == "true" && isNil(fv) {
			return fmt.Errorf("invalid value for required argument '%s'", f.Name)
		}
		switch {
		case fv.Kind() == reflect.Pointer && fv.Type().Elem().Kind() == reflect.Struct && !fv.IsNil():
			if err := checkRequired(fv.Interface()); err != nil {
				return err
			}
		case fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() == reflect.Struct:
			for j := 0; j < fv.Len(); j++ {
				if err := checkRequired(fv.Index(j).Interface()); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func isNil(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer, reflect.Map, reflect.Slice:
		return v.IsNil()
	}
	return false
}

// toInputMap turns a tagged Args struct into the pulumi.Map the engine receives: one entry per
// non-nil field under its tag, nested structs as maps and slices of structs as arrays of maps.
func toInputMap(args any) pulumi.Map {
	v := reflect.ValueOf(args)
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	out := pulumi.Map{}
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		key := wireName(f)
		fv := v.Field(i)
		if key == "" || isNil(fv) {
			continue
		}
		switch {
		case fv.Kind() == reflect.Pointer && fv.Type().Elem().Kind() == reflect.Struct:
			out[key] = toInputMap(fv.Interface())
		case fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() == reflect.Struct:
			arr := make(pulumi.Array, fv.Len())
			for j := range arr {
				arr[j] = toInputMap(fv.Index(j).Interface())
			}
			out[key] = arr
		default:
			in, ok := fv.Interface().(pulumi.Input)
			if !ok {
				panic(fmt.Sprintf("alicloud: field %s.%s is not a pulumi.Input", t.Name(), f.Name))
			}
			out[key] = in
		}
	}
	return out
}

// wireName is the provider's property name for a struct field: the first part of its pulumi tag.
func wireName(f reflect.StructField) string {
	tag := f.Tag.Get("pulumi")
	name, _, _ := strings.Cut(tag, ",")
	return name
}
