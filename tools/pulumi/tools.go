//go:build tools

// Package tools pins the Pulumi CLI (github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
// that scripts/build-local-cluster builds as bin/pulumi for internal/app/engine. Its
// version is the one of github.com/pulumi/pulumi/sdk/v3 in the main module's
// go.mod, so the Automation API and the CLI it drives agree. It is never compiled;
// it only keeps go.mod and go.sum (via `go mod tidy`) complete for that main package.
package tools

import (
	_ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
)
