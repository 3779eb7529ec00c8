// Command alicloudgen writes third_party/pulumi-alicloud/sdk, the Go packages of the official
// alicloud SDK (github.com/pulumi/pulumi-alicloud/sdk/v3) for the resources and functions of
// zonestack's schema subset, with Pulumi's own Go generator. Run it from the repository root:
//
//	go run -C tools/alicloudgen . -schema ../../schemas/alicloud-3.105.0.json -out ../../third_party/pulumi-alicloud/sdk
//
// or scripts/generate-alicloud-sdk, which does the same. The output directory's go.mod and go/
// tree are replaced whole; its other files (README.md) are left as they are.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/zonestack/zonestack/tools/alicloudgen/gen"
)

func main() {
	schemaPath := flag.String("schema", "", "the alicloud schema subset (JSON)")
	out := flag.String("out", "", "the directory of the generated module")
	flag.Parse()
	if *schemaPath == "" || *out == "" {
		fmt.Fprintln(os.Stderr, "usage: alicloudgen -schema FILE -out DIR")
		os.Exit(2)
	}
	subset, err := os.ReadFile(*schemaPath)
	if err == nil {
		var files map[string][]byte
		files, err = gen.Generate(subset)
		if err == nil {
			err = gen.Write(*out, files)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "alicloudgen:", err)
		os.Exit(1)
	}
}
