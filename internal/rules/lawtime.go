package rules

import (
	"strings"
	"time"

	"github.com/concord-guidance/concord/internal/corpus"
)

// lawWhen is the date whose law a document states, for the law rules: its
// front matter's date (corpus.Document.LawDate), or today when it gives
// none.
type lawWhen struct {
	date  time.Time
	dated bool
	// archived: the page is kept for the record; it is not told that the
	// law has changed since, because its archive label already says so.
	archived bool
}

func lawWhenFor(d *corpus.Document) lawWhen {
	if t, ok := d.LawDate(); ok {
		return lawWhen{t, true, d.Archived()}
	}
	return lawWhen{date: time.Now().UTC().Truncate(24 * time.Hour)}
}

// year is how a finding names the page's date: "2015".
func (w lawWhen) year() string { return w.date.Format("2006") }

// lawJurisdiction is the jurisdiction a block states the law of: the
// document's, else one named by the heading of its section or of a section
// around it ("## Stalking in Scotland"). England and Wales is "".
func lawJurisdiction(doc *corpus.Document, b *corpus.Block) string {
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

// lawForeign reports whether sentence k of a block states the law of another
// jurisdiction than the glossary's (England and Wales): the block is about
// Scotland or Northern Ireland and the sentence names neither England and
// Wales nor an Act the glossary knows.
func lawForeign(doc *corpus.Document, b *BlockFacts, k int, cites []*lawCitation) bool {
	if lawJurisdiction(doc, b.Block) == corpus.EnglandAndWales {
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
		if rc.Start >= s.Start && rc.Start < s.End && rc.named && rc.act != nil && rc.act.term != nil {
			return false
		}
	}
	return true
}

// lawMentionsDate reports whether a sentence gives a year or a date, which
// makes any figure in it likelier to speak of a period than of today's law.
func lawMentionsDate(b *BlockFacts, k int) bool {
	if k < 0 || k >= len(b.Sentences) {
		return false
	}
	s := b.Sentences[k]
	for _, t := range b.Tokens {
		if t.Start < s.Start || t.End > s.End {
			continue
		}
		w := t.Surface
		if len(w) == 4 && (strings.HasPrefix(w, "19") || strings.HasPrefix(w, "20")) && lawAllDigits(w) {
			return true
		}
		if lawMonthNames[w] {
			return true
		}
	}
	return false
}

var lawMonthNames = map[string]bool{
	"january": true, "february": true, "march": true, "april": true, "may": false, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true,
}

// lawDay reads a glossary date (YYYY-MM-DD).
func lawDay(s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}
