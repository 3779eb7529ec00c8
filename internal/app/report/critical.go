package report

import (
	"sort"
	"time"

	"github.com/zonestack/zonestack/internal/app/offline"
)

// Step is one resource on the critical path, with when it would start and finish.
type Step struct {
	Type   string        `json:"type"`
	Name   string        `json:"name"`
	Start  time.Duration `json:"start"`
	Finish time.Duration `json:"finish"`
}

// CriticalPath is the estimated duration of `pulumi up` on an empty stack.
type CriticalPath struct {
	// Steps are the longest chain of creations, first to last.
	Steps []Step `json:"steps"`
	// Total is when the last creation finishes if the engine runs everything it can in parallel.
	Total time.Duration `json:"total"`
	// Sum is every creation one after another.
	Sum time.Duration `json:"sum"`
}

// Critical computes the critical path of an offline run: each resource starts when its
// dependencies and its provider are created, and takes its CreationTimes figure.
func Critical(regs []offline.Registration) CriticalPath {
	byURN := map[string]int{}
	for i, r := range regs {
		byURN[r.URN] = i
	}
	finish := make([]time.Duration, len(regs))
	start := make([]time.Duration, len(regs))
	prev := make([]int, len(regs))
	done := make([]bool, len(regs))
	var visit func(i int) time.Duration
	visit = func(i int) time.Duration {
		if done[i] {
			return finish[i]
		}
		done[i] = true // the engine's graph has no cycles; this also stops a malformed one
		prev[i] = -1
		r := regs[i]
		waits := append([]string{r.ProviderURN()}, r.Dependencies...)
		for _, u := range waits {
			if j, ok := byURN[u]; ok && j != i {
				if f := visit(j); f > start[i] {
					start[i], prev[i] = f, j
				}
			}
		}
		finish[i] = start[i] + creationTime(r)
		return finish[i]
	}
	var cp CriticalPath
	last := -1
	for i, r := range regs {
		if f := visit(i); last < 0 || f > cp.Total || (f == cp.Total && r.Name < regs[last].Name) {
			cp.Total, last = f, i
		}
		cp.Sum += creationTime(r)
	}
	for i := last; i >= 0; i = prev[i] {
		if creationTime(regs[i]) == 0 && i != last {
			continue
		}
		cp.Steps = append(cp.Steps, Step{Type: regs[i].Type, Name: regs[i].Name, Start: start[i], Finish: finish[i]})
	}
	sort.SliceStable(cp.Steps, func(a, b int) bool { return cp.Steps[a].Start < cp.Steps[b].Start })
	return cp
}
