package offline

import (
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	rt "github.com/zonestack/zonestack/internal/base/resourcetypes"
)

// GeneratedPlaceholder stands, offline, for a value a provider generates at `pulumi up`.
const GeneratedPlaceholder = "[generated at pulumi up]"

// generatedState is the stand-in state of a resource the random or tls provider computes: values
// of the right shape (a string of the asked length, a certificate that parses), derived from the
// resource's name so that a plan is the same every time, and secret where the provider's are.
// They are never real credentials: nothing offline reaches a machine.
func generatedState(typ, name string, inputs resource.PropertyMap) (resource.PropertyMap, bool) {
	seed := sha256.Sum256([]byte(typ + "/" + name))
	state := inputs.Copy()
	secret := func(s string) resource.PropertyValue { return resource.MakeSecret(resource.NewStringProperty(s)) }
	switch typ {
	case rt.RandomPassword:
		state["result"] = secret(GeneratedPlaceholder)
	case rt.RandomString:
		n := 16
		if l := inputs["length"]; l.IsNumber() {
			n = int(l.NumberValue())
		}
		const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[int(seed[i%len(seed)]+byte(i))%len(alphabet)]
		}
		state["result"] = secret(string(b))
	case rt.RandomID:
		n := 8
		if l := inputs["byteLength"]; l.IsNumber() {
			n = int(l.NumberValue())
		}
		b := make([]byte, n)
		for i := range b {
			b[i] = seed[i%len(seed)] ^ byte(i)
		}
		state["hex"] = resource.NewStringProperty(hex.EncodeToString(b))
		state["b64Std"] = resource.NewStringProperty(base64.StdEncoding.EncodeToString(b))
	case rt.TLSPrivateKey:
		key := ed25519.NewKeyFromSeed(seed[:])
		der, _ := x509.MarshalPKCS8PrivateKey(key)
		pub, _ := x509.MarshalPKIXPublicKey(key.Public())
		state["privateKeyPem"] = secret(string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})))
		state["publicKeyPem"] = resource.NewStringProperty(string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub})))
	case rt.TLSCertRequest:
		state["certRequestPem"] = resource.NewStringProperty(GeneratedPlaceholder)
	case rt.TLSSelfSignedCert, rt.TLSLocallySignedCert:
		state["certPem"] = resource.NewStringProperty(standInCert(seed, name))
	case rt.GkeCluster:
		// A private endpoint in the master range (an address from TEST-NET-3 for a public one, as
		// GKE reports endpoint), and a CA that parses.
		private := fmt.Sprintf("172.16.0.%d", 2+int(seed[0])%12)
		state["endpoint"] = resource.NewStringProperty(private)
		if pc := inputs["privateClusterConfig"]; pc.IsObject() {
			cfg := pc.ObjectValue().Copy()
			cfg["privateEndpoint"] = resource.NewStringProperty(private)
			if pe := cfg["enablePrivateEndpoint"]; pe.IsBool() && !pe.BoolValue() {
				public := fmt.Sprintf("203.0.113.%d", 1+int(seed[1])%254)
				cfg["publicEndpoint"] = resource.NewStringProperty(public)
				state["endpoint"] = resource.NewStringProperty(public)
			}
			state["privateClusterConfig"] = resource.NewObjectProperty(cfg)
		}
		state["masterAuth"] = resource.NewObjectProperty(resource.PropertyMap{
			"clusterCaCertificate": resource.NewStringProperty(base64.StdEncoding.EncodeToString([]byte(standInCert(seed, name)))),
		})
	case rt.K8sService:
		// A LoadBalancer Service gets an address from the cloud: one from TEST-NET-2.
		if t := inputs["spec"]; t.IsObject() && t.ObjectValue()["type"].IsString() && t.ObjectValue()["type"].StringValue() == "LoadBalancer" {
			state["status"] = resource.NewObjectProperty(resource.PropertyMap{"loadBalancer": resource.NewObjectProperty(resource.PropertyMap{
				"ingress": resource.NewArrayProperty([]resource.PropertyValue{resource.NewObjectProperty(resource.PropertyMap{
					"ip": resource.NewStringProperty(fmt.Sprintf("198.51.100.%d", 1+int(seed[0])%254)),
				})}),
			})})
		}
	case rt.K8sDeployment:
		// A Deployment the provider awaited has its replicas ready.
		replicas := resource.NewNumberProperty(1)
		if sp := inputs["spec"]; sp.IsObject() && sp.ObjectValue()["replicas"].IsNumber() {
			replicas = sp.ObjectValue()["replicas"]
		}
		state["status"] = resource.NewObjectProperty(resource.PropertyMap{"readyReplicas": replicas})
	case rt.StackReference:
		// Another stack's outputs: its kubeconfig, which a plan never shows, its cluster's
		// identifier (its providers' clusterIdentifier) and its VPC (a global stack's private
		// zone attaches to the Alibaba Cloud members' VPCs).
		stack := ""
		if n := inputs["name"]; n.IsString() {
			stack = n.StringValue()
		}
		state["outputs"] = resource.NewObjectProperty(resource.PropertyMap{
			"kubeconfig":        resource.NewStringProperty("offline stand-in for the kubeconfig of " + stack),
			"clusterIdentifier": resource.NewStringProperty("cluster-of-" + stack[strings.LastIndex(stack, "/")+1:]),
			"vpcId":             resource.NewStringProperty("vpc-of-" + stack[strings.LastIndex(stack, "/")+1:]),
		})
		state["secretOutputNames"] = resource.NewArrayProperty([]resource.PropertyValue{resource.NewStringProperty("kubeconfig")})
	default:
		return nil, false
	}
	return state, true
}

// standInCert is a self-signed certificate that parses, so that what is computed from a
// certificate (kubeadm's CA hash) can be computed offline too.
func standInCert(seed [32]byte, name string) string {
	key := ed25519.NewKeyFromSeed(seed[:])
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "offline stand-in " + name},
		NotBefore: start, NotAfter: start.AddDate(10, 0, 0), IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(nil, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return GeneratedPlaceholder
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}
