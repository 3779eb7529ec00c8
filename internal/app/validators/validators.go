package validators

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/zonestack/zonestack/internal/app/localcluster"
)

// Setup commands, named in the error when a tool is missing.
const (
	AptSetup     = "apt-get install -y haproxy keepalived (scripts/test runs it)"
	BindSetup    = "apt-get install -y bind9 bind9-utils bind9-dnsutils (scripts/test runs it)"
	KubeadmSetup = "scripts/build-local-cluster kubeadm"
	CoreDNSSetup = "scripts/build-local-cluster coredns"
)

// tool finds a binary on PATH, or in dirs.
func tool(name, setup string, dirs ...string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	for _, d := range dirs {
		p := filepath.Join(d, name)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s is not installed; install it with: %s", name, setup)
}

// run runs a validator on content written to a file, and returns its complaint when it fails.
func run(name string, content string, argv func(file string) []string, bin string) error {
	dir, err := os.MkdirTemp("", "zonestack-validate-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, name)
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, argv(file)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %v: %w\n%s", filepath.Base(bin), argv(file), err, out.String())
	}
	return nil
}

// Kubeadm runs `kubeadm config validate` on a kubeadm configuration.
func Kubeadm(config string) error {
	bin, err := tool("kubeadm", KubeadmSetup, localcluster.DefaultBinDir())
	if err != nil {
		return err
	}
	return run("kubeadm.yaml", config, func(f string) []string { return []string{"config", "validate", "--config", f} }, bin)
}

// HAProxy runs `haproxy -c -f` on a configuration.
func HAProxy(config string) error {
	bin, err := tool("haproxy", AptSetup, "/usr/sbin")
	if err != nil {
		return err
	}
	return run("haproxy.cfg", config, func(f string) []string { return []string{"-c", "-f", f} }, bin)
}

// Keepalived runs `keepalived -t -f` on a configuration. Scripts holds the files the
// configuration runs (its track scripts), by the path the configuration names: keepalived checks
// that each exists and is executable, so they are written beside the configuration and their
// paths pointed there.
func Keepalived(config string, scripts map[string]string) error {
	bin, err := tool("keepalived", AptSetup, "/usr/sbin")
	if err != nil {
		return err
	}
	// Not under /tmp: keepalived refuses a script in a directory others may write to.
	base := "/var/tmp"
	if os.Geteuid() != 0 {
		base = ""
	}
	dir, err := os.MkdirTemp(base, "zonestack-keepalived-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	for path, content := range scripts {
		local := filepath.Join(dir, filepath.Base(path))
		if err := os.WriteFile(local, []byte(content), 0o700); err != nil {
			return err
		}
		config = strings.ReplaceAll(config, path, local)
	}
	return run("keepalived.conf", config, func(f string) []string { return []string{"-t", "-f", f} }, bin)
}

// Bash runs `bash -n` on a script: its syntax, without running it.
func Bash(script string) error {
	bin, err := tool("bash", "apt-get install -y bash")
	if err != nil {
		return err
	}
	return run("script.sh", script, func(f string) []string { return []string{"-n", f} }, bin)
}

// NamedCheckzone runs BIND's `named-checkzone` on a zone file for origin.
func NamedCheckzone(origin, zone string) error {
	bin, err := tool("named-checkzone", BindSetup, "/usr/sbin", "/usr/bin")
	if err != nil {
		return err
	}
	return run("zone.db", zone, func(f string) []string { return []string{"-k", "fail", "-n", "fail", origin, f} }, bin)
}

// Tool returns the path of a DNS tool (named, dig) or an error that names how to install it.
func Tool(name string) (string, error) { return tool(name, BindSetup, "/usr/sbin", "/usr/bin") }

// CoreDNS returns the path of the coredns that scripts/build-local-cluster builds (the version
// pinned in tools/localcluster/coredns), or an error that names that command. Only the built one
// is used, not one on PATH, so that tests run the pinned version.
func CoreDNS() (string, error) {
	p := filepath.Join(localcluster.DefaultBinDir(), "coredns")
	if fi, err := os.Stat(p); err != nil || fi.IsDir() {
		return "", fmt.Errorf("coredns is not built at %s; build it with: %s", p, CoreDNSSetup)
	}
	return p, nil
}
