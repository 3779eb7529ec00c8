package fencing

import (
	"context"
	"errors"
	"testing"
)

func TestGCE(t *testing.T) {
	tests := []struct {
		providerID string
		status     string
		found      bool
		err        error
		want       State
		wantErr    bool
	}{
		{providerID: "gce://p/us-central1-a/n", status: "TERMINATED", found: true, want: Stopped},
		{providerID: "gce://p/us-central1-a/n", status: "RUNNING", found: true, want: Running},
		{providerID: "gce://p/us-central1-a/n", status: "STOPPING", found: true, want: Running},
		{providerID: "gce://p/us-central1-a/n", status: "SUSPENDED", found: true, want: Running},
		{providerID: "gce://p/us-central1-a/n", status: "REPAIRING", found: true, want: Running},
		{providerID: "gce://p/us-central1-a/n", status: "NEW", found: true, want: Unknown},
		{providerID: "gce://p/us-central1-a/n", found: false, want: Released},
		{providerID: "gce://p/us-central1-a/n", err: errors.New("403"), want: Unknown, wantErr: true},
		{providerID: "cn-hangzhou.i-1", want: Unknown, wantErr: true},
		{providerID: "gce://p/n", want: Unknown, wantErr: true},
	}
	for _, tt := range tests {
		g := &GCE{Get: func(_ context.Context, p, z, n string) (string, bool, error) {
			if p != "p" || z != "us-central1-a" || n != "n" {
				t.Errorf("asked %s/%s/%s", p, z, n)
			}
			return tt.status, tt.found, tt.err
		}}
		got, err := g.InstanceState(context.Background(), tt.providerID)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("%q %q found %v err %v: %s, %v; want %s, error %v", tt.providerID, tt.status, tt.found, tt.err, got, err, tt.want, tt.wantErr)
		}
	}
}
