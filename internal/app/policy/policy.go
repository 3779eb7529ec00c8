package policy

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/zonestack/zonestack/components/federation"
	"github.com/zonestack/zonestack/components/nodepools"
	"github.com/zonestack/zonestack/components/storage"
	"github.com/zonestack/zonestack/internal/app/offline"
	"github.com/zonestack/zonestack/internal/app/report"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
	"github.com/zonestack/zonestack/internal/base/ackapi"
	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

// Severity says whether a finding stops a plan.
type Severity string

// Severities.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// Finding is one broken rule.
type Finding struct {
	Check    string   `json:"check"`
	Severity Severity `json:"severity"`
	// Resource is the resource's name, or the output's; empty for the stack as a whole.
	Resource string `json:"resource,omitempty"`
	Message  string `json:"message"`
}

// String renders the finding as "severity [check] resource: message".
func (f Finding) String() string {
	if f.Resource == "" {
		return fmt.Sprintf("%s [%s]: %s", f.Severity, f.Check, f.Message)
	}
	return fmt.Sprintf("%s [%s] %s: %s", f.Severity, f.Check, f.Resource, f.Message)
}

// Check is one rule.
type Check struct {
	Name string
	// Rule says what the check wants, for the README and messages.
	Rule string
	Run  func(s *Stack) []Finding
}

// Stack is what the checks look at.
type Stack struct {
	Config *stackconfig.Config
	Result *offline.Result
	// Members are a global stack's member stacks' configs by stack name; a member left out is
	// not checked.
	Members map[string]*stackconfig.Config
}

// Checks are every check, in the order they run.
var Checks = []Check{
	{"ha-zones", "an HA stack's vSwitches and node pools span at least three zones", haZones},
	{"stateful-pools", "every node pool that runs stateful services is tainted, and every placeholder selects and tolerates exactly one pool", statefulPools},
	{"system-pool", "every ACK and GKE cluster has, in every zone of the stack, a node pool with no NoSchedule or NoExecute taint: the pods that tolerate nothing (CoreDNS, the CSI plugins, metrics-server) need nodes", systemPool},
	{"placeholder-priority", "placeholders run at a priority within (-10, 0): preempted by every ordinary pod, still scaled for", placeholderPriority},
	{"zonal-disks", "every zonal-disk StorageClass binds WaitForFirstConsumer and keeps volumes (Retain)", zonalDisks},
	{"encryption", "in a production stack every disk and file system is encrypted: node system and data disks, disk classes, NAS", encryption},
	{"api-reachable", "every stack that applies Kubernetes objects reaches its API server from where `pulumi up` runs (runner): from the Internet a public endpoint (on GKE and a kubeadm control plane limited to authorized networks), from inside the VPC the private one; a global stack reaches each member's", apiReachable},
	{"private-endpoint", "the API server has no public endpoint unless the stack asks for one (then a warning)", privateEndpoint},
	{"plaintext-secrets", "no input or output that holds a password, key, token, kubeconfig or user data is in plain text", plaintextSecrets},
	{"deletion-protection", "clusters and databases carry deletion protection (an error in production, a warning elsewhere)", deletionProtection},
	{"protect-stateful", "in a production stack Pulumi protects every stateful cloud resource: clusters, NAS, databases", protectStateful},
	{"etcd-quorum", "a self-managed control plane has an odd number of etcd members, and in an HA stack keeps a quorum and a reachable VIP whichever zone is lost (a VIP confined to one zone is an error in production, a warning elsewhere)", etcdQuorum},
	{"zone-loss", "in an HA stack the loss of any one zone keeps everything: the control plane, a majority of every stateful service, pool capacity, Internet egress, shared volumes, databases, burst capacity and load balancers (an error in production, a warning elsewhere)", zoneLoss},
	{"dns-ttl", "every federation record's TTL is inside its DNS back end's range: 1 s to 1 day, from the hosted domain's edition's minimum on Alibaba Cloud DNS, and 60, 120, 300 or 600 s on GTM", dnsTTL},
	{"alicloud-inputs", "every alicloud resource sends the inputs Alibaba Cloud's API needs, also those the provider's schema leaves optional (a vSwitch's zone, an instance's image)", alicloudInputs},
	{"eci-resources", "every workload whose pods may run on ECI sets requests and limits of cpu and memory: ECI sizes each instance from them", eciResources},
}

// Run runs every check.
func Run(cfg *stackconfig.Config, res *offline.Result) []Finding {
	return RunStack(&Stack{Config: cfg, Result: res})
}

// RunStack runs every check on s (a global stack's members included).
func RunStack(s *Stack) []Finding {
	var out []Finding
	for _, c := range Checks {
		out = append(out, c.Run(s)...)
	}
	return out
}

// Errors are the findings that stop a plan.
func Errors(fs []Finding) []Finding {
	return slices.DeleteFunc(slices.Clone(fs), func(f Finding) bool { return f.Severity != Error })
}

func (s *Stack) byType(t string) []offline.Registration { return s.Result.Recorder.ByType(t) }

func str(v resource.PropertyValue) string {
	for v.IsSecret() {
		v = v.SecretValue().Element
	}
	if v.IsString() {
		return v.StringValue()
	}
	return ""
}

// arr is v's elements, none when v is not an array.
func arr(v resource.PropertyValue) []resource.PropertyValue {
	if v.IsArray() {
		return v.ArrayValue()
	}
	return nil
}

// fields is v's fields, none when v is not an object.
func fields(v resource.PropertyValue) resource.PropertyMap {
	if v.IsObject() {
		return v.ObjectValue()
	}
	return nil
}

func obj(v resource.PropertyValue, path ...string) resource.PropertyValue {
	for _, p := range path {
		if !v.IsObject() {
			return resource.PropertyValue{}
		}
		v = v.ObjectValue()[resource.PropertyKey(p)]
	}
	return v
}

func haZones(s *Stack) []Finding {
	if !s.Config.HighlyAvailable() {
		return nil
	}
	var out []Finding
	zoneOf := s.Result.Recorder.VSwitchZones()
	zones := map[string]bool{}
	for _, z := range zoneOf {
		zones[z] = true
	}
	if len(zoneOf) > 0 && len(zones) < stackconfig.MinHAZones {
		out = append(out, Finding{"ha-zones", Error, "", fmt.Sprintf("the vSwitches span %d zones, an HA stack needs %d", len(zones), stackconfig.MinHAZones)})
	}
	pools := s.byType(rt.CsNodePool)
	poolZones := map[string]bool{}
	for _, p := range pools {
		for _, v := range arr(p.Inputs["vswitchIds"]) {
			poolZones[zoneOf[str(v)]] = true
		}
	}
	gkePools := s.byType(rt.GkeNodePool)
	for _, p := range gkePools {
		for _, v := range arr(p.Inputs["nodeLocations"]) {
			poolZones[str(v)] = true
		}
	}
	pools = append(pools, gkePools...)
	if len(pools) > 0 && len(poolZones) < stackconfig.MinHAZones {
		out = append(out, Finding{"ha-zones", Error, "", fmt.Sprintf("the node pools span %d zones, an HA stack needs %d", len(poolZones), stackconfig.MinHAZones)})
	}
	return out
}

// taint is a pool taint or a pod toleration.
type taint struct{ key, value, effect string }

func statefulPools(s *Stack) []Finding {
	var out []Finding
	type pool struct {
		name   string
		labels map[string]string
		taints []taint
	}
	var pools []pool
	for _, np := range s.byType(rt.CsNodePool) {
		p := pool{name: np.Name, labels: map[string]string{}}
		for _, l := range arr(np.Inputs["labels"]) {
			p.labels[str(obj(l, "key"))] = str(obj(l, "value"))
		}
		for _, t := range arr(np.Inputs["taints"]) {
			p.taints = append(p.taints, taint{str(obj(t, "key")), str(obj(t, "value")), str(obj(t, "effect"))})
		}
		pools = append(pools, p)
	}
	gkeEffects := map[string]string{"NO_SCHEDULE": "NoSchedule", "PREFER_NO_SCHEDULE": "PreferNoSchedule", "NO_EXECUTE": "NoExecute"}
	for _, np := range s.byType(rt.GkeNodePool) {
		p := pool{name: np.Name, labels: map[string]string{}}
		cfg := obj(resource.NewProperty(np.Inputs), "nodeConfig")
		for k, v := range fields(obj(cfg, "labels")) {
			p.labels[string(k)] = str(v)
		}
		for _, t := range arr(obj(cfg, "taints")) {
			p.taints = append(p.taints, taint{str(obj(t, "key")), str(obj(t, "value")), gkeEffects[str(obj(t, "effect"))]})
		}
		pools = append(pools, p)
	}
	// A pool is stateful when a StatefulSet runs on it; it must keep every other pod off.
	for _, p := range pools {
		stateful := false
		for _, st := range s.byType(rt.K8sStatefulSet) {
			sel := fields(obj(resource.NewProperty(st.Inputs), "spec", "template", "spec", "nodeSelector"))
			match := len(sel) > 0
			for k, v := range sel {
				match = match && p.labels[string(k)] == str(v)
			}
			stateful = stateful || match
		}
		if stateful && !slices.ContainsFunc(p.taints, func(t taint) bool { return t.effect == "NoSchedule" || t.effect == "NoExecute" }) {
			out = append(out, Finding{"stateful-pools", Error, p.name, "the pool runs stateful services but has no NoSchedule taint: any pod may land on the stateful nodes"})
		}
	}
	for _, d := range s.byType(rt.K8sDeployment) {
		if str(obj(resource.NewProperty(d.Inputs), "metadata", "labels", "app.kubernetes.io/name")) != "placeholder" {
			continue
		}
		pod := obj(resource.NewProperty(d.Inputs), "spec", "template", "spec")
		var tols []taint
		for _, t := range arr(obj(pod, "tolerations")) {
			tols = append(tols, taint{str(obj(t, "key")), str(obj(t, "value")), str(obj(t, "effect"))})
		}
		fits := 0
		for _, p := range pools {
			ok := true
			for k, v := range fields(obj(pod, "nodeSelector")) {
				ok = ok && p.labels[string(k)] == str(v)
			}
			for _, t := range p.taints {
				ok = ok && (t.effect == "PreferNoSchedule" || slices.Contains(tols, t))
			}
			if ok {
				fits++
			}
		}
		if len(pools) > 0 && fits != 1 {
			out = append(out, Finding{"stateful-pools", Error, d.Name, fmt.Sprintf("the placeholder selects and tolerates %d pools, want exactly one", fits)})
		}
	}
	return out
}

// keepsPodsOff says whether a taint keeps an untolerating pod off the node.
func keepsPodsOff(effect string) bool {
	return effect == "NoSchedule" || effect == "NoExecute" || effect == "NO_SCHEDULE" || effect == "NO_EXECUTE"
}

func systemPool(s *Stack) []Finding {
	var out []Finding
	clusters := s.byType(rt.CsManagedKubernetes)
	for _, c := range s.byType(rt.GkeCluster) {
		// A GKE cluster that keeps its default pool has untainted nodes in its zones: checked are
		// those that drop it, as zonestack's do.
		if v := c.Inputs["removeDefaultNodePool"]; v.IsBool() && v.BoolValue() {
			clusters = append(clusters, c)
		}
	}
	if len(clusters) == 0 {
		return nil
	}
	free := map[string]bool{} // zones with an untainted pool
	zoneOf := s.Result.Recorder.VSwitchZones()
	for _, np := range s.byType(rt.CsNodePool) {
		if slices.ContainsFunc(arr(np.Inputs["taints"]), func(t resource.PropertyValue) bool { return keepsPodsOff(str(obj(t, "effect"))) }) {
			continue
		}
		for _, v := range arr(np.Inputs["vswitchIds"]) {
			free[zoneOf[str(v)]] = true
		}
	}
	for _, np := range s.byType(rt.GkeNodePool) {
		cfg := obj(resource.NewProperty(np.Inputs), "nodeConfig")
		if slices.ContainsFunc(arr(obj(cfg, "taints")), func(t resource.PropertyValue) bool { return keepsPodsOff(str(obj(t, "effect"))) }) {
			continue
		}
		for _, v := range arr(np.Inputs["nodeLocations"]) {
			free[str(v)] = true
		}
	}
	for _, c := range clusters {
		for _, z := range s.Config.Zones {
			if !free[z] {
				out = append(out, Finding{"system-pool", Error, c.Name, fmt.Sprintf("no node pool in zone %s is free of NoSchedule and NoExecute taints: CoreDNS, the CSI plugins, metrics-server and every other pod that tolerates nothing have no node there (zonestack's system pools, zonestack:systemPool)", z)})
			}
		}
	}
	return out
}

func placeholderPriority(s *Stack) []Finding {
	var out []Finding
	classes := map[string]float64{}
	for _, pc := range s.byType(rt.K8sPriorityClass) {
		classes[str(obj(resource.NewProperty(pc.Inputs), "metadata", "name"))] = pc.Inputs["value"].NumberValue()
	}
	for _, d := range s.byType(rt.K8sDeployment) {
		in := resource.NewProperty(d.Inputs)
		if str(obj(in, "metadata", "labels", "app.kubernetes.io/name")) != "placeholder" {
			continue
		}
		name := str(obj(in, "spec", "template", "spec", "priorityClassName"))
		v, ok := classes[name]
		switch {
		case !ok:
			out = append(out, Finding{"placeholder-priority", Error, d.Name, fmt.Sprintf("the placeholder's priority class %q is not in the stack", name)})
		case v <= nodepools.ExpendablePriorityCutoff || v >= 0:
			out = append(out, Finding{"placeholder-priority", Error, d.Name, fmt.Sprintf("priority %v is outside (-10, 0)", v)})
		}
	}
	return out
}

func zonalDisks(s *Stack) []Finding {
	var out []Finding
	for _, sc := range s.byType(rt.K8sStorageClass) {
		if p := str(sc.Inputs["provisioner"]); p != storage.DiskProvisioner && p != storage.PDProvisioner {
			continue
		}
		if m := str(sc.Inputs["volumeBindingMode"]); m != storage.VolumeBindingWaitForFirstConsumer {
			out = append(out, Finding{"zonal-disks", Error, sc.Name, fmt.Sprintf("binds %q: a disk would be made before its pod has a zone", m)})
		}
		if p := str(sc.Inputs["reclaimPolicy"]); p != storage.ReclaimRetain {
			out = append(out, Finding{"zonal-disks", Error, sc.Name, fmt.Sprintf("reclaims %q: deleting a claim would delete its disk", p)})
		}
	}
	return out
}

func encryption(s *Stack) []Finding {
	if !s.Config.Production {
		return nil
	}
	var out []Finding
	for _, np := range s.byType(rt.CsNodePool) {
		if v := np.Inputs["systemDiskEncrypted"]; !v.IsBool() || !v.BoolValue() {
			out = append(out, Finding{"encryption", Error, np.Name, "the nodes' system disks are not encrypted"})
		}
		for i, d := range arr(np.Inputs["dataDisks"]) {
			if str(obj(d, "encrypted")) != "true" {
				out = append(out, Finding{"encryption", Error, np.Name, fmt.Sprintf("data disk %d is not encrypted", i)})
			}
		}
	}
	for _, sc := range s.byType(rt.K8sStorageClass) {
		if str(sc.Inputs["provisioner"]) == storage.DiskProvisioner && str(obj(sc.Inputs["parameters"], "encrypted")) != "true" {
			out = append(out, Finding{"encryption", Error, sc.Name, "the class makes unencrypted disks"})
		}
	}
	for _, fs := range s.byType(rt.NasFileSystem) {
		if fs.Inputs["encryptType"].NumberValue() == 0 {
			out = append(out, Finding{"encryption", Error, fs.Name, "the file system is not encrypted"})
		}
	}
	for _, b := range s.byType(rt.OssBucket) {
		if str(obj(b.Inputs["serverSideEncryptionRule"], "sseAlgorithm")) == "" {
			out = append(out, Finding{"encryption", Error, b.Name, "the bucket does not encrypt its objects"})
		}
	}
	return out
}

func privateEndpoint(s *Stack) []Finding {
	var out []Finding
	for _, c := range s.byType(rt.CsManagedKubernetes) {
		public := c.Inputs["slbInternetEnabled"]
		if !public.IsBool() || !public.BoolValue() {
			continue
		}
		if ack := s.Config.AckCluster(); ack != nil && ack.PublicEndpoint {
			out = append(out, Finding{"private-endpoint", Warning, c.Name, "the API server has a public endpoint, as the stack asks (cluster.publicEndpoint)"})
		} else {
			out = append(out, Finding{"private-endpoint", Error, c.Name, "the API server has a public endpoint the stack did not ask for"})
		}
	}
	for _, c := range s.byType(rt.GkeCluster) {
		if v := obj(resource.NewProperty(c.Inputs), "privateClusterConfig", "enablePrivateEndpoint"); v.IsBool() && v.BoolValue() {
			continue
		}
		if gke := s.Config.GkeCluster(); gke != nil && gke.PublicEndpoint {
			out = append(out, Finding{"private-endpoint", Warning, c.Name, "the API server has a public endpoint, as the stack asks (cluster.publicEndpoint)"})
		} else {
			out = append(out, Finding{"private-endpoint", Error, c.Name, "the API server has a public endpoint the stack did not ask for"})
		}
	}
	return out
}

// secretName matches property names that hold secrets.
var secretName = regexp.MustCompile(`(?i)(password|passwd|secret|token|accesskey|privatekey|kubeconfig|kube_config|userdata|certificatekey|clientkey)`)

func plaintextSecrets(s *Stack) []Finding {
	var out []Finding
	for _, r := range s.Result.Recorder.Registrations() {
		for _, path := range plainSecrets(resource.NewProperty(r.Inputs), "") {
			out = append(out, Finding{"plaintext-secrets", Error, r.Name, "input " + path + " is not a secret"})
		}
	}
	for _, r := range s.Result.Recorder.Registrations() {
		for _, path := range plainEnvSecrets(resource.NewProperty(r.Inputs), "") {
			out = append(out, Finding{"plaintext-secrets", Error, r.Name, "environment variable " + path + " reads like a secret and has a plain value; read it from a Secret"})
		}
		for _, path := range accessKeys(resource.NewProperty(r.Inputs), "") {
			out = append(out, Finding{"plaintext-secrets", Error, r.Name, "input " + path + " holds an AccessKey ID in plain text"})
		}
	}
	for _, name := range s.Result.OutputNames() {
		o := s.Result.Outputs[name]
		if secretName.MatchString(name) && !o.Secret {
			out = append(out, Finding{"plaintext-secrets", Error, name, "the output is not a secret"})
		}
		if !o.Secret && len(accessKeys(resource.NewPropertyValue(o.Value), "")) > 0 {
			out = append(out, Finding{"plaintext-secrets", Error, name, "the output holds an AccessKey ID in plain text"})
		}
	}
	return out
}

// accessKeyID is the shape of an Alibaba Cloud AccessKey ID.
var accessKeyID = regexp.MustCompile(`LTAI[0-9A-Za-z]{12,30}`)

// accessKeys lists the paths of plain strings that hold an AccessKey ID.
func accessKeys(v resource.PropertyValue, path string) []string {
	if v.IsSecret() || (v.IsOutput() && v.OutputValue().Secret) {
		return nil
	}
	var out []string
	switch {
	case v.IsString():
		if accessKeyID.MatchString(v.StringValue()) {
			out = append(out, strings.TrimPrefix(path, "."))
		}
	case v.IsObject():
		for k, e := range v.ObjectValue() {
			out = append(out, accessKeys(e, path+"."+string(k))...)
		}
	case v.IsArray():
		for i, e := range arr(v) {
			out = append(out, accessKeys(e, fmt.Sprintf("%s[%d]", path, i))...)
		}
	}
	return out
}

// plainEnvSecrets lists container environment variables with secret-looking names and plain
// values, anywhere in a manifest.
func plainEnvSecrets(v resource.PropertyValue, path string) []string {
	var out []string
	switch {
	case v.IsObject():
		for k, e := range v.ObjectValue() {
			if k == "env" {
				for _, ev := range arr(e) {
					name := str(obj(ev, "name"))
					val := obj(ev, "value")
					if secretName.MatchString(name) && (val.IsString() || val.IsComputed()) && str(val) != "" {
						out = append(out, name)
					}
				}
				continue
			}
			out = append(out, plainEnvSecrets(e, path+"."+string(k))...)
		}
	case v.IsArray():
		for i, e := range arr(v) {
			out = append(out, plainEnvSecrets(e, fmt.Sprintf("%s[%d]", path, i))...)
		}
	}
	return out
}

// plainSecrets lists the paths of values under secret-looking names that are not secret. A name
// that merely mentions a secret's reference (a KMS key ID, a secret's name) is not one.
func plainSecrets(v resource.PropertyValue, path string) []string {
	if v.IsSecret() || (v.IsOutput() && v.OutputValue().Secret) {
		return nil
	}
	var out []string
	switch {
	case v.IsObject():
		for k, e := range v.ObjectValue() {
			p := strings.TrimPrefix(path+"."+string(k), ".")
			if secretName.MatchString(string(k)) && !reference(string(k)) && (e.IsString() || e.IsComputed()) && str(e) != "" {
				out = append(out, p)
				continue
			}
			out = append(out, plainSecrets(e, p)...)
		}
	case v.IsArray():
		for i, e := range arr(v) {
			out = append(out, plainSecrets(e, fmt.Sprintf("%s[%d]", path, i))...)
		}
	}
	return out
}

// reference says whether a property names a secret rather than holding one.
func reference(name string) bool {
	n := strings.ToLower(name)
	return strings.HasSuffix(n, "id") || strings.HasSuffix(n, "name") || strings.HasSuffix(n, "ref") || strings.HasSuffix(n, "keys")
}

func deletionProtection(s *Stack) []Finding {
	var out []Finding
	sev := Warning
	if s.Config.Production {
		sev = Error
	}
	for _, k := range []struct{ typ, what string }{
		{rt.CsManagedKubernetes, "the cluster"},
		{rt.RdsInstance, "the database instance"},
		{rt.GkeCluster, "the cluster"},
	} {
		for _, c := range s.byType(k.typ) {
			if v := c.Inputs["deletionProtection"]; v.IsBool() && v.BoolValue() {
				continue
			}
			out = append(out, Finding{"deletion-protection", sev, c.Name, k.what + " has no deletion protection"})
		}
	}
	return out
}

// statefulTypes are the cloud resources that hold state.
var statefulTypes = []string{
	rt.CsManagedKubernetes,
	rt.NasFileSystem,
	rt.OssBucket,
	rt.EcsDisk,
	rt.RdsInstance,
	rt.GkeCluster,
}

func protectStateful(s *Stack) []Finding {
	if !s.Config.Production {
		return nil
	}
	var out []Finding
	for _, t := range statefulTypes {
		for _, r := range s.byType(t) {
			if !r.Protect {
				out = append(out, Finding{"protect-stateful", Error, r.Name, "a stateful resource of a production stack is not protected"})
			}
		}
	}
	return out
}

// workloadKinds are the workloads whose pods the ECI check looks at.
var workloadKinds = []string{rt.K8sDeployment, rt.K8sStatefulSet}

func eciResources(s *Stack) []Finding {
	var out []Finding
	for _, t := range workloadKinds {
		for _, w := range s.byType(t) {
			body := resource.NewProperty(w.Inputs)
			why := mayRunOnECI(s, body)
			if why == "" {
				continue
			}
			for _, c := range arr(obj(body, "spec", "template", "spec", "containers")) {
				res := obj(c, "resources")
				for _, k := range []string{"requests.cpu", "requests.memory", "limits.cpu", "limits.memory"} {
					kind, q, _ := strings.Cut(k, ".")
					if str(obj(res, kind, q)) == "" {
						out = append(out, Finding{"eci-resources", Error, w.Name, fmt.Sprintf("container %s may run on ECI (%s) but sets no %s", str(obj(c, "name")), why, k)})
					}
				}
			}
		}
	}
	return out
}

// mayRunOnECI says why a workload's pods may land on ECI, or "" when they may not.
func mayRunOnECI(s *Stack, w resource.PropertyValue) string {
	ns := str(obj(w, "metadata", "namespace"))
	if ns == "" {
		ns = "default"
	}
	pod := obj(w, "spec", "template", "spec")
	podLabels := map[string]string{}
	for k, v := range fields(obj(w, "spec", "template", "metadata", "labels")) {
		podLabels[string(k)] = str(v)
	}
	for _, t := range arr(obj(pod, "tolerations")) {
		if key := str(obj(t, "key")); key == ackapi.VirtualNodeTaintKey || (key == "" && str(obj(t, "operator")) == "Exists") {
			return "it tolerates the virtual nodes' taint"
		}
	}
	if podLabels[ackapi.ECILabel] == "true" {
		return "its pods carry " + ackapi.ECILabel
	}
	for _, rp := range s.byType(rt.KubernetesType(ackapi.ResourcePolicyAPIVersion, ackapi.ResourcePolicyKind)) {
		body := resource.NewProperty(rp.Inputs)
		if n := str(obj(body, "metadata", "namespace")); n != ns && !(n == "" && ns == "default") {
			continue
		}
		match := true
		for k, v := range fields(obj(body, "spec", "selector")) {
			match = match && podLabels[string(k)] == str(v)
		}
		eci := slices.ContainsFunc(arr(obj(body, "spec", "units")), func(u resource.PropertyValue) bool { return str(obj(u, "resource")) == ackapi.UnitECI })
		if match && eci {
			return "ResourcePolicy " + str(obj(body, "metadata", "name")) + " overflows it to ECI"
		}
	}
	for _, cm := range s.byType(rt.K8sConfigMapPatch) {
		body := resource.NewProperty(cm.Inputs)
		if str(obj(body, "metadata", "name")) != ackapi.ECIProfileName {
			continue
		}
		var selectors []struct {
			Name              string `json:"name"`
			NamespaceSelector *struct {
				MatchLabels map[string]string `json:"matchLabels"`
			} `json:"namespaceSelector"`
			ObjectSelector *struct {
				MatchLabels map[string]string `json:"matchLabels"`
			} `json:"objectSelector"`
		}
		if json.Unmarshal([]byte(str(obj(body, "data", "selectors"))), &selectors) != nil {
			continue
		}
		nsLabels := map[string]string{ackapi.NamespaceNameLabel: ns}
		for _, n := range s.byType(rt.K8sNamespace) {
			nb := resource.NewProperty(n.Inputs)
			if str(obj(nb, "metadata", "name")) == ns {
				for k, v := range fields(obj(nb, "metadata", "labels")) {
					nsLabels[string(k)] = str(v)
				}
			}
		}
		for _, sel := range selectors {
			if sel.NamespaceSelector == nil && sel.ObjectSelector == nil {
				continue
			}
			match := true
			if sel.NamespaceSelector != nil {
				for k, v := range sel.NamespaceSelector.MatchLabels {
					match = match && nsLabels[k] == v
				}
			}
			if sel.ObjectSelector != nil {
				for k, v := range sel.ObjectSelector.MatchLabels {
					match = match && podLabels[k] == v
				}
			}
			if match {
				return "the eci-profile selector " + sel.Name + " sends it there"
			}
		}
	}
	return ""
}

func etcdQuorum(s *Stack) []Finding {
	var out []Finding
	cp := report.SelfManagedControlPlane(s.Result.Recorder)
	if len(cp.Etcd) == 0 {
		return nil
	}
	if len(cp.Etcd)%2 == 0 {
		out = append(out, Finding{"etcd-quorum", Error, "", fmt.Sprintf("%d etcd members: an even number tolerates no more failures than one fewer", len(cp.Etcd))})
	}
	if !s.Config.HighlyAvailable() {
		return out
	}
	for _, z := range s.Result.Zones {
		quorum, reachable, text := cp.Loss(z)
		if quorum && reachable {
			continue
		}
		sev := Error
		if quorum && !s.Config.Production {
			sev = Warning // the VIP, not etcd: the cluster runs on, unreachable
		}
		out = append(out, Finding{"etcd-quorum", sev, "", "losing " + z + ": " + text})
	}
	return out
}

// zoneLoss holds an HA stack to its zone-loss report: every row kept for every zone. What a
// production stack loses with a zone is an error; elsewhere it is a warning, naming what is lost.
func zoneLoss(s *Stack) []Finding {
	if !s.Config.HighlyAvailable() {
		return nil
	}
	sev := Warning
	if s.Config.Production {
		sev = Error
	}
	var out []Finding
	for _, l := range report.ZoneLosses(s.Result, s.Result.Zones) {
		for _, row := range l.NotKept() {
			out = append(out, Finding{"zone-loss", sev, "", "losing " + l.Zone + ": " + row})
		}
	}
	return out
}

// dnsTTLRange is the TTL range each DNS back end's records take, as zonestack allows them.
var dnsTTLRange = map[string][2]int{
	rt.DNSRecordSet:    {1, 86400},
	rt.DnsAlidnsRecord: {1, 86400},
	rt.PvtzZoneRecord:  {1, 86400},
}

func dnsTTL(s *Stack) []Finding {
	var out []Finding
	// An Alibaba Cloud DNS record's least TTL is its hosted domain's edition's.
	aliMin := 1
	if f := s.Config.Federation; f != nil {
		if min, ok := federation.AlidnsMinTTL[f.DNS.Edition]; ok {
			aliMin = min
		}
	}
	for typ, r := range dnsTTLRange {
		if typ == rt.DnsAlidnsRecord {
			r[0] = aliMin
		}
		for _, rs := range s.byType(typ) {
			ttl := rs.Inputs["ttl"]
			if !ttl.IsNumber() || int(ttl.NumberValue()) < r[0] || int(ttl.NumberValue()) > r[1] {
				out = append(out, Finding{"dns-ttl", Error, rs.Name, fmt.Sprintf("TTL %v is outside %d to %d seconds", ttl, r[0], r[1])})
			}
		}
	}
	for _, g := range s.byType(rt.DnsGtmInstance) {
		if ttl := g.Inputs["ttl"]; !ttl.IsNumber() || !slices.Contains(federation.GtmTTLs, int(ttl.NumberValue())) {
			out = append(out, Finding{"dns-ttl", Error, g.Name, fmt.Sprintf("GTM TTL %v is not one of %v", ttl, federation.GtmTTLs)})
		}
	}
	slices.SortFunc(out, func(a, b Finding) int { return strings.Compare(a.Resource, b.Resource) })
	return out
}
