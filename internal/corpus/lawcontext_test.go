package corpus

import (
	"math/rand/v2"
	"testing"
	"time"
)

func TestLawDateAndJurisdiction(t *testing.T) {
	for _, c := range []struct {
		name  string
		front FrontMatter
		date  string // "" when none
		jur   string
		arch  bool
	}{
		{"updated wins", FrontMatter{Title: "Stalking", Updated: "2015-06-01", Extra: map[string]string{"date": "2012-01-01"}}, "2015-06-01", EnglandAndWales, false},
		{"date when no update", FrontMatter{Title: "News", Extra: map[string]string{"date": "2016-11"}}, "2016-11-01", EnglandAndWales, false},
		{"archived alone", FrontMatter{Title: "Old", Extra: map[string]string{"archived": "2013"}}, "2013-01-01", EnglandAndWales, true},
		{"no date", FrontMatter{Title: "Police Scotland: stalking"}, "", Scotland, false},
		{"front matter names it", FrontMatter{Title: "Stalking", Extra: map[string]string{"jurisdiction": "Northern Ireland"}}, "", NorthernIreland, false},
		{"both named is neither", FrontMatter{Title: "Stalking law in Scotland and Northern Ireland"}, "", EnglandAndWales, false},
		{"archived: no", FrontMatter{Title: "X", Updated: "2 March 2024", Extra: map[string]string{"archived": "no"}}, "2024-03-02", EnglandAndWales, false},
		{"archived in the title", FrontMatter{Title: "Harassment advice (archived)", Updated: "2014-02-01"}, "2014-02-01", EnglandAndWales, true},
		{"an archive topic", FrontMatter{Title: "Harassment advice", Topic: "Archive", Updated: "2014-02-01"}, "2014-02-01", EnglandAndWales, true},
		{"the publisher names Scotland", FrontMatter{Title: "Stalking", Extra: map[string]string{"publisher": "Police Scotland"}}, "", Scotland, false},
		{"a Northern Irish government site", FrontMatter{Title: "Stalking Protection Orders", Extra: map[string]string{"source": "https://www.nidirect.gov.uk/articles/x"}}, "", NorthernIreland, false},
		{"an English site", FrontMatter{Title: "Stalking", Extra: map[string]string{"source": "https://www.cps.gov.uk/legal-guidance/x"}}, "", EnglandAndWales, false},
		{"Scots law named in the title", FrontMatter{Title: "Stalking in Scots law"}, "", Scotland, false},
		{"archives as a word in a title is not a mark", FrontMatter{Title: "Using the National Archives"}, "", EnglandAndWales, false},
	} {
		d := &Document{Front: c.front}
		got, ok := d.LawDate()
		if c.date == "" && ok || c.date != "" && (!ok || got.Format(time.DateOnly) != c.date) {
			t.Errorf("%s: LawDate = %v, %v; want %q", c.name, got, ok, c.date)
		}
		if j := d.Jurisdiction(); j != c.jur {
			t.Errorf("%s: Jurisdiction = %q; want %q", c.name, j, c.jur)
		}
		if a := d.Archived(); a != c.arch {
			t.Errorf("%s: Archived = %v; want %v", c.name, a, c.arch)
		}
	}
}

// containsFold reports whether s contains the lower-case ASCII word w in any
// case: the test mayNameJurisdiction makes in one pass for two words.
func containsFold(s, w string) bool {
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

// TestMayNameJurisdiction holds mayNameJurisdiction to containsFold on
// random text made of the words' letters in both cases, spaces, and bytes
// that fold onto them only when mistaken for letters ('@', NUL, 0xd3).
func TestMayNameJurisdiction(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	const alphabet = "scotSCOTnorthernNORTHERN irelandIRELAND@\x00\xd3Sc"
	for _, s := range []string{"", "scot", "SCOT", "Scottish", "sco", "northern ireland", "Northern Ireland", "northern\x00ireland", "northernireland", "NORTHERN IRELAN", "@cot", "s\x03ot"} {
		if got, want := mayNameJurisdiction(s), containsFold(s, "scot") || containsFold(s, "northern ireland"); got != want {
			t.Errorf("mayNameJurisdiction(%q) = %v, want %v", s, got, want)
		}
	}
	for range 200000 {
		b := make([]byte, r.IntN(24))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		if r.IntN(3) == 0 && len(b) > 0 {
			copy(b[r.IntN(len(b)):], []byte([]string{"sCoT", "Northern Ireland", "northern irelanD", "scoT"}[r.IntN(4)]))
		}
		s := string(b)
		if got, want := mayNameJurisdiction(s), containsFold(s, "scot") || containsFold(s, "northern ireland"); got != want {
			t.Fatalf("mayNameJurisdiction(%q) = %v, want %v", s, got, want)
		}
	}
}
