package tests

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"

	"github.com/zonestack/zonestack/components/federation"
	"github.com/zonestack/zonestack/internal/app/offline"
	"github.com/zonestack/zonestack/internal/app/program"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
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
		if f.DNS.Backend == "alidns" {
			checkPerValueRecords(t, r, names)
			checked++
			continue
		}
		if f.DNS.Backend == federation.BackendCoreDNS {
			checkZoneFiles(t, r, names)
			checked++
			continue
		}
		var sets []string
		for _, rs := range r.res.Recorder.ByType("gcp:dns/recordSet:RecordSet") {
			sets = append(sets, rs.Inputs["name"].StringValue())
		}
		slices.Sort(sets)
		for a := range f.Aliases {
			names = append(names, a)
		}
		slices.Sort(names)
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

// checkPerValueRecords checks a global stack on Alibaba Cloud DNS against its own planned
// records: one CNAME head per scope name and nothing else there; a name the plan gives addresses
// points at addr.<name>, which holds exactly those; a name the plan makes a CNAME points where the
// plan says; the global name points at GTM in GTM mode. The private zone holds the same heads.
func checkPerValueRecords(t *testing.T, r stackRun, names []string) {
	t.Helper()
	var planned []federation.Record
	raw, _ := json.Marshal(r.plan.Outputs["records"])
	if err := json.Unmarshal(raw, &planned); err != nil || len(planned) == 0 {
		t.Fatalf("%s: no planned records (%v)", r.name, err)
	}
	zone := r.cfg.Federation.DNS.ZoneName
	held := map[string]map[string][]string{} // name → type → values
	for _, rec := range r.res.Recorder.ByType(rt.DnsAlidnsRecord) {
		name := rec.Inputs["rr"].StringValue() + "." + zone
		typ := rec.Inputs["type"].StringValue()
		if held[name] == nil {
			held[name] = map[string][]string{}
		}
		held[name][typ] = append(held[name][typ], rec.Inputs["value"].StringValue())
	}
	// The global name is the scope name of fewest labels.
	global := slices.MinFunc(names, func(a, b string) int { return strings.Count(a, ".") - strings.Count(b, ".") })
	for _, name := range names {
		head := held[name]
		if len(head) != 1 || len(head[federation.TypeCNAME]) != 1 {
			t.Errorf("%s: %s holds %v, want one CNAME", r.name, name, head)
			continue
		}
		target := head[federation.TypeCNAME][0]
		var want []federation.Record
		for _, p := range planned {
			if p.Name == name {
				want = append(want, p)
			}
		}
		switch {
		case name == global && r.cfg.Federation.DNS.GTM != nil:
			if target != "gtm."+name {
				t.Errorf("%s: the global name points at %s, not GTM", r.name, target)
			}
		case len(want) == 1 && want[0].Type == federation.TypeCNAME:
			if target+"." != want[0].Values[0] {
				t.Errorf("%s: %s points at %s, the plan at %s", r.name, name, target, want[0].Values[0])
			}
		default:
			if target != federation.AddressLabel+"."+name {
				t.Errorf("%s: %s points at %s, not its address name", r.name, name, target)
			}
			for _, p := range want {
				got := slices.Sorted(slices.Values(held[target][p.Type]))
				if !slices.Equal(got, p.Values) {
					t.Errorf("%s: %s %s holds %v, the plan %v", r.name, target, p.Type, got, p.Values)
				}
			}
		}
	}
	if r.cfg.Federation.DNS.PrivateZone {
		heads := 0
		for _, rec := range r.res.Recorder.ByType(rt.PvtzZoneRecord) {
			if rec.Inputs["type"].StringValue() == federation.TypeCNAME && !strings.HasPrefix(rec.Inputs["rr"].StringValue(), federation.AddressLabel+".") {
				heads++
			}
		}
		if heads != len(names) {
			t.Errorf("%s: the private zone holds %d heads, want %d", r.name, heads, len(names))
		}
	}
}

// A real run of the global stack (program.Run, which reads shards live) reads this stack's own
// last outputs through a StackReference to itself, and when no member can be read (here their
// kubeconfigs are the mocks' stand-ins, which reach no cluster) the run goes on: every shard is
// the last run's, marked kept (unhealthy for a member the last run did not have), and the
// records are planned from them.
func TestAGlobalRunThatReachesNoMemberKeepsTheLastShards(t *testing.T) {
	raw, err := stackconfig.ReadStackFile(stackconfig.StackFile(stacksDir, "global"))
	if err != nil {
		t.Fatal(err)
	}
	last := resource.PropertyMap{}
	for i, m := range []string{"gke-asia-east1", "gke-europe-west1", "gke-us-east1", "gke-us-central1"} {
		last[resource.PropertyKey(m)] = resource.NewObjectProperty(resource.PropertyMap{
			"addresses": resource.NewArrayProperty([]resource.PropertyValue{resource.NewStringProperty(fmt.Sprintf("192.0.2.%d", i+1))}),
			"healthy":   resource.NewBoolProperty(true),
		})
	}
	mocks := lastRun{Recorder: offline.NewRecorder(stackconfig.Project, "global"), self: "organization/zonestack/global", shards: last}
	var shards, records offline.Output
	err = pulumi.RunErr(func(ctx *pulumi.Context) error {
		cfg, err := stackconfig.Parse("global", raw)
		if err != nil {
			return err
		}
		if err := program.Run(ctx, cfg); err != nil {
			return err
		}
		for name, out := range map[string]*offline.Output{"shards": &shards, "records": &records} {
			v, err := internals.UnsafeAwaitOutput(ctx.Context(), pulumi.ToOutput(ctx.GetCurrentExportMap()[name]))
			if err != nil {
				return err
			}
			*out = offline.Output{Value: v.Value, Known: v.Known, Secret: v.Secret}
		}
		return nil
	}, pulumi.WithMocks(stackconfig.Project, "global", mocks))
	if err != nil {
		t.Fatal(err)
	}
	if !mocks.selfRead() {
		t.Error("no StackReference to the stack itself")
	}
	got, _ := shards.Value.(map[string]any)
	if len(got) != 5 {
		t.Fatalf("shards output %+v, want the five members", shards)
	}
	for name, v := range got {
		st, _ := v.(federation.ShardStatus)
		want := federation.LastShard(map[string]any{name: map[string]any{"healthy": name != "dev"}}, name)
		if !st.Kept || st.Healthy != want.Healthy || (st.Healthy && len(st.Addresses) != 1) {
			t.Errorf("member %s: %+v, want kept, healthy %t as in the last run", name, st, want.Healthy)
		}
	}
	if shards.Secret || records.Secret {
		t.Error("the shards or records output is secret: every record planned from the shards would be")
	}
	rs, _ := records.Value.([]federation.Record)
	cn := slices.IndexFunc(rs, func(r federation.Record) bool {
		return r.Name == "nginx.mynamespace.myfederation.svc.cn-beijing.fed.example.com"
	})
	if cn < 0 || rs[cn].Type != federation.TypeCNAME {
		t.Errorf("the kept-unhealthy member's region is not a CNAME to the global name: %+v", rs)
	}
}

// lastRun is the recorder, with the stack's own StackReference answering a last run's shards.
type lastRun struct {
	*offline.Recorder
	self   string
	shards resource.PropertyMap
}

func (m lastRun) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	id, state, err := m.Recorder.NewResource(args)
	if args.TypeToken == rt.StackReference && args.Inputs["name"].StringValue() == m.self {
		state["outputs"] = resource.NewObjectProperty(resource.PropertyMap{"shards": resource.NewObjectProperty(m.shards)})
	}
	return id, state, err
}

func (m lastRun) selfRead() bool {
	for _, r := range m.Recorder.ByType(rt.StackReference) {
		if r.Inputs["name"].StringValue() == m.self {
			return true
		}
	}
	return false
}

// checkZoneFiles checks a global stack on CoreDNS against its own planned records: every serving
// member's ConfigMap holds the same zone file, with an NS record per serving member, every scope
// name, and every planned value inside the domain.
func checkZoneFiles(t *testing.T, r stackRun, names []string) {
	t.Helper()
	var planned []federation.Record
	raw, _ := json.Marshal(r.plan.Outputs["records"])
	if err := json.Unmarshal(raw, &planned); err != nil || len(planned) == 0 {
		t.Fatalf("%s: no planned records (%v)", r.name, err)
	}
	if err := federation.CheckInvariants(planned); err != nil {
		t.Errorf("%s: %v", r.name, err)
	}
	f := r.cfg.Federation
	key := "db." + f.Domain
	var files []string
	for _, cm := range r.res.Recorder.ByType("kubernetes:core/v1:ConfigMapPatch") {
		if strings.HasPrefix(cm.Name, "dns-") && strings.HasSuffix(cm.Name, "-zone") {
			files = append(files, cm.Inputs["data"].ObjectValue()[resource.PropertyKey(key)].StringValue())
		}
	}
	var servers []string
	if f.DNS.CoreDNS != nil {
		servers = f.DNS.CoreDNS.Servers
	}
	if len(servers) == 0 {
		for _, m := range f.Members {
			servers = append(servers, m.Stack)
		}
	}
	if len(files) != len(servers) {
		t.Fatalf("%s: %d zone files, want one per server (%v)", r.name, len(files), servers)
	}
	zone := files[0]
	for _, other := range files[1:] {
		if other != zone {
			t.Errorf("%s: the servers' zone files differ", r.name)
		}
	}
	for _, s := range servers {
		if ns := fmt.Sprintf("%s. %d IN NS ns-%s.%s.\n", f.Domain, federation.NameServerTTL, s, f.Domain); !strings.Contains(zone, ns) {
			t.Errorf("%s: no %q in the zone file", r.name, ns)
		}
	}
	for _, n := range names {
		if !strings.Contains(zone, "\n"+n+". ") {
			t.Errorf("%s: the zone file has no %s", r.name, n)
		}
	}
	for _, p := range planned {
		for _, v := range p.Values {
			if line := fmt.Sprintf("\n%s. %d IN %s %s\n", p.Name, p.TTL, p.Type, v); !strings.Contains(zone, line) {
				t.Errorf("%s: the zone file lacks the planned %q", r.name, strings.TrimSpace(line))
			}
		}
	}
}
