package run

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
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
			LoadUsage: func() (*rules.DocFacts, error) { return f.usage.get(i) },
		})
	}
	return out
}

// usageSpill holds, in an unlinked temporary file, what the glossary's
// lists of sentences read of each document (site's builder.usage): every
// block with a glossary match, with its section, text, sentences and
// matches. At 100,000 documents that is most of the corpus's text, too much
// to keep in memory for pages rendered at the end.
type usageSpill struct {
	g     *glossary.Glossary
	terms map[string]*glossary.Term

	mu   sync.Mutex
	file *os.File
	size int64
	at   [][2]int64 // offset and length, by source
	err  error
}

func newUsageSpill(g *glossary.Glossary, n int) (*usageSpill, error) {
	f, err := os.CreateTemp("", "concord-usage-*")
	if err != nil {
		return nil, fmt.Errorf("a temporary file for the build: %w", err)
	}
	// Gone from the folder at once where the system allows it: the file
	// lives as long as it is open, and a killed build leaves nothing.
	os.Remove(f.Name())
	s := &usageSpill{g: g, terms: map[string]*glossary.Term{}, file: f, at: make([][2]int64, n)}
	for _, t := range g.Terms {
		s.terms[t.ID] = t
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

func (s *usageSpill) put(i int, df *rules.DocFacts) {
	var b []byte
	str := func(v string) {
		b = binary.AppendUvarint(b, uint64(len(v)))
		b = append(b, v...)
	}
	num := func(v int) { b = binary.AppendUvarint(b, uint64(v)) }
	for _, bf := range df.Blocks {
		n := 0
		for _, m := range bf.Matches {
			if m.Entry.Kind != glossary.KindExcept {
				n++
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
				str(m.Entry.Term.ID)
				num(int(m.Entry.Kind))
				num(m.Start)
				num(m.End)
			}
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return
	}
	if _, err := s.file.Write(b); err != nil {
		s.err = err
		return
	}
	s.at[i] = [2]int64{s.size, int64(len(b))}
	s.size += int64(len(b))
}

// get reads document i's usage back as an analysis holding only what
// site's builder.usage reads.
func (s *usageSpill) get(i int) (*rules.DocFacts, error) {
	s.mu.Lock()
	err, at := s.err, s.at[i]
	s.mu.Unlock()
	if err != nil {
		return nil, fmt.Errorf("the build's temporary file: %w", err)
	}
	b := make([]byte, at[1])
	if _, err := s.file.ReadAt(b, at[0]); err != nil {
		return nil, fmt.Errorf("the build's temporary file: %w", err)
	}
	bad := errors.New("the build's temporary file: damaged")
	num := func() int {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			err = bad
			return 0
		}
		b = b[n:]
		return int(v)
	}
	str := func() string {
		n := num()
		if n > len(b) {
			err = bad
			return ""
		}
		v := string(b[:n])
		b = b[n:]
		return v
	}
	df := &rules.DocFacts{}
	for len(b) > 0 && err == nil {
		anchor, title := str(), str()
		blk := &corpus.Block{Run: corpus.Run{Text: str()}}
		if anchor != "" || title != "" {
			blk.Section = &corpus.Section{Heading: &corpus.Heading{Anchor: anchor, Text: title}}
		} else {
			blk.Section = &corpus.Section{}
		}
		bf := &rules.BlockFacts{Block: blk, Sentences: make([]corpus.Sentence, num())}
		for k := range bf.Sentences {
			bf.Sentences[k] = corpus.Sentence{Start: num(), End: num()}
		}
		bf.Matches = make([]glossary.Match, num())
		for k := range bf.Matches {
			id, kind := str(), glossary.EntryKind(num())
			t := s.terms[id]
			if t == nil && err == nil {
				err = bad
			}
			bf.Matches[k] = glossary.Match{Entry: &glossary.Entry{Term: t, Kind: kind}, Start: num(), End: num()}
		}
		df.Blocks = append(df.Blocks, bf)
	}
	if err != nil {
		return nil, err
	}
	return df, nil
}

func (s *usageSpill) close() {
	if s != nil {
		s.file.Close()
		os.Remove(s.file.Name()) // where it could not go while open
	}
}
