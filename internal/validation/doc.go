// Package validation collects input problems so that every one of them is reported at once,
// each with the field path, the rule it breaks and the value it had.
//
// Components validate their Args with it before they register anything, and the stack config
// validates through the same components' rules under a prefix, so one rule has one home.
package validation
