package restate

import (
	"strings"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/rx"
)

// Glossary-style entries are how real pages most often define terms without
// saying "is": a heading that is only the term, then a paragraph that glosses
// it ("### Stalking Protection Order" / "A civil order that ..."), or a list item
// that opens with the term and a colon or dash ("- **Stalking**: following,
// contacting ..."). They are restatements as surely as "X means ...".

// glossaryPageTitle matches titles and headings that announce a glossary.
// "a to z" and "a-z" are apart in the list: side by side, regexp/syntax
// factors them into "a(?: to z|-z)", whose parts are too short for rx's
// prefilter, and every title and lead-in ran the regexp.
var glossaryPageTitle = rx.MustCompile(`(?i)\b(?:glossary|key terms|terms explained|terms used|definitions|jargon buster|a to z|words we use|a-z|terminology|abbreviations)\b`)

// entryRestatements finds glossary-style entries in a document.
func entryRestatements(df *DocFacts, gp *Profile) []*Restatement {
	var out []*Restatement
	glossaryPage := glossaryPageTitle.MatchString(df.Doc.Front.Title)
	// Headings that are only a glossary term: on a page or under a section
	// that announces a glossary, or when the page has three or more of them.
	var termHeadings []int
	for i, bf := range df.Blocks {
		if bf.Block.Kind == corpus.HeadingBlock && wholeTerm(bf, gp) != nil {
			termHeadings = append(termHeadings, i)
		}
	}
	for _, i := range termHeadings {
		bf := df.Blocks[i]
		if !(glossaryPage || len(termHeadings) >= 3 || inGlossarySection(bf)) {
			continue
		}
		if i+1 >= len(df.Blocks) {
			continue
		}
		next := df.Blocks[i+1]
		if next.Block.Kind != corpus.Paragraph || next.Block.InList || len(next.Sentences) == 0 {
			continue
		}
		t := wholeTerm(bf, gp)
		r := &Restatement{Term: t, Doc: df.Doc, Block: next, Start: 0, End: len(next.Block.Run.Text), How: "entry", Strong: true}
		if len(next.Matches) > 0 {
			if m := next.Matches[0]; m.Entry.Term == t && m.Start < next.Sentences[0].End {
				r.SubjectStart, r.SubjectEnd = m.Start, m.End
			}
		}
		out = append(out, r)
	}
	// "Term: gloss" list items (and paragraphs) on a glossary page, under a
	// glossary heading, or after a lead-in that announces one ("Key
	// terms:"). Elsewhere such items are lists of offences or services,
	// which say more (section, penalty, when to use) than what a term means.
	lead := false
	for i, bf := range df.Blocks {
		if !bf.Block.InList {
			// A lead-in needs a list after it; that is asked before the
			// pattern, which would otherwise read every paragraph ending
			// in a colon.
			lead = (i+1 >= len(df.Blocks) || df.Blocks[i+1].Block.InList) &&
				bf.Block.Kind == corpus.Paragraph && strings.HasSuffix(strings.TrimSpace(bf.Block.Run.Text), ":") &&
				glossaryPageTitle.MatchString(bf.Block.Run.Text)
		}
		if bf.Block.Kind != corpus.Paragraph || len(bf.Matches) == 0 {
			continue
		}
		m := bf.Matches[0]
		if !onlyOf(bf.Block.Run.Text[:m.Start], quotesMarks) {
			continue // the term does not open the item
		}
		if !(glossaryPage || bf.Block.InList && (lead || inGlossarySection(bf))) {
			continue
		}
		switch m.Entry.Kind {
		case glossary.KindTerm, glossary.KindAlias, glossary.KindExpansion, glossary.KindAcronym:
		default:
			continue
		}
		if gp.Terms[m.Entry.Term] == nil || gp.Terms[m.Entry.Term].mnemonic {
			continue
		}
		text := bf.Block.Run.Text
		if !onlyOf(text[:m.Start], quotesMarks) {
			continue
		}
		rest := strings.TrimLeft(text[m.End:], "*_ ")
		// An acronym in brackets may follow the term.
		if strings.HasPrefix(rest, "(") {
			if c := strings.IndexByte(rest, ')'); c > 0 && c < 16 {
				rest = strings.TrimLeft(rest[c+1:], "*_ ")
			}
		}
		var sep int
		switch {
		case strings.HasPrefix(rest, ":"):
			sep = 1
		case strings.HasPrefix(rest, "–"), strings.HasPrefix(rest, "—"):
			sep = len("–")
		case strings.HasPrefix(rest, "- "):
			sep = 1
		default:
			continue
		}
		start := len(text) - len(rest) + sep
		for start < len(text) && (text[start] == ' ' || text[start] == '*' || text[start] == '_') {
			start++
		}
		if start >= len(text) {
			continue
		}
		out = append(out, &Restatement{Term: m.Entry.Term, Doc: df.Doc, Block: bf, Start: start, End: len(text), How: "definition-list", Strong: true})
	}
	return out
}

// inGlossarySection reports whether a block's section, or one it sits
// in, has a heading that announces a glossary ("## Key terms" over
// "### Stalking").
func inGlossarySection(bf *BlockFacts) bool {
	for sec := bf.Block.Section; sec != nil; sec = sec.Parent {
		if sec.Heading != nil && glossaryPageTitle.MatchString(sec.Heading.Text) {
			return true
		}
	}
	return false
}
