package search

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
)

func entriesOf(docs []Doc) []*Entry {
	out := make([]*Entry, len(docs))
	for i, d := range docs {
		out[i] = NewEntry(d)
	}
	return out
}

func coldFiles(t testing.TB, docs []Doc) []File {
	t.Helper()
	s, err := BuildStatic(entriesOf(docs))
	if err != nil {
		t.Fatal(err)
	}
	return s.Files()
}

// sameFiles reports the first difference between two file lists.
func sameFiles(t testing.TB, got, want []File) {
	t.Helper()
	if len(got) != len(want) {
		var g, w []string
		for _, f := range got {
			g = append(g, f.Path)
		}
		for _, f := range want {
			w = append(w, f.Path)
		}
		t.Fatalf("%d files, want %d\ngot  %v\nwant %v", len(got), len(want), g, w)
	}
	for i := range got {
		if got[i].Path != want[i].Path || !bytes.Equal(got[i].Data, want[i].Data) {
			t.Fatalf("file %d: %s (%d bytes), want %s (%d bytes)\n%.300s\nwant\n%.300s",
				i, got[i].Path, len(got[i].Data), want[i].Path, len(want[i].Data), got[i].Data, want[i].Data)
		}
	}
}

// corpus is a set of documents being edited, by File.
type corpus map[string]Doc

func (c corpus) docs() []Doc {
	out := make([]Doc, 0, len(c))
	for _, d := range c {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out
}

// edit applies one change to a corpus: the documents to store (nil to
// remove).
type edit struct {
	name string
	fn   func(c corpus) map[string]*Doc
	// adding and removing documents rebuilds, and the edit that makes an
	// average flip
	rebuilds bool
}

func withSection(d Doc, i int, fn func(s *Section)) Doc {
	d.Sections = append([]Section(nil), d.Sections...)
	fn(&d.Sections[i])
	return d
}

func one(d Doc) map[string]*Doc { return map[string]*Doc{d.File: &d} }

var staticEdits = []edit{
	{"change text", func(c corpus) map[string]*Doc {
		return one(withSection(c["corpus/stalking.md"], 1, func(s *Section) { s.Text += " Loitering outside a home counts." }))
	}, false},
	{"change title", func(c corpus) map[string]*Doc {
		d := c["corpus/harassment.md"]
		d.Title = "Harassment and alarm"
		return one(d)
	}, false},
	{"same content", func(c corpus) map[string]*Doc { return one(c["corpus/harassment.md"]) }, false},
	{"add a section", func(c corpus) map[string]*Doc {
		d := c["corpus/stalking.md"]
		d.Sections = append(append([]Section(nil), d.Sections...), Section{Anchor: "more", Heading: "More on stalking", Line: 30, Text: "Stalking protection orders exist."})
		return one(d)
	}, false},
	{"remove a section", func(c corpus) map[string]*Doc {
		d := c["corpus/restraining-orders.md"]
		d.Sections = d.Sections[:len(d.Sections)-1]
		return one(d)
	}, false},
	{"a word only this document has", func(c corpus) map[string]*Doc {
		return one(withSection(c["corpus/harassment.md"], 0, func(s *Section) { s.Text += " Quixotically zyzzyvas." }))
	}, false},
	{"the word goes again", func(c corpus) map[string]*Doc {
		return one(withSection(c["corpus/harassment.md"], 0, func(s *Section) {
			s.Text = strings.ReplaceAll(s.Text, " Quixotically zyzzyvas.", "")
		}))
	}, false},
	{"several documents", func(c corpus) map[string]*Doc {
		out := map[string]*Doc{}
		for _, f := range []string{"corpus/doc-0003.md", "corpus/doc-0011.md", "corpus/doc-0017.md"} {
			d := withSection(c[f], 2, func(s *Section) { s.Text = "Stalking orders. " + s.Text + " Breach." })
			out[f] = &d
		}
		return out
	}, false},
	{"no sections", func(c corpus) map[string]*Doc {
		d := c["corpus/doc-0005.md"]
		d.Sections = nil
		return one(d)
	}, false},
	{"add a document", func(c corpus) map[string]*Doc {
		return one(Doc{File: "corpus/new.md", URL: "docs/new/", Title: "New guidance",
			Sections: []Section{{Line: 1, Text: "Fresh guidance on stalking and zyzzyvas."}}})
	}, true},
	{"remove a document", func(c corpus) map[string]*Doc {
		return map[string]*Doc{"corpus/doc-0007.md": nil}
	}, true},
	{"a rounded average flips", func(c corpus) map[string]*Doc {
		return one(withSection(c["corpus/doc-0009.md"], 0, func(s *Section) {
			s.Text += strings.Repeat(" victim court evidence", 3000)
		}))
	}, true},
}

func applyEdit(t testing.TB, s *Static, c corpus, changes map[string]*Doc) {
	t.Helper()
	var changed []*Entry
	var removed []string
	for f, d := range changes {
		if d == nil {
			removed = append(removed, f)
			delete(c, f)
			continue
		}
		c[f] = *d
		changed = append(changed, NewEntry(*d))
	}
	if err := s.Update(changed, removed); err != nil {
		t.Fatal(err)
	}
}

// roundTrip encodes s into store and decodes it, as a build in a new
// process would. A store must follow one line of states: a chunk that s
// read unchanged is not written again (see EncodeChunked).
func roundTrip(t testing.TB, store *chunkStore, s *Static) *Static {
	t.Helper()
	store.save(s)
	return store.load(t)
}

func TestStaticUpdateMatchesColdBuild(t *testing.T) {
	c := corpus{}
	for _, d := range append(testDocs(), syntheticDocs(20)...) {
		c[d.File] = d
	}
	s, err := BuildStatic(entriesOf(c.docs()))
	if err != nil {
		t.Fatal(err)
	}
	store := &chunkStore{}
	for _, e := range staticEdits {
		t.Run(e.name, func(t *testing.T) {
			before := s.Files()
			s = roundTrip(t, store, s)
			n, avg := staticRebuilds.Load(), s.averages()
			applyEdit(t, s, c, e.fn(c))
			// Replacing documents rebuilds only when a rounded average
			// flips (in a corpus this small, adding a section may do it).
			flipped := s.averages() != avg
			if rebuilt := staticRebuilds.Load() > n; rebuilt != (e.rebuilds || flipped) {
				t.Errorf("rebuilt: %v, want %v (averages %v → %v)", rebuilt, e.rebuilds || flipped, avg, s.averages())
			}
			want := coldFiles(t, c.docs())
			sameFiles(t, s.Files(), want)
			sameFiles(t, roundTrip(t, store, s).Files(), want)
			if !e.rebuilds {
				// Only the files of what changed are new.
				old := map[string]bool{}
				for _, f := range before {
					old[f.Path] = true
				}
				fresh := 0
				for _, f := range want {
					if !old[f.Path] {
						fresh++
					}
				}
				t.Logf("%d of %d files new", fresh, len(want))
			}
		})
	}
}

// TestStaticRandomEdits applies random sequences of edits, decoding the
// state between them as the next build would, and compares each result
// with a cold build.
func TestStaticRandomEdits(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	pool := syntheticDocs(80)
	words := strings.Fields(pool[79].Sections[3].Text + " zyzzyva quixotic " + pool[78].Title)
	c := corpus{}
	for _, d := range pool[:40] {
		c[d.File] = d
	}
	s, err := BuildStatic(entriesOf(c.docs()))
	if err != nil {
		t.Fatal(err)
	}
	steps := 60
	if testing.Short() {
		steps = 15
	}
	store := &chunkStore{}
	for step := 0; step < steps; step++ {
		files := c.docs()
		changes := map[string]*Doc{}
		for k := 0; k < 1+rng.Intn(3); k++ {
			d := files[rng.Intn(len(files))]
			switch r := rng.Intn(20); {
			case r == 0 && len(files) > 2:
				changes[d.File] = nil
				continue
			case r == 1:
				d = pool[40+rng.Intn(40)]
				d.File = fmt.Sprintf("corpus/added-%03d.md", rng.Intn(1000))
			case r < 5 && len(d.Sections) > 0:
				d.Sections = append([]Section(nil), d.Sections[:rng.Intn(len(d.Sections))]...)
			case r < 8:
				d.Sections = append(append([]Section(nil), d.Sections...), Section{Anchor: "x", Heading: words[rng.Intn(len(words))], Line: 99, Text: words[rng.Intn(len(words))]})
			case r < 10:
				d.Title = words[rng.Intn(len(words))] + " " + d.Title
			case len(d.Sections) > 0:
				i := rng.Intn(len(d.Sections))
				d = withSection(d, i, func(s *Section) {
					ws := strings.Fields(s.Text)
					for n := rng.Intn(4); n >= 0; n-- {
						if len(ws) > 0 && rng.Intn(2) == 0 {
							ws = append(ws[:0:0], append(ws[:rng.Intn(len(ws))], ws[rng.Intn(len(ws)):]...)...)
						} else {
							ws = append(ws, words[rng.Intn(len(words))])
						}
					}
					s.Text = strings.Join(ws, " ")
				})
			}
			changes[d.File] = &d
		}
		s = roundTrip(t, store, s)
		applyEdit(t, s, c, changes)
		sameFiles(t, s.Files(), coldFiles(t, c.docs()))
	}
}

func TestStaticUpdateErrors(t *testing.T) {
	docs := testDocs()
	s, err := BuildStatic(entriesOf(docs))
	if err != nil {
		t.Fatal(err)
	}
	want := s.Files()
	e := NewEntry(docs[0])
	for name, fn := range map[string]func() error{
		"remove unknown":      func() error { return s.Update(nil, []string{"nope.md"}) },
		"given twice":         func() error { return s.Update([]*Entry{e, e}, nil) },
		"changed and removed": func() error { return s.Update([]*Entry{e}, []string{e.File()}) },
		"nil entry":           func() error { return s.Update([]*Entry{nil}, nil) },
	} {
		if fn() == nil {
			t.Errorf("%s: no error", name)
		}
	}
	sameFiles(t, s.Files(), want)
	if _, err := BuildStatic([]*Entry{e, e}); err == nil {
		t.Error("BuildStatic accepted a document twice")
	}
}

func TestDecodeChunkedRejectsDamage(t *testing.T) {
	s, err := BuildStatic(entriesOf(append(testDocs(), syntheticDocs(5)...)))
	if err != nil {
		t.Fatal(err)
	}
	head, chunks := s.EncodeChunked()
	chunk := func(i int) ([]byte, error) { return chunks[i], nil }
	for i := 0; i < len(head); i += 1 + len(head)/200 {
		bad := append([]byte(nil), head...)
		bad[i] ^= 0x20
		if _, err := DecodeChunked(bad, chunk); err == nil {
			t.Fatalf("a flipped byte at %d of the head was accepted", i)
		}
	}
	for _, n := range []int{0, 5, len(chunkedMagic), len(head) / 2, len(head) - 1} {
		if _, err := DecodeChunked(head[:n], chunk); err == nil {
			t.Fatalf("%d of %d bytes of the head accepted", n, len(head))
		}
	}
}

// chunkStore keeps a chunked state between builds, as the caller's cache
// does.
type chunkStore struct {
	head   []byte
	chunks map[int][]byte
}

// save encodes s into the store and returns how many chunks it rewrote.
func (cs *chunkStore) save(s *Static) int {
	head, chunks := s.EncodeChunked()
	if cs.chunks == nil {
		cs.chunks = map[int][]byte{}
	}
	n := 0
	for i, c := range chunks {
		if c != nil {
			cs.chunks[i] = c
			n++
		}
	}
	cs.head = head
	return n
}

func (cs *chunkStore) load(t testing.TB) *Static {
	t.Helper()
	s, err := DecodeChunked(cs.head, func(i int) ([]byte, error) { return cs.chunks[i], nil })
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestStaticChunkedState edits a corpus through the chunked state, as
// builds in new processes would, comparing with cold builds, and checks
// that replacing one document rewrites few chunks.
func TestStaticChunkedState(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	c := corpus{}
	for _, d := range syntheticDocs(200) {
		c[d.File] = d
	}
	s, err := BuildStatic(entriesOf(c.docs()))
	if err != nil {
		t.Fatal(err)
	}
	store := &chunkStore{}
	if n := store.save(s); n != StateChunks {
		t.Fatalf("a first save wrote %d chunks, want all %d", n, StateChunks)
	}
	if n := store.save(s); n != 0 {
		t.Fatalf("saving again with no change wrote %d chunks", n)
	}
	for step := 0; step < 20; step++ {
		s = store.load(t)
		files := c.docs()
		d := files[rng.Intn(len(files))]
		d = withSection(d, rng.Intn(len(d.Sections)), func(s *Section) { s.Text += " zyzzyva quixotic " + strconv.Itoa(step) })
		applyEdit(t, s, c, one(d))
		n := store.save(s)
		sameFiles(t, s.Files(), coldFiles(t, c.docs()))
		sameFiles(t, store.load(t).Files(), coldFiles(t, c.docs()))
		if n > StateChunks/4 {
			t.Errorf("step %d: one document's edit rewrote %d of %d chunks", step, n, StateChunks)
		}
	}
	// Damage is refused.
	for i := range store.chunks {
		if len(store.chunks[i]) > 0 {
			store.chunks[i] = append([]byte{}, store.chunks[i]...)
			store.chunks[i][len(store.chunks[i])/2] ^= 1
			if _, err := DecodeChunked(store.head, func(i int) ([]byte, error) { return store.chunks[i], nil }); err == nil {
				t.Fatal("a damaged chunk was accepted")
			}
			break
		}
	}
}

func FuzzDecodeChunked(f *testing.F) {
	s, err := BuildStatic(entriesOf(syntheticDocs(5)))
	if err != nil {
		f.Fatal(err)
	}
	head, chunks := s.EncodeChunked()
	f.Add(head, 0, []byte(nil))
	f.Fuzz(func(t *testing.T, h []byte, which int, chunk []byte) {
		got, err := DecodeChunked(h, func(i int) ([]byte, error) {
			if chunk != nil && i == which%StateChunks {
				return chunk, nil
			}
			return chunks[i], nil
		})
		if err != nil {
			return
		}
		// Whatever decodes must publish and update without a panic.
		got.Files()
		if err := got.Update(nil, nil); err != nil {
			t.Fatal(err)
		}
	})
}

// A build --no-cache holds its entries compacted (Entry.Compact): the index,
// its state and an update of it must be those of entries held whole, across
// more entries than BuildStatic decodes at a time.
func TestCompactEntriesBuildTheSameIndex(t *testing.T) {
	docs := append(testDocs(), syntheticDocs(buildBatch+40)...)
	whole, err := BuildStatic(entriesOf(docs))
	if err != nil {
		t.Fatal(err)
	}
	compact := entriesOf(docs)
	for _, e := range compact {
		e.Compact()
	}
	s, err := BuildStatic(compact)
	if err != nil {
		t.Fatal(err)
	}
	sameFiles(t, s.Files(), whole.Files())
	h1, c1 := whole.EncodeChunked()
	h2, c2 := s.EncodeChunked()
	if !bytes.Equal(h1, h2) {
		t.Fatal("the states' heads differ")
	}
	for i := range c1 {
		if !bytes.Equal(c1[i], c2[i]) {
			t.Fatalf("the states' chunk %d differs", i)
		}
	}
	edited := withSection(docs[3], 0, func(sec *Section) { sec.Text += " compacted entries" })
	e := NewEntry(edited)
	e.Compact()
	if err := s.Update([]*Entry{e}, nil); err != nil {
		t.Fatal(err)
	}
	docs[3] = edited
	sameFiles(t, s.Files(), coldFiles(t, docs))
}

// TestSpilledEntriesBuildTheSameIndex: entries kept outside memory
// (Entry.Spill) build the index, its files and its state, streamed chunk by
// chunk (EncodeChunkedTo), that entries held whole build; an index so built
// still takes an update; and an entry that cannot be read back is an error,
// not a missing document.
func TestSpilledEntriesBuildTheSameIndex(t *testing.T) {
	docs := append(testDocs(), syntheticDocs(buildBatch+40)...)
	whole, err := BuildStatic(entriesOf(docs))
	if err != nil {
		t.Fatal(err)
	}
	var store [][]byte
	put := func(enc []byte) (Load, error) {
		i := len(store)
		store = append(store, bytes.Clone(enc))
		return func(buf []byte) ([]byte, error) { return append(buf[:0], store[i]...), nil }, nil
	}
	spilled := entriesOf(docs)
	for _, e := range spilled {
		if err := e.Spill(put); err != nil {
			t.Fatal(err)
		}
	}
	s, err := BuildStatic(spilled)
	if err != nil {
		t.Fatal(err)
	}
	sameFiles(t, s.Files(), whole.Files())
	h1, c1 := whole.EncodeChunked()
	c2 := make([][]byte, StateChunks)
	var mu sync.Mutex
	h2, err := s.EncodeChunkedTo(func(c int, chunk []byte) error {
		mu.Lock()
		defer mu.Unlock()
		if c2[c] != nil {
			t.Errorf("chunk %d handed over twice", c)
		}
		c2[c] = bytes.Clone(chunk) // valid only until put returns
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(h1, h2) {
		t.Fatal("the states' heads differ")
	}
	for i := range c1 {
		if !bytes.Equal(c1[i], c2[i]) {
			t.Fatalf("the states' chunk %d differs", i)
		}
	}
	edited := withSection(docs[5], 0, func(sec *Section) { sec.Text += " spilled entries" })
	if err := s.Update([]*Entry{NewEntry(edited)}, nil); err != nil {
		t.Fatal(err)
	}
	docs[5] = edited
	sameFiles(t, s.Files(), coldFiles(t, docs))

	lost := entriesOf(docs[:3])
	for _, e := range lost {
		if err := e.Spill(func([]byte) (Load, error) {
			return func([]byte) ([]byte, error) { return nil, errors.New("gone") }, nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := BuildStatic(lost); err == nil {
		t.Error("entries that could not be read back built an index")
	}
}
