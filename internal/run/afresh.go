package run

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
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
// search entry, and where its usage is spilled, so that neither the parsed
// corpus nor its analysis is held while the site is built. A document's
// own page parses it again (site.Source.LoadUsage).
type afreshInputs struct {
	records []*site.Record
	entries []*search.Entry
	usage   *usageSpill
	inputs  []corpus.Input
}

// take is rules.Input.Checked: it keeps what the site and the search index
// read of document i while the check still holds it whole.
func (f *afreshInputs) take(g *glossary.Glossary) func(int, *corpus.Document, *rules.DocFacts) {
	return func(i int, d *corpus.Document, df *rules.DocFacts) {
		f.records[i] = site.NewRecord(d, df)
		sd := searchDocs(g, []*corpus.Document{d}, func(*corpus.Document) *rules.DocFacts { return df })[0]
		e := search.NewEntry(sd)
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
// for its own page, its usage read back from the spill.
func (f *afreshInputs) sources(g *glossary.Glossary) []site.Source {
	var out []site.Source
	for i, r := range f.records {
		if r == nil {
			continue // not parsed: its problems were reported
		}
		in := f.inputs[i]
		out = append(out, site.Source{Record: r,
			Load: func() (*corpus.Document, *rules.DocFacts, error) {
				file, err := corpus.ReadInput(in)
				if err != nil {
					return nil, nil, err
				}
				doc, err := corpus.ParseInput(file, in)
				if doc == nil {
					return nil, nil, fmt.Errorf("%s: %v", in.Display, err)
				}
				return doc, rules.Analyse(g, doc), nil
			},
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
// reads only the blocks that use that term: a document's record starts
// with an index of them, so that the others are neither decoded nor kept.
// A record is
//
//	index:  terms, then for each: term, blocks, then each block's offset
//	        from the end of the index, as the step from the one before
//	blocks: for each: anchor, title, text, sentences, then each's start
//	        and end, matches, then each's term, kind, start and end
//
// in uvarints, a string as its length and bytes, a term as its place in
// the glossary's Terms. Exceptions are left out.
type usageSpill struct {
	g *glossary.Glossary
	// terms are the glossary's terms' places in g.Terms, by ID.
	terms map[string]int
	// entries stand for the glossary's entries in what get returns, by
	// term and kind: builder.usage reads only their term and kind.
	entries [][numKinds]glossary.Entry
	bufs    sync.Pool // of *[]byte, records being read

	mu   sync.Mutex
	file *os.File
	size int64
	at   [][2]int64 // offset and length, by source
	err  error
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
	s := &usageSpill{g: g, terms: make(map[string]int, len(g.Terms)), file: f, at: make([][2]int64, n),
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
	var blocks []byte
	str := func(v string) {
		blocks = binary.AppendUvarint(blocks, uint64(len(v)))
		blocks = append(blocks, v...)
	}
	num := func(v int) { blocks = binary.AppendUvarint(blocks, uint64(v)) }
	// Each term the document uses, in order of first use, with the
	// offsets of the blocks that use it.
	type use struct {
		term int
		at   []int
	}
	var uses []use
	var err error
	for _, bf := range df.Blocks {
		at, n := len(blocks), 0
		for _, m := range bf.Matches {
			if m.Entry.Kind == glossary.KindExcept {
				continue
			}
			n++
			k, ok := s.terms[m.Entry.Term.ID]
			if !ok {
				err = fmt.Errorf("the build's temporary file: %q is not in the glossary", m.Entry.Term.ID)
				continue
			}
			u := slices.IndexFunc(uses, func(u use) bool { return u.term == k })
			if u < 0 {
				u = len(uses)
				uses = append(uses, use{term: k})
			}
			if a := uses[u].at; len(a) == 0 || a[len(a)-1] != at {
				uses[u].at = append(a, at)
			}
		}
		if n == 0 {
			continue
		}
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
	}
	b := binary.AppendUvarint(nil, uint64(len(uses)))
	for _, u := range uses {
		b = binary.AppendUvarint(b, uint64(u.term))
		b = binary.AppendUvarint(b, uint64(len(u.at)))
		last := 0
		for _, at := range u.at {
			b = binary.AppendUvarint(b, uint64(at-last))
			last = at
		}
	}
	b = append(b, blocks...)
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
	s.at[i] = [2]int64{s.size, int64(len(b))}
	s.size += int64(len(b))
}

// errDamaged is a record get cannot read.
var errDamaged = errors.New("the build's temporary file: damaged")

// get reads back how document i uses t, as an analysis holding only what
// site's builder.usage reads: the blocks that use t, each with t's
// matches in it (Source.LoadUsage).
func (s *usageSpill) get(i int, t *glossary.Term) (*rules.DocFacts, error) {
	s.mu.Lock()
	err, at := s.err, s.at[i]
	s.mu.Unlock()
	if err != nil {
		return nil, fmt.Errorf("the build's temporary file: %w", err)
	}
	want, ok := s.terms[t.ID]
	if !ok || s.g.Terms[want] != t || at[1] == 0 {
		// Not the glossary's term, or the document's usage was never
		// spilled: it uses nothing.
		return &rules.DocFacts{}, nil
	}
	bp, _ := s.bufs.Get().(*[]byte)
	if bp == nil {
		bp = new([]byte)
	}
	defer s.bufs.Put(bp)
	if int64(cap(*bp)) < at[1] {
		*bp = make([]byte, at[1])
	}
	b := (*bp)[:at[1]]
	if _, err := s.file.ReadAt(b, at[0]); err != nil {
		return nil, fmt.Errorf("the build's temporary file: %w", err)
	}
	d := spillDecoder{b: b}
	// The index: the offsets of want's blocks, as steps, are offs.
	var offs spillDecoder
	n := 0
	for terms := d.count(); terms > 0 && d.err == nil; terms-- {
		k, blocks := d.num(), d.count()
		if k == want {
			offs, n = d, blocks
		}
		for ; blocks > 0; blocks-- {
			d.num()
		}
	}
	if d.err != nil {
		return nil, d.err
	}
	body := d.b
	df := &rules.DocFacts{Blocks: make([]*rules.BlockFacts, n)}
	// What the blocks' facts point to, in one allocation.
	type spilled struct {
		facts   rules.BlockFacts
		block   corpus.Block
		section corpus.Section
		heading corpus.Heading
	}
	all := make([]spilled, n)
	last := 0
	for j := range all {
		off := last + offs.num()
		last = off
		if offs.err != nil || off >= len(body) {
			return nil, errDamaged
		}
		d := spillDecoder{b: body[off:]}
		sb := &all[j]
		anchor, title := d.bytes(), d.bytes()
		sb.block.Run.Text = string(d.bytes())
		if len(anchor) > 0 || len(title) > 0 {
			sb.heading = corpus.Heading{Anchor: string(anchor), Text: string(title)}
			sb.section.Heading = &sb.heading
		}
		sb.block.Section = &sb.section
		bf := &sb.facts
		bf.Block = &sb.block
		bf.Sentences = make([]corpus.Sentence, d.count())
		for k := range bf.Sentences {
			bf.Sentences[k] = corpus.Sentence{Start: d.num(), End: d.num()}
		}
		matches := d.count()
		for ; matches > 0 && d.err == nil; matches-- {
			k, kind, start, end := d.num(), d.num(), d.num(), d.num()
			if k >= len(s.entries) || kind >= numKinds || glossary.EntryKind(kind) == glossary.KindExcept {
				return nil, errDamaged
			}
			if k == want {
				bf.Matches = append(bf.Matches, glossary.Match{Entry: &s.entries[k][kind], Start: start, End: end})
			}
		}
		if d.err != nil {
			return nil, d.err
		}
		if len(bf.Matches) == 0 {
			return nil, errDamaged // the index said it uses want
		}
		df.Blocks[j] = bf
	}
	return df, nil
}

// spillDecoder reads a record of the usage spill, noting in err the first
// thing it could not read.
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
