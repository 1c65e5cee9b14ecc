package checkcache

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/concord-guidance/concord/internal/binenc"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/source"
)

func sample() *Cache {
	c := New("k1")
	c.Docs["a.md"] = &Doc{Hash: "h1", Size: 10, ModTime: 99, Slug: "a", SlugPos: source.Position{File: "corpus/a.md", Line: 2, Column: 1},
		Problems: []source.Error{{Pos: source.Position{File: "corpus/a.md", Line: 3, Column: 4}, Key: "title", Msg: "bad", Hint: "fix"}},
		State: &rules.DocState{Anchors: []string{"one", "two"}, Deps: map[string]string{"doc:b.md": "x", "docs": "y"}, Corpus: "c1",
			Findings: []rules.CachedFinding{{Finding: rules.Finding{Rule: "broken-link", Severity: rules.Error, File: "corpus/a.md", Line: 1, Column: 2, Message: "m", Fingerprint: "f", Context: "ctx", Match: "m"}, Start: 7}}}}
	c.Docs["b.md"] = &Doc{Hash: "h2", State: &rules.DocState{}}
	c.Docs["broken.md"] = &Doc{Hash: "h3", Problems: []source.Error{{Msg: "unreadable"}}}
	c.Corpus = &rules.CorpusState{Key: "ck", Findings: map[string][]rules.CachedFinding{"a.md": {{Finding: rules.Finding{Rule: "inconsistent-description", Related: []rules.Location{{File: "corpus/b.md", Line: 3}}}, Start: 3}}}}
	return c
}

func TestSaveLoadRoundTrip(t *testing.T) {
	dir := t.TempDir()
	c := sample()
	if err := c.Save(dir); err != nil {
		t.Fatal(err)
	}
	got := LoadLater(dir)("k1")
	if got == nil {
		t.Fatal("cache not loaded")
	}
	want := sample()
	want.Saved = c.Saved
	want.Docs["b.md"].State = &rules.DocState{} // empty slices and maps come back nil
	if !reflect.DeepEqual(forget(got), want) {
		t.Fatalf("round trip differs:\n%#v\n%#v", got, want)
	}
	if LoadLater(dir)("k2") != nil {
		t.Fatal("a cache made under another key was loaded")
	}
	st, _ := os.Stat(filepath.Join(dir, FileName))
	if st.Mode().Perm() != 0o644 {
		t.Fatalf("cache mode %v", st.Mode())
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*tmp*")); len(left) > 0 {
		t.Fatalf("temporary files left: %v", left)
	}
}

// forget drops what c's entries keep of the file they were loaded from.
func forget(c *Cache) *Cache {
	for _, d := range c.Docs {
		d.loaded = nil
	}
	return c
}

// A cut or damaged file is ignored, never half-trusted and never a panic.
func TestDamagedCacheIsIgnored(t *testing.T) {
	var buf bytes.Buffer
	if err := encode(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	full := buf.Bytes()
	for n := 0; n < len(full); n++ {
		if c, err := decode(full[:n], "k1"); err == nil {
			t.Fatalf("a file cut at %d of %d bytes decoded: %+v", n, len(full), c)
		}
	}
	for i := range full {
		b := append([]byte(nil), full...)
		b[i] ^= 0xff
		if _, err := decode(b, "k1"); err == nil {
			t.Fatalf("a file with byte %d changed decoded", i)
		}
	}
	// A cache an older concord wrote (format 4: the magic, then the
	// format as a zig-zag varint, no header) is stale, not an error.
	old := []byte(magic + "\x08\x04k1\x00\x00\x00\x00")
	if _, err := decode(old, "k1"); !errors.Is(err, binenc.ErrVersion) {
		t.Fatalf("a format 4 cache: %v", err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, FileName), old, 0o644); err != nil {
		t.Fatal(err)
	}
	if LoadLater(dir)("k1") != nil {
		t.Fatal("a format 4 cache was loaded")
	}
}

func TestUnchanged(t *testing.T) {
	saved := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	c := &Cache{Saved: saved.UnixNano()}
	old := saved.Add(-time.Hour)
	e := &Doc{Size: 10, ModTime: old.UnixNano()}
	cases := []struct {
		name string
		size int64
		mod  time.Time
		want bool
	}{
		{"same size and time", 10, old, true},
		{"another size", 11, old, false},
		{"another time", 10, old.Add(time.Nanosecond), false},
		{"modified just before the cache was saved", 10, saved.Add(-time.Second), false},
	}
	for _, tc := range cases {
		e2 := *e
		if tc.name == "modified just before the cache was saved" {
			e2.ModTime = tc.mod.UnixNano()
		}
		if got := c.Unchanged(&e2, tc.size, tc.mod); got != tc.want {
			t.Errorf("%s: Unchanged = %v", tc.name, got)
		}
	}
	if c.Unchanged(nil, 10, old) {
		t.Error("no entry counted as unchanged")
	}
}

func FuzzDecode(f *testing.F) {
	// Past the header: what a file damaged in a way the checksum misses,
	// or written by a buggy concord, would hold.
	var buf bytes.Buffer
	encode(&buf, sample())
	r, err := binenc.Open(buf.Bytes(), magic, format)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(r.Data())
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		r := binenc.NewReader(b)
		decodePayload(&r, "k1")
	})
}

func TestLoadLater(t *testing.T) {
	dir := t.TempDir()
	if LoadLater(dir)("k1") != nil {
		t.Fatal("a missing cache loaded")
	}
	c := sample()
	if err := c.Save(dir); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	want, err := decode(data, "k1")
	if err != nil {
		t.Fatal(err)
	}
	got := LoadLater(dir)("k1")
	if got == nil || !reflect.DeepEqual(forget(got), forget(want)) {
		t.Fatalf("LoadLater differs from decoding the file under its key: %+v", got)
	}
	if LoadLater(dir)("k2") != nil {
		t.Fatal("a cache made under another key was loaded")
	}
	if LoadLater(dir)(anyKey) != nil {
		t.Fatal("a cache was loaded under the any-key marker")
	}
}
