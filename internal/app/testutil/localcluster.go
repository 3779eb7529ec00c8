package testutil

import (
	"context"
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/zonestack/zonestack/internal/app/localcluster"
)

// StartLocalCluster creates c (its Name and BinDir set by the caller; its Workdir and Kubeconfig
// default to a directory of the test's), deletes it when the test ends, and returns a client of
// it and how long kwokctl took. It fails the test with kwokctl's output when the cluster does
// not start.
func StartLocalCluster(t testing.TB, c *localcluster.Cluster) (*localcluster.Client, time.Duration) {
	t.Helper()
	if c.Workdir == "" || c.Kubeconfig == "" {
		work := t.TempDir()
		c.Workdir, c.Kubeconfig = filepath.Join(work, "kwok"), filepath.Join(work, "kubeconfig")
	}
	took, err := c.Create(context.Background(), io.Discard) // kwokctl's output is in the error
	t.Cleanup(func() {
		if err := c.Delete(context.Background(), io.Discard); err != nil {
			t.Errorf("stopping the local cluster: %v", err)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	client, err := localcluster.NewClient(c.OwnKubeconfig())
	if err != nil {
		t.Fatal(err)
	}
	return client, took
}
