package site

import (
	"fmt"
	"math"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/rules"
)

// Record is what the site reads of a document for every page but the
// pages that show its text (its own page and the glossary's lists of
// sentences): enough to list it, link to it, count its terms and show its
// restatements. An incremental build keeps the records of the last build, so
// that a document that did not change is not parsed again unless one of those
// pages must be rendered again.
type Record struct {
	Rel, Path, Slug string
	Title           string
	Summary, Topic  string
	Updated, Owner  string
	Related         []string
	// Anchors are every heading's anchor, for links into the document.
	Anchors []string
	// Sections are the headings, each with the first line a finding must be
	// on to fall under it (see sectionOf).
	Sections []SectionMark
	// Links are the corpus paths its links to Markdown files resolve to, in
	// order, each once.
	Links []string
	// Terms count each glossary term's matches: uses (not deprecated
	// wording) and mentions (uses and deprecated wording), by term id in
	// order of first match.
	Terms        []TermCount
	Restatements []RestatementRecord
	// encoded is the record as the state file held it, from Rel on, when
	// it was decoded from one: Encode copies it rather than encoding the
	// record again (a record is never changed once made).
	encoded []byte
}

// SectionMark is a heading as findings are placed under it.
type SectionMark struct {
	Line         int // math.MinInt when the heading starts the file
	Text, Anchor string
}

// TermCount is how often a document matches a term, and a digest of what
// the term's pages show of the document's uses (see usageKey).
type TermCount struct {
	ID             string
	Uses, Mentions int
	Usage          Key
}

// RestatementRecord is a restatement as the term pages show it.
type RestatementRecord struct {
	Term, How     string
	Strong        bool
	Text          string
	Anchor, Title string // of the section it is in; "" for the introduction
}

// NewRecord returns d's record; df is d's analysis.
func NewRecord(d *corpus.Document, df *rules.DocFacts) *Record {
	r := &Record{Rel: d.Rel, Path: d.Path, Slug: d.Slug, Title: docTitle(d),
		Summary: d.Front.Summary, Topic: d.Front.Topic, Updated: d.Front.Updated, Owner: d.Front.Owner,
		Related: append([]string(nil), d.Front.Related...)}
	for _, h := range d.Headings {
		r.Anchors = append(r.Anchors, h.Anchor)
		r.Sections = append(r.Sections, SectionMark{Line: firstLineUnder(d, h.Start), Text: h.Text, Anchor: h.Anchor})
	}
	seen := map[string]bool{}
	for _, l := range d.Links {
		if rel, ok := linkRel(d.Rel, l.Dest); ok && !seen[rel] {
			seen[rel] = true
			r.Links = append(r.Links, rel)
		}
	}
	at := map[string]int{}
	var usage []*keyer
	var last [][2]int // the block and sentence of each term's last match
	for bi, bf := range df.Blocks {
		for _, m := range bf.Matches {
			if m.Entry.Kind == glossary.KindExcept {
				continue
			}
			id := m.Entry.Term.ID
			i, ok := at[id]
			if !ok {
				i = len(r.Terms)
				at[id] = i
				r.Terms = append(r.Terms, TermCount{ID: id})
				usage = append(usage, pooledKeyer())
				last = append(last, [2]int{-1, -1})
			}
			r.Terms[i].Mentions++
			if uses(m.Entry.Kind) {
				r.Terms[i].Uses++
			}
			usageKey(usage[i], &last[i], bi, bf, m.Start, m.End, m.Entry.Kind == glossary.KindDeprecated)
		}
	}
	for i := range r.Terms {
		r.Terms[i].Usage = usage[i].sum()
		usage[i].release()
	}
	for _, rs := range df.Restatements {
		if rs.Term == nil {
			continue
		}
		rr := RestatementRecord{Term: rs.Term.ID, How: rs.How, Strong: rs.Strong, Text: rs.Text()}
		if rs.Block != nil && rs.Block.Block != nil && rs.Block.Block.Section != nil {
			rr.Anchor, rr.Title = rs.Block.Block.Section.Anchor(), rs.Block.Block.Section.Title()
		}
		r.Restatements = append(r.Restatements, rr)
	}
	return r
}

// usageKey writes what builder.usage reads of one match of a term: the
// block it is in (its place and section), the match, and the sentence it
// starts in. A change elsewhere in the document leaves the term's pages be.
// A block's section, and a sentence's text, are written at the first of
// the term's matches in them only (at holds the block and sentence of the
// one before): the ints written before say whether they were, so no two
// documents' uses write the same bytes, and a long sentence holding a term
// many times is not digested as often.
func usageKey(k *keyer, at *[2]int, block int, bf *rules.BlockFacts, start, end int, deprecated bool) {
	k.int(block)
	newBlock := block != at[0]
	if newBlock {
		if sec := bf.Block.Section; sec != nil {
			k.str(sec.Anchor())
			k.str(sec.Title())
		} else {
			k.str("")
			k.str("")
		}
	}
	k.int(start)
	k.int(end)
	k.bool(deprecated)
	s := bf.SentenceAt(start)
	k.int(s)
	if (newBlock || s != at[1]) && s < len(bf.Sentences) {
		st := bf.Sentences[s]
		k.int(st.Start)
		k.str(bf.Block.Run.Text[st.Start:st.End])
	}
	*at = [2]int{block, s}
}

// firstLineUnder returns the first line whose start is at or after a
// heading's start: the lines a finding on which falls under the heading.
func firstLineUnder(d *corpus.Document, start int) int {
	if start <= 0 {
		return math.MinInt
	}
	n := d.File.LineCount() + 1
	return 1 + sort.Search(n, func(i int) bool { return d.File.LineStart(i+1) >= start })
}

// sectionOf returns the heading a finding on line falls under, or nil.
func (r *Record) sectionOf(line int) *SectionMark {
	var at *SectionMark
	for i := range r.Sections {
		if r.Sections[i].Line <= line {
			at = &r.Sections[i]
		}
	}
	return at
}

func (r *Record) hasAnchor(anchor string) bool {
	for _, a := range r.Anchors {
		if a == anchor {
			return true
		}
	}
	return false
}

func (r *Record) term(id string) TermCount {
	for _, t := range r.Terms {
		if t.ID == id {
			return t
		}
	}
	return TermCount{}
}

// linkRel returns the corpus path a link from the document at rel to a
// Markdown file resolves to.
func linkRel(rel, dest string) (string, bool) {
	dest = strings.TrimSpace(dest)
	if dest == "" || strings.HasPrefix(dest, "#") || schemeOf(dest) != "" || strings.HasPrefix(dest, "//") {
		return "", false
	}
	u, err := url.Parse(dest)
	if err != nil {
		return "", false
	}
	return path.Clean(path.Join(path.Dir(rel), u.Path)), true
}

// Source is one document of an incremental build: parsed this run, or known
// by the record the last build kept and parsed only if a page showing its
// text must be rendered again.
type Source struct {
	Doc   *corpus.Document
	Facts *rules.DocFacts // Doc's analysis; nil means rules.Analyse
	// Hash identifies the document's path and content: pages built from
	// it are rendered again when it changes.
	Hash string
	// Record is the last build's record of the document, when Doc is nil.
	Record *Record
	// Load parses the document when Doc is nil.
	Load func() (*corpus.Document, *rules.DocFacts, error)
	// LoadUsage, when set with Load, gives what a term's lists of
	// sentences read of the document: the blocks that use the term, each
	// with its text, section and sentences and the term's matches in it
	// (no others, and no exceptions), and the document is then never
	// kept: Load's is dropped once its page is rendered. A build of a
	// corpus too large to hold parsed (run's streamed build) parses each
	// document once more for its page and reads the rest from disk.
	LoadUsage func(t *glossary.Term) (*rules.DocFacts, error)
	// LoadPage, when set with LoadUsage, is Load for the document's own
	// page, also returning the tree its body was read into (see
	// corpus.ParseTree), or nil, so that the page need not parse it again.
	LoadPage func() (*corpus.Document, *rules.DocFacts, *corpus.Tree, error)
}

// entry is one document as the builder holds it.
type entry struct {
	rec  *Record
	hash string
	// rkey and tkey digest its identity and content, and what links to it
	// see, for page keys (see docKeys).
	rkey, tkey Key

	once  sync.Once
	doc   *corpus.Document
	facts *rules.DocFacts
	err   error
	load  func() (*corpus.Document, *rules.DocFacts, error)
	// loadUsage, when set, is Source.LoadUsage: nothing loaded is kept.
	loadUsage func(t *glossary.Term) (*rules.DocFacts, error)
	// loadPage is Source.LoadPage.
	loadPage func() (*corpus.Document, *rules.DocFacts, *corpus.Tree, error)

	// href is the document's page from the site's root as relHref
	// writes it after the "../" that climb to the root (see docHref);
	// "" when that shortcut does not hold for its slug.
	href string
	// terms are each term's matches in the entry's facts (see
	// termMatches).
	termsOnce sync.Once
	terms     []termMatches
}

// termMatches are a term's matches in a document's facts.
type termMatches struct {
	t    *glossary.Term
	refs []matchRef
}

// matchRef is a match in a document's facts: df.Blocks[block].Matches[match].
type matchRef struct{ block, match int32 }

// termMatches returns where in df, the entry's facts as parsed returns
// them, t's matches are (but exceptions), in order: a document is listed on
// the pages of every term it uses, and each looked through all its
// matches for one term.
func (e *entry) termMatches(df *rules.DocFacts, t *glossary.Term) []matchRef {
	e.termsOnce.Do(func() {
		for i, bf := range df.Blocks {
			for j := range bf.Matches {
				m := &bf.Matches[j]
				if m.Entry.Kind == glossary.KindExcept {
					continue
				}
				k := slices.IndexFunc(e.terms, func(tm termMatches) bool { return tm.t == m.Entry.Term })
				if k < 0 {
					k = len(e.terms)
					e.terms = append(e.terms, termMatches{t: m.Entry.Term})
				}
				e.terms[k].refs = append(e.terms[k].refs, matchRef{int32(i), int32(j)})
			}
		}
	})
	for _, tm := range e.terms {
		if tm.t == t {
			return tm.refs
		}
	}
	return nil
}

// docHref is relHref(from, docPage(e.rec.Slug)), the link to a document
// from a page outside docs/, without working out the same path again for
// each of the thousands of pages and lists that link the document.
func (b *builder) docHref(from string, e *entry) string {
	if e.href == "" || strings.HasPrefix(from, "docs/") || !cleanPath(from) {
		return relHref(from, docPage(e.rec.Slug))
	}
	ups := strings.Count(from, "/")
	return strings.Repeat("../", ups) + e.href
}

// rootHref is entry.href for a document with slug: its page as relHref
// writes it from a page one folder down outside docs/, less the "../".
func rootHref(slug string) string {
	to := docPage(slug)
	if !cleanPath(to) {
		return ""
	}
	h, ok := strings.CutPrefix(relHref("x/index.html", to), "../")
	if !ok {
		return ""
	}
	return h
}

// page returns what the entry's own page is made from: the document, its
// analysis and, when loadPage kept it, the tree its body was read into
// (nil: the page parses the body).
func (e *entry) page() (*corpus.Document, *rules.DocFacts, *corpus.Tree, error) {
	if e.loadPage == nil || e.loadUsage == nil || e.doc != nil {
		d, df, err := e.parsed()
		return d, df, nil, err
	}
	d, df, tree, err := e.loadPage()
	if err == nil && d == nil {
		err = fmt.Errorf("%s: the document could not be read again", e.rec.Path)
	}
	if err != nil {
		if tree != nil {
			tree.Release()
		}
		return nil, nil, nil, err
	}
	df.Trim(true)
	return d, df, tree, nil
}

// parsed returns the document and its analysis, parsing it the first time
// it is needed.
func (e *entry) parsed() (*corpus.Document, *rules.DocFacts, error) {
	if e.loadUsage != nil && e.doc == nil {
		// Needed for its own page only: parsed for it and let go.
		d, df, err := e.load()
		if err == nil && d == nil {
			err = fmt.Errorf("%s: the document could not be read again", e.rec.Path)
		}
		if err != nil {
			return nil, nil, err
		}
		df.Trim(true)
		return d, df, nil
	}
	e.once.Do(func() {
		if e.doc != nil {
			return
		}
		if e.load == nil {
			e.err = fmt.Errorf("%s: the document is needed but was not loaded", e.rec.Path)
			return
		}
		d, df, err := e.load()
		switch {
		case err != nil:
			e.err = err
		case d == nil:
			e.err = fmt.Errorf("%s: the document could not be read again", e.rec.Path)
		default:
			df.Trim(true)
			e.doc, e.facts = d, df
		}
	})
	return e.doc, e.facts, e.err
}
