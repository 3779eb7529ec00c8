// Command embedgen writes the two files that the pulumi-kubernetes provider's
// main package embeds (schema-embed.json, terraform-mapping-embed.json), as the
// provider's own cmd/pulumi-resource-kubernetes/generate.go does for its
// `go generate`: the schema re-encoded through schema.PackageSpec with its
// version set, and the Terraform mapping re-encoded compactly.
// scripts/build-local-cluster runs it in a writable copy of the provider's module;
// it is built from this module, whose pkg/v3 is the one the provider builds with,
// so the re-encoding is the same.
//
// Usage: embedgen -version 4.25.0 DIR
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

func main() {
	version := flag.String("version", "", "the provider version written into the schema (no leading v)")
	flag.Parse()
	if *version == "" || flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: embedgen -version X.Y.Z DIR")
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *version); err != nil {
		fmt.Fprintln(os.Stderr, "embedgen:", err)
		os.Exit(1)
	}
}

func run(dir, version string) error {
	raw, err := os.ReadFile(filepath.Join(dir, "schema.json"))
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return fmt.Errorf("schema.json: %w", err)
	}
	spec.Version = version
	out, err := json.Marshal(spec)
	if err != nil {
		return fmt.Errorf("schema.json: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "schema-embed.json"), out, 0o600); err != nil {
		return err
	}

	raw, err = os.ReadFile(filepath.Join(dir, "terraform-mapping.json"))
	if err != nil {
		return err
	}
	var mapping any
	if err := json.Unmarshal(raw, &mapping); err != nil {
		return fmt.Errorf("terraform-mapping.json: %w", err)
	}
	if out, err = json.Marshal(mapping); err != nil {
		return fmt.Errorf("terraform-mapping.json: %w", err)
	}
	return os.WriteFile(filepath.Join(dir, "terraform-mapping-embed.json"), out, 0o600)
}
