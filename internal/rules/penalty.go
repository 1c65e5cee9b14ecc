package rules

import (
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
			"Only a figure stated as a maximum is compared (\"a maximum of five years' imprisonment\", \"carries\", \"liable to\", \"punishable by\", \"up to\" a custodial term, \"could face five years in jail\", \"at most\", \"the most the court can impose is\", any term in a table column headed as the maximum or the penalty, or a custodial term opening the answer to a question that asks for the maximum); it is attached to an offence by a glossary term that has penalties, or by a citation of a section that is such a term's source, in the same sentence (the nearest before it, else after it, unless the sentence's subject is a pronoun such as \"It\" or \"This offence\": then what it refers back to comes first), or else in the previous sentence, the other cells of its table row, or the question its paragraph answers, and to the mode of trial stated for it (\"on indictment\", \"in the Crown Court\", \"summarily\", \"on summary conviction\", or in its column's heading: \"Maximum on indictment\"). " +
			"A family's name narrowed in its clause by an ingredient of one of its offences is that offence (\"stalking that causes fear of violence\", \"stalking involving serious alarm or distress\": s.4A). A breach of an order is the glossary's offence of breaching it, whether the order is named (\"breaching a restraining order\") or referred back to (\"breach of the order\", \"breaching it\", a bare \"Breach is ...\" after the order is named in the paragraph, its table row, or the heading or term it follows). " +
			"Where a term has several maxima (the aggravated offences: 6 months on summary conviction, and on indictment 2 years for s.2 or s.2A, 14 years for s.4 or s.4A), the provisions cited in the sentence, the words \"fear of violence\", or the mode stated choose between them. " +
			"A family's bare name (\"stalking\", \"harassment\", with no section, fear of violence or other qualifier) accepts the maximum of any of its offences (stalking: s.2A, s.4A and their aggravated forms), and a figure none of them has is a warning. " +
			"The glossary's maxima carry the dates they hold from and until: a page dated (front matter updated, date or archived) before a change is judged by the law of its date, and a figure that was right then gets an info note that the law has since changed. " +
			"It does NOT flag the old figure of a change (\"raised from five years\", \"doubled the five-year maximum\", \"previously five years\"), a figure stated for a past period that was right for it (\"offences committed before 3 April 2017 carry five years\"), time limits, ages, dates and durations (\"within two years\", \"an SPO lasts for at least two years\"), sentences passed (\"was jailed for three years\"), the ranges of sentencing guidelines (\"2–8 years' custody\"), a figure of 12 months or less stated for no mode or for summary trial of an either-way offence (the general limit), or a figure on a page or in a section about Scotland or Northern Ireland unless the sentence names England and Wales or one of its Acts. " +
			"A maximum attached only through the previous sentence, another cell of a table row or a question, through a family's bare name, in a sentence that gives a date or speaks of a change, or inside quotation marks (someone quoted on the page, still stating the law in its name), is reported as a warning.",
		Severity: Error,
		Examples: []Example{
			{Title: "a maximum stated as the most the court can impose", Markdown: "Stalking under section 2A is summary only, and the most the court can impose is 12 months' imprisonment.\n", Want: []string{"penalty-mismatch@1:81"}},
			{Title: "a pronoun subject states the figure for its entry's offence, not for one named after it", Markdown: "**Breach of a restraining order**\n: It is triable either way, with a maximum of two years' imprisonment, and may itself be further stalking.\n", Want: []string{"penalty-mismatch@2:47"}},
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
			{Title: "a bare family name accepts any of its offences' maxima", Markdown: "Stalking carries a maximum of 10 years' imprisonment.\n"},
			{Title: "a figure none of the family's offences has (a warning)", Markdown: "Stalking carries a maximum of 20 years' imprisonment.\n", Want: []string{"penalty-mismatch@1:31"}},
			{Title: "the old figure of a change", Markdown: "The Policing and Crime Act 2017 doubled the five-year maximum for the s.4A offence.\n"},
			{Title: "a page dated before the change (an info note)", Markdown: "---\ntitle: Stalking\nupdated: 2015-06-01\n---\nThe s.4A offence carries a maximum of five years' imprisonment.\n", Want: []string{"penalty-mismatch@5:39"}},
			{Title: "a figure bound to the mode stated", Markdown: "On indictment, the s.4A offence carries a maximum of 12 months' imprisonment.\n", Want: []string{"penalty-mismatch@1:54"}},
			{Title: "the aggravated offences' summary maximum", Markdown: "On summary conviction the racially or religiously aggravated form of s.2A carries a maximum of six months' imprisonment.\n"},
			{Title: "a sentence passed is not a maximum", Markdown: "He was jailed for three years for stalking involving fear of violence.\n"},
			{Title: "a guideline range is not a maximum", Markdown: "For the s.4A offence, category 1A is 2–8 years' custody.\n"},
			{Title: "a page about Scotland states Scotland's law", Markdown: "---\ntitle: Stalking in Scotland\n---\nStalking carries a maximum of five years' imprisonment on indictment.\n"},
			{Title: "a table row: the figure under a maximum column is the row's offence's", Markdown: "| Offence | Provision | Maximum on indictment |\n|---|---|---|\n| Stalking involving fear of violence | s.4A PHA 1997 | 5 years |\n", Want: []string{"penalty-mismatch@3:57"}},
			{Title: "a table with the right maxima", Markdown: "| Offence | Provision | Maximum on indictment |\n|---|---|---|\n| Stalking involving fear of violence | s.4A PHA 1997 | 10 years |\n"},
			{Title: "a family's name narrowed by an ingredient of one offence", Markdown: "Stalking that causes fear of violence is punishable on indictment by up to five years' imprisonment.\n", Want: []string{"penalty-mismatch@1:76"}},
			{Title: "an answer bound to the offence its question names (a warning)", Markdown: "**What is the maximum sentence for stalking involving serious alarm or distress?**\n\nIn the Crown Court it is five years' imprisonment.\n", Want: []string{"penalty-mismatch@3:26"}},
			{Title: "breaching an order is the offence of breach", Markdown: "Breaching a restraining order is punishable by up to two years' imprisonment.\n", Want: []string{"penalty-mismatch@1:54"}},
			{Title: "breach of the order named before it (a glossary entry)", Markdown: "**Restraining order**: an order a criminal court makes to protect a victim. Breach of the order carries a maximum of ten years' imprisonment.\n", Want: []string{"penalty-mismatch@1:118"}},
			{Title: "breach of something else", Markdown: "Breach of bail conditions can lead to remand in custody; the court may impose up to two years' imprisonment for the original offence.\n"},
			{Title: "a quotation stating the law (a warning)", Markdown: "A detective said: \"Putting people in fear of violence carries a maximum of five years in prison.\"\n", Want: []string{"penalty-mismatch@1:76"}},
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
	// bare is set for a family's own name with nothing to narrow it
	// ("stalking", not "s.2A stalking"): any member's maximum fits.
	bare bool
}

type penRowKey struct{ table, row int }

func checkPenaltyMismatch(p *Pass) {
	ix := legal.IndexFor(p.Glossary)
	facts := p.Facts(p.Doc)
	resolved := ix.ResolveDoc(p.Rule.ID, facts)
	// The page's date is read (front matter, archive label) at the first
	// penalty: most pages state none.
	var when legal.When
	whenRead := false
	pc := newPenCheck(p.Glossary, ix, facts, resolved)
	places := legal.PlacesOf(p.Doc)
	for bk, b := range facts.Blocks {
		text := b.Block.Run.Text
		if len(b.Sentences) == 0 {
			continue
		}
		// A cell under a column headed as the maximum states one even
		// with no word for it ("| s.4A | 5 years |").
		column, columnMode := penaltyColumn(facts, b)
		var pens []legal.Penalty
		if column {
			pens = legal.ParseTerms(text)
		} else {
			pens = legal.ParsePenalties(text)
		}
		if len(pens) == 0 {
			continue
		}
		if !whenRead {
			when, whenRead = legal.WhenFor(p.Doc), true
		}
		pb := pc.block(bk)
		mentions := make([]legal.Mention, len(pb.mentions))
		for i, m := range pb.mentions {
			mentions[i] = m.Mention
		}
		for _, pen := range pens {
			k := b.SentenceAt(pen.Start)
			rd := penaltyReadingOf(b, k, pen)
			if rd == penPlain && b.Block.Kind == corpus.TableCell && penaltyTableDated(facts, b) {
				rd = penPast // "Maximum penalties (offences committed before 3 April 2017):"
			}
			// An answer to a question that asks for the maximum ("What is
			// the maximum sentence for ...?") states one in any custodial
			// term it opens with: "It is five years' imprisonment."
			asked := pen.Custodial && k < 2 && pc.asksMaximum(bk)
			if rd == penOld || !penaltyStated(pen, rd, column || asked) || places.Foreign(b, k, pb.cites) {
				continue
			}
			// What the figure is bound to: an offence in its sentence (the
			// nearest before it, else after it), else in the sentence
			// before, the other cells of its table row, or the question
			// its block answers.
			var sc penScope
			sc.add(pb, k)
			var primary *penAttach
			for i := range sc.atts {
				a := &sc.atts[i]
				switch {
				case a.pos < pen.Start && (primary == nil || primary.pos > pen.Start || a.pos > primary.pos):
					primary = a
				case a.pos > pen.Start && (primary == nil || primary.pos > pen.Start && a.pos < primary.pos):
					primary = a
				}
			}
			weak := false
			// "It is triable either way, with a maximum of two years, and
			// may itself be further stalking": a sentence whose subject is
			// a pronoun states its figure for what the sentence before,
			// the table row or the question names; an offence named after
			// the figure is bound only when none of those names one.
			var after penScope
			var afterPrimary *penAttach
			if primary != nil && primary.pos > pen.Start && penAnaphoric(b, k) {
				after, afterPrimary = sc, primary
				sc, primary = penScope{}, nil
			}
			if primary == nil && k > 0 {
				sc.add(pb, k-1)
				if len(sc.atts) > 0 {
					primary = penLast(sc.atts)
				}
				weak = true
			}
			if primary == nil {
				row, rp := pc.rowScope(pb)
				if rp < 0 && (afterPrimary != nil || !penBoundBefore(pb, k)) {
					row, rp = pc.questionScope(pb)
				}
				if rp >= 0 {
					n := len(sc.atts)
					sc.merge(row)
					primary = &sc.atts[n+rp]
					weak = true
				}
			}
			if primary == nil && afterPrimary != nil {
				sc, primary, weak = after, afterPrimary, false
			}
			if primary == nil {
				continue
			}
			chosen := sc.atts
			cited := sc.cited
			var fearRefs []legal.Ref
			if sc.fear {
				for _, t := range ix.FearTerms {
					for _, pv := range ix.Sources[t] {
						fearRefs = append(fearRefs, pv.Ref)
					}
				}
			}
			// The provisions the sentence speaks of choose between a term's
			// several maxima: cited ones first, then "fear of violence",
			// then the sources of the terms it names. A family's bare name
			// ("stalking carries up to 10 years") speaks of any of its
			// offences, unless a section or "fear of violence" says which;
			// a mode of trial narrows it below.
			familyOK := len(cited) == 0 && !sc.fear
			var named []legal.Ref
			for i, m := range sc.mentions {
				if familyOK && m.bare {
					continue // a bare name narrows nothing
				}
				for _, pv := range ix.Sources[m.Term] {
					named = append(named, pv.Ref)
				}
				// "racially or religiously aggravated stalking" names stalking.
				inner := strings.Fields(strings.ToLower(sc.texts[i][m.Start:m.End]))
				for _, st := range ix.SourceNames {
					if st.Term != m.Term && containsFields(inner, st.Words) && st.Fields < len(inner) {
						for _, pv := range ix.Sources[st.Term] {
							named = append(named, pv.Ref)
						}
					}
				}
			}
			family := false
			if familyOK {
				var members []penAttach
				for _, a := range chosen {
					if !a.bare {
						continue
					}
					for _, o := range ix.Families[a.term][1:] {
						members = append(members, penAttach{o, a.pos, a.sent, false})
					}
					if a.term == primary.term {
						family = true
					}
				}
				chosen = append(chosen[:len(chosen):len(chosen)], members...)
			}
			if weak && ix.FamilyHasMaximum(primary.term, pen.Months, when) {
				// Bound only through the sentence before, the table row or
				// the question, and right for one of that offence's family:
				// the sentence may well speak of that one ("The more
				// serious offence ... ten years").
				continue
			}
			mode := penaltyMode(b, k, pen, pens, mentions)
			if mode == "" {
				mode = columnMode
			}
			primaryAllowed := ix.AllowedMaxima(primary.term, mode, cited, fearRefs, named)

			v := judgePenalty(ix, chosen, pen.Months, mode, when, cited, fearRefs, named)
			var f Finding
			switch {
			case v.now:
				continue
			case v.then != nil && when.Archived:
				continue // right at its date, and marked as archived
			case v.then != nil:
				f = penaltyThenFinding(ix, v.thenTerm, v.then, ix.AllowedMaxima(v.thenTerm, v.then.Mode, cited, fearRefs, named), when, text, pen)
			case rd == penPast && v.ever:
				continue // right for the period the sentence speaks of
			case family:
				f = penaltyFamilyFinding(ix, primary.term, mode, text, pen)
				f.Severity, f.Confidence = Warning, 0.6
			default:
				f = penaltyFinding(ix, primary.term, primaryAllowed, text, pen)
				f.Confidence = 0.92
				switch {
				case weak:
					f.Severity, f.Confidence = Warning, 0.65
				case rd != penPlain || legal.MentionsDate(b, k):
					// A figure beside a date may be the law of that date.
					f.Severity, f.Confidence = Warning, 0.6
				case penaltyQuoted(text, pen.Start):
					// Someone quoted on the page ("an officer said: '...'")
					// states the law in the page's name, but the page may
					// not stand behind every word of it.
					f.Severity, f.Confidence = Warning, 0.6
					f.Message += " (in a quotation; the page still states it as the law)"
				}
			}
			s, e := b.Block.Run.Span(pen.Start, pen.End)
			f.Context = b.Sentences[k].Text(&b.Block.Run)
			p.Report(p.Doc, s, e, f)
		}
	}
}
