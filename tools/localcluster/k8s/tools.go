//go:build tools

// Package tools pins the Kubernetes v1.37.2 control-plane commands built by
// scripts/build-local-cluster. It is never compiled; it only keeps go.mod and
// go.sum (via `go mod tidy`) complete for these main packages.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubeadm"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
