package resourcetypes

// ProviderPrefix starts the type of every explicit provider ("pulumi:providers:alicloud").
const ProviderPrefix = "pulumi:providers:"

// StackReference is the type of a StackReference, which a program reads rather than registers
// (the Pulumi SDK's).
const StackReference = "pulumi:pulumi:StackReference"

// GCP resources (pulumi-gcp), and its provider.
const (
	GcpProvider    = "pulumi:providers:gcp"
	GcpNetwork     = "gcp:compute/network:Network"
	GcpSubnetwork  = "gcp:compute/subnetwork:Subnetwork"
	GcpRouter      = "gcp:compute/router:Router"
	GcpRouterNat   = "gcp:compute/routerNat:RouterNat"
	GkeCluster     = "gcp:container/cluster:Cluster"
	GkeNodePool    = "gcp:container/nodePool:NodePool"
	DNSManagedZone = "gcp:dns/managedZone:ManagedZone"
	DNSRecordSet   = "gcp:dns/recordSet:RecordSet"
)

// KubernetesPrefix starts the type of every Kubernetes object (pulumi-kubernetes).
const KubernetesPrefix = "kubernetes:"

// KubernetesType is the type pulumi-kubernetes gives an object of apiVersion and kind, a custom
// resource's too: "kubernetes:<apiVersion>:<kind>", with the core group as "core/v1".
func KubernetesType(apiVersion, kind string) string {
	if apiVersion == "v1" {
		apiVersion = "core/v1"
	}
	return KubernetesPrefix + apiVersion + ":" + kind
}

// Kubernetes objects (pulumi-kubernetes), and its provider.
const (
	KubernetesProvider         = "pulumi:providers:kubernetes"
	K8sNamespace               = "kubernetes:core/v1:Namespace"
	K8sConfigMap               = "kubernetes:core/v1:ConfigMap"
	K8sConfigMapPatch          = "kubernetes:core/v1:ConfigMapPatch"
	K8sSecret                  = "kubernetes:core/v1:Secret"
	K8sService                 = "kubernetes:core/v1:Service"
	K8sPersistentVolumeClaim   = "kubernetes:core/v1:PersistentVolumeClaim"
	K8sDeployment              = "kubernetes:apps/v1:Deployment"
	K8sStatefulSet             = "kubernetes:apps/v1:StatefulSet"
	K8sPodDisruptionBudget     = "kubernetes:policy/v1:PodDisruptionBudget"
	K8sHorizontalPodAutoscaler = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler"
	K8sPriorityClass           = "kubernetes:scheduling.k8s.io/v1:PriorityClass"
	K8sStorageClass            = "kubernetes:storage.k8s.io/v1:StorageClass"
	K8sServiceAccount          = "kubernetes:core/v1:ServiceAccount"
	K8sClusterRole             = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole"
	K8sClusterRoleBinding      = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding"
	K8sRole                    = "kubernetes:rbac.authorization.k8s.io/v1:Role"
	K8sRoleBinding             = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding"
)

// Resources the random and tls providers compute on the machine that runs `pulumi up`
// (pulumi-random, pulumi-tls).
const (
	RandomPassword       = "random:index/randomPassword:RandomPassword"
	RandomString         = "random:index/randomString:RandomString"
	RandomID             = "random:index/randomId:RandomId"
	TLSPrivateKey        = "tls:index/privateKey:PrivateKey"
	TLSSelfSignedCert    = "tls:index/selfSignedCert:SelfSignedCert"
	TLSCertRequest       = "tls:index/certRequest:CertRequest"
	TLSLocallySignedCert = "tls:index/locallySignedCert:LocallySignedCert"
)
