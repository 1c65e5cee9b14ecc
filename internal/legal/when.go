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

// jurisdiction is the jurisdiction a block states the law of: the
// document's, else one named by the heading of its section or of a section
// around it ("## Stalking in Scotland"). England and Wales is "".
func jurisdiction(doc *corpus.Document, b *corpus.Block) string {
	if j := doc.Jurisdiction(); j != corpus.EnglandAndWales {
		return j
	}
	for s := b.Section; s != nil; s = s.Parent {
		if j := corpus.JurisdictionNamed(s.Title()); j != corpus.EnglandAndWales {
			return j
		}
	}
	return corpus.EnglandAndWales
}

// Foreign reports whether sentence k of a block states the law of another
// jurisdiction than the glossary's (England and Wales): the block is about
// Scotland or Northern Ireland and the sentence names neither England and
// Wales nor an Act the glossary knows.
func Foreign(doc *corpus.Document, b *restate.BlockFacts, k int, cites []*Resolved) bool {
	if jurisdiction(doc, b.Block) == corpus.EnglandAndWales {
		// On a page for England and Wales, a sentence that names Scotland
		// or Northern Ireland ("In Scotland, stalking carries five years")
		// states that jurisdiction's law.
		if k < 0 || k >= len(b.Sentences) || corpus.JurisdictionNamed(b.Sentences[k].Text(&b.Block.Run)) == corpus.EnglandAndWales {
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
