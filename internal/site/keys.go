package site

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"io/fs"
	"math"
	"reflect"
	"sort"
	"sync"

	"github.com/concord-guidance/concord/internal/par"
	"github.com/concord-guidance/concord/internal/rules"
)

// An incremental build renders a page again only when what its model is
// built from changed. Each page's key is a digest of those inputs: what
// every page shares (salt: the binary, the glossary, the theme, the site's
// settings, the number of documents and terms) and what the page itself
// reads, written by its job's key function. A document's content is
// represented by its hash, which covers everything the page derives from
// it (title, headings, sentences, restatements). TestIncrementalBuild
// compares incremental builds with full ones after every kind of edit, so
// an input left out of a key shows up as a difference.

// Key is a page's digest.
type Key [16]byte

type keyer struct {
	// buf is what was written since the last flush; h, once a key runs
	// past keyerChunk bytes, what was written before, so that writing a
	// long value whole (keyer.value) never holds it all at once. The
	// digest is the same either way.
	buf      []byte
	h        hash.Hash
	streamed bool // h holds the start of this key
	// keep holds everything in buf (for a map's entries, sorted by their
	// bytes before they are written).
	keep bool
}

const keyerChunk = 4 << 10

func newKeyer() *keyer { return &keyer{buf: make([]byte, 0, 512)} }

// keyers are keyers for reuse: a key is made for every page and document
// of every incremental build.
var keyers = sync.Pool{New: func() any { return newKeyer() }}

// pooledKeyer returns an empty keyer; release gives it back.
func pooledKeyer() *keyer {
	k := keyers.Get().(*keyer)
	k.reset()
	return k
}

func (k *keyer) release() {
	if !k.keep && cap(k.buf) <= 2*keyerChunk {
		keyers.Put(k)
	}
}

func (k *keyer) str(s string) {
	k.buf = binary.AppendUvarint(k.buf, uint64(len(s)))
	k.buf = append(k.buf, s...)
	if len(k.buf) >= keyerChunk && !k.keep {
		if k.h == nil {
			k.h = sha256.New()
		} else if !k.streamed {
			k.h.Reset()
		}
		k.streamed = true
		k.h.Write(k.buf)
		k.buf = k.buf[:0]
	}
}

// reset empties k for the next key.
func (k *keyer) reset() { k.buf, k.streamed = k.buf[:0], false }

func (k *keyer) int(n int) { k.buf = binary.AppendVarint(k.buf, int64(n)) }

func (k *keyer) bool(b bool) {
	if b {
		k.int(1)
	} else {
		k.int(0)
	}
}

func (k *keyer) sum() Key {
	var out Key
	if !k.streamed {
		sum := sha256.Sum256(k.buf)
		copy(out[:], sum[:])
		return out
	}
	k.h.Write(k.buf)
	copy(out[:], k.h.Sum(nil))
	return out
}

// value writes v whole: every exported field of a struct, every element of
// a slice or array, what a pointer points to, with lengths and nil marks so
// that no two values write the same bytes. A page's key writes the values its
// model is built from (a finding, a record, a projection of one) rather than
// a list of their fields, so a field added to one is in the key of every page
// built from it without a change here; TestKeysFollowModels changes every
// field in turn and holds the keys to the pages that change.
func (k *keyer) value(v any) { k.reflect(reflect.ValueOf(v)) }

func (k *keyer) reflect(v reflect.Value) { writerOf(v.Type())(k, v) }

// A valueWriter writes one type's values; writers are made once a type.
type valueWriter func(*keyer, reflect.Value)

var valueWriters sync.Map // reflect.Type → valueWriter

// keySkip are fields no page shows that would make a key differ where the
// page does not: the check cache keeps a finding's confidence to three
// places, so a cached check and a fresh one would key it differently.
var keySkip = map[reflect.Type]map[string]bool{
	reflect.TypeFor[rules.Finding](): {"Confidence": true},
}

// writersMu is held while writers are made: pages are keyed on all cores,
// and a writer must not be used before it is whole.
var writersMu sync.Mutex

func writerOf(t reflect.Type) valueWriter {
	if w, ok := valueWriters.Load(t); ok {
		return w.(valueWriter)
	}
	writersMu.Lock()
	defer writersMu.Unlock()
	return buildWriter(t, map[reflect.Type]*valueWriter{})
}

// buildWriter makes t's writer and those of the types it holds; building
// are the writers being made, for a type that contains itself.
func buildWriter(t reflect.Type, building map[reflect.Type]*valueWriter) valueWriter {
	if w, ok := valueWriters.Load(t); ok {
		return w.(valueWriter)
	}
	if p, ok := building[t]; ok {
		return func(k *keyer, v reflect.Value) { (*p)(k, v) }
	}
	p := new(valueWriter)
	building[t] = p
	*p = makeWriter(t, func(t reflect.Type) valueWriter { return buildWriter(t, building) })
	valueWriters.Store(t, *p)
	return *p
}

func makeWriter(t reflect.Type, writerOf func(reflect.Type) valueWriter) valueWriter {
	switch t.Kind() {
	case reflect.String:
		return func(k *keyer, v reflect.Value) { k.str(v.String()) }
	case reflect.Bool:
		return func(k *keyer, v reflect.Value) { k.bool(v.Bool()) }
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return func(k *keyer, v reflect.Value) { k.buf = binary.AppendVarint(k.buf, v.Int()) }
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return func(k *keyer, v reflect.Value) { k.buf = binary.AppendUvarint(k.buf, v.Uint()) }
	case reflect.Float32, reflect.Float64:
		return func(k *keyer, v reflect.Value) {
			k.buf = binary.LittleEndian.AppendUint64(k.buf, math.Float64bits(v.Float()))
		}
	case reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			// A digest such as Key: its bytes as they are.
			return func(k *keyer, v reflect.Value) {
				for i := range v.Len() {
					k.buf = append(k.buf, byte(v.Index(i).Uint()))
				}
			}
		}
		elem := writerOf(t.Elem())
		return func(k *keyer, v reflect.Value) {
			for i := range v.Len() {
				elem(k, v.Index(i))
			}
		}
	case reflect.Slice:
		elem := writerOf(t.Elem())
		return func(k *keyer, v reflect.Value) {
			// nil and empty write the same: a record read back from the
			// state file has empty slices where a new one has nil.
			k.int(v.Len())
			for i := range v.Len() {
				elem(k, v.Index(i))
			}
		}
	case reflect.Pointer:
		elem := writerOf(t.Elem())
		return func(k *keyer, v reflect.Value) {
			if v.IsNil() {
				k.int(0)
				return
			}
			k.int(1)
			elem(k, v.Elem())
		}
	case reflect.Map:
		key, elem := writerOf(t.Key()), writerOf(t.Elem())
		return func(k *keyer, v reflect.Value) {
			// In the order of the keys' encodings, not the map's.
			type pair struct{ key, entry []byte }
			pairs := make([]pair, 0, v.Len())
			for it := v.MapRange(); it.Next(); {
				kk := &keyer{keep: true}
				key(kk, it.Key())
				n := len(kk.buf)
				elem(kk, it.Value())
				pairs = append(pairs, pair{kk.buf[:n], kk.buf})
			}
			sort.Slice(pairs, func(i, j int) bool { return string(pairs[i].key) < string(pairs[j].key) })
			k.int(len(pairs))
			for _, p := range pairs {
				k.buf = append(k.buf, p.entry...)
			}
		}
	case reflect.Struct:
		type field struct {
			i int
			w valueWriter
		}
		var fields []field
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() || keySkip[t][f.Name] {
				continue
			}
			fields = append(fields, field{i, writerOf(f.Type)})
		}
		if len(fields) == 0 && t.NumField() > 0 {
			// Nothing would be written: a model input must be a value
			// whose fields are exported (a projection), not a handle.
			panic("site: a page key cannot hold a " + t.String() + ", which has no exported field")
		}
		return func(k *keyer, v reflect.Value) {
			for _, f := range fields {
				f.w(k, v.Field(f.i))
			}
		}
	}
	// Functions, channels and interfaces say nothing a page shows; a model
	// input holding one is a mistake the tests meet first.
	panic("site: a page key cannot hold a " + t.String())
}

// salt is what every page is built from.
func (b *builder) salt() (Key, error) {
	k := newKeyer()
	k.str("concord site keys 1")
	k.str(b.in.Salt)
	k.str(b.g.Version)
	if b.in.ExampleGlossary != nil {
		k.str(b.in.ExampleGlossary.Version)
	}
	k.str(b.title)
	k.str(b.in.Intro)
	k.str(b.in.Organisation)
	k.str(b.in.FooterText)
	k.bool(b.in.Editor)
	k.str(normaliseBaseURL(b.in.BaseURL))
	k.bool(b.searchJS)
	// The navigation: the kinds of page this build has.
	k.value(b.nav)
	k.int(len(b.docs))
	k.int(len(b.g.Terms))
	k.int(b.perPage)
	k.int(b.listPer)
	k.int(b.findPer)
	// The theme: its templates are what every page is made with.
	err := fs.WalkDir(b.in.Theme, "templates", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := fs.ReadFile(b.in.Theme, p)
		if err != nil {
			return err
		}
		k.str(p)
		k.str(string(data))
		return nil
	})
	return k.sum(), err
}

// The values pages read of documents and findings, each a projection the
// model builders use too, written whole into keys (keyer.value).

// docName is how a list or a link names a document.
type docName struct{ Slug, Title string }

func nameOf(e *entry) docName { return docName{e.rec.Slug, e.rec.Title} }

// docTarget is what a link into a document sees of it: where it is and its
// headings' anchors.
type docTarget struct {
	Slug    string
	Anchors []string
}

// findingPlace is the document a finding is in as its view names it: the
// document's slug and title and the section the finding falls under.
type findingPlace struct {
	Slug, Title string
	Section     *SectionMark
}

// placeOf is where a finding is; nil when its file is not a published
// document. The finding's view (builder.finding) and its key read it.
func (b *builder) placeOf(f *rules.Finding) *findingPlace {
	e := b.byPath[f.File]
	if e == nil {
		return nil
	}
	return &findingPlace{e.rec.Slug, e.rec.Title, e.rec.sectionOf(f.Line)}
}

// findingKeys digests every finding once, on all cores: each is shown on
// its document's page, its term's and the report.
func (b *builder) findingKeys() {
	keys := par.Map(len(b.findings), func(i int) Key { return b.findingKey(b.findings[i]) })
	b.fkeys = make(map[*rules.Finding]Key, len(keys))
	for i, f := range b.findings {
		b.fkeys[f] = keys[i]
	}
}

// findingKey digests everything a finding's view is built from: the
// finding whole, where it is, and the report page holding it in full,
// which every view of it links.
func (b *builder) findingKey(f *rules.Finding) Key {
	k := pooledKeyer()
	defer k.release()
	k.value(f)
	k.value(b.placeOf(f))
	k.str(b.findingHref(f, ""))
	return k.sum()
}

// keysOf are the digests of findings (see findingKeys).
func (b *builder) keysOf(fs []*rules.Finding) []Key {
	out := make([]Key, len(fs))
	for i, f := range fs {
		fk, ok := b.fkeys[f]
		if !ok {
			fk = b.findingKey(f)
		}
		out[i] = fk
	}
	return out
}

// docKeys digests, for each document, its identity (slug and content
// hash: its record is made from its content and the glossary, so the hash
// stands for the record whole, at a fraction of the cost of writing it),
// and what a link into it sees.
func (b *builder) docKeys() {
	par.For(len(b.docs), func(i int) {
		e := b.docs[i]
		k := pooledKeyer()
		k.str(e.rec.Slug)
		k.str(e.hash)
		e.rkey = k.sum()
		k.reset()
		k.value(docTarget{e.rec.Slug, e.rec.Anchors})
		e.tkey = k.sum()
		k.release()
	})
}

// ruleCount is how many findings a rule has, as the home and rules pages
// count them.
type ruleCount struct {
	Rule     string
	Findings int
}

// ruleCounts are the findings of each rule that has any, by rule id.
func (b *builder) ruleCounts() []ruleCount {
	out := make([]ruleCount, 0, len(b.byRule))
	for id, fs := range b.byRule {
		out = append(out, ruleCount{id, len(fs)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Rule < out[j].Rule })
	return out
}

// FileKey is the key RenderIncremental records for a file that is not a
// page: a digest of its content.
func FileKey(data []byte) Key {
	var k Key
	sum := sha256.Sum256(data)
	copy(k[:], sum[:])
	return k
}
