package stackconfig

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"sigs.k8s.io/yaml"
)

// SecretPlaceholder stands for every encrypted value the offline tools read.
const SecretPlaceholder = "[secret]"

// stackFileKeys are the top-level keys a Pulumi stack file may have.
var stackFileKeys = []string{"config", "secretsprovider", "encryptedkey", "encryptionsalt", "environment"}

// StackFile is the path of a stack's file under the project's stack config directory.
func StackFile(dir, stack string) string {
	return filepath.Join(dir, "Pulumi."+stack+".yaml")
}

// ReadStackFile reads a stack file the way the engine would pass it to the program, without
// decrypting anything: each `secure:` value, at any depth, becomes SecretPlaceholder and its
// top-level key is listed as secret.
func ReadStackFile(path string) (Raw, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Raw{}, err
	}
	return ParseStackFile(path, b)
}

// ParseStackFile is ReadStackFile on bytes already read; name is used in messages.
func ParseStackFile(name string, b []byte) (Raw, error) {
	var doc map[string]any
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return Raw{}, fmt.Errorf("%s: not valid YAML: %w", name, err)
	}
	for k := range doc {
		if !slices.Contains(stackFileKeys, k) {
			return Raw{}, fmt.Errorf("%s: unknown top-level key %q; a stack file has %s", name, k, strings.Join(stackFileKeys, ", "))
		}
	}
	raw := Raw{Values: map[string]string{}}
	cfg, ok := doc["config"].(map[string]any)
	if doc["config"] != nil && !ok {
		return Raw{}, fmt.Errorf("%s: config must be a map of keys to values", name)
	}
	keys := make([]string, 0, len(cfg))
	for k := range cfg {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v, secret := hideSecrets(cfg[k])
		if secret {
			raw.Secrets = append(raw.Secrets, k)
		}
		if s, isString := v.(string); isString {
			raw.Values[k] = s
			continue
		}
		j, err := json.Marshal(v)
		if err != nil {
			return Raw{}, fmt.Errorf("%s: config %s: %w", name, k, err)
		}
		raw.Values[k] = string(j)
	}
	return raw, nil
}

// hideSecrets replaces every {secure: …} value with the placeholder.
func hideSecrets(v any) (any, bool) {
	switch x := v.(type) {
	case map[string]any:
		if _, ok := x["secure"]; ok && len(x) == 1 {
			return SecretPlaceholder, true
		}
		found := false
		out := make(map[string]any, len(x))
		for k, e := range x {
			var s bool
			out[k], s = hideSecrets(e)
			found = found || s
		}
		return out, found
	case []any:
		found := false
		out := make([]any, len(x))
		for i, e := range x {
			var s bool
			out[i], s = hideSecrets(e)
			found = found || s
		}
		return out, found
	}
	return v, false
}

// FromEngine reads the configuration the Pulumi engine passes to a running program.
func FromEngine(stack string) (*Config, error) {
	raw := Raw{Values: map[string]string{}}
	if s := os.Getenv(pulumi.EnvConfig); s != "" {
		if err := json.Unmarshal([]byte(s), &raw.Values); err != nil {
			return nil, fmt.Errorf("reading %s: %w", pulumi.EnvConfig, err)
		}
	}
	if s := os.Getenv(pulumi.EnvConfigSecretKeys); s != "" {
		if err := json.Unmarshal([]byte(s), &raw.Secrets); err != nil {
			return nil, fmt.Errorf("reading %s: %w", pulumi.EnvConfigSecretKeys, err)
		}
	}
	return Parse(stack, raw)
}

// Load reads and parses stacks/Pulumi.<stack>.yaml under dir.
func Load(dir, stack string) (*Config, Raw, error) {
	path := StackFile(dir, stack)
	raw, err := ReadStackFile(path)
	if err != nil {
		return nil, Raw{}, err
	}
	c, err := Parse(stack, raw)
	if err != nil {
		return nil, raw, fmt.Errorf("%s:\n%w", path, err)
	}
	return c, raw, nil
}

// LoadMembers loads the stack files of a global stack's members from dir, by stack name; nil for
// a stack that is not global. A member whose file is missing is an error: the global stack
// reads its outputs, so it must exist.
func LoadMembers(dir string, cfg *Config) (map[string]*Config, error) {
	if cfg.Cloud != CloudGlobal || cfg.Federation == nil {
		return nil, nil
	}
	out := map[string]*Config{}
	for _, m := range cfg.Federation.Members {
		mc, _, err := Load(dir, m.Stack)
		if err != nil {
			return nil, fmt.Errorf("member %s: %w", m.Stack, err)
		}
		out[m.Stack] = mc
	}
	return out, nil
}
