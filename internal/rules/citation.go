package rules

import (
	"github.com/concord-guidance/concord/internal/legal"
)

func init() {
	register(&Rule{
		ID:    "citation-mismatch",
		Title: "A citation that does not match the glossary's source, names an Act wrongly, or cites a superseded power",
		Rationale: "Guidance that cites the wrong provision sends prosecutors to the wrong offence: stalking cited as section 2 (harassment) instead of section 2A is the very confusion the 2022 super-complaint described. " +
			"Citations are parsed in the forms guidance uses (\"section 2A of the Protection from Harassment Act 1997\", \"s.2A PHA 1997\", \"ss.2A and 4A\", \"section 2A(3) of the 1997 Act\", \"PHA 1997, s.4A\"), and their Act is resolved through the glossary's Act entries; a citation naming no Act takes the Act of the nearest earlier citation in the same paragraph, and is otherwise left alone. " +
			"\"The Act\" is the Act the document defines as \"the Act\", else in a paragraph that names none the one Act named earlier in the section, or else in the document, and nothing when they name several; an Act named only as the one that amended or inserted something (\"as amended by the Protection of Freedoms Act 2012\") is never \"the Act\", and a section \"the Act\" lacks is still reported when only one Act can be meant. " +
			"Three things are flagged: (1) a citation attached to a glossary term whose section is not among that term's sources in the same Act: the nearest term mentioned within a few words in the same sentence, except that a citation ending its sentence, away from the nearest term, belongs to the sentence's subject (reported as a warning); a citation alone in a table cell under a provisions heading belongs to the offence the row's first cell names; an order named after a breach word (\"breaching an interim SPO\") is the offence of breaching it; a concept's own citation is one beside it (\"X (s.7(3))\", \"defined in\") or in a sentence defining it (\"X means ... (s.7(3))\", \"Under s.7(3), X means\"), and a subsection that is another term's own (s.7(2), harassment's) is not the concept's; a provision of another Act altogether is reported only right by the term (\"X under\", \"X (...)\", or the sentence's subject framed as \"X ... is an offence under\" the citation) when it is another offence's or order's provision, or the term's own section number in the wrong Act (\"s.76 of the Domestic Abuse Act 2021\" for s.76 of the Serious Crime Act 2015); (2) an Act-like name that is a near miss of a glossary Act (a changed or misspelt word) or a glossary Act with the wrong year; (3) a provision the glossary marks as superseded, cited as current law. " +
			"It does NOT flag a citation when a term named with the attached one (\"stalking and harassment are offences under ss.2 and 2A\"), or in the previous sentence, rests on the cited provision (a term elsewhere in the sentence does not excuse it), when the page or its section is about Scotland or Northern Ireland and the citation names no Act of England and Wales, when the cited provision belongs to a more specific offence named after the term (the s.4A stalking offence), when the words between term and citation contrast them (\"not\", \"rather than\", \"unlike\"), when the Act is unknown, when deprecated-term already reports the misnamed Act, or when a superseded provision is framed historically (\"before 1 December 2020\", \"previously\", \"were made under\"). A superseded provision cited on a page dated before it was superseded gets an info note, not an error.",
		Severity: Error,
		Options: []Option{
			{Name: "attach-words", Default: 8, Unit: Count, Doc: "most words between a term and a citation for the citation to be read as the term's source"},
			{Name: "year-distance", Default: 3, Unit: Count, Doc: "a known Act's title with a year at most this far off is reported as a wrong year (further off may be another Act of the same name, such as the Criminal Justice Act 1988)"},
		},
		Examples: []Example{
			{Title: "stalking cited as the harassment section", Markdown: "Stalking is an offence under section 2 of the Protection from Harassment Act 1997.\n", Want: []string{"citation-mismatch@1:30"}},
			{Title: "the s.4A offence cited to the wrong section in short form", Markdown: "Stalking involving fear of violence or serious alarm or distress is an offence under s.4 PHA 1997.\n", Want: []string{"citation-mismatch@1:86"}},
			{Title: "a provision inherited from an earlier citation in the paragraph", Markdown: "The Protection from Harassment Act 1997 (PHA 1997) creates the offences prosecutors use most.\nIn practice, stalking is often charged under s.2.\n", Want: []string{"citation-mismatch@2:46"}},
			{Title: "the Act with the wrong year", Markdown: "Police may apply for an order under the Stalking Protection Act 2020.\n", Want: []string{"citation-mismatch@1:41"}},
			{Title: "a misnamed Act", Markdown: "Racially or religiously aggravated stalking is an offence under section 32 of the Crime and Disorders Act 1998.\n", Want: []string{"citation-mismatch@1:83"}},
			{Title: "a superseded power cited as current law", Markdown: "On conviction for stalking, the court may make a restraining order under s.5 PHA 1997.\n", Want: []string{"citation-mismatch@1:74"}},
			{Title: "each offence with its own section", Markdown: "Harassment is an offence under section 2 and stalking under section 2A of the Protection from Harassment Act 1997.\n"},
			{Title: "a superseded power framed historically", Markdown: "Before 1 December 2020, restraining orders on conviction were made under s.5 PHA 1997.\n"},
			{Title: "a subsection of the right section", Markdown: "Stalking is defined in section 2A(2) of the 1997 Act, and s.2A(3) PHA 1997 lists examples of acts associated with stalking.\n"},
			{Title: "the more serious stalking offence", Markdown: "Where the conduct amounts to stalking, the stalking offence in s.4A PHA 1997 should be considered.\n"},
			{Title: "the misspelt Act that deprecated-term reports", Markdown: "Stalking is an offence under s.2A of the Protection of Harassment Act 1997.\n"},
			{Title: "a different Act of the same name", Markdown: "Hearsay is admissible under the Criminal Justice Act 1988 and the Criminal Justice Act 2003.\n"},
			{Title: "a charge that is not the term's section", Markdown: "Conduct showing acts associated with stalking should not be charged as harassment under s.2 PHA 1997.\n"},
			{Title: "a sentence-final citation belongs to the subject (a warning)", Markdown: "Stalking, which often begins as harassment, is an offence under section 2 of the Protection from Harassment Act 1997.\n", Want: []string{"citation-mismatch@1:65"}},
			{Title: "the subject, not the nearest term", Markdown: "Harassment that involves acts associated with stalking is an offence under s.2 PHA 1997.\n"},
			{Title: "the Act named earlier in the section", Markdown: "## The offences\n\nThe Protection from Harassment Act 1997 creates the offences.\n\nStalking is an offence under section 2 of the Act.\n", Want: []string{"citation-mismatch@5:30"}},
			{Title: "a page dated before the power was superseded (an info note)", Markdown: "---\ntitle: Orders\nupdated: 2019-05-01\n---\nOn conviction for stalking, the court may make a restraining order under s.5 PHA 1997.\n", Want: []string{"citation-mismatch@5:74"}},
			{Title: "a page about Scotland cites Scotland's law", Markdown: "---\ntitle: Stalking\njurisdiction: scotland\n---\nThe Protection from Harassment Act 1997 (PHA 1997) is mostly English law. In Scotland, stalking is charged under s.4.\n"},
			{Title: "a table row: the provision cell is the source of the row's offence", Markdown: "| Offence | Provision |\n|---|---|\n| Stalking involving fear of violence | s.4 PHA 1997 |\n", Want: []string{"citation-mismatch@3:41"}},
			{Title: "a table with the right provisions", Markdown: "| Offence | Provision |\n|---|---|\n| Stalking involving fear of violence | s.4A PHA 1997 |\n| Breach of an SPO | s.8 SPA 2019 |\n"},
			{Title: "another Act's provision for another order, right by the term", Markdown: "Police may apply for a Stalking Protection Order under section 360 of the Sentencing Act 2020.\n", Want: []string{"citation-mismatch@1:56"}},
			{Title: "the term's own section number in the wrong Act", Markdown: "Controlling or coercive behaviour is an offence under s.76 of the Domestic Abuse Act 2021.\n", Want: []string{"citation-mismatch@1:55"}},
			{Title: "a breach framed as an offence under another Act's section", Markdown: "Breaching a Stalking Protection Order without reasonable excuse is an offence under section 5A of the Protection from Harassment Act 1997.\n", Want: []string{"citation-mismatch@1:85"}},
			{Title: "a long subject framed as an offence under the wrong Act", Markdown: "Controlling or coercive behaviour towards a partner, ex-partner or family member is an offence under section 76 of the Domestic Abuse Act 2021.\n", Want: []string{"citation-mismatch@1:102"}},
			{Title: "another Act named beside the term for something else", Markdown: "An SPO can sit alongside a restraining order under s.360 SA 2020.\n"},
			{Title: "a definition cites another term's subsection", Markdown: "A course of conduct must involve conduct on at least two occasions (s.7(2) PHA 1997).\n", Want: []string{"citation-mismatch@1:69"}},
			{Title: "a definition citing the right subsection", Markdown: "Under section 7(3) of the Protection from Harassment Act 1997, a course of conduct means conduct on at least two occasions.\n"},
			{Title: "the Act, a section it lacks, for a breach", Markdown: "The Stalking Protection Act 2019 created SPOs.\n\nBreach of an interim SPO is the offence in section 9 of the Act.\n", Want: []string{"citation-mismatch@3:44"}},
			{Title: "the Act is not the one that amended it", Markdown: "The Protection from Harassment Act 1997 (as amended by the Protection of Freedoms Act 2012) created the offences. Stalking involving fear of violence is an offence under section 4 of the Act.\n", Want: []string{"citation-mismatch@1:171"}},
		},
		Check: checkCitationMismatch,
	})
}

func checkCitationMismatch(p *Pass) {
	ix := legal.IndexFor(p.Glossary)
	facts := p.Facts(p.Doc)
	resolved := ix.ResolveDoc(p.Rule.ID, facts)
	window := int(p.Option("attach-words"))
	yearSlack := int(p.Option("year-distance"))
	// The page's date is read (front matter, archive label) only for a
	// superseded provision: few pages cite one.
	var when legal.When
	whenRead := false
	whenFor := func() legal.When {
		if !whenRead {
			when, whenRead = legal.WhenFor(p.Doc), true
		}
		return when
	}
	places := legal.PlacesOf(p.Doc)
	for bk, b := range facts.Blocks {
		cites := resolved.Blocks[bk]
		if len(cites) == 0 || len(b.Sentences) == 0 {
			continue
		}
		mentions := ix.BreachMentions(p.Glossary, b, legal.TermMentions(b, cites))
		report := func(start, end int, f Finding) {
			s, e := b.Block.Run.Span(start, end)
			f.Context = b.Sentences[b.SentenceAt(start)].Text(&b.Block.Run)
			p.Report(p.Doc, s, e, f)
		}
		// Whether a sentence is foreign, by sentence: a sentence's
		// citations share the answer (0 not asked, 1 no, 2 yes).
		foreign := make([]uint8, len(b.Sentences))
		isForeign := func(k int) bool {
			if k < 0 || k >= len(foreign) {
				return places.Foreign(b, k, cites)
			}
			if foreign[k] == 0 {
				foreign[k] = 1
				if places.Foreign(b, k, cites) {
					foreign[k] = 2
				}
			}
			return foreign[k] == 2
		}
		for _, rc := range cites {
			if f, ok := misnamedAct(ix, b, rc, yearSlack); ok {
				report(rc.ActStart, rc.ActEnd, f)
			}
			if len(rc.Sections) == 0 || rc.Act == nil || rc.Inherited && !rc.Sure {
				// An Act inferred from a paragraph that names several
				// is a guess; a guess is no ground for an error.
				continue
			}
			if isForeign(b.SentenceAt(rc.Start)) {
				// A page about Scotland or Northern Ireland cites its own law.
				continue
			}
			if f, ok := supersededCitation(ix, b, rc, whenFor); ok {
				report(rc.Start, rc.End, f)
				continue
			}
			if f, ok := wrongSource(ix, b, rc, cites, mentions, window); ok {
				report(rc.Start, rc.End, f)
			} else if len(mentions) == 0 {
				// A provision alone in a table cell is the source of the
				// offence its row names.
				if f, ok := rowSource(ix, facts, resolved, b, rc); ok {
					report(rc.Start, rc.End, f)
				}
			}
		}
	}
}
