package site

import (
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
)

// State is what a build leaves for the next (see RenderIncremental): each
// document's record and content hash, by corpus path; each published file's
// key, by site path; the files it wrote rather than carried over; the files
// that went; and the stamps of the folders Publish left (see Stamps).
type State struct {
	Records map[string]*Record
	Hashes  map[string]string
	Keys    map[string]Key
	Written map[string]bool
	// Gone are the files the build before published that this one did not.
	Gone   []string
	Stamps Stamps
}

// Reuse returns what Publish needs to carry this build's files over into
// the next.
func (s *State) Reuse() *Reuse {
	r := &Reuse{Stamps: s.Stamps, Written: s.Written, Gone: s.Gone}
	r.Paths = make([]string, 0, len(s.Keys))
	for p := range s.Keys {
		r.Paths = append(r.Paths, p)
	}
	return r
}

// The state is written with a small binary encoding of its own: it is read
// and written on every build, ten thousand records and twenty thousand keys,
// and gob spent a fifth of a small rebuild on it.
const stateMagic = "concord site state 4\n"

// Encode serialises the state; the same state gives the same bytes.
func (s *State) Encode() ([]byte, error) {
	size := 1 << 20
	for _, r := range s.Records {
		size += len(r.encoded)
	}
	w := &stateWriter{b: append(make([]byte, 0, size), stateMagic...)}
	rels := slices.Sorted(maps.Keys(s.Records))
	w.int(len(rels))
	for _, rel := range rels {
		r := s.Records[rel]
		w.str(rel)
		w.str(s.Hashes[rel])
		if r.encoded != nil {
			w.b = append(w.b, r.encoded...)
			continue
		}
		r.encode(w)
	}
	paths := slices.Sorted(maps.Keys(s.Keys))
	w.int(len(paths))
	for _, p := range paths {
		w.str(p)
		k := s.Keys[p]
		w.b = append(w.b, k[:]...)
	}
	w.strs(slices.Sorted(maps.Keys(s.Written)))
	w.strs(s.Gone)
	w.str(s.Stamps.Out)
	w.str(s.Stamps.Spare)
	w.bool(s.Stamps.SpareSame)
	dirs := slices.Sorted(maps.Keys(s.Stamps.Dirs))
	w.int(len(dirs))
	for _, d := range dirs {
		w.str(d)
		w.int64(s.Stamps.Dirs[d])
	}
	return w.b, nil
}

// encode writes the record's fields, from Rel on.
func (r *Record) encode(w *stateWriter) {
	for _, f := range []string{r.Rel, r.Path, r.Slug, r.Title, r.Summary, r.Topic, r.Updated, r.Owner} {
		w.str(f)
	}
	w.strs(r.Related)
	w.strs(r.Anchors)
	w.int(len(r.Sections))
	for _, m := range r.Sections {
		w.int(m.Line)
		w.str(m.Text)
		w.str(m.Anchor)
	}
	w.strs(r.Links)
	w.int(len(r.Terms))
	for _, t := range r.Terms {
		w.str(t.ID)
		w.int(t.Uses)
		w.int(t.Mentions)
		w.b = append(w.b, t.Usage[:]...)
	}
	w.int(len(r.Restatements))
	for _, x := range r.Restatements {
		w.str(x.Term)
		w.str(x.How)
		w.bool(x.Strong)
		w.str(x.Text)
		w.str(x.Anchor)
		w.str(x.Title)
	}
}

// DecodeState reads what Encode wrote; damaged or foreign data is an error.
// The records keep parts of data (see Record.encoded): the caller must not
// change it afterwards.
func DecodeState(data []byte) (*State, error) {
	if len(data) < len(stateMagic) || string(data[:len(stateMagic)]) != stateMagic {
		return nil, errors.New("site state: not a state of this version")
	}
	r := &stateReader{b: data[len(stateMagic):]}
	s := &State{Records: map[string]*Record{}, Hashes: map[string]string{}, Keys: map[string]Key{}, Written: map[string]bool{}}
	n := r.count()
	for i := 0; i < n && r.err == nil; i++ {
		rel, hash := r.str(), r.str()
		from := r.b
		rec := &Record{Rel: r.str(), Path: r.str(), Slug: r.str(), Title: r.str(), Summary: r.str(), Topic: r.str(), Updated: r.str(), Owner: r.str()}
		rec.Related = r.strs()
		rec.Anchors = r.strs()
		for k := r.count(); k > 0 && r.err == nil; k-- {
			rec.Sections = append(rec.Sections, SectionMark{Line: r.int(), Text: r.str(), Anchor: r.str()})
		}
		rec.Links = r.strs()
		for k := r.count(); k > 0 && r.err == nil; k-- {
			tc := TermCount{ID: r.str(), Uses: r.int(), Mentions: r.int()}
			tc.Usage = r.key()
			rec.Terms = append(rec.Terms, tc)
		}
		for k := r.count(); k > 0 && r.err == nil; k-- {
			rec.Restatements = append(rec.Restatements, RestatementRecord{Term: r.str(), How: r.str(), Strong: r.bool(), Text: r.str(), Anchor: r.str(), Title: r.str()})
		}
		if r.err == nil {
			rec.encoded = from[: len(from)-len(r.b) : len(from)-len(r.b)]
		}
		s.Records[rel], s.Hashes[rel] = rec, hash
	}
	for k := r.count(); k > 0 && r.err == nil; k-- {
		p := r.str()
		s.Keys[p] = r.key()
	}
	for _, p := range r.strs() {
		s.Written[p] = true
	}
	s.Gone = r.strs()
	s.Stamps = Stamps{Out: r.str(), Spare: r.str(), SpareSame: r.bool()}
	if k := r.count(); k > 0 {
		s.Stamps.Dirs = make(map[string]int64, k)
		for ; k > 0 && r.err == nil; k-- {
			d := r.str()
			s.Stamps.Dirs[d] = r.int64()
		}
	}
	if r.err == nil && len(r.b) != 0 {
		r.fail()
	}
	if r.err != nil {
		return nil, r.err
	}
	return s, nil
}

type stateWriter struct{ b []byte }

func (w *stateWriter) int(n int)     { w.b = binary.AppendVarint(w.b, int64(n)) }
func (w *stateWriter) int64(n int64) { w.b = binary.AppendVarint(w.b, n) }
func (w *stateWriter) str(s string) {
	w.b = binary.AppendUvarint(w.b, uint64(len(s)))
	w.b = append(w.b, s...)
}
func (w *stateWriter) strs(ss []string) {
	w.int(len(ss))
	for _, s := range ss {
		w.str(s)
	}
}
func (w *stateWriter) bool(b bool) {
	if b {
		w.b = append(w.b, 1)
	} else {
		w.b = append(w.b, 0)
	}
}

// stateReader reads what stateWriter wrote; after the first problem every
// read returns a zero value and err says what went wrong.
type stateReader struct {
	b   []byte
	err error
}

func (r *stateReader) fail() {
	if r.err == nil {
		r.err = fmt.Errorf("site state: damaged")
	}
	r.b = nil
}

func (r *stateReader) int() int {
	v, n := binary.Varint(r.b)
	if n <= 0 || v < math.MinInt32*int64(1<<31) || v > math.MaxInt32*int64(1<<31) {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

func (r *stateReader) int64() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count reads a length, which cannot exceed the bytes left.
func (r *stateReader) count() int {
	n := r.int()
	if n < 0 || n > len(r.b) {
		r.fail()
		return 0
	}
	return n
}

func (r *stateReader) str() string {
	v, n := binary.Uvarint(r.b)
	if n <= 0 || v > uint64(len(r.b)-n) {
		r.fail()
		return ""
	}
	s := string(r.b[n : n+int(v)])
	r.b = r.b[n+int(v):]
	return s
}

func (r *stateReader) strs() []string {
	k := r.count()
	if k == 0 {
		return nil
	}
	out := make([]string, 0, k)
	for ; k > 0 && r.err == nil; k-- {
		out = append(out, r.str())
	}
	return slices.Clip(out)
}

func (r *stateReader) key() Key {
	var k Key
	if len(r.b) < len(k) {
		r.fail()
		return k
	}
	copy(k[:], r.b)
	r.b = r.b[len(k):]
	return k
}

func (r *stateReader) bool() bool {
	if len(r.b) == 0 || r.b[0] > 1 {
		r.fail()
		return false
	}
	v := r.b[0] == 1
	r.b = r.b[1:]
	return v
}
