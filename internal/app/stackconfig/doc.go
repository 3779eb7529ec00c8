// Package stackconfig reads one stack's configuration, the `zonestack:` keys of
// stacks/Pulumi.<stack>.yaml, strictly: an unknown key or a value of the wrong type anywhere is an
// error that names its path, and every problem is reported at once.
//
// The same Parse serves the real program (FromEngine reads what the Pulumi engine passes) and the
// offline tools (ReadStackFile reads the YAML file and never decrypts: a `secure:` value stands
// as "[secret]"). Parse checks what is the stack's own business (cloud, region, zones, high
// availability); the components check their own settings, so each rule has one home.
package stackconfig
