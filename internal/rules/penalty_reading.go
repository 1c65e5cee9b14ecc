package rules

import (
	"strings"
	"time"
	"unicode"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/legal"
)

// penReading is what a stated figure is in its clause.
type penReading int

const (
	penPlain penReading = iota // a maximum, stated as the law
	penOld                     // the old figure of a change: "raised from five years", "previously five years"
	penPast                    // a figure for a past period: "offences committed before April 2017 carry five years"
	penNew                     // the new figure of a change: "raised to 10 years"
)

// penaltyReadingOf reads a figure in its clause (the sentence up to a
// semicolon): the old or new figure of a change, a figure for a past
// period, or a plain statement of the law.
func penaltyReadingOf(b *BlockFacts, k int, pen legal.Penalty) penReading {
	text := b.Block.Run.Text
	s := b.Sentences[k]
	lo, hi := min(s.Start, pen.Start), max(s.End, pen.End)
	if i := strings.LastIndexAny(text[lo:pen.Start], ";"); i >= 0 {
		lo += i + 1
	}
	if i := strings.IndexAny(text[pen.End:hi], ";"); i >= 0 {
		hi = pen.End + i
	}
	var before, after []string
	change := false
	for _, t := range b.Tokens {
		switch {
		case t.Start >= lo && t.End <= pen.Start:
			before = append(before, t.Surface)
			change = change || penaltyChangeVerbs[t.Surface]
		case t.Start >= pen.End && t.End <= hi:
			after = append(after, t.Surface)
		}
	}
	// The word the figure follows, past "a maximum of" and the like.
	prev := ""
	for i := len(before) - 1; i >= 0 && i >= len(before)-5; i-- {
		if !penaltyFiller[before[i]] {
			prev = before[i]
			break
		}
	}
	switch {
	case penaltyHistoric[prev]:
		return penOld
	case change && penaltyNewMarkers[prev]:
		return penNew
	case change:
		// "Parliament doubled the five-year maximum": a figure after a
		// change that gives no new value is the old one.
		return penOld
	}
	// "five years was doubled", "a maximum of five years, since raised":
	// the figure is what changed.
	aux := false
	for i, w := range after {
		if i > 4 {
			break
		}
		if penaltyChangeVerbs[w] && aux {
			return penOld
		}
		switch w {
		case "was", "were", "has", "had", "been", "since":
			aux = true
			continue
		}
		if !penaltyFiller[w] && w != "imprisonment" {
			break
		}
	}
	for i, w := range before {
		if penaltyClauseHistoric[w] && penaltyTimeFollows(before, i) {
			return penPast
		}
	}
	for i, w := range after {
		if penaltyClauseHistoric[w] && penaltyTimeFollows(after, i) {
			return penPast
		}
	}
	return penPlain
}

// penaltyTimeFollows reports whether the historic word words[i] speaks of
// time: "before", "until" and "prior" need a date, a year or a change after
// them ("before 3 April 2017", "until the 2017 Act", "prior to the
// amendments"); "before the courts" is a place.
func penaltyTimeFollows(words []string, i int) bool {
	switch words[i] {
	case "before", "until", "prior":
	default:
		return true
	}
	for k := i + 1; k < len(words) && k <= i+4; k++ {
		w := words[k]
		if strings.ContainsAny(w, "0123456789") || penaltyTimeWords[w] {
			return true
		}
	}
	return false
}

// penaltyTimeWords after "before" or "until" make it a time.
var penaltyTimeWords = map[string]bool{"january": true, "february": true, "march": true, "april": true, "may": true,
	"june": true, "july": true, "august": true, "september": true, "october": true, "november": true, "december": true,
	"amendment": true, "amendments": true, "change": true, "changes": true, "commencement": true, "act": true,
	"then": true, "reform": true, "reforms": true, "increase": true, "rise": true, "law": true}

// penaltyFiller are words skipped when looking at what a maximum follows:
// "was a maximum of five years".
var penaltyFiller = map[string]bool{"a": true, "an": true, "the": true, "maximum": true, "max": true, "of": true, "penalty": true, "sentence": true, "term": true, "only": true, "just": true}

// penaltyHistoric, just before a maximum, make it the old one.
var penaltyHistoric = map[string]bool{"been": true, "from": true, "previously": true, "formerly": true, "originally": true, "was": true, "were": true, "then": true, "once": true, "old": true, "former": true}

// penaltyChangeVerbs make a clause a statement of change.
var penaltyChangeVerbs = map[string]bool{
	"raised": true, "raising": true, "raises": true, "increased": true, "increasing": true, "increases": true,
	"doubled": true, "doubling": true, "doubles": true, "trebled": true, "tripled": true, "extended": true,
	"lengthened": true, "rose": true, "risen": true, "went": true, "changed": true, "reduced": true,
	"lowered": true, "decreased": true, "replaced": true, "amended": true, "substituted": true,
}

// penaltyNewMarkers, just before a figure in a statement of change, make it
// the new value: "raised to 10 years", "is now 10 years".
var penaltyNewMarkers = map[string]bool{"to": true, "now": true, "is": true, "are": true, "becomes": true, "became": true, "become": true, "at": true}

// penaltyClauseHistoric, anywhere in the clause, frame it as history.
var penaltyClauseHistoric = map[string]bool{"before": true, "prior": true, "until": true, "previously": true, "formerly": true, "historic": true, "historical": true, "older": true, "originally": true, "pre": true}

// penaltyStated reports whether a figure is stated as a maximum: "maximum",
// "carries", "liable to", "punishable by" or "up to" a custodial term, or any
// term in a table column headed as the maximum or the penalty. Sentences
// passed, guideline ranges and the lengths of orders are not.
func penaltyStated(pen legal.Penalty, rd penReading, column bool) bool {
	if pen.Range && rd != penNew {
		return false
	}
	return pen.Maximum || pen.UpTo && pen.Custodial || column
}

// penaltyColumn reports whether a table cell lies in a column headed as the
// maximum or the penalty ("Maximum", "Maximum sentence", "Penalty"), not a
// duration's ("Maximum duration"), and the mode of trial the heading states
// ("Maximum on indictment").
func penaltyColumn(facts *DocFacts, b *BlockFacts) (bool, string) {
	if b.Block.Kind != corpus.TableCell || b.Block.Header {
		return false, ""
	}
	for _, h := range facts.Blocks {
		if h.Block.Kind != corpus.TableCell || !h.Block.Header || h.Block.Table != b.Block.Table || h.Block.Col != b.Block.Col {
			continue
		}
		words := sentenceWords(h, 0)
		states, mode := false, ""
		for i, w := range words {
			switch w {
			case "maximum", "max", "maxima", "penalty", "penalties":
				states = true
			case "duration", "length", "period", "lasts", "limit", "minimum", "range", "starting", "category":
				return false, ""
			case "indictment":
				mode = penaltyBothModes(mode, "indictment")
			case "crown":
				if i+1 < len(words) && words[i+1] == "court" {
					mode = penaltyBothModes(mode, "indictment")
				}
			case "summary", "summarily", "magistrates":
				mode = penaltyBothModes(mode, "summary")
			}
		}
		if mode == "-" {
			mode = ""
		}
		if mode != "" && len(words) <= 3 {
			// A column headed only by the court or mode of trial
			// ("Crown Court", "On indictment") in a table of offences
			// gives each row's maximum there.
			states = true
		}
		return states, mode
	}
	return false, ""
}

// penaltyBothModes adds a mode to those a heading names: two are none.
func penaltyBothModes(had, mode string) string {
	if had != "" && had != mode {
		return "-"
	}
	return mode
}

// penaltyQuoted reports whether offset at lies inside double quotation
// marks in its block: an odd number of them before it.
func penaltyQuoted(text string, at int) bool {
	n := 0
	for _, r := range text[:at] {
		if r == '"' || r == '“' || r == '”' {
			n++
		}
	}
	return n%2 == 1
}

// penaltyMode is the mode of trial a figure is stated for: the nearest cue
// ("on indictment", "Crown Court", "summary", "summarily", "magistrates'")
// in its clause, with no other figure, offence or new clause between.
func penaltyMode(b *BlockFacts, k int, pen legal.Penalty, pens []legal.Penalty, mentions []legal.Mention) string {
	text := b.Block.Run.Text
	s := b.Sentences[k]
	best, bestGap := "", 13
	for i, t := range b.Tokens {
		if t.Start < s.Start || t.End > s.End {
			continue
		}
		mode := ""
		switch t.Surface {
		case "indictment":
			mode = "indictment"
		case "crown":
			if i+1 < len(b.Tokens) && b.Tokens[i+1].Surface == "court" {
				mode = "indictment"
			}
		case "summary", "summarily", "magistrates":
			mode = "summary"
		}
		if mode == "" {
			continue
		}
		from, to := t.End, pen.Start
		if t.Start >= pen.End {
			from, to = pen.End, t.Start
		}
		if from > to || strings.Contains(text[from:to], ";") || legal.GapBreaksClause(text[from:to], false) {
			continue
		}
		blocked := false
		for _, o := range pens {
			blocked = blocked || o.Start != pen.Start && o.Start >= from && o.End <= to
		}
		// "Harassment is summary only and s.4 carries 10 years": a cue
		// said of one offence, before another is named, is not the
		// other's; "In the Crown Court the maximum for s.4 is" is.
		between, earlier := false, false
		for _, m := range mentions {
			between = between || m.Start >= from && m.End <= to
			earlier = earlier || m.End <= t.Start && m.Start >= s.Start
		}
		blocked = blocked || between && (earlier || t.Start >= pen.End)
		if gap := legal.WordsBetween(b, from, to); !blocked && gap < bestGap {
			best, bestGap = mode, gap
		}
	}
	return best
}

// penaltyFirst reports whether pn is the first maximum t ever had and day
// comes before it: a page dated between an Act's passing and its coming into
// force (Explanatory Notes, a press release) states the maximum as enacted.
func penaltyFirst(t *glossary.Term, pn *glossary.Penalty, day time.Time) bool {
	from, ok := legal.ParseDay(pn.From)
	if !ok || !day.Before(from) {
		return false
	}
	for i := range t.Penalty {
		o := &t.Penalty[i]
		if o.Mode != pn.Mode {
			continue
		}
		if f, ok := legal.ParseDay(o.From); !ok || f.Before(from) {
			return false
		}
	}
	return true
}

// penaltyTableDated reports whether a table states the law of a past period:
// the paragraph that introduces it, or its section's heading, says so
// ("offences committed before 3 April 2017", "The law at the time").
func penaltyTableDated(facts *DocFacts, cell *BlockFacts) bool {
	var lead *BlockFacts
	for _, bf := range facts.Blocks {
		if bf.Block.Kind == corpus.TableCell && bf.Block.Table == cell.Block.Table {
			break
		}
		if bf.Block.Kind == corpus.Paragraph {
			lead = bf
		} else if bf.Block.Kind == corpus.HeadingBlock {
			lead = nil
		}
	}
	dated := func(s string) bool {
		s = strings.ToLower(s)
		if strings.Contains(s, "at the time") || strings.Contains(s, "then in force") {
			return true
		}
		for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
			if penaltyClauseHistoric[w] {
				return true
			}
		}
		return false
	}
	if lead != nil && strings.HasSuffix(strings.TrimSpace(lead.Block.Run.Text), ":") && dated(lead.Block.Run.Text) {
		return true
	}
	if sec := cell.Block.Section; sec != nil && sec.Heading != nil && dated(sec.Heading.Text) {
		return true
	}
	return false
}

// penAnaphoricWords open a sentence whose subject is something named
// before it: "It carries ...", "This offence is ...", "Such a breach ...".
var penAnaphoricWords = map[string]bool{"it": true, "this": true, "that": true, "such": true}

// penAnaphoric reports whether sentence k of a block has a pronoun or "the
// offence" for its subject.
func penAnaphoric(b *BlockFacts, k int) bool {
	words := sentenceWords(b, k)
	if len(words) == 0 {
		return false
	}
	return penAnaphoricWords[words[0]] || len(words) > 1 && words[0] == "the" && words[1] == "offence"
}
