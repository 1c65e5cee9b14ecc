// Package site publishes the corpus as a static site: page models built from
// the documents, the glossary, the findings and each document's facts;
// rendering them with the theme's html/template templates (site/ at the
// repository root, embedded in the binary); the goldmark extension that
// links glossary terms; and publishing the result atomically. It never
// passes HTML from the corpus or the glossary through, never lets a
// dangerous URL out, and makes every internal link relative so the site works
// from any folder, host or sub-path and straight from disk. It reads parsed
// documents and findings; it never parses files or runs rules itself, except
// the rules' own examples for the rules pages.
package site

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"

	"github.com/concord-guidance/concord"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/par"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/wording"
)

// DefaultTitle is the site's name when none is given.
const DefaultTitle = "Stalking and harassment guidance"

// Input is everything a site is built from.
type Input struct {
	Glossary *glossary.Glossary
	Docs     []*corpus.Document
	Findings []*rules.Finding
	// Facts returns a document's analysis; nil means rules.Analyse.
	Facts func(*corpus.Document) *rules.DocFacts
	// ExampleGlossary is the glossary the rules' examples are run against on
	// the rules pages; nil means the built-in glossary, the one the examples
	// are written for.
	ExampleGlossary *glossary.Glossary
	// BaseURL, when set, is the address the site is published at: it turns
	// on sitemap.xml and gives 404.html absolute links.
	BaseURL string
	// Title is the site's name (DefaultTitle when empty).
	Title string
	// Theme holds templates/ and assets/ (and search/, when the search
	// feature ships files); nil means the embedded theme.
	Theme fs.FS
	// Extra are more files to publish, such as search index shards; their
	// paths may not collide with the site's own.
	Extra []File
}

// File is one published file; Path is relative to the output folder, with
// forward slashes.
type File struct {
	Path string
	Data []byte
}

// Pages are the models of every page, before rendering.
type Pages struct {
	Home     *HomePage
	Docs     []*DocPage
	Glossary *GlossaryPage
	Terms    []*TermPage
	Report   *ReportPage
	Rules    *RulesPage
	RulePage []*RulePage
	Search   *SearchPage
	NotFound *NotFoundPage
}

type builder struct {
	in        Input
	title     string
	g         *glossary.Glossary
	docs      []*corpus.Document // by slug
	bySlug    map[string]*corpus.Document
	byRel     map[string]*corpus.Document
	byPath    map[string]*corpus.Document
	facts     map[*corpus.Document]*rules.DocFacts
	findings  []*rules.Finding
	byDoc     map[*corpus.Document][]*rules.Finding
	byTerm    map[string][]*rules.Finding
	byRule    map[string][]*rules.Finding
	docsUsing map[string]int // term id -> documents using it
	// mentions are the documents with any match of a term (uses and
	// deprecated wording), in slug order; linkedFrom the documents
	// linking to each document.
	mentions   map[string][]mention
	linkedFrom map[*corpus.Document][]*corpus.Document
	searchJS   bool
	// titles are the documents' titles; rank is each document's place in
	// the documents sorted by title (lessFold, stable over slug order), so
	// a list of documents in slug order sorts by title without comparing
	// strings; restated are the restatements of each term in that order.
	titles   map[*corpus.Document]string
	rank     map[*corpus.Document]int
	restated map[string][]docRestatement
}

// mention is a document with a match of a term, and the blocks holding
// one, in document order.
type mention struct {
	doc    *corpus.Document
	blocks []*rules.BlockFacts
}

type docRestatement struct {
	doc *corpus.Document
	r   *rules.Restatement
}

// Model builds the page models.
func Model(in Input) (*Pages, error) {
	b, err := newBuilder(in)
	if err != nil {
		return nil, err
	}
	return b.pages()
}

func newBuilder(in Input) (*builder, error) {
	if in.Glossary == nil {
		return nil, errors.New("site: no glossary")
	}
	if in.Theme == nil {
		sub, err := fs.Sub(concord.Site, "site")
		if err != nil {
			return nil, err
		}
		in.Theme = sub
	}
	b := &builder{in: in, title: in.Title, g: in.Glossary,
		bySlug: map[string]*corpus.Document{}, byRel: map[string]*corpus.Document{}, byPath: map[string]*corpus.Document{},
		byDoc: map[*corpus.Document][]*rules.Finding{}, byTerm: map[string][]*rules.Finding{}, byRule: map[string][]*rules.Finding{},
		docsUsing: map[string]int{}, mentions: map[string][]mention{}, linkedFrom: map[*corpus.Document][]*corpus.Document{}}
	if b.title == "" {
		b.title = DefaultTitle
	}
	// The search page runs the theme's search/search.js once there is an
	// index for it: internal/search's export, passed in as Extra files
	// under search/ (search/current.js names the index build).
	if _, err := fs.Stat(in.Theme, "search/search.js"); err == nil {
		for _, f := range in.Extra {
			if f.Path == "search/current.js" {
				b.searchJS = true
			}
		}
	}
	b.docs = append(b.docs, in.Docs...)
	sort.Slice(b.docs, func(i, j int) bool { return b.docs[i].Slug < b.docs[j].Slug })
	for _, d := range b.docs {
		if err := checkSlug(d.Slug); err != nil {
			return nil, fmt.Errorf("%s: %w", d.Path, err)
		}
		if prev := b.bySlug[d.Slug]; prev != nil {
			return nil, fmt.Errorf("%s: slug %q is also used by %s", d.Path, d.Slug, prev.Path)
		}
		b.bySlug[d.Slug] = d
		b.byRel[d.Rel] = d
		b.byPath[d.Path] = d
	}
	b.findings = append(b.findings, in.Findings...)
	rules.Sort(b.findings)
	for _, f := range b.findings {
		if d := b.byPath[f.File]; d != nil {
			b.byDoc[d] = append(b.byDoc[d], f)
		}
		if f.Term != "" {
			b.byTerm[f.Term] = append(b.byTerm[f.Term], f)
		}
		b.byRule[f.Rule] = append(b.byRule[f.Rule], f)
	}
	facts := in.Facts
	if facts == nil {
		facts = func(d *corpus.Document) *rules.DocFacts { return rules.Analyse(in.Glossary, d) }
	}
	b.titles = make(map[*corpus.Document]string, len(b.docs))
	for _, d := range b.docs {
		b.titles[d] = docTitle(d)
	}
	byTitle := sortByTitle(b.docs, b.titles)
	b.rank = make(map[*corpus.Document]int, len(byTitle))
	for i, d := range byTitle {
		b.rank[d] = i
	}
	b.facts = map[*corpus.Document]*rules.DocFacts{}
	all := parallel(len(b.docs), func(i int) *rules.DocFacts {
		df := facts(b.docs[i])
		// Pages read matches, sentences and restatements, never tokens.
		df.Trim(true)
		return df
	})
	for i, d := range b.docs {
		b.facts[d] = all[i]
		used, mentioned := map[string]bool{}, map[string]int{}
		for _, bf := range all[i].Blocks {
			for _, m := range bf.Matches {
				id := m.Entry.Term.ID
				if uses(m.Entry.Kind) && !used[id] {
					used[id] = true
					b.docsUsing[id]++
				}
				k, ok := mentioned[id]
				if !ok {
					k = len(b.mentions[id])
					mentioned[id] = k
					b.mentions[id] = append(b.mentions[id], mention{doc: d})
				}
				if mb := &b.mentions[id][k]; len(mb.blocks) == 0 || mb.blocks[len(mb.blocks)-1] != bf {
					mb.blocks = append(mb.blocks, bf)
				}
			}
		}
		linked := map[*corpus.Document]bool{d: true}
		for _, l := range d.Links {
			if t := b.resolveDocLink(d, l.Dest); t != nil && !linked[t] {
				linked[t] = true
				b.linkedFrom[t] = append(b.linkedFrom[t], d)
			}
		}
	}
	b.restated = map[string][]docRestatement{}
	for _, d := range byTitle {
		for _, r := range b.facts[d].Restatements {
			if r.Term != nil {
				b.restated[r.Term.ID] = append(b.restated[r.Term.ID], docRestatement{d, r})
			}
		}
	}
	return b, nil
}

// sortByTitle returns docs (in slug order) sorted by title as lessFold
// sorts them, folding each title once rather than at every comparison.
func sortByTitle(docs []*corpus.Document, titles map[*corpus.Document]string) []*corpus.Document {
	type keyed struct {
		d            *corpus.Document
		lower, title string
	}
	ks := make([]keyed, len(docs))
	for i, d := range docs {
		ks[i] = keyed{d, strings.ToLower(titles[d]), titles[d]}
	}
	sort.SliceStable(ks, func(i, j int) bool {
		if ks[i].lower != ks[j].lower {
			return ks[i].lower < ks[j].lower
		}
		return ks[i].title < ks[j].title
	})
	out := make([]*corpus.Document, len(ks))
	for i, k := range ks {
		out[i] = k.d
	}
	return out
}

// byTitle returns documents given in slug order sorted by title: the order
// sort.SliceStable with lessFold on their titles gives.
func (b *builder) byTitle(docs []*corpus.Document) []*corpus.Document {
	docs = append([]*corpus.Document(nil), docs...)
	sort.SliceStable(docs, func(i, j int) bool { return b.rank[docs[i]] < b.rank[docs[j]] })
	return docs
}

// uses reports whether a match is a use of its term (not deprecated wording,
// and not a longer wording that merely contains it).
func uses(k glossary.EntryKind) bool {
	return k != glossary.KindDeprecated && k != glossary.KindExcept
}

// parallel runs f for 0..n-1 on all cores and returns the results in order.
func parallel[T any](n int, f func(int) T) []T {
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	return parallelOrder(order, f)
}

// parallelOrder runs f for each index in order (a permutation of 0..n-1),
// starting them in that order on all cores, and returns the results by index.
func parallelOrder[T any](order []int, f func(int) T) []T {
	out := make([]T, len(order))
	par.For(len(order), func(k int) { out[order[k]] = f(order[k]) })
	return out
}

func (b *builder) pages() (*Pages, error) {
	p := &Pages{}
	type docResult struct {
		page *DocPage
		err  error
	}
	results := parallel(len(b.docs), func(i int) docResult {
		pg, err := b.docPage(b.docs[i])
		return docResult{pg, err}
	})
	for _, r := range results {
		if r.err != nil {
			return nil, r.err
		}
		p.Docs = append(p.Docs, r.page)
	}
	p.Home = b.homePage()
	p.Glossary = b.glossaryPage()
	p.Terms = parallel(len(b.g.Terms), func(i int) *TermPage { return b.termPage(b.g.Terms[i]) })
	p.Report = b.reportPage()
	p.Rules = b.rulesPage()
	eg, err := b.exampleGlossary()
	if err != nil {
		return nil, err
	}
	all := rules.All()
	p.RulePage = parallel(len(all), func(i int) *RulePage { return b.rulePage(all[i], eg) })
	p.Search = b.searchPage()
	p.NotFound = b.notFoundPage()
	return p, nil
}

// exampleGlossary is the glossary the rules' examples run against.
func (b *builder) exampleGlossary() (*glossary.Glossary, error) {
	if b.in.ExampleGlossary != nil {
		return b.in.ExampleGlossary, nil
	}
	sub, err := fs.Sub(concord.Glossary, "glossary")
	var eg *glossary.Glossary
	if err == nil {
		eg, err = glossary.Load(sub, ".", "(built-in)/glossary")
	}
	if err != nil {
		return nil, fmt.Errorf("load the built-in glossary for rule examples: %w", err)
	}
	return eg, nil
}

// layout is the shared part of a page at path.
func (b *builder) layout(page, title, section string, crumbs ...Link) Layout {
	l := Layout{SiteTitle: b.title, Path: page, Title: title, Root: rootOf(page),
		Footer: Footer{Documents: len(b.docs), Terms: len(b.g.Terms)}}
	for _, n := range []struct{ text, page, section string }{
		{"Guidance", homePage, "home"},
		{"Glossary", glossaryPage, "glossary"},
		{"Consistency report", reportPage, "report"},
		{"Rules", rulesPage, "rules"},
		{"Search", searchPage, "search"},
	} {
		l.Nav = append(l.Nav, NavItem{Text: n.text, Href: relHref(page, n.page), Current: n.page == page, Active: n.section == section})
	}
	if page != homePage && page != notFoundPage {
		// Breadcrumbs name the page's ancestors, not the page itself.
		l.Breadcrumbs = append([]Link{{Text: "Home", Href: relHref(page, homePage)}}, crumbs...)
	}
	return l
}

func (b *builder) docTitle(d *corpus.Document) string {
	if t, ok := b.titles[d]; ok {
		return t
	}
	return docTitle(d)
}

func docTitle(d *corpus.Document) string {
	if t := strings.TrimSpace(d.Front.Title); t != "" {
		return t
	}
	for _, h := range d.Headings {
		if h.Level == 1 {
			return h.Text
		}
	}
	return d.Slug
}

func countOf(fs []*rules.Finding) Counts {
	var c Counts
	for _, f := range fs {
		switch f.Severity {
		case rules.Error:
			c.Errors++
		case rules.Warning:
			c.Warnings++
		default:
			c.Infos++
		}
	}
	c.Total = len(fs)
	return c
}

func (b *builder) docSummary(d *corpus.Document, from string) DocSummary {
	s := DocSummary{Title: b.docTitle(d), Href: relHref(from, docPage(d.Slug)), Summary: d.Front.Summary,
		Updated: d.Front.Updated, Owner: d.Front.Owner, Findings: countOf(b.byDoc[d])}
	if s.Findings.Total > 0 {
		s.FindingsHref = withFragment(s.Href, "Findings")
	}
	return s
}

func (b *builder) homePage() *HomePage {
	p := &HomePage{Layout: b.layout(homePage, b.title, "home")}
	groups := map[string][]*corpus.Document{}
	for _, d := range b.docs {
		groups[strings.TrimSpace(d.Front.Topic)] = append(groups[strings.TrimSpace(d.Front.Topic)], d)
	}
	var topics []string
	for t := range groups {
		if t != "" {
			topics = append(topics, t)
		}
	}
	sort.Slice(topics, func(i, j int) bool { return lessFold(topics[i], topics[j]) })
	if len(groups[""]) > 0 {
		topics = append(topics, "")
	}
	ids := map[string]int{}
	for _, t := range topics {
		g := TopicGroup{Topic: t}
		if t == "" {
			g.Topic = "Other guidance"
		}
		g.ID = uniqueID(ids, "topic-"+corpus.Anchor(g.Topic))
		for _, d := range b.byTitle(groups[t]) {
			g.Docs = append(g.Docs, b.docSummary(d, homePage))
		}
		p.Topics = append(p.Topics, g)
	}
	h := &p.Health
	h.Documents, h.Terms = len(b.docs), len(b.g.Terms)
	h.Findings = countOf(b.findings)
	h.ReportHref = relHref(homePage, reportPage)
	for _, d := range b.docs {
		if len(b.byDoc[d]) > 0 {
			h.DocsWithFindings++
			h.Docs = append(h.Docs, b.docSummary(d, homePage))
		}
	}
	sort.SliceStable(h.Docs, func(i, j int) bool {
		a, c := h.Docs[i].Findings, h.Docs[j].Findings
		if a.Errors != c.Errors {
			return a.Errors > c.Errors
		}
		if a.Warnings != c.Warnings {
			return a.Warnings > c.Warnings
		}
		if a.Total != c.Total {
			return a.Total > c.Total
		}
		return lessFold(h.Docs[i].Title, h.Docs[j].Title)
	})
	for id, fs := range b.byRule {
		rc := RuleCount{Rule: id, Count: len(fs), Title: id}
		if r := rules.Lookup(id); r != nil {
			rc.Title = r.Title
			rc.Href = relHref(homePage, rulePage(id))
		}
		h.ByRule = append(h.ByRule, rc)
	}
	sort.Slice(h.ByRule, func(i, j int) bool {
		if h.ByRule[i].Count != h.ByRule[j].Count {
			return h.ByRule[i].Count > h.ByRule[j].Count
		}
		return h.ByRule[i].Rule < h.ByRule[j].Rule
	})
	return p
}

func uniqueID(seen map[string]int, id string) string {
	n := seen[id]
	seen[id] = n + 1
	if n > 0 {
		return fmt.Sprintf("%s-%d", id, n)
	}
	return id
}

func lessFold(a, b string) bool {
	la, lb := strings.ToLower(a), strings.ToLower(b)
	if la != lb {
		return la < lb
	}
	return a < b
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

func (b *builder) termRef(t *glossary.Term, from string) TermRef {
	return TermRef{ID: t.ID, Term: upperFirst(t.Term), Href: relHref(from, termPage(t.ID)), Summary: t.Summary, Kind: t.Kind}
}

// resolveDocLink returns the corpus document a link in d points to, or nil.
func (b *builder) resolveDocLink(d *corpus.Document, dest string) *corpus.Document {
	dest = strings.TrimSpace(dest)
	if dest == "" || strings.HasPrefix(dest, "#") || schemeOf(dest) != "" || strings.HasPrefix(dest, "//") {
		return nil
	}
	u, err := url.Parse(dest)
	if err != nil {
		return nil
	}
	return b.byRel[path.Clean(path.Join(path.Dir(d.Rel), u.Path))]
}

func (b *builder) docPage(d *corpus.Document) (*DocPage, error) {
	page := docPage(d.Slug)
	title := b.docTitle(d)
	p := &DocPage{Layout: b.layout(page, title, "home"),
		Slug: d.Slug, Source: d.Path, Summary: d.Front.Summary, Topic: d.Front.Topic, Updated: d.Front.Updated, Owner: d.Front.Owner,
		ReportHref: withFragment(relHref(page, reportPage), "doc-"+idPart(d.Slug))}
	for _, h := range d.Headings {
		if h.Level == 2 {
			p.Contents = append(p.Contents, Link{Text: h.Text, Href: "#" + h.Anchor})
		}
	}
	c := &docContext{doc: d, page: page, byRel: b.byRel, matcher: b.g.Matcher,
		termHref: func(t *glossary.Term) string { return relHref(page, termPage(t.ID)) }, known: newKnownBlocks(b.facts[d])}
	md := markdowns.Get().(goldmark.Markdown)
	body, err := renderDocument(md, c)
	markdowns.Put(md)
	if err != nil {
		return nil, err
	}
	p.Body = trustedHTML(body)

	counts := map[string]int{}
	for _, bf := range b.facts[d].Blocks {
		for _, m := range bf.Matches {
			if uses(m.Entry.Kind) {
				counts[m.Entry.Term.ID]++
			}
		}
	}
	for _, t := range b.g.Terms {
		if n := counts[t.ID]; n > 0 {
			r := b.termRef(t, page)
			r.Count = n
			p.Terms = append(p.Terms, r)
		}
	}
	sort.SliceStable(p.Terms, func(i, j int) bool { return lessFold(p.Terms[i].Term, p.Terms[j].Term) })

	seen := map[string]bool{d.Slug: true}
	for _, slug := range d.Front.Related {
		if o := b.bySlug[strings.TrimSpace(slug)]; o != nil && !seen[o.Slug] {
			seen[o.Slug] = true
			p.Related = append(p.Related, Link{Text: b.docTitle(o), Href: relHref(page, docPage(o.Slug))})
		}
	}
	for _, o := range b.linkedFrom[d] {
		p.LinkedFrom = append(p.LinkedFrom, Link{Text: b.docTitle(o), Href: relHref(page, docPage(o.Slug))})
	}
	sort.SliceStable(p.LinkedFrom, func(i, j int) bool { return lessFold(p.LinkedFrom[i].Text, p.LinkedFrom[j].Text) })
	for _, f := range b.byDoc[d] {
		p.Findings = append(p.Findings, b.finding(f, page))
	}
	p.Counts = countOf(b.byDoc[d])
	return p, nil
}

// idPart makes a slug usable inside an id.
func idPart(s string) string { return strings.ReplaceAll(s, "/", "--") }

// sectionAt returns the heading a source offset falls under, or nil.
func sectionAt(d *corpus.Document, off int) *corpus.Heading {
	var at *corpus.Heading
	for _, h := range d.Headings {
		if h.Start <= off {
			at = h
		}
	}
	return at
}

func findingID(f *rules.Finding) string { return "F-" + f.Fingerprint }

func (b *builder) finding(f *rules.Finding, from string) FindingView {
	v := FindingView{ID: findingID(f), Href: withFragment(relHref(from, reportPage), findingID(f)),
		Rule: f.Rule, RuleTitle: f.Rule, Severity: f.Severity.String(),
		Location: fmt.Sprintf("%s:%d:%d", f.File, f.Line, f.Column),
		Message:  f.Message, Suggestion: f.Suggestion, Context: f.Context, Expected: f.Expected, Actual: f.Actual}
	if r := rules.Lookup(f.Rule); r != nil {
		v.RuleHref = relHref(from, rulePage(r.ID))
		v.RuleTitle = r.Title
	}
	if d := b.byPath[f.File]; d != nil {
		v.DocTitle = b.docTitle(d)
		href := relHref(from, docPage(d.Slug))
		if h := sectionAt(d, d.File.LineStart(f.Line)); h != nil {
			v.Section = h.Text
			href = withFragment(href, h.Anchor)
		}
		v.DocHref = href
	}
	if t := b.g.Get(f.Term); t != nil {
		r := b.termRef(t, from)
		v.Term = &r
	}
	for _, op := range f.Diff {
		v.Diff = append(v.Diff, DiffOp{Op: op.Op, Text: op.Text})
	}
	if len(v.Diff) == 0 && f.Expected != "" && f.Actual != "" {
		v.Diff = fromWording(wording.Diff(f.Expected, f.Actual))
	}
	if len(v.Diff) > 0 {
		s := sides(v.Diff)
		s.CanonicalLabel, s.WrittenLabel = "The glossary’s wording", "This document’s wording"
		v.Sides = &s
	}
	for _, l := range f.Related {
		s := fmt.Sprintf("%s:%d", l.File, l.Line)
		if l.Message != "" {
			s += ": " + l.Message
		}
		v.Related = append(v.Related, s)
	}
	return v
}

func fromWording(ops []wording.Op) []DiffOp {
	out := make([]DiffOp, 0, len(ops))
	for _, o := range ops {
		out = append(out, DiffOp{Op: o.Op, Text: o.Text})
	}
	return out
}

// sides splits a diff into the canonical wording (what the glossary says,
// deletions marked) and the written one (what the document says, insertions
// marked).
func sides(ops []DiffOp) DiffSides {
	var s DiffSides
	for _, o := range ops {
		switch o.Op {
		case "delete":
			s.Canonical = append(s.Canonical, o)
		case "insert":
			s.Written = append(s.Written, o)
		default:
			s.Canonical = append(s.Canonical, o)
			s.Written = append(s.Written, o)
		}
	}
	return s
}

func (b *builder) glossaryPage() *GlossaryPage {
	p := &GlossaryPage{Layout: b.layout(glossaryPage, "Glossary A to Z", "glossary"), Count: len(b.g.Terms)}
	byLetter := map[string][]TermRef{}
	for _, t := range b.g.Terms {
		r := b.termRef(t, glossaryPage)
		r.Count = b.docsUsing[t.ID]
		byLetter[letterOf(r.Term)] = append(byLetter[letterOf(r.Term)], r)
	}
	letters := strings.Split("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "")
	if len(byLetter["0–9"]) > 0 {
		letters = append([]string{"0–9"}, letters...)
	}
	for _, l := range letters {
		terms := byLetter[l]
		sort.SliceStable(terms, func(i, j int) bool { return lessFold(terms[i].Term, terms[j].Term) })
		id := "letter-" + strings.ToLower(l)
		if l == "0–9" {
			id = "letter-digits"
		}
		p.Letters = append(p.Letters, Letter{Letter: l, ID: id, Terms: terms})
	}
	return p
}

// letterOf files a term under its first letter, with accents removed; terms
// starting with anything else go under "0–9".
func letterOf(term string) string {
	r, _ := utf8.DecodeRuneInString(term)
	if r = unicode.ToUpper(foldAccent(r)); r >= 'A' && r <= 'Z' {
		return string(r)
	}
	return "0–9"
}

func foldAccent(r rune) rune {
	const from, to = "ÀÁÂÃÄÅàáâãäåÈÉÊËèéêëÌÍÎÏìíîïÒÓÔÕÖòóôõöÙÚÛÜùúûüÇçÑñÝýÿ", "AAAAAAaaaaaaEEEEeeeeIIIIiiiiOOOOOoooooUUUUuuuuCcNnYyy"
	toRunes := []rune(to)
	i := 0
	for _, f := range from {
		if f == r {
			return toRunes[i]
		}
		i++
	}
	return r
}

func (b *builder) termPage(t *glossary.Term) *TermPage {
	page := termPage(t.ID)
	name := upperFirst(t.Term)
	p := &TermPage{Layout: b.layout(page, name, "glossary", Link{Text: "Glossary", Href: relHref(page, glossaryPage)}),
		ID: t.ID, Term: name, Written: t.Term, Kind: t.Kind, Definition: t.Definition, Summary: t.Summary,
		Acronym: t.Acronym, Expansion: t.Expansion, Examples: t.Examples, Notes: t.Notes, Aliases: t.Aliases,
		ReportHref: withFragment(relHref(page, reportPage), "term-"+t.ID)}
	for _, ph := range t.Phrases {
		p.Phrases = append(p.Phrases, ph.Text)
	}
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
	mentions := append([]mention(nil), b.mentions[t.ID]...)
	sort.SliceStable(mentions, func(i, j int) bool { return b.rank[mentions[i].doc] < b.rank[mentions[j].doc] })
	for _, m := range mentions {
		if u := b.usage(t, m, page); u != nil {
			p.Usage = append(p.Usage, *u)
		}
	}
	for _, dr := range b.restated[t.ID] {
		p.Restatements = append(p.Restatements, b.restatement(t, dr.doc, dr.r, page))
	}
	for _, f := range b.byTerm[t.ID] {
		p.Findings = append(p.Findings, b.finding(f, page))
	}
	return p
}

// usage lists the sentences of d that use t, the term's words marked, in
// document order. Deprecated wording for the term counts as a use, marked so.
func (b *builder) usage(t *glossary.Term, mn mention, from string) *DocUsage {
	d := mn.doc
	u := &DocUsage{Doc: Link{Text: b.docTitle(d), Href: relHref(from, docPage(d.Slug))}}
	var spans []usageSpan
	for _, bf := range mn.blocks {
		spans = spans[:0]
		for _, m := range bf.Matches {
			if m.Entry.Term != t || m.Entry.Kind == glossary.KindExcept {
				continue
			}
			spans = append(spans, usageSpan{m.Start, m.End, bf.SentenceAt(m.Start), m.Entry.Kind == glossary.KindDeprecated})
			u.Count++
		}
		if len(spans) == 0 {
			continue
		}
		href, section := u.Doc.Href, ""
		if sec := bf.Block.Section; sec != nil && sec.Anchor() != "" {
			href = withFragment(u.Doc.Href, sec.Anchor())
			section = sec.Title()
		}
		text := bf.Block.Run.Text
		for _, g := range bySentence(spans) {
			k := g[0].sentence
			if k >= len(bf.Sentences) {
				continue
			}
			s := bf.Sentences[k]
			sv := Sentence{Href: href, Section: section}
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
			u.Sentences = append(u.Sentences, sv)
		}
	}
	if u.Count == 0 {
		return nil
	}
	u.Shown = u.Sentences
	if len(u.Sentences) > usageShown+1 {
		u.Shown, u.More = u.Sentences[:usageShown], u.Sentences[usageShown:]
	}
	return u
}

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

func (b *builder) restatement(t *glossary.Term, d *corpus.Document, r *rules.Restatement, from string) RestatementView {
	v := RestatementView{Doc: Link{Text: b.docTitle(d), Href: relHref(from, docPage(d.Slug))}, How: r.How, Strong: r.Strong, Text: r.Text()}
	v.Href = v.Doc.Href
	if r.Block != nil && r.Block.Block != nil && r.Block.Block.Section != nil {
		if sec := r.Block.Block.Section; sec.Anchor() != "" {
			v.Href = withFragment(v.Doc.Href, sec.Anchor())
			v.Section = sec.Title()
		}
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

func (b *builder) reportPage() *ReportPage {
	page := reportPage
	p := &ReportPage{Layout: b.layout(page, "Consistency report", "report"), Counts: countOf(b.findings)}
	views := map[*rules.Finding]FindingView{}
	view := func(f *rules.Finding) FindingView {
		v, ok := views[f]
		if !ok {
			v = b.finding(f, page)
			views[f] = v
		}
		return v
	}
	// By rule, in registry order, then any rule the registry no longer has.
	seen := map[string]bool{}
	var ruleIDs []string
	for _, r := range rules.All() {
		ruleIDs = append(ruleIDs, r.ID)
		seen[r.ID] = true
	}
	var unknown []string
	for id := range b.byRule {
		if !seen[id] {
			unknown = append(unknown, id)
		}
	}
	sort.Strings(unknown)
	for _, id := range append(ruleIDs, unknown...) {
		fs := b.byRule[id]
		if len(fs) == 0 {
			continue
		}
		g := FindingGroup{ID: "rule-" + id, Title: id, Counts: countOf(fs)}
		if r := rules.Lookup(id); r != nil {
			g.Title = id + ": " + r.Title
			g.Href = relHref(page, rulePage(id))
		}
		for _, f := range fs {
			g.Findings = append(g.Findings, view(f))
		}
		p.ByRule = append(p.ByRule, g)
	}
	docs := b.byTitle(b.docs)
	inDoc := map[*rules.Finding]bool{}
	for _, d := range docs {
		fs := b.byDoc[d]
		if len(fs) == 0 {
			continue
		}
		g := FindingGroup{ID: "doc-" + idPart(d.Slug), Title: b.docTitle(d), Href: relHref(page, docPage(d.Slug)), Counts: countOf(fs)}
		for _, f := range fs {
			inDoc[f] = true
			g.Findings = append(g.Findings, view(f))
		}
		p.ByDoc = append(p.ByDoc, g)
	}
	// Findings in files that are not published documents, grouped by file.
	other := map[string][]*rules.Finding{}
	var files []string
	for _, f := range b.findings {
		if !inDoc[f] {
			if len(other[f.File]) == 0 {
				files = append(files, f.File)
			}
			other[f.File] = append(other[f.File], f)
		}
	}
	sort.Strings(files)
	ids := map[string]int{}
	for _, file := range files {
		g := FindingGroup{ID: uniqueID(ids, "file-"+corpus.Anchor(file)), Title: file, Counts: countOf(other[file])}
		for _, f := range other[file] {
			g.Findings = append(g.Findings, view(f))
		}
		p.ByDoc = append(p.ByDoc, g)
	}
	terms := append([]*glossary.Term(nil), b.g.Terms...)
	sort.SliceStable(terms, func(i, j int) bool { return lessFold(terms[i].Term, terms[j].Term) })
	for _, t := range terms {
		fs := b.byTerm[t.ID]
		if len(fs) == 0 {
			continue
		}
		g := FindingGroup{ID: "term-" + t.ID, Title: upperFirst(t.Term), Href: relHref(page, termPage(t.ID)), Counts: countOf(fs)}
		for _, f := range fs {
			g.Findings = append(g.Findings, view(f))
		}
		p.ByTerm = append(p.ByTerm, g)
	}
	return p
}

func (b *builder) rulesPage() *RulesPage {
	p := &RulesPage{Layout: b.layout(rulesPage, "Rules", "rules")}
	for _, r := range rules.All() {
		p.Rules = append(p.Rules, RuleSummary{ID: r.ID, Title: r.Title, Href: relHref(rulesPage, rulePage(r.ID)), Severity: r.Severity.String(), Findings: len(b.byRule[r.ID])})
	}
	return p
}

func (b *builder) rulePage(r *rules.Rule, eg *glossary.Glossary) *RulePage {
	page := rulePage(r.ID)
	p := &RulePage{Layout: b.layout(page, r.ID, "rules", Link{Text: "Rules", Href: relHref(page, rulesPage)}),
		ID: r.ID, Title: r.Title, Rationale: r.Rationale, Severity: r.Severity.String(), Scope: "each document on its own",
		Findings: len(b.byRule[r.ID]), ReportHref: withFragment(relHref(page, reportPage), "rule-"+r.ID)}
	if r.Scope == rules.CorpusScope {
		p.Scope = "the whole corpus at once"
	}
	for _, o := range r.Options {
		p.Options = append(p.Options, OptionView{Name: o.Name, Default: fmt.Sprintf("%g", o.Default), Doc: o.Doc})
	}
	for _, ex := range r.Examples {
		v := ExampleView{Title: ex.Title, Markdown: ex.Markdown, More: ex.More, Findings: []ExampleFinding{}}
		fs, err := runExample(eg, r, ex)
		if err != nil {
			v.Error = err.Error()
		}
		for _, f := range fs {
			v.Findings = append(v.Findings, ExampleFinding{Where: f.Key(), Severity: f.Severity.String(), Message: f.Message, Suggestion: f.Suggestion})
		}
		p.Examples = append(p.Examples, v)
	}
	return p
}

// runExample runs a rule's example, turning a rule's panic into an error so
// one faulty example cannot stop the build.
func runExample(g *glossary.Glossary, r *rules.Rule, ex rules.Example) (fs []*rules.Finding, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("the example could not be run: %v", p)
		}
	}()
	return rules.RunExample(g, r, ex)
}

func (b *builder) searchPage() *SearchPage {
	p := &SearchPage{Layout: b.layout(searchPage, "Search", "search")}
	if b.searchJS {
		p.Scripts = []string{"search.js"}
	}
	return p
}

func (b *builder) notFoundPage() *NotFoundPage {
	p := &NotFoundPage{Layout: b.layout(notFoundPage, "Page not found", "")}
	if base := normaliseBaseURL(b.in.BaseURL); base != "" {
		// 404.html is served at any address, so relative links would
		// resolve against the wrong folder; with a base URL they need not.
		p.Root = base
		for i := range p.Nav {
			p.Nav[i].Href = base + p.Nav[i].Href
		}
	}
	p.Home = p.Root + homePage
	p.Glossary = p.Root + glossaryPage
	p.Search = p.Root + searchPage
	return p
}

// normaliseBaseURL returns the base URL ending in "/", or "" if there is none
// or it is not an absolute http(s) URL.
func normaliseBaseURL(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	if !strings.HasSuffix(s, "/") {
		s += "/"
	}
	return s
}

// CheckBaseURL reports whether a base URL can be used.
func CheckBaseURL(s string) error {
	if strings.TrimSpace(s) != "" && normaliseBaseURL(s) == "" {
		return fmt.Errorf("base URL %q must be an absolute http or https address, such as https://guidance.example.org/", s)
	}
	return nil
}
