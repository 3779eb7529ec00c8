package schemacheck

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// Schema is the part of a Pulumi package schema that the checks read.
type Schema struct {
	Version   string               `json:"version"`
	Provider  Resource             `json:"provider"`
	Resources map[string]*Resource `json:"resources"`
	Functions map[string]*Function `json:"functions"`
	Types     map[string]*Type     `json:"types"`
}

// Resource is a resource (or the provider) in the schema.
type Resource struct {
	Properties      map[string]*Property `json:"properties"`
	Required        []string             `json:"required"`
	InputProperties map[string]*Property `json:"inputProperties"`
	RequiredInputs  []string             `json:"requiredInputs"`
}

// Function is a provider function in the schema.
type Function struct {
	Inputs  *Type `json:"inputs"`
	Outputs *Type `json:"outputs"`
}

// Type is an object type in the schema.
type Type struct {
	Type       string               `json:"type"`
	Properties map[string]*Property `json:"properties"`
	Required   []string             `json:"required"`
}

// Property is a property, or an array's items, or a map's values.
type Property struct {
	Type                 string    `json:"type"`
	Ref                  string    `json:"$ref"`
	Items                *Property `json:"items"`
	AdditionalProperties *Property `json:"additionalProperties"`
	DeprecationMessage   string    `json:"deprecationMessage"`
	Secret               bool      `json:"secret"`
}

// DefaultPath is where the shared schema sits relative to the repository root: ../shared beside the
// clone, as in CI.
const DefaultPath = "../shared/schemas/alicloud-subset.json"

// Load reads a schema file.
func Load(path string) (*Schema, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var s Schema
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &s, nil
}

// LoadShared loads the schema from ../shared beside the repository, wherever the calling test runs.
// The error says what to do when the shared folder is not there.
func LoadShared() (*Schema, error) {
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..", "..")
	path := filepath.Join(root, DefaultPath)
	s, err := Load(path)
	if err != nil {
		return nil, fmt.Errorf("the alicloud provider schema is needed to check the bindings: %w "+
			"(clone the repository next to the project's shared/ folder, as CI does)", err)
	}
	return s, nil
}

// resolve follows a "#/types/<token>" reference.
func (s *Schema) resolve(ref string) (*Type, string, error) {
	tok := strings.TrimPrefix(ref, "#/types/")
	t, ok := s.Types[tok]
	if !ok {
		return nil, tok, fmt.Errorf("type %s is not in the schema", tok)
	}
	return t, tok, nil
}

// describe is a short form of a schema property type, for messages.
func (p *Property) describe() string {
	switch {
	case p == nil:
		return "nothing"
	case p.Ref != "":
		return strings.TrimPrefix(p.Ref, "#/types/")
	case p.Type == "array":
		return "array of " + p.Items.describe()
	case p.Type == "object" && p.AdditionalProperties != nil:
		return "map of " + p.AdditionalProperties.describe()
	}
	return p.Type
}
