package tests

import (
	"fmt"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/internal/offline"
	"github.com/zonestack/zonestack/internal/program"
	"github.com/zonestack/zonestack/internal/stackconfig"
)

// benchRegions are the regions of the cost benchmark: 16 Alibaba Cloud regions, 3 zones each.
var benchRegions = []string{
	"cn-beijing", "cn-hangzhou", "cn-shanghai", "cn-shenzhen", "cn-zhangjiakou", "cn-huhehaote", "cn-chengdu", "cn-qingdao",
	"cn-hongkong", "ap-southeast-1", "ap-southeast-3", "ap-southeast-5", "ap-northeast-1", "eu-central-1", "us-west-1", "us-east-1",
}

// regionStack is the dev stack moved to a region.
func regionStack(b *testing.B, region string) stackconfig.Raw {
	b.Helper()
	raw, err := stackconfig.ReadStackFile(stackconfig.StackFile(stacksDir, "dev"))
	if err != nil {
		b.Fatal(err)
	}
	raw.Values["zonestack:region"] = region
	raw.Values["zonestack:zones"] = fmt.Sprintf(`["%[1]s-a","%[1]s-b","%[1]s-c"]`, region)
	return raw
}

// runRegions runs the whole program once per region, as `pulumi up` runs one stack per region,
// and returns how many resources were registered.
func runRegions(b *testing.B, raws []stackconfig.Raw) int {
	n := 0
	for i, raw := range raws {
		stack := fmt.Sprintf("bench-%d", i)
		res, err := program.OfflineRaw(stack, raw)
		if err != nil {
			b.Fatal(err)
		}
		n += len(res.Recorder.Registrations())
	}
	return n
}

// bare is a resource with nothing in it: the floor of what registering costs.
type bare struct{ pulumi.CustomResourceState }

// runFloor registers the same number of bare resources in as many programs.
func runFloor(b *testing.B, programs, resources int) {
	per := resources / programs
	for i := 0; i < programs; i++ {
		rec := offline.NewRecorder(stackconfig.Project, "floor")
		err := pulumi.RunErr(func(ctx *pulumi.Context) error {
			for j := 0; j < per; j++ {
				var r bare
				if err := ctx.RegisterResource("zonestack:bench:Bare", fmt.Sprintf("r%d", j), nil, &r); err != nil {
					return err
				}
			}
			return nil
		}, pulumi.WithMocks(stackconfig.Project, "floor", rec))
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProgram is the cost of the program, offline, for 1, 4 and 16 regions of the dev stack
// (3 zones each), per resource and against the floor: a trivial program that registers as many
// bare resources. Print the figures with:
//
//	go test -run '^$' -bench Program -benchmem ./tests/
func BenchmarkProgram(b *testing.B) {
	for _, n := range []int{1, 4, 16} {
		b.Run(fmt.Sprintf("regions=%d", n), func(b *testing.B) {
			raws := make([]stackconfig.Raw, n)
			for i := range raws {
				raws[i] = regionStack(b, benchRegions[i])
			}
			resources := runRegions(b, raws)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				runRegions(b, raws)
			}
			b.StopTimer()
			ours := float64(b.Elapsed().Nanoseconds()) / float64(b.N) / float64(resources)
			// The floor, timed by hand: testing.Benchmark cannot run inside a benchmark.
			start := time.Now()
			for i := 0; i < b.N; i++ {
				runFloor(b, n, resources)
			}
			floorPer := float64(time.Since(start).Nanoseconds()) / float64(b.N) / float64(resources)
			b.ReportMetric(float64(resources), "resources")
			b.ReportMetric(ours, "ns/resource")
			b.ReportMetric(floorPer, "floor-ns/resource")
			b.ReportMetric(ours/floorPer, "x-floor")
		})
	}
}
