// Package validators runs the real tools that check what zonestack renders for machines:
// `kubeadm config validate`, `haproxy -c`, `keepalived -t` and `bash -n`. A missing tool is an
// error that names the command that installs it, never a skipped check.
package validators
