package checkcache

import (
	"bufio"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"maps"
	"math"
	"slices"
	"strings"
	"unsafe"

	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/source"
)

// The file is read on every check and written after every edit, so it is a
// plain length-prefixed binary form, and each document's entry is one
// self-contained record: a record loaded from the file and unchanged since
// is written back by copying its bytes, not by encoding it again (most of
// a check after a small edit was re-encoding ten thousand unchanged
// entries).
//
//	magic, format, key, saved
//	document count, then per document (sorted by path), its record's length
//	and the record:
//	  path, hash, size, modtime, slug, slug position, problems,
//	  whether it has a state, and if so: anchors, deps (sorted key, value
//	  pairs), corpus digest, findings
//	corpus key, corpus findings (count, then sorted path and findings)
//	CRC-32C of everything before it, so a damaged file is never trusted
//	(a checksum against accidents, not a seal: whoever can write the file
//	can write a matching sum; SHA-256 cost a tenth of an incremental check)
//
// TestCodecCoversEveryField fails when a field is added to a type the
// records hold and not to the codec.

const magic = "concord-check-cache\n"

// loaded is what a Doc decoded from a file keeps of it: its record's bytes
// and the values they hold, to tell whether the record still says what the
// Doc does (see Doc.Reuse).
type loaded struct {
	rel    string
	record string
	doc    Doc
	file   *loadedFile
}

// loadedFile is what the entries loaded from one file share: the corpus
// state it held and that state's bytes, written back as they were while a
// cache holds that same state (rules.RunIncremental keeps it while no
// document changed what corpus-scope rules read).
type loadedFile struct {
	corpus *rules.CorpusState
	record string
}

// Reuse takes old's slug, slug position and load problems for d, and lets
// d's entry be written by copying old's record as long as d's fields, and
// its State pointer, are still old's. States (and the corpus state) loaded
// from a file are never changed in place, only replaced.
func (d *Doc) Reuse(old *Doc) {
	d.Slug, d.SlugPos, d.Problems = old.Slug, old.SlugPos, old.Problems
	d.loaded = old.loaded
}

// record returns the bytes d was loaded from when they still hold d's
// entry under rel, or "".
func (d *Doc) record(rel string) string {
	l := d.loaded
	if l == nil || l.rel != rel {
		return ""
	}
	o := &l.doc
	if d.Hash != o.Hash || d.Size != o.Size || d.ModTime != o.ModTime || d.Slug != o.Slug || d.SlugPos != o.SlugPos ||
		d.State != o.State || !slices.Equal(d.Problems, o.Problems) {
		return ""
	}
	return l.record
}

type writer struct {
	w   *bufio.Writer
	buf [binary.MaxVarintLen64]byte
}

func (w *writer) int(n int64) {
	k := binary.PutVarint(w.buf[:], n)
	w.w.Write(w.buf[:k])
}

func (w *writer) str(s string) {
	w.int(int64(len(s)))
	w.w.WriteString(s)
}

// buffer builds one record.
type buffer struct{ b []byte }

func (b *buffer) int(n int64) { b.b = binary.AppendVarint(b.b, n) }

func (b *buffer) str(s string) {
	b.int(int64(len(s)))
	b.b = append(b.b, s...)
}

func (b *buffer) pos(p source.Position) {
	b.str(p.File)
	b.int(int64(p.Offset))
	b.int(int64(p.Line))
	b.int(int64(p.Column))
	b.int(int64(p.ByteColumn))
	b.int(int64(p.UTF16Column))
}

func (b *buffer) findings(fs []rules.CachedFinding) {
	b.int(int64(len(fs)))
	for i := range fs {
		f := &fs[i]
		b.str(f.Rule)
		b.int(int64(f.Severity))
		b.int(int64(math.Round(f.Confidence * 1000)))
		b.str(f.File)
		b.int(int64(f.Line))
		b.int(int64(f.Column))
		b.int(int64(f.EndLine))
		b.int(int64(f.EndColumn))
		b.str(f.Term)
		b.str(f.Message)
		b.str(f.Suggestion)
		b.str(f.Expected)
		b.str(f.Actual)
		b.int(int64(len(f.Diff)))
		for _, op := range f.Diff {
			b.str(op.Op)
			b.str(op.Text)
		}
		b.int(int64(len(f.Related)))
		for _, l := range f.Related {
			b.str(l.File)
			b.int(int64(l.Line))
			b.int(int64(l.Column))
			b.str(l.Message)
		}
		b.str(f.Fingerprint)
		b.int(int64(f.ByteColumn))
		b.int(int64(f.EndByteColumn))
		b.int(int64(f.UTF16Column))
		b.int(int64(f.EndUTF16Column))
		b.str(f.Context)
		b.str(f.Match)
		b.int(int64(f.Start))
	}
}

// docRecord encodes d's entry under rel.
func (b *buffer) docRecord(rel string, d *Doc) {
	b.str(rel)
	b.str(d.Hash)
	b.int(d.Size)
	b.int(d.ModTime)
	b.str(d.Slug)
	b.pos(d.SlugPos)
	b.int(int64(len(d.Problems)))
	for _, p := range d.Problems {
		b.pos(p.Pos)
		b.str(p.Key)
		b.str(p.Msg)
		b.str(p.Hint)
	}
	st := d.State
	if st == nil {
		b.int(0)
		return
	}
	b.int(1)
	b.int(int64(len(st.Anchors)))
	for _, a := range st.Anchors {
		b.str(a)
	}
	keys := slices.Sorted(maps.Keys(st.Deps))
	b.int(int64(len(keys)))
	for _, k := range keys {
		b.str(k)
		b.str(st.Deps[k])
	}
	b.str(st.Corpus)
	b.findings(st.Findings)
}

func encode(out io.Writer, c *Cache) error {
	h := crc32.New(castagnoli)
	w := &writer{w: bufio.NewWriterSize(io.MultiWriter(out, h), 1<<16)}
	w.w.WriteString(magic)
	w.int(int64(c.Format))
	w.str(c.Key)
	w.int(c.Saved)
	rels := slices.Sorted(maps.Keys(c.Docs))
	w.int(int64(len(rels)))
	var b buffer
	var from *loadedFile
	for _, rel := range rels {
		d := c.Docs[rel]
		if from == nil && d.loaded != nil {
			from = d.loaded.file
		}
		rec := d.record(rel)
		if rec == "" {
			b.b = b.b[:0]
			b.docRecord(rel, d)
			rec = unsafe.String(unsafe.SliceData(b.b), len(b.b))
		}
		w.str(rec)
	}
	b.b = b.b[:0]
	switch {
	case from != nil && c.Corpus != nil && c.Corpus == from.corpus:
		w.w.WriteString(from.record)
	case c.Corpus != nil:
		b.str(c.Corpus.Key)
		rels := slices.Sorted(maps.Keys(c.Corpus.Findings))
		b.int(int64(len(rels)))
		for _, rel := range rels {
			b.str(rel)
			b.findings(c.Corpus.Findings[rel])
		}
	default:
		b.str("")
		b.int(0)
	}
	w.w.Write(b.b)
	if err := w.w.Flush(); err != nil {
		return err
	}
	_, err := out.Write(h.Sum(nil))
	return err
}

// castagnoli is CRC-32C, which amd64 and arm64 compute in hardware.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// reader reads the body, held whole in memory as one string: every string
// it returns is a piece of that one, so decoding ten thousand documents'
// paths, hashes and anchors allocates none of them.
type reader struct {
	s   string
	i   int
	err error
}

func (r *reader) fail(msg string) {
	if r.err == nil {
		r.err = errors.New(msg)
	}
	r.i = len(r.s) // nothing more is read
}

func (r *reader) int() int64 {
	if r.err != nil {
		return 0
	}
	// binary.Varint's zig-zag varint, read from the string.
	var ux uint64
	for shift := uint(0); ; shift += 7 {
		if r.i >= len(r.s) || shift > 63 {
			r.fail("bad number")
			return 0
		}
		c := r.s[r.i]
		r.i++
		ux |= uint64(c&0x7f) << shift
		if c < 0x80 {
			break
		}
	}
	x := int64(ux >> 1)
	if ux&1 != 0 {
		x = ^x
	}
	return x
}

func (r *reader) num() int { return int(r.int()) }

// maxString bounds one string, so a damaged file cannot ask for gigabytes.
const maxString = 1 << 24

func (r *reader) str() string {
	n := r.int()
	if r.err != nil {
		return ""
	}
	if n < 0 || n > maxString || n > int64(len(r.s)-r.i) {
		r.fail("bad string length")
		return ""
	}
	v := r.s[r.i : r.i+int(n)]
	r.i += int(n)
	return v
}

// count reads a length, refusing any larger than the bytes left (every
// element takes at least one), so a damaged file cannot ask for gigabytes.
func (r *reader) count() int {
	n := r.int()
	if n < 0 || n > int64(len(r.s)-r.i) {
		r.fail("bad count")
		return 0
	}
	return int(n)
}

func (r *reader) pos() source.Position {
	return source.Position{File: r.str(), Offset: r.num(), Line: r.num(), Column: r.num(), ByteColumn: r.num(), UTF16Column: r.num()}
}

func (r *reader) findings() []rules.CachedFinding {
	n := r.count()
	if n == 0 {
		return nil
	}
	fs := make([]rules.CachedFinding, n)
	for i := range fs {
		if r.err != nil {
			return nil
		}
		f := &fs[i]
		f.Rule = r.str()
		f.Severity = rules.Severity(r.int())
		f.Confidence = float64(r.int()) / 1000
		f.File = r.str()
		f.Line, f.Column, f.EndLine, f.EndColumn = r.num(), r.num(), r.num(), r.num()
		f.Term, f.Message, f.Suggestion, f.Expected, f.Actual = r.str(), r.str(), r.str(), r.str(), r.str()
		if k := r.count(); k > 0 {
			f.Diff = make([]rules.DiffOp, k)
			for j := range f.Diff {
				f.Diff[j].Op, f.Diff[j].Text = r.str(), r.str()
			}
		}
		if k := r.count(); k > 0 {
			f.Related = make([]rules.Location, k)
			for j := range f.Related {
				l := &f.Related[j]
				l.File, l.Line, l.Column, l.Message = r.str(), r.num(), r.num(), r.str()
			}
		}
		f.Fingerprint = r.str()
		f.ByteColumn, f.EndByteColumn, f.UTF16Column, f.EndUTF16Column = r.num(), r.num(), r.num(), r.num()
		f.Context, f.Match = r.str(), r.str()
		f.Start = r.num()
	}
	return fs
}

// docRecord decodes one record, which must be read whole.
func (r *reader) docRecord() (string, *Doc) {
	rel := r.str()
	d := &Doc{Hash: r.str(), Size: r.int(), ModTime: r.int(), Slug: r.str(), SlugPos: r.pos()}
	if k := r.count(); k > 0 {
		d.Problems = make([]source.Error, k)
		for j := range d.Problems {
			d.Problems[j] = source.Error{Pos: r.pos(), Key: r.str(), Msg: r.str(), Hint: r.str()}
		}
	}
	switch r.int() {
	case 0:
	case 1:
		st := &rules.DocState{}
		if k := r.count(); k > 0 {
			st.Anchors = make([]string, k)
			for j := range st.Anchors {
				st.Anchors[j] = r.str()
			}
		}
		if k := r.count(); k > 0 {
			st.Deps = make(map[string]string, k)
			for j := 0; j < k; j++ {
				key := r.str()
				st.Deps[key] = r.str()
			}
		}
		st.Corpus = r.str()
		st.Findings = r.findings()
		d.State = st
	default:
		r.fail("bad state")
	}
	if r.err == nil && r.i != len(r.s) {
		r.fail("bad record length")
	}
	return rel, d
}

func decode(all []byte, key string) (*Cache, error) {
	if len(all) < crc32.Size {
		return nil, errors.New("too short")
	}
	body, sum := all[:len(all)-crc32.Size], all[len(all)-crc32.Size:]
	if got := crc32.Checksum(body, castagnoli); binary.BigEndian.Uint32(sum) != got {
		return nil, errors.New("checksum mismatch")
	}
	return decodeBody(body, key)
}

// decodeBody decodes a file's content less its checksum. The strings it
// returns share body's memory, which must not change afterwards.
func decodeBody(body []byte, key string) (*Cache, error) {
	r := &reader{s: unsafe.String(unsafe.SliceData(body), len(body))}
	if !strings.HasPrefix(r.s, magic) {
		return nil, errors.New("not a check cache")
	}
	r.i = len(magic)
	c := &Cache{Format: int(r.int()), Key: r.str(), Saved: r.int()}
	if r.err != nil || c.Format != format || c.Key != key && key != anyKey {
		return nil, errors.New("another format or key")
	}
	n := r.count()
	c.Docs = make(map[string]*Doc, n)
	file := &loadedFile{}
	for i := 0; i < n && r.err == nil; i++ {
		rec := r.str()
		if r.err != nil {
			break
		}
		rr := &reader{s: rec}
		rel, d := rr.docRecord()
		if rr.err != nil {
			return nil, rr.err
		}
		if _, dup := c.Docs[rel]; dup {
			return nil, errors.New("a document twice")
		}
		d.loaded = &loaded{rel: rel, record: rec, doc: *d, file: file}
		c.Docs[rel] = d
	}
	start := r.i
	c.Corpus = &rules.CorpusState{Key: r.str(), Findings: map[string][]rules.CachedFinding{}}
	for k := r.count(); k > 0 && r.err == nil; k-- {
		rel := r.str()
		c.Corpus.Findings[rel] = r.findings()
	}
	if r.err != nil {
		return nil, r.err
	}
	if r.i != len(r.s) {
		return nil, errors.New("trailing bytes")
	}
	file.corpus, file.record = c.Corpus, r.s[start:]
	return c, nil
}
