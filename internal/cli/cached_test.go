package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestScriptsWithCheckCache runs every script that checks one corpus folder
// as a check of the corpus, which uses the check cache: the first run (no
// cache), the second (everything from the cache) and a run after a
// document changed must all say exactly what a check without the cache
// says, exit code and problems included.
func TestScriptsWithCheckCache(t *testing.T) {
	files, _ := filepath.Glob("testdata/script/*.txtar")
	ran, cachedRuns := 0, 0
	for _, file := range files {
		_, dir, args, _ := materialise(t, file)
		if len(args) < 2 || args[0] != "check" {
			continue
		}
		var paths, flags []string
		for _, a := range args[1:] {
			if strings.HasPrefix(a, "-") || len(flags) > 0 && flagTakesValue(flags[len(flags)-1]) && !strings.Contains(flags[len(flags)-1], "=") {
				flags = append(flags, a)
			} else {
				paths = append(paths, a)
			}
		}
		if len(paths) != 1 {
			continue
		}
		if st, err := os.Stat(filepath.Join(dir, paths[0])); err != nil || !st.IsDir() {
			continue
		}
		ran++
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			cached := append([]string{"check", "--corpus", paths[0]}, flags...)
			fresh := append([]string{"check", "--no-cache", "--corpus", paths[0]}, flags...)
			same := func(when string) int {
				t.Helper()
				o1, e1, c1 := runIn(t, dir, cached...)
				o2, e2, c2 := runIn(t, dir, fresh...)
				if o1 != o2 || e1 != e2 || c1 != c2 {
					t.Fatalf("%s: with the cache:\n%s%sexit %d\nwithout:\n%s%sexit %d", when, o1, e1, c1, o2, e2, c2)
				}
				return c1
			}
			code := same("first run")
			if _, err := os.Stat(filepath.Join(dir, ".concord", "check-cache")); err != nil {
				if code == 0 || code == 1 {
					t.Fatalf("no cache written: %v", err)
				}
				// Stopped before checking (a bad glossary, flag or
				// configuration): nothing to cache.
				return
			}
			cachedRuns++
			same("second run")
			docs, _ := filepath.Glob(filepath.Join(dir, paths[0], "*.md"))
			if len(docs) == 0 {
				return
			}
			b, _ := os.ReadFile(docs[0])
			os.WriteFile(docs[0], append(b, "\nOfficers recorded domestic violence and [a link](missing.md#x).\n"...), 0o644)
			same("after a change")
		})
	}
	if ran < 5 || cachedRuns < 3 {
		t.Fatalf("only %d scripts check a corpus folder, %d of them with a cache", ran, cachedRuns)
	}
	t.Logf("%d scripts checked with the cache, %d of them past loading", ran, cachedRuns)
}

func flagTakesValue(f string) bool {
	switch f {
	case "--format", "-f", "--fail-on", "--color", "--baseline", "--changed-since", "--config", "--glossary", "--corpus":
		return true
	}
	return false
}

// TestCheckCacheFollowsTheDisk changes only files the cache cannot see in
// the documents' text: a linked file that appears, and a document whose
// modification time is kept while its content changes size.
func TestCheckCacheFollowsTheDisk(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("corpus/a.md", "# A\n\nSee [the form](form.pdf), [b](b.md#second) and [c](c.md).\n")
	write("corpus/b.md", "# B\n\n## First\n\nText.\n")
	count := func(when string, want int) {
		t.Helper()
		out, errs, code := runIn(t, dir, "check", "--format", "json", "--fail-on", "none")
		fresh, _, _ := runIn(t, dir, "check", "--format", "json", "--fail-on", "none", "--no-cache")
		if out != fresh || code != 0 {
			t.Fatalf("%s: the cached check differs from a fresh one (exit %d, %s):\n%s\n---\n%s", when, code, errs, out, fresh)
		}
		if n := strings.Count(out, `"rule": "broken-link"`); n != want {
			t.Fatalf("%s: %d broken links, want %d:\n%s", when, n, want, out)
		}
	}
	count("first", 3)
	count("again", 3)
	write("corpus/form.pdf", "%PDF")
	count("the linked file created", 2)
	write("corpus/b.md", "# B\n\n## Second\n\nText.\n")
	count("the heading renamed", 1)
	write("corpus/c.md", "# C\n")
	count("the missing document written", 0)
	os.Remove(filepath.Join(dir, "corpus/form.pdf"))
	count("the linked file removed", 1)
}
