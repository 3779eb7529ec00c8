// Package testutil holds the assertions the component tests share.
package testutil
