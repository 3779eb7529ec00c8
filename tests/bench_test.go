package tests

import (
	"fmt"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/internal/app/offline"
	"github.com/zonestack/zonestack/internal/app/program"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
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

// benchFixture is the offline cloud with every bench region in it, with the zones regionStack
// names, each selling what cn-beijing sells, so that the pre-flight passes wherever the dev stack
// is moved.
var benchFixture = func() *offline.Fixture {
	fx := offline.DefaultFixture()
	sells := fx.Regions["cn-beijing"].Defaults
	for _, r := range benchRegions {
		fx.AddRegion(r, sells, r+"-a", r+"-b", r+"-c")
	}
	return fx
}()

// runRegions runs the whole program once per region, as `pulumi up` runs one stack per region,
// and returns how many resources were registered.
func runRegions(b *testing.B, raws []stackconfig.Raw) int {
	n := 0
	for i, raw := range raws {
		stack := fmt.Sprintf("bench-%d", i)
		res, err := program.OfflineRaw(stack, raw, offline.WithFixture(benchFixture))
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

// replay registers, flat and from one program each, what the stacks registered, with the same
// types, names and inputs: the SDK's cost of exactly our resources, without our program's logic.
func replay(b *testing.B, runs [][]offline.Registration) {
	for i, regs := range runs {
		rec := offline.NewRecorder(stackconfig.Project, fmt.Sprintf("replay-%d", i))
		err := pulumi.RunErr(func(ctx *pulumi.Context) error {
			for j, r := range regs {
				var res bare
				if err := ctx.RegisterResource(r.Type, fmt.Sprintf("%s-%d", r.Name, j), toInput(resource.NewProperty(r.Inputs)).(pulumi.Map), &res); err != nil {
					return err
				}
			}
			return nil
		}, pulumi.WithMocks(stackconfig.Project, fmt.Sprintf("replay-%d", i), rec))
		if err != nil {
			b.Fatal(err)
		}
	}
}

// toInput turns a recorded value back into a program input.
func toInput(v resource.PropertyValue) pulumi.Input {
	switch {
	case v.IsSecret():
		return pulumi.ToSecret(toInput(v.SecretValue().Element))
	case v.IsOutput():
		return toInput(v.OutputValue().Element)
	case v.IsString():
		return pulumi.String(v.StringValue())
	case v.IsNumber():
		return pulumi.Float64(v.NumberValue())
	case v.IsBool():
		return pulumi.Bool(v.BoolValue())
	case v.IsArray():
		out := pulumi.Array{}
		for _, e := range v.ArrayValue() {
			out = append(out, toInput(e))
		}
		return out
	case v.IsObject():
		out := pulumi.Map{}
		for k, e := range v.ObjectValue() {
			out[string(k)] = toInput(e)
		}
		return out
	}
	return pulumi.String("")
}

// BenchmarkProgram is the cost of the program, offline, for 1, 4 and 16 regions of the dev stack
// (3 zones each), per resource and against two floors: a trivial program that registers as many
// bare resources (x-floor), and a flat replay of the very registrations with their inputs
// (x-replay), which is what the SDK costs for these resources whatever the program does. Print
// the figures with:
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
			var recorded [][]offline.Registration
			for i, raw := range raws {
				res, err := program.OfflineRaw(fmt.Sprintf("bench-%d", i), raw, offline.WithFixture(benchFixture))
				if err != nil {
					b.Fatal(err)
				}
				recorded = append(recorded, res.Recorder.Registrations())
			}
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
			start = time.Now()
			for i := 0; i < b.N; i++ {
				replay(b, recorded)
			}
			replayPer := float64(time.Since(start).Nanoseconds()) / float64(b.N) / float64(resources)
			b.ReportMetric(float64(resources), "resources")
			b.ReportMetric(ours, "ns/resource")
			b.ReportMetric(floorPer, "floor-ns/resource")
			b.ReportMetric(ours/floorPer, "x-floor")
			b.ReportMetric(replayPer, "replay-ns/resource")
			b.ReportMetric(ours/replayPer, "x-replay")
		})
	}
}
