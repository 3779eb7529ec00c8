package testutil

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// StartCoreDNS runs the coredns at bin with corefile, written into dir (where the relative
// paths a Corefile names resolve), until the test ends, and waits up to 30 s until ready says it
// serves, given coredns's log so far. It fails the test with that log when coredns exits first or
// is never ready, and shows the log when the test fails later.
func StartCoreDNS(t testing.TB, bin, dir, corefile string, ready func(log string) bool) {
	t.Helper()
	conf := filepath.Join(dir, "Corefile")
	if err := os.WriteFile(conf, []byte(corefile), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-conf", conf)
	cmd.Dir = dir
	var log syncLog
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
		if t.Failed() {
			t.Logf("coredns log:\n%s", log.String())
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for !ready(log.String()) {
		select {
		case err := <-exited:
			exited <- err
			t.Fatalf("coredns exited (%v) with\n%s\n%s", err, corefile, log.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("coredns was not ready within 30 s with\n%s\n%s", corefile, log.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// syncLog is a process's output, written by exec's copying goroutine while the test reads it.
type syncLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *syncLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *syncLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
