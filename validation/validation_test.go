package validation

import (
	"errors"
	"strings"
	"testing"
)

func TestListReportsEveryProblemSortedByField(t *testing.T) {
	var l List
	l.Invalid("zones[1]", "cn-hangzhou-h", "must be in region %q", "cn-beijing")
	l.Required("region", "")
	err := l.Err()
	if err == nil {
		t.Fatal("want an error")
	}
	want := "2 problems:\n  region: is required\n  zones[1]: must be in region \"cn-beijing\" (got \"cn-hangzhou-h\")"
	if err.Error() != want {
		t.Fatalf("got\n%s\nwant\n%s", err, want)
	}
	if n := len(Problems(err)); n != 2 {
		t.Fatalf("Problems: got %d, want 2", n)
	}
}

func TestMergePrefixesFields(t *testing.T) {
	var inner List
	inner.Invalid("vpcCidr", "10.0.0.0/33", "must be a CIDR")
	inner.Invalid("[0]", "x", "bad")
	var outer List
	outer.Merge("network", inner.Err())
	outer.Merge("cluster", errors.New("plain"))
	got := outer.Err().Error()
	for _, want := range []string{`network.vpcCidr: must be a CIDR (got "10.0.0.0/33")`, `network[0]: bad`, "cluster: plain"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
}

func TestEmptyListIsNil(t *testing.T) {
	var l List
	if l.Err() != nil {
		t.Fatal("empty list must give nil")
	}
}

func TestSameProblemTwiceIsReportedOnce(t *testing.T) {
	var l List
	l.Invalid("zones", 2, "an HA stack needs at least 3 zones")
	l.Invalid("zones", 2, "an HA stack needs at least 3 zones")
	if n := len(Problems(l.Err())); n != 1 {
		t.Fatalf("got %d problems, want 1", n)
	}
}
