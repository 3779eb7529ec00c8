package fencing

import (
	"context"
	"errors"
	"testing"
)

func TestECS(t *testing.T) {
	tests := []struct {
		providerID string
		listed     map[string]string
		err        error
		want       State
		wantErr    bool
	}{
		{providerID: "cn-hangzhou.i-1", listed: map[string]string{"i-1": "Stopped"}, want: Stopped},
		{providerID: "cn-hangzhou.i-1", listed: map[string]string{"i-1": "Running"}, want: Running},
		{providerID: "cn-hangzhou.i-1", listed: map[string]string{"i-1": "Stopping"}, want: Running},
		{providerID: "cn-hangzhou.i-1", listed: map[string]string{"i-1": "Starting"}, want: Running},
		{providerID: "cn-hangzhou.i-1", listed: map[string]string{"i-1": "Pending"}, want: Running},
		{providerID: "cn-hangzhou.i-1", listed: map[string]string{"i-1": "Frozen"}, want: Unknown},
		{providerID: "cn-hangzhou.i-1", listed: map[string]string{}, want: Released},
		{providerID: "cn-hangzhou.i-1", err: errors.New("Throttling"), want: Unknown, wantErr: true},
		{providerID: "gce://p/us-central1-a/n", want: Unknown, wantErr: true},
		{providerID: "i-1", want: Unknown, wantErr: true},
		{providerID: "", want: Unknown, wantErr: true},
	}
	for _, tt := range tests {
		var region string
		e := &ECS{Describe: func(_ context.Context, r, id string) (map[string]string, error) {
			region = r
			return tt.listed, tt.err
		}}
		got, err := e.InstanceState(context.Background(), tt.providerID)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("%q listed %v err %v: %s, %v; want %s, error %v", tt.providerID, tt.listed, tt.err, got, err, tt.want, tt.wantErr)
		}
		if err == nil && region != "cn-hangzhou" {
			t.Errorf("%q asked region %q, want the providerID's", tt.providerID, region)
		}
	}
}
