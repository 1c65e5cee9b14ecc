package cli

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/concord-guidance/concord/internal/benchgen"
)

// TestIncrementalBuild builds a generated corpus of 130 documents (enough
// for the common terms' uses to run to several pages), then edits it in
// every way that reaches other pages than the document's own, and after
// each edit compares the incremental build with a full one (--no-cache)
// byte for byte, file for file. It also bounds how many files each
// incremental build wrote, so a build that quietly renders everything does
// not pass.
func TestIncrementalBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a site 24 times")
	}
	testIncrementalBuild(t)
}

// TestIncrementalBuildStreamed is TestIncrementalBuild with every build
// that has no state to start from streamed, as a large corpus's is: the
// first, the one after the glossary changed, and the one after the state
// was damaged (where the check cache vouches for every document, so none
// was checked). Each must give the site a full build gives, and a state
// the next build starts from as from a held build's.
func TestIncrementalBuildStreamed(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a site 24 times")
	}
	t.Setenv("CONCORD_BUILD_STREAM_FROM", "0")
	testIncrementalBuild(t)
}

func testIncrementalBuild(t *testing.T) {
	dir := t.TempDir()
	if _, err := benchgen.Generate(dir, benchgen.Options{Docs: 130, Seed: 7, Glossary: os.DirFS("../../glossary")}); err != nil {
		t.Fatal(err)
	}
	docs, _ := filepath.Glob(filepath.Join(dir, "corpus", "*.md"))
	sort.Strings(docs)
	if len(docs) != 130 {
		t.Fatalf("generated %d documents", len(docs))
	}
	read := func(p string) string {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	write := func(p, s string) {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit := func(p string, f func(string) string) func() { return func() { write(p, f(read(p))) } }
	appendTo := func(p, s string) func() { return edit(p, func(old string) string { return old + s }) }
	first, second, third := docs[3], docs[40], docs[77]
	var removed string
	steps := []struct {
		name string
		edit func()
		// most is the largest number of files the build may write (-1:
		// any number).
		most int
	}{
		{"first build", func() {}, -1},
		{"nothing changed", func() {}, 3},
		// The editors' view marks findings in each document's text: the
		// steps that follow, up to the readers' view again, check those
		// marks are kept up to date as findings come and go.
		{"the editors' view switched on", appendTo(filepath.Join(dir, "concord.yaml"), "\nsite:\n  editor: true\n"), -1},
		{"a sentence using terms appended", appendTo(first, "\nStalking is a course of conduct, and a restraining order may follow.\n"), 60},
		{"deprecated wording appended (a new finding)", appendTo(second, "\nOfficers recorded the incident as domestic violence.\n"), 60},
		{"a title changed", edit(third, func(s string) string {
			return regexp.MustCompile(`(?m)^title: .*$`).ReplaceAllString(s, `title: "Aardvark guidance, first by title"`)
		}), -1},
		{"a heading renamed", edit(first, func(s string) string { return strings.Replace(s, "\n## ", "\n## Renamed ", 1) }), -1},
		{"a link to another document added", appendTo(second, "\nSee [the other guidance]("+filepath.Base(third)+"#introduction).\n"), 60},
		{"a restatement added", appendTo(third, "\nStalking means a pattern of unwanted and persistent behaviour that frightens the victim.\n"), -1},
		{"a document added", func() {
			write(filepath.Join(dir, "corpus", "aaa-new-guidance.md"), "---\ntitle: New guidance\n---\n\n# New guidance\n\nSee [this]("+filepath.Base(first)+").\n\nStalking and harassment are different offences.\n")
		}, -1},
		{"a document removed", func() {
			removed = read(docs[60])
			os.Remove(docs[60])
		}, -1},
		{"the removed document back", func() { write(docs[60], removed) }, -1},
		{"the readers' view again, with the site's wording", edit(filepath.Join(dir, "concord.yaml"), func(s string) string {
			return strings.Replace(s, "site:\n  editor: true\n", "site:\n  title: Team guidance\n  intro: Our guidance.\n  organisation: A team\n  footer: Our footer.\n", 1)
		}), -1},
		{"deprecated wording appended in the readers' view", appendTo(first, "\nOfficers recorded the incident as domestic violence.\n"), 60},
		{"the glossary's summary of a term changed", edit(filepath.Join(dir, "glossary", "stalking.yaml"), func(s string) string {
			return regexp.MustCompile(`(?m)^summary: .*$`).ReplaceAllString(s, `summary: "A changed summary of stalking."`)
		}), -1},
		{"a document removed with the glossary changed (a full build)", func() {
			os.Remove(docs[100])
			edit(filepath.Join(dir, "glossary", "stalking.yaml"), func(s string) string {
				return strings.Replace(s, "A changed summary of stalking.", "A summary of stalking changed again.", 1)
			})()
		}, -1},
		{"another document changed after it", appendTo(docs[101], "\nStalking is serious.\n"), 60},
		{"the build state damaged", func() {
			files, _ := filepath.Glob(filepath.Join(dir, ".concord", "build-*", "*"))
			if len(files) < 2 {
				t.Fatalf("no build state to damage: %v", files)
			}
			for _, f := range files {
				b, _ := os.ReadFile(f)
				if len(b) > 0 {
					b[len(b)/2] ^= 0x55
					os.WriteFile(f, b, 0o644)
				}
			}
		}, -1},
		{"a file touched, not changed", func() {
			now := time.Now().Add(time.Minute)
			os.Chtimes(docs[90], now, now)
		}, 3},
	}
	out, full := filepath.Join(dir, "public"), filepath.Join(dir, "full")
	for _, st := range steps {
		st.edit()
		stdout, stderr, code := runIn(t, dir, "build", "--out", out)
		if code != 0 {
			t.Fatalf("%s: build exit %d\n%s%s", st.name, code, stdout, stderr)
		}
		if _, stderr, code := runIn(t, dir, "build", "--no-cache", "--out", full); code != 0 {
			t.Fatalf("%s: full build exit %d\n%s", st.name, code, stderr)
		}
		wrote := sameTrees(t, st.name, out, full)
		if st.most >= 0 && wrote > st.most {
			t.Errorf("%s: %d files written, want at most %d", st.name, wrote, st.most)
		}
		t.Logf("%s: %d of %d files written", st.name, wrote, countFiles(out))
	}
	if _, err := os.Stat(filepath.Join(out, "glossary", "stalking", "uses-2", "index.html")); err != nil {
		t.Errorf("the corpus is too small to page a common term's uses: %v", err)
	}
}

// sameTrees fails the test unless the folders hold the same files with the
// same bytes, and returns how many files in a the last build wrote (see
// writtenFiles).
func sameTrees(t *testing.T, step, a, b string) int {
	t.Helper()
	list := func(root string) map[string]string {
		m := map[string]string{}
		filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			m[filepath.ToSlash(rel)] = string(data)
			return nil
		})
		return m
	}
	ma, mb := list(a), list(b)
	var diffs []string
	for p, da := range ma {
		db, ok := mb[p]
		switch {
		case !ok:
			diffs = append(diffs, p+" only in the incremental build")
		case da != db:
			diffs = append(diffs, p+" differs"+firstDiff(da, db))
		}
	}
	for p := range mb {
		if _, ok := ma[p]; !ok {
			diffs = append(diffs, p+" missing from the incremental build")
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 0 {
		if len(diffs) > 10 {
			diffs = append(diffs[:10], "… and "+strconv.Itoa(len(diffs)-10)+" more")
		}
		t.Fatalf("%s: the incremental build differs from a full one:\n%s", step, strings.Join(diffs, "\n"))
	}
	return writtenFiles(t, a)
}

func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-80)
	return ":\n  incremental: …" + a[lo:min(len(a), i+80)] + "\n  full:        …" + b[lo:min(len(b), i+80)]
}

func countFiles(root string) int {
	n := 0
	filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			n++
		}
		return err
	})
	return n
}
