// Package preflight asks the cloud, before an alicloud stack registers anything but its
// provider, whether what the stack file names still exists and is still sold: the zones of the
// region (and whether ECS can create vSwitches and instances in them now), the instance types and
// disk categories of each zone's node pool, the ACK version the cluster pins, and the image of a
// self-managed cluster. Those facts change with time and stock, so no offline rule can hold them.
//
// The package has two parts. Check is pure: given the stack config, its planned pools and the
// cloud's answers (Facts), it returns every problem at once, each under the field path of the
// stack file, like the program's other validation errors. Run is thin: it makes the invokes,
// through the stack's explicit regional provider and in the synchronous forms, so that a refusal
// comes before any resource is registered, and hands the answers to Check.
//
// Per stack Run makes one getZones call (with details: the zones, what can be created in each,
// and the instance types and disk categories each sells, which covers every zone's pool at once),
// one getKubernetesVersion call when the cluster pins a version, and one getImages call by ID for
// a self-managed cluster (a second, for the image's family, only to say what is offered instead
// when the image is gone). Offline the answers come from internal/app/offline's fixture.
package preflight
