//go:build tools

// Package tools pins the etcd v3.7.3 server built by
// scripts/build-local-cluster. It is never compiled; it only keeps go.mod and
// go.sum (via `go mod tidy`) complete for the etcd main package.
package tools

import (
	_ "go.etcd.io/etcd/server/v3"
)
