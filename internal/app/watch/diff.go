package watch

import (
	"fmt"
	"slices"
	"strings"

	"github.com/zonestack/zonestack/components/federation"
)

// Change is one name whose records differ: every record at the name before and after (an A set
// that becomes a CNAME is one change).
type Change struct {
	Name     string
	Old, New []federation.Record
}

// String is "name: A 1.2.3.4 5.6.7.8 (ttl 180) → CNAME x.example.com (ttl 180)".
func (c Change) String() string {
	return c.Name + ": " + describeRecords(c.Old) + " → " + describeRecords(c.New)
}

func describeRecords(rs []federation.Record) string {
	if len(rs) == 0 {
		return "(none)"
	}
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = fmt.Sprintf("%s %s (ttl %d)", r.Type, strings.Join(r.Values, " "), r.TTL)
	}
	return strings.Join(parts, "; ")
}

// MemberChange is a member whose shard differs between the stack's shards output and now.
type MemberChange struct {
	Member   string
	Old, New federation.ShardStatus
}

// String is "gke-asia-east1 healthy→unhealthy" or, for a changed address, the addresses.
func (m MemberChange) String() string {
	s := m.Member + " " + health(m.Old) + "→" + health(m.New)
	if !slices.Equal(sortedCopy(m.Old.Addresses), sortedCopy(m.New.Addresses)) {
		s += fmt.Sprintf(" (addresses %v→%v)", m.Old.Addresses, m.New.Addresses)
	}
	if m.New.Kept {
		s += " (kept: unreadable)"
	}
	return s
}

func health(s federation.ShardStatus) string {
	if s.Healthy {
		return "healthy"
	}
	return "unhealthy"
}

// memberChanges are the members whose health or addresses differ, sorted by member.
func memberChanges(old, now map[string]federation.ShardStatus) []MemberChange {
	var out []MemberChange
	for _, m := range sortedKeys(old, now) {
		o, n := old[m], now[m]
		if o.Healthy != n.Healthy || !slices.Equal(sortedCopy(o.Addresses), sortedCopy(n.Addresses)) {
			out = append(out, MemberChange{Member: m, Old: o, New: n})
		}
	}
	return out
}

// describeMembers is the members' part of a flip's log line: "" when no member changed.
func describeMembers(ms []MemberChange) string {
	if len(ms) == 0 {
		return ""
	}
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = m.String()
	}
	return " [health: " + strings.Join(parts, ", ") + "]"
}

// SameRecords says whether a and b are the same record set: the same RRsets, compared by name
// and type in any order, each with the same TTL and the same values in any order (an RRset is a
// set). Names compare case-insensitively and without a final dot, as DNS does.
func SameRecords(a, b []federation.Record) bool {
	na, nb := normalize(a), normalize(b)
	return slices.EqualFunc(na, nb, func(x, y federation.Record) bool {
		return x.Name == y.Name && x.Type == y.Type && x.TTL == y.TTL && slices.Equal(x.Values, y.Values)
	})
}

// Diff are the names whose records differ between old and new, sorted by name.
func Diff(old, new []federation.Record) []Change {
	byName := func(rs []federation.Record) map[string][]federation.Record {
		m := map[string][]federation.Record{}
		for _, r := range normalize(rs) {
			m[r.Name] = append(m[r.Name], r)
		}
		return m
	}
	o, n := byName(old), byName(new)
	var out []Change
	for _, name := range sortedKeys(o, n) {
		if !SameRecords(o[name], n[name]) {
			out = append(out, Change{Name: name, Old: o[name], New: n[name]})
		}
	}
	return out
}

// normalize is rs sorted by name and type, each with its values sorted and its names
// lower-cased without a final dot; rs itself is not changed.
func normalize(rs []federation.Record) []federation.Record {
	out := make([]federation.Record, len(rs))
	for i, r := range rs {
		r.Name = canonical(r.Name)
		r.Type = strings.ToUpper(r.Type)
		vals := make([]string, len(r.Values))
		for j, v := range r.Values {
			vals[j] = v
			if r.Type == "CNAME" {
				vals[j] = canonical(v)
			}
		}
		slices.Sort(vals)
		r.Values = vals
		out[i] = r
	}
	slices.SortFunc(out, func(x, y federation.Record) int {
		if c := strings.Compare(x.Name, y.Name); c != 0 {
			return c
		}
		return strings.Compare(x.Type, y.Type)
	})
	return out
}

func canonical(name string) string { return strings.TrimSuffix(strings.ToLower(name), ".") }

func sortedCopy(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}

// sortedKeys are the keys of both maps, sorted, once each.
func sortedKeys[V any](a, b map[string]V) []string {
	var keys []string
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}
