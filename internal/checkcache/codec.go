package checkcache

import (
	"bufio"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"hash/crc32"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/source"
)

// The file is read on every check, so its bulk (ten thousand documents'
// hashes, anchors and link targets) is written in a plain length-prefixed
// binary form that decodes several times faster than gob's reflection;
// the few findings and problems, whose shape is richer, go into one gob
// stream at the end.
//
//	magic, format, key, saved, corpus key
//	document count, then per document (sorted by path):
//	  path, hash, size, modtime, slug, anchors, deps (key, value pairs),
//	  corpus digest, whether it has a state
//	gob: per document, problems, slug position and findings; corpus findings
//	CRC-32C of everything before it, so a damaged file is never trusted
//	(a checksum against accidents, not a seal: whoever can write the file
//	can write a matching sum; SHA-256 cost a tenth of an incremental check)

const magic = "concord-check-cache\n"

type tail struct {
	Problems [][]source.Error
	SlugPos  []source.Position
	Findings [][]rules.CachedFinding
	Corpus   map[string][]rules.CachedFinding
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

func encode(out io.Writer, c *Cache) error {
	h := crc32.New(castagnoli)
	w := &writer{w: bufio.NewWriterSize(io.MultiWriter(out, h), 1<<16)}
	w.w.WriteString(magic)
	w.int(int64(c.Format))
	w.str(c.Key)
	w.int(c.Saved)
	var t tail
	if c.Corpus != nil {
		w.str(c.Corpus.Key)
		t.Corpus = c.Corpus.Findings
	} else {
		w.str("")
	}
	rels := slices.Sorted(maps.Keys(c.Docs))
	w.int(int64(len(rels)))
	for _, rel := range rels {
		d := c.Docs[rel]
		w.str(rel)
		w.str(d.Hash)
		w.int(d.Size)
		w.int(d.ModTime)
		w.str(d.Slug)
		st := d.State
		if st == nil {
			st = &rules.DocState{}
		}
		w.int(int64(len(st.Anchors)))
		for _, a := range st.Anchors {
			w.str(a)
		}
		keys := slices.Sorted(maps.Keys(st.Deps))
		w.int(int64(len(keys)))
		for _, k := range keys {
			w.str(k)
			w.str(st.Deps[k])
		}
		w.str(st.Corpus)
		if d.State != nil {
			w.int(1)
		} else {
			w.int(0)
		}
		t.Problems = append(t.Problems, d.Problems)
		t.SlugPos = append(t.SlugPos, d.SlugPos)
		t.Findings = append(t.Findings, st.Findings)
	}
	if err := gob.NewEncoder(w.w).Encode(&t); err != nil {
		return err
	}
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

func (r *reader) int() int64 {
	if r.err != nil {
		return 0
	}
	// binary.Varint's zig-zag varint, read from the string.
	var ux uint64
	for shift := uint(0); ; shift += 7 {
		if r.i >= len(r.s) || shift > 63 {
			r.err = errors.New("bad number")
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

// maxString bounds one string, so a damaged file cannot ask for gigabytes.
const maxString = 1 << 24

func (r *reader) str() string {
	n := r.int()
	if r.err != nil {
		return ""
	}
	if n < 0 || n > maxString || n > int64(len(r.s)-r.i) {
		r.err = errors.New("bad string length")
		return ""
	}
	v := r.s[r.i : r.i+int(n)]
	r.i += int(n)
	return v
}

// count reads a length, refusing absurd ones.
func (r *reader) count() int {
	n := r.int()
	if n < 0 || n > 1<<26 {
		if r.err == nil {
			r.err = errors.New("bad count")
		}
		return 0
	}
	return int(n)
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

// decodeBody decodes a file's content less its checksum.
func decodeBody(body []byte, key string) (*Cache, error) {
	r := &reader{s: string(body)}
	if !strings.HasPrefix(r.s, magic) {
		return nil, errors.New("not a check cache")
	}
	r.i = len(magic)
	c := &Cache{Format: int(r.int()), Key: r.str(), Saved: r.int()}
	if r.err != nil || c.Format != format || c.Key != key {
		return nil, errors.New("another format or key")
	}
	c.Corpus = &rules.CorpusState{Key: r.str()}
	n := r.count()
	c.Docs = make(map[string]*Doc, n)
	order := make([]*Doc, 0, n)
	for i := 0; i < n && r.err == nil; i++ {
		rel := r.str()
		d := &Doc{Hash: r.str(), Size: r.int(), ModTime: r.int(), Slug: r.str()}
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
		if r.int() == 1 {
			d.State = st
		}
		c.Docs[rel] = d
		order = append(order, d)
	}
	if r.err != nil {
		return nil, r.err
	}
	var t tail
	if err := gob.NewDecoder(strings.NewReader(r.s[r.i:])).Decode(&t); err != nil {
		return nil, err
	}
	if len(t.Problems) != len(order) || len(t.SlugPos) != len(order) || len(t.Findings) != len(order) {
		return nil, errors.New("damaged")
	}
	for i, d := range order {
		d.Problems, d.SlugPos = t.Problems[i], t.SlugPos[i]
		if d.State != nil {
			d.State.Findings = t.Findings[i]
		}
	}
	c.Corpus.Findings = t.Corpus
	if c.Corpus.Findings == nil {
		c.Corpus.Findings = map[string][]rules.CachedFinding{}
	}
	return c, nil
}
