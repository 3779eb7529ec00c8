//go:build tools

// Package tools pins the CoreDNS v1.13.2 server built by
// scripts/build-local-cluster (stock plugins only, as ACK runs it), which the
// tests of components/federation start to check the federation's server block.
// It is never compiled; it only keeps go.mod and go.sum (via `go mod tidy`)
// complete for the coredns main package.
package tools

import (
	_ "github.com/coredns/coredns"
)
