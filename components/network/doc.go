// Package network provides the Network component: an Alibaba Cloud VPC spread over the stack's
// zones, with one node vSwitch and one Terway pod vSwitch per zone, a security group for the
// cluster, and NAT egress: a gateway with an elastic IP and SNAT rules, one for the network or,
// with NatArgs.PerZone, one per zone with a route table of its own per zone.
//
// CIDRs come from the Args or are planned from one VPC CIDR (PlanAddresses). Overlapping ranges
// (between the VPC, the vSwitches and the Kubernetes service CIDR), a zone outside the region and
// every other bad input are reported together, before anything is registered.
//
// The component expects the "alicloud" provider, explicitly through pulumi.Provider or
// pulumi.ProviderMap on the component, or from the stack's default provider.
package network
