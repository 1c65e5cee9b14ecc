package rules

import (
	"fmt"

	"github.com/concord-guidance/concord/internal/legal"
)

// supersededCitation reports a provision the glossary marks superseded,
// unless its sentence frames it as past law.
func supersededCitation(ix *legal.Index, b *BlockFacts, rc *legal.Resolved, whenFor func() legal.When) (Finding, bool) {
	for _, sp := range ix.Superseded {
		if sp.Act != rc.Act {
			continue
		}
		for _, sec := range rc.Sections {
			if !legal.SectionWithin(sec, sp.Section) {
				continue
			}
			if citeHistoricSentence(sentenceWords(b, b.SentenceAt(rc.Start))) {
				return Finding{}, false
			}
			since := ""
			if sp.Entry.Until != "" {
				since = " since " + humanDate(sp.Entry.Until)
			}
			// The page's date is read only here: few pages cite a
			// superseded provision.
			if until, ok := legal.ParseDay(sp.Entry.Until); ok {
				if when := whenFor(); when.Dated && when.Date.Before(until) {
					if when.Archived {
						return Finding{}, false // right at its date, and marked as archived
					}
					// The page states the law of its date, when the power
					// was in force: a note that it has changed since.
					return Finding{
						Term:       sp.Term.ID,
						Message:    fmt.Sprintf("this page is dated %s, when %s was in force; it has been superseded%s: %s", when.Year(), legal.RefLabel(legal.Ref{Act: rc.Act, Section: sec}), since, sp.Entry.Reason),
						Severity:   Info,
						Confidence: 0.5,
						Suggestion: sp.Entry.Replacement,
						Expected:   sp.Entry.Replacement,
						Actual:     b.Block.Run.Text[rc.Start:rc.End],
					}, true
				}
			}
			return Finding{
				Term:       sp.Term.ID,
				Confidence: 0.92,
				Message:    fmt.Sprintf("%s is cited as current law, but it has been superseded%s: %s", legal.RefLabel(legal.Ref{Act: rc.Act, Section: sec}), since, sp.Entry.Reason),
				Suggestion: sp.Entry.Replacement,
				Expected:   sp.Entry.Replacement,
				Actual:     b.Block.Run.Text[rc.Start:rc.End],
			}, true
		}
	}
	return Finding{}, false
}

// humanDate writes 2020-12-01 as 1 December 2020.
func humanDate(iso string) string {
	months := []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	var y, m, d int
	if n, _ := fmt.Sscanf(iso, "%d-%d-%d", &y, &m, &d); n != 3 || m < 1 || m > 12 {
		return iso
	}
	return fmt.Sprintf("%d %s %d", d, months[m-1], y)
}

// sentenceWords returns the folded words of a block's sentence k.
func sentenceWords(b *BlockFacts, k int) []string {
	if k < 0 || k >= len(b.Sentences) {
		return nil
	}
	s := b.Sentences[k]
	var out []string
	for _, t := range b.Tokens {
		if t.Start >= s.Start && t.End <= s.End {
			out = append(out, t.Surface)
		}
	}
	return out
}

// citeHistoricCues frame a provision as past law.
var citeHistoricCues = map[string]bool{
	"before": true, "prior": true, "until": true, "formerly": true, "previously": true, "replaced": true,
	"repealed": true, "historic": true, "historical": true, "historically": true, "older": true, "earlier": true,
	"superseded": true, "abolished": true, "was": true, "were": true, "originally": true, "pre": true,
	"then": true, "old": true, "existing": true,
}

func citeHistoricSentence(words []string) bool {
	for _, w := range words {
		if citeHistoricCues[w] {
			return true
		}
	}
	return false
}
