package cli

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/concord-guidance/concord/internal/browsertest"
)

// searchQueries are what a prosecutor or policy lead might type.
var searchQueries = []string{
	"stalking protection order", "breach of a restraining order", "fear of violence",
	"course of conduct", "cyberstalking", "bail conditions", "special measures",
	"controlling or coercive behaviour", "racially aggravated", "victim personal statement",
}

// TestSearchBytesPerQuery measures, in headless chromium with an empty cache
// for every query, the bytes a reader's browser fetches to show the top 10
// results on the bundled site's search page: the page, its scripts and the
// index shards. It does the same for Pagefind 1.6 indexing the same built
// site (page, pagefind.js, WebAssembly, index chunks and the top 10
// fragments), and compares their top results. It runs only when Pagefind is
// installed: PAGEFIND=/path/to/pagefind, or scripts/bench --install-anchors.
func TestSearchBytesPerQuery(t *testing.T) {
	pf := os.Getenv("PAGEFIND")
	if pf == "" {
		pf = "/tmp/anchors/npm/node_modules/.bin/pagefind"
	}
	if _, err := os.Stat(pf); err != nil {
		t.Skip("Pagefind is not installed (set PAGEFIND or run scripts/bench --install-anchors)")
	}
	browsertest.ChromiumPath(t)
	out := filepath.Join(t.TempDir(), "public")
	if _, stderr, code := runIn(t, repoRoot(t), "build", "--out", out); code != 0 {
		t.Fatalf("build: %s", stderr)
	}
	if b, err := exec.Command(pf, "--site", out, "--output-subdir", "pagefind").CombinedOutput(); err != nil {
		t.Fatalf("pagefind: %v\n%s", err, b)
	}
	// A page that drives Pagefind's own JavaScript API the way its UI does.
	os.WriteFile(filepath.Join(out, "pagefind-search.html"), []byte(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pagefind</title></head><body>
<script type="module">
import * as pagefind from "./pagefind/pagefind.js";
window.runQuery = async (q) => {
  const r = await pagefind.search(q);
  const top = await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
  return top.map((d) => d.url);
};
window.ready = true;
</script></body></html>`), 0o644)
	// Bytes are counted where they are sent, so requests from Pagefind's web
	// worker count too (a page's performance timeline does not see them).
	var sent atomic.Int64
	files := http.FileServer(http.Dir(out))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		files.ServeHTTP(countingWriter{w, &sent}, r)
	}))
	defer srv.Close()

	var cBytes, pBytes []int
	agree := 0
	for _, q := range searchQueries {
		// A fresh browser per measurement: nothing cached.
		cctx := browsertest.New(t)
		sent.Store(0)
		browsertest.Step(t, cctx, "concord search", chromedp.Navigate(srv.URL+"/search/?q="+url.QueryEscape(q)), chromedp.WaitReady("body"))
		cTop := waitResults(t, cctx, `Array.from(document.querySelectorAll("[data-search-results] a")).map(a => a.getAttribute("href"))`)
		cb := transferred(&sent)

		pctx := browsertest.New(t)
		sent.Store(0)
		browsertest.Step(t, pctx, "pagefind search", chromedp.Navigate(srv.URL+"/pagefind-search.html"), chromedp.WaitReady("body"))
		waitResults(t, pctx, `window.ready ? ["ready"] : []`)
		pTop := browsertest.Eval[[]string](t, pctx, fmt.Sprintf(`window.runQuery(%q)`, q))
		pb := transferred(&sent)

		cDoc, pDoc := firstDoc(cTop), firstDoc(pTop)
		if cDoc == pDoc {
			agree++
		}
		overlap := 0
		for _, d := range docsOf(cTop) {
			if slices.Contains(docsOf(pTop), d) {
				overlap++
			}
		}
		t.Logf("%-35q concord %7d B  pagefind %7d B  (%.2f×)  top 3: %v / %v, %d of concord's top-10 pages in Pagefind's", q, cb, pb, float64(cb)/float64(pb), top3(cTop), top3(pTop), overlap)
		cBytes = append(cBytes, cb)
		pBytes = append(pBytes, pb)
	}
	cm, pm := median(cBytes), median(pBytes)
	t.Logf("median bytes per cold query: concord %d, Pagefind %d (%.2f×); same top page for %d of %d queries", cm, pm, float64(cm)/float64(pm), agree, len(searchQueries))
	if cm*2 > pm {
		t.Errorf("concord transfers %d bytes per query, more than half of Pagefind's %d", cm, pm)
	}
}

func waitResults(t *testing.T, ctx context.Context, expr string) []string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if v := browsertest.Eval[[]string](t, ctx, expr); len(v) > 0 {
			return v
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("no results within 20s")
	return nil
}

// transferred waits for late fetches to land and returns the bytes sent.
func transferred(sent *atomic.Int64) int {
	time.Sleep(300 * time.Millisecond)
	return int(sent.Load())
}

type countingWriter struct {
	http.ResponseWriter
	n *atomic.Int64
}

func (c countingWriter) Write(b []byte) (int, error) {
	n, err := c.ResponseWriter.Write(b)
	c.n.Add(int64(n))
	return n, err
}

// docsOf reduces result links to their document slugs, in order.
func docsOf(links []string) []string {
	var out []string
	for _, l := range links {
		l = strings.TrimPrefix(l, "../")
		l = strings.TrimPrefix(l, "/")
		parts := strings.Split(l, "/")
		if len(parts) >= 2 && parts[0] == "docs" {
			if !slices.Contains(out, parts[1]) {
				out = append(out, parts[1])
			}
		}
	}
	return out
}

func firstDoc(links []string) string {
	if d := docsOf(links); len(d) > 0 {
		return d[0]
	}
	return ""
}

func median(xs []int) int {
	s := slices.Clone(xs)
	sort.Ints(s)
	return s[len(s)/2]
}

func top3(links []string) []string {
	d := docsOf(links)
	return d[:min(3, len(d))]
}
