// Package engine runs a Pulumi Go program (a pulumi.RunFunc) under the real Pulumi engine, with
// the Automation API's inline programs: the program runs in this process, the engine is the
// Pulumi CLI (bin/pulumi) and the resources go through real provider plugins, today the
// pulumi-kubernetes provider (bin/pulumi-resource-kubernetes). scripts/build-local-cluster builds
// both, cached, beside the local control plane's binaries:
//
//	scripts/build-local-cluster pulumi pulumi-resource-kubernetes
//
// Everything a stack needs lives under one state directory (Options.Dir; by default
// ~/.cache/zonestack/engine/<project>-<stack>), so that no user's ~/.pulumi, backend or
// credentials are read or touched:
//
//	backend/  the file backend (file://...): checkpoints, history, locks
//	home/     PULUMI_HOME: the plugins this package installs, the CLI's own settings
//	work/     the workspace: Pulumi.yaml and Pulumi.<stack>.yaml (config, the passphrase salt)
//
// Secrets (config marked secret, secret outputs, the provider inputs the provider marks secret)
// are encrypted with the passphrase secrets provider. The passphrase is PULUMI_CONFIG_PASSPHRASE
// when it is set, otherwise LocalPassphrase: a fixed, published passphrase
// (PULUMI_CONFIG_PASSPHRASE_FILE is not read). That is deliberate:
// this state describes a cluster on loopback that lives and dies with the machine, and a fixed
// passphrase lets every run (the tests', the CLI's) open it without a prompt. It protects
// nothing; never point a stack whose secrets matter (a cloud's) at it.
//
// The kubernetes provider plugin is installed into that PULUMI_HOME from the built binary, under
// the version it is, KubernetesProviderVersion, and never under another label. The Kubernetes
// SDK in go.mod is newer, and its resources ask for a provider of the SDK's version; a program
// run here therefore creates its kubernetes.Provider with KubernetesProvider (which adds
// pulumi.Version(KubernetesProviderVersion)) and gives it to every object, so the engine never
// needs a default provider of the SDK's version. Automatic plugin downloads are off: an object
// without that provider makes the engine create one named default_<SDK version> and stop with
// "no resource plugin 'pulumi-resource-kubernetes' found in the workspace at version v<SDK
// version>", not try a download.
package engine
