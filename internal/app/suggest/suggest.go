package suggest

import (
	"sort"
	"strings"
)

// Closest returns the candidate closest to name, or "" when none is close: at most two edits
// apart (case aside), or sharing a long common beginning ("category" for "categories"). Ties go to
// the candidate first in alphabetical order, so the hint is the same on every run.
func Closest(name string, candidates []string) string {
	sorted := append([]string(nil), candidates...)
	sort.Strings(sorted)
	best, bestD := "", 3
	for _, c := range sorted {
		d := Distance(strings.ToLower(name), strings.ToLower(c))
		if cp := commonPrefix(name, c); cp >= 5 && cp >= min(len(name), len(c))-2 {
			d = min(d, 2)
		}
		if d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// Distance is the Levenshtein distance between a and b: the fewest single-byte insertions,
// deletions and substitutions that turn one into the other.
func Distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
