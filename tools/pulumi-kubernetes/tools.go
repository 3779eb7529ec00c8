//go:build tools

// Package tools pins the pulumi-kubernetes provider (v4.25.0) that
// scripts/build-local-cluster builds as bin/pulumi-resource-kubernetes for
// internal/app/engine. The provider's main package embeds files that its
// `go generate` makes, so it is not built from here: the script copies the
// provider's module into a temporary directory, makes those files with
// ./embedgen, and builds it there with this module's go.sum. This file only keeps
// go.mod and go.sum (via `go mod tidy`) complete for the provider's packages.
package tools

import (
	_ "github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	_ "github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)
