package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/legal"
)

func init() {
	register(&Rule{
		ID:    "penalty-mismatch",
		Title: "A stated maximum penalty that differs from the glossary's",
		Rationale: "Outdated maxima are the commonest factual error in guidance: the s.4 and s.4A offences were raised from five to 10 years in 2017, and their racially or religiously aggravated forms from seven to 14. " +
			"A stated maximum (\"a maximum of five years' imprisonment\", \"up to 10 years\", \"six months\", \"51 weeks\", in words or digits) is attached to an offence by a glossary term that has penalties, or by a citation of a section that is such a term's source, in the same sentence (the nearest before it, else after it) or else in the previous sentence, and is compared with every maximum the glossary gives that term. " +
			"Where a term has several maxima (the aggravated offences: 2 years for s.2 or s.2A, 14 years for s.4 or s.4A), the provisions cited in the sentence, or the words \"fear of violence\", choose between them, using the provisions each penalty's note cites. " +
			"It does NOT flag a figure that any term attached in the sentence allows, a maximum framed as history (\"was raised from five years\", \"previously five years\", \"before April 2017\"), time limits, ages, dates and durations (\"within two years\", \"an SPO lasts for at least two years\", \"aged 16\", \"six months after\"), sentences actually passed (\"sentenced to two years\"), \"up to\" with nothing to say it is a custodial maximum, or a figure of 12 months or less for an either-way offence whose summary maximum the glossary gives only as the general limit. A maximum attached only through the previous sentence or another cell of a table row is reported as a warning.",
		Severity: Error,
		Examples: []Example{
			{Title: "the pre-2017 maximum for s.4A", Markdown: "The s.4A offence carries a maximum of five years' imprisonment.\n", Want: []string{"penalty-mismatch@1:39"}},
			{Title: "stalking given the maximum of its aggravated form", Markdown: "Stalking is a summary offence with a maximum sentence of two years.\n", Want: []string{"penalty-mismatch@1:58"}},
			{Title: "the offence named in the previous sentence", Markdown: "Putting people in fear of violence is an either-way offence under s.4 PHA 1997. On indictment it carries up to 7 years' imprisonment.\n", Want: []string{"penalty-mismatch@1:112"}},
			{Title: "the aggravated s.4A offence with the old maximum", Markdown: "Racially or religiously aggravated stalking involving fear of violence carries a maximum of seven years' imprisonment.\n", Want: []string{"penalty-mismatch@1:93"}},
			{Title: "breach of an SPO in words", Markdown: "Breach of a Stalking Protection Order is an either-way offence punishable by up to ten years' imprisonment.\n", Want: []string{"penalty-mismatch@1:84"}},
			{Title: "history of the s.4A maximum", Markdown: "The maximum for the s.4A offence was raised from five years to 10 years in 2017.\n"},
			{Title: "the right maxima in digits and words", Markdown: "Stalking under s.2A PHA 1997 is summary only, with a maximum of 51 weeks in the text, read as six months. The s.4A offence carries 10 years' imprisonment on indictment.\n"},
			{Title: "the aggravated harassment offence", Markdown: "The racially or religiously aggravated versions of the s.2 and s.2A offences, under s.32(1)(a) of the Crime and Disorder Act 1998, carry a maximum of two years' imprisonment on indictment.\n"},
			{Title: "an order's duration is not a penalty", Markdown: "An SPO lasts for at least two years, and a Stalking Protection Order may be renewed.\n"},
			{Title: "a time limit", Markdown: "Harassment is summary only, so proceedings must begin within six months of the offence.\n"},
			{Title: "the old maximum framed as history", Markdown: "For offences committed before 3 April 2017, the maximum for putting people in fear of violence was five years.\n"},
			{Title: "several offences, each with its own maximum", Markdown: "Harassment (s.2) carries six months' imprisonment, while stalking involving fear of violence or serious alarm or distress carries 10 years' imprisonment.\n"},
		},
		Check: checkPenaltyMismatch,
	})
}

// penAttach is an offence a penalty can belong to: a term named, or a
// citation of one of its sources, at a place in a block.
type penAttach struct {
	term *glossary.Term
	pos  int
	sent int
}

// penaltyHasMaximum reports whether a term has a quantified maximum to check.
func penaltyHasMaximum(t *glossary.Term) bool {
	for _, p := range t.Penalty {
		if p.Months > 0 {
			return true
		}
	}
	return false
}

type penRowKey struct{ table, row int }

func checkPenaltyMismatch(p *Pass) {
	ix := lawIndexFor(p.Glossary)
	facts := p.Facts(p.Doc)
	resolved := ix.resolveDoc(p.Rule.ID, facts)
	rows := map[penRowKey][]penAttach{}
	for bk, b := range facts.Blocks {
		text := b.Block.Run.Text
		cites := resolved.blocks[bk]
		if len(b.Sentences) == 0 {
			continue
		}
		pens := legal.ParsePenalties(text)
		if len(pens) == 0 && b.Block.Kind != corpus.TableCell {
			// Nothing to check here, and only table cells leave anything
			// (the offences of their row) for later blocks.
			continue
		}
		ctx := resolved.actsAfter(bk)
		mentions := lawTermMentions(b, cites)

		// What each sentence attaches to, and which provisions it cites.
		var atts []penAttach
		for _, m := range mentions {
			if penaltyHasMaximum(m.term) {
				atts = append(atts, penAttach{m.term, m.start, b.SentenceAt(m.start)})
			}
		}
		citedRefs := map[int][]lawRef{}
		for _, rc := range cites {
			k := b.SentenceAt(rc.Start)
			for _, r := range ix.penaltyRefs(rc, ctx) {
				citedRefs[k] = append(citedRefs[k], r)
				owners := ix.owners(r)
				// "the racially or religiously aggravated form of s.4":
				// an offence built on the cited one, named by a word of
				// its own, comes first.
				for _, t := range ix.builtOn(r, owners, lawSentenceWords(b, k)) {
					atts = append(atts, penAttach{t, rc.Start, k})
				}
				for _, t := range owners {
					if penaltyHasMaximum(t) {
						atts = append(atts, penAttach{t, rc.Start, k})
					}
				}
			}
		}
		// In text order; at one place, an offence built on the cited one
		// stays before the cited one's own.
		sort.SliceStable(atts, func(i, j int) bool { return atts[i].pos < atts[j].pos })
		var key penRowKey
		if b.Block.Kind == corpus.TableCell {
			key = penRowKey{b.Block.Table, b.Block.Row}
		}
		for _, pen := range pens {
			if !pen.Maximum && !pen.Custodial {
				continue // "up to" alone also gives durations of orders
			}
			k := b.SentenceAt(pen.Start)
			if historicPenalty(b, k, pen) {
				continue
			}
			var chosen []penAttach
			var primary *penAttach
			weak := false
			for i := range atts {
				a := &atts[i]
				if a.sent != k {
					continue
				}
				chosen = append(chosen, *a)
				switch {
				case a.pos < pen.Start && (primary == nil || primary.pos > pen.Start || a.pos > primary.pos):
					primary = a
				case a.pos > pen.Start && (primary == nil || primary.pos > pen.Start && a.pos < primary.pos):
					primary = a
				}
			}
			sents := []int{k}
			if primary == nil && k > 0 {
				for i := range atts {
					if atts[i].sent == k-1 {
						chosen = append(chosen, atts[i])
						if primary == nil || atts[i].pos > primary.pos {
							primary = &atts[i]
						}
					}
				}
				sents = append(sents, k-1)
				weak = true
			}
			if primary == nil && b.Block.Kind == corpus.TableCell && len(rows[key]) > 0 {
				chosen = rows[key]
				primary = &chosen[len(chosen)-1]
				weak = true
			}
			if primary == nil {
				continue
			}
			// The provisions the sentence speaks of choose between a term's
			// several maxima: cited ones first, then "fear of violence",
			// then the sources of the terms it names.
			var cited, named []lawRef
			for _, sk := range sents {
				cited = append(cited, citedRefs[sk]...)
			}
			fear := false
			for _, sk := range sents {
				if strings.Contains(strings.ToLower(b.Sentences[sk].Text(&b.Block.Run)), "fear of violence") {
					fear = true
				}
			}
			var fearRefs []lawRef
			if fear {
				for _, t := range ix.fearTerms {
					for _, pv := range ix.sources[t] {
						fearRefs = append(fearRefs, pv.lawRef)
					}
				}
			}
			for _, m := range mentions {
				sk := b.SentenceAt(m.start)
				if sk != k && !(len(sents) > 1 && sk == sents[1]) {
					continue
				}
				for _, pv := range ix.sources[m.term] {
					named = append(named, pv.lawRef)
				}
				// "racially or religiously aggravated stalking" names stalking.
				inner := strings.Fields(strings.ToLower(text[m.start:m.end]))
				for _, st := range ix.sourceNames {
					if st.term != m.term && lawContainsFields(inner, st.words) && st.fields < len(inner) {
						for _, pv := range ix.sources[st.term] {
							named = append(named, pv.lawRef)
						}
					}
				}
			}
			ok := false
			for _, a := range chosen {
				if allowed, _ := ix.allowedMaxima(a.term, cited, fearRefs, named); allowsMonths(a.term, allowed, pen.Months) {
					ok = true
					break
				}
			}
			if ok {
				continue
			}
			allowed, _ := ix.allowedMaxima(primary.term, cited, fearRefs, named)
			f := penaltyFinding(ix, primary.term, allowed, text, pen)
			if weak {
				f.Severity = Warning
			}
			s, e := b.Block.Run.Span(pen.Start, pen.End)
			f.Context = b.Sentences[k].Text(&b.Block.Run)
			p.Report(p.Doc, s, e, f)
		}
		if b.Block.Kind == corpus.TableCell {
			rows[key] = append(rows[key], atts...)
		}
	}
}

// penaltyRefs are the provisions a citation cites, for attaching penalties:
// under its own Act, or, when it names none and the inherited Act has no such
// source, under the latest Act the document has named that does ("s.32(1)(a)"
// after "the Crime and Disorder Act 1998").
func (ix *lawIndex) penaltyRefs(rc *lawCitation, ctx *lawDocActs) []lawRef {
	refs := rc.refs()
	if rc.named {
		return refs
	}
	known := false
	for _, r := range refs {
		if len(ix.owners(r)) > 0 {
			known = true
		}
	}
	if known {
		return refs
	}
	for k := len(ctx.named) - 1; k >= 0; k-- {
		a := ctx.named[k].act
		if a == nil {
			continue
		}
		var out []lawRef
		for _, s := range rc.Sections {
			if r := (lawRef{a, s}); len(ix.owners(r)) > 0 {
				out = append(out, r)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	// Guidance on this subject that cites "s.4A" with no Act anywhere
	// means the one Act under which the glossary has such an offence.
	var out []lawRef
	for _, s := range rc.Sections {
		var found *lawAct
		unique := true
		for _, pv := range ix.provisions {
			if !penaltyHasMaximum(pv.term) || !lawSameSection(s, pv.section) {
				continue
			}
			if found != nil && found != pv.act {
				unique = false
			}
			found = pv.act
		}
		if found != nil && unique {
			out = append(out, lawRef{found, s})
		}
	}
	return out
}

// builtOn returns the terms whose penalty notes cite r (the aggravated
// forms of s.2 and s.4) when the sentence uses a word that names that term
// and no other ("aggravated", "racially").
func (ix *lawIndex) builtOn(r lawRef, owners []*glossary.Term, words []string) []*glossary.Term {
	var out []*glossary.Term
	offence := false
	for _, o := range owners {
		offence = offence || penaltyHasMaximum(o)
	}
	if !offence {
		return nil // only an offence can have an aggravated form
	}
	for _, sr := range ix.scoped {
		if sr.act != r.act || !lawSectionWithin(r.section, sr.section) || lawContainsTerm(out, sr.term) || lawContainsTerm(owners, sr.term) {
			continue
		}
		named := false
		for _, w := range ix.distinct[sr.term] {
			for _, sw := range words {
				if sw == w {
					named = true
				}
			}
		}
		if named {
			out = append(out, sr.term)
		}
	}
	return out
}

// allowedMaxima returns the term's quantified maxima that apply, narrowed by
// the provisions the sentence speaks of when the term has several.
func (ix *lawIndex) allowedMaxima(t *glossary.Term, groups ...[]lawRef) ([]*glossary.Penalty, bool) {
	var all []*glossary.Penalty
	for i := range t.Penalty {
		if t.Penalty[i].Months > 0 {
			all = append(all, &t.Penalty[i])
		}
	}
	if len(all) < 2 {
		return all, false
	}
	for _, refs := range groups {
		var sel []*glossary.Penalty
		for _, pn := range all {
			if ix.inScope(pn, refs) {
				sel = append(sel, pn)
			}
		}
		if len(sel) > 0 && len(sel) < len(all) {
			return sel, true
		}
	}
	return all, false
}

// inScope reports whether any provision lies within one the penalty's note cites.
func (ix *lawIndex) inScope(pn *glossary.Penalty, refs []lawRef) bool {
	for _, s := range ix.scopes[pn] {
		for _, r := range refs {
			if r.act == s.act && lawSectionWithin(r.section, s.section) {
				return true
			}
		}
	}
	return false
}

// allowsMonths reports whether a stated maximum matches: one of the
// allowed maxima, or, for a term whose summary maximum the glossary gives
// only as a phrase (the general limit), any figure of 12 months or less.
func allowsMonths(t *glossary.Term, allowed []*glossary.Penalty, months int) bool {
	for _, pn := range allowed {
		if pn.Months == months {
			return true
		}
	}
	if months <= 12 {
		for _, pn := range t.Penalty {
			if pn.Months == 0 {
				return true
			}
		}
	}
	return false
}

// historicPenalty reports a maximum framed as past law: "raised from five
// years", "previously five years", "it was 5 years", or a clause that speaks
// of "before April 2017", "prior to", "until".
func historicPenalty(b *BlockFacts, k int, pen legal.Penalty) bool {
	text := b.Block.Run.Text
	s := b.Sentences[k]
	lo, hi := min(s.Start, pen.Start), max(s.End, pen.End)
	if i := strings.LastIndexAny(text[lo:pen.Start], ";"); i >= 0 {
		lo += i + 1
	}
	if i := strings.IndexAny(text[pen.End:hi], ";"); i >= 0 {
		hi = pen.End + i
	}
	var before []string
	for _, t := range b.Tokens {
		if t.Start >= lo && t.End <= pen.Start {
			before = append(before, t.Surface)
		}
	}
	for i := len(before) - 1; i >= 0 && i >= len(before)-5; i-- {
		w := before[i]
		if penaltyFiller[w] {
			continue
		}
		if penaltyHistoric[w] {
			return true
		}
		break
	}
	for _, t := range b.Tokens {
		if t.Start >= lo && t.End <= hi && penaltyClauseHistoric[t.Surface] {
			return true
		}
	}
	return false
}

// penaltyFiller are words skipped when looking at what a maximum follows:
// "was a maximum of five years".
var penaltyFiller = map[string]bool{"a": true, "an": true, "the": true, "maximum": true, "max": true, "of": true, "penalty": true, "sentence": true, "term": true, "only": true, "just": true}

// penaltyHistoric, just before a maximum, make it the old one.
var penaltyHistoric = map[string]bool{"from": true, "previously": true, "formerly": true, "originally": true, "was": true, "were": true, "then": true, "once": true}

// penaltyClauseHistoric, anywhere in the clause, frame it as history.
var penaltyClauseHistoric = map[string]bool{"before": true, "prior": true, "until": true, "previously": true, "formerly": true, "historic": true, "historical": true, "older": true, "originally": true, "pre": true}

// penaltyFinding explains a maximum that differs from the glossary's.
func penaltyFinding(ix *lawIndex, t *glossary.Term, allowed []*glossary.Penalty, text string, pen legal.Penalty) Finding {
	label := t.Term
	if pv, ok := ix.offenceSource(t); ok {
		label += " (" + lawRefLabel(pv.lawRef) + ")"
	}
	var gives, want []string
	for _, pn := range allowed {
		g := pn.Maximum
		switch pn.Mode {
		case "indictment":
			g += " on indictment"
		case "summary":
			g += " on summary conviction"
		}
		if len(allowed) == 1 {
			g += " for " + label
			if pn.Note != "" {
				g += "; " + pn.Note
			}
		} else if pn.Note != "" {
			g += " (" + pn.Note + ")"
		}
		gives = append(gives, g)
		want = append(want, pn.Maximum)
	}
	msg := fmt.Sprintf("maximum stated as %s; the glossary gives %s", pen.Amount, strings.Join(gives, ", or "))
	if len(allowed) > 1 {
		msg += " for " + label
	}
	// Suggest the maximum nearest the one written: a wrong indictment
	// maximum wants the right indictment maximum, not the summary one.
	best := allowed[0]
	for _, pn := range allowed[1:] {
		if penRatioGap(pn.Months, pen.Months) < penRatioGap(best.Months, pen.Months) {
			best = pn
		}
	}
	return Finding{
		Term:       t.ID,
		Message:    msg,
		Suggestion: best.Maximum,
		Expected:   strings.Join(want, " or "),
		Actual:     text[pen.Start:pen.End],
	}
}

// penRatioGap is how far apart two lengths are, as a ratio.
func penRatioGap(a, b int) float64 {
	if a <= 0 || b <= 0 {
		return 1e9
	}
	if a < b {
		a, b = b, a
	}
	return float64(a) / float64(b)
}

// offenceSource is the source that names a term's offence: the first that
// cites a whole section (harassment: s.2, not s.1(1)), else the first.
func (ix *lawIndex) offenceSource(t *glossary.Term) (lawProvision, bool) {
	srcs := ix.sources[t]
	if len(srcs) == 0 {
		return lawProvision{}, false
	}
	for _, pv := range srcs {
		if !strings.Contains(pv.section, "(") {
			return pv, true
		}
	}
	return srcs[0], true
}
