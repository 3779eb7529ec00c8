// Package gen turns the alicloud provider's schema subset into the Go packages of
// github.com/pulumi/pulumi-alicloud/sdk/v3, with Pulumi's own Go generator
// (github.com/pulumi/pulumi/pkg/v3/codegen/go) at the version that pulumi-alicloud 3.105.0's
// build pins, and with the language options its release used. Only the schema's resources and
// functions are written; every other token of the full provider takes part in naming, so the
// names of what is written are the full SDK's.
package gen

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// Tool is the name the generated files' headers give as their generator.
const Tool = "zonestack alicloudgen (github.com/pulumi/pulumi/pkg/v3/codegen/go v3.256.0)"

// ModulePath is the module the generated packages belong to: the official SDK's.
const ModulePath = "github.com/pulumi/pulumi-alicloud/sdk/v3"

// goLanguage are the Go options of the official release. pulumi-alicloud's provider/resources.go
// (GolangInfo) sets ImportBasePath, GenerateResourceContainerTypes and RespectSchemaVersion;
// the Terraform bridge sets GenerateExtraInputTypes on every bridged provider.
var goLanguage = map[string]any{
	"importBasePath":                 ModulePath + "/go/alicloud",
	"generateResourceContainerTypes": true,
	"respectSchemaVersion":           true,
	"generateExtraInputTypes":        true,
}

// moduleFormat is the bridge's: a token's module is its path up to the last "/" (cs/nodePool → cs).
const moduleFormat = "(.*)(?:/[^/]*)"

// Generate returns the files of the SDK module, keyed by their path inside it (go.mod,
// go/alicloud/...), for the schema subset in subset.
func Generate(subset []byte) (map[string][]byte, error) {
	spec, err := packageSpec(subset)
	if err != nil {
		return nil, err
	}
	return generateSpec(spec)
}

func generateSpec(spec schema.PackageSpec) (map[string][]byte, error) {
	pkg, diags, err := schema.BindSpec(spec, noLoader{}, schema.ValidationOptions{})
	if err != nil {
		return nil, fmt.Errorf("binding the schema: %w", err)
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("binding the schema: %s", diags.Error())
	}
	files, err := gogen.GeneratePackage(Tool, pkg, nil)
	if err != nil {
		return nil, fmt.Errorf("generating Go: %w", err)
	}
	out := make(map[string][]byte, len(files)+1)
	for name, content := range files {
		out[path.Join("go", name)] = content
	}
	out["go.mod"] = goMod()
	return out, nil
}

// packageSpec reads the subset as a Pulumi package schema and adds what the bridge writes into
// every provider's schema but the subset does not carry.
func packageSpec(subset []byte) (schema.PackageSpec, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(subset, &raw); err != nil {
		return schema.PackageSpec{}, fmt.Errorf("reading the schema: %w", err)
	}
	var allResources, allFunctions []string
	if err := unmarshalKey(raw, "_allResourceTokens", &allResources); err != nil {
		return schema.PackageSpec{}, err
	}
	if err := unmarshalKey(raw, "_allFunctionTokens", &allFunctions); err != nil {
		return schema.PackageSpec{}, err
	}
	// Keys starting with "_" (provenance, the token lists) are ours, not the schema format's.
	for k := range raw {
		if strings.HasPrefix(k, "_") {
			delete(raw, k)
		}
	}
	clean, err := json.Marshal(raw)
	if err != nil {
		return schema.PackageSpec{}, err
	}
	var spec schema.PackageSpec
	dec := json.NewDecoder(bytes.NewReader(clean))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&spec); err != nil {
		return schema.PackageSpec{}, fmt.Errorf("reading the schema: %w", err)
	}
	if spec.Version == "" {
		return schema.PackageSpec{}, errors.New("the schema has no version")
	}
	if _, err := semver.ParseTolerant(spec.Version); err != nil {
		return schema.PackageSpec{}, fmt.Errorf("the schema's version %q: %w", spec.Version, err)
	}
	if len(allResources) == 0 || len(allFunctions) == 0 {
		return schema.PackageSpec{}, errors.New("the schema lists no _allResourceTokens or _allFunctionTokens: without them nested types cannot be named as the full SDK names them")
	}

	lang, err := json.Marshal(goLanguage)
	if err != nil {
		return schema.PackageSpec{}, err
	}
	spec.Language = map[string]schema.RawMessage{"go": lang}
	spec.Meta = &schema.MetadataSpec{ModuleFormat: moduleFormat}
	if spec.Provider == nil {
		return schema.PackageSpec{}, errors.New("the schema has no provider")
	}
	if err := overlays(&spec, allResources, allFunctions); err != nil {
		return schema.PackageSpec{}, err
	}
	providerDefaults(&spec)
	terraformConfig(&spec)
	return spec, nil
}

func unmarshalKey(raw map[string]json.RawMessage, key string, v any) error {
	b, ok := raw[key]
	if !ok {
		return nil
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("reading the schema's %s: %w", key, err)
	}
	return nil
}

// providerDefaults gives the provider's inputs the environment defaults that the schema's config
// section declares for the same settings (ALICLOUD_REGION, ALICLOUD_PROFILE, ...): the bridge
// writes each config default into both places, the subset keeps it in config only.
func providerDefaults(spec *schema.PackageSpec) {
	for name, v := range spec.Config.Variables {
		p, ok := spec.Provider.InputProperties[name]
		if !ok || v.Default != nil || v.DefaultInfo == nil || p.DefaultInfo != nil {
			continue
		}
		p.DefaultInfo = v.DefaultInfo
		spec.Provider.InputProperties[name] = p
	}
}

// terraformConfig adds the provider method every bridged provider has: it returns the provider's
// configuration with Terraform's names, for the Terraform module provider.
func terraformConfig(spec *schema.PackageSpec) {
	token := "pulumi:providers:" + spec.Name + "/terraformConfig"
	spec.Provider.Methods = map[string]string{"terraformConfig": token}
	if spec.Functions == nil {
		spec.Functions = map[string]schema.FunctionSpec{}
	}
	spec.Functions[token] = schema.FunctionSpec{
		Description: "This function returns a Terraform config object with terraform-namecased keys,to be used with the Terraform Module Provider.",
		Inputs: &schema.ObjectTypeSpec{
			Type: "object",
			Properties: map[string]schema.PropertySpec{
				"__self__": {TypeSpec: schema.TypeSpec{Ref: "#/resources/pulumi:providers:" + spec.Name}},
			},
			Required: []string{"__self__"},
		},
		ReturnType: &schema.ReturnTypeSpec{
			ObjectTypeSpec: &schema.ObjectTypeSpec{
				Type: "object",
				Properties: map[string]schema.PropertySpec{
					"result": {TypeSpec: schema.TypeSpec{
						Type:                 "object",
						AdditionalProperties: &schema.TypeSpec{Ref: "pulumi.json#/Any"},
					}},
				},
				Required: []string{"result"},
			},
		},
	}
}

// overlays declares every resource and function of the full provider that the subset leaves out
// as an overlay: the generator counts its names when it names the others (a nested type whose name
// a resource of its module already has gets the suffix "Type") but writes no code for it.
func overlays(spec *schema.PackageSpec, allResources, allFunctions []string) error {
	have := map[string]bool{}
	for tok := range spec.Resources {
		have[tok] = true
	}
	for tok := range spec.Functions {
		have[tok] = true
	}
	var missing []string
	for tok := range have {
		if !strings.HasPrefix(tok, "pulumi:") && !contains(allResources, tok) && !contains(allFunctions, tok) {
			missing = append(missing, tok)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return fmt.Errorf("the schema's token lists lack %s", strings.Join(missing, ", "))
	}
	for _, tok := range allResources {
		if !have[tok] {
			spec.Resources[tok] = schema.ResourceSpec{ObjectTypeSpec: schema.ObjectTypeSpec{IsOverlay: true}}
		}
	}
	for _, tok := range allFunctions {
		if !have[tok] {
			spec.Functions[tok] = schema.FunctionSpec{IsOverlay: true}
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// goMod is the generated module's go.mod: the official SDK's module path and its two direct
// requirements. The Pulumi SDK's version is zonestack's (the official 3.105.0 asks for v3.251.0
// or later; a build that uses both takes the higher).
func goMod() []byte {
	return []byte(`// Generated by zonestack alicloudgen; DO NOT EDIT.
module ` + ModulePath + `

go 1.26.0

require (
	github.com/blang/semver v3.5.1+incompatible
	github.com/pulumi/pulumi/sdk/v3 v3.259.0
)
`)
}

// noLoader refuses every package other than the one being bound: the alicloud schema refers to
// no other package, and a schema that did must not make the generator fetch plugins.
type noLoader struct{}

func (noLoader) LoadPackage(pkg string, version *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("the alicloud schema refers to package %q; alicloudgen loads no other package", pkg)
}

func (l noLoader) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return l.LoadPackage(d.Name, d.Version)
}
