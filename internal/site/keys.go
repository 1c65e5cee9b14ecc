package site

import (
	"crypto/sha256"
	"encoding/binary"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/par"
	"github.com/concord-guidance/concord/internal/rules"
)

// An incremental build renders a page again only when what its model is
// built from changed. Each page's key is a digest of those inputs: what
// every page shares (salt: the binary, the glossary, the theme, the site's
// settings, the number of documents and terms) and what the page itself
// reads, written by its job's key function. A document's content is
// represented by its hash, which covers everything the page derives from
// it (title, headings, sentences, restatements). TestIncrementalBuild
// compares incremental builds with full ones after every kind of edit, so
// an input left out of a key shows up as a difference.

// Key is a page's digest.
type Key [16]byte

type keyer struct {
	buf []byte // everything written, hashed once by sum
}

func newKeyer() *keyer { return &keyer{buf: make([]byte, 0, 512)} }

func (k *keyer) str(s string) {
	k.buf = binary.AppendUvarint(k.buf, uint64(len(s)))
	k.buf = append(k.buf, s...)
}

func (k *keyer) int(n int) { k.buf = binary.AppendVarint(k.buf, int64(n)) }

func (k *keyer) bool(b bool) {
	if b {
		k.int(1)
	} else {
		k.int(0)
	}
}

func (k *keyer) sum() Key {
	var out Key
	sum := sha256.Sum256(k.buf)
	copy(out[:], sum[:])
	return out
}

// salt is what every page is built from.
func (b *builder) salt() (Key, error) {
	k := newKeyer()
	k.str("concord site keys 1")
	k.str(b.in.Salt)
	k.str(b.g.Version)
	if b.in.ExampleGlossary != nil {
		k.str(b.in.ExampleGlossary.Version)
	}
	k.str(b.title)
	k.str(b.in.Intro)
	k.str(b.in.Organisation)
	k.str(b.in.FooterText)
	k.bool(b.in.Editor)
	k.str(normaliseBaseURL(b.in.BaseURL))
	k.bool(b.searchJS)
	// The navigation has an Audit entry when there is an audit.
	k.bool(b.in.Audit != nil)
	k.int(len(b.docs))
	k.int(len(b.g.Terms))
	k.int(b.perPage)
	k.int(b.listPer)
	k.int(b.findPer)
	// The theme: its templates are what every page is made with.
	err := fs.WalkDir(b.in.Theme, "templates", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := fs.ReadFile(b.in.Theme, p)
		if err != nil {
			return err
		}
		k.str(p)
		k.str(string(data))
		return nil
	})
	return k.sum(), err
}

// doc writes a document's identity as pages listing or linking it see it:
// its slug and content (see docKeys).
func (k *keyer) doc(e *entry) { k.buf = append(k.buf, e.dkey[:]...) }

// keyFinding writes a finding's digest (see findingKeys).
func (b *builder) keyFinding(k *keyer, f *rules.Finding) {
	fk, ok := b.fkeys[f]
	if !ok {
		fk = b.findingKey(f)
	}
	k.buf = append(k.buf, fk[:]...)
	// Every view of it links the report page holding it in full.
	k.str(b.findingHref(f, ""))
}

// findingKeys digests every finding once, on all cores: each is shown on
// its document's page, its term's and the report.
func (b *builder) findingKeys() {
	keys := par.Map(len(b.findings), func(i int) Key { return b.findingKey(b.findings[i]) })
	b.fkeys = make(map[*rules.Finding]Key, len(keys))
	for i, f := range b.findings {
		b.fkeys[f] = keys[i]
	}
}

// findingKey digests everything a finding's view shows, with the document
// it is in.
func (b *builder) findingKey(f *rules.Finding) Key {
	k := newKeyer()
	k.str(f.Fingerprint)
	k.str(f.Rule)
	k.int(int(f.Severity))
	k.str(f.File)
	k.int(f.Line)
	k.int(f.Column)
	// Where it ends: the editors' view marks the sentences it covers.
	k.int(f.EndLine)
	k.int(f.EndColumn)
	k.str(f.Message)
	k.str(f.Suggestion)
	k.str(f.Context)
	k.str(f.Expected)
	k.str(f.Actual)
	k.str(f.Term)
	k.int(len(f.Diff))
	for _, op := range f.Diff {
		k.str(op.Op)
		k.str(op.Text)
	}
	k.int(len(f.Related))
	for _, l := range f.Related {
		k.str(l.File)
		k.int(l.Line)
		k.str(l.Message)
	}
	// Its view names the document's title and the section it is in.
	if e := b.byPath[f.File]; e != nil {
		k.str(e.rec.Slug)
		k.str(e.rec.Title)
		if h := e.rec.sectionOf(f.Line); h != nil {
			k.str(h.Text)
			k.str(h.Anchor)
		}
	} else {
		k.str("")
	}
	return k.sum()
}

// docKeys digests, for each document, its identity (slug and content hash),
// how lists name it (slug and title) and what a link to it shows (its slug
// and its headings' anchors).
func (b *builder) docKeys() {
	par.For(len(b.docs), func(i int) {
		e := b.docs[i]
		k := newKeyer()
		k.str(e.rec.Slug)
		k.str(e.hash)
		e.dkey = k.sum()
		k.buf = k.buf[:0]
		k.str(e.rec.Slug)
		k.str(e.rec.Title)
		e.lkey = k.sum()
		k.buf = k.buf[:0]
		k.str(e.rec.Slug)
		k.int(len(e.rec.Anchors))
		for _, a := range e.rec.Anchors {
			k.str(a)
		}
		e.tkey = k.sum()
	})
}

func (b *builder) keyDoc(k *keyer, e *entry) {
	k.doc(e)
	// Links in its text: where each target is and which headings it has.
	for _, rel := range e.rec.Links {
		k.str(rel)
		if t := b.byRel[rel]; t != nil {
			k.buf = append(k.buf, t.tkey[:]...)
		} else {
			k.str("\x00missing")
		}
	}
	for _, slug := range e.rec.Related {
		if o := b.bySlug[strings.TrimSpace(slug)]; o != nil {
			k.str(o.rec.Slug)
			k.str(o.rec.Title)
		} else {
			k.str("\x00missing")
		}
	}
	k.int(len(b.linkedFrom[e]))
	for _, o := range b.linkedFrom[e] {
		k.str(o.rec.Slug)
		k.str(o.rec.Title)
	}
	// Readers' pages show no finding: a change in findings alone leaves
	// them as they were.
	if b.in.Editor {
		k.str(b.docReportPage(e))
		k.int(len(b.byDoc[e]))
		for _, f := range b.byDoc[e] {
			b.keyFinding(k, f)
		}
	}
}

func (b *builder) keyTerm(k *keyer, t *glossary.Term) {
	k.str(t.ID)
	k.bool(b.audited(t.ID))
	users := b.users[t.ID]
	k.int(len(users))
	for _, e := range users[:min(len(users), b.perPage)] {
		k.use(e, t.ID)
	}
	k.int(len(b.restated[t.ID]))
	for _, dr := range b.restated[t.ID] {
		r := dr.r
		k.str(dr.e.rec.Slug)
		k.str(dr.e.rec.Title)
		k.str(r.How)
		k.bool(r.Strong)
		k.str(r.Text)
		k.str(r.Anchor)
		k.str(r.Title)
		k.int(dr.more)
	}
	if b.in.Editor {
		k.int(len(b.byTerm[t.ID]))
		for _, f := range b.byTerm[t.ID] {
			b.keyFinding(k, f)
		}
	}
}

func (b *builder) keyUsage(k *keyer, t *glossary.Term, n int) {
	k.str(t.ID)
	k.int(n)
	users := b.users[t.ID]
	k.int(len(users))
	lo, hi := (n-1)*b.perPage, min(n*b.perPage, len(users))
	for _, e := range users[lo:hi] {
		k.use(e, t.ID)
	}
}

// use writes how a term's pages list a document's uses of the term.
func (k *keyer) use(e *entry, id string) {
	u := e.rec.term(id).Usage
	k.buf = append(append(k.buf, e.lkey[:]...), u[:]...)
}

func (b *builder) keyHome(k *keyer) {
	for _, e := range b.docs {
		r := e.rec
		k.str(r.Slug)
		k.str(r.Title)
		k.str(r.Summary)
		k.str(r.Topic)
		k.str(r.Updated)
		k.str(r.Owner)
		if b.in.Editor {
			c := countOf(b.byDoc[e])
			k.int(c.Errors)
			k.int(c.Warnings)
			k.int(c.Total)
		}
	}
	if b.in.Editor {
		b.keyRuleCounts(k)
	}
}

func (b *builder) keyRuleCounts(k *keyer) {
	ids := make([]string, 0, len(b.byRule))
	for id := range b.byRule {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		k.str(id)
		k.int(len(b.byRule[id]))
	}
	k.int(len(b.findings))
}

func (b *builder) keyGlossary(k *keyer) {
	for _, t := range b.g.Terms {
		k.str(t.ID)
		k.int(b.docsUsing[t.ID])
	}
}

func (b *builder) keyReport(k *keyer) {
	k.int(len(b.findings))
	for _, f := range b.findings {
		b.keyFinding(k, f)
	}
	// Documents are listed by title.
	for _, e := range b.docs {
		if len(b.byDoc[e]) > 0 {
			k.str(e.rec.Slug + "\x00" + strconv.Itoa(b.rank[e]))
		}
	}
}

func (b *builder) keyRules(k *keyer) { b.keyRuleCounts(k) }
