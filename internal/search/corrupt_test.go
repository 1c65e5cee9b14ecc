package search

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// corruptions damage a closed on-disk index in the ways a full disk, a crash
// or a careless hand does. Each returns nothing; the index folder is dir.
var corruptions = []struct {
	name string
	do   func(t *testing.T, dir string)
}{
	{"segment truncated to nothing", func(t *testing.T, dir string) { truncate(t, segment(t, dir), 0) }},
	{"segment truncated by half", func(t *testing.T, dir string) { truncate(t, segment(t, dir), -2) }},
	{"garbage in a segment, size and time kept", func(t *testing.T, dir string) { scribble(t, segment(t, dir)) }},
	{"garbage in the bolt root", func(t *testing.T, dir string) { scribble(t, filepath.Join(dir, "store", "root.bolt")) }},
	{"bolt root truncated", func(t *testing.T, dir string) { truncate(t, filepath.Join(dir, "store", "root.bolt"), 0) }},
	{"index_meta.json garbage", func(t *testing.T, dir string) {
		os.WriteFile(filepath.Join(dir, "index_meta.json"), []byte("\x1b[2J{broken"), 0o644)
	}},
	{"segment removed", func(t *testing.T, dir string) { os.Remove(segment(t, dir)) }},
	{"record of the files removed", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, storeSumName)) }},
	// Damage the record does not show (as if bleve itself had written a
	// bad segment): searching finds it, and the index is rebuilt then.
	{"garbage in a segment, record rewritten", func(t *testing.T, dir string) {
		scribble(t, segment(t, dir))
		if err := writeStoreSum(dir); err != nil {
			t.Fatal(err)
		}
	}},
}

func segment(t *testing.T, dir string) string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
	if len(m) == 0 {
		t.Fatalf("no segment in %s", dir)
	}
	return m[0]
}

// truncate cuts p to n bytes, or to its size divided by -n.
func truncate(t *testing.T, p string, n int64) {
	t.Helper()
	st, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if n < 0 {
		n = st.Size() / -n
	}
	if err := os.Truncate(p, n); err != nil {
		t.Fatal(err)
	}
}

// scribble overwrites every 97th byte after the first 64 with garbage, keeping
// the file's size and modification time.
func scribble(t *testing.T, p string) {
	t.Helper()
	st, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	for i := 64; i < len(b); i += 97 {
		b[i] ^= 0xa5
	}
	if err := os.WriteFile(p, b, st.Mode()); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(p, st.ModTime(), st.ModTime())
}

// TestCacheRecoversFromCorruption: whatever the damage to the cached index,
// Build (and the next search) answers as a fresh index does, and never
// panics; the index is rebuilt in its folder and trusted again after.
func TestCacheRecoversFromCorruption(t *testing.T) {
	queries := []Query{{Text: "stalked"}, {Text: "harass*"}, {Text: "fear~1"}, {Text: `"course of conduct"`}}
	fresh := buildTest(t, testDocs())
	var want []*Results
	for _, q := range queries {
		want = append(want, search(t, fresh, q))
	}
	for _, c := range corruptions {
		t.Run(c.name, func(t *testing.T) {
			cache := t.TempDir()
			idx, err := Build(testDocs(), cache)
			if err != nil {
				t.Fatal(err)
			}
			dir := idx.Dir()
			idx.Close()
			c.do(t, dir)
			for round := 0; round < 2; round++ {
				idx, err := Build(testDocs(), cache)
				if err != nil {
					t.Fatalf("round %d: %v", round, err)
				}
				for i, q := range queries {
					if got := search(t, idx, q); !reflect.DeepEqual(got, want[i]) {
						t.Errorf("round %d: %q gives %+v, want %+v", round, q.Text, got, want[i])
					}
				}
				if idx.Dir() == "" {
					t.Errorf("round %d: the index was not rebuilt in its folder", round)
				}
				idx.Close()
			}
			if !storeIntact(dir) {
				t.Errorf("the rebuilt index's files are not recorded as closed")
			}
		})
	}
}
