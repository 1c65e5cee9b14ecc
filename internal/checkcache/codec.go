package checkcache

import (
	"errors"
	"io"
	"maps"
	"math"
	"slices"

	"github.com/concord-guidance/concord/internal/binenc"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/source"
)

// The file is read on every check and written after every edit, so it is a
// binenc file (whose header's checksum means a damaged file is never
// trusted), and each document's entry is one self-contained record: a
// record loaded from the file and unchanged since is written back by
// copying its bytes, not by encoding it again (most of a check after a
// small edit was re-encoding ten thousand unchanged entries).
//
//	header: magic, format
//	key, saved
//	document count, then per document (sorted by path), its record's length
//	and the record:
//	  path, hash, size, modtime, slug, slug position, problems,
//	  whether it has a state, and if so: anchors, deps (sorted key, value
//	  pairs), corpus digest, findings
//	corpus key, corpus findings (count, then sorted path and findings)
//
// TestCodecCoversEveryField fails when a field is added to a type the
// records hold and not to the codec.

const magic = "concord-check-cache\n"

// loaded is what a Doc decoded from a file keeps of it: its record's bytes
// and the values they hold, to tell whether the record still says what the
// Doc does (see Doc.Reuse).
type loaded struct {
	rel    string
	record []byte
	doc    Doc
	file   *loadedFile
}

// loadedFile is what the entries loaded from one file share: the corpus
// state it held and that state's bytes, written back as they were while a
// cache holds that same state (rules.RunIncremental keeps it while no
// document changed what corpus-scope rules read).
type loadedFile struct {
	corpus *rules.CorpusState
	record []byte
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
// entry under rel, or nil.
func (d *Doc) record(rel string) []byte {
	l := d.loaded
	if l == nil || l.rel != rel {
		return nil
	}
	o := &l.doc
	if d.Hash != o.Hash || d.Size != o.Size || d.ModTime != o.ModTime || d.Slug != o.Slug || d.SlugPos != o.SlugPos ||
		d.State != o.State || !slices.Equal(d.Problems, o.Problems) {
		return nil
	}
	return l.record
}

func writePos(w *binenc.Writer, p source.Position) {
	w.String(p.File)
	w.Int(int64(p.Offset))
	w.Int(int64(p.Line))
	w.Int(int64(p.Column))
	w.Int(int64(p.ByteColumn))
	w.Int(int64(p.UTF16Column))
}

func writeFindings(w *binenc.Writer, fs []rules.CachedFinding) {
	w.Len(len(fs))
	for i := range fs {
		f := &fs[i]
		w.String(f.Rule)
		w.Int(int64(f.Severity))
		w.Int(int64(math.Round(f.Confidence * 1000)))
		w.String(f.File)
		w.Int(int64(f.Line))
		w.Int(int64(f.Column))
		w.Int(int64(f.EndLine))
		w.Int(int64(f.EndColumn))
		w.String(f.Term)
		w.String(f.Message)
		w.String(f.Suggestion)
		w.String(f.Expected)
		w.String(f.Actual)
		w.Len(len(f.Diff))
		for _, op := range f.Diff {
			w.String(op.Op)
			w.String(op.Text)
		}
		w.Len(len(f.Related))
		for _, l := range f.Related {
			w.String(l.File)
			w.Int(int64(l.Line))
			w.Int(int64(l.Column))
			w.String(l.Message)
		}
		w.String(f.Fingerprint)
		w.Int(int64(f.ByteColumn))
		w.Int(int64(f.EndByteColumn))
		w.Int(int64(f.UTF16Column))
		w.Int(int64(f.EndUTF16Column))
		w.String(f.Context)
		w.String(f.Match)
		w.Int(int64(f.Start))
	}
}

// writeDocRecord encodes d's entry under rel.
func writeDocRecord(w *binenc.Writer, rel string, d *Doc) {
	w.String(rel)
	w.String(d.Hash)
	w.Int(d.Size)
	w.Int(d.ModTime)
	w.String(d.Slug)
	writePos(w, d.SlugPos)
	w.Len(len(d.Problems))
	for _, p := range d.Problems {
		writePos(w, p.Pos)
		w.String(p.Key)
		w.String(p.Msg)
		w.String(p.Hint)
	}
	st := d.State
	if st == nil {
		w.Bool(false)
		return
	}
	w.Bool(true)
	w.Strings(st.Anchors)
	keys := slices.Sorted(maps.Keys(st.Deps))
	w.Len(len(keys))
	for _, k := range keys {
		w.String(k)
		w.String(st.Deps[k])
	}
	w.String(st.Corpus)
	writeFindings(w, st.Findings)
}

func encode(out io.Writer, c *Cache) error {
	rels := slices.Sorted(maps.Keys(c.Docs))
	// Written as it goes (Save's temporary file is an io.WriterAt), not
	// held whole.
	w := binenc.NewFileWriter(out, magic, format)
	w.String(c.Key)
	w.Int(c.Saved)
	w.Len(len(rels))
	var rec binenc.Writer
	var from *loadedFile
	for _, rel := range rels {
		d := c.Docs[rel]
		if from == nil && d.loaded != nil {
			from = d.loaded.file
		}
		b := d.record(rel)
		if b == nil {
			rec.Reset()
			writeDocRecord(&rec, rel, d)
			b = rec.Data()
		}
		w.Bytes(b)
	}
	switch {
	case from != nil && c.Corpus != nil && c.Corpus == from.corpus:
		w.Raw(from.record)
	case c.Corpus != nil:
		w.String(c.Corpus.Key)
		rels := slices.Sorted(maps.Keys(c.Corpus.Findings))
		w.Len(len(rels))
		for _, rel := range rels {
			w.String(rel)
			writeFindings(w, c.Corpus.Findings[rel])
		}
	default:
		w.String("")
		w.Len(0)
	}
	if err := rec.Err(); err != nil {
		return err
	}
	_, err := w.Finish()
	return err
}

func readPos(r *binenc.Reader) source.Position {
	return source.Position{File: r.String(), Offset: int(r.Int()), Line: int(r.Int()), Column: int(r.Int()), ByteColumn: int(r.Int()), UTF16Column: int(r.Int())}
}

func readFindings(r *binenc.Reader) []rules.CachedFinding {
	n := r.Len()
	if n == 0 {
		return nil
	}
	num := func() int { return int(r.Int()) }
	fs := make([]rules.CachedFinding, n)
	for i := range fs {
		if r.Err() != nil {
			return nil
		}
		f := &fs[i]
		f.Rule = r.String()
		f.Severity = rules.Severity(r.Int())
		f.Confidence = float64(r.Int()) / 1000
		f.File = r.String()
		f.Line, f.Column, f.EndLine, f.EndColumn = num(), num(), num(), num()
		f.Term, f.Message, f.Suggestion, f.Expected, f.Actual = r.String(), r.String(), r.String(), r.String(), r.String()
		if k := r.Len(); k > 0 {
			f.Diff = make([]rules.DiffOp, k)
			for j := range f.Diff {
				f.Diff[j].Op, f.Diff[j].Text = r.String(), r.String()
			}
		}
		if k := r.Len(); k > 0 {
			f.Related = make([]rules.Location, k)
			for j := range f.Related {
				l := &f.Related[j]
				l.File, l.Line, l.Column, l.Message = r.String(), num(), num(), r.String()
			}
		}
		f.Fingerprint = r.String()
		f.ByteColumn, f.EndByteColumn, f.UTF16Column, f.EndUTF16Column = num(), num(), num(), num()
		f.Context, f.Match = r.String(), r.String()
		f.Start = num()
	}
	return fs
}

// readDocRecord decodes one record, which r holds whole.
func readDocRecord(r *binenc.Reader) (string, *Doc) {
	rel := r.String()
	d := &Doc{Hash: r.String(), Size: r.Int(), ModTime: r.Int(), Slug: r.String(), SlugPos: readPos(r)}
	if k := r.Len(); k > 0 {
		d.Problems = make([]source.Error, k)
		for j := range d.Problems {
			d.Problems[j] = source.Error{Pos: readPos(r), Key: r.String(), Msg: r.String(), Hint: r.String()}
		}
	}
	if r.Bool() {
		st := &rules.DocState{Anchors: r.Strings()}
		if k := r.Len(); k > 0 {
			st.Deps = make(map[string]string, k)
			for range k {
				key := r.String()
				st.Deps[key] = r.String()
			}
		}
		st.Corpus = r.String()
		st.Findings = readFindings(r)
		d.State = st
	}
	r.End()
	return rel, d
}

func decode(all []byte, key string) (*Cache, error) {
	r, err := binenc.Open(all, magic, format)
	if err != nil {
		return nil, err
	}
	return decodePayload(&r, key)
}

// decodePayload decodes what follows the file's header. The strings it
// returns share the file's memory, which must not change afterwards.
func decodePayload(r *binenc.Reader, key string) (*Cache, error) {
	// Every path, hash and anchor of ten thousand documents is a piece
	// of the file as read, not a copy.
	r.Share()
	c := &Cache{Format: format, Key: r.String(), Saved: r.Int()}
	if r.Err() != nil {
		return nil, r.Err()
	}
	if c.Key != key && key != anyKey {
		return nil, errors.New("check cache: made under another key")
	}
	n := r.Len()
	c.Docs = make(map[string]*Doc, n)
	file := &loadedFile{}
	for i := 0; i < n && r.Err() == nil; i++ {
		rr := r.Record()
		rel, d := readDocRecord(&rr)
		if rr.Err() != nil {
			return nil, rr.Err()
		}
		if _, dup := c.Docs[rel]; dup {
			return nil, errors.New("check cache: a document twice")
		}
		d.loaded = &loaded{rel: rel, record: rr.Data(), doc: *d, file: file}
		c.Docs[rel] = d
	}
	start := r.Pos()
	c.Corpus = &rules.CorpusState{Key: r.String(), Findings: map[string][]rules.CachedFinding{}}
	for k := r.Len(); k > 0 && r.Err() == nil; k-- {
		rel := r.String()
		c.Corpus.Findings[rel] = readFindings(r)
	}
	file.record = r.Since(start)
	if err := r.End(); err != nil {
		return nil, err
	}
	file.corpus = c.Corpus
	return c, nil
}
