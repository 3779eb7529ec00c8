package cloudrules

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Rule is what a cloud accepts for one property.
type Rule struct {
	// Source is where the rule comes from: a file of the provider at the bridged version and what
	// it says, or a page of the cloud's API reference. Required.
	Source string
	// ForceNew: a change of the value replaces the resource (or, where noted in Source, rebuilds
	// it in place).
	ForceNew bool

	// At most one of the value constraints below; none means any value of the schema's type, and
	// then Free or Ref must say why.
	oneOf   []string
	min     *float64
	max     *float64
	pattern *regexp.Regexp
	maxLen  int
	// ref: the value is another resource's ID or output, known only at `pulumi up`.
	ref bool
	// free says why any value of the schema's type is accepted (descriptions, tags, documents).
	free string
	// check is a rule that depends on other properties of the same resource.
	check func(v resource.PropertyValue, inputs resource.PropertyMap) error
}

// OneOf accepts exactly the given values (strings, or numbers and booleans in their Go syntax).
func OneOf(source string, values ...string) Rule { return Rule{Source: source, oneOf: values} }

// Range accepts numbers from min to max inclusive.
func Range(source string, min, max float64) Rule {
	return Rule{Source: source, min: &min, max: &max}
}

// AtLeast accepts numbers from min up.
func AtLeast(source string, min float64) Rule { return Rule{Source: source, min: &min} }

// Matches accepts strings matching the expression whole, at most maxLen long (0: no bound).
func Matches(source, expr string, maxLen int) Rule {
	return Rule{Source: source, pattern: regexp.MustCompile(`^(?:` + expr + `)$`), maxLen: maxLen}
}

// Text accepts any string at most maxLen long (0: no bound); why says what it is.
func Text(source, why string, maxLen int) Rule {
	return Rule{Source: source, free: why, maxLen: maxLen}
}

// Ref is a property that carries another resource's ID or output.
func Ref(source string) Rule { return Rule{Source: source, ref: true} }

// Free accepts any value of the schema's type; why says why (a boolean switch, a map of tags).
func Free(source, why string) Rule { return Rule{Source: source, free: why} }

// Func is a rule that depends on the resource's other inputs; check returns nil when v is accepted.
func Func(source string, check func(v resource.PropertyValue, inputs resource.PropertyMap) error) Rule {
	return Rule{Source: source, check: check}
}

// IsRef says whether the property carries another resource's ID or output: it changes only when
// that resource is replaced.
func (r Rule) IsRef() bool { return r.ref }

// Replaces marks the rule ForceNew.
func (r Rule) Replaces() Rule { r.ForceNew = true; return r }

// Check returns nil when v is accepted. inputs are the resource's other inputs, for rules that
// depend on them. Secrets are checked by their value; unknown values (computed at `pulumi up`)
// pass.
func (r Rule) Check(v resource.PropertyValue, inputs resource.PropertyMap) error {
	v = Plain(v)
	if v.IsComputed() || v.IsOutput() && !v.OutputValue().Known {
		return nil
	}
	if r.check != nil {
		return r.check(v, inputs)
	}
	if v.IsArray() {
		for i, e := range v.ArrayValue() {
			if err := r.Check(e, inputs); err != nil {
				return fmt.Errorf("[%d]: %w", i, err)
			}
		}
		return nil
	}
	s := valueText(v)
	switch {
	case len(r.oneOf) > 0:
		if !slices.Contains(r.oneOf, s) {
			return Violated("must be one of "+strings.Join(r.oneOf, ", "), v)
		}
	case r.min != nil || r.max != nil:
		f, ok := number(v)
		if !ok {
			return Violated("must be a number", v)
		}
		if r.min != nil && f < *r.min || r.max != nil && f > *r.max {
			return Violated("must be "+r.rangeText(), v)
		}
	case r.pattern != nil:
		if !r.pattern.MatchString(s) {
			return Violated("must match "+r.pattern.String(), v)
		}
	}
	if r.maxLen > 0 && len(s) > r.maxLen {
		return &Violation{Rule: fmt.Sprintf("must be at most %d characters", r.maxLen), Value: fmt.Sprintf("%d characters", len(s))}
	}
	return nil
}

// Violation is a value that breaks a rule: what the rule wants, and what it got.
type Violation struct {
	Rule  string
	Value string
}

// Error says what the rule wants and what it got.
func (v *Violation) Error() string { return v.Rule + " (got " + v.Value + ")" }

// Violated is the error of a rule (a Func rule's too) that v breaks.
func Violated(rule string, v resource.PropertyValue) error {
	return &Violation{Rule: rule, Value: valueText(Plain(v))}
}

// RuleOf is what a rule error says the value must be, without the value: for messages that show
// the value themselves (a stack file's field error).
func RuleOf(err error) string {
	var v *Violation
	if errors.As(err, &v) {
		return v.Rule
	}
	return err.Error()
}

func (r Rule) rangeText() string {
	switch {
	case r.min != nil && r.max != nil:
		return fmt.Sprintf("from %v to %v", *r.min, *r.max)
	case r.min != nil:
		return fmt.Sprintf("at least %v", *r.min)
	default:
		return fmt.Sprintf("at most %v", *r.max)
	}
}

// Plain is v without secret or output wrappers.
func Plain(v resource.PropertyValue) resource.PropertyValue {
	for {
		switch {
		case v.IsSecret():
			v = v.SecretValue().Element
		case v.IsOutput() && v.OutputValue().Known:
			v = v.OutputValue().Element
		default:
			return v
		}
	}
}

// valueText is v as the text a rule compares: a string as it is, numbers and booleans in Go
// syntax.
func valueText(v resource.PropertyValue) string {
	switch {
	case v.IsString():
		return v.StringValue()
	case v.IsNumber():
		return strconv.FormatFloat(v.NumberValue(), 'f', -1, 64)
	case v.IsBool():
		return strconv.FormatBool(v.BoolValue())
	}
	return v.String()
}

// number is v as a number; the provider's schema has strings for some numbers (EIP bandwidth).
func number(v resource.PropertyValue) (float64, bool) {
	if v.IsNumber() {
		return v.NumberValue(), true
	}
	if v.IsString() {
		f, err := strconv.ParseFloat(v.StringValue(), 64)
		return f, err == nil
	}
	return 0, false
}
