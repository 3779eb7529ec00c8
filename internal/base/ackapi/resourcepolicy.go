package ackapi

// ResourcePolicyAPIVersion and ResourcePolicyKind identify ACK's ResourcePolicy.
const (
	ResourcePolicyAPIVersion = "scheduling.alibabacloud.com/v1alpha1"
	ResourcePolicyKind       = "ResourcePolicy"
)

// Unit resources of a ResourcePolicy.
const (
	UnitECS = "ecs"
	UnitECI = "eci"
)

// Policies of WhenTryNextUnits.
const (
	// LackResourceOrExceedMax (ACK's default) moves on when the unit is full or at max.
	LackResourceOrExceedMax = "LackResourceOrExceedMax"
	// TimeoutOrExceedMax waits up to Timeout for the unit (its node pools scaling out) first.
	TimeoutOrExceedMax = "TimeoutOrExceedMax"
	// ExceedMax moves on only at max; pods wait for node pools however long they take.
	ExceedMax = "ExceedMax"
	// LackResourceAndNoTerminating is LackResourceOrExceedMax that also waits for terminating
	// pods of the unit, for rolling updates.
	LackResourceAndNoTerminating = "LackResourceAndNoTerminating"
)

// ResourcePolicy orders where ACK's scheduler puts the pods it selects: units in order on
// scale-out, the reverse on scale-in (best effort).
type ResourcePolicy struct {
	APIVersion string             `json:"apiVersion"`
	Kind       string             `json:"kind"`
	Metadata   ObjectMeta         `json:"metadata"`
	Spec       ResourcePolicySpec `json:"spec"`
}

// ObjectMeta is the part of metadata zonestack sets on ACK's objects.
type ObjectMeta struct {
	Name        string            `json:"name"`
	Namespace   string            `json:"namespace,omitempty"`
	Labels      map[string]string `json:"labels,omitempty"`
	Annotations map[string]string `json:"annotations,omitempty"`
}

// ResourcePolicySpec is the documented spec of a ResourcePolicy.
type ResourcePolicySpec struct {
	// Selector picks the policy's pods by label in its namespace; empty selects them all.
	Selector map[string]string `json:"selector,omitempty"`
	// Strategy is "prefer", the only one.
	Strategy string `json:"strategy"`
	Units    []Unit `json:"units"`
	// PreemptPolicy is AfterAllUnits (default) or BeforeNextUnit.
	PreemptPolicy        string            `json:"preemptPolicy,omitempty"`
	IgnorePreviousPod    *bool             `json:"ignorePreviousPod,omitempty"`
	IgnoreTerminatingPod *bool             `json:"ignoreTerminatingPod,omitempty"`
	MatchLabelKeys       []string          `json:"matchLabelKeys,omitempty"`
	WhenTryNextUnits     *WhenTryNextUnits `json:"whenTryNextUnits,omitempty"`
}

// Unit is one place pods may go: ECS nodes chosen by label, or ECI.
type Unit struct {
	// Resource is ecs, eci, elastic (deprecated) or acs.
	Resource     string            `json:"resource"`
	NodeSelector map[string]string `json:"nodeSelector,omitempty"`
	// Max caps the pods in the unit (scheduler 5.0+); nil is no cap.
	Max            *int              `json:"max,omitempty"`
	PodLabels      map[string]string `json:"podLabels,omitempty"`
	PodAnnotations map[string]string `json:"podAnnotations,omitempty"`
}

// WhenTryNextUnits says when a pod may use the next unit.
type WhenTryNextUnits struct {
	Policy string `json:"policy"`
	// Timeout is a duration such as "1m"; ACK's default is 15 minutes.
	Timeout string `json:"timeout,omitempty"`
}
