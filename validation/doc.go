// Package validation is how zonestack reports bad input: every problem at once, each a Problem
// with the field path (Field), the rule it breaks (Rule) and the value it had (Value).
//
// Every component validates its Args with it before it registers anything, and the stack config is
// validated by the same components' rules, under the key the component's settings sit at, so one
// rule has one home. A program that builds components reads the problems with errors.As:
//
//	if _, err := nodepools.NewZonalPools(ctx, "sts", args); err != nil {
//		var p validation.Problem
//		if errors.As(err, &p) {
//			fmt.Println(p.Field, p.Rule, p.Value)
//		}
//	}
//
// or all of them with Problems(err).
package validation
