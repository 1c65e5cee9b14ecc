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
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/concord-guidance/concord/internal/audit"

	"github.com/concord-guidance/concord"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/opendata"
	"github.com/concord-guidance/concord/internal/par"
	"github.com/concord-guidance/concord/internal/rules"
)

// DefaultTitle is the site's name when none is given: neutral, since the
// same binary publishes every team's guidance (the bundled example names
// itself in concord.yaml).
const DefaultTitle = "Guidance"

// DefaultIntro is the home page's introduction when concord.yaml does not
// give one.
const DefaultIntro = "Every glossary term in this guidance links to its one shared definition."

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
	// Intro is the home page's introduction, plain text: a blank line
	// starts a new paragraph, and the first is the lead. "" shows none.
	Intro string
	// Organisation, when set, is named above the title in the header and
	// as the publisher in the footer.
	Organisation string
	// FooterText is the team's own line in the footer, plain text.
	FooterText string
	// Editor builds the editors' view: the consistency report and rules
	// pages, the health of the guidance on the home page, the findings of
	// each document, term and rule, and in each document a mark on every
	// sentence with a finding, the finding in a note beside it. Without
	// it the site is for readers and shows no finding anywhere.
	Editor bool
	// Theme holds templates/ and assets/ (and search/, when the search
	// feature ships files); nil means the embedded theme.
	Theme fs.FS
	// Extra are more files to publish, such as search index shards; their
	// paths may not collide with the site's own.
	Extra []File

	// Sources, when set, replace Docs and Facts: every document, parsed or
	// known by its last record (see Source and RenderIncremental).
	Sources []Source
	// UsagePerPage is how many documents each page of a term's uses lists
	// (DefaultUsagePerPage when 0).
	UsagePerPage int
	// ListPerPage is how many documents each page of the documents
	// listings holds (DefaultListPerPage when 0); FindingsPerPage is how
	// many findings each page of the report's findings holds
	// (DefaultFindingsPerPage when 0). See paging.go.
	ListPerPage, FindingsPerPage int
	// Phase, when set, is told as each stage of an incremental render ends
	// (CONCORD_TIMING).
	Phase func(string)
	// Audit, when set, is what `concord audit` read of other bodies' pages:
	// the site gains an audit section (audit/), one page per term.
	Audit *audit.SiteData
	// Early, when set, takes each page as it is rendered (Early.Write):
	// Render then returns the pages it wrote with no data, to publish
	// with PublishEarly. Only a build afresh may set it.
	Early *Early
	// Salt is mixed into every page's key (see RenderIncremental): the
	// binary's version, since a new concord may render the same input
	// differently.
	Salt string
}

// File is one published file; Path is relative to the output folder, with
// forward slashes.
type File struct {
	Path string
	Data []byte
	// Same says the file is byte for byte the one the previous build
	// published at Path; Data may then be nil (see RenderIncremental and
	// Publish).
	Same bool
	// Key, when Data is not held (an extra file written early, see
	// Early.Write), is FileKey of its data: RenderIncremental records it
	// for the next build as it would the data's.
	Key Key
}

type builder struct {
	in       Input
	title    string
	g        *glossary.Glossary
	docs     []*entry // by slug
	bySlug   map[string]*entry
	byRel    map[string]*entry
	byPath   map[string]*entry
	findings []*rules.Finding
	byDoc    map[*entry][]*rules.Finding
	byTerm   map[string][]*rules.Finding
	byRule   map[string][]*rules.Finding
	// docsUsing counts the documents using each term; users are the
	// documents with a use or deprecated wording of each term, by title;
	// linkedFrom the documents linking to each document, by slug.
	docsUsing  map[string]int
	users      map[string][]*entry
	linkedFrom map[*entry][]*entry
	searchJS   bool
	// rank is each document's place in the documents sorted by title
	// (lessFold, stable over slug order), so a list of documents in slug
	// order sorts by title without comparing strings; restated are the
	// restatements of each term in that order.
	rank     map[*entry]int
	restated map[string][]docRestatement
	// perPage is how many documents each page of a term's uses lists;
	// listPer and findPer the same for the documents listings and the
	// report's findings (see paging.go).
	perPage, listPer, findPer int
	// topics are the documents by topic, as the home page and the
	// documents listing show them; listed is every document in that order.
	topics []topicDocs
	listed []*entry
	// withFindings are the documents with findings, by title.
	withFindings []*entry
	// ordered are the findings in the report's order (by rule), findingAt
	// each one's place in it; files are the files with findings as the
	// report lists them.
	ordered   []*rules.Finding
	findingAt map[*rules.Finding]int
	files     []fileFindings
	// fkeys are the findings' digests for page keys (see keys.go).
	fkeys map[*rules.Finding]Key
	// nav is the header navigation: the kinds with an entry that this
	// build has (see layout).
	nav []navLink
	// examples is the glossary the rules pages run the examples against,
	// loaded the first time one is built.
	examples func() (*glossary.Glossary, error)
}

// navLink is an entry of the header navigation.
type navLink struct{ Text, Page, Section string }

type docRestatement struct {
	e *entry
	r *RestatementRecord
	// more counts the document's restatements of the term after this one,
	// left off its page.
	more int
}

// RestatementsPerDocument is how many of one document's restatements of a
// term the term's page shows, each beside the definition with a word diff;
// the rest are counted. A 15 MB table of glossary words restated each
// term thousands of times, and every term page grew to megabytes.
const RestatementsPerDocument = 10

// sources returns the documents of in as sources: in.Sources, or in.Docs
// with in.Facts.
func (in Input) sources() []Source {
	if in.Sources != nil {
		return in.Sources
	}
	out := make([]Source, len(in.Docs))
	for i, d := range in.Docs {
		out[i] = Source{Doc: d}
	}
	return out
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
		bySlug: map[string]*entry{}, byRel: map[string]*entry{}, byPath: map[string]*entry{},
		byDoc: map[*entry][]*rules.Finding{}, byTerm: map[string][]*rules.Finding{}, byRule: map[string][]*rules.Finding{},
		docsUsing: map[string]int{}, users: map[string][]*entry{}, linkedFrom: map[*entry][]*entry{}, perPage: in.UsagePerPage}
	if b.title == "" {
		b.title = DefaultTitle
	}
	if b.perPage <= 0 {
		b.perPage = DefaultUsagePerPage
	}
	b.listPer, b.findPer = in.ListPerPage, in.FindingsPerPage
	if b.listPer <= 0 {
		b.listPer = DefaultListPerPage
	}
	if b.findPer <= 0 {
		b.findPer = DefaultFindingsPerPage
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
	srcs := in.sources()
	facts := in.Facts
	if facts == nil {
		facts = func(d *corpus.Document) *rules.DocFacts { return rules.Analyse(in.Glossary, d) }
	}
	// Every parsed document's record, from its analysis, on all cores.
	entries := par.Map(len(srcs), func(i int) *entry {
		s := srcs[i]
		e := &entry{hash: s.Hash, doc: s.Doc, facts: s.Facts, rec: s.Record, load: s.Load, loadUsage: s.LoadUsage, loadPage: s.LoadPage}
		if e.doc != nil {
			if e.facts == nil {
				e.facts = facts(e.doc)
			}
			// Pages read matches, sentences and restatements, never tokens.
			e.facts.Trim(true)
			e.rec = NewRecord(e.doc, e.facts)
		}
		return e
	})
	for i, e := range entries {
		if e.rec == nil {
			return nil, fmt.Errorf("site: document %d has neither a parsed document nor a record", i)
		}
	}
	b.docs = entries
	sort.Slice(b.docs, func(i, j int) bool { return b.docs[i].rec.Slug < b.docs[j].rec.Slug })
	for _, e := range b.docs {
		r := e.rec
		if err := checkSlug(r.Slug); err != nil {
			return nil, fmt.Errorf("%s: %w", r.Path, err)
		}
		if prev := b.bySlug[r.Slug]; prev != nil {
			return nil, fmt.Errorf("%s: slug %q is also used by %s", r.Path, r.Slug, prev.rec.Path)
		}
		b.bySlug[r.Slug] = e
		e.href = rootHref(r.Slug)
		b.byRel[r.Rel] = e
		b.byPath[r.Path] = e
	}
	b.findings = append(b.findings, in.Findings...)
	rules.Sort(b.findings)
	for _, f := range b.findings {
		if e := b.byPath[f.File]; e != nil {
			b.byDoc[e] = append(b.byDoc[e], f)
		}
		if f.Term != "" {
			b.byTerm[f.Term] = append(b.byTerm[f.Term], f)
		}
		b.byRule[f.Rule] = append(b.byRule[f.Rule], f)
	}
	byTitle := sortByTitle(b.docs)
	b.rank = make(map[*entry]int, len(byTitle))
	for i, e := range byTitle {
		b.rank[e] = i
	}
	for _, e := range b.docs {
		linked := map[*entry]bool{e: true}
		for _, rel := range e.rec.Links {
			if t := b.byRel[rel]; t != nil && !linked[t] {
				linked[t] = true
				b.linkedFrom[t] = append(b.linkedFrom[t], e)
			}
		}
	}
	b.topics = topicsOf(byTitle)
	for _, g := range b.topics {
		b.listed = append(b.listed, g.docs...)
	}
	for _, e := range byTitle {
		if len(b.byDoc[e]) > 0 {
			b.withFindings = append(b.withFindings, e)
		}
	}
	b.ordered = b.reportOrder()
	b.findingAt = make(map[*rules.Finding]int, len(b.ordered))
	for i, f := range b.ordered {
		b.findingAt[f] = i
	}
	b.files = b.reportFiles()
	b.examples = sync.OnceValues(b.exampleGlossary)
	b.restated = map[string][]docRestatement{}
	for _, e := range byTitle {
		for _, t := range e.rec.Terms {
			if t.Uses > 0 {
				b.docsUsing[t.ID]++
			}
			b.users[t.ID] = append(b.users[t.ID], e)
		}
		shown := map[string]int{}
		for i := range e.rec.Restatements {
			r := &e.rec.Restatements[i]
			if shown[r.Term] == RestatementsPerDocument {
				// Counted on the last one shown (see RestatementsPerDocument).
				rs := b.restated[r.Term]
				rs[len(rs)-1].more++
				continue
			}
			shown[r.Term]++
			b.restated[r.Term] = append(b.restated[r.Term], docRestatement{e: e, r: r})
		}
	}
	b.nav = b.navigation()
	return b, nil
}

// navigation lists the header's entries: each kind with a navEntry, in its
// order, when the build has its pages.
func (b *builder) navigation() []navLink {
	var ks []*pageKind
	for _, k := range kinds {
		if k.nav != nil {
			ks = append(ks, k)
		}
	}
	sort.SliceStable(ks, func(i, j int) bool { return ks[i].nav.order < ks[j].nav.order })
	var out []navLink
	for _, k := range ks {
		if ps := k.pages(b); len(ps) > 0 {
			out = append(out, navLink{k.nav.text, ps[0].path, k.nav.section})
		}
	}
	return out
}

// sortByTitle returns docs (in slug order) sorted by title as lessFold
// sorts them, folding each title once rather than at every comparison.
func sortByTitle(docs []*entry) []*entry {
	type keyed struct {
		e            *entry
		lower, title string
	}
	ks := make([]keyed, len(docs))
	for i, e := range docs {
		ks[i] = keyed{e, strings.ToLower(e.rec.Title), e.rec.Title}
	}
	sort.SliceStable(ks, func(i, j int) bool {
		if ks[i].lower != ks[j].lower {
			return ks[i].lower < ks[j].lower
		}
		return ks[i].title < ks[j].title
	})
	out := make([]*entry, len(ks))
	for i, k := range ks {
		out[i] = k.e
	}
	return out
}

// uses reports whether a match is a use of its term (not deprecated wording,
// and not a longer wording that merely contains it).
func uses(k glossary.EntryKind) bool {
	return k != glossary.KindDeprecated && k != glossary.KindExcept
}

// parallelOrder runs f for each index in order (a permutation of 0..n-1),
// starting them in that order on all cores, and returns the results by index.
func parallelOrder[T any](order []int, f func(int) T) []T {
	out := make([]T, len(order))
	par.For(len(order), func(k int) { out[order[k]] = f(order[k]) })
	return out
}

// A pageModel is a page's model, built as a render would build it.
type pageModel struct {
	kind  *pageKind
	path  string
	model any
}

// models builds the model of every page, on all cores, in the order of
// jobs, and returns the first error in that order.
func (b *builder) models() ([]pageModel, error) {
	jobs := b.jobs()
	type result struct {
		model any
		err   error
	}
	results := par.Map(len(jobs), func(i int) result {
		m, err := jobs[i].model()
		return result{m, err}
	})
	out := make([]pageModel, len(jobs))
	for i, r := range results {
		if r.err != nil {
			return nil, r.err
		}
		out[i] = pageModel{jobs[i].kind, jobs[i].path, r.model}
	}
	return out, nil
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
	l := Layout{SiteTitle: b.title, Path: page, Title: title, Root: rootOf(page), Editor: b.in.Editor,
		Organisation: b.in.Organisation,
		Footer:       Footer{Documents: len(b.docs), Terms: len(b.g.Terms), Text: paragraphs(b.in.FooterText)}}
	for _, n := range b.nav {
		l.Nav = append(l.Nav, NavItem{Text: n.Text, Href: relHref(page, n.Page), Current: n.Page == page, Active: n.Section == section})
	}
	if page != homePage && page != notFoundPage {
		// Breadcrumbs name the page's ancestors, not the page itself.
		l.Breadcrumbs = append([]Link{{Text: "Home", Href: relHref(page, homePage)}}, crumbs...)
	}
	return l
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
	s := rules.Summarise(fs, 0, 0)
	return Counts{Errors: s.Errors, Warnings: s.Warnings, Infos: s.Infos, Total: s.Findings}
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

// openData says where the glossary's open data (internal/opendata) is
// published: at the base URL, or relative to the site's root.
func (b *builder) openData() opendata.Options {
	return opendata.Options{BaseURL: normaliseBaseURL(b.in.BaseURL), Title: b.title}
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

// paragraphs splits plain text at blank lines, joining the lines of each
// paragraph with a space: the intro and footer of concord.yaml.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			out = append(out, p)
		}
	}
	return out
}
