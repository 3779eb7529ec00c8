// Package e2e runs seed 000's scenario on a real local control plane (etcd, kube-apiserver,
// kube-controller-manager and kube-scheduler v1.37.2 started by kwokctl, kwok playing the
// nodes): placeholders keep a warm node per zone, the StatefulSet preempts them one member per
// zone, each volume is pinned to its member's zone, a failed member comes back in its zone on the
// warm node, and scaling keeps the zones balanced. It also sends every object of every stack to
// the API server as a server-side dry run.
//
// The binaries are built once by scripts/build-local-cluster (about 20 minutes cold on 2 cores,
// cached after); the tests fail, naming that command, when they cannot be built.
package e2e
