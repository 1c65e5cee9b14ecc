package search

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"strings"
	"unicode/utf8"
)

// staticVersion changes with the encoding or with anything the shards are
// computed from (the analysis, the ranking parameters, the shard format), so
// that a concord never updates a state another version wrote: DecodeChunked
// refuses it and the caller builds again.
const staticVersion = 3

var errCorrupt = errors.New("search: corrupt static index state")

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// writer appends the binary encoding: unsigned varints and length-prefixed
// bytes.
type writer struct{ b []byte }

func (w *writer) uint(x uint64)   { w.b = binary.AppendUvarint(w.b, x) }
func (w *writer) int(x int)       { w.uint(uint64(x)) }
func (w *writer) bytes(p []byte)  { w.int(len(p)); w.b = append(w.b, p...) }
func (w *writer) string(s string) { w.int(len(s)); w.b = append(w.b, s...) }
func (w *writer) lens(l [3]int32) { w.int(int(l[0])); w.int(int(l[1])); w.int(int(l[2])) }

// counts writes term frequencies, nearly always small, in one varint when
// each is below packedCount.
func (w *writer) counts(l [3]int32) {
	if l[0] < packedCount && l[1] < packedCount && l[2] < packedCount && l[0] >= 0 && l[1] >= 0 && l[2] >= 0 {
		w.int(int(l[2] + l[1]*packedCount + l[0]*packedCount*packedCount))
		return
	}
	w.int(packedCount * packedCount * packedCount)
	w.lens(l)
}

const packedCount = 16

// reader decodes what writer wrote; after the first error it returns zero
// values and keeps the error, so callers check once.
type reader struct {
	b   []byte
	err error
	// shared, when set, is b as a string at the time it was set: string
	// then returns substrings of it instead of copies.
	shared string
}

func (r *reader) fail() {
	if r.err == nil {
		r.err = errCorrupt
	}
	r.b = nil
}

func (r *reader) uint() uint64 {
	x, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return x
}

// int reads a count or length, which must be below limit.
func (r *reader) int(limit int) int {
	x := r.uint()
	if x >= uint64(limit) {
		r.fail()
		return 0
	}
	return int(x)
}

func (r *reader) bytes() []byte {
	x := r.uint()
	if r.err != nil || x > uint64(len(r.b)) {
		r.fail()
		return nil
	}
	n := int(x)
	p := r.b[:n:n]
	r.b = r.b[n:]
	return p
}

func (r *reader) string() string {
	p := r.bytes()
	if !utf8.Valid(p) {
		r.fail()
		return ""
	}
	if r.shared != "" && r.err == nil {
		// b is a suffix of what shared was made from, and p ends where
		// b now begins.
		end := len(r.shared) - len(r.b)
		return r.shared[end-len(p) : end]
	}
	return string(p)
}

// record returns a reader of the next length-prefixed bytes, sharing
// r's string as string does.
func (r *reader) record() reader {
	p := r.bytes()
	sub := reader{b: p, err: r.err}
	if r.shared != "" && r.err == nil {
		end := len(r.shared) - len(r.b)
		sub.shared = r.shared[end-len(p) : end]
	}
	return sub
}

func (r *reader) counts() [3]int32 {
	v := r.int(packedCount*packedCount*packedCount + 1)
	if v == packedCount*packedCount*packedCount {
		return r.lens()
	}
	return [3]int32{int32(v / (packedCount * packedCount)), int32(v / packedCount % packedCount), int32(v % packedCount)}
}

func (r *reader) lens() [3]int32 {
	var l [3]int32
	for i := range l {
		l[i] = int32(r.int(1 << 31))
	}
	return l
}

// encodeEntry: file, section count, section shard file, the document's
// distinct stems, then per section the field lengths and (stem number, term
// frequencies) pairs, then the surface forms, each as its stem's number and
// what follows the stem (or the whole form, when the stem does not begin
// it). The header comes first so that entryMeta and entrySections read it
// without decoding the rest. Numbering the stems once per document more than
// halves the state: stems recur from section to section and in the forms.
func encodeEntry(e *Entry) []byte {
	w := &writer{b: make([]byte, 0, len(e.meta)+16*len(e.forms)+256)}
	w.string(e.file)
	w.int(len(e.secs))
	w.bytes(e.meta)
	w.int(len(e.texts))
	for _, t := range e.texts {
		w.bytes(t)
	}
	number := map[string]int{}
	var stems []string
	add := func(stem string) {
		if _, ok := number[stem]; !ok {
			number[stem] = len(stems)
			stems = append(stems, stem)
		}
	}
	for _, s := range e.secs {
		for _, stem := range s.stems {
			add(stem)
		}
	}
	for _, f := range e.forms {
		add(f.stem)
	}
	w.int(len(stems))
	for _, stem := range stems {
		w.string(stem)
	}
	for _, s := range e.secs {
		w.lens(s.lens)
		w.int(len(s.stems))
		for i, stem := range s.stems {
			w.int(number[stem])
			w.counts(s.tf[i])
		}
	}
	w.int(len(e.forms))
	for _, f := range e.forms {
		n := number[f.stem]
		if strings.HasPrefix(f.surface, f.stem) {
			w.int(2 * n)
			w.string(f.surface[len(f.stem):])
		} else {
			w.int(2*n + 1)
			w.string(f.surface)
		}
	}
	return w.b
}

// appendStem writes a stem as the number of bytes to drop from the surface
// form, plus one, or as 0 and the stem itself.
func appendStem(w *writer, surface, stem string) {
	if len(stem) <= len(surface) && surface[:len(stem)] == stem {
		w.int(len(surface) - len(stem) + 1)
		return
	}
	w.int(0)
	w.string(stem)
}

func readStem(r *reader, surface string) string {
	n := r.int(len(surface) + 2)
	if n > 0 {
		stem := surface[:len(surface)-(n-1)]
		if !utf8.ValidString(stem) {
			r.fail()
		}
		return stem
	}
	return r.string()
}

func entryHeader(b []byte) (file string, secs int, meta []byte, texts [][]byte, r *reader) {
	r = &reader{b: b}
	file = r.string()
	secs = r.int(sectionsPerDoc)
	meta = r.bytes()
	if n := r.int(secs + 1); r.err == nil && n > 0 {
		texts = make([][]byte, n)
		for i := range texts {
			texts[i] = r.bytes()
		}
	}
	return file, secs, meta, texts, r
}

func entryMeta(b []byte) ([]byte, error) {
	_, _, meta, _, r := entryHeader(b)
	return meta, r.err
}

func entrySections(b []byte) (int, error) {
	_, n, _, _, r := entryHeader(b)
	return n, r.err
}

func decodeEntry(b []byte) (*Entry, error) {
	file, nsec, meta, texts, r := entryHeader(b)
	e := &Entry{file: file, meta: meta, texts: texts, enc: b}
	if r.err == nil {
		e.secs = make([]entrySection, nsec)
	}
	stems := make([]string, r.int(len(r.b)+1))
	for i := range stems {
		stems[i] = r.string()
	}
	for si := range e.secs {
		s := &e.secs[si]
		s.lens = r.lens()
		n := r.int(len(r.b) + 1)
		s.stems = make([]string, n)
		s.tf = make([][numScored]int32, n)
		for i := 0; i < n; i++ {
			if k := r.int(len(stems)); r.err == nil {
				s.stems[i] = stems[k]
			}
			s.tf[i] = r.counts()
		}
	}
	nf := r.int(len(r.b) + 1)
	e.forms = make([]formPair, nf)
	for i := range e.forms {
		n := r.int(2 * len(stems))
		stem := ""
		if r.err == nil {
			stem = stems[n/2]
		}
		e.forms[i].stem = stem
		if n%2 == 0 {
			e.forms[i].surface = stem + r.string()
		} else {
			e.forms[i].surface = r.string()
		}
		if i > 0 && e.forms[i].surface <= e.forms[i-1].surface {
			r.fail()
		}
	}
	if r.err == nil && len(r.b) != 0 {
		r.fail()
	}
	if r.err != nil {
		return nil, fmt.Errorf("entry: %w", r.err)
	}
	return e, nil
}

func encodeForms(forms []vocabForm) []byte {
	w := &writer{}
	w.int(len(forms))
	for _, f := range forms {
		w.string(f.surface)
		appendStem(w, f.surface, f.stem)
		w.int(f.docs)
	}
	return w.b
}

func decodeForms(b []byte) ([]vocabForm, error) {
	r := &reader{b: b}
	n := r.int(len(b) + 1)
	out := make([]vocabForm, n)
	for i := range out {
		out[i].surface = r.string()
		out[i].stem = readStem(r, out[i].surface)
		out[i].docs = r.int(1 << 40)
		if out[i].docs == 0 || i > 0 && out[i].surface <= out[i-1].surface {
			r.fail()
		}
	}
	if r.err == nil && len(r.b) != 0 {
		r.fail()
	}
	if r.err != nil {
		return nil, fmt.Errorf("vocabulary: %w", r.err)
	}
	return out, nil
}

// The parts of a state, as EncodeChunked writes them and DecodeChunked reads
// them: a document's entry, a postings shard, a vocabulary group.

func (w *writer) post(p *postShard) {
	w.string(p.first)
	w.bytes(p.file)
}

func (w *writer) vocab(g *vocabGroup) {
	w.string(g.key)
	w.bytes(g.forms)
	w.int(len(g.shards))
	for _, v := range g.shards {
		w.string(v.key)
		w.bytes(v.file)
	}
}

// doc reads docs[i] and checks it, and that it follows docs[i-1]; it
// returns the document's number of sections.
func (r *reader) doc(docs []staticDoc, i int) (int, bool) {
	d := &docs[i]
	d.enc = r.bytes()
	file, n, meta, texts, hr := entryHeader(d.enc)
	if r.err != nil || hr.err != nil || !validShardFile(meta, "m-") || file == "" || i > 0 && file <= docs[i-1].file {
		return 0, false
	}
	for _, t := range texts {
		if !validShardFile(t, "t-") {
			return 0, false
		}
	}
	d.file = file
	return n, true
}

// post reads posts[i] and checks it, and that it follows posts[i-1].
func (r *reader) post(posts []postShard, i int) bool {
	p := &posts[i]
	p.first = r.string()
	p.file = r.bytes()
	return r.err == nil && validShardFile(p.file, "p-") && (i == 0 || lessUTF16(posts[i-1].first, p.first))
}

// vocab reads vocab[i] and checks it, and that it follows vocab[i-1].
func (r *reader) vocab(vocab []vocabGroup, i int) bool {
	g := &vocab[i]
	g.key = r.string()
	g.forms = r.bytes()
	ns := r.int(len(r.b) + 1)
	if r.err != nil || ns == 0 || i > 0 && !lessUTF16(vocab[i-1].key, g.key) {
		return false
	}
	g.shards = make([]vocabShard, ns)
	for j := range g.shards {
		v := &g.shards[j]
		v.key = r.string()
		v.file = r.bytes()
		if r.err != nil || !validShardFile(v.file, "v-") || !strings.HasPrefix(v.key, g.key) {
			return false
		}
	}
	return true
}

// checkedBody checks the header both encodings begin with (magic, version,
// a CRC-32C of the rest) and returns a reader of what follows.
func checkedBody(b []byte, magic string) (*reader, error) {
	rest, ok := cutPrefix(b, magic)
	if !ok {
		return nil, errors.New("search: not a static index state of this kind")
	}
	r := &reader{b: rest}
	if v := r.uint(); r.err != nil || v != staticVersion {
		return nil, fmt.Errorf("search: static index state of version %d, want %d", v, staticVersion)
	}
	if len(r.b) < 4 {
		return nil, errCorrupt
	}
	sum := binary.LittleEndian.Uint32(r.b)
	r.b = r.b[4:]
	if crc32.Checksum(r.b, castagnoli) != sum {
		return nil, errCorrupt
	}
	return r, nil
}

// beginChecked writes the header checkedBody reads, its checksum left to
// endChecked, and returns where the checked part starts.
func (w *writer) beginChecked(magic string) int {
	w.b = append(w.b, magic...)
	w.int(staticVersion)
	w.b = append(w.b, 0, 0, 0, 0)
	return len(w.b)
}

func (w *writer) endChecked(start int) {
	binary.LittleEndian.PutUint32(w.b[start-4:], crc32.Checksum(w.b[start:], castagnoli))
}

func cutPrefix(b []byte, prefix string) ([]byte, bool) {
	if len(b) < len(prefix) || string(b[:len(prefix)]) != prefix {
		return nil, false
	}
	return b[len(prefix):], true
}

// validShardFile checks that file is a registration of a shard named kind
// and a hash, so that shardNameOf, shardHash and shardData can slice it.
func validShardFile(file []byte, kind string) bool {
	rest, ok := cutPrefix(file, registrationPrefix+kind)
	if !ok || len(rest) < hashChars+2+3 {
		return false
	}
	for _, c := range rest[:hashChars] {
		if !('a' <= c && c <= 'z' || '2' <= c && c <= '7') {
			return false
		}
	}
	if string(rest[hashChars:hashChars+2]) != `",` || string(rest[len(rest)-3:]) != ");\n" {
		return false
	}
	return true
}
