package ackapi

import (
	"embed"
	"io/fs"
	"sort"
)

//go:embed crds/*.yaml
var crdFiles embed.FS

// CRDs are the CustomResourceDefinitions the local cluster installs to stand in for ACK's
// add-ons, as YAML documents sorted by file name.
func CRDs() [][]byte {
	names, _ := fs.Glob(crdFiles, "crds/*.yaml")
	sort.Strings(names)
	out := make([][]byte, 0, len(names))
	for _, n := range names {
		b, _ := crdFiles.ReadFile(n)
		out = append(out, b)
	}
	return out
}
