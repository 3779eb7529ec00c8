package validation

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Problem is one broken rule: Field is the path of the value (for example
// "network.vswitches[1].nodeCidr"), Rule says what the value must be, and Value is what it was.
type Problem struct {
	Field string
	Rule  string
	Value any
	// hasValue is false for problems about a missing value, whose message shows no value.
	hasValue bool
}

// Error renders the problem as "field: rule (got value)".
func (p Problem) Error() string {
	if !p.hasValue {
		return p.Field + ": " + p.Rule
	}
	return fmt.Sprintf("%s: %s (got %s)", p.Field, p.Rule, formatValue(p.Value))
}

func formatValue(v any) string {
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("%q", x)
	case []string:
		quoted := make([]string, len(x))
		for i, s := range x {
			quoted[i] = fmt.Sprintf("%q", s)
		}
		return "[" + strings.Join(quoted, ", ") + "]"
	default:
		return fmt.Sprintf("%v", x)
	}
}

// List accumulates problems. The zero value is ready to use.
type List struct {
	problems []Problem
}

// Invalid records that the value at field breaks rule.
func (l *List) Invalid(field string, value any, rule string, args ...any) {
	if len(args) > 0 {
		rule = fmt.Sprintf(rule, args...)
	}
	l.problems = append(l.problems, Problem{Field: field, Rule: rule, Value: value, hasValue: true})
}

// Required records that field must be set and is not.
func (l *List) Required(field, rule string) {
	if rule == "" {
		rule = "is required"
	}
	l.problems = append(l.problems, Problem{Field: field, Rule: rule})
}

// Merge adds the problems of err under prefix: a Problem's field becomes prefix+"."+field
// (or prefix+field when field starts with "["); any other error is recorded at prefix itself.
func (l *List) Merge(prefix string, err error) {
	l.MergeFunc(err, func(field string) string { return Join(prefix, field) })
}

// MergeFunc adds the problems of err with each field path rewritten by path. It serves callers
// whose inputs are laid out differently from the Args they validate through.
func (l *List) MergeFunc(err error, path func(field string) string) {
	for _, p := range Problems(err) {
		p.Field = path(p.Field)
		l.problems = append(l.problems, p)
	}
}

// Join appends field to the path prefix: "a" and "b" give "a.b", "a" and "[0]" give "a[0]".
func Join(prefix, field string) string {
	switch {
	case prefix == "":
		return field
	case field == "":
		return prefix
	case strings.HasPrefix(field, "["):
		return prefix + field
	}
	return prefix + "." + field
}

// Len is the number of problems recorded so far.
func (l *List) Len() int { return len(l.problems) }

// Err returns nil when there is no problem, or one error that joins all of them, sorted by field
// so that the same input always gives the same message.
func (l *List) Err() error {
	if len(l.problems) == 0 {
		return nil
	}
	// Two layers may check the same rule (the stack config and a component); say it once.
	seen := map[string]bool{}
	var ps []Problem
	for _, p := range l.problems {
		if key := p.Error(); !seen[key] {
			seen[key] = true
			ps = append(ps, p)
		}
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Field < ps[j].Field })
	errs := make([]error, len(ps))
	for i := range ps {
		errs[i] = ps[i]
	}
	return &Errors{errs: errs}
}

// Errors is the error returned by List.Err. Unwrap gives each Problem.
type Errors struct {
	errs []error
}

// Error renders the problems one per line, or the single problem alone.
func (e *Errors) Error() string {
	lines := make([]string, len(e.errs))
	for i, err := range e.errs {
		lines[i] = err.Error()
	}
	if len(lines) == 1 {
		return lines[0]
	}
	return fmt.Sprintf("%d problems:\n  %s", len(lines), strings.Join(lines, "\n  "))
}

// Unwrap lets errors.As and errors.Is look at each problem.
func (e *Errors) Unwrap() []error { return e.errs }

// Problems flattens err into the problems it carries. An error that is not a Problem becomes a
// Problem with an empty field and the error's text as its rule.
func Problems(err error) []Problem {
	if err == nil {
		return nil
	}
	var p Problem
	if multi, ok := err.(interface{ Unwrap() []error }); ok {
		var out []Problem
		for _, e := range multi.Unwrap() {
			out = append(out, Problems(e)...)
		}
		return out
	}
	if errors.As(err, &p) {
		return []Problem{p}
	}
	return []Problem{{Rule: err.Error()}}
}
