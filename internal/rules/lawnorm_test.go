package rules

import (
	"strings"
	"testing"
)

// lawNormActOld is lawNormAct as it was, the reference for FuzzLawNormAct.
func lawNormActOld(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(s, ",", " ")), " "))
	return strings.TrimPrefix(s, "the ")
}

// FuzzLawNormAct checks lawNormAct, with its one-pass ASCII path, against
// the reference.
func FuzzLawNormAct(f *testing.F) {
	for _, s := range []string{
		"Protection from Harassment Act 1997", "the Stalking Protection Act", " The  Crime and Disorder Act, 1998 ",
		"the", "the ", "THE  THE x", ",the,x", "Domestic Abuse Act\t2021\r\n", "\v\fa", "Sexual Offences Act 2003 ſ", "ÀCT", "\xff the",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := lawNormAct(s), lawNormActOld(s); got != want {
			t.Fatalf("lawNormAct(%q) = %q, want %q", s, got, want)
		}
	})
}

func BenchmarkLawNormAct(b *testing.B) {
	names := []string{"Protection from Harassment Act", "the Stalking Protection Act", "Crime and Disorder Act", "PHA"}
	b.Run("new", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, n := range names {
				lawNormAct(n)
			}
		}
	})
	b.Run("old", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, n := range names {
				lawNormActOld(n)
			}
		}
	})
}
