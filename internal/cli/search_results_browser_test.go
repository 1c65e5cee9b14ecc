package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/concord-guidance/concord/internal/browsertest"
)

var searchShots = flag.Bool("screenshots", false, "TestBrowserSearchResults: write docs/screenshots/search-*.png")

// shownResult is what a reader sees of one result on the search page.
type shownResult struct {
	Href, Title, Section, Snippet, Kind string
	Marks                               int
}

// shownPage is the search page after a query: the status line, the
// definition card's term (if any), the results and the no-results state.
type shownPage struct {
	Status, Card string
	Results      []shownResult
	None         bool
}

const readResults = `(() => {
	const box = document.querySelector("[data-search-results]");
	const card = box.querySelector(".search-definition__title");
	const text = (el, sel) => { const e = el.querySelector(sel); return e ? e.textContent : ""; };
	return {
		Status: text(document, "[data-search-status]"),
		Card: card ? card.textContent : "",
		None: !!box.querySelector(".search-none"),
		Results: Array.from(box.querySelectorAll("li.search-result")).map(li => ({
			Href: (li.querySelector("h2 a.search-result__title") || {}).href || "",
			Title: text(li, "h2 a.search-result__title"),
			Section: text(li, ".search-result__section"),
			Snippet: text(li, ".search-result__snippet"),
			Kind: text(li, ".search-result__kind"),
			Marks: li.querySelectorAll(".search-result__snippet mark").length,
		})),
	};
})()`

// typeQuery opens the search page, types q into the search box (which
// has the focus on load) and waits for the status line to name it.
func typeQuery(t *testing.T, ctx context.Context, page, q string) shownPage {
	t.Helper()
	browsertest.Step(t, ctx, "open "+page, chromedp.Navigate(page), chromedp.WaitReady("body"))
	if id := browsertest.Eval[string](t, ctx, `document.activeElement.id`); id != "search-q" {
		t.Errorf("%s: the focus is on #%s on load, want the search box #search-q", page, id)
	}
	// Typed, then Enter, as a reader does: results shown while typing
	// treat the last word as a prefix.
	browsertest.Step(t, ctx, "type "+q, chromedp.KeyEvent(q), chromedp.KeyEvent(kb.Enter))
	var got shownPage
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		got = browsertest.Eval[shownPage](t, ctx, readResults)
		// A submitted search with results puts the focus on the first.
		focused := got.None || browsertest.Eval[bool](t, ctx, `document.activeElement.classList.contains("search-result__title")`)
		if strings.Contains(got.Status, "\u201c"+q+"\u201d") && (len(got.Results) > 0 || got.None) && focused {
			return got
		}
	}
	t.Fatalf("%q: no results shown within 20s (status %q)", q, got.Status)
	return got
}

// TestBrowserSearchResults types queries on the bundled site's search page
// in chromium, over http and from disk, and checks what a reader sees:
// every result has its page title as a link, a section line, a snippet
// with the matched words marked, and the kind of page; glossary terms are
// found by name, acronym and question, with their definition card above the
// results; a query that finds nothing says so and what to try. axe-core
// checks the page with results and without. With -screenshots it writes
// docs/screenshots/search-{desktop,phone}.png.
func TestBrowserSearchResults(t *testing.T) {
	ctx := browsertest.New(t)
	out := filepath.Join(t.TempDir(), "public")
	if _, stderr, code := runIn(t, repoRoot(t), "build", "--out", out); code != 0 {
		t.Fatalf("build: exit %d: %s", code, stderr)
	}
	srv := httptest.NewServer(http.StripPrefix("/sub/", http.FileServer(http.Dir(out))))
	defer srv.Close()
	disk := (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(out, "search", "index.html"))}).String()

	for _, where := range []struct{ name, page string }{{"http", srv.URL + "/sub/search/"}, {"disk", disk}} {
		for _, c := range []struct {
			q, want, card string // want: in a top-three link (all its words); card: the definition card's term
		}{
			{"fear of violence", "", ""},
			{"breach of restraining order", "docs/restraining-orders/", "Breach of a restraining order"},
			{"SPO", "glossary/stalking-protection-order/", "Stalking Protection Order"},
			{"what is stalking", "docs/stalking-and-harassment/ #what-is-stalking", "Stalking"},
			{"cyberstalking", "glossary/cyberstalking/", "Cyberstalking"},
			{"IDVA", "glossary/idva/", "Independent Domestic Violence Adviser"},
		} {
			name := where.name + ": " + c.q
			got := typeQuery(t, ctx, where.page, c.q)
			if len(got.Results) == 0 {
				t.Errorf("%s: no results", name)
				continue
			}
			for i, r := range got.Results {
				if r.Href == "" || r.Title == "" || r.Section == "" || r.Snippet == "" || r.Marks == 0 {
					t.Errorf("%s: result %d lacks a title link, a section line or a snippet with a marked word: %+v", name, i+1, r)
				}
				if r.Kind != "Guidance" && r.Kind != "Glossary term" {
					t.Errorf("%s: result %d's kind is %q", name, i+1, r.Kind)
				}
				if strings.Contains(r.Href, "/glossary/") != (r.Kind == "Glossary term") {
					t.Errorf("%s: result %d links to %s but says it is %q", name, i+1, r.Href, r.Kind)
				}
				if n := len([]rune(r.Snippet)); n > 420 {
					t.Errorf("%s: result %d's snippet runs to %d characters: %q", name, i+1, n, r.Snippet)
				}
			}
			if !strings.Contains(got.Status, "result") {
				t.Errorf("%s: the status line %q gives no count", name, got.Status)
			}
			if c.want != "" {
				found := false
				for _, r := range got.Results[:min(3, len(got.Results))] {
					all := true
					for _, w := range strings.Fields(c.want) {
						all = all && strings.Contains(r.Href, w)
					}
					found = found || all
				}
				if !found {
					t.Errorf("%s: %s is not in the top three: %v", name, c.want, hrefs(got.Results))
				}
			}
			if got.Card != c.card {
				t.Errorf("%s: definition card %q, want %q", name, got.Card, c.card)
			}
		}
		got := typeQuery(t, ctx, where.page, "zzqxv")
		if !got.None || len(got.Results) != 0 || !strings.Contains(got.Status, "No results") {
			t.Errorf("%s: a query that matches nothing shows %+v, want the no-results state", where.name, got)
		}
	}

	// The header of every other page has a search box that opens the
	// search page with the query.
	browsertest.Step(t, ctx, "open a document", chromedp.Navigate(srv.URL+"/sub/docs/restraining-orders/"), chromedp.WaitReady("body"))
	browsertest.Step(t, ctx, "search from the header",
		chromedp.SendKeys(`#header-search`, "cyberstalking"), chromedp.KeyEvent(kb.Enter), chromedp.WaitReady(`li.search-result`))
	if loc := browsertest.Eval[string](t, ctx, `location.href`); !strings.Contains(loc, "/sub/search/") || !strings.Contains(loc, "?q=cyberstalking") {
		t.Errorf("the header search went to %s", loc)
	}
	if n := browsertest.Eval[int](t, ctx, `document.querySelectorAll("input[type=search]").length`); n != 1 {
		t.Errorf("the search page has %d search boxes, want its own one only", n)
	}

	axe := filepath.Join(repoRoot(t), ".cache", "npm", "node_modules", "axe-core", "axe.min.js")
	if src, err := os.ReadFile(axe); err != nil {
		browsertest.Need(t, "axe-core", "run scripts/browser-deps")
	} else {
		for _, q := range []string{"what is stalking", "zzqxv"} {
			for _, width := range []int64{1280, 375} {
				browsertest.Step(t, ctx, "open the search page", chromedp.EmulateViewport(width, 900), browsertest.BypassCSP(true))
				typeQuery(t, ctx, srv.URL+"/sub/search/", q)
				if v := runAxeOn(t, ctx, string(src)); v != "" {
					t.Errorf("axe-core on the search page for %q at %dpx: %s", q, width, v)
				}
				if w := browsertest.Eval[int](t, ctx, `document.documentElement.scrollWidth`); w > int(width) {
					t.Errorf("the search page for %q scrolls sideways at %dpx (%dpx)", q, width, w)
				}
			}
		}
	}

	if *searchShots {
		dir := filepath.Join(repoRoot(t), "docs", "screenshots")
		for _, s := range []struct {
			name   string
			width  int64
			height int64
		}{{"search-desktop", 1280, 1400}, {"search-phone", 375, 1600}} {
			browsertest.Step(t, ctx, "size", chromedp.EmulateViewport(s.width, s.height), browsertest.BypassCSP(false))
			typeQuery(t, ctx, srv.URL+"/sub/search/", "what is stalking")
			browsertest.Step(t, ctx, "settle", chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`), chromedp.Sleep(200*time.Millisecond))
			sctx, cancel := context.WithTimeout(ctx, 60*time.Second)
			shot, err := chromedp.Run(sctx, chromedp.CaptureScreenshot())
			cancel()
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, s.name+".png"), shot, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("wrote docs/screenshots/%s.png", s.name)
		}
	}
}

func hrefs(rs []shownResult) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Href)
	}
	return out
}

// runAxeOn runs axe-core's WCAG 2.0–2.2 A and AA rules on the open page and
// describes the violations ("" when there are none).
func runAxeOn(t *testing.T, ctx context.Context, axe string) string {
	t.Helper()
	browsertest.Step(t, ctx, "inject axe-core", chromedp.Evaluate[chromedp.Void](axe))
	raw := browsertest.Eval[string](t, ctx, `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}).then(r => JSON.stringify({passes: r.passes.length, violations: r.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.html + ": " + n.failureSummary)}))}))`)
	var res struct {
		Passes     int
		Violations []struct {
			ID, Help string
			Nodes    []string
		}
	}
	if err := json.Unmarshal([]byte(raw), &res); err != nil {
		t.Fatal(err)
	}
	if res.Passes == 0 {
		t.Fatal("axe-core passed no rule; is it running?")
	}
	var b strings.Builder
	for _, v := range res.Violations {
		fmt.Fprintf(&b, "\n  %s: %s\n    %s", v.ID, v.Help, strings.Join(v.Nodes, "\n    "))
	}
	return b.String()
}
