package stackconfig

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/zonestack/zonestack/components/federation"
	suggestpkg "github.com/zonestack/zonestack/internal/app/suggest"
	"github.com/zonestack/zonestack/validation"
)

// Raw is a stack's configuration as the Pulumi engine hands it to a program: each value under its
// namespaced key ("zonestack:region"), objects and lists as JSON text, and the keys that are secret.
type Raw struct {
	Values  map[string]string
	Secrets []string
}

// otherNamespaces are the providers' config namespaces a stack may also set, e.g. alicloud:region.
var otherNamespaces = []string{"alicloud", "gcp", "kubernetes", "random", "tls", "pulumi"}

// Parse decodes, checks and returns one stack's configuration. Every problem is reported at once,
// each with its key path, the rule and the value.
func Parse(stack string, raw Raw) (*Config, error) {
	var problems validation.List
	doc := map[string]any{}
	secrets, opaque := map[string]bool{}, map[string]bool{}
	gcpProject := ""
	keys := make([]string, 0, len(raw.Values))
	for k := range raw.Values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fields := jsonFields(reflect.TypeFor[Config]())
	for _, full := range keys {
		ns, key, ok := strings.Cut(full, ":")
		switch {
		case !ok:
			problems.Invalid(full, full, "config keys are namespaced, e.g. %s:%s", Project, full)
			continue
		case ns != Project:
			if full == "gcp:project" {
				gcpProject = raw.Values[full]
			}
			if !slices.Contains(otherNamespaces, ns) {
				problems.Invalid(full, ns, "unknown config namespace; use %s or a provider's (%s)",
					Project, strings.Join(otherNamespaces, ", "))
			}
			continue
		}
		f, known := fields[key]
		if !known {
			if credentialKey.MatchString(key) {
				problems.Invalid(key, "[not shown]", "%s", credentialHint)
				continue
			}
			problems.Invalid(key, raw.Values[full], "unknown key%s; known keys: %s", suggest(key, fields), knownKeys(fields))
			continue
		}
		secret := slices.Contains(raw.Secrets, full)
		switch tag := f.Tag.Get("secret"); {
		case secret && tag != "allowed" && tag != "required":
			// The program would pass the decrypted value on as plain text, into the state.
			problems.Invalid(key, SecretPlaceholder, "is encrypted, but %s holds no secret and its value would be stored unencrypted in the state; set it without --secret", key)
			continue
		case !secret && tag == "required":
			// Never echo the value: it is a secret set by mistake in plain text.
			problems.Invalid(key, "[not shown]", "holds secrets and is stored in plain text; set it with `pulumi config set --secret %s:%s '<json>'` and remove the plain value", Project, key)
			continue
		case secret && raw.Values[full] == SecretPlaceholder:
			// Read from a stack file without decrypting: the value is known to be there, not what
			// it is.
			secrets[key], opaque[key] = true, true
			continue
		case secret:
			secrets[key] = true
		}
		v, err := decodeValue(raw.Values[full], f.Type)
		if err != nil {
			problems.Invalid(key, raw.Values[full], "is not valid JSON for %s: %v", typeName(f.Type), err)
			continue
		}
		doc[key] = v
	}
	// The keys whose shape is the cloud's are checked against, and decoded into, the stack's
	// cloud's type.
	cloud, _ := doc["cloud"].(string)
	shaped := map[string]any{}
	for key, v := range doc {
		if shapes, ok := perCloudField(fields[key]); ok {
			shaped[key] = v
			delete(doc, key)
			checkShapeOf(key, v, shapes[shapeCloud(cloud)], shapes[otherCloud(cloud)], otherCloud(cloud), &problems)
		}
	}
	checkShape("", doc, reflect.TypeFor[Config](), &problems)
	if err := problems.Err(); err != nil {
		return nil, err
	}
	c := &Config{stack: stack, secrets: secrets, opaque: opaque, gcpProject: gcpProject}
	b, _ := json.Marshal(doc)
	if err := json.Unmarshal(b, c); err != nil {
		return nil, fmt.Errorf("stack config: %w", err) // checkShape lets nothing through that fails here
	}
	for _, key := range slices.Sorted(maps.Keys(shaped)) {
		f := fields[key]
		shapes, _ := perCloudField(f)
		v := reflect.New(shapes[shapeCloud(cloud)])
		b, _ := json.Marshal(shaped[key])
		if err := json.Unmarshal(b, v.Interface()); err != nil {
			return nil, fmt.Errorf("stack config: %s: %w", key, err)
		}
		setShaped(reflect.ValueOf(c).Elem().FieldByIndex(f.Index), cloud, v)
	}
	if err := c.validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// decodeValue reads one engine value: plain text for a string field, JSON otherwise.
func decodeValue(s string, t reflect.Type) (any, error) {
	if t.Kind() == reflect.String {
		return s, nil
	}
	var v any
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		if t := strings.TrimSpace(s); t == "" || (t[0] != '{' && t[0] != '[') {
			// A plain word where a list, number or boolean belongs ("yes" for ha): let the shape
			// check say what the key must be.
			return s, nil
		}
		return nil, err
	}
	return v, nil
}

// checkShape walks a decoded JSON value against the Go type it must fill and records every unknown
// key and every value of the wrong type, with its path.
func checkShape(path string, v any, t reflect.Type, problems *validation.List) {
	checkShapeOf(path, v, t, nil, "", problems)
}

// checkShapeOf is checkShape for a value whose type is its cloud's: a key unknown to t that the
// other cloud's type (other, of otherCloud; nil when none) knows is named as that cloud's.
func checkShapeOf(path string, v any, t, other reflect.Type, otherCloud string, problems *validation.List) {
	if v == nil {
		return
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	for other != nil && other.Kind() == reflect.Pointer {
		other = other.Elem()
	}
	if other != nil && other.Kind() != t.Kind() {
		other = nil
	}
	at := func(key string) string {
		if path == "" {
			return key
		}
		return path + "." + key
	}
	wrong := func() {
		problems.Invalid(path, describe(v), "must be %s", typeName(t))
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			wrong()
			return
		}
		fields := jsonFields(t)
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			f, ok := fields[k]
			if !ok && credentialKey.MatchString(k) {
				problems.Invalid(at(k), "[not shown]", "%s", credentialHint)
				continue
			}
			var theirs reflect.StructField
			otherKnows := false
			if other != nil {
				theirs, otherKnows = jsonFields(other)[k]
			}
			if !ok && otherKnows {
				problems.Invalid(at(k), describe(obj[k]), "is a %s stack's key, not this stack's; known keys: %s", otherCloud, knownKeys(fields))
				continue
			}
			if !ok {
				problems.Invalid(at(k), describe(obj[k]), "unknown key%s; known keys: %s", suggest(k, fields), knownKeys(fields))
				continue
			}
			var next reflect.Type
			if otherKnows {
				next = theirs.Type
			}
			checkShapeOf(at(k), obj[k], f.Type, next, otherCloud, problems)
		}
	case reflect.Slice:
		arr, ok := v.([]any)
		if !ok {
			wrong()
			return
		}
		var next reflect.Type
		if other != nil {
			next = other.Elem()
		}
		for i, e := range arr {
			checkShapeOf(fmt.Sprintf("%s[%d]", path, i), e, t.Elem(), next, otherCloud, problems)
		}
	case reflect.Map:
		obj, ok := v.(map[string]any)
		if !ok {
			wrong()
			return
		}
		var next reflect.Type
		if other != nil {
			next = other.Elem()
		}
		for k, e := range obj {
			checkShapeOf(at(k), e, t.Elem(), next, otherCloud, problems)
		}
	case reflect.String:
		if _, ok := v.(string); !ok && !acceptsNumber(t, v) {
			wrong()
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			wrong()
		}
	case reflect.Int:
		n, ok := v.(json.Number)
		if !ok {
			wrong()
			return
		}
		if _, err := n.Int64(); err != nil {
			wrong()
		}
	}
}

// numberAccepter is a string type that a stack file may also write as a whole number (a port by
// name or number, workloads.PortRef).
var numberAccepter = reflect.TypeFor[interface{ AcceptsNumber() }]()

func acceptsNumber(t reflect.Type, v any) bool {
	n, ok := v.(json.Number)
	if !ok || !t.Implements(numberAccepter) {
		return false
	}
	_, err := n.Int64()
	return err == nil
}

// shown is a value as a message shows it, without quotes.
type shown string

// describe is how a message shows a decoded JSON value: strings quoted, numbers as written,
// objects and lists by kind.
func describe(v any) any {
	switch x := v.(type) {
	case map[string]any:
		return shown("an object")
	case []any:
		return shown("a list")
	case json.Number:
		return shown(x.String())
	}
	return v
}

func typeName(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		return "an object"
	case reflect.Slice:
		return "a list of " + strings.TrimPrefix(strings.TrimPrefix(typeName(t.Elem()), "a "), "an ") + "s"
	case reflect.Map:
		return "a map of " + strings.TrimPrefix(typeName(t.Elem()), "a ") + "s"
	case reflect.String:
		if t.Implements(numberAccepter) {
			return "a string or a whole number"
		}
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int:
		return "a whole number"
	}
	return t.String()
}

// jsonFields are the keys of a struct as encoding/json reads them, embedded structs inlined.
func jsonFields(t reflect.Type) map[string]reflect.StructField {
	out := map[string]reflect.StructField{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			maps.Copy(out, jsonFields(f.Type))
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out[name] = f
		}
	}
	return out
}

func knownKeys(fields map[string]reflect.StructField) string {
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return strings.Join(keys, ", ")
}

// suggest names the known key closest to a misspelled one.
func suggest(key string, fields map[string]reflect.StructField) string {
	best := suggestpkg.Closest(key, slices.Collect(maps.Keys(fields)))
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// credentialKey is an unknown key that looks like it holds a credential: its value is never
// echoed, and the error says where credentials go instead.
var credentialKey = regexp.MustCompile(`(?i)(access_?key|secret_?key|secret|password|passwd|token)`)

const credentialHint = "unknown key; credentials never go in stack config: the alicloud provider takes its AccessKey from its environment (ALICLOUD_ACCESS_KEY, ALICLOUD_SECRET_KEY) or a RAM role, ack-virtual-node acts with the cluster's RAM role, and database passwords go in zonestack:databasePasswords, set with --secret"

var (
	regionPattern    = regexp.MustCompile(`^[a-z]{2,}(-[a-z0-9]+)+$`)
	localNamePattern = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
)

// validate checks the stack's own rules: cloud, region, zones and high availability. Component
// settings are checked by the components (see internal/app/program).
func (c *Config) validate() error {
	var l validation.List
	clouds := []string{CloudAlicloud, CloudGCP, CloudLocal, CloudGlobal}
	switch {
	case c.Cloud == "":
		l.Required("cloud", "is required; one of "+strings.Join(clouds, ", "))
	case !slices.Contains(clouds, c.Cloud):
		l.Invalid("cloud", c.Cloud, "must be one of %s", strings.Join(clouds, ", "))
	}
	if c.Cloud == CloudGCP {
		if c.gcpProject == "" {
			l.Required("gcp:project", "is required for a GKE stack: pulumi config set gcp:project <project ID>")
		}
		for _, k := range []struct {
			set  bool
			name string
		}{{c.SelfManaged != nil, "selfManaged"}, {c.VirtualNodes != nil, "virtualNodes"}, {len(c.Databases) > 0, "databases"},
			{c.Storage != nil && c.Storage.Nas != nil, "storage.nas"}, {c.Storage != nil && c.Storage.Oss != nil, "storage.oss"}} {
			if k.set {
				l.Invalid(k.name, "set", "is Alibaba Cloud's; a GKE stack has none (GKE's network keys: network.nodeCidr, podCidr, serviceCidr, masterCidr)")
			}
		}
	}
	if runners := []string{RunnerInternet, RunnerVPC}; c.Runner != "" && !slices.Contains(runners, c.Runner) {
		l.Invalid("runner", c.Runner, "must be %s (pulumi up runs outside the VPC: a laptop, a hosted CI runner) or %s (inside the VPC, or on a network routed to it)", RunnerInternet, RunnerVPC)
	}
	if c.Cloud == CloudGlobal {
		if err := l.Err(); err != nil {
			return err
		}
		return c.validateGlobal()
	}
	switch {
	case c.Region == "":
		l.Required("region", "")
	case c.Cloud == CloudLocal && !localNamePattern.MatchString(c.Region):
		l.Invalid("region", c.Region, "must be lower-case letters, digits and '-', such as local")
	case c.Cloud != CloudLocal && !regionPattern.MatchString(c.Region):
		l.Invalid("region", c.Region, "must be a region ID such as cn-beijing or europe-west1")
	}
	if len(c.Zones) == 0 {
		l.Required("zones", "is required: the zones the stack spans")
	}
	seen := map[string]int{}
	for i, z := range c.Zones {
		if j, dup := seen[z]; dup {
			l.Invalid(fmt.Sprintf("zones[%d]", i), z, "duplicates zones[%d]; each zone appears once", j)
		}
		seen[z] = i
	}
	if c.HighlyAvailable() && len(c.Zones) > 0 && len(seen) < MinHAZones {
		l.Invalid("zones", c.Zones, "an HA stack spans at least %d distinct zones; add zones or set zonestack:ha to false", MinHAZones)
	}
	if c.Cloud == CloudLocal && c.Cluster != nil {
		l.Invalid("cluster", "an object", "a local stack has no cloud cluster; remove the key")
	}
	if c.Cloud == CloudLocal && c.SelfManaged != nil {
		l.Invalid("selfManaged", "an object", "a local stack has no cloud machines; remove the key")
	}
	if c.Cluster != nil && c.SelfManaged != nil {
		l.Invalid("selfManaged", "an object", "a stack has one cluster: ACK (zonestack:cluster) or self-managed (zonestack:selfManaged), not both")
	}
	if c.SelfManaged != nil && c.NodePools != nil {
		l.Invalid("nodePools", "an object", "ACK node pools need an ACK cluster; a self-managed cluster's workers are selfManaged.workers")
	}
	if c.SystemPool != nil && c.Cluster == nil {
		l.Invalid("systemPool", "an object", "sizes the system pools of an ACK or GKE cluster; add zonestack:cluster (a self-managed cluster's workers are selfManaged.workers)")
	}
	if c.SelfManaged != nil && c.VirtualNodes != nil {
		l.Invalid("virtualNodes", "an object", "ack-virtual-node is an ACK add-on; a self-managed cluster has none")
	}
	hasCluster := c.Cluster != nil || c.SelfManaged != nil
	for _, k := range []struct {
		set  bool
		name string
	}{{c.NodePools != nil, "nodePools"}, {c.Storage != nil, "storage"}, {c.Workloads != nil, "workloads"}} {
		if k.set && !hasCluster && c.Cloud != CloudLocal {
			l.Invalid(k.name, "an object", "needs a cluster to run in; add zonestack:cluster")
		}
	}
	if c.Cloud == CloudLocal && c.Storage != nil && c.Storage.Nas != nil {
		l.Invalid("storage.nas", "an object", "a local stack has no NAS; shared volumes are for cloud stacks")
	}
	if c.Cloud == CloudLocal && c.Storage != nil && c.Storage.Oss != nil {
		l.Invalid("storage.oss", "an object", "a local stack has no OSS; shared volumes are for cloud stacks")
	}
	if c.SelfManaged != nil && c.Storage != nil && c.Storage.Oss != nil {
		l.Invalid("storage.oss", "an object", "mounts with ACK's RRSA (the cluster's OIDC provider); a self-managed cluster has none")
	}
	if c.Cloud == CloudLocal && len(c.Databases) > 0 {
		l.Invalid("databases", len(c.Databases), "a local stack has no RDS; databases are for cloud stacks")
	}
	if v := c.VirtualNodes; c.Cloud == CloudLocal && v != nil && !reflect.ValueOf(*v).IsZero() {
		// On a local stack, virtualNodes: {} means the local cluster gets fake virtual nodes, one
		// per zone, shaped as ACK's; the add-on and its eci-profile are not there to configure.
		l.Invalid("virtualNodes", "an object with settings", "a local stack's virtual nodes are the local cluster's fake ones; they take no add-on settings (use virtualNodes: {})")
	}
	if c.VirtualNodes != nil && c.Cluster == nil && c.Cloud != CloudLocal {
		l.Invalid("virtualNodes", "an object", "needs a cluster to run in; add zonestack:cluster")
	}
	if c.Federation != nil {
		l.Invalid("federation", "an object", "belongs in a global stack (zonestack:cloud: global)")
	}
	if c.Cloud == CloudLocal && c.Network != nil {
		l.Invalid("network", "an object", "a local stack has no cloud network; remove the key")
	}
	if c.Fencing != nil && c.Fencing.IsEnabled(true) && c.Cluster == nil {
		l.Invalid("fencing.enabled", true, "the fencing controller asks ACK's or GKE's cloud whether a node's machine is off; it needs zonestack:cluster (a self-managed cluster's nodes carry no providerID, and the local cluster's tests run the controller in process)")
	}
	return l.Err()
}

// validateGlobal checks a global stack: a federation and nothing else of a cluster's.
func (c *Config) validateGlobal() error {
	var l validation.List
	// The federation's own settings are checked by the component
	// (federation.FederationSpec.Validate, in internal/app/program).
	switch {
	case c.Federation == nil:
		l.Required("federation", "is required in a global stack: the service to federate and its member stacks")
	case c.Federation.DNS.Backend == federation.BackendCloudDNS && c.gcpProject == "":
		l.Required("gcp:project", "is required: the project of the Cloud DNS zone")
	}
	for _, k := range []struct {
		set  bool
		name string
	}{{c.Cluster != nil, "cluster"}, {c.SelfManaged != nil, "selfManaged"}, {c.NodePools != nil, "nodePools"}, {c.SystemPool != nil, "systemPool"}, {c.Storage != nil, "storage"},
		{c.Workloads != nil, "workloads"}, {c.Network != nil, "network"}, {c.VirtualNodes != nil, "virtualNodes"}, {len(c.Databases) > 0, "databases"},
		{len(c.Zones) > 0, "zones"}, {c.Fencing != nil, "fencing"}} {
		if k.set {
			l.Invalid(k.name, "set", "a global stack has no cluster of its own; it federates its members'")
		}
	}
	return l.Err()
}
