package textdist

import "testing"

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		d    int
	}{
		{"", "", 0},
		{"", "abc", 3},
		{"abc", "", 3},
		{"harassment", "harassment", 0},
		{"harasment", "harassment", 1},   // a letter left out
		{"harrassment", "harassment", 1}, // a letter doubled
		{"teh", "the", 1},                // a swap is one edit
		{"glosary", "glossary", 1},
		{"kitten", "sitting", 3},
		{"Stalking", "stalking", 1}, // case is the caller's business
		{"café", "cafe", 1},         // in characters, not bytes
	} {
		if got := Distance(c.a, c.b); got != c.d {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, got, c.d)
		}
		if got := Distance(c.b, c.a); got != c.d {
			t.Errorf("Distance(%q, %q) = %d, want %d (symmetric)", c.b, c.a, got, c.d)
		}
		if c.d > 0 {
			if got := Within([]rune(c.a), []rune(c.b), c.d-1); got <= c.d-1 {
				t.Errorf("Within(%q, %q, %d) = %d: past the limit it must say so", c.a, c.b, c.d-1, got)
			}
		}
		if got := Within([]rune(c.a), []rune(c.b), c.d); got != c.d {
			t.Errorf("Within(%q, %q, %d) = %d, want %d", c.a, c.b, c.d, got, c.d)
		}
	}
}
