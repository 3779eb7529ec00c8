package workloads

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/zonestack/zonestack/validation"
)

// Probe is a liveness, readiness or startup probe of the main container: exactly one handler
// (httpGet, tcpSocket or exec) and Kubernetes' timings, zero meaning Kubernetes' default.
type Probe struct {
	HTTPGet   *HTTPGetProbe   `json:"httpGet,omitempty" pulumi:"httpGet"`
	TCPSocket *TCPSocketProbe `json:"tcpSocket,omitempty" pulumi:"tcpSocket"`
	Exec      *ExecProbe      `json:"exec,omitempty" pulumi:"exec"`
	// InitialDelaySeconds before the first probe. Optional, default 0.
	InitialDelaySeconds int `json:"initialDelaySeconds,omitempty" pulumi:"initialDelaySeconds"`
	// PeriodSeconds between probes. Optional, Kubernetes' default 10.
	PeriodSeconds int `json:"periodSeconds,omitempty" pulumi:"periodSeconds"`
	// TimeoutSeconds of one probe. Optional, Kubernetes' default 1.
	TimeoutSeconds int `json:"timeoutSeconds,omitempty" pulumi:"timeoutSeconds"`
	// FailureThreshold: failures in a row that count as failed. Optional, Kubernetes' default 3.
	FailureThreshold int `json:"failureThreshold,omitempty" pulumi:"failureThreshold"`
	// SuccessThreshold: successes in a row after a failure that count as passed. Optional,
	// Kubernetes' default 1, the only value a liveness or startup probe may have.
	SuccessThreshold int `json:"successThreshold,omitempty" pulumi:"successThreshold"`
}

// HTTPGetProbe passes on an HTTP status from 200 to 399.
type HTTPGetProbe struct {
	// Path of the request. Optional, default "/".
	Path string `json:"path,omitempty" pulumi:"path"`
	// Port: the name of one of the service's ports, or a number. Required.
	Port PortRef `json:"port" pulumi:"port"`
}

// TCPSocketProbe passes when a TCP connection opens.
type TCPSocketProbe struct {
	// Port: the name of one of the service's ports, or a number. Required.
	Port PortRef `json:"port" pulumi:"port"`
}

// ExecProbe passes when the command exits 0.
type ExecProbe struct {
	// Command, run without a shell. Required.
	Command []string `json:"command" pulumi:"command"`
}

// PortRef is a port by name (one of the service's ports) or by number; a stack file writes
// either (port: client, port: 2379).
type PortRef string

// UnmarshalJSON reads a name or a whole number.
func (p *PortRef) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*p = PortRef(s)
		return nil
	}
	var n int
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("a port is a name or a whole number, not %s", b)
	}
	*p = PortRef(strconv.Itoa(n))
	return nil
}

// AcceptsNumber says a stack file may write the port as a number.
func (PortRef) AcceptsNumber() {}

// number is the port's number when it is one.
func (p PortRef) number() (int, bool) {
	n, err := strconv.Atoi(string(p))
	return n, err == nil
}

func (p PortRef) input() pulumi.Input {
	if n, ok := p.number(); ok {
		return pulumi.Int(n)
	}
	return pulumi.String(string(p))
}

func validatePortRef(l *validation.List, field string, p PortRef, ports []Port) {
	if n, ok := p.number(); ok {
		if n < 1 || n > 65535 {
			l.Invalid(field, n, "must be 1 to 65535")
		}
		return
	}
	names := make([]string, len(ports))
	for i, sp := range ports {
		names[i] = sp.Name
	}
	switch {
	case p == "":
		l.Required(field, "is required: the name of one of the ports or a number")
	case !slices.Contains(names, string(p)):
		l.Invalid(field, string(p), "must be the name of one of the ports (%s) or a number", strings.Join(names, ", "))
	}
}

func validateProbe(l *validation.List, field string, p *Probe, ports []Port, successOne bool) {
	if p == nil {
		return
	}
	handlers := 0
	if p.HTTPGet != nil {
		handlers++
		if p.HTTPGet.Path != "" && !strings.HasPrefix(p.HTTPGet.Path, "/") {
			l.Invalid(field+".httpGet.path", p.HTTPGet.Path, "must start with /")
		}
		validatePortRef(l, field+".httpGet.port", p.HTTPGet.Port, ports)
	}
	if p.TCPSocket != nil {
		handlers++
		validatePortRef(l, field+".tcpSocket.port", p.TCPSocket.Port, ports)
	}
	if p.Exec != nil {
		handlers++
		if len(p.Exec.Command) == 0 {
			l.Required(field+".exec.command", "is required: the command to run")
		}
	}
	if handlers != 1 {
		l.Invalid(field, handlers, "must have exactly one handler: httpGet, tcpSocket or exec")
	}
	for _, n := range []struct {
		key string
		v   int
	}{
		{"initialDelaySeconds", p.InitialDelaySeconds}, {"periodSeconds", p.PeriodSeconds}, {"timeoutSeconds", p.TimeoutSeconds},
		{"failureThreshold", p.FailureThreshold}, {"successThreshold", p.SuccessThreshold},
	} {
		if n.v < 0 {
			l.Invalid(field+"."+n.key, n.v, "must be 0 (Kubernetes' default) or more")
		}
	}
	if successOne && p.SuccessThreshold > 1 {
		l.Invalid(field+".successThreshold", p.SuccessThreshold, "must be 1: Kubernetes requires it of liveness and startup probes")
	}
}

// probe is p's input, nil (no probe, not a typed nil) when p is.
func probe(p *Probe) corev1.ProbePtrInput {
	if p == nil {
		return nil
	}
	out := &corev1.ProbeArgs{}
	switch {
	case p.HTTPGet != nil:
		h := &corev1.HTTPGetActionArgs{Port: p.HTTPGet.Port.input()}
		if p.HTTPGet.Path != "" {
			h.Path = pulumi.String(p.HTTPGet.Path)
		}
		out.HttpGet = h
	case p.TCPSocket != nil:
		out.TcpSocket = &corev1.TCPSocketActionArgs{Port: p.TCPSocket.Port.input()}
	case p.Exec != nil:
		out.Exec = &corev1.ExecActionArgs{Command: pulumi.ToStringArray(p.Exec.Command)}
	}
	set := func(dst *pulumi.IntPtrInput, v int) {
		if v > 0 {
			*dst = pulumi.IntPtr(v)
		}
	}
	set(&out.InitialDelaySeconds, p.InitialDelaySeconds)
	set(&out.PeriodSeconds, p.PeriodSeconds)
	set(&out.TimeoutSeconds, p.TimeoutSeconds)
	set(&out.FailureThreshold, p.FailureThreshold)
	set(&out.SuccessThreshold, p.SuccessThreshold)
	return out
}
