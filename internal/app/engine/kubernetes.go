package engine

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// KubernetesProviderVersion is the version of the pulumi-kubernetes provider plugin that
// scripts/build-local-cluster builds (tools/pulumi-kubernetes/go.mod) and Open installs.
//
// It is older than the Kubernetes SDK in go.mod (4.33.0): the Go module proxy serves the
// provider's module only at v4.25.0's commit. Every resource of that SDK asks for a provider of
// the SDK's version, and the engine would look for a plugin kubernetes 4.33.0, which does not
// exist here. Installing the 4.25.0 build under the label 4.33.0 would make the state lie about
// what created the objects; instead a program run here creates its provider with
// KubernetesProvider, pinned to this version, and passes it to every object
// (pulumi.Provider), so the engine loads 4.25.0 and needs no default provider.
const KubernetesProviderVersion = "4.25.0"

// KubernetesProvider registers a kubernetes.Provider pinned to KubernetesProviderVersion, the
// plugin Open installs. Give it to every Kubernetes object of the program with
// pulumi.Provider(p): an object without it would get a default provider of the SDK's version,
// which is not installed.
//
// Set args.Kubeconfig: when it is empty the SDK takes $KUBECONFIG from this process's
// environment. A path is recorded in the state as given, contents as a secret.
func KubernetesProvider(ctx *pulumi.Context, name string, args *kubernetes.ProviderArgs, opts ...pulumi.ResourceOption) (*kubernetes.Provider, error) {
	// Later options win: the version given here overrides the SDK's default one.
	return kubernetes.NewProvider(ctx, name, args, append(opts, pulumi.Version(KubernetesProviderVersion))...)
}

// checkKubernetesBuild reads, from the stamp scripts/build-local-cluster writes beside the
// binary, the version the provider was built as, and refuses any but KubernetesProviderVersion:
// installed under that label, another build would make the state name a version that did not
// create its objects.
func checkKubernetesBuild(binary string) error {
	stampFile := filepath.Join(filepath.Dir(binary), ".stamps", filepath.Base(binary))
	stamp, err := os.ReadFile(stampFile)
	if err != nil {
		return fmt.Errorf("engine: %s has no build stamp (%v); build it with: scripts/build-local-cluster pulumi-resource-kubernetes", binary, err)
	}
	const key = "/pkg/version.Version="
	for _, field := range strings.Fields(string(stamp)) {
		if i := strings.Index(field, key); i >= 0 && strings.HasPrefix(field, "github.com/pulumi/pulumi-kubernetes/provider/") {
			if v := field[i+len(key):]; v != KubernetesProviderVersion {
				return fmt.Errorf("engine: %s is provider %s (%s), KubernetesProviderVersion is %s; make them agree",
					binary, v, stampFile, KubernetesProviderVersion)
			}
			return nil
		}
	}
	return fmt.Errorf("engine: %s does not say which version %s was built as; rebuild it with: scripts/build-local-cluster --force pulumi-resource-kubernetes", stampFile, binary)
}

// installKubernetesPlugin installs the provider's binary into the stack's PULUMI_HOME as
// resource plugin kubernetes KubernetesProviderVersion, unless the same bytes are already there.
func (s *Stack) installKubernetesPlugin(ctx context.Context, binary, home string) error {
	if err := checkKubernetesBuild(binary); err != nil {
		return err
	}
	installed := filepath.Join(home, "plugins", "resource-kubernetes-v"+KubernetesProviderVersion, "pulumi-resource-kubernetes")
	same, err := sameFile(binary, installed)
	if err != nil {
		return err
	}
	if same {
		return nil
	}
	ws := s.stack.Workspace()
	var out bytes.Buffer
	// --exact: without it the CLI skips the install when any kubernetes plugin of a version at
	// least this one is there; --reinstall: a rebuilt binary replaces the old one.
	_, _, _, err = ws.PulumiCommand().Run(ctx, ws.WorkDir(), nil, []io.Writer{&out}, []io.Writer{&out}, nil,
		"plugin", "install", "resource", "kubernetes", KubernetesProviderVersion, "--file", binary, "--exact", "--reinstall")
	if err != nil {
		return fmt.Errorf("engine: pulumi plugin install resource kubernetes %s --file %s: %w\n%s",
			KubernetesProviderVersion, binary, err, out.String())
	}
	if same, err := sameFile(binary, installed); err != nil || !same {
		return fmt.Errorf("engine: the kubernetes plugin was installed, but not as %s (%v)\n%s", installed, err, out.String())
	}
	return nil
}

// sameFile says whether b exists with a's bytes.
func sameFile(a, b string) (bool, error) {
	if _, err := os.Stat(b); os.IsNotExist(err) {
		return false, nil
	}
	ha, err := fileHash(a)
	if err != nil {
		return false, err
	}
	hb, err := fileHash(b)
	if err != nil {
		return false, err
	}
	return ha == hb, nil
}

func fileHash(path string) ([sha256.Size]byte, error) {
	var sum [sha256.Size]byte
	f, err := os.Open(path)
	if err != nil {
		return sum, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return sum, err
	}
	copy(sum[:], h.Sum(nil))
	return sum, nil
}
