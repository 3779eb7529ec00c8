package nodepools

import (
	"fmt"
	"regexp"
	"strconv"
)

// InstanceFamily is the vCPU to memory shape of one ECS instance family. Within a family the
// sizes follow one rule: large has 2 vCPUs, xlarge 4, Nxlarge 4N, memory MemoryPerCPU GiB each.
type InstanceFamily struct {
	MemoryPerCPU int
	// Source is where the figures come from.
	Source string
}

const familiesDoc = "Alibaba Cloud ECS documentation, Instance families (help/en/ecs/user-guide/overview-of-instance-families)"

// InstanceFamilies are the ECS families whose sizes zonestack knows. An instance type of another
// family passes the fit check with a warning.
var InstanceFamilies = map[string]InstanceFamily{
	"g6":   {4, familiesDoc + ", g6: general purpose, 1:4"},
	"g7":   {4, familiesDoc + ", g7: general purpose, 1:4"},
	"g8i":  {4, familiesDoc + ", g8i: general purpose, 1:4"},
	"g8a":  {4, familiesDoc + ", g8a: general purpose, 1:4"},
	"g8y":  {4, familiesDoc + ", g8y: general purpose, 1:4"},
	"c6":   {2, familiesDoc + ", c6: compute optimized, 1:2"},
	"c7":   {2, familiesDoc + ", c7: compute optimized, 1:2"},
	"c8i":  {2, familiesDoc + ", c8i: compute optimized, 1:2"},
	"r6":   {8, familiesDoc + ", r6: memory optimized, 1:8"},
	"r7":   {8, familiesDoc + ", r7: memory optimized, 1:8"},
	"r8i":  {8, familiesDoc + ", r8i: memory optimized, 1:8"},
	"hfg7": {4, familiesDoc + ", hfg7: high clock speed general purpose, 1:4"},
	"hfc7": {2, familiesDoc + ", hfc7: high clock speed compute optimized, 1:2"},
}

var instanceTypePattern = regexp.MustCompile(`^ecs\.([a-z0-9-]+)\.([0-9]*)(large|xlarge)$`)

// InstanceShape is an instance type's nominal vCPUs and memory.
type InstanceShape struct {
	CPUs      int
	MemoryGiB int
}

// Shape returns the nominal size of an ECS instance type; false when the family or the size is not
// in InstanceFamilies.
func Shape(instanceType string) (InstanceShape, bool) {
	m := instanceTypePattern.FindStringSubmatch(instanceType)
	if m == nil {
		return InstanceShape{}, false
	}
	fam, ok := InstanceFamilies[m[1]]
	if !ok {
		return InstanceShape{}, false
	}
	cpus := 2
	if m[3] == "xlarge" {
		n := 1
		if m[2] != "" {
			n, _ = strconv.Atoi(m[2])
		}
		cpus = 4 * n
	} else if m[2] != "" {
		return InstanceShape{}, false // "2large" is no size
	}
	return InstanceShape{CPUs: cpus, MemoryGiB: cpus * fam.MemoryPerCPU}, true
}

// Allocatable estimates what a node of the shape offers to pods, in millicores and MiB.
//
// Capacity: the kernel reports about 94.5 % of the nominal memory (ACK's resource reservation
// page shows an 8 GiB node with 7,925,980 Ki of capacity). Reservation: the tiered kube-reserved
// model Kubernetes providers publish (CPU 6 % of the first core, 1 % of the second, 0.5 % of the
// third and fourth, 0.25 % above, plus a 100m base; memory 25 % of the first 4 GiB, 20 % of the
// next 4, 10 % of the next 8, 6 % up to 128 GiB, 2 % above, plus a 200 Mi base), plus the 100 Mi
// hard-eviction threshold. On ACK's example (4 vCPU, 8 GiB) this gives 3,820m and 5,688 Mi against
// the 3,900m and 5,688 Mi ACK reports: no more than ACK gives, as a fit check should assume.
func (s InstanceShape) Allocatable() (milliCPU, memoryMiB int) {
	cpu := s.CPUs * 1000
	reservedCPU := 100.0
	for core := 1; core <= s.CPUs; core++ {
		switch {
		case core == 1:
			reservedCPU += 60
		case core == 2:
			reservedCPU += 10
		case core <= 4:
			reservedCPU += 5
		default:
			reservedCPU += 2.5
		}
	}
	capacity := float64(s.MemoryGiB) * 1024 * 0.945
	reservedMem := 0.0
	tiers := []struct{ upToGiB, rate float64 }{{4, 0.25}, {8, 0.20}, {16, 0.10}, {128, 0.06}, {1 << 20, 0.02}}
	prev := 0.0
	for _, t := range tiers {
		if capacity/1024 <= prev {
			break
		}
		upper := min(capacity/1024, t.upToGiB)
		reservedMem += (upper - prev) * 1024 * t.rate
		prev = t.upToGiB
	}
	reservedMem += 200 + 100 // base reservation and hard-eviction threshold
	return cpu - int(reservedCPU+0.999), int(capacity - reservedMem)
}

// String shows the shape like ECS does.
func (s InstanceShape) String() string {
	return fmt.Sprintf("%d vCPU, %d GiB", s.CPUs, s.MemoryGiB)
}
