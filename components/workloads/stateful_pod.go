package workloads

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/api/resource"
	k8svalidation "k8s.io/apimachinery/pkg/util/validation"

	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
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

// VolumeMount mounts one of the member's volumes into an init container.
type VolumeMount struct {
	// Name of the volume: a claim (volumes[].name), an extra volume (extraVolumes[].name) or
	// "config", the config files' volume. Required.
	Name string `json:"name" pulumi:"name"`
	// MountPath in the container. Required: an absolute path.
	MountPath string `json:"mountPath" pulumi:"mountPath"`
	// ReadOnly mounts it read-only. Optional, default false (the config volume is always
	// read-only).
	ReadOnly bool `json:"readOnly,omitempty" pulumi:"readOnly"`
}

// podVolumes are the names a container may mount: the claims, then the extra volumes, then the
// config files' volume.
func (s StatefulServiceSpec) mountable() []string {
	var out []string
	for _, v := range s.Volumes {
		out = append(out, v.Name)
	}
	for _, v := range s.ExtraVolumes {
		out = append(out, v.Name)
	}
	if len(s.ConfigFiles) > 0 {
		out = append(out, ConfigVolumeName)
	}
	return out
}

func validateInitContainer(l *validation.List, f string, c Container, s StatefulServiceSpec) {
	names := s.mountable()
	paths := map[string]int{}
	for i, m := range c.VolumeMounts {
		mf := fmt.Sprintf("%s.volumeMounts[%d]", f, i)
		if !slices.Contains(names, m.Name) {
			l.Invalid(mf+".name", m.Name, "must name a volume of the member (%s)", strings.Join(names, ", "))
		}
		if !strings.HasPrefix(m.MountPath, "/") {
			l.Invalid(mf+".mountPath", m.MountPath, "must be an absolute path")
		}
		if j, dup := paths[m.MountPath]; dup {
			l.Invalid(mf+".mountPath", m.MountPath, "duplicates %s.volumeMounts[%d].mountPath", f, j)
		}
		paths[m.MountPath] = i
	}
	var rl validation.List
	validateResources(&rl, c.Resources)
	l.Merge(f, rl.Err())
	for _, k := range slices.Sorted(maps.Keys(c.Env)) {
		switch _, shared := s.Env[k]; {
		case !envName.MatchString(k):
			l.Invalid(f+".env", k, "must be an environment variable name")
		case slices.Contains(reservedEnv, k):
			l.Invalid(f+".env", k, "is set by zonestack for peer discovery; choose another name")
		case shared:
			l.Invalid(f+".env", k, "is in env too, which init containers get as well; choose another name")
		}
	}
}

// initEnv is the members' environment and then the init container's own.
func initEnv(env corev1.EnvVarArray, c Container) corev1.EnvVarArray {
	if len(c.Env) == 0 {
		return env
	}
	out := slices.Clone(env)
	for _, k := range slices.Sorted(maps.Keys(c.Env)) {
		out = append(out, corev1.EnvVarArgs{Name: pulumi.String(k), Value: pulumi.String(c.Env[k])})
	}
	return out
}

// initMounts are the init container's own mounts, or the main container's claims.
func initMounts(claims corev1.VolumeMountArray, c Container) corev1.VolumeMountArray {
	if len(c.VolumeMounts) == 0 {
		return claims
	}
	var out corev1.VolumeMountArray
	for _, m := range c.VolumeMounts {
		vm := corev1.VolumeMountArgs{Name: pulumi.String(m.Name), MountPath: pulumi.String(m.MountPath)}
		if m.ReadOnly || m.Name == ConfigVolumeName {
			vm.ReadOnly = pulumi.Bool(true)
		}
		out = append(out, vm)
	}
	return out
}

// ExtraVolume is a volume of every member that is not a claim, with exactly one source:
// emptyDir, secret or configMap.
type ExtraVolume struct {
	// Name of the volume. Required: a DNS label that no claim (volumes[].name) has.
	Name string `json:"name" pulumi:"name"`
	// MountPath in the main container. Optional: without it, only the init containers that
	// mount it (initContainers[].volumeMounts) see it.
	MountPath string `json:"mountPath,omitempty" pulumi:"mountPath"`
	// ReadOnly mounts it read-only in the main container. Optional, default false (Kubernetes
	// mounts a Secret or ConfigMap read-only whatever it says).
	ReadOnly  bool             `json:"readOnly,omitempty" pulumi:"readOnly"`
	EmptyDir  *EmptyDirVolume  `json:"emptyDir,omitempty" pulumi:"emptyDir"`
	Secret    *SecretVolume    `json:"secret,omitempty" pulumi:"secret"`
	ConfigMap *ConfigMapVolume `json:"configMap,omitempty" pulumi:"configMap"`
}

// EmptyDirVolume is a directory that lives as long as the member's pod (not its claim).
type EmptyDirVolume struct {
	// Medium is "" (the node's disk, default) or "Memory" (tmpfs, counted as the pod's memory).
	Medium string `json:"medium,omitempty" pulumi:"medium"`
	// SizeLimit, e.g. "1Gi". Optional, default none.
	SizeLimit string `json:"sizeLimit,omitempty" pulumi:"sizeLimit"`
}

// SecretVolume is a Secret of the service's namespace, each key a file.
type SecretVolume struct {
	// SecretName. Required.
	SecretName string `json:"secretName" pulumi:"secretName"`
}

// ConfigMapVolume is a ConfigMap of the service's namespace, each key a file.
type ConfigMapVolume struct {
	// Name of the ConfigMap. Required.
	Name string `json:"name" pulumi:"name"`
}

// dnsSubdomain is an object name: Secrets and ConfigMaps are named so.
var dnsSubdomain = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)

func validateExtraVolumes(l *validation.List, s StatefulServiceSpec) {
	names, paths := map[string]string{}, map[string]string{}
	for i, v := range s.Volumes {
		names[v.Name] = fmt.Sprintf("volumes[%d].name", i)
		paths[v.MountPath] = fmt.Sprintf("volumes[%d].mountPath", i)
	}
	for i, v := range s.ExtraVolumes {
		f := fmt.Sprintf("extraVolumes[%d]", i)
		if !dnsLabel.MatchString(v.Name) {
			l.Invalid(f+".name", v.Name, "must be a DNS label")
		} else if other, dup := names[v.Name]; dup {
			l.Invalid(f+".name", v.Name, "duplicates %s", other)
		}
		names[v.Name] = f + ".name"
		if v.MountPath != "" {
			if !strings.HasPrefix(v.MountPath, "/") {
				l.Invalid(f+".mountPath", v.MountPath, "must be an absolute path")
			} else if other, dup := paths[v.MountPath]; dup {
				l.Invalid(f+".mountPath", v.MountPath, "duplicates %s", other)
			}
			paths[v.MountPath] = f + ".mountPath"
		}
		sources := 0
		if d := v.EmptyDir; d != nil {
			sources++
			if d.Medium != "" && d.Medium != "Memory" {
				l.Invalid(f+".emptyDir.medium", d.Medium, `must be "" (the node's disk) or Memory`)
			}
			if q, err := resource.ParseQuantity(d.SizeLimit); d.SizeLimit != "" && (err != nil || q.Sign() <= 0) {
				l.Invalid(f+".emptyDir.sizeLimit", d.SizeLimit, "must be a positive size such as 1Gi")
			}
		}
		if sv := v.Secret; sv != nil {
			sources++
			if !dnsSubdomain.MatchString(sv.SecretName) || len(sv.SecretName) > 253 {
				l.Invalid(f+".secret.secretName", sv.SecretName, "must be a Secret's name (a DNS subdomain)")
			}
		}
		if c := v.ConfigMap; c != nil {
			sources++
			if !dnsSubdomain.MatchString(c.Name) || len(c.Name) > 253 {
				l.Invalid(f+".configMap.name", c.Name, "must be a ConfigMap's name (a DNS subdomain)")
			}
		}
		if sources != 1 {
			l.Invalid(f, sources, "must have exactly one source: emptyDir, secret or configMap")
		}
	}
}

// extraMounts are the main container's mounts of the extra volumes that have a mountPath, then
// of the config files.
func extraMounts(s StatefulServiceSpec) corev1.VolumeMountArray {
	var out corev1.VolumeMountArray
	for _, v := range s.ExtraVolumes {
		if v.MountPath == "" {
			continue
		}
		m := corev1.VolumeMountArgs{Name: pulumi.String(v.Name), MountPath: pulumi.String(v.MountPath)}
		if v.ReadOnly {
			m.ReadOnly = pulumi.Bool(true)
		}
		out = append(out, m)
	}
	if len(s.ConfigFiles) > 0 {
		out = append(out, corev1.VolumeMountArgs{Name: pulumi.String(ConfigVolumeName), MountPath: pulumi.String(s.ConfigMountPath), ReadOnly: pulumi.Bool(true)})
	}
	return out
}

// podVolumes are the pod's volumes other than the claims.
func podVolumes(s StatefulServiceSpec) corev1.VolumeArray {
	var out corev1.VolumeArray
	for _, v := range s.ExtraVolumes {
		pv := corev1.VolumeArgs{Name: pulumi.String(v.Name)}
		switch {
		case v.EmptyDir != nil:
			e := &corev1.EmptyDirVolumeSourceArgs{}
			if v.EmptyDir.Medium != "" {
				e.Medium = pulumi.String(v.EmptyDir.Medium)
			}
			if v.EmptyDir.SizeLimit != "" {
				e.SizeLimit = pulumi.String(v.EmptyDir.SizeLimit)
			}
			pv.EmptyDir = e
		case v.Secret != nil:
			pv.Secret = &corev1.SecretVolumeSourceArgs{SecretName: pulumi.String(v.Secret.SecretName)}
		case v.ConfigMap != nil:
			pv.ConfigMap = &corev1.ConfigMapVolumeSourceArgs{Name: pulumi.String(v.ConfigMap.Name)}
		}
		out = append(out, pv)
	}
	if len(s.ConfigFiles) > 0 {
		out = append(out, corev1.VolumeArgs{Name: pulumi.String(ConfigVolumeName),
			ConfigMap: &corev1.ConfigMapVolumeSourceArgs{Name: pulumi.String(configMapName(s))}})
	}
	return out
}

// ConfigVolumeName is the config files' volume, ConfigHashAnnotation the pod template's
// annotation of their hash.
const (
	ConfigVolumeName     = "config"
	ConfigHashAnnotation = "zonestack.io/config-hash"
	// maxConfigBytes is Kubernetes' limit of a ConfigMap's data.
	maxConfigBytes = 1 << 20
)

func configMapName(s StatefulServiceSpec) string { return s.Name + "-config" }

// configHash is the sha256 of the files, names and contents, in name order.
func configHash(files map[string]string) string {
	h := sha256.New()
	for _, k := range slices.Sorted(maps.Keys(files)) {
		fmt.Fprintf(h, "%d:%s%d:%s", len(k), k, len(files[k]), files[k])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// podMeta is the pod template's metadata: the labels, and the config files' hash when there
// are any, so that only a change of the files changes it.
func podMeta(s StatefulServiceSpec, labels pulumi.StringMap) *metav1.ObjectMetaArgs {
	m := &metav1.ObjectMetaArgs{Labels: labels}
	if len(s.ConfigFiles) > 0 {
		m.Annotations = pulumi.StringMap{ConfigHashAnnotation: pulumi.String(configHash(s.ConfigFiles))}
	}
	return m
}

func validateConfigFiles(l *validation.List, s StatefulServiceSpec) {
	if len(s.ConfigFiles) == 0 {
		if s.ConfigMountPath != "" {
			l.Invalid("configMountPath", s.ConfigMountPath, "has no configFiles to mount")
		}
		return
	}
	size := 0
	for _, k := range slices.Sorted(maps.Keys(s.ConfigFiles)) {
		if errs := k8svalidation.IsConfigMapKey(k); len(errs) > 0 {
			l.Invalid("configFiles", k, "must be a file name Kubernetes takes as a ConfigMap key: %s", strings.Join(errs, "; "))
		}
		size += len(s.ConfigFiles[k])
	}
	if size > maxConfigBytes {
		l.Invalid("configFiles", fmt.Sprintf("%d bytes", size), "must hold at most 1 MiB in all, Kubernetes' limit of a ConfigMap")
	}
	if !strings.HasPrefix(s.ConfigMountPath, "/") {
		l.Invalid("configMountPath", s.ConfigMountPath, "must be an absolute path")
	}
	for i, v := range s.Volumes {
		if v.MountPath == s.ConfigMountPath {
			l.Invalid("configMountPath", s.ConfigMountPath, "duplicates volumes[%d].mountPath", i)
		}
		if v.Name == ConfigVolumeName {
			l.Invalid(fmt.Sprintf("volumes[%d].name", i), v.Name, "is the config files' volume; choose another name")
		}
	}
	for i, v := range s.ExtraVolumes {
		if v.MountPath == s.ConfigMountPath {
			l.Invalid("configMountPath", s.ConfigMountPath, "duplicates extraVolumes[%d].mountPath", i)
		}
		if v.Name == ConfigVolumeName {
			l.Invalid(fmt.Sprintf("extraVolumes[%d].name", i), v.Name, "is the config files' volume; choose another name")
		}
	}
}

// SecurityContext is who the members' processes run as and what they may do. The pod's keys
// (runAsNonRoot, runAsUser, runAsGroup, fsGroup, fsGroupChangePolicy) apply to every container;
// the container keys (readOnlyRootFilesystem, allowPrivilegeEscalation) are set on the main
// container and every init container.
type SecurityContext struct {
	// RunAsNonRoot makes the kubelet refuse to start a container whose user is root. Optional,
	// default unset: the images of the repository's stacks (nginx, etcd) run as root.
	RunAsNonRoot *bool `json:"runAsNonRoot,omitempty" pulumi:"runAsNonRoot"`
	// RunAsUser and RunAsGroup are the processes' uid and gid. Optional, default the image's.
	RunAsUser  *int `json:"runAsUser,omitempty" pulumi:"runAsUser"`
	RunAsGroup *int `json:"runAsGroup,omitempty" pulumi:"runAsGroup"`
	// FSGroup owns the volumes (the claims among them) and is every process's supplementary
	// group, so that a non-root user can write its data volume. Optional, default unset.
	FSGroup *int `json:"fsGroup,omitempty" pulumi:"fsGroup"`
	// FSGroupChangePolicy is Always (Kubernetes' default: chown every file at each mount) or
	// OnRootMismatch (only when the volume's root is not the fsGroup's: faster on big volumes).
	// Only with fsGroup.
	FSGroupChangePolicy string `json:"fsGroupChangePolicy,omitempty" pulumi:"fsGroupChangePolicy"`
	// ReadOnlyRootFilesystem mounts the image read-only. Optional, default false; give the
	// paths the process writes an emptyDir (extraVolumes).
	ReadOnlyRootFilesystem bool `json:"readOnlyRootFilesystem,omitempty" pulumi:"readOnlyRootFilesystem"`
	// AllowPrivilegeEscalation lets a process gain more privileges than its parent (setuid
	// binaries). Optional, default false, which does not stop a root process from dropping to
	// another user, as nginx does.
	AllowPrivilegeEscalation *bool `json:"allowPrivilegeEscalation,omitempty" pulumi:"allowPrivilegeEscalation"`
}

func validateSecurityContext(l *validation.List, sc SecurityContext) {
	for _, id := range []struct {
		key string
		v   *int
	}{{"runAsUser", sc.RunAsUser}, {"runAsGroup", sc.RunAsGroup}, {"fsGroup", sc.FSGroup}} {
		if id.v != nil && (*id.v < 0 || *id.v > 2147483647) {
			l.Invalid("securityContext."+id.key, *id.v, "must be 0 to 2147483647")
		}
	}
	if sc.RunAsNonRoot != nil && *sc.RunAsNonRoot && sc.RunAsUser != nil && *sc.RunAsUser == 0 {
		l.Invalid("securityContext.runAsUser", 0, "is root, which runAsNonRoot refuses")
	}
	switch {
	case sc.FSGroupChangePolicy == "":
	case sc.FSGroup == nil:
		l.Invalid("securityContext.fsGroupChangePolicy", sc.FSGroupChangePolicy, "needs fsGroup: it says when the volumes are given to that group")
	case sc.FSGroupChangePolicy != "Always" && sc.FSGroupChangePolicy != "OnRootMismatch":
		l.Invalid("securityContext.fsGroupChangePolicy", sc.FSGroupChangePolicy, "must be Always or OnRootMismatch")
	}
}

// podSecurity is the pod's security context, nil when nothing is set.
func podSecurity(sc SecurityContext) *corev1.PodSecurityContextArgs {
	if sc.RunAsNonRoot == nil && sc.RunAsUser == nil && sc.RunAsGroup == nil && sc.FSGroup == nil {
		return nil
	}
	out := &corev1.PodSecurityContextArgs{}
	if sc.RunAsNonRoot != nil {
		out.RunAsNonRoot = pulumi.BoolPtr(*sc.RunAsNonRoot)
	}
	if sc.RunAsUser != nil {
		out.RunAsUser = pulumi.IntPtr(*sc.RunAsUser)
	}
	if sc.RunAsGroup != nil {
		out.RunAsGroup = pulumi.IntPtr(*sc.RunAsGroup)
	}
	if sc.FSGroup != nil {
		out.FsGroup = pulumi.IntPtr(*sc.FSGroup)
	}
	if sc.FSGroupChangePolicy != "" {
		out.FsGroupChangePolicy = pulumi.StringPtr(sc.FSGroupChangePolicy)
	}
	return out
}

// containerSecurity is a container's security context: no privilege escalation by default.
func containerSecurity(sc SecurityContext) *corev1.SecurityContextArgs {
	out := &corev1.SecurityContextArgs{AllowPrivilegeEscalation: pulumi.Bool(sc.AllowPrivilegeEscalation != nil && *sc.AllowPrivilegeEscalation)}
	if sc.ReadOnlyRootFilesystem {
		out.ReadOnlyRootFilesystem = pulumi.Bool(true)
	}
	return out
}
