package rules

import (
	"strings"
	"testing"

	"github.com/concord-guidance/concord/internal/glossary"
)

// FuzzDistance checks the allocation-free and bounded edit distances against
// glossary.Distance: distance is the same number, and distanceWithin is
// too when it is at most the bound, else more than the bound.
func FuzzDistance(f *testing.F) {
	for _, p := range [][2]string{
		{"harassment", "harrasment"}, {"stalking", "stalknig"}, {"", "abc"}, {"protection", "protecton"},
		{"ca", "abc"}, {"café", "cafe"}, {"\xff\xfe", "\xfe\xff"}, {"abcdefghijklmnopqrstuvwxyz0123456789", "bacdefghijklmnopqrstuvwxyz0123456798"},
		{"stalking-involving-fear-of-violence-in-the-workplace-0002734.md", "sentencing-involving-neighbours-0007811.md"},
		{strings.Repeat("ab", 40), strings.Repeat("ba", 33)}, {strings.Repeat("ab", 40), strings.Repeat("ba", 40)},
		{"ſtalking ßtraße", "stalking strasse"}, {strings.Repeat("é", 70), strings.Repeat("e", 65)},
	} {
		f.Add(p[0], p[1], 1)
	}
	f.Fuzz(func(t *testing.T, a, b string, bound int) {
		want := glossary.Distance(a, b)
		if got := distance(a, b); got != want {
			t.Fatalf("distance(%q, %q) = %d, want %d", a, b, got, want)
		}
		bound = bound & 7
		got := distanceWithin(a, b, bound)
		if want <= bound && got != want || want > bound && got <= bound {
			t.Fatalf("distanceWithin(%q, %q, %d) = %d; the distance is %d", a, b, bound, got, want)
		}
	})
}
