package gen

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// Write replaces dir's go.mod and go/ tree with files. Other files in dir are kept.
func Write(dir string, files map[string][]byte) error {
	if err := os.RemoveAll(filepath.Join(dir, "go")); err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			return fmt.Errorf("writing %s: %w", p, err)
		}
	}
	return nil
}
