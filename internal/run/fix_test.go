package run

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concord-guidance/concord/internal/fix"
)

// fixProject writes a corpus of files, each "The police may apply for a
// stalking prevention order." once or more (a deprecated wording the
// built-in glossary has one replacement for), and returns a runner on it
// with the built-in glossary.
func fixProject(t *testing.T, files map[string]string) (*Runner, string) {
	t.Helper()
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus")
	for name, text := range files {
		p := filepath.Join(corpus, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var stderr strings.Builder
	t.Cleanup(func() {
		if t.Failed() {
			t.Log(stderr.String())
		}
	})
	return &Runner{CorpusDir: corpus, GlossaryDir: "builtin", Stderr: &stderr, Getenv: func(string) string { return "" }}, corpus
}

const deprecatedOrder = "The police may apply for a stalking prevention order.\n"

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestFixScriptedDecider drives the apply loop as the interactive prompt
// does, without a terminal: accept the first edit, skip the second, quit
// at the third. The accepted edit is written, the skipped one is not, and
// nothing after the quit is asked about or changed.
func TestFixScriptedDecider(t *testing.T) {
	two := deprecatedOrder + "\nLater: a stalking prevention order again.\n"
	r, corpus := fixProject(t, map[string]string{"a.md": two, "b.md": deprecatedOrder, "c.md": deprecatedOrder})
	answers := []FixAnswer{FixAccept, FixSkip, FixQuit}
	var asked []string
	var done []FixedFile
	res, err := r.Fix(FixOptions{
		Decide: func(e fix.Edit) FixAnswer {
			asked = append(asked, filepath.Base(e.Finding.File))
			ans := answers[0]
			answers = answers[1:]
			return ans
		},
		Done: func(f FixedFile) { done = append(done, f) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(asked, " ") != "a.md a.md b.md" {
		t.Errorf("asked about %v, want a.md twice then b.md", asked)
	}
	if res.Fixed != 1 || res.Files != 1 || res.Failed != 0 || len(done) != 1 {
		t.Fatalf("fixed %d in %d files, %d failed, %d reported; want 1 in 1", res.Fixed, res.Files, res.Failed, len(done))
	}
	got := readFile(t, filepath.Join(corpus, "a.md"))
	want := "The police may apply for a Stalking Protection Order.\n\nLater: a stalking prevention order again.\n"
	if got != want {
		t.Errorf("a.md:\n%s\nwant\n%s", got, want)
	}
	if string(done[0].New) != want || len(done[0].Edits) != 1 {
		t.Errorf("reported %q with %d edits", done[0].New, len(done[0].Edits))
	}
	for _, n := range []string{"b.md", "c.md"} {
		if got := readFile(t, filepath.Join(corpus, n)); got != deprecatedOrder {
			t.Errorf("%s changed after the quit: %q", n, got)
		}
	}
}

// TestFixSkipsChangedFile: a file saved by someone else between concord's
// read and its write is left as they saved it, reported as fix.ErrChanged
// and counted as failed; the other files are still fixed.
func TestFixSkipsChangedFile(t *testing.T) {
	r, corpus := fixProject(t, map[string]string{"a.md": deprecatedOrder, "b.md": deprecatedOrder})
	edited := "someone else's edit\n"
	var errs []error
	res, err := r.Fix(FixOptions{
		// Decide runs after the file is read and before it is written.
		Decide: func(e fix.Edit) FixAnswer {
			if filepath.Base(e.Finding.File) == "a.md" {
				if err := os.WriteFile(filepath.Join(corpus, "a.md"), []byte(edited), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			return FixAccept
		},
		Done: func(f FixedFile) { errs = append(errs, f.Err) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Failed != 1 || res.Files != 1 || len(errs) != 2 || !errors.Is(errs[0], fix.ErrChanged) || errs[1] != nil {
		t.Fatalf("failed %d, fixed files %d, errors %v", res.Failed, res.Files, errs)
	}
	if got := readFile(t, filepath.Join(corpus, "a.md")); got != edited {
		t.Errorf("the changed file was overwritten: %q", got)
	}
	if got := readFile(t, filepath.Join(corpus, "b.md")); got == deprecatedOrder {
		t.Errorf("the other file was not fixed")
	}
}

// TestFixDryRunAndRules: a dry run reports the new bytes and writes
// nothing; a rule filter that matches no finding plans nothing.
func TestFixDryRunAndRules(t *testing.T) {
	r, corpus := fixProject(t, map[string]string{"a.md": deprecatedOrder})
	var done []FixedFile
	res, err := r.Fix(FixOptions{DryRun: true, Done: func(f FixedFile) { done = append(done, f) }})
	if err != nil {
		t.Fatal(err)
	}
	if res.Fixed != 1 || len(done) != 1 || !strings.Contains(string(done[0].New), "Stalking Protection Order") || string(done[0].Old) != deprecatedOrder {
		t.Fatalf("dry run: fixed %d, reported %+v", res.Fixed, done)
	}
	if got := readFile(t, filepath.Join(corpus, "a.md")); got != deprecatedOrder {
		t.Errorf("a dry run wrote the file: %q", got)
	}
	res, err = r.Fix(FixOptions{Rules: []string{"penalty-mismatch"}})
	if err != nil || res.Fixed != 0 || res.Files != 0 {
		t.Fatalf("--rule penalty-mismatch: %v, fixed %d", err, res.Fixed)
	}
	if got := readFile(t, filepath.Join(corpus, "a.md")); got != deprecatedOrder {
		t.Errorf("a filtered-out fix was made: %q", got)
	}
}

// TestFixRefusesOutside: a path outside the corpus is an input error
// before anything is read or written.
func TestFixRefusesOutside(t *testing.T) {
	r, corpus := fixProject(t, map[string]string{"a.md": deprecatedOrder})
	outside := filepath.Join(filepath.Dir(corpus), "outside.md")
	if err := os.WriteFile(outside, []byte(deprecatedOrder), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := r.Fix(FixOptions{Paths: []string{outside}})
	var ie *InputError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), "is outside the corpus folder") {
		t.Fatalf("got %v, want an InputError naming the corpus", err)
	}
	if got := readFile(t, outside); got != deprecatedOrder {
		t.Errorf("the file outside the corpus was written: %q", got)
	}
}
