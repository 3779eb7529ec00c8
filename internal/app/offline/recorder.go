package offline

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

// Registration is one resource as the program registered it.
type Registration struct {
	URN      string
	Type     string
	Name     string
	Parent   string // the parent's URN; empty for children of the stack
	Custom   bool   // false for component resources
	Provider string // the provider reference "urn::id", for custom resources that name one
	Version  string // the provider plugin version the resource pins
	Protect  bool
	// RetainOnDelete keeps the cloud resource when Pulumi deletes it.
	RetainOnDelete bool
	// DeleteBeforeReplace deletes the old resource before its replacement is created.
	DeleteBeforeReplace bool
	Inputs              resource.PropertyMap
	Dependencies        []string // URNs
	Aliases             []string // alias URNs, when a resource was renamed
	IgnoreChanges       []string // input properties whose changes the engine ignores
	// CreateTimeout and UpdateTimeout are the resource's custom timeouts ("5m"), empty for the
	// provider's own.
	CreateTimeout, UpdateTimeout string
	ID                           string // the stand-in ID the recorder gave a custom resource
}

// ProviderURN is the URN of the provider the resource names, without the ID its reference
// carries ("urn::id"); empty when it names none.
func (r Registration) ProviderURN() string {
	if i := strings.LastIndex(r.Provider, "::"); i > 0 {
		return r.Provider[:i]
	}
	return r.Provider
}

// Invocation is one provider function call.
type Invocation struct {
	Token    string
	Args     resource.PropertyMap
	Provider string
}

// Recorder is a pulumi.MockResourceMonitor that records what is registered and invoked. Its
// zero value is not usable; use NewRecorder.
type Recorder struct {
	project, stack string

	mu            sync.Mutex
	registrations []Registration
	invocations   []Invocation
	// index finds a registration by URN.
	index map[string]int
	// fx answers the alicloud functions of the pre-flight; nil means DefaultFixture.
	fx *Fixture
}

// NewRecorder returns a recorder for a project and stack; the names go into URNs.
func NewRecorder(project, stack string, opts ...Option) *Recorder {
	r := &Recorder{project: project, stack: stack}
	for _, o := range opts {
		o(r)
	}
	return r
}

// NewResource records a registration and returns a stand-in ID and state.
func (r *Recorder) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	reg := Registration{
		Type:     args.TypeToken,
		Name:     args.Name,
		Custom:   args.Custom,
		Provider: args.Provider,
		Inputs:   args.Inputs,
	}
	if rpc := args.RegisterRPC; rpc != nil {
		reg.Parent = rpc.GetParent()
		reg.Version = rpc.GetVersion()
		reg.Protect = rpc.GetProtect()
		reg.RetainOnDelete = rpc.GetRetainOnDelete()
		reg.DeleteBeforeReplace = rpc.GetDeleteBeforeReplace()
		reg.IgnoreChanges = rpc.GetIgnoreChanges()
		if t := rpc.GetCustomTimeouts(); t != nil {
			reg.CreateTimeout, reg.UpdateTimeout = t.GetCreate(), t.GetUpdate()
		}
		reg.Dependencies = append([]string(nil), rpc.GetDependencies()...)
		sort.Strings(reg.Dependencies)
	}
	if rpc := args.ReadRPC; rpc != nil {
		// A read (a StackReference): its parent and provider come with the read.
		reg.Parent = rpc.GetParent()
	}
	reg.URN = r.urn(reg.Parent, reg.Type, reg.Name)
	if rpc := args.RegisterRPC; rpc != nil {
		reg.Aliases = r.aliases(reg, rpc.GetAliases())
	}
	state := args.Inputs
	if reg.Custom {
		reg.ID = args.Name + "-id"
		if strings.HasPrefix(reg.Type, rt.ProviderPrefix) {
			reg.ID = "provider-" + args.Name
		}
		if s, ok := alicloudStateFor(reg.Type, reg.Name, args.Inputs, r.fx); ok {
			state = s
		}
	}
	// A StackReference arrives as a read, not a custom registration, yet its outputs are
	// generated like any other resource's.
	if reg.Custom || reg.Type == rt.StackReference {
		if s, ok := generatedState(reg.Type, reg.Name, state); ok {
			state = s
		}
	}
	r.mu.Lock()
	if r.index == nil {
		r.index = map[string]int{}
	}
	r.index[reg.URN] = len(r.registrations)
	r.registrations = append(r.registrations, reg)
	r.mu.Unlock()
	return reg.ID, state, nil
}

// Call records an invoke and answers it with the stand-in for the cloud's answer: the
// pre-flight's functions (getZones, getInstanceTypes, getImages, getKubernetesVersion) from the
// recorder's fixture, in the region of the provider the invoke names.
func (r *Recorder) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	r.mu.Lock()
	r.invocations = append(r.invocations, Invocation{Token: args.Token, Args: args.Args, Provider: args.Provider})
	r.mu.Unlock()
	if out, ok := alicloudInvoke(args.Token, args.Args); ok {
		return out, nil
	}
	fx := r.fx
	if fx == nil {
		fx = defaultFixture()
	}
	if out, ok, err := fx.answer(args.Token, r.providerRegion(args.Provider), args.Args); ok {
		return out, err
	}
	return nil, fmt.Errorf("offline: no stand-in answer for function %s", args.Token)
}

// providerRegion is the region input of the provider a reference ("urn::id") names, "" if it
// names none or none with a region.
func (r *Recorder) providerRegion(ref string) string {
	urn := Registration{Provider: ref}.ProviderURN()
	r.mu.Lock()
	defer r.mu.Unlock()
	if i, ok := r.index[urn]; ok {
		if v := r.registrations[i].Inputs["region"]; v.IsString() {
			return v.StringValue()
		}
	}
	return ""
}

// urn is the URN the SDK's mock monitor gives: the parent's type, not its name, is part of it.
func (r *Recorder) urn(parent, typ, name string) string {
	parentType := tokens.Type("")
	if p := resource.URN(parent); p != "" && p.QualifiedType() != resource.RootStackType {
		parentType = p.QualifiedType()
	}
	return string(resource.NewURN(tokens.QName(r.stack), tokens.PackageName(r.project), parentType, tokens.Type(typ), name))
}

// aliases are the URNs a registration answers to besides its own, as the engine computes them:
// each alias spec with the registration's own name, type and parent filling what it leaves out,
// and every alias of the parent carried down to the child. A child whose name starts with its
// parent's name takes the parent alias's name as that prefix (the rule of the Go SDK's
// inheritedChildAlias, which the engine applies when it receives alias specs).
func (r *Recorder) aliases(reg Registration, specs []*pulumirpc.Alias) []string {
	type nameType struct{ name, typ string }
	// own are the names and types the resource answers to under its own parent.
	own := []nameType{{reg.Name, reg.Type}}
	var out []string
	for _, a := range specs {
		if urn := a.GetUrn(); urn != "" {
			out = append(out, urn)
			continue
		}
		spec := a.GetSpec()
		if spec == nil {
			continue
		}
		nt, parent := nameType{reg.Name, reg.Type}, reg.Parent
		if spec.GetName() != "" {
			nt.name = spec.GetName()
		}
		if spec.GetType() != "" {
			nt.typ = spec.GetType()
		}
		switch {
		case spec.GetNoParent():
			parent = ""
		case spec.GetParentUrn() != "":
			parent = spec.GetParentUrn()
		}
		out = append(out, r.urn(parent, nt.typ, nt.name))
		if parent == reg.Parent {
			own = append(own, nt)
		}
	}
	r.mu.Lock()
	var parentAliases []string
	var parentName string
	if i, ok := r.index[reg.Parent]; ok {
		parentAliases, parentName = slices.Clone(r.registrations[i].Aliases), r.registrations[i].Name
	}
	r.mu.Unlock()
	// Every alias of the parent, crossed with every name and type the child answers to.
	for _, pa := range parentAliases {
		for _, nt := range own {
			name := nt.name
			if rest, ok := strings.CutPrefix(nt.name, parentName); ok {
				name = resource.URN(pa).Name() + rest
			}
			out = append(out, r.urn(pa, nt.typ, name))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Registrations returns what was registered, in registration order.
func (r *Recorder) Registrations() []Registration {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Registration(nil), r.registrations...)
}

// Invocations returns the invokes, in order.
func (r *Recorder) Invocations() []Invocation {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Invocation(nil), r.invocations...)
}

// ByType returns the registrations of one type token.
func (r *Recorder) ByType(token string) []Registration {
	var out []Registration
	for _, reg := range r.Registrations() {
		if reg.Type == token {
			out = append(out, reg)
		}
	}
	return out
}

// Named returns the registration with the given type and name, or false.
func (r *Recorder) Named(token, name string) (Registration, bool) {
	for _, reg := range r.Registrations() {
		if reg.Type == token && reg.Name == name {
			return reg, true
		}
	}
	return Registration{}, false
}

// VSwitchZones maps each registered vSwitch's stand-in ID to its zone: how the checks and
// reports find the zone of a resource that names a vSwitch.
func (r *Recorder) VSwitchZones() map[string]string {
	out := map[string]string{}
	for _, sw := range r.ByType(rt.VpcSwitch) {
		if z := sw.Inputs["zoneId"]; z.IsString() {
			out[sw.ID] = z.StringValue()
		}
	}
	return out
}
