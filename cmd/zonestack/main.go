// Command zonestack runs the zonestack program without a cloud account.
//
//	zonestack plan   [STACK] [--format text|json] [--stacks DIR]
//	zonestack render [STACK] [--out DIR] [--stacks DIR]
//	zonestack graph  [STACK] [--out DIR] [--stacks DIR]
//	zonestack local up|preview|destroy|down [STACK]
//	zonestack federation watch STACK [--interval 30s] [--max-backoff 5m] [--up-grace 90s] [--stacks DIR] [--lease NS/NAME] [--lease-kubeconfig PATH]
//
// Each runs the real program for stacks/Pulumi.STACK.yaml (default: dev) under the Pulumi SDK's
// mock monitor. plan prints every resource `pulumi up` would register, the estimated critical
// path and what the loss of each zone leaves, and names the pre-flight's functions that the
// offline fixture answered (internal/app/preflight, internal/app/offline/fixtures); render writes the stack's Kubernetes objects as
// YAML; graph writes the resource graph as DOT and SVG. Encrypted config values are never
// decrypted: they stand as "[secret]", and so does every secret the program computes.
//
// federation watch is the exception: it runs against the user's own Pulumi backend and secrets
// provider (PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE or the stack's KMS, as the pulumi CLI
// finds them) and keeps a global stack's DNS records on its members' live health, running the
// stack's `up` through the Automation API whenever the records it would plan change
// (internal/app/watch).
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"sigs.k8s.io/yaml"

	"github.com/zonestack/zonestack/internal/app/graph"
	"github.com/zonestack/zonestack/internal/app/manifests"
	"github.com/zonestack/zonestack/internal/app/offline"
	"github.com/zonestack/zonestack/internal/app/plan"
	"github.com/zonestack/zonestack/internal/app/policy"
	"github.com/zonestack/zonestack/internal/app/program"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

// DefaultStack is what the commands run on when no stack is named.
const DefaultStack = "dev"

const usage = `zonestack: highly available Kubernetes for stateful services, offline tools

usage:
  zonestack plan [STACK] [--format text|json] [--stacks DIR]
      print every resource 'pulumi up' would register for stacks/Pulumi.STACK.yaml
      (default stack: dev), run offline under the Pulumi SDK's mock monitor, with the
      estimated critical path and what the loss of each zone leaves
  zonestack render [STACK] [--out DIR] [--stacks DIR]
      the stack's Kubernetes objects as YAML, on stdout or one file each in DIR
  zonestack graph [STACK] [--out DIR] [--stacks DIR]
      the resource graph as DIR/STACK.dot and DIR/STACK.svg (default DIR: out)
  zonestack local up [STACK] [--boot-delay 20s] [--wait 3m] [--state DIR]
      build (once) and start a local control plane (etcd, kube-apiserver, controller
      manager, scheduler v1.37.2 and kwok) on loopback, with fake nodes mirroring the
      stack's pools, a stand-in disk provisioner and autoscaler; then a real pulumi up
      of the stack's Kubernetes layer (the Pulumi engine and the kubernetes provider,
      state in a local file backend) and print where each pod landed, zone by zone
  zonestack local preview|destroy [STACK] [--state DIR]
      pulumi preview or destroy of that layer; the local cluster stays
  zonestack local down [STACK] [--state DIR]
      destroy the layer, then stop the local cluster and delete its data
  zonestack federation watch STACK [--interval 30s] [--max-backoff 5m] [--up-grace 90s]
                                   [--stacks DIR] [--lease NS/NAME] [--lease-kubeconfig PATH]
      keep the global stack STACK's DNS records on its members' health: every interval,
      read each member's shard live and plan the records; when they differ from the
      stack's, run its pulumi up (the Automation API, your backend and secrets provider
      from the environment); errors back off up to --max-backoff; told to stop, an up in
      flight may finish for --up-grace. Only one watcher of a
      stack runs up: the holder of the Lease NS/NAME (in the cluster of
      --lease-kubeconfig, default the pod's own), or without --lease, of a file lock in
      the project's .cache/

'pulumi up' itself runs main.go at the repository root; see README.md.
`

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		var u usageError
		if errors.As(err, &u) {
			fmt.Fprint(os.Stderr, usage)
		}
		fmt.Fprintln(os.Stderr, "zonestack:", err)
		os.Exit(1)
	}
}

type usageError struct{ error }

func run(args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return usageError{errors.New("no command")}
	}
	switch args[0] {
	case "plan":
		return planCmd(args[1:], stdout)
	case "render":
		return renderCmd(args[1:], stdout)
	case "graph":
		return graphCmd(args[1:], stdout)
	case "local":
		return localCmd(args[1:], stdout)
	case "federation":
		return federationCmd(args[1:], stdout)
	case "help", "-h", "--help":
		_, err := fmt.Fprint(stdout, usage)
		return err
	}
	return usageError{fmt.Errorf("unknown command %q", args[0])}
}

// stackFlags parses the flags every command shares, and the optional stack name.
type stackFlags struct {
	fs    *flag.FlagSet
	dir   *string
	stack string
}

func newStackFlags(name string) *stackFlags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return &stackFlags{fs: fs, dir: fs.String("stacks", "", "the stack config directory (default: stacks/ of the project)")}
}

func (f *stackFlags) parse(args []string) error {
	positional, err := parseInterleaved(f.fs, args)
	if err != nil {
		return usageError{err}
	}
	if len(positional) > 1 {
		return usageError{fmt.Errorf("%s takes one stack, got %v", f.fs.Name(), positional)}
	}
	f.stack = DefaultStack
	if len(positional) == 1 {
		f.stack = positional[0]
	}
	return nil
}

// run runs the program offline for the stack.
func (f *stackFlags) run() (*offline.Result, error) {
	if *f.dir == "" {
		dir, err := stacksDir()
		if err != nil {
			return nil, err
		}
		*f.dir = dir
	}
	return program.Offline(*f.dir, f.stack)
}

func planCmd(args []string, stdout io.Writer) error {
	f := newStackFlags("plan")
	format := f.fs.String("format", "text", "text or json")
	if err := f.parse(args); err != nil {
		return err
	}
	if *format != "text" && *format != "json" {
		return usageError{fmt.Errorf("--format must be text or json, got %q", *format)}
	}
	res, err := f.run()
	if err != nil {
		return err
	}
	cfg := res.Config
	members, err := stackconfig.LoadMembers(*f.dir, cfg)
	if err != nil {
		return err
	}
	p := plan.FromResult(res)
	p.Reach(cfg, members)
	p.Findings = policy.RunStack(&policy.Stack{Config: cfg, Result: res, Members: members})
	if errs := policy.Errors(p.Findings); len(errs) > 0 {
		lines := make([]string, len(errs))
		for i, e := range errs {
			lines[i] = "  " + e.String()
		}
		return fmt.Errorf("stack %s breaks %d policy checks:\n%s", f.stack, len(errs), strings.Join(lines, "\n"))
	}
	if *format == "json" {
		return p.WriteJSON(stdout)
	}
	if err := p.WriteText(stdout); err != nil {
		return err
	}
	return writePreflight(stdout, res)
}

// writePreflight says which of the pre-flight's functions the run asked and that the offline
// fixture answered them; nothing for a stack that asked none.
func writePreflight(w io.Writer, res *offline.Result) error {
	var asked []string
	for _, inv := range res.Recorder.Invocations() {
		name := inv.Token[strings.LastIndex(inv.Token, ":")+1:]
		if preflightFunctions[inv.Token] && !slices.Contains(asked, name) {
			asked = append(asked, name)
		}
	}
	if len(asked) == 0 {
		return nil
	}
	_, err := fmt.Fprintf(w, "\npre-flight: passed; %s answered from %s (offline); `pulumi preview` and `up` ask the cloud\n",
		strings.Join(asked, ", "), offline.FixturePath)
	return err
}

// preflightFunctions are the alicloud functions internal/app/preflight calls.
var preflightFunctions = map[string]bool{
	rt.AlicloudGetZones: true, rt.EcsGetInstanceTypes: true, rt.EcsGetImages: true, rt.CsGetKubernetesVersion: true,
}

func renderCmd(args []string, stdout io.Writer) error {
	f := newStackFlags("render")
	out := f.fs.String("out", "", "write one file per object into this directory instead of stdout")
	if err := f.parse(args); err != nil {
		return err
	}
	res, err := f.run()
	if err != nil {
		return err
	}
	objects := manifests.Redacted(res)
	if *out != "" {
		if err := os.MkdirAll(*out, 0o755); err != nil {
			return err
		}
	}
	for _, o := range objects {
		doc, err := yaml.Marshal(o.Body)
		if err != nil {
			return fmt.Errorf("%s %s: %w", o.Type, o.Name, err)
		}
		text := fmt.Sprintf("# %s %s (pulumi name %s)\n%s", o.Type, o.ObjectName(), o.Name, doc)
		if *out != "" {
			if err := os.WriteFile(filepath.Join(*out, o.FileName()), []byte(text), 0o644); err != nil {
				return err
			}
			continue
		}
		if _, err := fmt.Fprintf(stdout, "---\n%s", text); err != nil {
			return err
		}
	}
	if *out != "" {
		_, err = fmt.Fprintf(stdout, "%d objects written to %s\n", len(objects), *out)
	}
	return err
}

func graphCmd(args []string, stdout io.Writer) error {
	f := newStackFlags("graph")
	out := f.fs.String("out", "out", "the directory for STACK.dot and STACK.svg")
	if err := f.parse(args); err != nil {
		return err
	}
	res, err := f.run()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	dot := graph.DOT(res)
	dotPath := filepath.Join(*out, f.stack+".dot")
	if err := os.WriteFile(dotPath, []byte(dot), 0o644); err != nil {
		return err
	}
	svg, err := graph.SVG(dot)
	if err != nil {
		return fmt.Errorf("%s written, but no SVG: %w", dotPath, err)
	}
	svgPath := filepath.Join(*out, f.stack+".svg")
	if err := os.WriteFile(svgPath, svg, 0o644); err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "%s\n%s\n", dotPath, svgPath)
	return err
}

// stacksDir finds the project's stack directory from the working directory upwards.
func stacksDir() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "Pulumi.yaml")); err == nil {
			return filepath.Join(d, "stacks"), nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no Pulumi.yaml in %s or above; run inside the zonestack repository or pass --stacks", wd)
		}
	}
}

// parseInterleaved parses flags that may come before or after positional arguments.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return positional, nil
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
}
