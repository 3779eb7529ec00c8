package suggest

import "testing"

func TestClosest(t *testing.T) {
	candidates := []string{"cidrBlock", "categories", "cloud", "zones", "minSize", "maxSize"}
	tests := map[string]string{
		"cidrBlok": "cidrBlock",
		"category": "categories",
		"clud":     "cloud",
		"zone":     "zones",
		"minSzie":  "minSize",
		"CLOUD":    "cloud",
		"network":  "",
	}
	for in, want := range tests {
		if got := Closest(in, candidates); got != want {
			t.Errorf("Closest(%q) = %q, want %q", in, got, want)
		}
	}
	if d := Distance("kitten", "sitting"); d != 3 {
		t.Errorf("Distance = %d", d)
	}
}
