package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSearchRebuildsADamagedCache: the attack corrupted a segment of the
// cached search index and every `concord search` panicked until .concord/
// was deleted. Damaged in any of these ways, the cache is rebuilt and the
// search answers exactly as before, with no message and exit 0, then and on
// the next run.
func TestSearchRebuildsADamagedCache(t *testing.T) {
	one := func(dir, pattern string) string {
		t.Helper()
		m, _ := filepath.Glob(filepath.Join(dir, ".concord", "index-*", pattern))
		if len(m) == 0 {
			t.Fatalf("no %s in the search cache", pattern)
		}
		return m[0]
	}
	garbage := func(p string) {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(p)
		for i := 32; i < len(b); i += 61 {
			b[i] = 0xff
		}
		os.WriteFile(p, b, 0o600)
		os.Chtimes(p, st.ModTime(), st.ModTime())
	}
	damage := map[string]func(dir string){
		"segment truncated":        func(dir string) { os.Truncate(one(dir, "store/*.zap"), 0) },
		"segment cut in half":      func(dir string) { p := one(dir, "store/*.zap"); st, _ := os.Stat(p); os.Truncate(p, st.Size()/2) },
		"garbage in a segment":     func(dir string) { garbage(one(dir, "store/*.zap")) },
		"garbage in the bolt root": func(dir string) { garbage(one(dir, "store/root.bolt")) },
		"bolt root truncated":      func(dir string) { os.Truncate(one(dir, "store/root.bolt"), 0) },
		"garbage in the meta file": func(dir string) { os.WriteFile(one(dir, "index_meta.json"), []byte("\x00\x1b[2J"), 0o644) },
		"garbage in the documents": func(dir string) { garbage(one(dir, "concord-docs.bin")) },
		"garbage in the manifest":  func(dir string) { os.WriteFile(one(dir, "concord-index.json"), []byte("{"), 0o644) },
	}
	for name, do := range damage {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			writeSearchProject(t, dir, nil)
			age(t, filepath.Join(dir, "corpus"), time.Now().Add(-time.Hour))
			for _, format := range []string{"json", "text"} {
				want, stderr, code := runIn(t, dir, "search", "--color", "never", "--format", format, "stalk*")
				if code != 0 || !strings.Contains(want, "one.md") {
					t.Fatalf("first search: exit %d: %s%s", code, want, stderr)
				}
				do(dir)
				for round := 0; round < 2; round++ {
					got, stderr, code := runIn(t, dir, "search", "--color", "never", "--format", format, "stalk*")
					if code != 0 || got != want || stderr != "" {
						t.Errorf("%s, round %d: exit %d, stderr %q, output\n%s\nwant\n%s", format, round, code, stderr, got, want)
					}
				}
			}
		})
	}
}
