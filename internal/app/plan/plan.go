package plan

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/zonestack/zonestack/components/federation"
	"github.com/zonestack/zonestack/internal/app/apiaccess"
	"github.com/zonestack/zonestack/internal/app/offline"
	"github.com/zonestack/zonestack/internal/app/policy"
	"github.com/zonestack/zonestack/internal/app/report"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
)

// Secret is how every secret value appears in a plan.
const Secret = stackconfig.SecretPlaceholder

// Unknown is how a value that is known only after creation appears.
const Unknown = "[unknown]"

// Plan is what `pulumi up` would register for one stack.
type Plan struct {
	Stack     string         `json:"stack"`
	Resources []Resource     `json:"resources"`
	Outputs   map[string]any `json:"outputs"`
	Warnings  []string       `json:"warnings,omitempty"`
	// CriticalPath is the estimated duration of `pulumi up` on an empty stack.
	CriticalPath CriticalPath `json:"criticalPath"`
	// ZoneLoss is what the stack keeps when it loses each zone in turn.
	ZoneLoss []report.ZoneLoss `json:"zoneLoss"`
	// APIAccess is how the machine that runs `pulumi up` reaches the API server of each cluster
	// the stack applies Kubernetes objects to (Reach sets it).
	APIAccess []apiaccess.Access `json:"apiAccess,omitempty"`
	// Findings are the policy checks' warnings (a plan with errors is not printed).
	Findings []policy.Finding `json:"findings,omitempty"`
}

// CriticalPath is report.CriticalPath in seconds, for JSON.
type CriticalPath struct {
	TotalSeconds float64 `json:"totalSeconds"`
	SumSeconds   float64 `json:"sumSeconds"`
	Steps        []Step  `json:"steps"`
}

// Step is one creation on the critical path, in seconds from the start of `pulumi up`.
type Step struct {
	Type          string  `json:"type"`
	Name          string  `json:"name"`
	StartSeconds  float64 `json:"startSeconds"`
	FinishSeconds float64 `json:"finishSeconds"`
}

// Resource is one registration.
type Resource struct {
	URN      string `json:"urn"`
	Type     string `json:"type"`
	Name     string `json:"name"`
	Parent   string `json:"parent,omitempty"`
	Custom   bool   `json:"custom"`
	Provider string `json:"provider,omitempty"`
	// Protect says Pulumi refuses to delete the resource.
	Protect      bool           `json:"protect,omitempty"`
	Inputs       map[string]any `json:"inputs"`
	Dependencies []string       `json:"dependencies"`
	// Aliases are the URNs the resource had in earlier releases: an existing stack keeps the
	// resource under its new name instead of replacing it.
	Aliases []string `json:"aliases,omitempty"`
}

// Reach records the route from the stack's runner to each API server it applies objects to:
// its own cluster's, or a global stack's members' (their configs by stack name).
func (p *Plan) Reach(cfg *stackconfig.Config, members map[string]*stackconfig.Config) {
	if cfg.Cloud == stackconfig.CloudGlobal {
		p.APIAccess = apiaccess.Global(cfg, members)
	} else if a := apiaccess.Of(cfg); a != nil {
		p.APIAccess = []apiaccess.Access{*a}
	}
}

// FromResult turns an offline run into a Plan. Resources come in creation order: each after its
// parent, its provider and its dependencies, ties broken by name, so the same stack always gives
// the same plan although the program registers concurrently.
func FromResult(res *offline.Result) Plan {
	p := Plan{Stack: res.Stack, Outputs: map[string]any{}, Warnings: res.Warnings}
	regs := res.Recorder.Registrations()
	cp := report.Critical(regs)
	p.CriticalPath = CriticalPath{TotalSeconds: cp.Total.Seconds(), SumSeconds: cp.Sum.Seconds(), Steps: []Step{}}
	for _, s := range cp.Steps {
		p.CriticalPath.Steps = append(p.CriticalPath.Steps, Step{Type: s.Type, Name: s.Name, StartSeconds: s.Start.Seconds(), FinishSeconds: s.Finish.Seconds()})
	}
	p.ZoneLoss = report.ZoneLosses(res, res.Zones)
	for _, r := range creationOrder(regs) {
		deps := r.Dependencies
		if deps == nil {
			deps = []string{}
		}
		p.Resources = append(p.Resources, Resource{
			URN:          r.URN,
			Type:         r.Type,
			Name:         r.Name,
			Parent:       r.Parent,
			Custom:       r.Custom,
			Provider:     r.ProviderURN(),
			Protect:      r.Protect,
			Inputs:       plainMap(r.Inputs),
			Dependencies: deps,
			Aliases:      slices.Sorted(slices.Values(r.Aliases)),
		})
	}
	for name, o := range res.Outputs {
		switch {
		case o.Secret:
			p.Outputs[name] = Secret
		case !o.Known:
			p.Outputs[name] = Unknown
		default:
			p.Outputs[name] = o.Value
		}
	}
	return p
}

func plainMap(m resource.PropertyMap) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[string(k)] = plain(v)
	}
	return out
}

// plain turns a property value into plain JSON data with every secret hidden.
func plain(v resource.PropertyValue) any {
	switch {
	case v.IsSecret():
		return Secret
	case v.IsComputed():
		return Unknown
	case v.IsOutput():
		o := v.OutputValue()
		switch {
		case o.Secret:
			return Secret
		case !o.Known:
			return Unknown
		}
		return plain(o.Element)
	case v.IsNull():
		return nil
	case v.IsBool():
		return v.BoolValue()
	case v.IsNumber():
		return v.NumberValue()
	case v.IsString():
		return v.StringValue()
	case v.IsArray():
		arr := v.ArrayValue()
		out := make([]any, len(arr))
		for i, e := range arr {
			out[i] = plain(e)
		}
		return out
	case v.IsObject():
		return plainMap(v.ObjectValue())
	case v.IsResourceReference():
		return string(v.ResourceReferenceValue().URN)
	}
	return fmt.Sprintf("[%s]", v.TypeString())
}

// WriteJSON writes the plan as indented JSON.
func (p Plan) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(p)
}

// WriteText writes the plan as a tree by component, with counts.
func (p Plan) WriteText(w io.Writer) error {
	children := map[string][]Resource{}
	var roots []Resource
	for _, r := range p.Resources {
		if r.Parent == "" || !p.has(r.Parent) {
			roots = append(roots, r)
		} else {
			children[r.Parent] = append(children[r.Parent], r)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "stack %s: %d resources will be created\n", p.Stack, len(p.Resources))
	fmt.Fprintf(&b, "(offline: IDs and values the cloud computes are stand-ins; secrets show as %s)\n\n", Secret)
	var walk func(r Resource, depth int)
	walk = func(r Resource, depth int) {
		indent := strings.Repeat("    ", depth)
		renamed := ""
		for _, a := range r.Aliases {
			// Only a change of name is a rename; the SDK also aliases older API versions.
			if old := resource.URN(a).Name(); old != r.Name && renamed == "" {
				renamed = "  (was " + old + ")"
			}
		}
		if r.Custom {
			fmt.Fprintf(&b, "%s+ %-45s %s%s\n", indent, r.Type, r.Name, renamed)
			return
		}
		fmt.Fprintf(&b, "%s+ %-45s %s  (%d resources)%s\n", indent, r.Type, r.Name, p.descendants(r.URN, children), renamed)
		for _, c := range children[r.URN] {
			walk(c, depth+1)
		}
	}
	for _, r := range roots {
		walk(r, 0)
	}
	counts := map[string]int{}
	for _, r := range p.Resources {
		counts[r.Type]++
	}
	types := make([]string, 0, len(counts))
	for t := range counts {
		types = append(types, t)
	}
	sort.Strings(types)
	fmt.Fprintf(&b, "\nby type:\n")
	for _, t := range types {
		fmt.Fprintf(&b, "  %4d  %s\n", counts[t], t)
	}
	names := make([]string, 0, len(p.Outputs))
	for k := range p.Outputs {
		names = append(names, k)
	}
	sort.Strings(names)
	fmt.Fprintf(&b, "\noutputs:\n")
	for _, k := range names {
		if k == "records" || k == "dnsSlots" || k == "gtm" || k == "delegation" {
			continue // below, one line each
		}
		v, _ := json.Marshal(p.Outputs[k])
		fmt.Fprintf(&b, "  %-20s %s\n", k, v)
	}
	writeRecords(&b, p.Outputs["records"])
	writeSlots(&b, p.Outputs["dnsSlots"])
	writeDelegation(&b, p.Outputs["delegation"])
	if g, ok := p.Outputs["gtm"].(map[string]any); ok {
		fmt.Fprintf(&b, "  %-80v %5v GTM   the available shards of every region's address pool (TCP checks every 60 s)\n", g["name"], g["ttl"])
	}
	if len(p.APIAccess) > 0 {
		fmt.Fprintf(&b, "\nreaching the API server:\n")
		for _, a := range p.APIAccess {
			fmt.Fprintf(&b, "  %s\n", a)
		}
	}
	p.writeReports(&b)
	if len(p.Findings) > 0 {
		fmt.Fprintf(&b, "\npolicy:\n")
		for _, f := range p.Findings {
			fmt.Fprintf(&b, "  %s\n", f)
		}
	} else {
		fmt.Fprintf(&b, "\npolicy: every check passes (%d checks)\n", len(policy.Checks))
	}
	if len(p.Warnings) > 0 {
		fmt.Fprintf(&b, "\nwarnings:\n")
		for _, w := range p.Warnings {
			fmt.Fprintf(&b, "  %s\n", w)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func (p Plan) has(urn string) bool {
	for _, r := range p.Resources {
		if r.URN == urn {
			return true
		}
	}
	return false
}

func (p Plan) descendants(urn string, children map[string][]Resource) int {
	n := 0
	for _, c := range children[urn] {
		n += 1 + p.descendants(c.URN, children)
	}
	return n
}

// creationOrder sorts registrations topologically (Kahn's algorithm) over parent, provider and
// dependency edges, always taking the ready resource with the smallest name, then URN.
func creationOrder(regs []offline.Registration) []offline.Registration {
	byURN := make(map[string]int, len(regs))
	for i, r := range regs {
		byURN[r.URN] = i
	}
	waits := make([]int, len(regs))
	unblocks := make([][]int, len(regs))
	for i, r := range regs {
		before := append([]string{r.Parent, r.ProviderURN()}, r.Dependencies...)
		seen := map[int]bool{}
		for _, u := range before {
			if j, ok := byURN[u]; ok && j != i && !seen[j] {
				seen[j] = true
				waits[i]++
				unblocks[j] = append(unblocks[j], i)
			}
		}
	}
	less := func(a, b int) bool {
		if regs[a].Name != regs[b].Name {
			return regs[a].Name < regs[b].Name
		}
		return regs[a].URN < regs[b].URN
	}
	var ready []int
	for i := range regs {
		if waits[i] == 0 {
			ready = append(ready, i)
		}
	}
	out := make([]offline.Registration, 0, len(regs))
	for len(ready) > 0 {
		sort.Slice(ready, func(x, y int) bool { return less(ready[x], ready[y]) })
		i := ready[0]
		ready = ready[1:]
		out = append(out, regs[i])
		for _, j := range unblocks[i] {
			if waits[j]--; waits[j] == 0 {
				ready = append(ready, j)
			}
		}
	}
	if len(out) < len(regs) { // a cycle cannot come from the engine; keep whatever is left, in order
		placed := map[string]bool{}
		for _, r := range out {
			placed[r.URN] = true
		}
		for _, r := range regs {
			if !placed[r.URN] {
				out = append(out, r)
			}
		}
	}
	return out
}

// writeReports writes the critical path and the zone-loss report.
func (p Plan) writeReports(b *strings.Builder) {
	cp := p.CriticalPath
	if cp.TotalSeconds > 0 {
		fmt.Fprintf(b, "\nestimated pulumi up: %s on the critical path, against %s one after another\n",
			secs(cp.TotalSeconds), secs(cp.SumSeconds))
		fmt.Fprintf(b, "(typical creation times and their sources: internal/app/report/times.go)\n")
		for _, s := range cp.Steps {
			fmt.Fprintf(b, "  %8s → %-8s %-45s %s\n", secs(s.StartSeconds), secs(s.FinishSeconds), s.Type, s.Name)
		}
	}
	if len(p.ZoneLoss) == 0 {
		return
	}
	fmt.Fprintf(b, "\nlosing one zone:\n")
	for _, z := range p.ZoneLoss {
		fmt.Fprintf(b, "  %s:\n", z.Zone)
		fmt.Fprintf(b, "    control plane: %s\n", z.ControlPlane)
		if z.Pools.OfPools > 0 {
			fmt.Fprintf(b, "    pools: %d of %d left, %d to %d nodes of %d to %d\n",
				z.Pools.Pools, z.Pools.OfPools, z.Pools.MinNodes, z.Pools.MaxNodes, z.Pools.OfMin, z.Pools.OfMax)
		}
		for _, s := range z.Services {
			// A majority is claimed only for a form of cluster proven to keep serving with one
			// (report.EtcdForm, tests/etcd); for any other service the report counts members.
			q := "majority kept: an etcd cluster of the form tests/etcd proves"
			switch {
			case s.Cluster == "" && s.Quorum:
				q = "more than half; whether the members form a cluster is the service's own"
			case s.Cluster == "":
				q = "half or fewer"
			case !s.Quorum:
				q = "MAJORITY LOST: the etcd cluster stops taking writes"
			}
			fmt.Fprintf(b, "    %s: at worst %d of %d members run and answer DNS (%s)\n", s.Name, s.Kept, s.Replicas, q)
		}
		fmt.Fprintf(b, "    egress: %s\n", z.Egress)
		for _, d := range z.Databases {
			fmt.Fprintf(b, "    database %s\n", d)
		}
		if z.Burst != "" {
			fmt.Fprintf(b, "    burst: %s\n", z.Burst)
		}
		for _, lb := range z.LoadBalancers {
			fmt.Fprintf(b, "    load balancer %s\n", lb)
		}
		if z.Shared != "" {
			fmt.Fprintf(b, "    shared volumes: %s\n", z.Shared)
		}
	}
}

func secs(s float64) string {
	return time.Duration(s * float64(time.Second)).Round(time.Second).String()
}

// writeSlots lists the records a per-value DNS back end holds, one value a line.
func writeSlots(b *strings.Builder, v any) {
	var slots []federation.Slot
	raw, _ := json.Marshal(v)
	if json.Unmarshal(raw, &slots) != nil || len(slots) == 0 {
		return
	}
	fmt.Fprintf(b, "\nas written to Alibaba Cloud DNS (one record per value: each name a CNAME, to the wider scope or to\n")
	fmt.Fprintf(b, "addr.<name>, which holds one record per member, parked as TXT while the plan does not serve it):\n")
	for _, s := range slots {
		fmt.Fprintf(b, "  %-80s %5d %-5s %s\n", s.Name, s.TTL, s.Type, s.Value)
	}
}

// writeRecords lists a federation's planned DNS records, one RRset a line.
// writeDelegation writes the records a parent zone needs to delegate the federation's domain to
// CoreDNS (the coredns back end's delegation output), one zone-file line each.
func writeDelegation(b *strings.Builder, v any) {
	var lines []string
	raw, _ := json.Marshal(v)
	if json.Unmarshal(raw, &lines) != nil || len(lines) == 0 {
		return
	}
	fmt.Fprintf(b, "\ndelegation (add these records to the parent zone once; offline, stand-in addresses):\n")
	for _, l := range lines {
		fmt.Fprintf(b, "  %s\n", l)
	}
}

func writeRecords(b *strings.Builder, v any) {
	var rs []any
	raw, _ := json.Marshal(v)
	_ = json.Unmarshal(raw, &rs)
	ok := rs != nil
	if !ok || len(rs) == 0 {
		return
	}
	fmt.Fprintf(b, "\nDNS records (from the shards' addresses and health; offline, stand-in addresses):\n")
	for _, r := range rs {
		m, _ := r.(map[string]any)
		var values []string
		if vs, ok := m["values"].([]any); ok {
			for _, x := range vs {
				values = append(values, fmt.Sprint(x))
			}
		}
		fmt.Fprintf(b, "  %-75v %5v %-5v %s\n", m["name"], m["ttl"], m["type"], strings.Join(values, " "))
	}
}
