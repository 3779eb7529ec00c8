//go:build tools

// Package tools pins kwok and kwokctl v0.7.0 built by
// scripts/build-local-cluster. It lives in a module of its own: next to
// etcd v3.7 (newer otelgrpc) the kwok controller does not compile because of
// k8s.io/cri-client. It is never compiled; it only keeps go.mod and go.sum
// (via `go mod tidy`) complete for these main packages.
package tools

import (
	_ "sigs.k8s.io/kwok/cmd/kwok"
	_ "sigs.k8s.io/kwok/cmd/kwokctl"
)
