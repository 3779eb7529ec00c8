//go:build tools

// Package tools pins metrics-server v0.8.0, built by
// scripts/build-local-cluster for the local clusters that need resource
// metrics (kwokctl --enable-metrics-server): the HPA reads metrics.k8s.io from
// it. It lives in a module of its own, as the other local binaries do. It is
// never compiled; it only keeps go.mod and go.sum (via `go mod tidy`) complete
// for this main package.
package tools

import (
	_ "sigs.k8s.io/metrics-server/cmd/metrics-server"
)
