package ackapi

// Names ACK's virtual nodes, scheduler and Cloud Controller Manager read.
const (
	// VirtualNodeTaintKey is the taint every ACK virtual node carries, with value
	// VirtualNodeTaintValue and effect NoSchedule.
	VirtualNodeTaintKey   = "virtual-kubelet.io/provider"
	VirtualNodeTaintValue = "alibabacloud"
	// VirtualNodeLabelKey=VirtualNodeLabelValue is the label of every virtual node; ACK's
	// "ECI only" recipe selects it by node affinity.
	VirtualNodeLabelKey   = "type"
	VirtualNodeLabelValue = "virtual-kubelet"

	// ECILabel set to "true" on a pod or its namespace sends the pod to ECI through the
	// eci-profile's default selectors.
	ECILabel = "alibabacloud.com/eci"

	// ECIProfileNamespace/ECIProfileName is the ConfigMap ack-virtual-node reads, hot, for the
	// ECI pods' vSwitches, security group and selectors.
	ECIProfileNamespace = "kube-system"
	ECIProfileName      = "eci-profile"

	// AutoscaledNodeLabel=AutoscaledNodeLabelValue is on the nodes of an autoscaled node pool;
	// ACK's system components (CoreDNS, metrics-server) keep off them, so that the autoscaler
	// can remove such nodes (the provider's cs_kubernetes_node_pool docs, v1.285.0).
	AutoscaledNodeLabel      = "k8s.aliyun.com"
	AutoscaledNodeLabelValue = "true"

	// NamespaceNameLabel is set by the API server on every namespace (Kubernetes 1.21+), so a
	// selector can name a namespace without anyone labelling it.
	NamespaceNameLabel = "kubernetes.io/metadata.name"
)

// Annotations and class of a LoadBalancer Service on ACK (Cloud Controller Manager).
const (
	// LBAddressTypeAnnotation is "internet" or "intranet".
	LBAddressTypeAnnotation = "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type"
	// LBSpecAnnotation is a CLB (SLB) instance spec such as slb.s1.small.
	LBSpecAnnotation = "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-spec"
	// LBChargeTypeAnnotation is "paybyspec" or "paybybandwidth" for a CLB; NLB has none.
	LBChargeTypeAnnotation = "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-charge-type"
	// CLBMasterZoneAnnotation and CLBBackupZoneAnnotation are the zones a CLB is created in: it
	// serves from the master and fails over to the backup (the CCM's "slave") when the master's
	// zone fails. The CCM sets them at creation only and refuses a later change of either
	// (cloud-provider-alibaba-cloud, pkg/controller/service/clbv1/loadbalancer.go, Update: "can not
	// change LoadBalancer master zone id once created").
	CLBMasterZoneAnnotation = "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-master-zoneid"
	CLBBackupZoneAnnotation = "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-slave-zoneid"
	// NLBZoneMapsAnnotation lists "zone:vSwitch" pairs an NLB spans, comma-separated.
	NLBZoneMapsAnnotation = "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-zone-maps"
	// NLBClass is the loadBalancerClass that makes the CCM create an NLB instead of a CLB.
	NLBClass = "alibabacloud.com/nlb"
)
