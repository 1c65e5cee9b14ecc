package cli

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/concord-guidance/concord/internal/browsertest"
)

// TestBrowserSearch builds the bundled site with its search shards, then in
// headless chromium types a query on /search/ over http and from disk
// (file://, where fetch of JSON is blocked) and expects the right page
// first, linked to the section anchor, and the definition card of the term
// the query names above the results.
func TestBrowserSearch(t *testing.T) {
	ctx := browsertest.New(t)
	out := filepath.Join(t.TempDir(), "public")
	if _, stderr, code := runIn(t, repoRoot(t), "build", "--out", out); code != 0 {
		t.Fatalf("build: exit %d: %s", code, stderr)
	}
	srv := httptest.NewServer(http.StripPrefix("/sub/", http.FileServer(http.Dir(out))))
	defer srv.Close()
	disk := (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(out, "search", "index.html"))}).String()
	for _, c := range []struct{ where, page string }{
		{"http", srv.URL + "/sub/search/"},
		{"disk", disk},
	} {
		browsertest.Step(t, ctx, "open the search page over "+c.where, chromedp.Navigate(c.page), chromedp.WaitReady("body"))
		// Typed and submitted with Enter: while typing, the last word also
		// matches as a prefix, which a deep link does not do.
		browsertest.Step(t, ctx, "type a query", chromedp.SendKeys(`input[type=search]`, "interim stalking protection order"), chromedp.KeyEvent(kb.Enter))
		waitStatus(t, ctx, "interim stalking protection order")
		// The submitted search puts the focus on its first result.
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline) && !browsertest.Eval[bool](t, ctx, `document.activeElement.classList.contains("search-result__title")`); {
			time.Sleep(100 * time.Millisecond)
		}
		first := waitFirst(t, ctx)
		if !strings.Contains(first, "docs/stalking-protection-orders/") || !strings.Contains(first, "#interim-stalking-protection-orders") {
			t.Errorf("%s: first result links to %q, want the interim SPO section of stalking-protection-orders", c.where, first)
		}
		// The query names a glossary term: its definition card shows above
		// the results.
		if card := browsertest.Eval[string](t, ctx, `(document.querySelector(".search-definition__title") || {}).textContent || ""`); card != "Interim Stalking Protection Order" {
			t.Errorf("%s: definition card %q, want the interim SPO's", c.where, card)
		}
		if n := browsertest.Eval[int](t, ctx, `document.querySelectorAll("[data-search-results] mark").length`); n == 0 {
			t.Errorf("%s: no highlighted words in the snippets", c.where)
		}
		// A ?q= deep link shows the same first result.
		deep := c.page + "?q=" + url.QueryEscape("interim stalking protection order")
		browsertest.Step(t, ctx, "open a deep link over "+c.where, chromedp.Navigate(deep), chromedp.WaitReady("body"))
		if got := waitFirst(t, ctx); got != first {
			t.Errorf("%s: deep link first result %q, typed query gave %q", c.where, got, first)
		}
		// Following the result lands on the section.
		browsertest.Step(t, ctx, "follow the first result", chromedp.Click(chromedp.CSS(`[data-search-results] a.search-result__title`)), chromedp.WaitReady("body"))
		if loc := browsertest.Eval[string](t, ctx, `location.href`); !strings.Contains(loc, "#interim-stalking-protection-orders") {
			t.Errorf("%s: following the result went to %s", c.where, loc)
		}
	}
}

// waitFirst waits for the first result link and returns its address.
func waitFirst(t *testing.T, ctx context.Context) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		href := browsertest.Eval[string](t, ctx, `(document.querySelector("[data-search-results] a.search-result__title") || {}).href || ""`)
		if href != "" {
			return href
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("no search result appeared within 20s")
	return ""
}

// waitStatus waits for the status line to name the query: results shown
// while the reader was still typing are gone.
func waitStatus(t *testing.T, ctx context.Context, q string) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if strings.Contains(browsertest.Eval[string](t, ctx, `document.querySelector("[data-search-status]").textContent`), "\u201c"+q+"\u201d") {
			return
		}
	}
	t.Fatalf("the status line did not name %q within 20s", q)
}

// TestBrowserSearchHostileInput: a ?q= link of 10,000 wildcards is refused
// at once with a message (it kept a reader's tab busy for a minute), and a
// document named Foo#bar?x=1.md is found and its result opens its page (the
// link used to point at docs/Foo, cut at the #).
func TestBrowserSearchHostileInput(t *testing.T) {
	ctx := browsertest.New(t)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"concord.yaml":           "corpus: corpus\nglossary: glossary\n",
		"glossary/stalking.yaml": searchGlossary,
		"corpus/Foo#bar?x=1.md":  "---\ntitle: Odd name\n---\n\n## Zebrafish\n\nZebrafish guidance about stalking.\n",
		"corpus/plain.md":        "---\ntitle: Plain\n---\n\nPlain guidance about stalking.\n",
	})
	out := filepath.Join(dir, "public")
	if _, stderr, code := runIn(t, dir, "build", "--out", out); code != 0 {
		t.Fatalf("build: exit %d: %s", code, stderr)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()

	browsertest.Step(t, ctx, "search for the oddly named document", chromedp.Navigate(srv.URL+"/search/?q=zebrafish"), chromedp.WaitReady("body"))
	if first := waitFirst(t, ctx); !strings.Contains(first, "/docs/Foo%23bar%3Fx=1/") {
		t.Errorf("the result links to %q, want docs/Foo%%23bar%%3Fx=1/", first)
	}
	browsertest.Step(t, ctx, "follow it", chromedp.Click(chromedp.CSS(`[data-search-results] a`)), chromedp.WaitReady("body"))
	if body := browsertest.Eval[string](t, ctx, `document.body.textContent`); !strings.Contains(body, "Zebrafish guidance") {
		t.Errorf("following the result to %s shows %.200q", browsertest.Eval[string](t, ctx, `location.href`), body)
	}

	for _, c := range []struct{ q, want string }{
		{strings.Repeat("a* ", 10000), "longer than 512 bytes"},
		{strings.Repeat("stal* ", 40), "more than 32 words"},
	} {
		browsertest.Step(t, ctx, "open a hostile ?q= link", chromedp.Navigate(srv.URL+"/search/?q="+url.QueryEscape(c.q)), chromedp.WaitReady("body"))
		status := ""
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			status = browsertest.Eval[string](t, ctx, `(document.querySelector("[data-search-status]") || {}).textContent || ""`)
			if status != "" {
				break
			}
		}
		if !strings.Contains(status, c.want) {
			t.Errorf("%.30q...: status %.120q, want it to say %q", c.q, status, c.want)
		}
	}
}
