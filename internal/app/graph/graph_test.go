package graph_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/zonestack/zonestack/internal/app/graph"
	"github.com/zonestack/zonestack/internal/app/program"
)

func TestDevGraph(t *testing.T) {
	res, err := program.Offline("../../../stacks", "dev")
	if err != nil {
		t.Fatal(err)
	}
	dot := graph.DOT(res)
	for _, want := range []string{
		`label="network/Network network"`,
		`label="nodepools/ZonalPools pools"`,
		`cs/NodePool\npools-g\nzone cn-beijing-g`,
		`apps/Deployment\nplaceholders-k\nzone cn-beijing-k`,
		`style=dashed`,
	} {
		if !strings.Contains(dot, want) {
			t.Errorf("DOT lacks %q", want)
		}
	}
	// The system pools are the seventh box.
	if n := strings.Count(dot, "subgraph cluster_"); n != 7 {
		t.Errorf("%d component boxes, want 7", n)
	}
	svg, err := graph.SVG(dot)
	if err != nil {
		t.Fatal(err) // names the setup command when graphviz is missing
	}
	if !bytes.Contains(svg, []byte("<svg")) || !bytes.Contains(svg, []byte("pools&#45;g")) {
		t.Fatalf("not an SVG of the graph: %.200s", svg)
	}
}
