package run

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHeldTextsChangeNothing checks a corpus with documents that cannot be
// read, and links to them, holding every text from the read that finds
// which documents can be read, holding some, and holding none (each read
// again for its turn): the findings and the problems must be the same,
// and so must a first check with the cache, which hashes what it held
// and keeps the hashes for the next check.
func TestHeldTextsChangeNothing(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	link := "See [b](b.md#second), [bad](bad.md), [nul](nul.md), [crlf](crlf.md) and [c](c.md#x).\n"
	files := map[string]string{
		"a.md":     "# A\n\n" + link + "\nThe police may apply for a stalking prevention order.\n",
		"b.md":     "# B\n\n## First\n\nText.\n",
		"bad.md":   "# Bad\n\ncaf\xe9\n",
		"nul.md":   "# Nul\n\nab\x00\n",
		"crlf.md":  "\ufeff# CRLF\r\n\r\n" + strings.ReplaceAll(link, "\n", "\r\n"),
		"c.md":     "# C\n\n" + strings.Repeat("A stalking protection order. ", 200) + "\n",
		"d/e.md":   "---\ntitle: E\n---\n# E\n\n[a](../a.md)\n",
		"empty.md": "",
	}
	corpus := filepath.Join(dir, "corpus")
	for name, text := range files {
		p := filepath.Join(corpus, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.Symlink("loop.md", filepath.Join(corpus, "loop.md"))
	check := func(cached bool) string {
		t.Helper()
		os.RemoveAll(filepath.Join(dir, cacheDir))
		r := &Runner{CorpusDir: corpus, GlossaryDir: "builtin", Stderr: &strings.Builder{}, Getenv: func(string) string { return "" }}
		var b strings.Builder
		if cached {
			p, findings, saved, err := r.CheckCached(false)
			if saved != nil {
				saved()
			}
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%v\n", p.InputErrs)
			for _, f := range findings {
				fmt.Fprintf(&b, "%s:%d:%d %s %s\n", f.File, f.Line, f.Column, f.Rule, f.Message)
			}
			// Every document's hash was taken, held or read again: a
			// second check finds them all unchanged.
			var stats strings.Builder
			again := &Runner{CorpusDir: corpus, GlossaryDir: "builtin", Stderr: &stats, Getenv: func(k string) string {
				if k == "CONCORD_CACHE_STATS" {
					return "1"
				}
				return ""
			}}
			if _, _, saved, err := again.CheckCached(false); err != nil {
				t.Fatal(err)
			} else if saved != nil {
				saved()
			}
			if !strings.Contains(stats.String(), "check cache: 0 of 6 documents checked again") {
				t.Errorf("holding %d bytes, the second check: %s", heldBudget, stats.String())
			}
			return b.String()
		}
		p, findings, err := r.CheckAll()
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%v\n", p.InputErrs)
		for _, f := range findings {
			fmt.Fprintf(&b, "%s:%d:%d %s %s\n", f.File, f.Line, f.Column, f.Rule, f.Message)
		}
		return b.String()
	}
	defer func(b int64) { heldBudget = b }(heldBudget)
	for _, cached := range []bool{false, true} {
		heldBudget = 64 << 20
		all := check(cached)
		if !strings.Contains(all, "bad.md") || !strings.Contains(all, "nul.md") || !strings.Contains(all, "loop.md") || !strings.Contains(all, "broken-link") {
			t.Fatalf("cached %v: the problems and broken links are missing:\n%s", cached, all)
		}
		for _, budget := range []int64{0, 100, int64(len(files["c.md"]))} {
			heldBudget = budget
			if got := check(cached); got != all {
				t.Errorf("cached %v, holding %d bytes:\n%s\nholding all:\n%s", cached, budget, got, all)
			}
		}
	}
}
