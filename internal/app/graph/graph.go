package graph

import (
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"sort"
	"strings"

	"github.com/zonestack/zonestack/internal/app/offline"
	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

// zoneColors colour up to six zones; more reuse them.
var zoneColors = []string{"#cfe8ff", "#d8f5d0", "#ffe3c4", "#f2d7f7", "#fff5b8", "#d9f2f2"}

// DOT renders the run's resource graph.
func DOT(res *offline.Result) string {
	regs := res.Recorder.Registrations()
	zoneOf := zones(res.Recorder)
	zoneIndex := map[string]int{}
	for i, z := range res.Zones {
		zoneIndex[z] = i
	}
	children := map[string][]offline.Registration{}
	byURN := map[string]offline.Registration{}
	for _, r := range regs {
		byURN[r.URN] = r
	}
	var roots []offline.Registration
	for _, r := range regs {
		if _, ok := byURN[r.Parent]; ok {
			children[r.Parent] = append(children[r.Parent], r)
		} else {
			roots = append(roots, r)
		}
	}
	sortRegs := func(rs []offline.Registration) {
		sort.Slice(rs, func(i, j int) bool { return rs[i].Name < rs[j].Name })
	}
	sortRegs(roots)
	ids := map[string]string{}
	for i, r := range regs {
		ids[r.URN] = fmt.Sprintf("r%d", i)
	}

	var b strings.Builder
	fmt.Fprintf(&b, "digraph %q {\n", res.Stack)
	b.WriteString("  rankdir=LR;\n  compound=true;\n  node [shape=box, style=\"rounded,filled\", fillcolor=white, fontname=\"Helvetica\", fontsize=10];\n")
	b.WriteString("  graph [fontname=\"Helvetica\", fontsize=12];\n")
	fmt.Fprintf(&b, "  label=%q;\n  labelloc=t;\n", "zonestack stack "+res.Stack+" — zones: "+strings.Join(res.Zones, ", "))
	var walk func(r offline.Registration, indent string)
	walk = func(r offline.Registration, indent string) {
		if !r.Custom {
			fmt.Fprintf(&b, "%ssubgraph cluster_%s {\n", indent, ids[r.URN])
			fmt.Fprintf(&b, "%s  label=%q;\n%s  style=rounded;\n%s  color=\"#555555\";\n", indent, shortType(r.Type)+" "+r.Name, indent, indent)
			// An invisible anchor so that the component has a node even when it holds nothing.
			fmt.Fprintf(&b, "%s  %s [shape=point, style=invis, width=0];\n", indent, ids[r.URN])
			kids := children[r.URN]
			sortRegs(kids)
			for _, c := range kids {
				walk(c, indent+"  ")
			}
			fmt.Fprintf(&b, "%s}\n", indent)
			return
		}
		label := shortType(r.Type) + "\\n" + r.Name
		fill := "white"
		if z := zoneOf[r.URN]; z != "" {
			label += "\\nzone " + z
			if i, ok := zoneIndex[z]; ok {
				fill = zoneColors[i%len(zoneColors)]
			}
		}
		shape := "box"
		if strings.HasPrefix(r.Type, rt.ProviderPrefix) {
			shape = "component"
		}
		fmt.Fprintf(&b, "%s%s [label=\"%s\", shape=%s, fillcolor=%q];\n", indent, ids[r.URN], label, shape, fill)
	}
	for _, r := range roots {
		walk(r, "  ")
	}
	for _, r := range regs {
		if !r.Custom {
			continue
		}
		for _, d := range r.Dependencies {
			if dep, ok := byURN[d]; ok && dep.Custom {
				fmt.Fprintf(&b, "  %s -> %s;\n", ids[d], ids[r.URN])
			}
		}
		if p := r.ProviderURN(); p != "" {
			if _, ok := byURN[p]; ok {
				fmt.Fprintf(&b, "  %s -> %s [style=dashed, color=\"#999999\", arrowsize=0.5];\n", ids[p], ids[r.URN])
			}
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// zones finds each resource's zone: its zoneId input, the zone of the one vSwitch it uses, or its
// zonestack.io/zone label.
func zones(rec *offline.Recorder) map[string]string {
	vswitchZone := rec.VSwitchZones()
	regs := rec.Registrations()
	out := map[string]string{}
	for _, r := range regs {
		switch {
		case r.Inputs["zoneId"].IsString():
			out[r.URN] = r.Inputs["zoneId"].StringValue()
		case r.Inputs["vswitchId"].IsString():
			out[r.URN] = vswitchZone[r.Inputs["vswitchId"].StringValue()]
		case r.Inputs["vswitchIds"].IsArray() && len(r.Inputs["vswitchIds"].ArrayValue()) == 1:
			out[r.URN] = vswitchZone[r.Inputs["vswitchIds"].ArrayValue()[0].StringValue()]
		case r.Inputs["sourceVswitchId"].IsString():
			out[r.URN] = vswitchZone[r.Inputs["sourceVswitchId"].StringValue()]
		case r.Inputs["metadata"].IsObject():
			// Kubernetes objects that belong to one zone say so in a label.
			if l := r.Inputs["metadata"].ObjectValue()["labels"]; l.IsObject() && l.ObjectValue()["zonestack.io/zone"].IsString() {
				out[r.URN] = l.ObjectValue()["zonestack.io/zone"].StringValue()
			}
		}
	}
	return out
}

// shortType drops the package and version noise: alicloud:vpc/switch:Switch → vpc/Switch.
func shortType(t string) string {
	parts := strings.Split(t, ":")
	if len(parts) != 3 {
		return t
	}
	module := parts[1]
	if i := strings.Index(module, "/"); i >= 0 {
		module = module[:i]
	}
	return module + "/" + parts[2]
}

// ErrNoDot is returned by SVG when Graphviz is not installed.
var ErrNoDot = errors.New("graphviz's dot is not installed; install it with: apt-get install -y graphviz")

// SVG renders DOT to SVG with Graphviz's dot.
func SVG(dot string) ([]byte, error) {
	path, err := exec.LookPath("dot")
	if err != nil {
		return nil, ErrNoDot
	}
	cmd := exec.Command(path, "-Tsvg")
	cmd.Stdin = strings.NewReader(dot)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("dot: %v: %s", err, stderr.String())
	}
	return out.Bytes(), nil
}
