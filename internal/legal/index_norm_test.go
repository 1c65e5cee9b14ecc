package legal

import (
	"strings"
	"testing"
)

// normActOld is normAct as it was, the reference for FuzzNormAct.
func normActOld(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(s, ",", " ")), " "))
	return strings.TrimPrefix(s, "the ")
}

// FuzzNormAct checks normAct, with its one-pass ASCII path, against
// the reference.
func FuzzNormAct(f *testing.F) {
	for _, s := range []string{
		"Protection from Harassment Act 1997", "the Stalking Protection Act", " The  Crime and Disorder Act, 1998 ",
		"the", "the ", "THE  THE x", ",the,x", "Domestic Abuse Act\t2021\r\n", "\v\fa", "Sexual Offences Act 2003 ſ", "ÀCT", "\xff the",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := normAct(s), normActOld(s); got != want {
			t.Fatalf("lawNormAct(%q) = %q, want %q", s, got, want)
		}
	})
}

func BenchmarkNormAct(b *testing.B) {
	names := []string{"Protection from Harassment Act", "the Stalking Protection Act", "Crime and Disorder Act", "PHA"}
	b.Run("new", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, n := range names {
				normAct(n)
			}
		}
	})
	b.Run("old", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, n := range names {
				normActOld(n)
			}
		}
	})
}
