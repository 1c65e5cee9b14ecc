package legal

import (
	"strings"
	"time"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/restate"
)

// When is the date whose law a document states, for the law rules: its
// front matter's date (corpus.Document.LawDate), or today when it gives
// none.
type When struct {
	Date  time.Time
	Dated bool
	// archived: the page is kept for the record; it is not told that the
	// law has changed since, because its archive label already says so.
	Archived bool
}

// WhenFor is the date whose law d states.
func WhenFor(d *corpus.Document) When {
	if t, ok := d.LawDate(); ok {
		return When{t, true, d.Archived()}
	}
	return When{Date: time.Now().UTC().Truncate(24 * time.Hour)}
}

// Year is how a finding names the page's date: "2015".
func (w When) Year() string { return w.Date.Format("2006") }

// Places answers Foreign for the blocks of one document. It remembers the
// document's jurisdiction and the last section's, which Foreign worked out
// again for every sentence it was asked about (reading the front matter
// and each heading around the block through patterns), and it looks at a
// sentence's bytes for the names of Scotland and Northern Ireland before
// asking corpus.JurisdictionNamed. The zero value is not ready: use
// PlacesOf.
type Places struct {
	doc     *corpus.Document
	docDone bool
	docJ    string
	// sec is the section last asked about and secJ its jurisdiction (as
	// jurisdiction gives it); secDone is set once sec has been read.
	sec     *corpus.Section
	secDone bool
	secJ    string
}

// PlacesOf is a Places for doc; reading its front matter waits for the
// first question.
func PlacesOf(doc *corpus.Document) *Places { return &Places{doc: doc} }

// jurisdiction is the jurisdiction a block states the law of: the
// document's, else one named by the heading of its section or of a section
// around it ("## Stalking in Scotland"). England and Wales is "".
func (p *Places) jurisdiction(b *corpus.Block) string {
	if !p.docDone {
		p.docJ, p.docDone = p.doc.Jurisdiction(), true
	}
	if p.docJ != corpus.EnglandAndWales {
		return p.docJ
	}
	if p.secDone && p.sec == b.Section {
		return p.secJ
	}
	j := corpus.EnglandAndWales
	for s := b.Section; s != nil; s = s.Parent {
		if j = corpus.JurisdictionNamed(s.Title()); j != corpus.EnglandAndWales {
			break
		}
	}
	p.sec, p.secJ, p.secDone = b.Section, j, true
	return j
}

// Foreign reports whether sentence k of a block states the law of another
// jurisdiction than the glossary's (England and Wales): the block is about
// Scotland or Northern Ireland and the sentence names neither England and
// Wales nor an Act the glossary knows.
func (p *Places) Foreign(b *restate.BlockFacts, k int, cites []*Resolved) bool {
	if p.jurisdiction(b.Block) == corpus.EnglandAndWales {
		// On a page for England and Wales, a sentence that names Scotland
		// or Northern Ireland ("In Scotland, stalking carries five years")
		// states that jurisdiction's law.
		if k < 0 || k >= len(b.Sentences) {
			return false
		}
		if s := b.Sentences[k].Text(&b.Block.Run); !mayNameJurisdiction(s) || corpus.JurisdictionNamed(s) == corpus.EnglandAndWales {
			return false
		}
	}
	if k < 0 || k >= len(b.Sentences) {
		return true
	}
	s := b.Sentences[k]
	if strings.Contains(strings.ToLower(s.Text(&b.Block.Run)), "england") {
		return false
	}
	for _, rc := range cites {
		if rc.Start >= s.Start && rc.Start < s.End && rc.Named && rc.Act != nil && rc.Act.Term != nil {
			return false
		}
	}
	return true
}

// mayNameJurisdiction reports whether s holds "scot" or "northern
// ireland" in any ASCII case: what corpus.JurisdictionNamed looks for
// before it runs its patterns, and answers England and Wales without. It
// is exactly that test, written to look at eight bytes at a time for the
// "co" of "scot" and the "no" of "northern" (any case: a byte ORed with
// 0x20 is 'c', 'n' or 'o' only when it is one of them in either case),
// and to spell out the word only where one is found; a sentence holds few.
func mayNameJurisdiction(s string) bool {
	i := 0
	for ; i+9 <= len(s); i += 8 {
		x, x1 := pairAt(s, i) // x1: the next byte of each
		x |= 0x2020202020202020
		x1 |= 0x2020202020202020
		if (zeroBytes(x^0x6363636363636363)|zeroBytes(x^0x6e6e6e6e6e6e6e6e))&zeroBytes(x1^0x6f6f6f6f6f6f6f6f) == 0 {
			continue
		}
		for k := i; k < i+8; k++ {
			if jurisdictionAtByte(s, k) {
				return true
			}
		}
	}
	for ; i < len(s); i++ {
		if jurisdictionAtByte(s, i) {
			return true
		}
	}
	return false
}

// jurisdictionAtByte reports whether the "c" of "scot" or the "n" of
// "northern ireland" is at s[i], in any ASCII case.
func jurisdictionAtByte(s string, i int) bool {
	switch s[i] | 0x20 {
	case 'c':
		return i >= 1 && foldAt(s, i-1, "scot")
	case 'n':
		return foldAt(s, i, "northern ireland")
	}
	return false
}

// foldAt reports whether s holds the lower-case ASCII w at i, ASCII letters
// in either case.
func foldAt(s string, i int, w string) bool {
	if i+len(w) > len(s) {
		return false
	}
	for j := 0; j < len(w); j++ {
		c := s[i+j]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != w[j] {
			return false
		}
	}
	return true
}

// MentionsDate reports whether a sentence gives a year or a date, which
// makes any figure in it likelier to speak of a period than of today's law.
func MentionsDate(b *restate.BlockFacts, k int) bool {
	if k < 0 || k >= len(b.Sentences) {
		return false
	}
	s := b.Sentences[k]
	for _, t := range b.Tokens {
		if t.Start < s.Start || t.End > s.End {
			continue
		}
		w := t.Surface
		if len(w) == 4 && (strings.HasPrefix(w, "19") || strings.HasPrefix(w, "20")) && allDigits(w) {
			return true
		}
		if monthNames[w] {
			return true
		}
	}
	return false
}

var monthNames = map[string]bool{
	"january": true, "february": true, "march": true, "april": true, "may": false, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true,
}

// ParseDay reads a glossary date (YYYY-MM-DD).
func ParseDay(s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}
