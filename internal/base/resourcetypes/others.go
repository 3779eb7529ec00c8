package resourcetypes

// GCP resources (pulumi-gcp).
const (
	GkeCluster   = "gcp:container/cluster:Cluster"
	GkeNodePool  = "gcp:container/nodePool:NodePool"
	DNSRecordSet = "gcp:dns/recordSet:RecordSet"
)

// Kubernetes objects (pulumi-kubernetes), and its provider.
const (
	KubernetesProvider = "pulumi:providers:kubernetes"
	K8sNamespace       = "kubernetes:core/v1:Namespace"
	K8sConfigMapPatch  = "kubernetes:core/v1:ConfigMapPatch"
	K8sService         = "kubernetes:core/v1:Service"
	K8sDeployment      = "kubernetes:apps/v1:Deployment"
	K8sStatefulSet     = "kubernetes:apps/v1:StatefulSet"
	K8sPriorityClass   = "kubernetes:scheduling.k8s.io/v1:PriorityClass"
	K8sStorageClass    = "kubernetes:storage.k8s.io/v1:StorageClass"
)
