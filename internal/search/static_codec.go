package search

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/concord-guidance/concord/internal/binenc"
)

// staticVersion changes with the encoding or with anything the shards are
// computed from (the analysis, the ranking parameters, the shard format), so
// that a concord never updates a state another version wrote: DecodeChunked
// refuses it and the caller builds again. It is the version of every
// binenc file the package writes.
const staticVersion = 6

var errCorrupt = errors.New("search: corrupt static index state")

// The states are binenc files: unsigned varints and length-prefixed bytes.
// Strings are checked to be UTF-8 as they are read (text), since the
// shards are sliced and compared by rune.

func writeLens(w *binenc.Writer, l [3]int32) {
	w.Len(int(l[0]))
	w.Len(int(l[1]))
	w.Len(int(l[2]))
}

// writeCounts writes term frequencies, nearly always small, in one varint
// when each is below packedCount.
func writeCounts(w *binenc.Writer, l [3]int32) {
	if l[0] < packedCount && l[1] < packedCount && l[2] < packedCount && l[0] >= 0 && l[1] >= 0 && l[2] >= 0 {
		w.Len(int(l[2] + l[1]*packedCount + l[0]*packedCount*packedCount))
		return
	}
	w.Len(packedCount * packedCount * packedCount)
	writeLens(w, l)
}

const packedCount = 16

// text reads a string, which must be UTF-8.
func text(r *binenc.Reader) string {
	s := r.String()
	if !utf8.ValidString(s) {
		r.Fail("a string is not UTF-8")
		return ""
	}
	return s
}

func readCounts(r *binenc.Reader) [3]int32 {
	v := r.Below(packedCount*packedCount*packedCount + 1)
	if v == packedCount*packedCount*packedCount {
		return readLens(r)
	}
	return [3]int32{int32(v / (packedCount * packedCount)), int32(v / packedCount % packedCount), int32(v % packedCount)}
}

func readLens(r *binenc.Reader) [3]int32 {
	var l [3]int32
	for i := range l {
		l[i] = int32(r.Below(1 << 31))
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
	var w binenc.Writer
	w.Grow(len(e.meta) + 16*len(e.forms) + 256)
	w.String(e.file)
	w.Len(len(e.secs))
	w.Bytes(e.meta)
	if e.stems != nil {
		// NewEntry numbered the stems already, as below would.
		w.Strings(e.stems)
		for _, s := range e.secs {
			writeLens(&w, s.lens)
			w.Len(len(s.stems))
			for i := range s.stems {
				w.Len(int(s.nums[i]))
				writeCounts(&w, s.tf[i])
			}
		}
		w.Len(len(e.forms))
		for i, f := range e.forms {
			writeForm(&w, f, int(e.formStem[i]))
		}
		return w.Data()
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
	w.Strings(stems)
	for _, s := range e.secs {
		writeLens(&w, s.lens)
		w.Len(len(s.stems))
		for i, stem := range s.stems {
			w.Len(number[stem])
			writeCounts(&w, s.tf[i])
		}
	}
	w.Len(len(e.forms))
	for _, f := range e.forms {
		writeForm(&w, f, number[f.stem])
	}
	return w.Data()
}

// writeForm writes a surface form with its stem's number n: as the rest of
// the surface after its stem, or whole when it does not begin with the stem.
func writeForm(w *binenc.Writer, f formPair, n int) {
	if strings.HasPrefix(f.surface, f.stem) {
		w.Len(2 * n)
		w.String(f.surface[len(f.stem):])
	} else {
		w.Len(2*n + 1)
		w.String(f.surface)
	}
}

// appendStem writes a stem as the number of bytes to drop from the surface
// form, plus one, or as 0 and the stem itself.
func appendStem(w *binenc.Writer, surface, stem string) {
	if len(stem) <= len(surface) && surface[:len(stem)] == stem {
		w.Len(len(surface) - len(stem) + 1)
		return
	}
	w.Len(0)
	w.String(stem)
}

func readStem(r *binenc.Reader, surface string) string {
	n := r.Below(len(surface) + 2)
	if n > 0 {
		stem := surface[:len(surface)-(n-1)]
		if !utf8.ValidString(stem) {
			r.Fail("a stem is not UTF-8")
		}
		return stem
	}
	return text(r)
}

func entryHeader(b []byte) (file string, secs int, meta []byte, r binenc.Reader) {
	r = binenc.NewReader(b)
	file = text(&r)
	secs = r.Below(sectionsPerDoc)
	meta = r.Bytes()
	return file, secs, meta, r
}

func entryMeta(b []byte) ([]byte, error) {
	_, _, meta, r := entryHeader(b)
	return meta, r.Err()
}

func entrySections(b []byte) (int, error) {
	_, n, _, r := entryHeader(b)
	return n, r.Err()
}

func decodeEntry(b []byte) (*Entry, error) {
	file, nsec, meta, r := entryHeader(b)
	e := &Entry{file: file, meta: meta, enc: b}
	if r.Err() == nil {
		e.secs = make([]entrySection, nsec)
	}
	stems := make([]string, r.Len())
	for i := range stems {
		stems[i] = text(&r)
	}
	for si := range e.secs {
		s := &e.secs[si]
		s.lens = readLens(&r)
		n := r.Len()
		s.stems = make([]string, n)
		s.tf = make([][numScored]int32, n)
		for i := 0; i < n; i++ {
			if k := r.Below(len(stems)); r.Err() == nil {
				s.stems[i] = stems[k]
			}
			s.tf[i] = readCounts(&r)
		}
	}
	nf := r.Len()
	e.forms = make([]formPair, nf)
	for i := range e.forms {
		n := r.Below(2 * len(stems))
		stem := ""
		if r.Err() == nil {
			stem = stems[n/2]
		}
		e.forms[i].stem = stem
		if n%2 == 0 {
			e.forms[i].surface = stem + text(&r)
		} else {
			e.forms[i].surface = text(&r)
		}
		if i > 0 && e.forms[i].surface <= e.forms[i-1].surface {
			r.Fail("surface forms out of order")
		}
	}
	if err := r.End(); err != nil {
		return nil, fmt.Errorf("entry: %w", err)
	}
	return e, nil
}

func encodeForms(forms []vocabForm) []byte {
	var w binenc.Writer
	w.Len(len(forms))
	for _, f := range forms {
		w.String(f.surface)
		appendStem(&w, f.surface, f.stem)
		w.Len(f.docs)
	}
	return w.Data()
}

func decodeForms(b []byte) ([]vocabForm, error) {
	r := binenc.NewReader(b)
	n := r.Len()
	out := make([]vocabForm, n)
	for i := range out {
		out[i].surface = text(&r)
		out[i].stem = readStem(&r, out[i].surface)
		out[i].docs = r.Below(1 << 40)
		if out[i].docs == 0 || i > 0 && out[i].surface <= out[i-1].surface {
			r.Fail("vocabulary forms out of order")
		}
	}
	if err := r.End(); err != nil {
		return nil, fmt.Errorf("vocabulary: %w", err)
	}
	return out, nil
}

// The parts of a state, as EncodeChunked writes them and DecodeChunked reads
// them: a document's entry, a postings shard, a vocabulary group.

func writePost(w *binenc.Writer, p *postShard) {
	w.String(p.first)
	w.Bytes(p.file)
}

func writeVocab(w *binenc.Writer, g *vocabGroup) {
	w.String(g.key)
	w.Bytes(g.forms)
	w.Len(len(g.shards))
	for _, v := range g.shards {
		w.String(v.key)
		w.Bytes(v.file)
	}
}

// readDoc reads docs[i] and checks it, and that it follows docs[i-1]; it
// returns the document's number of sections.
func readDoc(r *binenc.Reader, docs []staticDoc, i int) (int, bool) {
	d := &docs[i]
	d.enc = r.Bytes()
	file, n, meta, hr := entryHeader(d.enc)
	if r.Err() != nil || hr.Err() != nil || !validShardFile(meta, "m-") || file == "" || i > 0 && file <= docs[i-1].file {
		return 0, false
	}
	d.file = file
	return n, true
}

// readPost reads posts[i] and checks it, and that it follows posts[i-1].
func readPost(r *binenc.Reader, posts []postShard, i int) bool {
	p := &posts[i]
	p.first = text(r)
	p.file = r.Bytes()
	return r.Err() == nil && validShardFile(p.file, "p-") && (i == 0 || lessUTF16(posts[i-1].first, p.first))
}

// readVocab reads vocab[i] and checks it, and that it follows vocab[i-1].
func readVocab(r *binenc.Reader, vocab []vocabGroup, i int) bool {
	g := &vocab[i]
	g.key = text(r)
	g.forms = r.Bytes()
	ns := r.Len()
	if r.Err() != nil || ns == 0 || i > 0 && !lessUTF16(vocab[i-1].key, g.key) {
		return false
	}
	g.shards = make([]vocabShard, ns)
	for j := range g.shards {
		v := &g.shards[j]
		v.key = text(r)
		v.file = r.Bytes()
		if r.Err() != nil || !validShardFile(v.file, "v-") || !strings.HasPrefix(v.key, g.key) {
			return false
		}
	}
	return true
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
