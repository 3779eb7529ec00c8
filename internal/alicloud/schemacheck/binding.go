package schemacheck

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	suggestpkg "github.com/zonestack/zonestack/internal/suggest"
)

// goKind is what a Go field type means on the wire.
type goKind struct {
	scalar string       // "string", "integer", "number", "boolean"; "" when not a scalar
	array  *goKind      // element of an array
	mapOf  *goKind      // value of a map
	object reflect.Type // a struct with pulumi tags
}

func (k goKind) String() string {
	switch {
	case k.scalar != "":
		return k.scalar
	case k.array != nil:
		return "array of " + k.array.String()
	case k.mapOf != nil:
		return "map of " + k.mapOf.String()
	case k.object != nil:
		return "object " + k.object.Name()
	}
	return "unknown"
}

var kinds = map[reflect.Type]goKind{
	reflect.TypeFor[pulumi.StringInput]():       {scalar: "string"},
	reflect.TypeFor[pulumi.StringOutput]():      {scalar: "string"},
	reflect.TypeFor[pulumi.IntInput]():          {scalar: "integer"},
	reflect.TypeFor[pulumi.IntOutput]():         {scalar: "integer"},
	reflect.TypeFor[pulumi.Float64Input]():      {scalar: "number"},
	reflect.TypeFor[pulumi.Float64Output]():     {scalar: "number"},
	reflect.TypeFor[pulumi.BoolInput]():         {scalar: "boolean"},
	reflect.TypeFor[pulumi.BoolOutput]():        {scalar: "boolean"},
	reflect.TypeFor[pulumi.StringArrayInput]():  {array: &goKind{scalar: "string"}},
	reflect.TypeFor[pulumi.StringArrayOutput](): {array: &goKind{scalar: "string"}},
	reflect.TypeFor[pulumi.StringMapInput]():    {mapOf: &goKind{scalar: "string"}},
	reflect.TypeFor[pulumi.StringMapOutput]():   {mapOf: &goKind{scalar: "string"}},
	reflect.TypeFor[string]():                   {scalar: "string"},
	reflect.TypeFor[int]():                      {scalar: "integer"},
	reflect.TypeFor[float64]():                  {scalar: "number"},
	reflect.TypeFor[bool]():                     {scalar: "boolean"},
	reflect.TypeFor[[]string]():                 {array: &goKind{scalar: "string"}},
	reflect.TypeFor[map[string]string]():        {mapOf: &goKind{scalar: "string"}},
}

func kindOf(t reflect.Type) (goKind, error) {
	if k, ok := kinds[t]; ok {
		return k, nil
	}
	switch {
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct:
		return goKind{object: t.Elem()}, nil
	case t.Kind() == reflect.Struct:
		return goKind{object: t}, nil
	case t.Kind() == reflect.Slice:
		elem, err := kindOf(t.Elem())
		if err != nil {
			return goKind{}, err
		}
		return goKind{array: &elem}, nil
	}
	return goKind{}, fmt.Errorf("Go type %s has no wire mapping in schemacheck", t)
}

// taggedFields are the struct's fields that go on the wire, by wire name.
func taggedFields(t reflect.Type) []reflect.StructField {
	var out []reflect.StructField
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous {
			continue
		}
		if name, _, _ := strings.Cut(f.Tag.Get("pulumi"), ","); name != "" {
			out = append(out, f)
		}
	}
	return out
}

func wire(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("pulumi"), ",")
	return name
}

// direction says which side of the wire a struct is on: inputs we send or outputs we read.
type direction int

const (
	inputs direction = iota
	outputs
)

// checkStruct compares the tagged fields of t with the schema's properties. For inputs it also
// checks that every required property is a field tagged required:"true" and that no field is
// deprecated.
func (s *Schema) checkStruct(where string, t reflect.Type, props map[string]*Property, required []string, dir direction) []error {
	var errs []error
	seen := map[string]bool{}
	for _, f := range taggedFields(t) {
		name := wire(f)
		seen[name] = true
		path := where + "." + name
		p, ok := props[name]
		if !ok {
			errs = append(errs, fmt.Errorf("%s: %s is not a declared %s of the schema%s",
				path, name, dirNoun(dir), suggest(name, props)))
			continue
		}
		if dir == inputs && p.DeprecationMessage != "" {
			errs = append(errs, fmt.Errorf("%s: deprecated in provider %s: %s", path, "3.105.0", p.DeprecationMessage))
		}
		k, err := kindOf(f.Type)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", path, err))
			continue
		}
		errs = append(errs, s.compatible(path, k, p, dir)...)
		if dir == inputs && slices.Contains(required, name) && f.Tag.Get("required") != "true" {
			errs = append(errs, fmt.Errorf("%s: the schema requires %s; tag the field required:\"true\"", path, name))
		}
	}
	if dir == inputs {
		for _, r := range required {
			if !seen[r] {
				errs = append(errs, fmt.Errorf("%s: required input %s has no field in %s", where, r, t.Name()))
			}
		}
	}
	return errs
}

func dirNoun(d direction) string {
	if d == inputs {
		return "input"
	}
	return "output"
}

// suggest names the declared property closest to a misspelled one.
func suggest(name string, props map[string]*Property) string {
	best := suggestpkg.Closest(name, slices.Collect(maps.Keys(props)))
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %s?)", best)
}

// compatible checks a Go kind against a schema property.
func (s *Schema) compatible(path string, k goKind, p *Property, dir direction) []error {
	mismatch := func() []error {
		return []error{fmt.Errorf("%s: Go type is %s, the schema says %s", path, k, p.describe())}
	}
	if p.Ref != "" {
		t, tok, err := s.resolve(p.Ref)
		if err != nil {
			return []error{fmt.Errorf("%s: %w", path, err)}
		}
		switch {
		case k.object != nil:
			return s.checkStruct(path, k.object, t.Properties, t.Required, dir)
		case k.mapOf != nil && dir == outputs:
			// An object type read as a map: every property must have the map's value type.
			var errs []error
			for name, prop := range t.Properties {
				errs = append(errs, s.compatible(path+"."+name, *k.mapOf, prop, dir)...)
			}
			return errs
		}
		return []error{fmt.Errorf("%s: Go type is %s, the schema says object %s", path, k, tok)}
	}
	switch p.Type {
	case "string", "integer", "number", "boolean":
		if k.scalar != p.Type {
			return mismatch()
		}
	case "array":
		if k.array == nil || p.Items == nil {
			return mismatch()
		}
		return s.compatible(path+"[]", *k.array, p.Items, dir)
	case "object":
		if k.mapOf != nil && p.AdditionalProperties != nil {
			return s.compatible(path+"{}", *k.mapOf, p.AdditionalProperties, dir)
		}
		return mismatch()
	default:
		return mismatch()
	}
	return nil
}

// CheckResource checks a resource binding: the token exists, every Args field is a declared
// input of a compatible type, every required input is a required field, and every output field of
// the resource struct is a declared property.
func (s *Schema) CheckResource(token string, args, state reflect.Type) []error {
	r, ok := s.Resources[token]
	if !ok {
		return []error{fmt.Errorf("%s: no such resource in provider %s", token, s.Version)}
	}
	return s.checkResource(token, r, args, state)
}

// CheckProvider checks the explicit provider binding against the schema's provider entry.
func (s *Schema) CheckProvider(args, state reflect.Type) []error {
	return s.checkResource("provider", &s.Provider, args, state)
}

func (s *Schema) checkResource(token string, r *Resource, args, state reflect.Type) []error {
	errs := s.checkStruct(token+" args", args, r.InputProperties, r.RequiredInputs, inputs)
	if state != nil {
		errs = append(errs, s.checkStruct(token+" outputs", state, r.Properties, nil, outputs)...)
	}
	return errs
}

// CheckFunction checks a function binding's Args and Result.
func (s *Schema) CheckFunction(token string, args, result reflect.Type) []error {
	f, ok := s.Functions[token]
	if !ok {
		return []error{fmt.Errorf("%s: no such function in provider %s", token, s.Version)}
	}
	errs := s.checkStruct(token+" args", args, f.Inputs.Properties, f.Inputs.Required, inputs)
	return append(errs, s.checkStruct(token+" result", result, f.Outputs.Properties, nil, outputs)...)
}
