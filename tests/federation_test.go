package tests

import (
	"slices"
	"strings"
	"testing"

	"github.com/zonestack/zonestack/components/federation"
	"github.com/zonestack/zonestack/internal/stackconfig"
)

// The global stack's members are where their own stacks say: the same region and zones.
func TestGlobalMembersMatchTheirStacks(t *testing.T) {
	for _, r := range runAll(t) {
		if r.cfg.Federation == nil {
			continue
		}
		for _, m := range r.cfg.Federation.Members {
			member, _, err := stackconfig.Load(stacksDir, m.Stack)
			if err != nil {
				t.Fatalf("%s: member %s: %v", r.name, m.Stack, err)
			}
			if member.Region != m.Region || !slices.Equal(member.Zones, m.Zones) || member.Cloud != m.Cloud {
				t.Errorf("%s: member %s is %s %s %v, its stack says %s %s %v", r.name, m.Stack, m.Cloud, m.Region, m.Zones, member.Cloud, member.Region, member.Zones)
			}
			if member.Cluster == nil && member.SelfManaged == nil {
				t.Errorf("%s: member %s has no cluster", r.name, m.Stack)
			}
		}
	}
}

// The global plan keeps one record set per scope name, and the planned records keep the
// planner's invariants.
func TestGlobalPlanRecords(t *testing.T) {
	checked := 0
	for _, r := range runAll(t) {
		if r.cfg.Federation == nil {
			continue
		}
		f := r.cfg.Federation
		var clusters []federation.Cluster
		for _, m := range f.Members {
			clusters = append(clusters, federation.Cluster{Name: m.Stack, Region: m.Region, Zones: m.Zones})
		}
		names := federation.ScopeNames(federation.Federation{Name: f.Name, Domain: f.Domain}, federation.Service{Name: f.Service.Name, Namespace: f.Service.Namespace}, clusters)
		var sets []string
		for _, rs := range r.res.Recorder.ByType("gcp:dns/recordSet:RecordSet") {
			sets = append(sets, rs.Inputs["name"].StringValue())
		}
		slices.Sort(sets)
		for i := range names {
			names[i] += "."
		}
		if !slices.Equal(sets, names) {
			t.Errorf("%s: record sets %v, scope names %v", r.name, sets, names)
		}
		var planned []federation.Record
		for _, rs := range r.res.Recorder.ByType("gcp:dns/recordSet:RecordSet") {
			rec := federation.Record{Name: strings.TrimSuffix(rs.Inputs["name"].StringValue(), "."), Type: rs.Inputs["type"].StringValue()}
			for _, v := range rs.Inputs["rrdatas"].ArrayValue() {
				rec.Values = append(rec.Values, v.StringValue())
			}
			planned = append(planned, rec)
		}
		if err := federation.CheckInvariants(planned); err != nil {
			t.Errorf("%s: %v", r.name, err)
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no global stack")
	}
}
