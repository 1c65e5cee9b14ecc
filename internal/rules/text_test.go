package rules

import (
	"strings"
	"testing"
	"unicode/utf8"

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
		if pg := newOSAPattern(a).within(b, bound); pg != got {
			t.Fatalf("newOSAPattern(%q).within(%q, %d) = %d; distanceWithin gives %d", a, b, bound, pg, got)
		}
		if ps := newOSAShared(a); ps.within(b, bound) != got {
			t.Fatalf("newOSAShared(%q).within(%q, %d) = %d; distanceWithin gives %d", a, b, bound, ps.within(b, bound), got)
		}
		// findVariants measures a document's word against the glossary's
		// fixed pattern, the other way round: the distance when within
		// the bound, and more than the bound otherwise.
		if ps := newOSAShared(b); want <= bound && ps.within(a, bound) != want || want > bound && ps.within(a, bound) <= bound {
			t.Fatalf("newOSAShared(%q).within(%q, %d) = %d; the distance is %d", b, a, bound, ps.within(a, bound), want)
		}
	})
}

// FuzzOSAPattern checks that a pattern compared with several strings in a
// row, re-using the columns of the prefix each shares with the last, gives
// distanceWithin every time.
func FuzzOSAPattern(f *testing.F) {
	f.Add("stalking.md", "stalking-0001.md", "stalking-0002.md", "stalk.md", 3)
	f.Add("é", "\xc3\xa9", "\xc3x", "\xc3\xa9x", 2)
	f.Add("abc", "\xe2\x82a", "\xe2\x82\xacb", "\xe2", 9)
	f.Add("ab", "ba", "b", "", 1)
	f.Fuzz(func(t *testing.T, a, b, c, d string, bound int) {
		bound &= 15
		p := newOSAPattern(a)
		for _, s := range []string{b, c, d, b, c} {
			if got, want := p.within(s, bound), distanceWithin(a, s, bound); got != want {
				t.Fatalf("newOSAPattern(%q).within(%q, %d) after %q, %q, %q = %d; distanceWithin gives %d", a, s, bound, b, c, d, got, want)
			}
		}
	})
}

// FuzzRuneCount checks runeCount against utf8.RuneCountInString.
func FuzzRuneCount(f *testing.F) {
	for _, s := range []string{"", "harassment", "harrasmenté", "abcdefgh\xff", "\xe2\x80abcdefghij", strings.Repeat("é", 9)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := runeCount(s), utf8.RuneCountInString(s); got != want {
			t.Fatalf("runeCount(%q) = %d, want %d", s, got, want)
		}
	})
}
