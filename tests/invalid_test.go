package tests

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/zonestack/zonestack/internal/app/offline"
	"github.com/zonestack/zonestack/internal/app/program"
	"github.com/zonestack/zonestack/internal/app/stackconfig"
)

// checkStackFile runs a stack file through everything `pulumi up` does before registering: the file, the
// config, the components' rules, then the program under the recorder.
func checkStackFile(name string, doc []byte) (*offline.Recorder, error) {
	raw, err := stackconfig.ParseStackFile(name, doc)
	if err != nil {
		return nil, err
	}
	res, err := program.OfflineRaw("corpus", raw)
	if res != nil {
		return res.Recorder, err
	}
	return nil, err
}

func TestTheCorpusBaseIsValid(t *testing.T) {
	doc, err := os.ReadFile("testdata/valid-base.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := checkStackFile("valid-base.yaml", doc); err != nil {
		t.Fatal(err)
	}
}

// Every invalid stack config of the corpus is rejected with the errors its "# want:" lines name
// (field path and rule), and registers nothing.
func TestInvalidConfigCorpus(t *testing.T) {
	files, err := filepath.Glob("testdata/invalid/invalid-*.yaml")
	if err != nil || len(files) < 50 {
		t.Fatalf("the corpus has %d files, want at least 50 (%v)", len(files), err)
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".yaml"), func(t *testing.T) {
			doc, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var wants []string
			sc := bufio.NewScanner(bytes.NewReader(doc))
			for sc.Scan() {
				if w, ok := strings.CutPrefix(sc.Text(), "# want: "); ok {
					wants = append(wants, w)
				}
			}
			if len(wants) == 0 {
				t.Fatal("no '# want:' line")
			}
			rec, err := checkStackFile(filepath.Base(f), doc)
			if err == nil {
				t.Fatalf("accepted; want %q", wants)
			}
			for _, w := range wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			// Credentials in the corpus (an AccessKey ID, the password hunter2) are never echoed.
			if m := regexp.MustCompile(`LTAI[0-9A-Za-z]{12,}|hunter2`).FindString(err.Error()); m != "" {
				t.Errorf("the error echoes a credential %q:\n%v", m, err)
			}
			if rec != nil && len(rec.Registrations()) != 0 {
				t.Errorf("%d resources registered", len(rec.Registrations()))
			}
		})
	}
}
