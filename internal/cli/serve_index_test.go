package cli

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// startServe runs concord serve in dir (without watching) with getenv,
// returning its base URL, its stderr, and a function that stops it.
func startServe(t *testing.T, dir string, getenv func(string) string) (string, *bytes.Buffer, func()) {
	t.Helper()
	var outb, errb bytes.Buffer
	a := &app{stdout: &syncWriter{w: &outb}, stderr: &syncWriter{w: &errb}, getenv: getenv, isTerminal: isTerminal}
	wd, _ := os.Getwd()
	os.Chdir(dir)
	t.Cleanup(func() { os.Chdir(wd) })
	stop := make(chan struct{})
	listening := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- a.runServe(&serveOptions{listen: "127.0.0.1:0", noWatch: true, onListen: func(s string) { listening <- s }, stop: stop})
	}()
	var addr string
	select {
	case addr = <-listening:
	case err := <-done:
		t.Fatalf("serve stopped: %v\n%s", err, errb.String())
	case <-time.After(60 * time.Second):
		t.Fatal("serve did not start")
	}
	return "http://" + addr, &errb, func() {
		t.Helper()
		close(stop)
		if err := <-done; err != nil {
			t.Fatalf("serve: %v", err)
		}
	}
}

func envWith(kv ...string) func(string) string {
	return func(k string) string {
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i] == k {
				return kv[i+1]
			}
		}
		return os.Getenv(k)
	}
}

// concord serve answers /api/search from the site's static index, and
// makes a bleve index only when a query needs one (a phrase, a glossary
// term); its answers are byte for byte those of a serve that answers every
// query from bleve (CONCORD_SEARCH_INDEX=bleve). After a build of the
// unchanged corpus it takes the build's static index instead of making its
// own, and when a query needs bleve it opens the index the last search
// left rather than indexing the corpus again.
func TestServeAnswersFromTheStaticIndex(t *testing.T) {
	dir := t.TempDir()
	writeSearchProject(t, dir, map[string]string{
		"corpus/one.md":   "---\ntitle: Stalking guidance\n---\n\n## Recognising stalking\n\nLook at the whole pattern when stalking is reported.\n\n## Risk\n\nRepeated contact after an order raises the risk.\n",
		"corpus/three.md": "---\ntitle: Bail\n---\n\nBail conditions can protect a victim of stalking; a breach is more stalking.\n",
	})
	age(t, filepath.Join(dir, "corpus"), time.Now().Add(-time.Hour))
	// The static index answers these; the last three need bleve.
	queries := []string{
		"q=stalking", "q=stalkng", "q=restrain*", "q=%2Brestraining+-pattern", "q=title:orders",
		"q=heading:risk", "q=*ing", "q=stalking&limit=1", "q=the", "q=%22unclosed",
		"q=" + url.QueryEscape(`"whole pattern"`), "term=stalking", "q=breach&term=stalking",
	}
	const staticOnes = 10
	// served is every file of the search folder of the site at base, by
	// name, as the build writes them.
	var names []string
	served := func(base string) map[string]string {
		out := map[string]string{}
		for _, name := range names {
			out[name] = fetch(t, base+"/search/"+name)
		}
		return out
	}
	answers := func(base string, queries []string) []string {
		var out []string
		for _, q := range queries {
			out = append(out, q+"\n"+fetchAny(t, base+"/api/search?"+q))
		}
		return out
	}

	// The search files a build writes, to compare with serve's.
	if _, e, code := runIn(t, dir, "build", "--out", "ref"); code != 0 {
		t.Fatalf("build: exit %d: %s", code, e)
	}
	// Pages are left out: serve adds its reload script to them.
	filepath.WalkDir(filepath.Join(dir, "ref", "search"), func(path string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() && !strings.HasSuffix(path, ".html") {
			rel, _ := filepath.Rel(filepath.Join(dir, "ref", "search"), path)
			names = append(names, filepath.ToSlash(rel))
		}
		return err
	})
	if len(names) < 3 {
		t.Fatalf("the build wrote %d search files", len(names))
	}
	os.RemoveAll(filepath.Join(dir, cacheDir))

	// Reference: every query from bleve.
	base, _, stop := startServe(t, dir, envWith("CONCORD_SEARCH_INDEX", "bleve", "CONCORD_CACHE_STATS", "1"))
	want := answers(base, queries)
	stop()
	os.RemoveAll(filepath.Join(dir, cacheDir))

	base, stderr, stop := startServe(t, dir, envWith("CONCORD_CACHE_STATS", "1"))
	got := answers(base, queries[:staticOnes])
	if s := stderr.String(); strings.Contains(s, "serve index:") {
		t.Errorf("queries the static index answers made a bleve index:\n%s", s)
	}
	got = append(got, answers(base, queries[staticOnes:])...)
	ownFiles := served(base)
	stop()
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("serve answers differently from bleve:\n%s\nwant\n%s", got[i], want[i])
		}
	}
	if !strings.Contains(want[0], `"url":"docs/one/#recognising-stalking"`) {
		t.Errorf("no result for stalking: %s", want[0])
	}

	// Without a build, serve makes its own static index; the bleve index
	// is made only by the phrase, the first query that needs it.
	if s := stderr.String(); !strings.Contains(s, "not the build's static index: no build has left one") || strings.Count(s, "serve index:") != 1 {
		t.Fatalf("serve with no build: stderr\n%s", s)
	}

	// After a build: the build's static index, and no bleve index for the
	// queries it answers.
	os.RemoveAll(filepath.Join(dir, cacheDir))
	if _, e, code := runIn(t, dir, "build", "--out", "public"); code != 0 {
		t.Fatalf("build: exit %d: %s", code, e)
	}
	base, stderr, stop = startServe(t, dir, envWith("CONCORD_CACHE_STATS", "1"))
	first := fetchAny(t, base+"/api/search?q=stalking")
	buildFiles := served(base)
	stop()
	if want := strings.SplitN(want[0], "\n", 2)[1]; first != want {
		t.Errorf("serve after a build answers differently:\n%s\nwant\n%s", first, want)
	}
	if s := stderr.String(); !strings.Contains(s, "concord: serve: the build's static index\n") || strings.Contains(s, "serve index:") {
		t.Fatalf("serve after a build: stderr\n%s", s)
	}
	// The site serve shows has the build's search files, whether serve
	// made its static index or took the build's.
	for _, files := range []map[string]string{ownFiles, buildFiles} {
		for name, data := range files {
			if built, err := os.ReadFile(filepath.Join(dir, "ref", "search", filepath.FromSlash(name))); err != nil || string(built) != data {
				t.Errorf("served search/%s differs from the build's (%v)", name, err)
			}
		}
	}
}

// fetchAny is the status and body of a GET, whatever the status.
func fetchAny(t *testing.T, u string) string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return fmt.Sprintf("%d %s", resp.StatusCode, b)
}
