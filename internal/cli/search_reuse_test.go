package cli

import (
	"bytes"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Once a project has a search index, concord build keeps it current, and
// the first concord search (or concord serve's first phrase) after a build opens it as the
// build left it, indexing nothing, and answers as a search that indexed the
// corpus itself; an edit re-indexes that one document. The
// counts come from CONCORD_CACHE_STATS, the same switch that shows the
// check cache's. The bleve index is forced (CONCORD_SEARCH_INDEX=bleve):
// by default a search after a build answers from the build's static index
// when it can (TestSearchAnswersFromTheBuildsStaticIndex).
func TestSearchReusesTheBuildsIndex(t *testing.T) {
	t.Setenv("CONCORD_CACHE_STATS", "1")
	t.Setenv("CONCORD_SEARCH_INDEX", "bleve")
	dir := t.TempDir()
	writeSearchProject(t, dir, map[string]string{
		"corpus/three.md": "---\ntitle: Bail\n---\n\nBail conditions can protect a victim of stalking.\n",
	})
	past := time.Now().Add(-time.Hour)
	age(t, filepath.Join(dir, "corpus"), past)
	build := func() string {
		t.Helper()
		_, stderr, code := runIn(t, dir, "build", "--out", "public")
		if code != 0 {
			t.Fatalf("build: exit %d: %s", code, stderr)
		}
		return stderr
	}
	search := func(q string) (string, string) {
		t.Helper()
		out, stderr, code := runIn(t, dir, "search", "--color", "never", "--format", "json", q)
		if code != 0 {
			t.Fatalf("search %s: exit %d: %s", q, code, stderr)
		}
		return out, stderr
	}
	// 3 documents and 1 glossary term. A project that never searched pays
	// for no index.
	if stderr := build(); !strings.Contains(stderr, "concord: build index: none (concord search or serve makes it), 0 of 4 documents indexed") {
		t.Fatalf("the first build made an index nobody asked for:\n%s", stderr)
	}
	if _, stderr := search("stalking"); !strings.Contains(stderr, "search index: updated, 4 of 4 documents indexed") {
		t.Fatalf("the first search did not index the corpus: %s", stderr)
	}
	// Once there is an index, a build keeps it current.
	one := filepath.Join(dir, "corpus", "one.md")
	text, _ := os.ReadFile(one)
	os.WriteFile(one, bytes.Replace(text, []byte("whole pattern"), []byte("whole outline"), 1), 0o644)
	age(t, filepath.Join(dir, "corpus"), past.Add(30*time.Second))
	if stderr := build(); !strings.Contains(stderr, "concord: build index: updated, 1 of 4 documents indexed") {
		t.Fatalf("a build after an edit did not update the index:\n%s", stderr)
	}
	afterBuild, stderr := search("stalking")
	if want := "concord: search index: opened as left, 0 of 4 documents indexed\n"; !strings.Contains(stderr, want) {
		t.Fatalf("search after a build: stderr\n%s\nwant %q", stderr, want)
	}
	// The reference: a search that indexed the corpus itself.
	os.Rename(filepath.Join(dir, cacheDir), filepath.Join(dir, "kept"))
	own, stderr := search("stalking")
	if !strings.Contains(stderr, "search index: updated, 4 of 4 documents indexed") {
		t.Fatalf("search with no index: %s", stderr)
	}
	if afterBuild != own {
		t.Fatalf("the build's index answers differently:\n%s\nwant\n%s", afterBuild, own)
	}
	os.RemoveAll(filepath.Join(dir, cacheDir))
	os.Rename(filepath.Join(dir, "kept"), filepath.Join(dir, cacheDir))

	// A build of an unchanged corpus leaves the index as it is.
	if stderr := build(); !strings.Contains(stderr, "build index: current, 0 of 4 documents indexed") {
		t.Fatalf("a build of an unchanged corpus: %s", stderr)
	}

	// One edited document: the build indexes it alone, and the search
	// after it opens the index as the build left it.
	os.WriteFile(one, bytes.Replace(text, []byte("whole pattern"), []byte("whole history"), 1), 0o644)
	age(t, filepath.Join(dir, "corpus"), past.Add(time.Minute))
	if stderr := build(); !strings.Contains(stderr, "build index: updated, 1 of 4 documents indexed") {
		t.Fatalf("a build after one edit: %s", stderr)
	}
	out, stderr := search("history")
	if !strings.Contains(stderr, "search index: opened as left, 0 of 4 documents indexed") || !strings.Contains(out, "corpus/one.md") {
		t.Fatalf("search after the edit and a build:\n%s\n%s", stderr, out)
	}

	// One edited document with no build in between: the search indexes it
	// alone.
	os.WriteFile(one, bytes.Replace(text, []byte("whole pattern"), []byte("whole account"), 1), 0o644)
	age(t, filepath.Join(dir, "corpus"), past.Add(2*time.Minute))
	out, stderr = search("account")
	if !strings.Contains(stderr, "search index: updated, 1 of 4 documents indexed") || !strings.Contains(out, "corpus/one.md") {
		t.Fatalf("search after an edit:\n%s\n%s", stderr, out)
	}

	// concord serve answers from the build's static index; the first query
	// that needs the bleve index (a phrase) opens the one the build kept.
	build()
	base, errb, stop := startServe(t, dir, os.Getenv)
	if got := fetchAny(t, base+"/api/search?q="+url.QueryEscape(`"whole account"`)); !strings.Contains(got, `"url":"docs/one/#recognising-stalking"`) {
		t.Fatalf("serve: a phrase: %s", got)
	}
	stop()
	if want := "concord: serve index: opened as left, 0 of 4 documents indexed"; !strings.Contains(errb.String(), want) {
		t.Fatalf("serve after a build: stderr\n%s\nwant %q", errb.String(), want)
	}
}

// The first concord search after a build, in a project that never
// searched, answers from the static index the build left: no bleve index
// is made. A query the static index cannot answer as bleve would (a
// phrase, --term), or a corpus changed since the build, goes to the bleve
// index, made then.
func TestSearchAnswersFromTheBuildsStaticIndex(t *testing.T) {
	t.Setenv("CONCORD_CACHE_STATS", "1")
	dir := t.TempDir()
	writeSearchProject(t, dir, nil)
	past := time.Now().Add(-time.Hour)
	age(t, filepath.Join(dir, "corpus"), past)
	build := func() {
		t.Helper()
		if _, stderr, code := runIn(t, dir, "build", "--out", "public"); code != 0 {
			t.Fatalf("build: exit %d: %s", code, stderr)
		}
	}
	search := func(args ...string) (string, string) {
		t.Helper()
		out, stderr, code := runIn(t, dir, append([]string{"search", "--color", "never"}, args...)...)
		if code != 0 {
			t.Fatalf("search %q: exit %d: %s", args, code, stderr)
		}
		return out, stderr
	}
	bleve := func() bool {
		m, _ := filepath.Glob(filepath.Join(dir, cacheDir, "index-*"))
		return len(m) > 0
	}
	const static = "concord: search index: the build's static index, 0 of 3 documents indexed\n"
	build()
	for _, q := range []string{"stalking", "+restraining -pattern", "stalkng", "restrain*", "title:orders"} {
		if _, stderr := search(q); stderr != static {
			t.Fatalf("search %q after a build: stderr\n%s\nwant %q", q, stderr, static)
		}
	}
	if bleve() {
		t.Fatal("a search the static index answers made a bleve index")
	}
	if _, stderr := search(`"whole pattern"`); !strings.Contains(stderr, "search index: updated, 3 of 3 documents indexed") {
		t.Fatalf("a phrase: stderr\n%s", stderr)
	}
	if _, stderr := search("--term", "stalking"); !strings.Contains(stderr, "search index: opened as left") {
		t.Fatalf("--term: stderr\n%s", stderr)
	}
	// An edit with no build since: the static index is not the corpus's.
	one := filepath.Join(dir, "corpus", "one.md")
	text, _ := os.ReadFile(one)
	os.WriteFile(one, bytes.Replace(text, []byte("whole pattern"), []byte("whole account"), 1), 0o644)
	age(t, filepath.Join(dir, "corpus"), past.Add(time.Minute))
	out, stderr := search("account")
	if !strings.Contains(stderr, "not the build's static index: the corpus changed since the last build") || !strings.Contains(stderr, "search index: updated, 1 of 3 documents indexed") || !strings.Contains(out, "corpus/one.md") {
		t.Fatalf("search after an edit:\n%s\n%s", stderr, out)
	}
	// A build of the edit makes the static index current again.
	build()
	if out, stderr := search("account"); stderr != static || !strings.Contains(out, "corpus/one.md") {
		t.Fatalf("search after the edit and a build:\n%s\n%s", stderr, out)
	}
}
