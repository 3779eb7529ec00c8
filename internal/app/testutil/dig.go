package testutil

import (
	"fmt"
	"net"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/zonestack/zonestack/internal/app/validators"
)

// DNSRecord is one record of an answer section, its name without the final dot.
type DNSRecord struct {
	Name  string
	TTL   int
	Type  string
	Value string
}

// DNSReply is what a DNS server answered: its rcode (NOERROR, NXDOMAIN, ...) and answer section.
type DNSReply struct {
	Rcode  string
	Answer []DNSRecord
}

// Values are the reply's values of type typ, sorted: the addresses after the CNAMEs, say.
func (r DNSReply) Values(typ string) []string {
	var out []string
	for _, a := range r.Answer {
		if a.Type == typ {
			out = append(out, a.Value)
		}
	}
	slices.Sort(out)
	return out
}

// Dig sends one query to 127.0.0.1:port with dig (BIND's, validators.Tool) and returns the reply.
func Dig(port int, name, typ string) (DNSReply, error) {
	dig, err := validators.Tool("dig")
	if err != nil {
		return DNSReply{}, err
	}
	out, err := exec.Command(dig, "@127.0.0.1", "-p", strconv.Itoa(port), "+time=2", "+tries=1",
		"+noall", "+comments", "+answer", name, typ).CombinedOutput()
	if err != nil {
		return DNSReply{}, fmt.Errorf("dig %s %s: %v\n%s", name, typ, err, out)
	}
	var r DNSReply
	for _, line := range strings.Split(string(out), "\n") {
		if _, status, ok := strings.Cut(line, "status: "); ok {
			r.Rcode, _, _ = strings.Cut(status, ",")
			continue
		}
		f := strings.Fields(line)
		if len(f) < 5 || strings.HasPrefix(line, ";") {
			continue
		}
		ttl, err := strconv.Atoi(f[1])
		if err != nil {
			return DNSReply{}, fmt.Errorf("dig %s %s: %q: %v", name, typ, line, err)
		}
		r.Answer = append(r.Answer, DNSRecord{Name: strings.TrimSuffix(f[0], "."), TTL: ttl, Type: f[3], Value: strings.Join(f[4:], " ")})
	}
	if r.Rcode == "" {
		return DNSReply{}, fmt.Errorf("dig %s %s: no status in\n%s", name, typ, out)
	}
	return r, nil
}

// FreePort is a UDP port on loopback that nothing listens on now, for a DNS server of the test's
// (which listens on TCP at the same port too: nothing else here serves DNS).
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.LocalAddr().(*net.UDPAddr).Port
}
