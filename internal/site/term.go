package site

import (
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/opendata"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/wording"
)

// A term's page, glossary/<id>/index.html, and the further pages of its
// uses, glossary/<id>/uses-<n>/index.html: the definition, how documents
// restate it, and the sentences that use it.

func init() {
	registerKind(&pageKind{name: "term", template: "term",
		pages: func(b *builder) []page {
			out := make([]page, len(b.g.Terms))
			for i, t := range b.g.Terms {
				out[i] = page{path: termPage(t.ID), weight: 10 * min(len(b.users[t.ID]), b.perPage),
					model: func() (any, error) { return b.termPage(t) },
					reads: func() any { return b.termReads(t) }}
			}
			return out
		}})
	registerKind(&pageKind{name: "usage", template: "usage",
		pages: func(b *builder) []page {
			var out []page
			for _, t := range b.g.Terms {
				for n := 2; n <= b.usagePages(t); n++ {
					out = append(out, page{path: usagePage(t.ID, n), weight: 10 * b.perPage,
						model: func() (any, error) { return b.usagePageModel(t, n) },
						reads: func() any { return b.usageReads(t, n) }})
				}
			}
			return out
		}})
}

// docUses is what a term's pages list of a document's uses of the term:
// the document's name and the digest of the sentences (TermCount.Usage).
type docUses struct {
	Doc   docName
	Usage Key
}

func (b *builder) uses(t *glossary.Term, docs []*entry) []docUses {
	out := make([]docUses, len(docs))
	for i, e := range docs {
		out[i] = docUses{nameOf(e), e.rec.term(t.ID).Usage}
	}
	return out
}

// termReads are what a term's page reads beside the glossary: whether the
// audit has the term, the first page of its uses, its restatements, and in
// the editors' view its findings.
func (b *builder) termReads(t *glossary.Term) any {
	type restated struct {
		Doc         docName
		Restatement RestatementRecord
		More        int
	}
	var in struct {
		Audited  bool
		Users    int
		Uses     []docUses
		Restated []restated
		Findings []Key
	}
	users := b.users[t.ID]
	in.Audited, in.Users = b.audited(t.ID), len(users)
	in.Uses = b.uses(t, users[:min(len(users), b.perPage)])
	for _, dr := range b.restated[t.ID] {
		in.Restated = append(in.Restated, restated{nameOf(dr.e), *dr.r, dr.more})
	}
	if b.in.Editor {
		in.Findings = b.keysOf(b.byTerm[t.ID])
	}
	return in
}

// usageReads are what page n of a term's uses reads: the documents on it.
func (b *builder) usageReads(t *glossary.Term, n int) any {
	users := b.users[t.ID]
	lo, hi := b.usagePaging(t).bounds(n)
	return struct {
		Users int
		Uses  []docUses
	}{len(users), b.uses(t, users[lo:hi])}
}

func (b *builder) termPage(t *glossary.Term) (*TermPage, error) {
	page := termPage(t.ID)
	name := upperFirst(t.Term)
	p := &TermPage{Layout: b.layout(page, name, "glossary", Link{Text: "Glossary", Href: relHref(page, glossaryPage)}),
		ID: t.ID, Term: name, Written: t.Term, Kind: t.Kind, Definition: t.Definition, Summary: t.Summary,
		Acronym: t.Acronym, Expansion: t.Expansion, Examples: t.Examples, Notes: t.Notes, Aliases: t.Aliases,
		ReportHref: withFragment(relHref(page, reportPage), "term-"+t.ID)}
	for _, ph := range t.Phrases {
		p.Phrases = append(p.Phrases, ph.Text)
	}
	if b.audited(t.ID) {
		p.AuditHref = relHref(page, auditTermPage(t.ID))
	}
	ld, err := opendata.DefinedTerm(t, b.openData())
	if err != nil {
		return nil, err
	}
	// DefinedTerm escapes <, > and & in every value, so the JSON cannot
	// end the script element it is placed in.
	p.JSONLD = template.JS(ld) // #nosec G203 -- see the comment above
	for _, s := range t.Sources {
		v := SourceView{Label: s.Label(), Note: s.Note}
		if s.URL != "" {
			if h := externalHref(s.URL); h != "#" {
				v.Href = h
			}
		}
		p.Sources = append(p.Sources, v)
	}
	for _, d := range t.Deprecated {
		p.Deprecated = append(p.Deprecated, DeprecatedView{Phrase: d.Phrase, Replacement: d.Replacement, Reason: d.Reason, Except: d.Except})
	}
	element := func(e glossary.Element) ElementView {
		v := ElementView{Label: e.Label, Reason: e.Reason}
		if o := b.g.Get(e.Belongs); o != nil {
			r := b.termRef(o, page)
			v.Belongs = &r
		}
		return v
	}
	for _, e := range t.Required {
		p.Required = append(p.Required, element(e))
	}
	for _, e := range t.Excluded {
		p.Excluded = append(p.Excluded, element(e))
	}
	for _, pen := range t.Penalty {
		p.Penalties = append(p.Penalties, PenaltyView{Mode: pen.Mode, Maximum: pen.Maximum, Note: pen.Note})
	}
	for _, s := range t.Superseded {
		prov := s.Act
		if s.Section != "" {
			prov += ", s." + s.Section
		}
		p.Superseded = append(p.Superseded, SupersededView{Provision: prov, Until: s.Until, Replacement: s.Replacement, Reason: s.Reason})
	}
	for _, id := range t.Related {
		if o := b.g.Get(id); o != nil {
			p.Related = append(p.Related, b.termRef(o, page))
		}
	}
	users := b.users[t.ID]
	p.UsageTotal = len(users)
	usage, err := b.usages(t, users[:min(len(users), b.perPage)], page)
	if err != nil {
		return nil, err
	}
	p.Usage = usage
	p.Pager = b.pager(t, 1, page)
	b.usagePaging(t).linkPages(&p.Layout, 1)
	restated := b.restated[t.ID]
	if shown := max(1, min(b.perPage/2, restatementsShown)); len(restated) > shown {
		// Half as many as a page of uses lists documents, up to
		// restatementsShown; the rest are counted.
		for _, dr := range restated[shown:] {
			p.RestatementsMore += 1 + dr.more
		}
		restated = restated[:shown]
	}
	for _, dr := range restated {
		v := b.restatement(t, dr.e, dr.r, page)
		v.More = dr.more
		p.Restatements = append(p.Restatements, v)
	}
	if !b.in.Editor {
		p.ReportHref = ""
		return p, nil
	}
	fs := b.byTerm[t.ID]
	if len(fs) > b.findPer {
		// The first page's worth; the report has them all, by rule.
		p.FindingsMore = len(fs) - b.findPer
		fs = fs[:b.findPer]
	}
	for _, f := range fs {
		p.Findings = append(p.Findings, b.finding(f, page))
	}
	return p, nil
}

// DefaultUsagePerPage is how many documents a term's page, and each further
// page of its uses, lists: a term used across ten thousand documents would
// otherwise make a page of tens of megabytes. Each document takes about
// 550 bytes (a heading, one sentence's words around the term, a link to
// each section that uses it; the links' paths are most of it), so a page
// of uses is about 38 KB; fewer to a page would spend more of the
// site on pages' shared parts and folders than on uses.
const DefaultUsagePerPage = 60

// restatementsShown bounds the restatements a term's page shows beside the
// definition, each with its word diff (about 2 KB); the rest are counted.
const restatementsShown = 15

// usagePaging is the paging of a term's uses: page 1 is the term's own
// page, the list under its #usage heading.
func (b *builder) usagePaging(t *glossary.Term) paging {
	return paging{total: len(b.users[t.ID]), per: b.perPage, path: func(k int) string { return usagePage(t.ID, k) },
		fragment1: "usage", noun: "Documents", lower: "documents"}
}

// usagePages is how many pages a term's uses take.
func (b *builder) usagePages(t *glossary.Term) int { return b.usagePaging(t).pages() }

// usagePage is the site path of page n of a term's uses; page 1 is the
// term's own page.
func usagePage(id string, n int) string {
	if n <= 1 {
		return termPage(id)
	}
	return "glossary/" + id + "/uses-" + strconv.Itoa(n) + "/index.html"
}

// usages lists how each of docs uses t, reading the documents' text.
func (b *builder) usages(t *glossary.Term, docs []*entry, from string) ([]DocUsage, error) {
	var out []DocUsage
	for _, e := range docs {
		u, err := b.usage(t, e, from)
		if err != nil {
			return nil, err
		}
		if u != nil {
			out = append(out, *u)
		}
	}
	return out, nil
}

// pager links the pages of a term's uses, from page n; nil when they fit on
// one page.
func (b *builder) pager(t *glossary.Term, n int, from string) *Pager {
	return b.usagePaging(t).pager(n, from)
}

// usagePageModel is page n (2 or more) of a term's uses.
func (b *builder) usagePageModel(t *glossary.Term, n int) (*UsagePage, error) {
	page := usagePage(t.ID, n)
	name := upperFirst(t.Term)
	users := b.users[t.ID]
	pg := b.usagePaging(t)
	lo, hi := pg.bounds(n)
	title := fmt.Sprintf("Where the guidance uses %s: documents %d to %d", t.Term, lo+1, hi)
	p := &UsagePage{Layout: b.layout(page, title, "glossary", Link{Text: "Glossary", Href: relHref(page, glossaryPage)}, Link{Text: name, Href: relHref(page, termPage(t.ID))}),
		Term: name, Written: t.Term, TermHref: relHref(page, termPage(t.ID)), Total: len(users), First: lo + 1, Last: hi}
	usage, err := b.usages(t, users[lo:hi], page)
	if err != nil {
		return nil, err
	}
	p.Usage = usage
	p.Pager = pg.pager(n, page)
	pg.linkPages(&p.Layout, n)
	return p, nil
}

// usage is how a document uses t: how many times, the words around the
// term in one sentence that uses it, and each section that uses it. The
// sentence is the first that uses the term, or the first that uses
// deprecated wording for it, which a reader most needs to see. Only that
// sentence is cut into parts: a common term has hundreds of thousands of
// uses, and each page lists one sentence a document.
func (b *builder) usage(t *glossary.Term, e *entry, from string) (*DocUsage, error) {
	var df *rules.DocFacts
	var err error
	held := true
	if e.loadUsage != nil && e.doc == nil {
		df, err = e.loadUsage(t)
		held = false
	} else {
		_, df, err = e.parsed()
	}
	if err != nil {
		return nil, err
	}
	u := &DocUsage{Doc: Link{Text: e.rec.Title, Href: b.docHref(from, e)}}
	var spans []usageSpan
	quoteAt := -1 // the section of u.Quote in u.Sections
	// visit reads a block's matches of t, at. Matches come left to right.
	visit := func(bf *rules.BlockFacts, at []int32) {
		spans = spans[:0]
		deprecated := false
		for _, i := range at {
			m := &bf.Matches[i]
			dep := m.Entry.Kind == glossary.KindDeprecated
			spans = append(spans, usageSpan{start: m.Start, end: m.End, deprecated: dep})
			deprecated = deprecated || dep
		}
		u.Count += len(spans)
		sec := Link{Text: sectionName(""), Href: u.Doc.Href}
		if s := bf.Block.Section; s != nil && s.Anchor() != "" {
			sec = Link{Text: sectionName(s.Title()), Href: withFragment(u.Doc.Href, s.Anchor())}
		}
		at0 := slices.IndexFunc(u.Sections, func(l Link) bool { return l.Href == sec.Href })
		if at0 < 0 {
			at0 = len(u.Sections)
			u.Sections = append(u.Sections, sec)
		}
		// Once a sentence is quoted only deprecated wording can take its
		// place, so a block without any needs no sentences looked up.
		if u.Quote != nil && (u.Quote.Deprecated || !deprecated) {
			return
		}
		for i := range spans {
			spans[i].sentence = bf.SentenceAt(spans[i].start)
		}
		for _, g := range bySentence(spans) {
			if u.Quote != nil && !slices.ContainsFunc(g, func(sp usageSpan) bool { return sp.deprecated }) {
				continue
			}
			if q := quote(bf, g); q != nil {
				u.Quote, quoteAt = q, at0
				if q.Deprecated {
					break
				}
			}
		}
	}
	if held {
		// The document's matches of each term, gathered once for every
		// term it uses.
		refs := e.termMatches(df, t)
		for i := 0; i < len(refs); {
			j := i + 1
			for j < len(refs) && refs[j].block == refs[i].block {
				j++
			}
			at := make([]int32, 0, j-i)
			for _, r := range refs[i:j] {
				at = append(at, r.match)
			}
			visit(df.Blocks[refs[i].block], at)
			i = j
		}
	} else {
		var at []int32
		for _, bf := range df.Blocks {
			at = at[:0]
			for i := range bf.Matches {
				if m := &bf.Matches[i]; m.Entry.Term == t && m.Entry.Kind != glossary.KindExcept {
					at = append(at, int32(i))
				}
			}
			if len(at) > 0 {
				visit(bf, at)
			}
		}
	}
	if u.Count == 0 {
		return nil, nil
	}
	if quoteAt > 0 {
		// The quoted sentence's section first, the others in document order.
		q := u.Sections[quoteAt]
		copy(u.Sections[1:quoteAt+1], u.Sections[:quoteAt])
		u.Sections[0] = q
	}
	return u, nil
}

// quote is the sentence of a block that the group of matches g starts in,
// the term's words marked and the rest trimmed to the words around them;
// nil when the block has no such sentence.
func quote(bf *rules.BlockFacts, g []usageSpan) *Sentence {
	k := g[0].sentence
	if k >= len(bf.Sentences) {
		return nil
	}
	text := bf.Block.Run.Text
	s := bf.Sentences[k]
	sv := &Sentence{}
	at := s.Start
	for _, sp := range g {
		sv.Deprecated = sv.Deprecated || sp.deprecated
		start, end := max(sp.start, s.Start), min(sp.end, s.End)
		if start < at || start >= end {
			continue
		}
		if start > at {
			sv.Parts = append(sv.Parts, Part{Text: text[at:start]})
		}
		sv.Parts = append(sv.Parts, Part{Text: text[start:end], Mark: true})
		at = end
	}
	if at < s.End {
		sv.Parts = append(sv.Parts, Part{Text: text[at:s.End]})
	}
	trimExcerpt(sv.Parts)
	return sv
}

// sectionName names a section in a list of uses; text before a document's
// first heading is its introduction.
func sectionName(title string) string {
	if title == "" {
		return "Introduction"
	}
	return title
}

// usageWords is how many words a term's uses show on either side of the
// term: enough to tell how a sentence uses it, as a concordance line does,
// without repeating the guidance's every sentence in full. The document is
// a link away.
const usageWords = 6

// trimExcerpt shortens a sentence that uses a term to usageWords words
// before its first marked part and after its last, an ellipsis marking
// each cut. Words between marked parts are kept.
func trimExcerpt(parts []Part) {
	if len(parts) < 2 {
		return
	}
	if first := &parts[0]; !first.Mark {
		first.Text = lastWords(first.Text, usageWords)
	}
	if last := &parts[len(parts)-1]; !last.Mark {
		last.Text = firstWords(last.Text, usageWords)
	}
}

// lastWords is s from the start of its n-th word from the end, with an
// ellipsis before it when anything was cut.
func lastWords(s string, n int) string {
	i := len(s)
	for k := 0; k < n; k++ {
		j := lastIndexSpace(s[:i], false)
		if j < 0 {
			return s
		}
		i = lastIndexSpace(s[:j], true) + 1
		if i == 0 {
			return s
		}
	}
	if strings.TrimSpace(s[:i]) == "" {
		return s
	}
	return "…" + s[i:]
}

// firstWords is s up to the end of its n-th word, with an ellipsis after
// it when anything was cut.
func firstWords(s string, n int) string {
	i := 0
	for k := 0; k < n; k++ {
		j := indexSpace(s[i:], false)
		if j < 0 {
			return s
		}
		i += j
		j = indexSpace(s[i:], true)
		if j < 0 {
			return s
		}
		i += j
	}
	if strings.TrimSpace(s[i:]) == "" {
		return s
	}
	return s[:i] + "…"
}

// lastIndexSpace is strings.LastIndexFunc(s, unicode.IsSpace) when space
// is set, and of its negation otherwise; indexSpace is strings.IndexFunc's.
// Both read ASCII without decoding it: every document on a term's pages has
// its quoted sentence trimmed by them.
func lastIndexSpace(s string, space bool) int {
	for i := len(s); i > 0; {
		if c := s[i-1]; c < utf8.RuneSelf {
			i--
			if asciiSpace(c) == space {
				return i
			}
			continue
		}
		r, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
		if unicode.IsSpace(r) == space {
			return i
		}
	}
	return -1
}

func indexSpace(s string, space bool) int {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if asciiSpace(c) == space {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) == space {
			return i
		}
		i += size
	}
	return -1
}

// asciiSpace is unicode.IsSpace for ASCII.
func asciiSpace(c byte) bool { return c == ' ' || '\t' <= c && c <= '\r' }

// usageSpan is a match of a term in a block and the sentence it starts in.
type usageSpan struct {
	start, end, sentence int
	deprecated           bool
}

// bySentence groups a block's matches by sentence, sentences in order of
// their first match and matches in block order. Matches come left to right
// and sentences are in order, so each group is a run of neighbours; should
// they ever not be, the groups are gathered the long way.
func bySentence(spans []usageSpan) [][]usageSpan {
	var groups [][]usageSpan
	first := 0
	for i := 1; i <= len(spans); i++ {
		if i < len(spans) && spans[i].sentence == spans[first].sentence {
			continue
		}
		if i < len(spans) && spans[i].sentence < spans[first].sentence {
			return bySentenceUnordered(spans)
		}
		groups = append(groups, spans[first:i])
		first = i
	}
	return groups
}

func bySentenceUnordered(spans []usageSpan) [][]usageSpan {
	at := map[int]int{}
	var groups [][]usageSpan
	for _, sp := range spans {
		i, ok := at[sp.sentence]
		if !ok {
			i = len(groups)
			at[sp.sentence] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], sp)
	}
	return groups
}

func (b *builder) restatement(t *glossary.Term, e *entry, r *RestatementRecord, from string) RestatementView {
	v := RestatementView{Doc: Link{Text: e.rec.Title, Href: relHref(from, docPage(e.rec.Slug))}, How: r.How, Strong: r.Strong, Text: r.Text}
	v.Href = v.Doc.Href
	if r.Anchor != "" {
		v.Href = withFragment(v.Doc.Href, r.Anchor)
		v.Section = r.Title
	}
	ops := fromWording(wording.Diff(t.Definition, v.Text))
	v.Same = true
	for _, o := range ops {
		if o.Op != "equal" {
			v.Same = false
		}
	}
	v.Sides = sides(ops)
	v.Sides.CanonicalLabel, v.Sides.WrittenLabel = "Glossary definition", "How the document says it"
	return v
}
