package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
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
	when := legal.WhenFor(p.Doc)
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
		for _, rc := range cites {
			if f, ok := misnamedAct(ix, b, rc, yearSlack); ok {
				report(rc.ActStart, rc.ActEnd, f)
			}
			if len(rc.Sections) == 0 || rc.Act == nil || rc.Inherited && !rc.Sure {
				// An Act inferred from a paragraph that names several
				// is a guess; a guess is no ground for an error.
				continue
			}
			if legal.Foreign(p.Doc, b, b.SentenceAt(rc.Start), cites) {
				// A page about Scotland or Northern Ireland cites its own law.
				continue
			}
			if f, ok := supersededCitation(ix, b, rc, when); ok {
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

// supersededCitation reports a provision the glossary marks superseded,
// unless its sentence frames it as past law.
func supersededCitation(ix *legal.Index, b *BlockFacts, rc *legal.Resolved, when legal.When) (Finding, bool) {
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
				since = " since " + lawHumanDate(sp.Entry.Until)
			}
			if until, ok := legal.ParseDay(sp.Entry.Until); ok && when.Dated && when.Date.Before(until) {
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

// lawHumanDate writes 2020-12-01 as 1 December 2020.
func lawHumanDate(iso string) string {
	months := []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	var y, m, d int
	if n, _ := fmt.Sscanf(iso, "%d-%d-%d", &y, &m, &d); n != 3 || m < 1 || m > 12 {
		return iso
	}
	return fmt.Sprintf("%d %s %d", d, months[m-1], y)
}

// citeBinding says how a citation was bound to the term it is judged as
// the source of.
type citeBinding struct {
	inferred bool // the subject of a sentence the citation ends
	defining bool // a concept's definition cites it ("X means ... (s.7(3))")
	stated   bool // a definition sentence, or a table row, states it plainly
	context  bool // its Act is "the Act" read from earlier paragraphs
	// tight: so close to the term ("X (s.360 SA 2020)", "X is an offence
	// under s.5A") that a provision of another Act is still cited as the
	// term's.
	tight bool
}

// wrongSource reports a citation attached to a term that does not rest on it.
func wrongSource(ix *legal.Index, b *BlockFacts, rc *legal.Resolved, cites []*legal.Resolved, mentions []legal.Mention, window int) (Finding, bool) {
	text := b.Block.Run.Text
	k := b.SentenceAt(rc.Start)
	sent := b.Sentences[k]
	if citeAuthority(text[sent.Start:rc.Start]) {
		// "This guidance on SPOs is issued under section 12": the power
		// to issue the document, not the source of a term it is about.
		return Finding{}, false
	}
	// The nearest term in the sentence, close enough to read the citation
	// as its source.
	best, bestGap := -1, 1<<30
	paren := strings.HasSuffix(strings.TrimRight(text[:rc.Start], " "), "(")
	for i, m := range mentions {
		if m.Start < sent.Start || m.End > sent.End {
			continue
		}
		if paren && m.Start >= rc.End {
			continue // "fear of violence (Section 4) or stalking": a bracket cites what comes before it
		}
		from, to := m.End, rc.Start
		if m.Start >= rc.End {
			from, to = rc.End, m.Start
		}
		if from > to {
			continue
		}
		gap := legal.WordsBetween(b, from, to)
		if gap < bestGap {
			best, bestGap = i, gap
		}
	}
	// A citation that ends its sentence, away from the nearest term, is
	// the source of the sentence's subject: "Harassment that involves acts
	// associated with stalking is an offence under s.2" cites harassment.
	inferred := false
	subj := citeSubject(b, sent, rc, mentions)
	if subj >= 0 && subj != best && legal.WordsBetween(b, rc.End, sent.End) == 0 &&
		(best < 0 || mentions[best].Start >= rc.End || legal.WordsBetween(b, mentions[best].End, rc.Start) > 2) &&
		legal.WordsBetween(b, mentions[subj].End, rc.Start) <= 2*window && !strings.ContainsAny(text[mentions[subj].End:rc.Start], ";:") {
		best, bestGap, inferred = subj, 0, true
	}
	// "X, towards a partner or family member, is an offence under s.76":
	// the sentence's subject, however long, is what the offence frame
	// cites.
	framed := best >= 0 && best == subj && mentions[best].End <= rc.Start && bestGap <= 2*window &&
		!strings.ContainsAny(text[mentions[best].End:rc.Start], ";:") && citeOffenceFrame.MatchString(text[mentions[best].End:rc.Start])
	if best < 0 || bestGap > window && !framed {
		return Finding{}, false
	}
	m := mentions[best]
	from, to := m.End, rc.Start
	if m.Start >= rc.End {
		from, to = rc.End, m.Start
	}
	if citeHeadNoun.MatchString(text[sent.Start:m.Start]) {
		// "The defences to stalking in s.1(3)", "the civil remedy for
		// stalking, in s.3": the provision is the head noun's, not the
		// term's.
		return Finding{}, false
	}
	if ix.CitesEntryTerm(b, rc) {
		// A glossary entry's gloss ending in its term's own provision.
		return Finding{}, false
	}
	// "A course of conduct means ... (s.7(3))", "Under s.7(3), a course
	// of conduct means ...": a sentence defining its subject cites the
	// definition's source.
	defines := citeDefines(b, sent, rc, m)
	if !inferred && !defines && legal.GapBreaksClause(text[from:to], m.Start >= rc.End) {
		return Finding{}, false
	}
	for _, other := range cites {
		if other != rc && other.Start >= from && other.End <= to {
			// "interim SPOs (ss.1-5) and breach (s.8)": the term has a
			// citation of its own, nearer to it.
			return Finding{}, false
		}
	}
	for _, t := range b.Tokens {
		if t.Start >= from && t.End <= to && citeContrastWords[t.Surface] {
			return Finding{}, false
		}
	}
	// A term named with the bound one ("stalking and harassment are
	// offences under ss.2 and 2A"), or in the previous sentence, that rests
	// on the cited provision explains it; one named elsewhere in the
	// sentence ("harassment" in a clause about something else) does not.
	var nearby []*glossary.Term
	for _, mm := range mentions {
		sk := b.SentenceAt(mm.Start)
		if sk == k-1 || sk == k && citeCoordinated(text, m, mm) {
			nearby = append(nearby, mm.Term)
		}
	}
	how := citeBinding{
		inferred: inferred && !defines,
		defining: defines || citeDefiningGap(text[from:to], m.Start < rc.Start),
		stated:   defines,
		context:  rc.Context,
		tight:    !inferred && bestGap <= 4 || framed,
	}
	return judgeSource(ix, b, rc, m.Term, nearby, how)
}

// rowSource reports a citation alone in a table cell, under a heading for
// provisions ("Provision", "Section", "Legislation"), that is not the
// source of the offence or order the row's first cell names: "| Stalking
// involving fear of violence | s.4 PHA 1997 |".
func rowSource(ix *legal.Index, facts *DocFacts, resolved *legal.DocCites, b *BlockFacts, rc *legal.Resolved) (Finding, bool) {
	blk := b.Block
	if blk.Kind != corpus.TableCell || blk.Header || blk.Col == 0 {
		return Finding{}, false
	}
	text := blk.Run.Text
	if strings.Trim(text[:rc.Start]+text[rc.End:], " ()[],.;") != "" {
		return Finding{}, false
	}
	headed := false
	var names []legal.Mention
	for bk, o := range facts.Blocks {
		ob := o.Block
		if ob.Kind != corpus.TableCell || ob.Table != blk.Table {
			continue
		}
		switch {
		case ob.Header && ob.Col == blk.Col:
			for _, w := range sentenceWords(o, 0) {
				headed = headed || citeProvisionHeadings[w]
			}
		case !ob.Header && ob.Row == blk.Row && ob.Col == 0:
			for _, m := range legal.TermMentions(o, resolved.Blocks[bk]) {
				if m.Term.Kind == "offence" || m.Term.Kind == "order" {
					names = append(names, m)
				}
			}
		}
	}
	if !headed || len(names) == 0 {
		return Finding{}, false
	}
	var nearby []*glossary.Term
	for _, m := range names {
		if m.Term != names[0].Term {
			return Finding{}, false // the row names several offences
		}
		nearby = appendNew(nearby, m.Term)
	}
	return judgeSource(ix, b, rc, names[0].Term, nearby, citeBinding{stated: true, tight: true})
}

// citeProvisionHeadings are words of a table heading over the provisions
// its rows' offences rest on.
var citeProvisionHeadings = map[string]bool{
	"provision": true, "provisions": true, "section": true, "sections": true, "statute": true, "statutory": true,
	"legislation": true, "source": true, "act": true, "law": true, "citation": true, "power": true,
}

// judgeSource reports a citation bound to a term that does not rest on it.
func judgeSource(ix *legal.Index, b *BlockFacts, rc *legal.Resolved, t *glossary.Term, nearby []*glossary.Term, how citeBinding) (Finding, bool) {
	text := b.Block.Run.Text
	sent := b.Sentences[b.SentenceAt(rc.Start)]
	if t.Kind != "offence" && t.Kind != "order" && !how.defining {
		// Concepts (a course of conduct, serious alarm or distress) are
		// ingredients of offences and sit next to the offence's section
		// all the time; only "X (s.7(3))", "X is defined in s.7(3)", "s.7(3)
		// defines X" and "X means ... (s.7(3))" cite a concept's own source.
		return Finding{}, false
	}
	var inAct []legal.Provision
	for _, pv := range ix.Sources[t] {
		if pv.Act == rc.Act {
			inAct = append(inAct, pv)
		}
	}
	// The term rests on another Act altogether: the citation is about
	// something else (a procedure, a related power), unless it sits
	// right by the term and cites what the glossary knows as another
	// offence's or order's provision, or the term's own section number in
	// the wrong Act ("an SPO (s.360 SA 2020)", "CCB under s.76 DAA 2021").
	var otherAct *legal.Provision
	if len(inAct) == 0 {
		if !how.tight || !rc.Named || t.Kind != "offence" && t.Kind != "order" {
			return Finding{}, false
		}
		for _, r := range rc.Refs() {
			for _, pv := range ix.Sources[t] {
				if otherAct == nil && legal.SameSection(r.Section, pv.Section) {
					otherAct = &pv
				}
			}
			for _, o := range ix.Owners(r) {
				if o != t && (o.Kind == "offence" || o.Kind == "order") && otherAct == nil {
					pv, _ := ix.OffenceSource(t)
					otherAct = &pv
				}
			}
		}
		if otherAct == nil {
			return Finding{}, false
		}
		inAct = ix.Sources[t]
	} else {
		// The term's own section number, under the Act cited, lies in
		// another Act: "s.76 of the Domestic Abuse Act 2021".
		for _, r := range rc.Refs() {
			for _, pv := range ix.Sources[t] {
				if pv.Act != rc.Act && legal.SameSection(r.Section, pv.Section) && !ix.Rests(t, r) && otherAct == nil {
					otherAct = &pv
				}
			}
		}
	}
	for _, r := range rc.Refs() {
		for _, nt := range nearby {
			if ix.Rests(nt, r) {
				return Finding{}, false
			}
		}
		if rc.Inherited && !(rc.Form == legal.FormThisAct && rc.Sure) {
			// The Act was inferred: if the term rests on this section of
			// some other Act, or the section is nothing the glossary knows
			// in the inferred Act, the inference is the likelier mistake.
			// ("The Act", written out, means an Act; when only one can be
			// meant, a section it does not have is still wrong.)
			for _, pv := range ix.Sources[t] {
				if legal.SameSection(r.Section, pv.Section) {
					return Finding{}, false
				}
			}
			if len(ix.Owners(r)) == 0 {
				return Finding{}, false
			}
		} else if rc.Inherited {
			for _, pv := range ix.Sources[t] {
				if pv.Act != rc.Act && legal.SameSection(r.Section, pv.Section) {
					return Finding{}, false
				}
			}
		}
		// The cited provision belongs to a more specific offence named
		// after the term ("stalking involving fear of violence", "the
		// either-way harassment offence under s.4").
		for _, o := range ix.Owners(r) {
			if o != t && lawContainsWords(strings.ToLower(o.Term), strings.ToLower(t.Term)) || strings.Contains(strings.ToLower(o.Summary), strings.ToLower(t.Term)+" offence") {
				return Finding{}, false
			}
		}
	}

	// Which of the term's sources to suggest: one about an offence when the
	// sentence speaks of one.
	pick := inAct[0]
	for _, pv := range inAct {
		if !strings.Contains(pv.Section, "(") {
			pick = pv
			break
		}
	}
	if strings.Contains(strings.ToLower(sent.Text(&b.Block.Run)), "offence") {
		for _, pv := range inAct {
			if strings.Contains(strings.ToLower(pv.Source.Note), "offence of") {
				pick = pv
				break
			}
		}
	}
	if otherAct != nil {
		pick = *otherAct
	}
	var want []string
	for _, pv := range inAct {
		covered := false
		for _, o := range inAct {
			if o.Section != pv.Section && legal.SectionWithin(pv.Section, o.Section) {
				covered = true // "2A(3)" is part of "2A"
			}
		}
		if !covered {
			want = appendNew(want, legal.RefLabel(pv.Ref))
		}
	}
	if otherAct != nil {
		want = appendNew(want[:0:0], legal.RefLabel(otherAct.Ref))
	}
	cited := legal.RefLabel(legal.Ref{Act: rc.Act, Section: strings.Join(rc.Sections, ", ")})
	var others []string
	for _, r := range rc.Refs() {
		for _, o := range ix.MainOwners(r) {
			if o != t {
				others = appendNew(others, o.Term)
			}
		}
	}
	msg := fmt.Sprintf("%s is cited to %s, but the glossary gives its source as %s", t.Term, cited, strings.Join(want, ", "))
	if len(others) > 0 {
		msg += fmt.Sprintf("; %s is the provision for %s", cited, strings.Join(others, " and "))
	}
	msg += "; cite the provision the term rests on"
	sev, conf := Severity(0), 0.92
	suggest := citeSuggestSection(rc.Lead, pick.Section)
	if otherAct != nil {
		suggest = legal.RefLabel(pick.Ref)
		conf = 0.9
	}
	if how.stated {
		// A definition sentence or a table row: plain, but read through
		// its shape rather than the words next to the citation.
		conf = 0.85
	}
	if how.context {
		sev, conf = Warning, 0.7
	}
	if how.inferred {
		msg += " (the citation ends a sentence whose subject is " + t.Term + ")"
		sev, conf = Warning, 0.6
	}
	return Finding{
		Term:       t.ID,
		Severity:   sev,
		Confidence: conf,
		Message:    msg,
		Suggestion: suggest,
		Expected:   pick.Act.Title + ", s." + pick.Section,
		Actual:     text[rc.Start:rc.End],
	}, true
}

// citeDefiningVerbs, right after a sentence's subject, make the sentence
// its definition: "a course of conduct means", "must involve".
var citeDefiningVerbs = map[string]bool{
	"means": true, "involves": true, "requires": true, "consists": true, "comprises": true, "refers": true,
}

// citeDefines reports whether a sentence defines the term m, its subject,
// and cites the definition's source: the citation ends the sentence ("A
// course of conduct must involve conduct on at least two occasions
// (s.7(3))") or opens it ("Under s.7(3), a course of conduct means ...").
func citeDefines(b *BlockFacts, sent corpus.Sentence, rc *legal.Resolved, m legal.Mention) bool {
	text := b.Block.Run.Text
	// The subject's verb: "means", "is defined as", "must involve".
	var after []string
	for _, t := range b.Tokens {
		if t.Start >= m.End && t.End <= sent.End {
			after = append(after, t.Surface)
			if len(after) == 3 {
				break
			}
		}
	}
	verb := len(after) > 0 && citeDefiningVerbs[after[0]] ||
		len(after) > 1 && (after[0] == "is" || after[0] == "are") && after[1] == "defined" ||
		len(after) > 1 && (after[0] == "must" || after[0] == "will") && (after[1] == "involve" || after[1] == "consist" || after[1] == "mean" || after[1] == "require")
	if !verb {
		return false
	}
	switch {
	case m.Start < rc.Start:
		// The subject opens the sentence and the citation ends it.
		return legal.WordsBetween(b, sent.Start, m.Start) <= 2 && legal.WordsBetween(b, rc.End, sent.End) == 0
	default:
		// "Under s.7(3), a course of conduct means": a lead word, the
		// citation, a comma, and the subject.
		lead := strings.ToLower(strings.TrimSpace(text[sent.Start:rc.Start]))
		switch lead {
		case "under", "by", "according to", "in", "for the purposes of", "as defined in", "by virtue of":
		default:
			return false
		}
		gap := strings.ToLower(strings.TrimSpace(text[rc.End:m.Start]))
		for _, g := range []string{",", ", a", ", an", ", the"} {
			if gap == g {
				return true
			}
		}
		return false
	}
}

// citeSubject returns the index of the sentence's subject among the
// mentions: the first term named before the citation, within the first six
// words of the sentence ("In practice, stalking is..."); -1 if none.
func citeSubject(b *BlockFacts, sent corpus.Sentence, rc *legal.Resolved, mentions []legal.Mention) int {
	for i, m := range mentions {
		if m.Start < sent.Start || m.End > rc.Start {
			continue
		}
		if legal.WordsBetween(b, sent.Start, m.Start) <= 5 {
			return i
		}
		return -1
	}
	return -1
}

// citeCoordinated reports whether two mentions are the same, or are joined
// by nothing but "and", "or", commas and slashes: "stalking and harassment".
func citeCoordinated(text string, a, b legal.Mention) bool {
	if a.Start == b.Start {
		return true
	}
	if b.Start < a.Start {
		a, b = b, a
	}
	if a.End > b.Start {
		return false
	}
	for _, w := range strings.FieldsFunc(strings.ToLower(text[a.End:b.Start]), func(r rune) bool { return r == ' ' || r == ',' || r == '/' || r == '&' }) {
		if w != "and" && w != "or" {
			return false
		}
	}
	return true
}

// citeDefiningGap reports whether the words between a concept and a citation
// make the citation the concept's definition.
func citeDefiningGap(gap string, termFirst bool) bool {
	g := strings.Trim(strings.Join(strings.Fields(strings.ToLower(gap)), " "), " ,")
	if termFirst {
		switch g {
		case "(", "defined in", "defined by", "is defined in", "is defined by", "are defined in", "as defined in", "as defined by", "within the meaning of", "is defined at":
			return true
		}
		return false
	}
	switch g {
	case "defines", "defines a", "defines an", "defines the", "which defines", "which defines a":
		return true
	}
	return false
}

// citeSuggestSection writes a section the way the citation did: "section 2A"
// for "section 2", "s.2A" for "s 2".
func citeSuggestSection(lead, section string) string {
	l := strings.ToLower(lead)
	if strings.HasPrefix(l, "section") {
		if strings.Contains(section, "-") {
			return "sections " + strings.Replace(section, "-", " to ", 1)
		}
		return "section " + section
	}
	if strings.Contains(section, "-") {
		return "ss." + section
	}
	return "s." + section
}

// lawContainsWords reports whether the words of needle appear in order, as
// whole words, in hay.
func lawContainsWords(hay, needle string) bool {
	return lawContainsFields(strings.Fields(hay), strings.Fields(needle))
}

// lawContainsFields is lawContainsWords on words already split.
func lawContainsFields(h, n []string) bool {
	if len(n) == 0 {
		return false
	}
	for i := 0; i+len(n) <= len(h); i++ {
		if slices.Equal(h[i:i+len(n)], n) {
			return true
		}
	}
	return false
}

// citeContrastWords between a term and a citation mean the citation is not the
// term's source: "stalking, not harassment under s.2", "rather than".
var citeContrastWords = map[string]bool{
	"not": true, "nor": true, "rather": true, "instead": true, "unlike": true, "opposed": true, "compared": true,
	"compare": true, "cf": true, "distinct": true, "different": true, "separate": true, "than": true,
	"versus": true, "vs": true, "whereas": true, "but": true, "while": true, "although": true, "except": true,
	"excluding": true, "version": true, "versions": true, "form": true, "forms": true,
	// Words that add a second thing: "charge stalking alongside the
	// offence under s.8", "as well as", "in addition to", "together with".
	"alongside": true, "besides": true, "plus": true, "addition": true, "together": true, "well": true,
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

// appendNew appends x unless xs holds it.
func appendNew[T comparable](xs []T, x T) []T {
	if slices.Contains(xs, x) {
		return xs
	}
	return append(xs, x)
}
