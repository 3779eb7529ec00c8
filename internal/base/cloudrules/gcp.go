package cloudrules

import (
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

// Gcp holds the rules of every gcp resource and the provider zonestack registers. The provider's
// source is terraform-provider-google v5.42.0, the upstream of pulumi-gcp 7.38.0; its files are
// cited by name ("resource_container_cluster.go"), and the GKE and Cloud DNS API references where
// the provider passes a value through unchecked.
var Gcp = Table{
	rt.GcpProvider: {
		"project": Matches("provider.go v5.42.0: project, Optional (GOOGLE_PROJECT); Resource Manager: a project ID is 6 to 30 lower-case letters, digits or '-', starting with a letter, not ending with '-'", gcpProjectID, 30),
		"region":  Matches("provider.go v5.42.0: region, Optional (GOOGLE_REGION): a Compute Engine region such as us-central1", gcpRegion, 0),
		"version": Free("the plugin version the program pins (GCPProviderVersion)", "a version of ours"),
	},
	rt.GcpNetwork: {
		"name":                  Matches("resource_compute_network.go v5.42.0: name, Required, ForceNew, ValidateGCEName (RFC 1035: 1 to 63, [a-z]([-a-z0-9]*[a-z0-9])?)", gceName, 63).Replaces(),
		"project":               Matches("resource_compute_network.go v5.42.0: project, Optional, Computed, ForceNew", gcpProjectID, 30).Replaces(),
		"autoCreateSubnetworks": Free("resource_compute_network.go v5.42.0: auto_create_subnetworks, Optional, ForceNew, Default true", "a switch").Replaces(),
		"routingMode":           OneOf("resource_compute_network.go v5.42.0: routing_mode, Optional, Computed, updatable, ValidateEnum REGIONAL, GLOBAL", "REGIONAL", "GLOBAL"),
	},
	rt.GcpSubnetwork: {
		"name":                            Matches("resource_compute_subnetwork.go v5.42.0: name, Required, ForceNew, ValidateGCEName", gceName, 63).Replaces(),
		"project":                         Matches("resource_compute_subnetwork.go v5.42.0: project, Optional, Computed, ForceNew", gcpProjectID, 30).Replaces(),
		"region":                          Matches("resource_compute_subnetwork.go v5.42.0: region, Optional, Computed, ForceNew", gcpRegion, 0).Replaces(),
		"network":                         Ref("resource_compute_subnetwork.go v5.42.0: network, Required, ForceNew (name or self link)").Replaces(),
		"ipCidrRange":                     Matches("resource_compute_subnetwork.go v5.42.0: ip_cidr_range, Required, ValidateIpCidrRange; updatable by expanding (a shrink replaces it, by its CustomizeDiff)", ipv4CIDR, 0),
		"privateIpGoogleAccess":           Free("resource_compute_subnetwork.go v5.42.0: private_ip_google_access, Optional, Computed, updatable", "a switch"),
		"secondaryIpRanges[].rangeName":   Matches("resource_compute_subnetwork.go v5.42.0: secondary_ip_range.range_name, Required, ValidateGCEName; secondary_ip_range updatable in place (the ranges GKE's cluster names are kept, GcpPodRange and GcpServiceRange)", gceName, 63),
		"secondaryIpRanges[].ipCidrRange": Matches("resource_compute_subnetwork.go v5.42.0: secondary_ip_range.ip_cidr_range, Required, ValidateIpCidrRange", ipv4CIDR, 0),
	},
	rt.GcpRouter: {
		"name":    Matches("resource_compute_router.go v5.42.0: name, Required, ForceNew, ValidateGCEName", gceName, 63).Replaces(),
		"project": Matches("resource_compute_router.go v5.42.0: project, Optional, Computed, ForceNew", gcpProjectID, 30).Replaces(),
		"region":  Matches("resource_compute_router.go v5.42.0: region, Optional, Computed, ForceNew", gcpRegion, 0).Replaces(),
		"network": Ref("resource_compute_router.go v5.42.0: network, Required, ForceNew").Replaces(),
	},
	rt.GcpRouterNat: {
		"name":                          Matches("resource_compute_router_nat.go v5.42.0: name, Required, ForceNew, ValidateRFC1035Name(2, 63)", `[a-z]([-a-z0-9]{0,61}[a-z0-9])`, 63).Replaces(),
		"project":                       Matches("resource_compute_router_nat.go v5.42.0: project, Optional, Computed, ForceNew", gcpProjectID, 30).Replaces(),
		"region":                        Matches("resource_compute_router_nat.go v5.42.0: region, Optional, Computed, ForceNew", gcpRegion, 0).Replaces(),
		"router":                        Ref("resource_compute_router_nat.go v5.42.0: router, Required, ForceNew: the Router's name").Replaces(),
		"natIpAllocateOption":           OneOf("resource_compute_router_nat.go v5.42.0: nat_ip_allocate_option, Optional, updatable, ValidateEnum MANUAL_ONLY, AUTO_ONLY", "MANUAL_ONLY", "AUTO_ONLY"),
		"sourceSubnetworkIpRangesToNat": OneOf("resource_compute_router_nat.go v5.42.0: source_subnetwork_ip_ranges_to_nat, Required, updatable, ValidateEnum", "ALL_SUBNETWORKS_ALL_IP_RANGES", "ALL_SUBNETWORKS_ALL_PRIMARY_IP_RANGES", "LIST_OF_SUBNETWORKS"),
	},
	rt.GkeCluster: {
		"name":                  Matches("resource_container_cluster.go v5.42.0: name, Required, ForceNew; its ValidateFunc: at most 40 characters, only lower-case letters, digits and '-', starting with a letter, ending with a letter or digit", GkeName, 40).Replaces(),
		"project":               Matches("resource_container_cluster.go v5.42.0: project, Optional, Computed, ForceNew", gcpProjectID, 30).Replaces(),
		"location":              Matches("resource_container_cluster.go v5.42.0: location, Optional, Computed, ForceNew: a region (regional cluster) or zone", gcpRegion+`(-[a-z])?`, 0).Replaces(),
		"network":               Ref("resource_container_cluster.go v5.42.0: network, Optional, Default \"default\", ForceNew (name or self link)").Replaces(),
		"subnetwork":            Ref("resource_container_cluster.go v5.42.0: subnetwork, Optional, Computed, ForceNew").Replaces(),
		"networkingMode":        OneOf("resource_container_cluster.go v5.42.0: networking_mode, Optional, Computed, ForceNew, StringInSlice VPC_NATIVE, ROUTES", "VPC_NATIVE", "ROUTES").Replaces(),
		"removeDefaultNodePool": Free("resource_container_cluster.go v5.42.0: remove_default_node_pool, Optional, acted on at creation only", "a switch"),
		"initialNodeCount":      AtLeast("resource_container_cluster.go v5.42.0: initial_node_count, Optional, ForceNew: the default pool's nodes per zone, at least 1 alongside remove_default_node_pool", 1).Replaces(),
		"deletionProtection":    Free("resource_container_cluster.go v5.42.0: deletion_protection, Optional, Default true, a Terraform-side switch: a delete of the cluster fails while it is true", "a switch"),
		"minMasterVersion":      Matches("resource_container_cluster.go v5.42.0: min_master_version, Optional, updatable (an upgrade); GKE versions are 1.X, 1.X.Y or 1.X.Y-gke.N, or latest", `latest|1\.[0-9]+(\.[0-9]+(-gke\.[0-9]+)?)?`, 0),
		"resourceLabels":        Free("resource_container_cluster.go v5.42.0: resource_labels, TypeMap, Optional, updatable", "the stack's tags"),
		"ipAllocationPolicy.clusterSecondaryRangeName":          Matches("resource_container_cluster.go v5.42.0: ip_allocation_policy (ForceNew).cluster_secondary_range_name, Optional, Computed, ForceNew: an existing secondary range of the subnetwork", gceName, 63).Replaces(),
		"ipAllocationPolicy.servicesSecondaryRangeName":         Matches("resource_container_cluster.go v5.42.0: ip_allocation_policy (ForceNew).services_secondary_range_name, Optional, Computed, ForceNew", gceName, 63).Replaces(),
		"privateClusterConfig.enablePrivateNodes":               Free("resource_container_cluster.go v5.42.0: private_cluster_config.enable_private_nodes, Optional, ForceNew", "a switch").Replaces(),
		"privateClusterConfig.masterGlobalAccessConfig.enabled": Free("resource_container_cluster.go v5.42.0: private_cluster_config.master_global_access_config.enabled, Required in its block (MaxItems 1, Optional, Computed), updatable (UpdateCluster with DesiredPrivateClusterConfig)", "a switch"),
		"privateClusterConfig.enablePrivateEndpoint":            Free("resource_container_cluster.go v5.42.0: private_cluster_config.enable_private_endpoint, Optional, updatable (not ForceNew at 5.42.0)", "a switch"),
		"privateClusterConfig.masterIpv4CidrBlock":              Matches("resource_container_cluster.go v5.42.0: private_cluster_config.master_ipv4_cidr_block, Optional, Computed, ForceNew, OrEmpty(IsCIDRNetwork(28, 28)): a /28", ipv4Prefix+`/28`, 0).Replaces(),
		"masterAuthorizedNetworksConfig.cidrBlocks[].cidrBlock": Matches("resource_container_cluster.go v5.42.0: master_authorized_networks_config.cidr_blocks.cidr_block, Required, IsCIDRNetwork(0, 32); the block is updatable", ipv4CIDR, 0),
		"releaseChannel.channel":                                OneOf("resource_container_cluster.go v5.42.0: release_channel.channel, Required, updatable, StringInSlice UNSPECIFIED, RAPID, REGULAR, STABLE (EXTENDED was added in 5.43.0, CHANGELOG.md 5.43.0: container: added EXTENDED as a valid option for release_channel)", GkeReleaseChannels...),
		"workloadIdentityConfig.workloadPool":                   Matches("resource_container_cluster.go v5.42.0: workload_identity_config.workload_pool, Optional, updatable; GKE: <project>.svc.id.goog", gcpProjectID+`\.svc\.id\.goog`, 0),
	},
	rt.GkeNodePool: {
		"name":             Matches("resource_container_node_pool.go v5.42.0: name, Optional, Computed, ForceNew, no ValidateFunc; the GKE API (error on node_pool.name, pulumi/pulumi-gcp#1510): regex [a-z]([-a-z0-9]{0,38}[a-z0-9])?, at most 40 characters", GkeName, 40).Replaces(),
		"project":          Matches("resource_container_node_pool.go v5.42.0: project, Optional, Computed, ForceNew", gcpProjectID, 30).Replaces(),
		"cluster":          Ref("resource_container_node_pool.go v5.42.0: cluster, Required, ForceNew: the cluster's name").Replaces(),
		"location":         Matches("resource_container_node_pool.go v5.42.0: location, Optional, Computed, ForceNew: the cluster's location", gcpRegion+`(-[a-z])?`, 0).Replaces(),
		"nodeLocations":    Matches("resource_container_node_pool.go v5.42.0: node_locations, TypeSet, Optional, Computed, updatable: zones of the cluster's region", gcpRegion+`-[a-z]`, 0),
		"initialNodeCount": AtLeast("resource_container_node_pool.go v5.42.0: initial_node_count, Optional, Computed, ForceNew (the program ignores its changes)", 0).Replaces(),
		"autoscaling.minNodeCount": Func("resource_container_node_pool.go v5.42.0: autoscaling.min_node_count, Optional, IntAtLeast(0), updatable; GKE: not above max_node_count", func(v resource.PropertyValue, in resource.PropertyMap) error {
			return atMostMax(v, in)
		}),
		"autoscaling.maxNodeCount":                                    AtLeast("resource_container_node_pool.go v5.42.0: autoscaling.max_node_count, Optional, IntAtLeast(0), updatable; GKE: at least 1 per zone", 1),
		"management.autoRepair":                                       OneOf("resource_container_node_pool.go v5.42.0: management.auto_repair, Optional, Default true, updatable; GKE (release channels): the nodes of a cluster enrolled in a release channel must keep auto-repair and auto-upgrade on, and every GkeCluster is enrolled", "true"),
		"management.autoUpgrade":                                      OneOf("resource_container_node_pool.go v5.42.0: management.auto_upgrade, Optional, Default true, updatable; GKE: required on for a cluster in a release channel", "true"),
		"nodeConfig.machineType":                                      Matches("node_config.go v5.42.0: machine_type, Optional, Computed, updatable in place (node pool update, nodes recreated by surge upgrade); a Compute Engine machine type such as n2-standard-8", `[a-z][a-z0-9]*-[a-z0-9-]+`, 0),
		"nodeConfig.diskType":                                         OneOf("node_config.go v5.42.0: disk_type, Optional, Computed, updatable in place; GKE boot disks: pd-standard, pd-balanced, pd-ssd, pd-extreme, hyperdisk-balanced", "pd-standard", "pd-balanced", "pd-ssd", "pd-extreme", "hyperdisk-balanced"),
		"nodeConfig.diskSizeGb":                                       AtLeast("node_config.go v5.42.0: disk_size_gb, Optional, Computed, IntAtLeast(10), updatable in place", 10),
		"nodeConfig.spot":                                             Free("node_config.go v5.42.0: spot, Optional, Default false, ForceNew: Spot VMs, which Compute Engine may reclaim at any time; zonestack names a spot pool <name>-spot, so turning it on or off creates the new pool before the old one is deleted", "a switch").Replaces(),
		"nodeConfig.imageType":                                        OneOf("node_config.go v5.42.0: image_type, Optional, Computed, CaseDiffSuppress, updatable; GKE node images", "COS_CONTAINERD", "UBUNTU_CONTAINERD", "WINDOWS_LTSC_CONTAINERD", "WINDOWS_SAC_CONTAINERD"),
		"nodeConfig.labels":                                           Free("node_config.go v5.42.0: labels, TypeMap, Optional, Computed, updatable: Kubernetes node labels (zonestack's usage and zone labels)", "Kubernetes labels of ours"),
		"nodeConfig.resourceLabels":                                   Free("node_config.go v5.42.0: resource_labels, TypeMap, Optional, updatable", "the stack's tags"),
		"nodeConfig.taints[].key":                                     Text("node_config.go v5.42.0: taint.key, Required; taint is updatable in place at 5.42.0", "a Kubernetes taint key", 0),
		"nodeConfig.taints[].value":                                   Text("node_config.go v5.42.0: taint.value, Required", "a Kubernetes taint value", 0),
		"nodeConfig.taints[].effect":                                  OneOf("node_config.go v5.42.0: taint.effect, Required, StringInSlice NO_SCHEDULE, PREFER_NO_SCHEDULE, NO_EXECUTE", "NO_SCHEDULE", "PREFER_NO_SCHEDULE", "NO_EXECUTE"),
		"nodeConfig.oauthScopes":                                      Matches("node_config.go v5.42.0: oauth_scopes, TypeSet, Optional, Computed, ForceNew: scope URLs (or aliases)", `https://www\.googleapis\.com/auth/[a-z.-]+`, 0).Replaces(),
		"nodeConfig.workloadMetadataConfig.mode":                      OneOf("node_config.go v5.42.0: workload_metadata_config.mode, Required, StringInSlice MODE_UNSPECIFIED, GCE_METADATA, GKE_METADATA; updatable", "MODE_UNSPECIFIED", "GCE_METADATA", "GKE_METADATA"),
		"nodeConfig.shieldedInstanceConfig.enableSecureBoot":          Free("node_config.go v5.42.0: shielded_instance_config (ForceNew).enable_secure_boot, Optional, ForceNew, Default false", "a switch").Replaces(),
		"nodeConfig.shieldedInstanceConfig.enableIntegrityMonitoring": Free("node_config.go v5.42.0: shielded_instance_config (ForceNew).enable_integrity_monitoring, Optional, ForceNew, Default true", "a switch").Replaces(),
	},
	rt.DNSManagedZone: {
		"name":        Matches("resource_dns_managed_zone.go v5.42.0: name, Required, ForceNew; Cloud DNS managedZones: 1 to 63 lower-case letters, digits or '-', starting with a letter", gceName, 63).Replaces(),
		"project":     Matches("resource_dns_managed_zone.go v5.42.0: project, Optional, Computed, ForceNew", gcpProjectID, 30).Replaces(),
		"dnsName":     Matches("resource_dns_managed_zone.go v5.42.0: dns_name, Required, ForceNew: a DNS name ending in '.'", dnsName, 253).Replaces(),
		"description": Text("resource_dns_managed_zone.go v5.42.0: description, Optional, Default \"Managed by Terraform\", StringIsNotEmpty, updatable; Cloud DNS: at most 1024 characters", "a description", 1024),
		"visibility":  OneOf("resource_dns_managed_zone.go v5.42.0: visibility, Optional, ForceNew, Default public, ValidateEnum private, public", "public", "private").Replaces(),
	},
	rt.DNSRecordSet: {
		"managedZone": Ref("resource_dns_record_set.go v5.42.0: managed_zone, Required, ForceNew: the zone's name").Replaces(),
		"project":     Matches("resource_dns_record_set.go v5.42.0: project, Optional, Computed, ForceNew", gcpProjectID, 30).Replaces(),
		"name":        Matches("resource_dns_record_set.go v5.42.0: name, Required, ForceNew, validateRecordNameTrailingDot: a DNS name ending in '.'", dnsName, 253).Replaces(),
		"type":        OneOf("resource_dns_record_set.go v5.42.0: type, Required, updatable; the record types zonestack writes (Cloud DNS takes A, AAAA, CNAME, MX, TXT and others)", "A", "AAAA", "CNAME", "TXT"),
		"ttl":         Range("resource_dns_record_set.go v5.42.0: ttl, Optional, updatable; Cloud DNS resourceRecordSets ttl: seconds, 0 to 2147483647", 0, 2147483647),
		"rrdatas":     Text("resource_dns_record_set.go v5.42.0: rrdatas, TypeList of strings, Optional (ConflictsWith routing_policy), updatable: the record's data", "a record's data", 0),
	},
}

// GkeReleaseChannels are the channels resource_container_cluster.go v5.42.0 accepts other than
// UNSPECIFIED (which leaves a channel, and zonestack keeps every cluster in one).
var GkeReleaseChannels = []string{"RAPID", "REGULAR", "STABLE"}

// GkeName is what GKE accepts as a cluster or a node pool name: 1 to 40 lower-case letters,
// digits or '-', starting with a letter and ending with a letter or digit.
const GkeName = `[a-z]([-a-z0-9]{0,38}[a-z0-9])?`

const (
	gceName      = `[a-z]([-a-z0-9]{0,61}[a-z0-9])?`
	gcpProjectID = `[a-z][-a-z0-9]{4,28}[a-z0-9]`
	gcpRegion    = `[a-z]+-[a-z]+[0-9]+`
	ipv4Prefix   = `([0-9]{1,3}\.){3}[0-9]{1,3}`
	ipv4CIDR     = ipv4Prefix + `/[0-9]{1,2}`
	dnsName      = `(\*\.)?([a-z0-9_]([-a-z0-9_]{0,61}[a-z0-9])?\.)+`
)

func atMostMax(v resource.PropertyValue, in resource.PropertyMap) error {
	f, ok := number(Plain(v))
	if !ok || f < 0 {
		return Violated("must be a number of at least 0", v)
	}
	as := Plain(in["autoscaling"])
	if as.IsObject() {
		if m, ok := number(Plain(as.ObjectValue()["maxNodeCount"])); ok && f > m {
			return Violated("must not be above autoscaling.maxNodeCount", v)
		}
	}
	return nil
}
