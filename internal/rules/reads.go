package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/par"
	"github.com/concord-guidance/concord/internal/source"
)

// A document-scope rule sees its own document whole and learns about the
// others only through the Pass accessors in this file (HasDocument,
// Anchors, Title, FrontMatter, FileExists, AnchorsOnDisk, NearestDocument), as a
// go/analysis analyzer learns about other packages only through facts.
// Each accessor records what it returned as a dependency of the document
// being checked (DocState.Deps): a key naming the fact ("title:a.md") and
// a short value of it. An incremental run re-checks a document when any
// of its dependencies has a different value now, so a rule that reads
// other documents through the accessors is right under the check cache
// with no further work, and one that cannot reach other documents any
// other way cannot be wrong under it.

// docFact is one kind of thing a rule may learn about another corpus
// document.
type docFact struct {
	// standIn says a stand-in (a document the cache did not parse) holds
	// it: reading it does not parse the document.
	standIn bool
	// value is what a dependency on the fact records: equal values mean
	// the rule would read the same.
	value func(d *corpus.Document) string
}

// docFacts are the facts of other documents the accessors read, by the
// name their dependency keys start with. A new accessor adds a line here.
var docFacts = map[string]docFact{
	"doc":     {standIn: true, value: func(*corpus.Document) string { return "present" }},
	"anchors": {standIn: true, value: func(d *corpus.Document) string { return anchorDigest(docAnchors(d)) }},
	"title":   {value: func(d *corpus.Document) string { return d.Front.Title }},
	"front": {value: func(d *corpus.Document) string {
		b, _ := json.Marshal(d.Front) // fields in order, map keys sorted
		sum := sha256.Sum256(b)
		return hex.EncodeToString(sum[:8])
	}},
}

// missingDoc is the value of a dependency on a document or file that is
// not there.
const missingDoc = "missing"

// allDocsKey is the dependency on the paths of every document.
const allDocsKey = "docs"

// corpusView is what a run knows of its documents, for the accessors.
type corpusView struct {
	rels map[string]int // the documents in the run, by path in the corpus
	// doc returns document i as the run holds it: parsed, or a stand-in
	// with only its paths and anchors.
	doc func(i int) *corpus.Document
	// parse returns document i parsed, parsing a stand-in's source if
	// need be; nil when it cannot be read.
	parse func(i int) *corpus.Document
	// record says whether passes record their reads (incremental runs).
	record bool

	namesOnce   sync.Once
	names       docNames
	namesDigest string

	diskMu sync.Mutex
	disk   map[string]string // "exists:PATH" and "file:PATH" values, once per run
}

// newView is the view of a run that holds every document parsed.
func newView(docs []*corpus.Document) *corpusView {
	v := &corpusView{rels: make(map[string]int, len(docs))}
	for i, d := range docs {
		if _, dup := v.rels[d.Rel]; !dup {
			v.rels[d.Rel] = i
		}
	}
	v.doc = func(i int) *corpus.Document { return docs[i] }
	v.parse = v.doc
	return v
}

// allNames is every document's path in the corpus, sorted by length for
// suggestDoc, with a digest of them all.
func (v *corpusView) allNames() (docNames, string) {
	v.namesOnce.Do(func() {
		rels := make([]string, 0, len(v.rels))
		for r := range v.rels {
			rels = append(rels, r)
		}
		slices.Sort(rels)
		h := sha256.New()
		for _, r := range rels {
			h.Write([]byte(r))
			h.Write([]byte{0})
		}
		v.namesDigest = hex.EncodeToString(h.Sum(nil))[:16]
		v.names = sortedNames(rels)
	})
	return v.names, v.namesDigest
}

// diskValue is the value now of an "exists:PATH" or "file:PATH"
// dependency, looked at once per run. For "file:" it also returns the
// file's content when it read it.
func (v *corpusView) diskValue(key string) string {
	v.diskMu.Lock()
	defer v.diskMu.Unlock()
	if val, ok := v.disk[key]; ok {
		return val
	}
	kind, arg, _ := strings.Cut(key, ":")
	val := missingDoc
	switch kind {
	case "exists":
		if _, err := os.Stat(arg); err == nil {
			val = "exists"
		}
	case "file":
		if b, err := os.ReadFile(arg); err == nil {
			sum := sha256.Sum256(b)
			val = hex.EncodeToString(sum[:8])
		}
	}
	if v.disk == nil {
		v.disk = map[string]string{}
	}
	v.disk[key] = val
	return val
}

// reads is what the passes over one document learnt about others: the
// document's dependencies, by key, with the value each had.
type reads map[string]string

func (p *Pass) note(key, val string) {
	if p.reads != nil {
		p.reads[key] = val
	}
}

// other returns corpus document rel for fact kind, recording the read.
func (p *Pass) other(kind, rel string) *corpus.Document {
	f := docFacts[kind]
	key := kind + ":" + rel
	i, ok := p.view.rels[rel]
	var d *corpus.Document
	if ok {
		if f.standIn {
			d = p.view.doc(i)
		} else {
			d = p.view.parse(i)
		}
	}
	if d == nil {
		p.note(key, missingDoc)
		return nil
	}
	p.note(key, f.value(d))
	return d
}

// DocAnchors is what a rule may learn of another document's headings.
type DocAnchors struct {
	Path    string   // as reports show it
	Anchors []string // its headings' anchors, in document order
}

func anchorsOf(d *corpus.Document) DocAnchors {
	return DocAnchors{Path: d.Path, Anchors: docAnchors(d)}
}

// Anchors returns the heading anchors of corpus document rel, and false
// when the run holds no such document.
func (p *Pass) Anchors(rel string) (DocAnchors, bool) {
	if p.Doc != nil && rel == p.Doc.Rel {
		return anchorsOf(p.Doc), true
	}
	d := p.other("anchors", rel)
	if d == nil {
		return DocAnchors{}, false
	}
	return anchorsOf(d), true
}

// Title returns the front-matter title of corpus document rel, and false
// when the run holds no such document.
func (p *Pass) Title(rel string) (string, bool) {
	if p.Doc != nil && rel == p.Doc.Rel {
		return p.Doc.Front.Title, true
	}
	d := p.other("title", rel)
	if d == nil {
		return "", false
	}
	return d.Front.Title, true
}

// FrontMatter returns the front matter of corpus document rel, and false
// when the run holds no such document. Ask for Title when the title is all
// the rule needs: a rule that reads the whole front matter is checked
// again whenever any of it changes.
func (p *Pass) FrontMatter(rel string) (corpus.FrontMatter, bool) {
	if p.Doc != nil && rel == p.Doc.Rel {
		return p.Doc.Front, true
	}
	d := p.other("front", rel)
	if d == nil {
		return corpus.FrontMatter{}, false
	}
	return d.Front, true
}

// FileExists reports whether a file exists on disk.
func (p *Pass) FileExists(disk string) bool {
	key := "exists:" + disk
	val := p.view.diskValue(key)
	p.note(key, val)
	return val == "exists"
}

// AnchorsOnDisk returns the headings of a Markdown file outside the run
// (a link target when only some files are checked), read from disk, and
// false when it cannot be read.
func (p *Pass) AnchorsOnDisk(disk, rel string) (DocAnchors, bool) {
	key := "file:" + disk
	p.note(key, p.view.diskValue(key))
	f, err := source.ReadOS(disk, disk)
	if err != nil {
		return DocAnchors{}, false
	}
	d, _ := corpus.Parse(f, rel)
	if d == nil {
		return DocAnchors{}, false
	}
	return anchorsOf(d), true
}

// NearestDocument returns the corpus path nearest to rel, a path no
// document has, by edit distance (see suggestDoc), or "" when none is
// near. It reads every document's path.
func (p *Pass) NearestDocument(rel string) string {
	names, digest := p.view.allNames()
	p.note(allDocsKey, digest)
	return suggestDoc(rel, names)
}

// HasDocument reports whether the run holds corpus document rel.
func (p *Pass) HasDocument(rel string) bool {
	if p.Doc != nil && rel == p.Doc.Rel {
		return true
	}
	return p.other("doc", rel) != nil
}

// DocSummary is what the corpus-scope rules read of one document. They see
// the corpus only through Pass.Summaries, and an incremental run runs them
// again when any document's summary changed (DocState.Corpus holds its
// digest, see DocSummary.digest): a field added here is added to digest too,
// or the cache will not see it change.
type DocSummary struct {
	// Doc is the document, to report against and for its paths and
	// positions; its parsed content is not for corpus rules to read.
	Doc *corpus.Document
	// Public says the document is written for the public (publicFacing).
	Public bool
	// Restatements are where it says what a glossary term means.
	Restatements []*Restatement
	// acronyms are its "Expansion Words (ACR)".
	acronyms []*expansionUse
	// compared are drift's comparisons of Restatements, by index, for
	// describe-consistently (factStore.noteCompared); nil or not ok for
	// those not compared. Not in digest: they follow from Restatements.
	compared []rsCompared
}

// summarise takes a document's summary from its analysis, before the
// tokens are released (see factStore.release).
func summarise(df *DocFacts, public bool) *DocSummary {
	s := &DocSummary{Doc: df.Doc, Public: public, Restatements: df.Restatements}
	for _, bf := range df.Blocks {
		s.acronyms = append(s.acronyms, findExpansions(bf, df.Doc)...)
	}
	return s
}

// digest is a short digest of everything in the summary, with the places
// it names. The bytes hashed are those of the fmt formats in
// digestByFmt (summary_test.go), appended by hand: a summary's digest is
// taken for every document of every run, and fmt's reflection cost more
// than the hashing.
func (s *DocSummary) digest() string {
	h := sha256.New()
	b := make([]byte, 0, 256)
	pos := func(b []byte, off int) []byte {
		p := s.Doc.File.Position(off)
		b = strconv.AppendInt(b, int64(off), 10)
		b = append(b, ':')
		b = strconv.AppendInt(b, int64(p.Line), 10)
		b = append(b, ':')
		return strconv.AppendInt(b, int64(p.Column), 10)
	}
	field := func(b []byte, v string) []byte { return append(append(b, v...), 0) }
	b = append(b, "p\x00"...)
	b = strconv.AppendBool(b, s.Public)
	b = append(b, 0)
	for _, r := range s.Restatements {
		start, end := r.SourceRange()
		// The whole block: a heading's answer is compared sentence by
		// sentence (restate.Compare).
		b = append(b, "r\x00"...)
		b = field(b, r.Term.ID)
		b = field(b, r.How)
		b = strconv.AppendBool(b, r.Strong)
		b = append(b, 0)
		b = strconv.AppendInt(b, int64(r.Reading), 10)
		b = append(b, 0)
		b = strconv.AppendBool(b, r.Block.Block.InQuote)
		b = append(b, 0)
		b = append(pos(b, start), 0)
		b = append(pos(b, end), 0)
		for k, n := range [4]int{r.Start, r.End, r.SubjectStart, r.SubjectEnd} {
			if k > 0 {
				b = append(b, ':')
			}
			b = strconv.AppendInt(b, int64(n), 10)
		}
		b = append(b, 0)
		b = field(b, r.Block.Block.Run.Text)
		// Hashed a restatement at a time, so b holds a block at most.
		h.Write(b)
		b = b[:0]
	}
	for _, u := range s.acronyms {
		b = append(b, "a\x00"...)
		b = append(pos(b, u.start), 0)
		b = append(pos(b, u.end), 0)
		b = field(b, u.written)
		b = field(b, u.norm)
		b = field(b, u.context)
		b = strconv.AppendBool(b, u.loose)
		b = append(b, 0)
	}
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// ranges are the source byte ranges of its document that findings
// reported after the document is slimmed can name: its restatements, its
// acronym expansions and its suppression comments.
func (s *DocSummary) ranges() [][2]int {
	var rs [][2]int
	for _, r := range s.Restatements {
		start, end := r.SourceRange()
		rs = append(rs, [2]int{start, end})
	}
	for _, u := range s.acronyms {
		rs = append(rs, [2]int{u.start, u.end})
	}
	for _, sp := range s.Doc.Suppressions {
		rs = append(rs, [2]int{sp.Start, sp.End})
	}
	return rs
}

// Summaries returns every document's summary, in the run's order
// (CorpusScope rules only).
func (p *Pass) Summaries() []*DocSummary {
	return par.Map(len(p.docs), func(i int) *DocSummary { return p.facts.summary(p.docs[i], p.Glossary) })
}

// detach makes the summary share no memory with its document's parse,
// so that a slimmed document is not kept whole through its summary: each
// restatement's block is copied, cut from its section (which holds the
// section's other blocks and its parents), with its run copied out of the
// document-wide array it is a slice of, and of its tokens, matches and
// sentences only those in the restatements' reach (Restatement.Reach):
// a restatement is a sentence or two of a block that may run to hundreds,
// and a block's tokens are ten times its text. The acronym expansions'
// strings are copied too. Corpus rules read a restatement's block, its
// text and the analysis within its reach, never its section.
func (s *DocSummary) detach() {
	type reach struct{ lo, hi int }
	reaches := map[*BlockFacts]reach{}
	for _, r := range s.Restatements {
		lo, hi := r.Reach()
		if g, ok := reaches[r.Block]; ok {
			lo, hi = min(lo, g.lo), max(hi, g.hi)
		}
		reaches[r.Block] = reach{lo, hi}
	}
	copies := map[*BlockFacts]*BlockFacts{}
	for k, r := range s.Restatements {
		bf := copies[r.Block]
		if bf == nil {
			g := reaches[r.Block]
			bf = detachBlock(r.Block, g.lo, g.hi)
			copies[r.Block] = bf
		}
		rc := *r
		rc.Block = bf
		s.Restatements[k] = &rc
	}
	for _, u := range s.acronyms {
		u.written, u.norm, u.context = strings.Clone(u.written), strings.Clone(u.norm), strings.Clone(u.context)
	}
}

// detachBlock copies a block's facts for the run range [lo, hi): its
// sentences that overlap it, its tokens that overlap it and one either
// side, and the glossary matches over those tokens, their token indexes
// moved to the kept tokens'.
func detachBlock(old *BlockFacts, lo, hi int) *BlockFacts {
	b := *old.Block
	b.Section = nil
	b.Run = old.Block.Run.Detached()
	bf := &BlockFacts{Block: &b}
	for _, st := range old.Sentences {
		if st.End > lo && st.Start < hi {
			bf.Sentences = append(bf.Sentences, st)
		}
	}
	first, last := len(old.Tokens), 0 // kept tokens: [first, last)
	for i, t := range old.Tokens {
		if t.End > lo && t.Start < hi {
			first, last = min(first, i), i+1
		}
	}
	if first >= last {
		first, last = 0, 0
	} else {
		first, last = max(first-1, 0), min(last+1, len(old.Tokens))
	}
	for _, m := range old.Matches {
		if m.Last <= first || m.First >= last {
			continue
		}
		m.First, m.Last = max(m.First, first)-first, min(m.Last, last)-first
		bf.Matches = append(bf.Matches, m)
	}
	if toks := old.Tokens[first:last]; len(toks) > 0 {
		// The tokens' strings in one allocation.
		n := 0
		for _, t := range toks {
			n += len(t.Term) + len(t.Surface)
		}
		var sb strings.Builder
		sb.Grow(n)
		for _, t := range toks {
			sb.WriteString(t.Term)
			sb.WriteString(t.Surface)
		}
		all := sb.String()
		bf.Tokens = make([]analysis.Token, len(toks))
		for i, t := range toks {
			t.Term, all = all[:len(t.Term)], all[len(t.Term):]
			t.Surface, all = all[:len(t.Surface)], all[len(t.Surface):]
			bf.Tokens[i] = t
		}
	}
	return bf
}
