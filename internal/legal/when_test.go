package legal

import (
	"strings"
	"testing"

	"github.com/concord-guidance/concord/internal/corpus"
)

// jurisdictionSeeds name Scotland and Northern Ireland in every case and at
// every place a look at eight bytes at a time can put them, and words that
// are nearly their names.
var jurisdictionSeeds = []string{
	"", "scot", "Scot", "SCOT", "sCoT", "In Scotland, stalking carries five years.",
	"The Scottish Government", "mascot", "a scots law", "Northern Ireland", "NORTHERN IRELAND",
	"northern irelan", "northern  ireland", "northernireland", "In Northern Ireland the PSNI",
	"s cot", "sc ot", "co", "no", "CONO", "notnot northern ireland", "1234567scot", "12345678scot",
	"123456789Scot", "1234567northern ireland", "sco\u0074", "ſcot", "\xffscot\xff",
	"Stalking is an offence under section 2A of the Protection from Harassment Act 1997 in England and Wales.",
}

// refNamesJurisdiction is the test mayNameJurisdiction must give exactly:
// "scot" or "northern ireland" anywhere in s, ASCII letters in any case.
func refNamesJurisdiction(s string) bool {
	return refContainsFold(s, "scot") || refContainsFold(s, "northern ireland")
}

func refContainsFold(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		j := 0
		for ; j < len(w); j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != w[j] {
				break
			}
		}
		if j == len(w) {
			return true
		}
	}
	return false
}

func TestMayNameJurisdiction(t *testing.T) {
	for _, s := range jurisdictionSeeds {
		for pad := 0; pad < 10; pad++ {
			// Every alignment, and the name cut off at the end.
			in := strings.Repeat("x", pad) + s
			checkMayNameJurisdiction(t, in)
			for cut := 0; cut <= len(in); cut++ {
				checkMayNameJurisdiction(t, in[:cut])
			}
		}
	}
}

func FuzzMayNameJurisdiction(f *testing.F) {
	for _, s := range jurisdictionSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkMayNameJurisdiction(t, s) })
}

func checkMayNameJurisdiction(t *testing.T, s string) {
	t.Helper()
	got, want := mayNameJurisdiction(s), refNamesJurisdiction(s)
	if got != want {
		t.Fatalf("mayNameJurisdiction(%q) = %v, the byte-at-a-time search gives %v", s, got, want)
	}
	if !got && corpus.JurisdictionNamed(s) != corpus.EnglandAndWales {
		t.Fatalf("mayNameJurisdiction(%q) is false but JurisdictionNamed gives %q", s, corpus.JurisdictionNamed(s))
	}
}
