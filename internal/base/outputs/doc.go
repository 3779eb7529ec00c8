// Package outputs holds the small combinators over Pulumi outputs that more than one
// component needs, so that each is written, and tested, once.
package outputs
