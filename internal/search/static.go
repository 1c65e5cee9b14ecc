package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/base32"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/par"
)

// The static index is kept between builds as a Static, so that a rebuild
// after one edited document rewrites only that document's shards. What makes
// that possible, and what the format (site/search/README.md) is shaped by:
//
//   - Impacts are computed against rounded average field lengths
//     (roundedAverages), so an edit changes only its own postings unless a
//     rounded average flips, when everything is recomputed.
//   - A section is addressed as (document number, section index), so a
//     document gaining a section renumbers nothing else. Document numbers
//     are positions in File order and change only when documents are added
//     or removed, which rebuilds everything.
//   - Postings shards begin at stems chosen by a hash of the stem and by a
//     size rule that looks only at a stem and its predecessor
//     (postingBoundary), never at a running size, so a change stays inside
//     the shards around it. Vocabulary shards are grouped by the first two
//     characters of the surface form (a change rebuilds its group); each
//     document's section records are a shard of their own.
//   - Every shard and the manifest are named by a hash of their content, and
//     current.js names the manifest: an unchanged shard keeps its name.

// sectionsPerDoc bounds the sections of one document: search.js addresses a
// section as document × sectionsPerDoc + section, within JavaScript's exact
// integers.
const sectionsPerDoc = 1 << 20

// postingBoundaryEvery makes about one stem in postingBoundaryEvery start a
// postings shard, by its hash; with postingShardBytes (a stem that large sits
// in a shard of its own) it keeps shards near the size the whole-index
// export aimed for before shards were content-defined.
const postingBoundaryEvery = 24

// hashChars is the length of the content hash in shard names: 50 bits of
// SHA-256 in lower-case base32 (file systems that ignore case must not
// merge two names).
const hashChars = 10

var nameEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

func contentHash(data []byte) string {
	sum := sha256.Sum256(data)
	return nameEncoding.EncodeToString(sum[:])[:hashChars]
}

// putContentHash writes contentHash(data) into dst, hashChars long.
func putContentHash(dst, data []byte) {
	sum := sha256.Sum256(data)
	var enc [52]byte // base32 of the 32 bytes, unpadded
	nameEncoding.Encode(enc[:], sum[:])
	copy(dst[:hashChars], enc[:])
}

// Entry is one document's contribution to the static index: its analysed
// sections (lengths, stems with per-field term frequencies, surface forms)
// and what results show (title, URL, anchors, headings, lines, snippets),
// already encoded as the document's section shard. It is a pure function of
// the Doc.
type Entry struct {
	file  string
	meta  []byte // the document shard file (m-HASH): title, URL, sections, their texts packed (packSections)
	secs  []entrySection
	forms []formPair // sorted by surface, unique
	// stems, when NewEntry's analysis numbered the words, are the
	// document's distinct stems in the order encodeEntry numbers them, and
	// formStem each form's stem number; encodeEntry then needs no map.
	stems    []string
	formStem []int32
	enc      []byte // encodeEntry of the above, made on demand
	// compact is set by Compact: only enc (and meta, part of it) is held,
	// with the section count and field length totals BuildStatic reads
	// before decoding.
	compact bool
	nsec    int
	total   [numScored]int64
	// load, set by Spill, reads enc back from where the caller put it.
	load Load
}

type entrySection struct {
	lens  [numScored]int32
	stems []string
	tf    [][numScored]int32
	nums  []int32 // each stem's number in Entry.stems, when NewEntry numbered them
}

var (
	analysers   = sync.Pool{New: func() any { a := newAnalyser(); a.forms = map[string]bool{}; return a }}
	entryWorded = sync.Pool{New: func() any { return &entryWords{} }}
)

// NewEntry analyses d.
func NewEntry(d Doc) *Entry { return NewEntryTokens(d, nil) }

// SectionTokens are the tokens of a section's texts, for a caller that has
// analysed them already: NewEntryTokens then does not analyse them again.
// A nil field is analysed as NewEntry would.
type SectionTokens struct {
	// Heading is analysis.Analyze(Section.Heading), offsets aside.
	Heading []analysis.Token
	// Text, one after another, are analysis.Analyze(Section.Text),
	// offsets aside: a text joined from pieces may give each piece's.
	Text [][]analysis.Token
}

// NewEntryTokens is NewEntry for a document whose sections' texts are
// analysed already, toks[i] for d.Sections[i] (toks may be shorter). The
// entry is NewEntry(d)'s when the tokens are what analysis.Analyze gives
// the texts; only their Term and Surface are read (and their numbers, which
// are the words' own).
func NewEntryTokens(d Doc, toks []SectionTokens) *Entry {
	e := &Entry{file: d.File}
	w := entryWorded.Get().(*entryWords)
	an, ok := w.analyse(&d, toks)
	entryWorded.Put(w)
	if ok {
		e.secs, e.forms, e.formStem, e.stems = an.secs, an.forms, an.formStem, an.stems
	} else {
		e.secs, e.forms = analyseByString(&d)
		sortForms(e)
	}
	e.meta = docShard(&d)
	return e
}

// docShard returns d's document shard file, m-HASH: encodeJSON of
// [title, URL, [[anchor, heading, line], ...], packed texts] and, for a
// glossary term, {"definition", "kind", "names"}, registered. It is
// written straight into one buffer and copied out once, where encoding it
// through encodeJSON and registration built the texts' base64 three times
// over (TestDocShardMatchesJSON holds it to encodeJSON's bytes).
func docShard(d *Doc) []byte {
	p := textPackers.Get().(*textPacker)
	defer textPackers.Put(p)
	// The text is in the document's shard, not a file of its own per
	// section: a result loads that shard anyway, and a file per section
	// was most of the site's files (68,000 of 91,000 at 10,000
	// documents), each a file to create and link at every build.
	p.packSections(d.Sections)
	const head, tail = `window.__concordSearch.register("m-`, ");\n"
	b := append(p.shard[:0], head...)
	name := len(b)
	b = append(b, make([]byte, hashChars)...) // the hash, once the data is written
	b = append(b, `",`...)
	start := len(b)
	b = append(b, '[')
	b = appendJSONString(b, d.Title)
	b = append(b, ',')
	b = appendJSONString(b, d.URL)
	b = append(b, ",["...)
	for i := range d.Sections {
		s := &d.Sections[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = appendJSONString(b, s.Anchor)
		b = append(b, ',')
		b = appendJSONString(b, s.Heading)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(s.Line), 10)
		b = append(b, ']')
	}
	b = append(b, "],\""...)
	b = p.appendPacked(b) // base64: nothing to escape
	b = append(b, '"')
	if d.Kind == KindGlossary {
		// Keys sorted, as encodeJSON sorts a map's.
		b = append(b, `,{"definition":`...)
		b = appendJSONString(b, d.Definition)
		b = append(b, `,"kind":`...)
		b = appendJSONString(b, d.Kind)
		b = append(b, `,"names":[`...)
		for i, n := range d.Names {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, n)
		}
		b = append(b, "]}"...)
	}
	b = append(b, ']')
	putContentHash(b[name:name+hashChars], b[start:])
	b = append(b, tail...)
	p.shard = b
	out := bytes.Clone(b)
	p.release()
	return out
}

// File returns the document's File.
func (e *Entry) File() string { return e.file }

// Compact keeps only the entry's encoding, which BuildStatic decodes again
// when it reaches the entry: a third of the analysed entry's memory, for a
// build that holds every document's entry until the index is built.
func (e *Entry) Compact() {
	if e.compact {
		return
	}
	// Its own copy, of its own size: an encoding grows by doubling, and
	// the spare room (a fifth, at 10,000 documents) would be held too.
	e.enc = bytes.Clone(e.encoded())
	_, _, meta, _ := entryHeader(e.enc)
	e.nsec, e.total = len(e.secs), e.totals()
	e.meta, e.secs, e.forms, e.compact = meta, nil, nil, true
	e.stems, e.formStem = nil, nil
}

// Load reads back an encoding Spill put, into buf's memory when it is large
// enough, so that reading many in turn need not make garbage of each.
type Load func(buf []byte) ([]byte, error)

// Spill is Compact for an entry kept outside memory until BuildStatic
// reads it: put stores the encoding and returns what reads it back, and
// the entry then holds only that, with its section count and field
// length totals. At 100,000 documents the encodings held in memory were
// 800 MB, most of what a build held besides the check.
func (e *Entry) Spill(put func(enc []byte) (Load, error)) error {
	enc := e.encoded()
	load, err := put(enc)
	if err != nil {
		return err
	}
	e.nsec, e.total = e.sections(), e.totals()
	e.enc, e.meta, e.secs, e.forms, e.compact, e.load = nil, nil, nil, nil, true, load
	e.stems, e.formStem = nil, nil
	return nil
}

func (e *Entry) sections() int {
	if e.compact {
		return e.nsec
	}
	return len(e.secs)
}

// totals returns the sum of the entry's field lengths over its sections.
func (e *Entry) totals() [numScored]int64 {
	if e.compact {
		return e.total
	}
	var t [numScored]int64
	for _, sec := range e.secs {
		for f := range sec.lens {
			t[f] += int64(sec.lens[f])
		}
	}
	return t
}

// full returns the entry with its sections and forms, decoding a compact
// one.
func (e *Entry) full() (*Entry, error) {
	if !e.compact {
		return e, nil
	}
	enc := e.enc
	if e.load != nil {
		var err error
		// Its own memory: the decoded entry's strings share it.
		if enc, err = e.load(nil); err != nil {
			return nil, fmt.Errorf("search: %s: %w", e.file, err)
		}
	}
	d, err := decodeEntry(enc)
	if err != nil {
		return nil, fmt.Errorf("search: %s: %w", e.file, err)
	}
	return d, nil
}

func (e *Entry) encoded() []byte {
	if e.enc == nil {
		e.enc = encodeEntry(e)
	}
	return e.enc
}

// postingsOf returns, per stem, the document's sections holding it with
// their term frequencies, sections in order.
func (e *Entry) postingsOf() map[string][]secTF {
	out := map[string][]secTF{}
	for si := range e.secs {
		s := &e.secs[si]
		for i, stem := range s.stems {
			out[stem] = append(out[stem], secTF{int32(si), s.tf[i]})
		}
	}
	return out
}

type secTF struct {
	sec int32
	tf  [numScored]int32
}

// Static is the static index between builds. It is self-sufficient:
// updating it needs only the changed documents' new entries (and the files of
// removed ones), never the other documents' entries. It is not safe for
// concurrent use.
type Static struct {
	nsec  int
	total [numScored]int64
	docs  []staticDoc  // sorted by file
	posts []postShard  // in stem order (lessUTF16)
	vocab []vocabGroup // in key order (lessUTF16)
	// chunks are the chunks DecodeChunked read, for EncodeChunked to
	// keep those whose parts are all still clean.
	chunks []chunkInfo
}

type staticDoc struct {
	file  string
	enc   []byte // encodeEntry
	entry *Entry // decoded from enc on demand
	// load, for a spilled entry (Entry.Spill), reads enc back; meta is
	// then its shard file and nsec its number of sections.
	load  Load
	meta  []byte
	nsec  int
	clean bool // as DecodeChunked read it (see EncodeChunked)
}

// postShard is one postings shard: its first stem and its file. The
// published file is all the state a shard needs: Update splices one
// document's postings in and out of it.
type postShard struct {
	first string
	file  []byte
	clean bool
}

// vocabGroup is the vocabulary of surface forms that share their first two
// characters (vocabKey(s, 2)): the forms with their stems and the number of
// documents holding each (so a form goes when its last document does), and
// the shards made of them.
type vocabGroup struct {
	key    string
	forms  []byte // encodeForms, decoded on demand
	shards []vocabShard
	clean  bool
}

type vocabShard struct {
	key  string
	file []byte
}

// vocabForm is a surface form in a vocabGroup.
type vocabForm struct {
	surface, stem string
	docs          int
}

// BuildStatic builds the static index of entries, in any order.
func BuildStatic(entries []*Entry) (*Static, error) {
	sorted := append([]*Entry(nil), entries...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].file < sorted[j].file })
	for i, e := range sorted {
		if e == nil {
			return nil, errors.New("search: nil entry")
		}
		if e.file == "" {
			return nil, errors.New("search: document with an empty File")
		}
		if i > 0 && e.file == sorted[i-1].file {
			return nil, fmt.Errorf("search: document %s given twice", e.file)
		}
		if n := e.sections(); n >= sectionsPerDoc {
			return nil, fmt.Errorf("search: document %s has %d sections, more than the index can address", e.file, n)
		}
	}
	s := &Static{docs: make([]staticDoc, len(sorted))}
	for i, e := range sorted {
		if e.compact {
			s.docs[i] = staticDoc{file: e.file, enc: e.enc, load: e.load, nsec: e.nsec}
		} else {
			s.docs[i] = staticDoc{file: e.file, entry: e}
		}
		s.nsec += e.sections()
		t := e.totals()
		for f := range t {
			s.total[f] += t[f]
		}
	}
	// Encoding the entries for EncodeChunked is done now, in parallel, since
	// every one is needed.
	par.For(len(sorted), func(i int) {
		if s.docs[i].enc == nil && s.docs[i].load == nil {
			s.docs[i].enc = sorted[i].encoded()
		}
	})
	if err := s.buildFromEntries(sorted); err != nil {
		return nil, err
	}
	return s, nil
}

// stemPostings is one stem's postings as they accumulate, already in
// postingValue's encoding: documents come in order, so each field's triples
// can be appended as they arrive, and an entry need not be held for its
// stems once it has been read. (Holding every section's (document,
// section, frequencies) until the end was, at 100,000 documents, gigabytes.)
type stemPostings struct {
	n      int              // sections holding the stem
	prev   [numScored]int32 // the document of each field's last triple
	fields [numScored][]byte
}

func (p *stemPostings) add(doc, sec int32, q [numScored]uint8) {
	p.n++
	for f := range q {
		if q[f] == 0 {
			continue
		}
		b := appendVarint(p.fields[f], int(doc-p.prev[f]))
		b = appendVarint(b, int(sec))
		p.fields[f] = append(b, postingAlphabet[q[f]])
		p.prev[f] = doc
	}
}

// value is the stem's entry in a postings shard: [df, title, heading,
// body], each field a string of (document delta, section, impact) triples
// in (document, section) order: the delta from the previous triple's
// document and the section as varints, the impact as one character.
func (p *stemPostings) value() []byte {
	n := 16
	for _, b := range p.fields {
		n += len(b)
	}
	b := make([]byte, 0, n)
	b = append(b, '[')
	b = appendInt(b, p.n)
	for _, fb := range p.fields {
		b = append(b, ',', '"')
		b = append(b, fb...)
		b = append(b, '"')
	}
	return append(b, ']')
}

// buildBatch is how many entries buildFromEntries decodes at a time, on all
// cores, before reading them in order.
const buildBatch = 256

// buildFromEntries makes the postings and vocabulary of sorted, reading
// each entry once, in order, a compact one decoded only while it is read.
func (s *Static) buildFromEntries(sorted []*Entry) error {
	avg := s.averages()
	postings := map[string]*stemPostings{}
	count := map[string]*vocabForm{}
	full := make([]*Entry, buildBatch)
	errs := make([]error, buildBatch)
	for start := 0; start < len(sorted); start += buildBatch {
		batch := sorted[start:min(start+buildBatch, len(sorted))]
		par.For(len(batch), func(k int) { full[k], errs[k] = batch[k].full() })
		for k, e := range full[:len(batch)] {
			if errs[k] != nil {
				return errs[k]
			}
			di := int32(start + k)
			if d := &s.docs[di]; d.load != nil {
				// Its shard, copied out of the encoding read back, which
				// goes.
				d.meta = bytes.Clone(e.meta)
			}
			for si := range e.secs {
				sec := &e.secs[si]
				for i, stem := range sec.stems {
					p := postings[stem]
					if p == nil {
						p = &stemPostings{}
						postings[stem] = p
					}
					p.add(di, int32(si), impacts(sec.tf[i], sec.lens, avg))
				}
			}
			for _, p := range e.forms {
				if f := count[p.surface]; f != nil {
					f.docs++
				} else {
					count[p.surface] = &vocabForm{p.surface, p.stem, 1}
				}
			}
			full[k] = nil
		}
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s.buildVocab(count)
	}()
	stems := make([]string, 0, len(postings))
	for stem := range postings {
		stems = append(stems, stem)
	}
	sort.Slice(stems, func(i, j int) bool { return lessUTF16(stems[i], stems[j]) })
	values := make([]stemValue, len(stems))
	par.For(len(stems), func(i int) { values[i] = stemValue{stems[i], postings[stems[i]].value()} })
	postings = nil
	s.posts = chunkPostings(values, nil)
	wg.Wait()
	return nil
}

func (s *Static) averages() [numScored]float64 { return roundedAverages(s.total, s.nsec) }

func impacts(tf, lens [numScored]int32, avg [numScored]float64) [numScored]uint8 {
	var q [numScored]uint8
	for f := range tf {
		if tf[f] > 0 {
			q[f] = impact(tf[f], lens[f], avg[f])
		}
	}
	return q
}

// stemValue is one stem's entry in a postings shard.
type stemValue struct {
	stem  string
	value []byte
}

// postingBoundary reports whether a postings shard starts at v, given the
// stem before it: by the stem's hash, or because either is large enough for
// a shard of its own. It looks no further, so that an edit moves boundaries
// only next to the stems it changes.
func postingBoundary(prev, v *stemValue) bool {
	if prev == nil || len(v.value) >= postingShardBytes || len(prev.value) >= postingShardBytes {
		return true
	}
	h := fnv.New32a()
	h.Write([]byte(v.stem))
	return h.Sum32()%postingBoundaryEvery == 0
}

// chunkPostings cuts values (in stem order) into shards; prev is the stem
// before values[0], nil when values[0] must start a shard.
func chunkPostings(values []stemValue, prev *stemValue) []postShard {
	var out []postShard
	start := 0
	for i := range values {
		p := prev
		if i > 0 {
			p = &values[i-1]
		}
		if i > start && postingBoundary(p, &values[i]) {
			out = append(out, makePostShard(values[start:i]))
			start = i
		}
	}
	if start < len(values) {
		out = append(out, makePostShard(values[start:]))
	}
	return out
}

func makePostShard(values []stemValue) postShard {
	n := 2
	for _, v := range values {
		n += len(v.stem) + len(v.value) + 8
	}
	b := make([]byte, 0, n)
	b = append(b, '{')
	for i, v := range values {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, v.stem)
		b = append(b, ':')
		b = append(b, v.value...)
	}
	b = append(b, '}')
	return postShard{first: values[0].stem, file: registration(shardFile{"p-" + contentHash(b), b})}
}

// appendJSONString appends s as encodeJSON would.
func appendJSONString(b []byte, s string) []byte {
	simple := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= 0x80 {
			simple = false
			break
		}
	}
	if simple {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	j, _ := encodeJSON(s) // a string always encodes
	return append(b, j...)
}

func appendInt(b []byte, n int) []byte {
	return fmt.Appendf(b, "%d", n)
}

// buildVocab makes the vocabulary shards of count, each surface form with
// the number of documents holding it.
func (s *Static) buildVocab(count map[string]*vocabForm) {
	groups := map[string][]vocabForm{}
	for _, f := range count {
		k := vocabKey(f.surface, 2)
		groups[k] = append(groups[k], *f)
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return lessUTF16(keys[i], keys[j]) })
	s.vocab = make([]vocabGroup, len(keys))
	par.For(len(keys), func(i int) {
		forms := groups[keys[i]]
		sort.Slice(forms, func(a, b int) bool { return forms[a].surface < forms[b].surface })
		s.vocab[i] = makeVocabGroup(keys[i], forms)
	})
}

func makeVocabGroup(key string, forms []vocabForm) vocabGroup {
	return vocabGroup{key: key, forms: encodeForms(forms), shards: vocabShards(key, forms)}
}

// vocabShards shards one group of the surface vocabulary: one shard when it
// is small, else split by one more character (up to maxVocabKeyRunes). A
// surface form lives in the shard of the longest key that begins it;
// search.js finds it the same way.
func vocabShards(key string, forms []vocabForm) []vocabShard {
	var out []vocabShard
	var split func(key string, forms []vocabForm, depth int)
	split = func(key string, forms []vocabForm, depth int) {
		size := 0
		for _, f := range forms {
			size += len(f.surface)*2 + 8
		}
		if size <= vocabShardBytes || depth >= maxVocabKeyRunes {
			out = append(out, makeVocabShard(key, forms))
			return
		}
		var own []vocabForm
		sub := map[string][]vocabForm{}
		var order []string
		for _, f := range forms {
			if utf8.RuneCountInString(f.surface) <= depth {
				own = append(own, f)
				continue
			}
			k := vocabKey(f.surface, depth+1)
			if _, ok := sub[k]; !ok {
				order = append(order, k)
			}
			sub[k] = append(sub[k], f)
		}
		if len(own) > 0 {
			out = append(out, makeVocabShard(key, own))
		}
		for _, k := range order {
			split(k, sub[k], depth+1)
		}
	}
	split(key, forms, utf8.RuneCountInString(key))
	sort.Slice(out, func(i, j int) bool { return lessUTF16(out[i].key, out[j].key) })
	return out
}

func makeVocabShard(key string, forms []vocabForm) vocabShard {
	m := make(map[string]interface{}, len(forms))
	for _, f := range forms {
		m[f.surface] = vocabValue(f.surface, f.stem)
	}
	data, err := encodeJSON(m)
	if err != nil {
		data = []byte("{}") // strings and ints always encode
	}
	return vocabShard{key: key, file: registration(shardFile{"v-" + contentHash(data), data})}
}

// Files returns every file of the index to publish under the site root,
// sorted by path: search/current.js, which names the manifest, and the
// manifest and the shards under search/i/, each named by a hash of its
// content. It does not include the client, search/search.js, which the site
// builder copies from the theme. The same documents always give the same
// bytes, however the Static came to hold them.
func (s *Static) Files() []File {
	spell := s.spellFiles()
	man := s.manifest(spell)
	manName := shardNameOf(man)
	cur, _ := encodeJSON(map[string]string{"manifest": manName})
	files := make([]File, 0, 2+len(s.docs)+len(s.posts)+4*len(s.vocab))
	files = append(files, File{Path: "search/current.js", Data: registration(shardFile{"current", cur})})
	add := func(file []byte) {
		files = append(files, File{Path: "search/i/" + shardNameOf(file) + ".js", Data: file})
	}
	add(man)
	for i := range s.docs {
		add(s.docs[i].metaFile())
	}
	for _, p := range s.posts {
		add(p.file)
	}
	for _, g := range s.vocab {
		for _, v := range g.shards {
			add(v.file)
		}
	}
	for i, w := range spell {
		// Lists of the same words (none, in a small site) are one file.
		if !slices.ContainsFunc(spell[:i], func(v []byte) bool { return bytes.Equal(v, w) }) {
			add(w)
		}
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files
}

const registrationPrefix = `window.__concordSearch.register("`

// shardNameOf returns the registered name of a shard file made by
// registration.
func shardNameOf(file []byte) string {
	rest := file[len(registrationPrefix):]
	return string(rest[:bytes.IndexByte(rest, '"')])
}

// shardHash returns the content hash in a shard file's name.
func shardHash(file []byte) string {
	name := shardNameOf(file)
	return name[strings.IndexByte(name, '-')+1:]
}

// shardData returns the JSON a shard file registers.
func shardData(file []byte) []byte {
	rest := file[len(registrationPrefix):]
	i := bytes.IndexByte(rest, '"')
	return rest[i+2 : len(rest)-3]
}

func (d *staticDoc) metaFile() []byte {
	if d.entry != nil {
		return d.entry.meta
	}
	if d.load != nil {
		return d.meta
	}
	m, _ := entryMeta(d.enc) // checked by DecodeChunked
	return m
}

// The spelling lists (files w-HASH) hold the surface forms that `concord
// search` may put in place of a word that matches nothing (nearestWord: words
// of letters only; no word of fewer than four letters is corrected, so no
// suggestion is shorter than three), one list per length in runes from
// spellMinRunes to spellMaxRunes, the last holding every longer form too,
// each in Go's string order. search.js reads only the lengths a typo can
// reach, and ranks the candidates as nearestWord does.
const (
	spellMinRunes = 3
	spellMaxRunes = 16
)

// spellFiles returns the spelling lists, shortest words first. They are
// derived from the published vocabulary shards, so the same vocabulary
// always gives the same files, however the Static came to hold it.
func (s *Static) spellFiles() [][]byte {
	lists := make([][]string, spellMaxRunes-spellMinRunes+1)
	for _, g := range s.vocab {
		for _, v := range g.shards {
			var forms map[string]json.RawMessage
			if err := json.Unmarshal(shardData(v.file), &forms); err != nil {
				continue // cannot happen: the shard was made or checked as JSON
			}
			for surface := range forms {
				n := utf8.RuneCountInString(surface)
				if n >= spellMinRunes && lettersOnly(surface) {
					i := min(n, spellMaxRunes) - spellMinRunes
					lists[i] = append(lists[i], surface)
				}
			}
		}
	}
	files := make([][]byte, len(lists))
	for i, l := range lists {
		sort.Strings(l)
		if l == nil {
			l = []string{}
		}
		data, err := encodeJSON(l)
		if err != nil {
			data = []byte("[]") // strings always encode
		}
		files[i] = registration(shardFile{"w-" + contentHash(data), data})
	}
	return files
}

// isGlossaryMeta reports whether a document shard is a glossary term's:
// NewEntry gives only those a fifth element, an object, so only their
// JSON ends in "}]" (a guidance page's ends with its texts, a string).
func isGlossaryMeta(file []byte) bool {
	return bytes.HasSuffix(shardData(file), []byte("}]"))
}

func (s *Static) manifest(spell [][]byte) []byte {
	var docs, secs strings.Builder
	var secsB, glossB []byte
	prevGloss := 0
	for i := range s.docs {
		meta := s.docs[i].metaFile()
		docs.WriteString(shardHash(meta))
		secsB = appendVarint(secsB[:0], s.docs[i].sections())
		secs.Write(secsB)
		if isGlossaryMeta(meta) {
			glossB = appendVarint(glossB, i-prevGloss)
			prevGloss = i
		}
	}
	var postFirst []string
	var postHash strings.Builder
	for _, p := range s.posts {
		postFirst = append(postFirst, p.first)
		postHash.WriteString(shardHash(p.file))
	}
	vocabKeys := []string{}
	var vocabHash strings.Builder
	for _, g := range s.vocab {
		for _, v := range g.shards {
			vocabKeys = append(vocabKeys, v.key)
			vocabHash.WriteString(shardHash(v.file))
		}
	}
	if postFirst == nil {
		postFirst = []string{}
	}
	var spellHash strings.Builder
	for _, w := range spell {
		spellHash.WriteString(shardHash(w))
	}
	data, err := encodeJSON(map[string]interface{}{
		"version":   exportVersion,
		"sections":  s.nsec,
		"fields":    scoredFields,
		"k1":        rankK1,
		"b":         rankB,
		"weights":   rankWeights,
		"scale":     impactScale,
		"avg":       s.averages(),
		"maxExp":    MaxExpansions,
		"stop":      analysis.StopWords(),
		"docs":      docs.String(),
		"secs":      secs.String(),
		"glossary":  string(glossB),
		"vocab":     vocabKeys,
		"vocabHash": vocabHash.String(),
		"postings":  postFirst,
		"postHash":  postHash.String(),
		"spell":     spellHash.String(),
		"spellMin":  spellMinRunes,
	})
	if err != nil {
		data = []byte("null") // strings, numbers and slices of them always encode
	}
	return registration(shardFile{"manifest-" + contentHash(data), data})
}

func (d *staticDoc) sections() int {
	if d.entry != nil {
		return len(d.entry.secs)
	}
	if d.load != nil {
		return d.nsec
	}
	n, _ := entrySections(d.enc) // checked by DecodeChunked
	return n
}
