package schemacheck

import (
	"fmt"
	"math"
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// CheckInputs checks the inputs of one recorded registration of an alicloud resource (or the
// provider, token "pulumi:providers:alicloud"): every key is a declared input, every value has the
// declared type, and every required input is present. Unknown values pass; secrets are checked
// by their content.
func (s *Schema) CheckInputs(token string, in resource.PropertyMap) []error {
	var r *Resource
	if token == "pulumi:providers:alicloud" {
		r = &s.Provider
	} else if r = s.Resources[token]; r == nil {
		return []error{fmt.Errorf("%s: no such resource in provider %s", token, s.Version)}
	}
	return s.checkObject(token, in, r.InputProperties, r.RequiredInputs)
}

func (s *Schema) checkObject(path string, in resource.PropertyMap, props map[string]*Property, required []string) []error {
	var errs []error
	keys := make([]string, 0, len(in))
	for k := range in {
		keys = append(keys, string(k))
	}
	sort.Strings(keys)
	for _, k := range keys {
		p, ok := props[k]
		if !ok {
			errs = append(errs, fmt.Errorf("%s.%s: not a declared input%s", path, k, suggest(k, props)))
			continue
		}
		errs = append(errs, s.checkValue(path+"."+k, in[resource.PropertyKey(k)], p)...)
	}
	for _, r := range required {
		if v, ok := in[resource.PropertyKey(r)]; !ok || v.IsNull() {
			errs = append(errs, fmt.Errorf("%s: required input %s is missing", path, r))
		}
	}
	return errs
}

func (s *Schema) checkValue(path string, v resource.PropertyValue, p *Property) []error {
	for v.IsSecret() {
		v = v.SecretValue().Element
	}
	if v.IsOutput() {
		o := v.OutputValue()
		if !o.Known {
			return nil
		}
		v = o.Element
	}
	if v.IsComputed() || v.IsNull() {
		return nil
	}
	wrong := func() []error {
		return []error{fmt.Errorf("%s: sent %s, the schema says %s", path, v.TypeString(), p.describe())}
	}
	if p.Ref != "" {
		t, _, err := s.resolve(p.Ref)
		if err != nil {
			return []error{fmt.Errorf("%s: %w", path, err)}
		}
		if !v.IsObject() {
			return wrong()
		}
		return s.checkObject(path, v.ObjectValue(), t.Properties, t.Required)
	}
	switch p.Type {
	case "string":
		if !v.IsString() {
			return wrong()
		}
	case "boolean":
		if !v.IsBool() {
			return wrong()
		}
	case "number":
		if !v.IsNumber() {
			return wrong()
		}
	case "integer":
		if !v.IsNumber() || v.NumberValue() != math.Trunc(v.NumberValue()) {
			return wrong()
		}
	case "array":
		if !v.IsArray() {
			return wrong()
		}
		var errs []error
		for i, e := range v.ArrayValue() {
			errs = append(errs, s.checkValue(fmt.Sprintf("%s[%d]", path, i), e, p.Items)...)
		}
		return errs
	case "object":
		if !v.IsObject() {
			return wrong()
		}
		if p.AdditionalProperties == nil {
			return nil
		}
		var errs []error
		obj := v.ObjectValue()
		for _, k := range obj.StableKeys() {
			errs = append(errs, s.checkValue(path+"."+string(k), obj[k], p.AdditionalProperties)...)
		}
		return errs
	}
	return nil
}
