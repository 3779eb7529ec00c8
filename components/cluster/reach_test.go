package cluster_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"sigs.k8s.io/yaml"

	"github.com/zonestack/zonestack/components/cluster"
	"github.com/zonestack/zonestack/internal/app/offline"
	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

// providerKubeconfig is the kubeconfig a kubernetes provider was given, secret or not.
func providerKubeconfig(t *testing.T, rec *offline.Recorder, name string) string {
	t.Helper()
	prov, ok := rec.Named("pulumi:providers:kubernetes", name)
	if !ok {
		t.Fatalf("no kubernetes provider %s", name)
	}
	v := prov.Inputs["kubeconfig"]
	if !v.IsSecret() {
		t.Fatalf("provider %s: kubeconfig is not a secret", name)
	}
	for v.IsSecret() {
		v = v.SecretValue().Element
	}
	if !v.IsString() {
		t.Fatalf("provider %s: kubeconfig is %v", name, v)
	}
	return v.StringValue()
}

// server is a kubeconfig's only cluster's server and tls-server-name.
func server(t *testing.T, kubeconfig string) (string, string) {
	t.Helper()
	var doc struct {
		Clusters []struct {
			Cluster struct {
				Server        string `json:"server"`
				TLSServerName string `json:"tls-server-name"`
			} `json:"cluster"`
		} `json:"clusters"`
	}
	if err := yaml.Unmarshal([]byte(kubeconfig), &doc); err != nil || len(doc.Clusters) != 1 {
		t.Fatalf("kubeconfig does not parse to one cluster (%v)", err)
	}
	return doc.Clusters[0].Cluster.Server, doc.Clusters[0].Cluster.TLSServerName
}

// An ACK cluster's provider talks to the credential's (Internet) server, or, from inside the
// VPC, to the intranet endpoint with the same credential.
func TestAckProviderReachesTheEndpointOfItsRunner(t *testing.T) {
	for _, tt := range []struct {
		public, fromVPC bool
		want            string
	}{
		{true, false, "https://203.0.113.5:6443"},
		{false, true, "https://10.0.192.5:6443"},
		{true, true, "https://10.0.192.5:6443"},
	} {
		rec, err := offline.Record(func(ctx *pulumi.Context) error {
			a := validArgs()
			a.SecurityGroupID = pulumi.String("sg-1")
			a.PublicEndpoint, a.ProviderFromVPC = tt.public, tt.fromVPC
			_, err := cluster.NewAckCluster(ctx, "ack", &a)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		kc := providerKubeconfig(t, rec, "ack-k8s")
		if got, _ := server(t, kc); got != tt.want {
			t.Errorf("public %v, from the VPC %v: provider's server %s, want %s", tt.public, tt.fromVPC, got, tt.want)
		}
		if !strings.Contains(kc, "insecure-skip-tls-verify: true") || !strings.Contains(kc, "user: offline") {
			t.Errorf("the rewritten kubeconfig lost the credential's other fields:\n%s", kc)
		}
		ack, _ := rec.Named("alicloud:cs/managedKubernetes:ManagedKubernetes", "ack-ack")
		if ack.Inputs["slbInternetEnabled"].BoolValue() != tt.public {
			t.Errorf("slbInternetEnabled %v, want %v", ack.Inputs["slbInternetEnabled"], tt.public)
		}
	}
}

// A GKE cluster with a public endpoint accepts only its authorized networks; its provider talks
// to the public endpoint, or from inside the VPC to the private one (global access on).
func TestGkeClusterPublicEndpointAndProviderReach(t *testing.T) {
	for _, fromVPC := range []bool{false, true} {
		var kubeconfig, private offline.Output
		rec, err := offline.Record(func(ctx *pulumi.Context) error {
			a := gkeArgs()
			a.PublicEndpoint, a.AuthorizedNetworks, a.ProviderFromVPC = true, []string{"198.18.7.0/24"}, fromVPC
			c, err := cluster.NewGkeCluster(ctx, "cluster", &a)
			if err != nil {
				return err
			}
			if kubeconfig, err = offline.Await(ctx, c.Kubeconfig); err != nil {
				return err
			}
			private, err = offline.Await(ctx, c.Cluster.PrivateClusterConfig.PrivateEndpoint().Elem())
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		in := rec.ByType("gcp:container/cluster:Cluster")[0].Inputs
		pcc := in["privateClusterConfig"].ObjectValue()
		if pcc["enablePrivateEndpoint"].BoolValue() || !pcc["masterGlobalAccessConfig"].ObjectValue()["enabled"].BoolValue() {
			t.Errorf("private cluster config %v: want the public endpoint on and global access on", pcc)
		}
		blocks := in["masterAuthorizedNetworksConfig"].ObjectValue()["cidrBlocks"].ArrayValue()
		if len(blocks) != 1 || blocks[0].ObjectValue()["cidrBlock"].StringValue() != "198.18.7.0/24" {
			t.Errorf("authorized networks %v", blocks)
		}
		out, _ := server(t, kubeconfig.Value.(string))
		got, _ := server(t, providerKubeconfig(t, rec, "cluster-k8s"))
		if !strings.HasPrefix(out, "https://203.0.113.") {
			t.Errorf("kubeconfig output's server %s, want the public endpoint", out)
		}
		want := out
		if fromVPC {
			want = "https://" + private.Value.(string)
		}
		if got != want || (fromVPC && !strings.HasPrefix(got, "https://172.16.0.")) {
			t.Errorf("from the VPC %v: provider's server %s, want %s", fromVPC, got, want)
		}
	}
}

// A public endpoint with no authorized network lets no one outside the VPC in; a range reserved
// for examples is refused when the cluster is really created (this run is not a preview).
func TestGkeClusterRefusesAnEndpointNoOneReaches(t *testing.T) {
	a := gkeArgs()
	a.PublicEndpoint = true
	if err := a.Validate(); err == nil || !strings.Contains(err.Error(), "authorizedNetworks: is required with publicEndpoint") {
		t.Errorf("public endpoint without networks: %v", err)
	}
	_, err := offline.Record(func(ctx *pulumi.Context) error {
		a := gkeArgs()
		a.PublicEndpoint, a.AuthorizedNetworks = true, []string{"10.1.0.0/16", "203.0.113.0/24"}
		_, err := cluster.NewGkeCluster(ctx, "cluster", &a)
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "authorizedNetworks[1]: 203.0.113.0/24 is a range reserved for examples") {
		t.Errorf("an example range at up: %v", err)
	}
}

// A kubeadm control plane's public endpoint: an Internet-facing NLB beside the internal one, the
// masters behind it, a security group of its own that admits the authorized networks on 6443
// only, and a kubeconfig that reaches it while checking the certificate against the internal
// VIP's name, which the certificate holds.
func TestKubeadmPublicEndpoint(t *testing.T) {
	for _, fromVPC := range []bool{false, true} {
		a := kubeadmArgs()
		a.PublicEndpoint, a.AuthorizedNetworks, a.ProviderFromVPC = true, []string{"198.18.7.0/24", "198.18.9.4/32"}, fromVPC
		rec, kubeconfig := recordKubeadm(t, a)
		var public, internal offline.Registration
		for _, lb := range rec.ByType(rt.NlbLoadBalancer) {
			switch lb.Inputs["addressType"].StringValue() {
			case "Internet":
				public = lb
			case "Intranet":
				internal = lb
			}
		}
		if public.Name != "self-public-nlb" || internal.Name != "self-nlb" {
			t.Fatalf("NLBs %v", rec.ByType(rt.NlbLoadBalancer))
		}
		sgs := public.Inputs["securityGroupIds"].ArrayValue()
		if len(sgs) != 1 || len(public.Inputs["zoneMappings"].ArrayValue()) != 3 {
			t.Errorf("public NLB %v: want one security group and the three zones", public.Inputs)
		}
		var sources []string
		for _, r := range rec.ByType("alicloud:ecs/securityGroupRule:SecurityGroupRule") {
			in := r.Inputs
			if in["type"].StringValue() != "ingress" || in["portRange"].StringValue() != "6443/6443" || in["ipProtocol"].StringValue() != "tcp" {
				t.Errorf("%s: %v, want ingress tcp 6443 only", r.Name, in)
			}
			sources = append(sources, in["cidrIp"].StringValue())
		}
		slices.Sort(sources)
		if !slices.Equal(sources, a.AuthorizedNetworks) {
			t.Errorf("the public endpoint admits %v, want %v", sources, a.AuthorizedNetworks)
		}
		var behind int
		for _, r := range rec.ByType(rt.NlbServerGroupServerAttachment) {
			if strings.HasSuffix(r.Name, "-public-backend") {
				behind++
			}
		}
		if behind != 3 {
			t.Errorf("%d masters behind the public NLB, want 3", behind)
		}
		pubServer, pubName := server(t, kubeconfig.Value.(string))
		if !strings.HasPrefix(pubServer, "https://self-public-nlb") || !strings.HasSuffix(pubServer, ".nlb.aliyuncs.com:6443") {
			t.Errorf("kubeconfig output's server %s, want the public NLB", pubServer)
		}
		if !strings.Contains(pubName, "nlb.aliyuncs.com") || strings.Contains(pubName, "public") {
			t.Errorf("kubeconfig output's tls-server-name %q, want the internal NLB's name", pubName)
		}
		got, gotName := server(t, providerKubeconfig(t, rec, "self-k8s"))
		if fromVPC && (strings.Contains(got, "public") || gotName != "") {
			t.Errorf("from the VPC the provider reaches %s (%s), want the internal VIP", got, gotName)
		}
		if !fromVPC && (got != pubServer || gotName != pubName) {
			t.Errorf("the provider reaches %s (%s), want the public endpoint", got, gotName)
		}
	}
}

func TestKubeadmPublicEndpointRules(t *testing.T) {
	for _, tt := range []struct {
		set  func(*cluster.KubeadmClusterArgs)
		want string
	}{
		{func(a *cluster.KubeadmClusterArgs) { a.PublicEndpoint = true }, "authorizedNetworks: is required with publicEndpoint"},
		{func(a *cluster.KubeadmClusterArgs) {
			a.PublicEndpoint, a.AuthorizedNetworks, a.VIP = true, []string{"198.18.7.0/24"}, cluster.VIPKeepalived
		}, "publicEndpoint: needs vip nlb"},
		{func(a *cluster.KubeadmClusterArgs) { a.AuthorizedNetworks = []string{"198.18.7.0/24"} }, "limits the public endpoint, and there is none"},
		{func(a *cluster.KubeadmClusterArgs) {
			a.PublicEndpoint, a.AuthorizedNetworks = true, []string{"198.18.7.1/24"}
		}, "authorizedNetworks[0]: must be an IPv4 CIDR"},
	} {
		a := kubeadmArgs()
		tt.set(&a)
		if _, err := cluster.PlanKubeadm(a); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("want %q, got %v", tt.want, err)
		}
	}
	_, err := offline.Record(func(ctx *pulumi.Context) error {
		a := kubeadmArgs()
		a.PublicEndpoint, a.AuthorizedNetworks = true, []string{"192.0.2.0/24"}
		_, err := cluster.NewKubeadmCluster(ctx, "self", &a)
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "192.0.2.0/24 is a range reserved for examples") {
		t.Errorf("an example range at up: %v", err)
	}
}
