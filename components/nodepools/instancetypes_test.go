package nodepools

import "testing"

func TestShape(t *testing.T) {
	tests := []struct {
		typ  string
		want InstanceShape
		ok   bool
	}{
		{"ecs.g7.large", InstanceShape{2, 8}, true},
		{"ecs.g7.xlarge", InstanceShape{4, 16}, true},
		{"ecs.g7.2xlarge", InstanceShape{8, 32}, true},
		{"ecs.c7.4xlarge", InstanceShape{16, 32}, true},
		{"ecs.r7.8xlarge", InstanceShape{32, 256}, true},
		{"ecs.gn7i-c8g1.2xlarge", InstanceShape{}, false},
		{"ecs.g7.2large", InstanceShape{}, false},
		{"g7.2xlarge", InstanceShape{}, false},
	}
	for _, tt := range tests {
		got, ok := Shape(tt.typ)
		if ok != tt.ok || got != tt.want {
			t.Errorf("%s: got %v %v, want %v %v", tt.typ, got, ok, tt.want, tt.ok)
		}
	}
}

// The estimate stays below what ACK reports on its own example node (4 vCPU, 8 GiB:
// 3,900m and 5,824,732 Ki allocatable), and within 5 % of it.
func TestAllocatableIsConservativeAgainstACKsExample(t *testing.T) {
	cpu, mem := InstanceShape{CPUs: 4, MemoryGiB: 8}.Allocatable()
	ackCPU, ackMem := 3900, 5824732/1024
	if cpu > ackCPU || float64(cpu) < 0.95*float64(ackCPU) {
		t.Errorf("cpu %dm, ACK %dm", cpu, ackCPU)
	}
	if mem > ackMem || float64(mem) < 0.95*float64(ackMem) {
		t.Errorf("memory %d Mi, ACK %d Mi", mem, ackMem)
	}
}
