package outputs

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Join waits for every input and joins their values with sep, in order. Alibaba's APIs
// take several IDs as one comma-separated string (an RDS instance's vSwitches, the ECI
// profile's vSwitchIds, an NLB Service's zone maps); this is how each is built.
// Each value is formatted with fmt.Sprint, so IDs, strings and outputs of either mix.
func Join(sep string, inputs ...any) pulumi.StringOutput {
	return pulumi.All(inputs...).ApplyT(func(xs []any) string {
		parts := make([]string, len(xs))
		for i, x := range xs {
			parts[i] = fmt.Sprint(x)
		}
		return strings.Join(parts, sep)
	}).(pulumi.StringOutput)
}
