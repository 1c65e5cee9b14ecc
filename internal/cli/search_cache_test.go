package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const searchGlossary = `id: stalking
term: stalking
definition: Stalking is a course of conduct that amounts to harassment.
summary: Stalking.
sources:
  - act: Protection from Harassment Act 1997
    section: "2A"
`

// age sets every file under dir to a time well in the past, so that the
// search cache may vouch for it by its size and time.
func age(t *testing.T, dir string, when time.Time) {
	t.Helper()
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if err := os.Chtimes(p, when, when); err != nil {
				t.Fatal(err)
			}
		}
		return nil
	})
}

// writeSearchProject writes into dir the small project the search tests
// share: the stalking term and two documents, one.md and two.md, with more
// files, or other texts of those, from more.
func writeSearchProject(t *testing.T, dir string, more map[string]string) {
	t.Helper()
	files := map[string]string{
		"concord.yaml":           "corpus: corpus\nglossary: glossary\n",
		"glossary/stalking.yaml": searchGlossary,
		"corpus/one.md":          "---\ntitle: Stalking guidance\n---\n\n## Recognising stalking\n\nLook at the whole pattern when stalking is reported.\n",
		"corpus/two.md":          "---\ntitle: Orders\n---\n\nA restraining order may follow a conviction for stalking.\n",
	}
	for name, text := range more {
		files[name] = text
	}
	writeFiles(t, dir, files)
}

// concord search answers an unchanged corpus from its cache without reading
// the documents, and exactly as it would after reading them; a change, a new
// file or a broken one is seen at once.
func TestSearchFollowsTheCorpus(t *testing.T) {
	dir := t.TempDir()
	writeSearchProject(t, dir, nil)
	past := time.Now().Add(-time.Hour)
	age(t, filepath.Join(dir, "corpus"), past)
	search := func(args ...string) (string, string, int) {
		t.Helper()
		return runIn(t, dir, append([]string{"search", "--color", "never", "--format", "json"}, args...)...)
	}
	first, stderr, code := search("stalking")
	if code != 0 {
		t.Fatalf("first search: exit %d: %s", code, stderr)
	}
	// The second run reopens the index; a run without the cache is the
	// reference for both.
	second, _, code := search("stalking")
	if code != 0 || second != first {
		t.Fatalf("reopened search differs (exit %d):\n%s\nwant\n%s", code, second, first)
	}
	// The cache vouches for a file by its size and modification time, as
	// git and make do: a change that keeps both (made here on purpose) is
	// not seen, which proves that the reopened search read no document.
	one := filepath.Join(dir, "corpus", "one.md")
	text, _ := os.ReadFile(one)
	os.WriteFile(one, []byte(strings.Replace(string(text), "whole pattern", "whole pxttern", 1)), 0o644)
	age(t, filepath.Join(dir, "corpus"), past)
	if third, _, code := search("stalking"); code != 0 || third != first {
		t.Fatalf("search of a corpus unchanged by size and time read the documents (exit %d)", code)
	}
	os.WriteFile(one, text, 0o644)

	// An edit, even one keeping the file's size, is seen.
	edited := strings.Replace(string(text), "whole pattern", "whole history", 1)
	os.WriteFile(one, []byte(edited), 0o644)
	age(t, filepath.Join(dir, "corpus"), past.Add(time.Minute))
	out, _, code := search("history")
	if code != 0 || !strings.Contains(out, "corpus/one.md") {
		t.Fatalf("the edit is not found (exit %d):\n%s", code, out)
	}
	if again, _, _ := search("history"); again != out {
		t.Fatalf("reopened after the edit:\n%s\nwant\n%s", again, out)
	}

	// After an edit only the changed file is read: another file changed
	// behind concord's back (same size, same time) still answers as it
	// was, while the edited one answers anew.
	two := filepath.Join(dir, "corpus", "two.md")
	twoText, _ := os.ReadFile(two)
	os.WriteFile(two, []byte(strings.Replace(string(twoText), "conviction", "convictixn", 1)), 0o644)
	os.WriteFile(one, []byte(strings.Replace(edited, "whole history", "whole account", 1)), 0o644)
	age(t, filepath.Join(dir, "corpus"), past.Add(90*time.Second))
	os.Chtimes(two, past.Add(time.Minute), past.Add(time.Minute)) // as it was
	if out, _, _ := search("account"); !strings.Contains(out, "corpus/one.md") {
		t.Fatalf("after an edit, the edited file is not read:\n%s", out)
	}
	if out, _, _ := search("conviction"); !strings.Contains(out, "corpus/two.md") || strings.Contains(out, "convictixn") {
		t.Fatalf("after editing one file, the others were read again:\n%s", out)
	}
	os.WriteFile(two, twoText, 0o644)
	edited = strings.Replace(edited, "whole history", "whole account", 1)

	// A changed file taking the slug of an unchanged one later in the
	// corpus: the clash is reported against the later file, as a full
	// read reports it.
	os.WriteFile(one, []byte(strings.Replace(edited, "title: Stalking guidance", "title: Stalking guidance\nslug: two", 1)), 0o644)
	age(t, filepath.Join(dir, "corpus"), past.Add(100*time.Second))
	if _, stderr, code := search("stalking"); code != ExitInput || !strings.Contains(stderr, "two.md") || !strings.Contains(stderr, `slug "two"`) {
		t.Fatalf("slug clash with an unchanged file: exit %d, %s", code, stderr)
	}
	os.WriteFile(one, []byte(edited), 0o644)
	age(t, filepath.Join(dir, "corpus"), past.Add(110*time.Second))

	// A new document is found.
	writeFiles(t, dir, map[string]string{"corpus/three.md": "---\ntitle: Bail\n---\n\nBail conditions can protect a victim of stalking.\n"})
	age(t, filepath.Join(dir, "corpus"), past.Add(2*time.Minute))
	if out, _, _ := search("bail"); !strings.Contains(out, "corpus/three.md") {
		t.Fatalf("the new document is not found:\n%s", out)
	}

	// A broken document is reported on every run, not only the first.
	writeFiles(t, dir, map[string]string{"corpus/broken.md": "---\ntitle: [unclosed\n---\n\nText.\n"})
	age(t, filepath.Join(dir, "corpus"), past.Add(3*time.Minute))
	for run := 1; run <= 2; run++ {
		_, stderr, code := search("bail")
		if code != ExitInput || !strings.Contains(stderr, "broken.md") {
			t.Fatalf("run %d with a broken document: exit %d, %s", run, code, stderr)
		}
	}

	// A file just written is not vouched for by its time: it is read.
	os.WriteFile(one, []byte(strings.Replace(edited, "whole account", "whole record", 1)), 0o644)
	os.Remove(filepath.Join(dir, "corpus", "broken.md"))
	for run := 1; run <= 2; run++ {
		if out, _, _ := search("record"); !strings.Contains(out, "corpus/one.md") {
			t.Fatalf("run %d: a fresh edit is not found:\n%s", run, out)
		}
	}
}
