// Package alicloud exports types, functions, subpackages for provisioning alicloud resources.
package alicloud
