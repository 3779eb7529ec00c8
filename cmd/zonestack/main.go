// Command zonestack runs the zonestack program without a cloud account.
//
//	zonestack plan [STACK] [--format text|json] [--stacks DIR]
//
// plan runs the real program for stacks/Pulumi.STACK.yaml (default: dev) under the Pulumi SDK's
// mock monitor and prints every resource `pulumi up` would register. Encrypted config values are
// never decrypted: they stand as "[secret]", and so does every secret the program computes.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/zonestack/zonestack/internal/plan"
	"github.com/zonestack/zonestack/internal/program"
)

// DefaultStack is what the commands run on when no stack is named.
const DefaultStack = "dev"

const usage = `zonestack: highly available Kubernetes for stateful services, offline tools

usage:
  zonestack plan [STACK] [--format text|json] [--stacks DIR]
      print every resource 'pulumi up' would register for stacks/Pulumi.STACK.yaml
      (default stack: dev), run offline under the Pulumi SDK's mock monitor

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
	case "help", "-h", "--help":
		_, err := fmt.Fprint(stdout, usage)
		return err
	}
	return usageError{fmt.Errorf("unknown command %q", args[0])}
}

func planCmd(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("plan", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	format := fs.String("format", "text", "text or json")
	dir := fs.String("stacks", "", "the stack config directory (default: stacks/ of the project)")
	positional, err := parseInterleaved(fs, args)
	if err != nil {
		return usageError{err}
	}
	if len(positional) > 1 {
		return usageError{fmt.Errorf("plan takes one stack, got %v", positional)}
	}
	if *format != "text" && *format != "json" {
		return usageError{fmt.Errorf("--format must be text or json, got %q", *format)}
	}
	stack := DefaultStack
	if len(positional) == 1 {
		stack = positional[0]
	}
	p, err := Plan(*dir, stack)
	if err != nil {
		return err
	}
	if *format == "json" {
		return p.WriteJSON(stdout)
	}
	return p.WriteText(stdout)
}

// Plan runs the program offline for one stack and returns its plan.
func Plan(dir, stack string) (plan.Plan, error) {
	if dir == "" {
		var err error
		if dir, err = stacksDir(); err != nil {
			return plan.Plan{}, err
		}
	}
	res, err := program.Offline(dir, stack)
	if err != nil {
		return plan.Plan{}, err
	}
	return plan.FromResult(res), nil
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
