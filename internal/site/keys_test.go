package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/rules"
)

// BenchmarkKeys is what an incremental build spends working out which pages
// to render again: every page's key, in the editors' view, with the model
// (records, findings, indexes) built once beforehand.
//
//	CONCORD_BENCH_DOCS=2000 go test -run '^$' -bench Keys -benchmem ./internal/site
func BenchmarkKeys(b *testing.B) {
	in := benchInput(b)
	bl, err := newBuilder(in)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var n int
	for b.Loop() {
		keys, err := bl.pageKeys()
		if err != nil {
			b.Fatal(err)
		}
		n = len(keys)
	}
	b.ReportMetric(float64(n), "pages")
}

// keyCase is one input to the site whose pages and keys are compared.
type keyCase struct {
	recs     []*Record
	hashes   []string
	findings []*rules.Finding
}

// TestKeysFollowModels changes every field of a document's record and of a
// finding in turn (reflect: each field of each struct, the first element of
// each slice, one more element), renders the site, and holds the key of
// every page whose bytes changed to have changed too: a key that misses
// something a page shows leaves the page stale after an incremental build.
// Fields keySkip leaves out of keys must change no page.
func TestKeysFollowModels(t *testing.T) {
	p := fixture(t)
	all := allFindings(p)
	facts := func(d *corpus.Document) *rules.DocFacts { return rules.Analyse(p.g, d) }
	fresh := func() keyCase {
		var c keyCase
		for _, d := range p.docs {
			c.recs = append(c.recs, NewRecord(d, facts(d)))
			c.hashes = append(c.hashes, d.Path+"\x00"+string(d.File.Text))
		}
		for _, f := range all {
			cp := *f
			cp.Diff, cp.Related = slices.Clone(f.Diff), slices.Clone(f.Related)
			c.findings = append(c.findings, &cp)
		}
		return c
	}
	// The document with most to show, and a finding in it with most.
	score := func(r *Record) int {
		return min(len(r.Links), 1) + min(len(r.Related), 1) + min(len(r.Restatements), 1) + min(len(r.Terms), 1) + min(len(r.Sections), 1)
	}
	c0 := fresh()
	doc := 0
	for i, r := range c0.recs {
		if score(r) > score(c0.recs[doc]) {
			doc = i
		}
	}
	fnd := -1
	for i, f := range c0.findings {
		s := min(len(f.Diff), 1) + min(len(f.Related), 1) + min(len(f.Term), 1)
		if f.File == c0.recs[doc].Path {
			s += 2
		}
		if fnd < 0 || s > min(len(c0.findings[fnd].Diff), 1)+min(len(c0.findings[fnd].Related), 1)+min(len(c0.findings[fnd].Term), 1)+map[bool]int{true: 2}[c0.findings[fnd].File == c0.recs[doc].Path] {
			fnd = i
		}
	}
	if fnd < 0 {
		t.Fatal("the fixture has no finding")
	}
	for _, editor := range []bool{true, false} {
		build := func(c keyCase) (map[string][]byte, map[string]Key) {
			srcs := make([]Source, len(p.docs))
			for i, d := range p.docs {
				srcs[i] = Source{Record: c.recs[i], Hash: c.hashes[i],
					Load: func() (*corpus.Document, *rules.DocFacts, error) { return d, facts(d), nil }}
			}
			in := Input{Glossary: p.g, Sources: srcs, Findings: c.findings, Editor: editor,
				UsagePerPage: 1, ListPerPage: 2, FindingsPerPage: 2}
			files, err := Render(in)
			if err != nil {
				t.Fatal(err)
			}
			b := mustBuilder(t, in)
			keys, err := b.pageKeys()
			if err != nil {
				t.Fatal(err)
			}
			out := map[string][]byte{}
			for _, f := range files {
				if _, ok := keys[f.Path]; ok {
					out[f.Path] = f.Data
				}
			}
			return out, keys
		}
		baseFiles, baseKeys := build(fresh())
		kinds := map[string]bool{}
		for _, j := range mustBuilder(t, Input{Glossary: p.g, Docs: p.docs, Findings: all, Editor: editor, UsagePerPage: 1, ListPerPage: 2, FindingsPerPage: 2}).jobs() {
			kinds[j.kind.name] = true
		}
		t.Logf("editor %v: %d pages of %d kinds", editor, len(baseKeys), len(kinds))
		changedSome := 0
		check := func(what string, skipped bool, mutate func(keyCase)) {
			c := fresh()
			mutate(c)
			files, keys := build(c)
			var changed, stale []string
			for path, data := range files {
				if old, ok := baseFiles[path]; ok && bytes.Equal(old, data) {
					continue
				}
				changed = append(changed, path)
				if old, ok := baseKeys[path]; ok && old == keys[path] {
					stale = append(stale, path)
				}
			}
			sort.Strings(stale)
			if len(stale) > 0 {
				t.Errorf("editor %v: %s changes %d pages, but not the keys of %v", editor, what, len(changed), stale)
			}
			if skipped && len(changed) > 0 {
				t.Errorf("editor %v: %s is left out of keys but changes %v", editor, what, changed)
			}
			if len(changed) > 0 {
				changedSome++
			}
		}
		// Most fields show somewhere (a finding in the editors' view
		// only); should few, the changes are not reaching the pages and
		// the test proves nothing.
		enough := func(what string, fields int) {
			t.Logf("editor %v: %d of %d changes of a %s changed a page", editor, changedSome, fields, what)
			if changedSome < fields/2 {
				t.Errorf("editor %v: only %d of %d changes of a %s changed a page", editor, changedSome, fields, what)
			}
			changedSome = 0
		}
		fields := 0
		eachField(reflect.ValueOf(c0.recs[doc]).Elem(), "Record", nil, func(name string, path []int, skipped bool) {
			fields++
			check(name, skipped, func(c keyCase) {
				mutateAt(reflect.ValueOf(c.recs[doc]).Elem(), path)
				// A record changes only with its document's text, which
				// keys the document's own page (docKeys): the pages to
				// watch are the others that show the record.
				c.hashes[doc] += "\x00edited"
			})
		})
		enough("record", fields)
		fields = 0
		eachField(reflect.ValueOf(c0.findings[fnd]).Elem(), "Finding", nil, func(name string, path []int, skipped bool) {
			fields++
			check(name, skipped, func(c keyCase) { mutateAt(reflect.ValueOf(c.findings[fnd]).Elem(), path) })
		})
		if editor {
			enough("finding", fields)
		}
	}
}

// appendElem marks a path step that appends an element to a slice.
const appendElem = -1

// eachField calls f with the path to every field of v (exported fields of
// structs, recursively; for a slice its first element's fields and one
// more element; for a pointer what it points to).
func eachField(v reflect.Value, name string, path []int, f func(name string, path []int, skipped bool)) {
	switch v.Kind() {
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			if !t.Field(i).IsExported() {
				continue
			}
			p := append(slices.Clone(path), i)
			n := name + "." + t.Field(i).Name
			if keySkip[t][t.Field(i).Name] {
				f(n, p, true)
				continue
			}
			eachField(v.Field(i), n, p, f)
		}
	case reflect.Slice:
		f(name+"+", append(slices.Clone(path), appendElem), false)
		if v.Len() > 0 {
			eachField(v.Index(0), name+"[0]", append(slices.Clone(path), 0), f)
		}
	case reflect.Pointer:
		if !v.IsNil() {
			eachField(v.Elem(), name, path, f)
		}
	default:
		f(name, path, false)
	}
}

// mutateAt gives the field at path a different value.
func mutateAt(v reflect.Value, path []int) {
	for v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if len(path) == 0 {
		switch v.Kind() {
		case reflect.String:
			v.SetString(v.String() + "x")
		case reflect.Bool:
			v.SetBool(!v.Bool())
		case reflect.Int, reflect.Int64, reflect.Int32:
			v.SetInt(v.Int() + 1)
		case reflect.Float64:
			v.SetFloat(v.Float() + 0.25)
		case reflect.Array:
			e := v.Index(0)
			e.SetUint(e.Uint() ^ 1)
		default:
			panic("mutateAt: " + v.Type().String())
		}
		return
	}
	switch step := path[0]; {
	case v.Kind() == reflect.Slice && step == appendElem:
		elem := reflect.New(v.Type().Elem()).Elem()
		if v.Len() > 0 {
			elem.Set(v.Index(0))
		}
		v.Set(reflect.Append(v, elem))
	case v.Kind() == reflect.Slice:
		mutateAt(v.Index(step), path[1:])
	default:
		mutateAt(v.Field(step), path[1:])
	}
}

// TestKeyerLongValues holds a keyer that hashes as it goes (past
// keyerChunk bytes) to the digest of everything written at once.
func TestKeyerLongValues(t *testing.T) {
	long := strings.Repeat("restated ", keyerChunk/5)
	k := newKeyer()
	k.value([]string{"a", long, "b", long, long})
	got := k.sum()
	var all []byte
	for _, s := range []string{"a", long, "b", long, long} {
		all = binary.AppendUvarint(all, uint64(len(s)))
		all = append(all, s...)
	}
	want := sha256.Sum256(append(binary.AppendVarint(nil, 5), all...))
	if !bytes.Equal(got[:], want[:len(got)]) {
		t.Errorf("streamed digest %x, want %x", got, want[:len(got)])
	}
	k.reset()
	k.value([]string{"a", long, "c", long, long})
	if k.sum() == got {
		t.Error("a change past the first chunk left the digest as it was")
	}
}
