// Package manifests turns the Kubernetes objects a program registered into plain manifests:
// as the kubernetes provider would send them to the API server (apiVersion, kind, metadata and
// the rest, numbers as integers where the API wants integers). Decode reads one strictly into
// its k8s.io/api type, so that a field the API does not know is an error here, not a surprise at
// `pulumi up`.
package manifests
