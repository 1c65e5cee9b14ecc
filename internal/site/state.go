package site

import (
	"maps"
	"slices"

	"github.com/concord-guidance/concord/internal/binenc"
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

// The state is a binenc file of its own: it is read and written on every
// build, ten thousand records and twenty thousand keys, and gob spent a
// fifth of a small rebuild on it. stateVersion changes with its shape.
const (
	stateMagic   = "concord-site-state\n"
	stateVersion = 5
)

// Encode serialises the state; the same state gives the same bytes.
func (s *State) Encode() ([]byte, error) {
	size := 1 << 20
	for _, r := range s.Records {
		size += len(r.encoded)
	}
	w := binenc.NewWriter(stateMagic, stateVersion, size)
	rels := slices.Sorted(maps.Keys(s.Records))
	w.Len(len(rels))
	for _, rel := range rels {
		r := s.Records[rel]
		w.String(rel)
		w.String(s.Hashes[rel])
		if r.encoded != nil {
			w.Raw(r.encoded)
			continue
		}
		r.encode(w)
	}
	paths := slices.Sorted(maps.Keys(s.Keys))
	w.Len(len(paths))
	for _, p := range paths {
		w.String(p)
		k := s.Keys[p]
		w.Raw(k[:])
	}
	w.Strings(slices.Sorted(maps.Keys(s.Written)))
	w.Strings(s.Gone)
	w.String(s.Stamps.Out)
	w.String(s.Stamps.Spare)
	w.Bool(s.Stamps.SpareSame)
	dirs := slices.Sorted(maps.Keys(s.Stamps.Dirs))
	w.Len(len(dirs))
	for _, d := range dirs {
		w.String(d)
		w.Int(s.Stamps.Dirs[d])
	}
	return w.Finish()
}

// encode writes the record's fields, from Rel on.
func (r *Record) encode(w *binenc.Writer) {
	for _, f := range []string{r.Rel, r.Path, r.Slug, r.Title, r.Summary, r.Topic, r.Updated, r.Owner} {
		w.String(f)
	}
	w.Strings(r.Related)
	w.Strings(r.Anchors)
	w.Len(len(r.Sections))
	for _, m := range r.Sections {
		w.Int(int64(m.Line))
		w.String(m.Text)
		w.String(m.Anchor)
	}
	w.Strings(r.Links)
	w.Len(len(r.Terms))
	for _, t := range r.Terms {
		w.String(t.ID)
		w.Int(int64(t.Uses))
		w.Int(int64(t.Mentions))
		w.Raw(t.Usage[:])
	}
	w.Len(len(r.Restatements))
	for _, x := range r.Restatements {
		w.String(x.Term)
		w.String(x.How)
		w.Bool(x.Strong)
		w.String(x.Text)
		w.String(x.Anchor)
		w.String(x.Title)
	}
}

// DecodeState reads what Encode wrote; damaged data, or a state of another
// version, is an error. The records keep parts of data (see
// Record.encoded), and their strings are pieces of it: the caller must not
// change it afterwards.
func DecodeState(data []byte) (*State, error) {
	r, err := binenc.Open(data, stateMagic, stateVersion)
	if err != nil {
		return nil, err
	}
	return decodeState(&r)
}

// decodeState decodes the payload of a state file.
func decodeState(r *binenc.Reader) (*State, error) {
	r.Share()
	num := func() int { return int(r.Int()) }
	key := func() (k Key) {
		copy(k[:], r.Raw(len(k)))
		return k
	}
	s := &State{Records: map[string]*Record{}, Hashes: map[string]string{}, Keys: map[string]Key{}, Written: map[string]bool{}}
	n := r.Len()
	for i := 0; i < n && r.Err() == nil; i++ {
		rel, hash := r.String(), r.String()
		from := r.Pos()
		rec := &Record{Rel: r.String(), Path: r.String(), Slug: r.String(), Title: r.String(), Summary: r.String(), Topic: r.String(), Updated: r.String(), Owner: r.String()}
		rec.Related = r.Strings()
		rec.Anchors = r.Strings()
		for k := r.Len(); k > 0 && r.Err() == nil; k-- {
			rec.Sections = append(rec.Sections, SectionMark{Line: num(), Text: r.String(), Anchor: r.String()})
		}
		rec.Links = r.Strings()
		for k := r.Len(); k > 0 && r.Err() == nil; k-- {
			tc := TermCount{ID: r.String(), Uses: num(), Mentions: num()}
			tc.Usage = key()
			rec.Terms = append(rec.Terms, tc)
		}
		for k := r.Len(); k > 0 && r.Err() == nil; k-- {
			rec.Restatements = append(rec.Restatements, RestatementRecord{Term: r.String(), How: r.String(), Strong: r.Bool(), Text: r.String(), Anchor: r.String(), Title: r.String()})
		}
		rec.encoded = r.Since(from)
		s.Records[rel], s.Hashes[rel] = rec, hash
	}
	for k := r.Len(); k > 0 && r.Err() == nil; k-- {
		p := r.String()
		s.Keys[p] = key()
	}
	for _, p := range r.Strings() {
		s.Written[p] = true
	}
	s.Gone = r.Strings()
	s.Stamps = Stamps{Out: r.String(), Spare: r.String(), SpareSame: r.Bool()}
	if k := r.Len(); k > 0 {
		s.Stamps.Dirs = make(map[string]int64, k)
		for ; k > 0 && r.Err() == nil; k-- {
			d := r.String()
			s.Stamps.Dirs[d] = r.Int()
		}
	}
	if err := r.End(); err != nil {
		return nil, err
	}
	return s, nil
}
