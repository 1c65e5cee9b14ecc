package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/legal"
)

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
	if citeHeaded(text[sent.Start:m.Start]) {
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
			if na := ix.NamedAfter(o, t); o != t && na.Name || na.Summary {
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

// containsFields reports whether the words n appear in order in h.
func containsFields(h, n []string) bool {
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
