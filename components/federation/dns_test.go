package federation_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zonestack/zonestack/components/federation"
	"github.com/zonestack/zonestack/internal/app/testutil"
	"github.com/zonestack/zonestack/internal/app/validators"
)

// answers follows the plan from name to the values of type typ it finally resolves to.
func answers(rs []federation.Record, name, typ string) []string {
	for hops := 0; hops < 5; hops++ {
		var cname string
		for _, r := range rs {
			if r.Name == name && r.Type == typ {
				return r.Values
			}
			if r.Name == name && r.Type == federation.TypeCNAME {
				cname = strings.TrimSuffix(r.Values[0], ".")
			}
		}
		if cname == "" {
			return nil
		}
		name = cname
	}
	return nil
}

// namedServer is BIND serving one zone on a free loopback port, for the test's lifetime.
type namedServer struct {
	port int
	dig  string
}

// serveZone starts named with zone as origin's primary zone on 127.0.0.1 and waits until it
// answers. Nothing leaves loopback: recursion is off and only 127.0.0.1 may query.
func serveZone(t *testing.T, origin, zone string) *namedServer {
	t.Helper()
	named, err := validators.Tool("named")
	if err != nil {
		t.Fatal(err)
	}
	dig, err := validators.Tool("dig")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	port := testutil.FreePort(t)
	if err := os.WriteFile(filepath.Join(dir, "zone.db"), []byte(zone), 0o644); err != nil {
		t.Fatal(err)
	}
	conf := fmt.Sprintf(`options {
	directory "%[1]s";
	pid-file "%[1]s/named.pid";
	listen-on port %[2]d { 127.0.0.1; };
	listen-on-v6 { none; };
	recursion no;
	allow-query { 127.0.0.1; };
	dnssec-validation no;
};
zone "%[3]s" { type primary; file "%[1]s/zone.db"; };
`, dir, port, origin)
	if err := os.WriteFile(filepath.Join(dir, "named.conf"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(named, "-g", "-4", "-c", filepath.Join(dir, "named.conf"))
	var log strings.Builder
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	s := &namedServer{port: port, dig: dig}
	deadline := time.Now().Add(20 * time.Second)
	for {
		if _, err := s.query("ns1."+origin, "A"); err == nil {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("named did not answer on 127.0.0.1:%d:\n%s", port, log.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// query asks the server for name's records of typ and returns the addresses it finally answers,
// sorted, after the CNAMEs it follows.
func (s *namedServer) query(name, typ string) ([]string, error) {
	out, err := exec.Command(s.dig, "@127.0.0.1", "-p", fmt.Sprint(s.port), "+short", "+norecurse", "+time=1", "+tries=1", name, typ).CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("dig %s %s: %v\n%s", name, typ, err, out)
	}
	var final []string
	for _, l := range strings.Fields(string(out)) {
		if !strings.HasSuffix(l, ".") { // CNAME targets end in a dot; addresses do not
			final = append(final, l)
		}
	}
	slices.Sort(final)
	return final, nil
}

// The planned records as a zone file pass named-checkzone; served by BIND on loopback, every name
// resolves, through its CNAME chain, to the addresses the plan says. Nothing leaves 127.0.0.1.
func TestRecordsServedByBIND(t *testing.T) {
	rs, _, err := federation.PlanRecords(fed(), nginx, workedExample(), nil)
	if err != nil {
		t.Fatal(err)
	}
	zone := federation.ZoneFile("example.com", "127.0.0.1", 300, rs)
	if err := validators.NamedCheckzone("example.com", zone); err != nil {
		t.Fatal(err)
	}
	if err := validators.NamedCheckzone("example.com", zone+"nginx.mynamespace.myfederation.svc.example.com. 180 IN CNAME elsewhere.example.com.\n"); err == nil {
		t.Error("named-checkzone accepted a CNAME beside A records")
	}
	var names []string
	for _, r := range rs {
		if !slices.Contains(names, r.Name) {
			names = append(names, r.Name)
		}
	}
	checked := checkServed(t, rs, rs, names)
	if checked == 0 {
		t.Fatal("no name queried")
	}
	t.Logf("%d queries answered as planned", checked)
}
