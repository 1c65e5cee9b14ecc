package checkcache

import (
	"bytes"
	"fmt"
	"reflect"
	"testing"

	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/source"
)

// fill sets every field of the value v points to, recursively, to a value
// no other field has, so that a field the codec forgets shows as a
// difference after a round trip.
func fill(v reflect.Value, n *int) {
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d", *n))
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(*n))
	case reflect.Float64:
		v.SetFloat(float64(*n%1000) / 1000) // the codec keeps thousandths
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			f := v.Field(i)
			if !f.CanSet() {
				continue // unexported: checked below by name
			}
			fill(f, n)
		}
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := 0; i < 2; i++ {
			fill(s.Index(i), n)
		}
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		for i := 0; i < 2; i++ {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			fill(k, n)
			fill(e, n)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fill(p.Elem(), n)
		v.Set(p)
	default:
		panic("fill: unhandled kind " + v.Kind().String() + " of " + v.Type().String())
	}
}

// Every field of every type a record holds survives a round trip: a field
// added to rules.Finding, rules.DocState, source.Error and the like, and
// not to the codec, fails here.
func TestCodecCoversEveryField(t *testing.T) {
	// The unexported fields of rules.Finding are not kept: start is
	// CachedFinding.Start, and doc is set when findings are restored.
	var unexported []string
	ft := reflect.TypeFor[rules.Finding]()
	for i := 0; i < ft.NumField(); i++ {
		if !ft.Field(i).IsExported() {
			unexported = append(unexported, ft.Field(i).Name)
		}
	}
	if fmt.Sprint(unexported) != "[start doc]" {
		t.Fatalf("rules.Finding's unexported fields are %v: does the check cache need to keep the new ones?", unexported)
	}
	n := 0
	var d Doc
	fill(reflect.ValueOf(&d).Elem(), &n)
	var corpus rules.CorpusState
	fill(reflect.ValueOf(&corpus).Elem(), &n)
	c := New("k")
	c.Docs["a.md"] = &d
	c.Corpus = &corpus
	var buf bytes.Buffer
	if err := encode(&buf, c); err != nil {
		t.Fatal(err)
	}
	got, err := decode(buf.Bytes(), "k")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(forget(got), c) {
		t.Fatalf("round trip differs:\n got %#v\nwant %#v", got.Docs["a.md"], c.Docs["a.md"])
	}
}

// A cache written from entries loaded and reused is byte for byte the one
// written from the same entries encoded afresh, whatever was changed.
func TestReusedRecordsMatchFreshEncoding(t *testing.T) {
	var first bytes.Buffer
	if err := encode(&first, sample()); err != nil {
		t.Fatal(err)
	}
	edits := map[string]func(c *Cache){
		"nothing":       func(c *Cache) {},
		"size":          func(c *Cache) { c.Docs["a.md"].Size++ },
		"mod time":      func(c *Cache) { c.Docs["b.md"].ModTime++ },
		"hash":          func(c *Cache) { c.Docs["a.md"].Hash = "h9" },
		"slug":          func(c *Cache) { c.Docs["a.md"].Slug = "z" },
		"slug position": func(c *Cache) { c.Docs["a.md"].SlugPos.Line++ },
		"problems":      func(c *Cache) { c.Docs["broken.md"].Problems = []source.Error{{Msg: "other"}} },
		"no problems":   func(c *Cache) { c.Docs["a.md"].Problems = nil },
		"new state": func(c *Cache) {
			c.Docs["a.md"].State = &rules.DocState{Anchors: []string{"three"}, Corpus: "c2"}
		},
		"state dropped": func(c *Cache) { c.Docs["a.md"].State = nil },
		"entry added":   func(c *Cache) { c.Docs["c.md"] = &Doc{Hash: "h4", State: &rules.DocState{}} },
		"entry removed": func(c *Cache) { delete(c.Docs, "b.md") },
		"renamed": func(c *Cache) {
			c.Docs["z.md"] = c.Docs["a.md"]
			delete(c.Docs, "a.md")
		},
		"corpus": func(c *Cache) { c.Corpus = &rules.CorpusState{Key: "ck2"} },
	}
	for name, edit := range edits {
		prev, err := decode(first.Bytes(), "k1")
		if err != nil {
			t.Fatal(err)
		}
		// As a check carries unchanged entries into the next cache.
		next := New("k1")
		next.Saved = prev.Saved
		next.Corpus = prev.Corpus
		for rel, old := range prev.Docs {
			e := &Doc{Hash: old.Hash, Size: old.Size, ModTime: old.ModTime, State: old.State}
			e.Reuse(old)
			next.Docs[rel] = e
		}
		edit(next)
		var reused, fresh bytes.Buffer
		if err := encode(&reused, next); err != nil {
			t.Fatal(err)
		}
		if err := encode(&fresh, forget(next)); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(reused.Bytes(), fresh.Bytes()) {
			t.Errorf("%s: the cache written with reused records differs from one encoded afresh", name)
		}
		if name == "nothing" && !bytes.Equal(reused.Bytes(), first.Bytes()) {
			t.Errorf("an unchanged cache was not written back as it was")
		}
	}
}
