package federation

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Per-value back ends (Alibaba Cloud DNS, PrivateZone) keep one record per value, and refuse a
// CNAME beside an A record at one host. The planner's records change shape with health (a name is
// addresses, then a CNAME), and Pulumi cannot make or drop resources by health without a second
// run. So on these back ends the records are laid out in slots that exist whatever the health:
//
//   - a head at every scope name N, always a CNAME: to the next wider scope (or a load balancer's
//     hostname) as the plan says, or to the address name addr.N when N has addresses;
//   - at addr.N, one slot per member in N's scope and address family, holding the member's address
//     while the plan serves it and otherwise parked as a TXT record ("zonestack: parked ...").
//     While N points elsewhere nothing reads addr.N, and every slot holds its member's address:
//     ready for the flip back.
//
// N never holds anything but a CNAME and addr.N never holds a CNAME, so a flip between addresses
// and CNAME is an in-place update of one head and never meets a conflict, whatever order the
// updates run in. The back ends update a head after its slots (it depends on them), so a flip
// either way finds addr.N already as it must be: no moment of NODATA that resolvers would cache.
// A client sees one more CNAME hop than on Cloud DNS and the same addresses:
// TestPerValueRecordsServedByBIND proves it on a real server.

// AddressLabel is the label the address names of the per-value layout add: addr.<scope name>.
const AddressLabel = "addr"

// TypeTXT is the type of a parked slot.
const TypeTXT = "TXT"

// Slot is one record of the per-value layout: its stable key (for the resource's name) and what
// it holds at this plan.
type Slot struct {
	// Key is stable across health: <scope>/head, or <scope>/<member>/<family>.
	Key string `json:"key"`
	// Name is the record's owner (FQDN, no trailing dot), Type and Value its one value (a CNAME
	// target without its trailing dot, as Alibaba Cloud's APIs take it).
	Name  string `json:"name"`
	Type  string `json:"type"`
	Value string `json:"value"`
	TTL   int    `json:"ttl"`
}

// SlotKey is a slot's identity without its value: what the back end registers a resource for.
type SlotKey struct {
	Key, Name string
	// Short is Key without the service's prefix and the domain (global/head, cn-beijing/dev/a):
	// the resource's name.
	Short string
}

// slotFamilies are the address families a member's slots cover.
func slotFamilies(c Cluster) []string {
	if c.DualStack {
		return []string{TypeA, TypeAAAA}
	}
	return []string{TypeA}
}

// perValueScopes lists every scope name with the members in it, sorted by name.
func perValueScopes(f Federation, svc Service, clusters []Cluster) ([]string, map[string][]Cluster) {
	names := ScopeNames(f, svc, clusters)
	n := namesOf(f, svc)
	in := map[string][]Cluster{}
	add := func(name string, c Cluster) {
		if !slices.ContainsFunc(in[name], func(m Cluster) bool { return m.Name == c.Name }) {
			in[name] = append(in[name], c)
		}
	}
	for _, c := range clusters {
		r := strings.ToLower(c.Region)
		add(n.Global(), c)
		add(n.Region(r), c)
		for _, z := range c.Zones {
			add(n.Zone(strings.ToLower(z), r), c)
		}
	}
	return names, in
}

// PerValueSlots are the slots of the per-value layout: a head per scope name and an address slot
// per member, scope and family. They depend on the members only, never on health.
func PerValueSlots(f Federation, svc Service, clusters []Cluster) []SlotKey {
	names, in := perValueScopes(f, svc, clusters)
	n := namesOf(f, svc)
	var out []SlotKey
	for _, name := range names {
		short := strings.TrimPrefix(strings.TrimSuffix(name, "."+n.Domain), n.Prefix+".")
		if name == n.Global() {
			short = "global"
		}
		out = append(out, SlotKey{Key: name + "/head", Name: name, Short: short + "/head"})
		for _, c := range in[name] {
			for _, fam := range slotFamilies(c) {
				tail := "/" + c.Name + "/" + strings.ToLower(fam)
				out = append(out, SlotKey{Key: name + tail, Name: AddressLabel + "." + name, Short: short + tail})
			}
		}
	}
	for _, v := range aliasNames(f) {
		out = append(out, SlotKey{Key: v + "/alias", Name: v, Short: "alias/" + v})
	}
	return out
}

// RenderPerValue lays the planned records of clusters (their shards filled in) out in the slots
// of PerValueSlots, in that order. An address the plan serves must be one member's: a shard with
// two addresses of one family, or a hostname resolved at planning time, has no slot and is an
// error.
func RenderPerValue(f Federation, svc Service, clusters []Cluster, records []Record) ([]Slot, error) {
	ttl := ttlOf(f)
	names, in := perValueScopes(f, svc, clusters)
	byName := map[string][]Record{}
	for _, r := range records {
		byName[r.Name] = append(byName[r.Name], r)
	}
	var out []Slot
	for _, name := range names {
		served := map[string]bool{} // "A 192.0.2.1"
		head := Slot{Key: name + "/head", Name: name, Type: TypeCNAME, TTL: ttl}
		rs := byName[name]
		// ready: N points elsewhere, so its slots are not read; they hold their members'
		// addresses anyway, ready for N to point at them again without a moment of NODATA.
		ready := len(rs) == 1 && rs[0].Type == TypeCNAME
		if ready {
			head.Value = strings.TrimSuffix(rs[0].Values[0], ".")
		} else {
			// Addresses, or none at all (the global name under omit with nothing healthy): the
			// head points at the address name, which then holds only parked slots (NODATA).
			head.Value = AddressLabel + "." + name
			for _, r := range rs {
				for _, v := range r.Values {
					served[r.Type+" "+v] = true
				}
			}
		}
		out = append(out, head)
		for _, c := range in[name] {
			for _, fam := range slotFamilies(c) {
				s := Slot{Key: name + "/" + c.Name + "/" + strings.ToLower(fam), Name: AddressLabel + "." + name, TTL: ttl,
					Type: TypeTXT, Value: fmt.Sprintf("zonestack: parked %s %s", c.Name, fam)}
				var mine []string
				for _, a := range c.Shard.Addresses {
					ip, err := netip.ParseAddr(a)
					if err != nil {
						continue
					}
					ip = ip.Unmap()
					if (fam == TypeA) == ip.Is4() && (ready || served[fam+" "+ip.String()]) {
						mine = append(mine, ip.String())
					}
				}
				switch len(mine) {
				case 0:
				case 1:
					s.Type, s.Value = fam, mine[0]
					delete(served, fam+" "+mine[0])
				default:
					return nil, fmt.Errorf("%s: member %s has %d %s addresses %v; a per-value back end keeps one record per member and family", name, c.Name, len(mine), fam, mine)
				}
				out = append(out, s)
			}
		}
		if len(served) > 0 {
			left := make([]string, 0, len(served))
			for k := range served {
				left = append(left, k)
			}
			slices.Sort(left)
			return nil, fmt.Errorf("%s: %v has no slot: a per-value back end serves each member's own address (an IPv6 address needs the member's dualStack, a resolved hostname has none)", name, left)
		}
	}
	// Aliases are static CNAMEs to their scope, as planned.
	for _, v := range aliasNames(f) {
		rs := byName[v]
		if len(rs) != 1 || rs[0].Type != TypeCNAME {
			return nil, fmt.Errorf("alias %s: the plan holds %v", v, rs)
		}
		out = append(out, Slot{Key: v + "/alias", Name: v, Type: TypeCNAME, Value: strings.TrimSuffix(rs[0].Values[0], "."), TTL: ttl})
	}
	return out, nil
}

// aliasNames are f's vanity names, normalised as the planner does, sorted.
func aliasNames(f Federation) []string {
	out := make([]string, 0, len(f.Aliases))
	for v := range f.Aliases {
		out = append(out, strings.TrimSuffix(strings.ToLower(v), "."))
	}
	slices.Sort(out)
	return out
}

// SlotRecords are the slots as RRsets (parked ones included), sorted: what a per-value back
// end serves, for a zone file.
func SlotRecords(slots []Slot) []Record {
	var out []Record
	at := map[string]int{}
	for _, s := range slots {
		v := s.Value
		switch s.Type {
		case TypeCNAME:
			v += "."
		case TypeTXT:
			v = `"` + v + `"`
		}
		k := s.Name + " " + s.Type
		if i, ok := at[k]; ok {
			out[i].Values = append(out[i].Values, v)
			continue
		}
		at[k] = len(out)
		out = append(out, Record{Name: s.Name, Type: s.Type, TTL: s.TTL, Values: []string{v}})
	}
	for i := range out {
		slices.Sort(out[i].Values)
	}
	SortRecords(out)
	return out
}

// registerSlots calls register once per slot of the per-value layout, with the slot's value at
// this plan; GlobalTarget replaces the global name's head and drops its address slots.
// It returns the registered slots' values, in order.
func registerSlots(f Federation, svc Service, clusters []Cluster, globalTarget string, planned pulumi.Output, register func(SlotKey, pulumi.Output, ...pulumi.ResourceOption) (pulumi.Resource, error)) (pulumi.AnyOutput, error) {
	global := namesOf(f, svc).Global()
	laid := planned.ApplyT(func(v any) (map[string]Slot, error) {
		p := v.(shardPlan)
		slots, err := RenderPerValue(f, svc, p.Clusters, p.Records)
		if err != nil {
			return nil, err
		}
		out := map[string]Slot{}
		for _, s := range slots {
			out[s.Key] = s
		}
		return out, nil
	})
	// A head is registered after the slots of its address name, and depends on them: the back
	// end updates them first, so a flip finds addr.N ready.
	var registered []any
	var head *SlotKey
	var headSlot pulumi.Output
	var deps []pulumi.Resource
	flush := func() error {
		if head == nil {
			return nil
		}
		_, err := register(*head, headSlot, pulumi.DependsOn(deps))
		head, deps = nil, nil
		return err
	}
	for _, k := range PerValueSlots(f, svc, clusters) {
		if globalTarget != "" && k.Name == AddressLabel+"."+global {
			continue
		}
		key, name, target := k.Key, k.Name, ""
		if globalTarget != "" && name == global {
			target = strings.TrimSuffix(strings.ToLower(globalTarget), ".")
		}
		slot := laid.ApplyT(func(v any) (Slot, error) {
			s, ok := v.(map[string]Slot)[key]
			if !ok {
				return Slot{}, fmt.Errorf("%s: no such slot in the plan", key)
			}
			if target != "" {
				s.Type, s.Value = TypeCNAME, target
			}
			return s, nil
		})
		registered = append(registered, slot)
		if strings.HasSuffix(k.Key, "/head") || strings.HasSuffix(k.Key, "/alias") {
			if err := flush(); err != nil {
				return pulumi.AnyOutput{}, err
			}
			k := k
			head, headSlot = &k, slot
			continue
		}
		res, err := register(k, slot)
		if err != nil {
			return pulumi.AnyOutput{}, err
		}
		if res != nil {
			deps = append(deps, res)
		}
	}
	if err := flush(); err != nil {
		return pulumi.AnyOutput{}, err
	}
	return pulumi.All(registered...).ApplyT(func(xs []any) []Slot {
		out := make([]Slot, len(xs))
		for i, x := range xs {
			out[i] = x.(Slot)
		}
		return out
	}).(pulumi.AnyOutput), nil
}

// slotType and slotValue are a slot output's type and value.
func slotType(slot pulumi.Output) pulumi.StringOutput {
	return slot.ApplyT(func(v any) string { return v.(Slot).Type }).(pulumi.StringOutput)
}

func slotValue(slot pulumi.Output) pulumi.StringOutput {
	return slot.ApplyT(func(v any) string { return v.(Slot).Value }).(pulumi.StringOutput)
}
