package search

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/concord-guidance/concord/internal/atomicfile"
	"github.com/concord-guidance/concord/internal/binenc"
	"github.com/concord-guidance/concord/internal/par"
)

// The documents an on-disk index holds, with their content hashes and
// analyses, are kept beside it (docsStateName), for two uses:
//
//   - a later Build re-analyses only the documents whose hash is new, as a
//     long-running Index's Update does (the analysis was two thirds of a
//     query from the command line at 10,000 documents);
//   - Open reopens the index without the documents at all, when the caller
//     can tell that its corpus has not changed since the Build that wrote
//     them: Build's Options.Corpus, a key the caller makes of the files'
//     paths, sizes and modification times (and all else the documents are
//     made from), is kept with them.
const docsStateName = "concord-docs.bin"

// docsStateMagic names the file, a binenc file at staticVersion (the
// analyses it keeps change with the analysis, as the shards do).
const docsStateMagic = "concord-search-docs\n"

// Options are what BuildWith keeps for later runs.
type Options struct {
	// Tool identifies the program and its analysis: analyses kept by
	// another Tool are not reused. Nothing is kept when it is "".
	Tool string
	// Corpus identifies the corpus the documents were made from; Open
	// with the same Tool and Corpus reopens the index. "" lets no Open
	// reuse it.
	Corpus string
	// Stamps identify, by File, what each document was made from (its
	// file's size and time, say), for Kept.Doc; a document without one
	// is never handed back.
	Stamps map[string]string
	// Kept, when the caller has it, is what BuildWith would read of the
	// kept documents (under the same Tool), not read again.
	Kept *Kept
}

// Kept is what the last BuildWith in a cache folder kept of the documents,
// for a caller that makes only the documents whose files changed.
type Kept struct {
	st     *docsState
	byFile map[string]int
}

func newKept(st *docsState) *Kept {
	k := &Kept{st: st, byFile: make(map[string]int, len(st.docs))}
	for i := range st.docs {
		k.byFile[st.docs[i].File] = i
	}
	return k
}

// Doc returns the kept document of file, when it was kept with this stamp
// (and the stamp is not "").
func (k *Kept) Doc(file, stamp string) (Doc, bool) {
	if k == nil || stamp == "" {
		return Doc{}, false
	}
	i, ok := k.byFile[file]
	if !ok || k.st.stamps[i] != stamp {
		return Doc{}, false
	}
	return k.st.docs[i], true
}

// docsState is the content of docsStateName.
type docsState struct {
	tool, corpus string
	docs         []Doc // sorted by File
	hashes       []string
	stamps       []string
	analysed     [][]sectionTerms // per document, per section
}

// Open returns the index that the last BuildWith in cacheDir left, when it
// was given these options, with its documents and statistics as that
// BuildWith had them: for a corpus the caller knows has not changed. When
// it cannot, it returns no index, and what that BuildWith kept of the
// documents if it ran under the same Tool (for Kept.Doc and Options.Kept),
// so that the caller need not read them again.
func Open(cacheDir string, o Options) (*Index, *Kept, error) {
	if o.Tool == "" || cacheDir == "" {
		return nil, nil, nil
	}
	// Without a manifest there is no index to open (openCache, which reads
	// it, would start a new one).
	dir := filepath.Join(cacheDir, "index-"+FormatKey())
	if _, err := os.Stat(filepath.Join(dir, cacheManifestName)); err != nil {
		return nil, nil, nil
	}
	st, err := readDocsState(dir, func(tool, _ string) bool { return tool == o.Tool })
	if err != nil {
		return nil, nil, nil
	}
	kept := newKept(st)
	if o.Corpus == "" || st.corpus != o.Corpus {
		return nil, kept, nil
	}
	idx := &Index{}
	if err := idx.openCache(cacheDir); err != nil {
		return nil, nil, err
	}
	// openCache reads the manifest again: it names what the index holds,
	// which must be the documents kept (no Update came in between).
	fail := func() (*Index, *Kept, error) {
		_ = idx.closeBleve()
		return nil, kept, nil
	}
	if idx.dir == "" || idx.hashes == nil || len(idx.hashes) != len(st.docs) {
		return fail()
	}
	idx.analysed = make(map[string][]sectionTerms, len(st.docs))
	for i := range st.docs {
		d := &st.docs[i]
		ds, ok := idx.hashes[d.File]
		if !ok || ds.Hash != st.hashes[i] || ds.Sections != len(d.Sections) || st.analysed[i] == nil && len(d.Sections) > 0 {
			return fail()
		}
		idx.analysed[ds.Hash] = st.analysed[i]
	}
	idx.install(st.docs, idx.hashes)
	return idx, nil, nil
}

// holds reports whether the kept documents are those hashes describe (an
// Update since the state was written changes the index, not the state),
// with these stamps.
func (st *docsState) holds(hashes map[string]docState, stamps map[string]string) bool {
	if len(st.docs) != len(hashes) {
		return false
	}
	for i := range st.docs {
		if ds, ok := hashes[st.docs[i].File]; !ok || ds.Hash != st.hashes[i] || stamps[st.docs[i].File] != st.stamps[i] {
			return false
		}
	}
	return true
}

// saveDocsState writes the index's documents, hashes and analyses into its
// folder, atomically; the caller holds idx.mu.
func (idx *Index) saveDocsState(o Options) error {
	st := &docsState{tool: o.Tool, corpus: o.Corpus, docs: idx.docs}
	st.hashes = make([]string, len(idx.docs))
	st.stamps = make([]string, len(idx.docs))
	st.analysed = make([][]sectionTerms, len(idx.docs))
	for i := range idx.docs {
		h := idx.hashes[idx.docs[i].File].Hash
		st.hashes[i], st.analysed[i] = h, idx.analysed[h]
		st.stamps[i] = o.Stamps[idx.docs[i].File]
	}
	return atomicfile.WriteCache(filepath.Join(idx.dir, docsStateName), func(w io.Writer) error {
		_, err := w.Write(encodeDocsState(st))
		return err
	})
}

// readDocsState reads the kept documents when want accepts the keys they
// were kept under (nil accepts any); it returns errWrongKeys, having decoded
// only the keys, when it does not.
func readDocsState(dir string, want func(tool, corpus string) bool) (*docsState, error) {
	b, err := os.ReadFile(filepath.Join(dir, docsStateName))
	if err != nil {
		return nil, err
	}
	return decodeDocsState(b, want)
}

var errWrongKeys = errors.New("search: documents kept under other keys")

// encodeDocsState: the tool and corpus keys, a table of the distinct stems
// and surface forms, then each document as a length-prefixed record (so
// that records decode in parallel): its fields and, per section, its text
// and analysis (forms and stems as table numbers).
func encodeDocsState(st *docsState) []byte {
	table := map[string]int{}
	var words []string
	word := func(s string) int {
		n, ok := table[s]
		if !ok {
			n = len(words)
			table[s] = n
			words = append(words, s)
		}
		return n
	}
	var body, rec binenc.Writer
	body.Len(len(st.docs))
	for i := range st.docs {
		d := &st.docs[i]
		rec.Reset()
		stamp := ""
		if i < len(st.stamps) {
			stamp = st.stamps[i]
		}
		for _, s := range []string{d.File, d.URL, d.Title, d.Summary, d.Topic, st.hashes[i], stamp, d.Kind, d.Definition} {
			rec.String(s)
		}
		rec.Strings(d.Names)
		rec.Strings(d.Terms)
		keys := slices.Sorted(maps.Keys(d.Fields))
		rec.Len(len(keys))
		for _, k := range keys {
			rec.String(k)
			rec.String(d.Fields[k])
		}
		rec.Len(len(d.Sections))
		an := st.analysed[i]
		if len(an) != len(d.Sections) {
			an = nil
		}
		rec.Len(len(an))
		for k := range d.Sections {
			s := &d.Sections[k]
			rec.String(s.Anchor)
			rec.String(s.Heading)
			rec.Len(s.Line)
			rec.String(s.Text)
			rec.Len(len(s.Terms))
			for _, t := range s.Terms {
				rec.String(t.ID)
				rec.Len(t.Heading)
				rec.Len(t.Body)
				rec.Strings(t.Words)
			}
			if an == nil {
				continue
			}
			t := &an[k]
			writeLens(&rec, t.lens)
			rec.Len(len(t.stems))
			for j, stem := range t.stems {
				rec.Len(word(stem))
				writeCounts(&rec, t.tf[j])
			}
			rec.Len(len(t.forms))
			for _, f := range t.forms {
				rec.Len(word(f.surface))
				rec.Len(word(f.stem))
			}
		}
		body.Bytes(rec.Data())
	}
	w := binenc.NewWriter(docsStateMagic, staticVersion, len(body.Data())+len(words)*8+len(st.tool)+len(st.corpus)+32)
	w.String(st.tool)
	w.String(st.corpus)
	w.Strings(words)
	w.Raw(body.Data())
	// A Writer's only error is a negative length, which none of these
	// lengths can be.
	data, _ := w.Finish()
	return data
}

// decodeDocsState decodes what encodeDocsState wrote. The strings it returns
// share b's memory: the caller must not change b afterwards.
func decodeDocsState(b []byte, want func(tool, corpus string) bool) (*docsState, error) {
	r, err := binenc.Open(b, docsStateMagic, staticVersion)
	if err != nil {
		return nil, fmt.Errorf("search: %s: %w", docsStateName, err)
	}
	return decodeDocsPayload(&r, want)
}

// decodeDocsPayload decodes what follows the header.
func decodeDocsPayload(r *binenc.Reader, want func(tool, corpus string) bool) (*docsState, error) {
	// The texts are substrings of the file as read, not a copy each: the
	// documents are the bulk of it, and all are kept.
	r.Share()
	st := &docsState{tool: text(r), corpus: text(r)}
	if r.Err() == nil && want != nil && !want(st.tool, st.corpus) {
		return nil, errWrongKeys
	}
	// Every count is bounded by the bytes left (binenc's Len): each item
	// takes one at least, so a damaged count cannot make a huge
	// allocation.
	words := make([]string, r.Len())
	for i := range words {
		words[i] = text(r)
	}
	recs := make([]binenc.Reader, r.Len())
	for i := range recs {
		recs[i] = r.Record()
	}
	if err := r.End(); err != nil {
		return nil, fmt.Errorf("search: %s: %w", docsStateName, err)
	}
	st.docs = make([]Doc, len(recs))
	st.hashes = make([]string, len(recs))
	st.stamps = make([]string, len(recs))
	st.analysed = make([][]sectionTerms, len(recs))
	par.For(len(recs), func(i int) {
		st.hashes[i], st.stamps[i], st.analysed[i] = decodeDocRecord(&recs[i], &st.docs[i], &words)
	})
	for i := range recs {
		if err := recs[i].Err(); err != nil {
			return nil, fmt.Errorf("search: %s: %w", docsStateName, err)
		}
		if i > 0 && st.docs[i-1].File >= st.docs[i].File {
			// Index.docs are sorted by File, each once.
			return nil, fmt.Errorf("search: %s: %w", docsStateName, errCorrupt)
		}
	}
	if !wordTableInUseOrder(words, st.analysed) {
		return nil, fmt.Errorf("search: %s: %w", docsStateName, errCorrupt)
	}
	return st, nil
}

// wordTableInUseOrder reports whether the word table is the one
// encodeDocsState writes: each word once, numbered in the order the
// documents first refer to it, none unused. Anything else (a state damaged
// in a way the checksum misses) would decode to words the encoder would
// number differently, and is refused like any other corrupt state.
func wordTableInUseOrder(words []string, analysed [][]sectionTerms) bool {
	next := int32(0)
	use := func(id int32) bool {
		if id == next {
			next++
			return true
		}
		return id < next
	}
	for _, an := range analysed {
		for k := range an {
			for _, id := range an[k].ids {
				if !use(id) {
					return false
				}
			}
			for _, id := range an[k].formIDs {
				if !use(id) {
					return false
				}
			}
		}
	}
	if int(next) != len(words) {
		return false
	}
	seen := make(map[string]struct{}, len(words))
	for _, w := range words {
		if _, dup := seen[w]; dup {
			return false
		}
		seen[w] = struct{}{}
	}
	return true
}

// decodeDocRecord decodes one document's record, which r holds whole; the
// error, if any, is left in r.
func decodeDocRecord(r *binenc.Reader, d *Doc, table *[]string) (hash, stamp string, an []sectionTerms) {
	words := *table
	str := func() string { return text(r) }
	strs := func() []string {
		n := r.Len()
		if n == 0 {
			return nil
		}
		out := make([]string, n)
		for k := range out {
			out[k] = str()
		}
		return out
	}
	word := func() (string, int32) {
		if n := r.Below(len(words)); r.Err() == nil {
			return words[n], int32(n)
		}
		return "", 0
	}
	d.File, d.URL, d.Title, d.Summary, d.Topic, hash, stamp = str(), str(), str(), str(), str(), str(), str()
	d.Kind, d.Definition = str(), str()
	d.Names = strs()
	d.Terms = strs()
	n := r.Len()
	d.Fields = make(map[string]string, n)
	for range n {
		k := str()
		d.Fields[k] = str()
	}
	if n := r.Len(); n > 0 {
		d.Sections = make([]Section, n)
	}
	if n := r.Len(); n > 0 {
		if n != len(d.Sections) {
			r.Fail("analyses and sections differ in number")
			return "", "", nil
		}
		an = make([]sectionTerms, n)
	}
	for k := range d.Sections {
		s := &d.Sections[k]
		s.Anchor, s.Heading, s.Line, s.Text = str(), str(), r.Below(1<<31), str()
		if n := r.Len(); n > 0 {
			s.Terms = make([]SectionTerm, n)
			for j := range s.Terms {
				t := &s.Terms[j]
				t.ID, t.Heading, t.Body = str(), r.Below(1<<31), r.Below(1<<31)
				t.Words = strs()
			}
		}
		if an == nil {
			continue
		}
		t := &an[k]
		t.words = table
		t.lens = readLens(r)
		if n := r.Len(); n > 0 {
			t.stems, t.tf, t.ids = make([]string, n), make([][numScored]int32, n), make([]int32, n)
			for j := range t.stems {
				t.stems[j], t.ids[j] = word()
				t.tf[j] = readCounts(r)
			}
		}
		if n := r.Len(); n > 0 {
			t.forms, t.formIDs = make([]formPair, n), make([]int32, 2*n)
			for j := range t.forms {
				f := &t.forms[j]
				f.surface, t.formIDs[2*j] = word()
				f.stem, t.formIDs[2*j+1] = word()
			}
		}
		if r.Err() != nil {
			return "", "", nil
		}
	}
	r.End()
	return hash, stamp, an
}
