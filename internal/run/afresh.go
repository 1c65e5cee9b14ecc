package run

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"sync"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/par"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/search"
	"github.com/concord-guidance/concord/internal/site"
)

// afreshInputs are what a streamed check (CheckForBuild) keeps of each
// document for build --no-cache, by source: the site's record of it, its
// search entry, where its usage is spilled, and its glossary matches
// (pageMatches), so that neither the parsed corpus nor its analysis is held
// while the site is built. A document's own page parses it again
// (site.Source.LoadUsage), but analyses it only if it changed since.
type afreshInputs struct {
	records []*site.Record
	entries []*search.Entry
	usage   *usageSpill
	inputs  []corpus.Input
	pages   []pageMatches
	ids     map[*glossary.Entry]uint32 // numbering for pages (entryIDs)
}

// take is rules.Input.Checked: it keeps what the site and the search index
// read of document i while the check still holds it whole.
func (f *afreshInputs) take(g *glossary.Glossary) func(int, *corpus.Document, *rules.DocFacts) {
	if f.ids == nil {
		f.ids = entryIDs(g)
		f.pages = make([]pageMatches, len(f.records))
	}
	return func(i int, d *corpus.Document, df *rules.DocFacts) {
		f.records[i] = site.NewRecord(d, df)
		f.pages[i] = newPageMatches(f.ids, d, df)
		sd := searchDocs(g, []*corpus.Document{d}, func(*corpus.Document) *rules.DocFacts { return df })[0]
		e := search.NewEntryTokens(sd, sectionTokens(d, df))
		// Held until the whole corpus is checked: encoded, on disk.
		if e.Spill(f.usage.store) != nil {
			e.Compact() // the spill's error is reported when it is read
		}
		f.entries[i] = e
		f.usage.put(i, df)
	}
}

// fill makes the record, entry and usage of each document a check with
// the cache did not check (one it vouched for: states holds its state,
// but take was not called), parsing it on all cores and letting it go.
func (f *afreshInputs) fill(g *glossary.Glossary, states []*rules.DocState) error {
	var todo []int
	for i, r := range f.records {
		if r == nil && states[i] != nil {
			todo = append(todo, i)
		}
	}
	take := f.take(g)
	errs := make([]error, len(todo))
	par.For(len(todo), func(k int) {
		i := todo[k]
		in := f.inputs[i]
		file, err := corpus.ReadInput(in)
		if err != nil {
			errs[k] = err
			return
		}
		doc, err := corpus.ParseInput(file, in)
		if doc == nil {
			errs[k] = fmt.Errorf("%s: %v", in.Display, err)
			return
		}
		take(i, doc, rules.Analyse(g, doc))
	})
	return errors.Join(errs...)
}

// sources are the site's documents: each known by its record, parsed again
// for its own page, with the matches the check found in it (analysed
// again only if its file changed since), its usage read back from the
// spill.
func (f *afreshInputs) sources(g *glossary.Glossary) []site.Source {
	var out []site.Source
	entries := g.Matcher.Entries()
	for i, r := range f.records {
		if r == nil {
			continue // not parsed: its problems were reported
		}
		in := f.inputs[i]
		// The page's load keeps the tree the document's body was read
		// into, which the page renders instead of parsing it again.
		loadPage := func() (*corpus.Document, *rules.DocFacts, *corpus.Tree, error) {
			file, err := corpus.ReadInput(in)
			if err != nil {
				return nil, nil, nil, err
			}
			doc, tree, err := corpus.ParseInputTree(file, in)
			if doc == nil {
				return nil, nil, nil, fmt.Errorf("%s: %v", in.Display, err)
			}
			if df, ok := f.pages[i].facts(entries, doc); ok {
				return doc, df, tree, nil
			}
			return doc, rules.Analyse(g, doc), tree, nil
		}
		out = append(out, site.Source{Record: r,
			Load: func() (*corpus.Document, *rules.DocFacts, error) {
				doc, df, tree, err := loadPage()
				if tree != nil {
					tree.Release()
				}
				return doc, df, err
			},
			LoadPage:  loadPage,
			LoadUsage: func(t *glossary.Term) (*rules.DocFacts, error) { return f.usage.get(i, t) },
		})
	}
	return out
}

// usageSpill holds, in an unlinked temporary file, what the glossary's
// lists of sentences read of each document (site's builder.usage): every
// block with a glossary match, with its section, text, sentences and
// matches. At 100,000 documents that is most of the corpus's text, too much
// to keep in memory for pages rendered at the end.
//
// A document is listed on the page of each term it uses, and each listing
// reads only the blocks that use that term: the spill keeps in memory an
// index of each document's blocks by term (about 160 bytes a document of
// the plain benchmark corpus), and reads from the file only the stretch
// from the term's first block to its last. A document's blocks are
// written one after another, each
//
//	anchor, title, text, sentences, then each's start and end, matches,
//	then each's term, kind, start and end
//
// in uvarints, a string as its length and bytes, a term as its place in
// the glossary's Terms; its index is
//
//	terms, then for each: term, blocks, then each block's offset from
//	the end of the one before (from the first block's start for the
//	first) and its length
//
// Exceptions are left out.
type usageSpill struct {
	g *glossary.Glossary
	// terms are the glossary's terms' places in g.Terms, by ID.
	terms map[string]int
	// entries stand for the glossary's entries in what get returns, by
	// term and kind: builder.usage reads only their term and kind.
	entries [][numKinds]glossary.Entry
	bufs    sync.Pool // of *[]byte, records being made or read

	mu   sync.Mutex
	file *os.File
	size int64
	docs []spilledDoc // by source
	err  error
}

// spilledDoc is where a document's blocks are in the usage spill's file,
// and their index.
type spilledDoc struct {
	at    int64
	index []byte
}

// numKinds is how many kinds of glossary entry there are.
const numKinds = int(glossary.KindDeprecated) + 1

func newUsageSpill(g *glossary.Glossary, n int) (*usageSpill, error) {
	f, err := os.CreateTemp("", "concord-usage-*")
	if err != nil {
		return nil, fmt.Errorf("a temporary file for the build: %w", err)
	}
	// Gone from the folder at once where the system allows it: the file
	// lives as long as it is open, and a killed build leaves nothing.
	os.Remove(f.Name())
	s := &usageSpill{g: g, terms: make(map[string]int, len(g.Terms)), file: f, docs: make([]spilledDoc, n),
		entries: make([][numKinds]glossary.Entry, len(g.Terms))}
	for k, t := range g.Terms {
		s.terms[t.ID] = k
		for kind := range s.entries[k] {
			s.entries[k][kind] = glossary.Entry{Term: t, Kind: glossary.EntryKind(kind)}
		}
	}
	return s, nil
}

// store appends b to the file and returns what reads it back: the spill
// holds each document's search entry too (search.Entry.Spill).
func (s *usageSpill) store(b []byte) (search.Load, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return nil, s.err
	}
	if _, err := s.file.Write(b); err != nil {
		s.err = err
		return nil, err
	}
	at, n := s.size, len(b)
	s.size += int64(n)
	return func(b []byte) ([]byte, error) {
		if cap(b) >= n {
			b = b[:n]
		} else {
			b = make([]byte, n)
		}
		if _, err := s.file.ReadAt(b, at); err != nil {
			return nil, fmt.Errorf("the build's temporary file: %w", err)
		}
		return b, nil
	}, nil
}

// put writes document i's usage, from its analysis, to the file.
func (s *usageSpill) put(i int, df *rules.DocFacts) {
	// The record is made in a buffer kept from document to document:
	// grown afresh each time, its copies of the text were most of put.
	bp, _ := s.bufs.Get().(*[]byte)
	if bp == nil {
		bp = new([]byte)
	}
	b := (*bp)[:0]
	defer func() {
		if cap(b) <= maxKeptBuf {
			*bp = b[:0]
			s.bufs.Put(bp)
		}
	}()
	str := func(v string) {
		b = binary.AppendUvarint(b, uint64(len(v)))
		b = append(b, v...)
	}
	num := func(v int) { b = binary.AppendUvarint(b, uint64(v)) }
	// Each term the document uses, in order of first use, with the
	// blocks that use it.
	type use struct {
		term   int
		blocks [][2]int // offset and length
	}
	var uses []use
	var inBlock []int // the uses of the terms in a block
	var err error
	for _, bf := range df.Blocks {
		inBlock = inBlock[:0]
		n := 0
		for _, m := range bf.Matches {
			if m.Entry.Kind == glossary.KindExcept {
				continue
			}
			n++
			k, ok := s.terms[m.Entry.Term.ID]
			if !ok {
				err = fmt.Errorf("%q is not in the glossary", m.Entry.Term.ID)
				continue
			}
			u := slices.IndexFunc(uses, func(u use) bool { return u.term == k })
			if u < 0 {
				u = len(uses)
				uses = append(uses, use{term: k})
			}
			if !slices.Contains(inBlock, u) {
				inBlock = append(inBlock, u)
			}
		}
		if n == 0 {
			continue
		}
		at := len(b)
		anchor, title := "", ""
		if sec := bf.Block.Section; sec != nil {
			anchor, title = sec.Anchor(), sec.Title()
		}
		str(anchor)
		str(title)
		str(bf.Block.Run.Text)
		num(len(bf.Sentences))
		for _, st := range bf.Sentences {
			num(st.Start)
			num(st.End)
		}
		num(n)
		for _, m := range bf.Matches {
			if m.Entry.Kind != glossary.KindExcept {
				num(s.terms[m.Entry.Term.ID])
				num(int(m.Entry.Kind))
				num(m.Start)
				num(m.End)
			}
		}
		for _, u := range inBlock {
			uses[u].blocks = append(uses[u].blocks, [2]int{at, len(b) - at})
		}
	}
	index := binary.AppendUvarint(nil, uint64(len(uses)))
	for _, u := range uses {
		index = binary.AppendUvarint(index, uint64(u.term))
		index = binary.AppendUvarint(index, uint64(len(u.blocks)))
		end := 0
		for _, blk := range u.blocks {
			index = binary.AppendUvarint(index, uint64(blk[0]-end))
			index = binary.AppendUvarint(index, uint64(blk[1]))
			end = blk[0] + blk[1]
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return
	}
	if err != nil {
		s.err = err
		return
	}
	if _, err := s.file.Write(b); err != nil {
		s.err = err
		return
	}
	s.docs[i] = spilledDoc{at: s.size, index: slices.Clone(index)} // no room to grow
	s.size += int64(len(b))
}

// maxKeptBuf bounds the buffers the spill keeps for reuse: a rare long
// document's is let go.
const maxKeptBuf = 1 << 20

// errDamaged is a record get cannot read.
var errDamaged = errors.New("the build's temporary file: damaged")

// get reads back how document i uses t, as an analysis holding only what
// site's builder.usage reads: the blocks that use t, each with t's
// matches in it (Source.LoadUsage).
func (s *usageSpill) get(i int, t *glossary.Term) (*rules.DocFacts, error) {
	s.mu.Lock()
	err, doc, size := s.err, s.docs[i], s.size
	s.mu.Unlock()
	if err != nil {
		return nil, fmt.Errorf("the build's temporary file: %w", err)
	}
	want, ok := s.terms[t.ID]
	if !ok || s.g.Terms[want] != t || doc.index == nil {
		// Not the glossary's term, or the document's usage was never
		// spilled: unused.
		return &rules.DocFacts{}, nil
	}
	// The index: where want's blocks are.
	d := spillDecoder{b: doc.index}
	var blocks spillDecoder
	n := 0
	for terms := d.count(); terms > 0 && d.err == nil; terms-- {
		k, m := d.num(), d.count()
		if k == want {
			blocks, n = d, m
		}
		for ; m > 0; m-- {
			d.num()
			d.num()
		}
	}
	if d.err != nil {
		return nil, d.err
	}
	if n == 0 {
		return &rules.DocFacts{}, nil
	}
	// Where each starts and ends, from the first's start; and once read,
	// where its sentences and matches end in the slices of them all.
	type span struct{ start, end, sentences, matches int }
	spans := make([]span, n)
	end := 0
	for j := range spans {
		start := end + blocks.num()
		end = start + blocks.num()
		spans[j] = span{start: start, end: end}
	}
	if blocks.err != nil || doc.at+int64(end) > size {
		return nil, errDamaged
	}
	first := spans[0].start
	bp, _ := s.bufs.Get().(*[]byte)
	if bp == nil {
		bp = new([]byte)
	}
	defer s.bufs.Put(bp)
	if cap(*bp) < end-first {
		*bp = make([]byte, end-first)
	}
	b := (*bp)[:end-first]
	if _, err := s.file.ReadAt(b, doc.at+int64(first)); err != nil {
		return nil, fmt.Errorf("the build's temporary file: %w", err)
	}
	df := &rules.DocFacts{Blocks: make([]*rules.BlockFacts, n)}
	// What the blocks' facts point to, in one allocation.
	type spilled struct {
		facts   rules.BlockFacts
		block   corpus.Block
		section corpus.Section
		heading corpus.Heading
		// Where the block's anchor, title and text are in strs, and
		// their lengths.
		at, anchor, title, text int
	}
	all := make([]spilled, n)
	// All the blocks' sentences and matches: two slices, not two a block.
	var sentences []corpus.Sentence
	var matches []glossary.Match
	// The blocks' strings, copied into one: one allocation, not three a
	// block. A block's text is left out where builder.usage reads no
	// quote from it: once a block with a sentence is quoted, only
	// deprecated wording takes its place (a block with sentences always
	// has one to quote, SentenceAt keeping in range).
	var strs strings.Builder
	need := 0 // the blocks' records, more than their strings
	for _, sp := range spans {
		need += sp.end - sp.start
	}
	strs.Grow(need)
	quoted := false
	for j, sp := range spans {
		d := spillDecoder{b: b[sp.start-first : sp.end-first]}
		sb := &all[j]
		anchor, title, text := d.bytes(), d.bytes(), d.bytes()
		bf := &sb.facts
		for k := d.count(); k > 0; k-- {
			sentences = append(sentences, corpus.Sentence{Start: d.num(), End: d.num()})
		}
		spans[j].sentences = len(sentences)
		in := len(matches)
		deprecated := false
		for m := d.count(); m > 0 && d.err == nil; m-- {
			k, kind, start, end := d.num(), d.num(), d.num(), d.num()
			if k >= len(s.entries) || kind >= numKinds || glossary.EntryKind(kind) == glossary.KindExcept {
				return nil, errDamaged
			}
			if k == want {
				matches = append(matches, glossary.Match{Entry: &s.entries[k][kind], Start: start, End: end})
				deprecated = deprecated || glossary.EntryKind(kind) == glossary.KindDeprecated
			}
		}
		spans[j].matches = len(matches)
		if d.err != nil {
			return nil, d.err
		}
		if len(matches) == in || len(d.b) > 0 {
			return nil, errDamaged // not the block the index says
		}
		if quoted && !deprecated {
			text = nil
		}
		quoted = quoted || spans[j].sentences > 0 && (j == 0 || spans[j].sentences > spans[j-1].sentences)
		sb.at, sb.anchor, sb.title, sb.text = strs.Len(), len(anchor), len(title), len(text)
		strs.Write(anchor)
		strs.Write(title)
		strs.Write(text)
		bf.Block = &sb.block
		sb.block.Section = &sb.section
		df.Blocks[j] = bf
	}
	str := strs.String()
	for j := range all {
		sb := &all[j]
		at := sb.at
		anchor := str[at : at+sb.anchor]
		at += sb.anchor
		title := str[at : at+sb.title]
		at += sb.title
		sb.block.Run.Text = str[at : at+sb.text]
		if len(anchor) > 0 || len(title) > 0 {
			sb.heading = corpus.Heading{Anchor: anchor, Text: title}
			sb.section.Heading = &sb.heading
		}
	}
	s0, m0 := 0, 0
	for j, sp := range spans {
		bf := df.Blocks[j]
		bf.Sentences = sentences[s0:sp.sentences:sp.sentences]
		bf.Matches = matches[m0:sp.matches:sp.matches]
		s0, m0 = sp.sentences, sp.matches
	}
	return df, nil
}

// spillDecoder reads the usage spill's blocks and indexes, noting in err
// the first thing it could not read.
type spillDecoder struct {
	b   []byte
	err error
}

func (d *spillDecoder) num() int {
	v, n := binary.Uvarint(d.b)
	if n <= 0 || v > math.MaxInt32 {
		d.err = errDamaged
		d.b = nil
		return 0
	}
	d.b = d.b[n:]
	return int(v)
}

// count is a number of things each written in at least one byte: never
// more than the bytes left.
func (d *spillDecoder) count() int {
	v := d.num()
	if v > len(d.b) {
		d.err = errDamaged
		d.b = nil
		return 0
	}
	return v
}

// bytes is a string's bytes, in the record.
func (d *spillDecoder) bytes() []byte {
	n := d.count()
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}

func (s *usageSpill) close() {
	if s != nil {
		s.file.Close()
		os.Remove(s.file.Name()) // where it could not go while open
	}
}
