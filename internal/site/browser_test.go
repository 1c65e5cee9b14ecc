package site

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
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/concord-guidance/concord/internal/browsertest"
	"github.com/concord-guidance/concord/internal/config"
	"golang.org/x/net/html"
)

// The browser tests run the built site in Debian's chromium, headless, driven
// by chromedp. They need /usr/bin/chromium (apt-get install chromium) and
// axe-core (scripts/browser-deps puts it in .cache/npm). Without them the
// tests skip, except under CI (env CI set), where a missing browser fails.

var screenshots = flag.Bool("screenshots", false, "TestScreenshots: rewrite docs/screenshots/*.png")

// axeTags are the rule sets axe-core runs: WCAG 2.0, 2.1 and 2.2, A and AA.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

func axeSource(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot(t), ".cache", "npm", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		need(t, "axe-core", "run scripts/browser-deps")
	}
	return string(data)
}

// builtSite publishes the bundled corpus's site to a temporary folder, once
// per test binary.
var builtSite = struct {
	once sync.Once
	dir  string
	err  error
}{}

func bundledSite(t *testing.T) string {
	t.Helper()
	builtSite.once.Do(func() {
		p := bundled(t)
		// Three documents a page, so that the common terms' uses run to
		// several pages and the pager is tested too.
		in := bundledWording(t)
		in.Glossary, in.Docs, in.Findings, in.UsagePerPage, in.Editor = p.g, p.docs, allFindings(p), 3, true
		files, err := Render(in)
		if err != nil {
			builtSite.err = err
			return
		}
		dir, err := os.MkdirTemp("", "concord-site-browser-")
		if err != nil {
			builtSite.err = err
			return
		}
		builtSite.dir = filepath.Join(dir, "public")
		builtSite.err = Publish(builtSite.dir, files, Guard{}, "")
	})
	if builtSite.err != nil {
		t.Fatal(builtSite.err)
	}
	return builtSite.dir
}

// bundledWording is the site's wording from the repository's concord.yaml,
// as concord build gives it.
func bundledWording(t *testing.T) Input {
	cfg, err := config.Load(filepath.Join(repoRoot(t), "concord.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return Input{Title: cfg.Site.Title, Intro: cfg.Site.Intro, Organisation: cfg.Site.Organisation, FooterText: cfg.Site.Footer}
}

// readersSite publishes the bundled corpus's site as readers see it.
func readersSite(t *testing.T) string {
	t.Helper()
	p := bundled(t)
	in := bundledWording(t)
	in.Glossary, in.Docs, in.Findings = p.g, p.docs, allFindings(p)
	return publishTemp(t, render(t, in))
}

// editorDocument is a document of the bundled site with findings marked
// in its text.
func editorDocument(t *testing.T, dir string) string {
	t.Helper()
	for _, slug := range []string{"youths", "sentencing-and-ancillary-orders"} {
		p := "docs/" + slug + "/index.html"
		if b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p))); err == nil && strings.Contains(string(b), `<mark class="flag`) {
			return p
		}
	}
	t.Fatal("no document of the bundled site has a finding marked")
	return ""
}

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if builtSite.dir != "" {
		os.RemoveAll(filepath.Dir(builtSite.dir))
	}
	os.Exit(code)
}

// serve serves a folder on 127.0.0.1 under a sub-path, so relative links are
// tested the way a host under a sub-path sees them. It records every
// request, to show none leaves the site.
func serve(t *testing.T, dir string) string {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle("/sub/path/", http.StripPrefix("/sub/path", http.FileServer(http.Dir(dir))))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL + "/sub/path/"
}

// pickDocument is the document the tests and screenshots show: the stalking
// guidance when the corpus has it.
func pickDocument(t *testing.T, dir string) string {
	t.Helper()
	if _, err := os.Stat(filepath.Join(dir, "docs", "stalking-and-harassment", "index.html")); err == nil {
		return "docs/stalking-and-harassment/index.html"
	}
	entries, err := os.ReadDir(filepath.Join(dir, "docs"))
	if err != nil || len(entries) == 0 {
		t.Fatal("no documents in the site")
	}
	return "docs/" + entries[0].Name() + "/index.html"
}

type axeViolation struct {
	ID          string `json:"id"`
	Impact      string `json:"impact"`
	Help        string `json:"help"`
	HelpURL     string `json:"helpUrl"`
	Description string `json:"description"`
	Nodes       []struct {
		Target         []any  `json:"target"`
		HTML           string `json:"html"`
		FailureSummary string `json:"failureSummary"`
	} `json:"nodes"`
}

type axeResult struct {
	Violations []axeViolation `json:"violations"`
	Passes     int            `json:"passes"`
	Incomplete []struct {
		ID    string `json:"id"`
		Nodes []struct {
			Target []any  `json:"target"`
			Why    string `json:"why"`
		} `json:"nodes"`
	} `json:"incomplete"`
}

func runAxe(t *testing.T, ctx context.Context, axe string) axeResult {
	t.Helper()
	tags, _ := json.Marshal(axeTags)
	step(t, ctx, "inject axe-core", chromedp.Evaluate[chromedp.Void](axe))
	raw := eval[string](t, ctx, `axe.run(document, {runOnly: {type: "tag", values: `+string(tags)+`}}).then(r => JSON.stringify({violations: r.violations, passes: r.passes.length, incomplete: r.incomplete.map(i => ({id: i.id, nodes: i.nodes.map(n => ({target: n.target, why: (n.any.concat(n.all, n.none).map(c => c.message).join("; "))}))}))}))`)
	var res axeResult
	if err := json.Unmarshal([]byte(raw), &res); err != nil {
		t.Fatal(err)
	}
	return res
}

func describeViolations(vs []axeViolation) string {
	var b strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&b, "\n  %s (%s): %s\n    %s\n", v.ID, v.Impact, v.Help, v.HelpURL)
		for i, n := range v.Nodes {
			if i == 5 {
				fmt.Fprintf(&b, "    ... and %d more\n", len(v.Nodes)-5)
				break
			}
			fmt.Fprintf(&b, "    at %v: %s\n      %s\n", n.Target, n.HTML, strings.ReplaceAll(n.FailureSummary, "\n", "\n      "))
		}
	}
	return b.String()
}

// TestBrowserAccessibility runs axe-core (WCAG 2.0, 2.1 and 2.2, A and AA)
// on the home page, a document, the glossary, a term page, the report, the
// rules pages, search and the 404 page, with findings panels open and a term
// preview showing, and requires zero violations.
func TestBrowserAccessibility(t *testing.T) {
	axe := axeSource(t)
	dir := bundledSite(t)
	ctx := newBrowser(t)
	base := serve(t, dir)
	doc := pickDocument(t, dir)
	pages := []string{"index.html", doc, "glossary/index.html", "glossary/stalking/index.html", "glossary/stalking/uses-2/index.html", "report/index.html", "rules/index.html", "rules/deprecated-term/index.html", "search/index.html", "404.html"}
	total := 0
	for _, p := range pages {
		t.Run(p, func(t *testing.T) {
			step(t, ctx, "open "+p, bypassCSP(true), chromedp.Navigate(base+p), chromedp.WaitReady("body"))
			// Open every panel, and show one term preview, so axe sees them.
			eval[int](t, ctx, `document.querySelectorAll("details").forEach(d => d.open = true); const l = document.querySelector(".term__link"); if (l) l.focus(); 0`)
			res := runAxe(t, ctx, axe)
			total += res.Passes
			if len(res.Violations) > 0 {
				t.Errorf("axe-core found %d violations on %s:%s", len(res.Violations), p, describeViolations(res.Violations))
			}
			var inc []string
			for _, i := range res.Incomplete {
				inc = append(inc, fmt.Sprintf("%s (%d elements)", i.ID, len(i.Nodes)))
				if testing.Verbose() {
					for _, n := range i.Nodes {
						t.Logf("  needs review: %s at %v: %s", i.ID, n.Target, n.Why)
					}
				}
			}
			t.Logf("%s: %d violations, %d rules passed, needs review: %v", p, len(res.Violations), res.Passes, inc)
		})
	}
	// The same on a phone-sized screen, where the layout is one column and
	// term previews sit at the foot of the screen.
	for _, p := range []string{"index.html", doc, "glossary/stalking/index.html"} {
		t.Run("narrow/"+p, func(t *testing.T) {
			step(t, ctx, "open "+p, chromedp.EmulateViewport(390, 844), bypassCSP(true), chromedp.Navigate(base+p), chromedp.WaitReady("body"))
			eval[int](t, ctx, `document.querySelectorAll("details").forEach(d => d.open = true); const l = document.querySelector(".term__link"); if (l) l.focus(); 0`)
			res := runAxe(t, ctx, axe)
			if len(res.Violations) > 0 {
				t.Errorf("axe-core found %d violations on %s at 390px wide:%s", len(res.Violations), p, describeViolations(res.Violations))
			}
			if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 390 {
				t.Errorf("%s scrolls sideways at 390px wide (%dpx)", p, w)
			}
		})
	}
	if total == 0 {
		t.Fatal("axe-core passed no rule at all; is it running?")
	}
}

// TestBrowserKeyboardAndPrint checks the skip link is the first thing the
// keyboard reaches, shows when focused and moves focus to the main content;
// that focused links get the yellow focus state; and that printing hides
// the navigation and shows where links go.
func TestBrowserKeyboardAndPrint(t *testing.T) {
	dir := bundledSite(t)
	ctx := newBrowser(t)
	base := serve(t, dir)
	step(t, ctx, "open a document", chromedp.Navigate(base+pickDocument(t, dir)), chromedp.WaitReady("body"), chromedp.KeyEvent(kb.Tab))
	if !eval[bool](t, ctx, `document.activeElement.classList.contains("skip-link")`) {
		t.Fatalf("the first Tab reached %s, not the skip link", eval[string](t, ctx, `document.activeElement.outerHTML.slice(0, 80)`))
	}
	if r := eval[[]float64](t, ctx, `(() => { const r = document.activeElement.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()`); r[0] < 0 || r[1] < 0 || r[3] < 24 {
		t.Errorf("the focused skip link is not on screen at least 24px high: %v", r)
	}
	if bg := eval[string](t, ctx, `getComputedStyle(document.activeElement).backgroundColor`); bg != "rgb(255, 221, 0)" {
		t.Errorf("the focused skip link's background is %s, want the yellow focus colour", bg)
	}
	step(t, ctx, "follow the skip link", chromedp.KeyEvent(kb.Enter))
	if id := eval[string](t, ctx, `document.activeElement.id`); id != "Main" {
		t.Errorf("the skip link moved focus to #%s, want #Main", id)
	}
	step(t, ctx, "tab to the first link in the content", chromedp.KeyEvent(kb.Tab))
	if bg := eval[string](t, ctx, `getComputedStyle(document.activeElement).backgroundColor`); bg != "rgb(255, 221, 0)" {
		t.Errorf("a focused link's background is %s, want the yellow focus colour", bg)
	}

	step(t, ctx, "emulate print", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	}))
	for _, sel := range []string{".header__nav", ".contents", ".breadcrumbs", ".back-to-top", ".doc__side", ".skip-link"} {
		if d := eval[string](t, ctx, `getComputedStyle(document.querySelector("`+sel+`")).display`); d != "none" {
			t.Errorf("print: %s is shown (display %s)", sel, d)
		}
	}
	after := eval[string](t, ctx, `getComputedStyle(document.querySelector(".prose a:not(.term__link)[href]:not([href^='#'])"), "::after").content`)
	if !strings.Contains(after, "index.html") {
		t.Errorf("print: a link's address is not shown after it (content %s)", after)
	}
	if after := eval[string](t, ctx, `getComputedStyle(document.querySelector(".prose .term__link"), "::after").content`); strings.Contains(after, "index.html") {
		t.Errorf("print: term links print their address too (content %s)", after)
	}
}

// TestBrowserServedSite loads pages over HTTP under a sub-path with the
// Content-Security-Policy in force, and checks the stylesheet and script
// load (the policy allows them), nothing is reported on the console, and no
// request goes anywhere but the site itself.
func TestBrowserServedSite(t *testing.T) {
	dir := bundledSite(t)
	ctx := newBrowser(t)
	base := serve(t, dir)
	var mu sync.Mutex
	var requests, console []string
	if err := chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			requests = append(requests, e.Request.URL)
		}
	}); err != nil {
		t.Fatal(err)
	}
	step(t, ctx, "enable network events", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{})
		return err
	}))
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			mu.Lock()
			console = append(console, m.String())
			mu.Unlock()
		}
	}()
	for _, p := range []string{"index.html", pickDocument(t, dir), "glossary/stalking/index.html", "report/index.html", "search/index.html"} {
		step(t, ctx, "open "+p, bypassCSP(false), chromedp.Navigate(base+p), chromedp.WaitReady("body"))
		styled := eval[string](t, ctx, `getComputedStyle(document.querySelector(".header")).backgroundColor`)
		if styled != "rgb(11, 12, 12)" {
			t.Errorf("%s: the stylesheet did not apply (header background %s)", p, styled)
		}
		if !eval[bool](t, ctx, `document.documentElement.classList.contains("js")`) {
			t.Errorf("%s: assets/concord.js did not run", p)
		}
	}
	time.Sleep(200 * time.Millisecond)
	mu.Lock()
	defer mu.Unlock()
	for _, r := range requests {
		if !strings.HasPrefix(r, base) {
			t.Errorf("a request left the site: %s", r)
		}
	}
	for _, m := range console {
		t.Errorf("console: %s", m)
	}
	if len(requests) < 10 {
		t.Errorf("saw only %d requests; is the network listener working?", len(requests))
	}
}

// TestBrowserFromDisk opens index.html straight from disk (file://), checks
// the stylesheet and script load under the Content-Security-Policy there
// too, and follows links: to a document, from it to a glossary term, and
// back home through the header.
func TestBrowserFromDisk(t *testing.T) {
	dir := bundledSite(t)
	ctx := newBrowser(t)
	home := (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(dir, "index.html"))}).String()
	step(t, ctx, "open index.html from disk", chromedp.Navigate(home), chromedp.WaitReady("body"))
	check := func(where string) {
		t.Helper()
		// A click starts a navigation that WaitReady("body") may see the
		// start of; the stylesheet and script are judged once the page has
		// finished loading (a loaded machine otherwise sees them pending).
		step(t, ctx, "wait for "+where+" to load", chromedp.Poll[chromedp.Void](`document.readyState === "complete"`, chromedp.WithPollingTimeout(20*time.Second)))
		if bg := eval[string](t, ctx, `getComputedStyle(document.querySelector(".header")).backgroundColor`); bg != "rgb(11, 12, 12)" {
			t.Errorf("%s: stylesheet not applied from disk (header background %s)", where, bg)
		}
		if !eval[bool](t, ctx, `document.documentElement.classList.contains("js")`) {
			t.Errorf("%s: script did not run from disk", where)
		}
	}
	check("home")
	title := eval[string](t, ctx, `document.querySelector(".doc-list__title").textContent`)
	step(t, ctx, "follow the first document link", chromedp.Click(chromedp.CSS(".doc-list__title")), chromedp.WaitReady("body"))
	loc := eval[string](t, ctx, `location.href`)
	if !strings.HasPrefix(loc, "file://") || !strings.Contains(loc, "/docs/") || !strings.HasSuffix(loc, "/index.html") {
		t.Fatalf("following a document link from disk went to %s", loc)
	}
	if h1 := eval[string](t, ctx, `document.querySelector("h1").textContent`); h1 != title {
		t.Errorf("the document page's heading is %q, want %q", h1, title)
	}
	check("document")
	step(t, ctx, "follow a term link", chromedp.Click(chromedp.CSS(".prose .term__link")), chromedp.WaitReady("body"))
	loc = eval[string](t, ctx, `location.href`)
	if !strings.Contains(loc, "/glossary/") || !strings.HasSuffix(loc, "/index.html") {
		t.Fatalf("following a term link from disk went to %s", loc)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll(".definition").length`); n != 1 {
		t.Errorf("the term page has %d definitions", n)
	}
	// The term page may still be loading (a loaded machine): a click on a
	// header of a document about to be replaced finds no node.
	step(t, ctx, "wait for the term page to load", chromedp.Poll[chromedp.Void](`document.readyState === "complete"`, chromedp.WithPollingTimeout(20*time.Second)))
	step(t, ctx, "follow the header home link", chromedp.Click(chromedp.CSS(".header__title")), chromedp.WaitReady("body"))
	if loc := eval[string](t, ctx, `location.href`); loc != home {
		t.Errorf("the home link went to %s, want %s", loc, home)
	}
}

// TestBrowserTermPreview checks a term preview meets WCAG 2.2 SC 1.4.13:
// hidden until the term is hovered or focused, hoverable (the pointer can
// move onto it), persistent, and dismissible with Escape without moving
// focus or pointer.
func TestBrowserTermPreview(t *testing.T) {
	dir := bundledSite(t)
	ctx := newBrowser(t)
	base := serve(t, dir)
	step(t, ctx, "open a document", chromedp.Navigate(base+pickDocument(t, dir)), chromedp.WaitReady("body"))
	display := func() string {
		return eval[string](t, ctx, `getComputedStyle(document.querySelector(".prose .term__preview")).display`)
	}
	if d := display(); d != "none" {
		t.Fatalf("preview shown before any hover or focus (display %s)", d)
	}
	// The page leaves the summary's place empty; assets/terms.js holds it,
	// and both the list of terms and the preview show it.
	summary := eval[string](t, ctx, `(() => { const l = document.querySelector(".prose .term__link"); return document.getElementById(l.getAttribute("aria-describedby")).textContent; })()`)
	preview := eval[string](t, ctx, `document.querySelector(".prose .term__preview").textContent`)
	if len(summary) < 20 || !strings.HasSuffix(preview, " "+summary) {
		t.Errorf("the term's summary was not filled in: listed %q, preview %q", summary, preview)
	}
	step(t, ctx, "focus the term", chromedp.Focus(chromedp.CSS(".prose .term__link")))
	if d := display(); d != "block" {
		t.Fatalf("preview not shown on focus (display %s)", d)
	}
	step(t, ctx, "press Escape", chromedp.KeyEvent(kb.Escape))
	if d := display(); d != "none" {
		t.Errorf("Escape did not dismiss the preview (display %s)", d)
	}
	if !eval[bool](t, ctx, `document.activeElement === document.querySelector(".prose .term__link")`) {
		t.Error("Escape moved the focus")
	}
	// Focus away and back: the preview shows again.
	step(t, ctx, "focus away and back", chromedp.Focus(chromedp.CSS(".header__title")), chromedp.Sleep(50*time.Millisecond), chromedp.Focus(chromedp.CSS(".prose .term__link")))
	if d := display(); d != "block" {
		t.Errorf("preview not shown on focus after being dismissed (display %s)", d)
	}
	step(t, ctx, "focus away", chromedp.Focus(chromedp.CSS(".header__title")))

	// Hover the link, then move the pointer onto the preview itself.
	type box struct{ X, Y, W, H float64 }
	rect := func(sel string) box {
		return eval[box](t, ctx, `(() => { const r = document.querySelector(`+"`"+sel+"`"+`).getBoundingClientRect(); return {X: r.x, Y: r.y, W: r.width, H: r.height}; })()`)
	}
	step(t, ctx, "scroll the term into view", chromedp.Evaluate[chromedp.Void](`document.querySelector(".prose .term__link").scrollIntoView({block: "center"})`))
	link := rect(".prose .term__link")
	move := func(x, y float64) chromedp.Action[chromedp.Void] {
		return chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x, y)
	}
	step(t, ctx, "hover the term", move(link.X+link.W/2, link.Y+link.H/2))
	if d := display(); d != "block" {
		t.Fatalf("preview not shown on hover (display %s)", d)
	}
	pbox := rect(".prose .term__preview")
	// Move down from the link onto the preview, in small steps, as a hand
	// would: the preview must stay all the way.
	for y := link.Y + link.H/2; y <= pbox.Y+pbox.H/2; y += 4 {
		step(t, ctx, "move the pointer", move(link.X+link.W/2, y))
		if d := display(); d != "block" {
			t.Fatalf("preview vanished as the pointer moved onto it at y=%.0f (display %s)", y, d)
		}
	}
	step(t, ctx, "press Escape while hovering", chromedp.KeyEvent(kb.Escape))
	if d := display(); d != "none" {
		t.Errorf("Escape did not dismiss the hovered preview (display %s)", d)
	}
	step(t, ctx, "move away", move(5, 5), chromedp.Sleep(50*time.Millisecond))
	step(t, ctx, "hover again", move(link.X+link.W/2, link.Y+link.H/2))
	if d := display(); d != "block" {
		t.Errorf("preview not shown on hover after being dismissed (display %s)", d)
	}
}

// TestBrowserHostile opens every page of the hostile corpus's site with the
// Content-Security-Policy switched off, so the markup alone must be safe,
// hovers, focuses and clicks what it can, and checks no script from the
// content ran: window.__pwned stays unset and document.title unchanged.
func TestBrowserHostile(t *testing.T) {
	p := hostile(t)
	files := render(t, Input{Glossary: p.g, Docs: p.docs, Findings: allFindings(p), Editor: true})
	dir := publishTemp(t, files)
	ctx := newBrowser(t)
	base := serve(t, dir)
	var pages []string
	for _, f := range files {
		if strings.HasSuffix(f.Path, ".html") {
			pages = append(pages, f.Path)
		}
	}
	sort.Strings(pages)
	m := fileMap(files)
	for _, pg := range pages {
		var want string
		walk(parseHTML(t, pg, m[pg]), func(n *html.Node) {
			if n.Data == "title" {
				want = textOf(n)
			}
		})
		step(t, ctx, "open "+pg, bypassCSP(true), chromedp.Navigate(base+pg), chromedp.WaitReady("body"))
		eval[int](t, ctx, `(() => {
			document.querySelectorAll("details").forEach(d => d.open = true);
			for (const el of document.querySelectorAll("body *")) {
				for (const type of ["mouseover", "mouseenter", "focus", "click"]) {
					if (type === "click" && !(el.matches("a[href='#']") || el.matches("summary"))) continue;
					el.dispatchEvent(new Event(type, {bubbles: true}));
				}
			}
			return 0;
		})()`)
		time.Sleep(50 * time.Millisecond)
		pwned := eval[string](t, ctx, `typeof window.__pwned === "undefined" ? "" : String(window.__pwned)`)
		if pwned != "" {
			t.Errorf("%s: content ran script: window.__pwned = %q", pg, pwned)
		}
		if title := eval[string](t, ctx, `document.title`); title != want {
			t.Errorf("%s: document.title is %q, want %q", pg, title, want)
		}
		if n := eval[int](t, ctx, `document.querySelectorAll("script:not([src]):not([type='application/ld+json'])").length`); n != 0 {
			t.Errorf("%s: %d inline scripts in the live page", pg, n)
		}
		// The term's schema.org data block is data, never run: it must
		// still be whole JSON in the live page, however hostile the
		// glossary's text.
		if bad := eval[string](t, ctx, `(() => {
			for (const s of document.querySelectorAll("script[type='application/ld+json']")) {
				try { if (JSON.parse(s.textContent)["@type"] !== "DefinedTerm") return "not a DefinedTerm"; } catch (e) { return String(e); }
			}
			return "";
		})()`); bad != "" {
			t.Errorf("%s: JSON-LD block broken in the live page: %s", pg, bad)
		}
	}
}

// TestScreenshots rewrites docs/screenshots/{home,document,term-stalking}.png
// when run with -screenshots (they are committed; the normal test run leaves
// them alone):
//
//	go test ./internal/site -run TestScreenshots -screenshots
func TestScreenshots(t *testing.T) {
	if !*screenshots {
		t.Skip("run with -screenshots to rewrite docs/screenshots")
	}
	dir := bundledSite(t)
	ctx := newBrowser(t)
	base := serve(t, dir)
	out := filepath.Join(repoRoot(t), "docs", "screenshots")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	shootWidth := int64(1280)
	shoot := func(name, pg string, height int64, prepare ...chromedp.Action[chromedp.Void]) {
		actions := append([]chromedp.Action[chromedp.Void]{
			chromedp.EmulateViewport(shootWidth, height),
			chromedp.Navigate(base + pg), chromedp.WaitReady("body"),
		}, prepare...)
		actions = append(actions, chromedp.Sleep(300*time.Millisecond))
		step(t, ctx, "open "+pg, actions...)
		sctx, cancel := context.WithTimeout(ctx, 60*time.Second)
		defer cancel()
		png, err := chromedp.Run(sctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote docs/screenshots/%s.png (%d bytes)", name, len(png))
	}
	// The top of the document, with the first term's preview showing as a
	// reader hovering it would see it.
	shoot("document", pickDocument(t, dir), 1300,
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			r, err := chromedp.Evaluate[[]float64](`(() => { const r = document.querySelector(".prose .term__link").getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()`)(ctx, tg)
			if err != nil {
				return err
			}
			_, err = chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, r[0], r[1])(ctx, tg)
			return err
		}),
	)
	shoot("term-stalking", "glossary/stalking/index.html", 1500)
	// The editors' view of a document with findings, at the first marked
	// passage and its note, on a desktop and on a phone.
	ed := editorDocument(t, dir)
	toMark := chromedp.Evaluate[chromedp.Void](`document.querySelector("mark.flag").scrollIntoView({block: "center"})`)
	shoot("editor-document", ed, 900, toMark)
	shootWidth = 375
	shoot("editor-document-375", ed, 812, toMark)
	shootWidth = 1280
	// The readers' home page: the guidance, and no findings.
	base = serve(t, readersSite(t))
	shoot("home", "index.html", 1000)
}

// Aliases keep the tests short; the browser plumbing lives in browsertest.
var (
	need       = browsertest.Need
	newBrowser = browsertest.New
	step       = browsertest.Step
	bypassCSP  = browsertest.BypassCSP
)

func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	return browsertest.Eval[T](t, ctx, expr)
}

// TestBrowserEditorView opens the editors' view of a document with
// findings, on a desktop and at 375px wide: axe-core finds no WCAG 2.2 AA
// violation with the marks and notes showing; nothing scrolls sideways; a
// mark is told by more than colour (an underline and a labelled link); the
// keyboard reaches the first mark's link, which leads to its note, whose
// links come next; and the readers' view of the same page has none of it.
func TestBrowserEditorView(t *testing.T) {
	axe := axeSource(t)
	dir := bundledSite(t)
	ctx := newBrowser(t)
	base := serve(t, dir)
	doc := editorDocument(t, dir)
	for _, width := range []int64{1280, 375} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			step(t, ctx, "open "+doc, chromedp.EmulateViewport(width, 900), bypassCSP(true), chromedp.Navigate(base+doc), chromedp.WaitReady("body"))
			if n := eval[int](t, ctx, `document.querySelectorAll("mark.flag").length`); n == 0 {
				t.Fatal("no passage is marked")
			}
			eval[int](t, ctx, `document.querySelectorAll("details").forEach(d => d.open = true); document.querySelector("mark.flag").scrollIntoView(); 0`)
			res := runAxe(t, ctx, axe)
			if len(res.Violations) > 0 {
				t.Errorf("axe-core found %d violations on the editors' view at %dpx:%s", len(res.Violations), width, describeViolations(res.Violations))
			}
			if res.Passes == 0 {
				t.Error("axe-core passed no rule; is it running?")
			}
			if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > int(width) {
				t.Errorf("the editors' view scrolls sideways at %dpx (%dpx)", width, w)
			}
			if d := eval[string](t, ctx, `getComputedStyle(document.querySelector("mark.flag")).textDecorationLine`); !strings.Contains(d, "underline") {
				t.Errorf("a mark is shown by colour alone (text-decoration %q)", d)
			}
			if label := eval[string](t, ctx, `document.querySelector(".flag__ref").innerText`); !regexpSeverity.MatchString(label) {
				t.Errorf("a mark's link reads %q, not its severity and number", label)
			}
			r := eval[[]float64](t, ctx, `(() => { const r = document.querySelector(".flag__ref").getBoundingClientRect(); return [r.width, r.height]; })()`)
			if r[0] < 24 || r[1] < 24 {
				t.Errorf("a mark's link is %vx%v px, under the 24px target size", r[0], r[1])
			}
		})
	}
	// The keyboard alone: Tab from the top of the page reaches the first
	// mark's link; Enter goes to its note; Tab then enters the note.
	step(t, ctx, "open "+doc, chromedp.EmulateViewport(1280, 900), bypassCSP(false), chromedp.Navigate(base+doc), chromedp.WaitReady("body"))
	reached := false
	for i := 0; i < 300 && !reached; i++ {
		step(t, ctx, "tab", chromedp.KeyEvent(kb.Tab))
		reached = eval[bool](t, ctx, `document.activeElement.classList.contains("flag__ref")`)
	}
	if !reached {
		t.Fatal("Tab never reached a mark's link")
	}
	id := eval[string](t, ctx, `document.activeElement.id`)
	step(t, ctx, "follow it", chromedp.KeyEvent(kb.Enter), chromedp.Sleep(100*time.Millisecond))
	hash := eval[string](t, ctx, `location.hash`)
	if want := "#Note-" + strings.TrimPrefix(id, "Flag-"); hash != want {
		t.Fatalf("Enter on %s went to %q, want %q", id, hash, want)
	}
	step(t, ctx, "tab into the note", chromedp.KeyEvent(kb.Tab))
	if in := eval[bool](t, ctx, `!!document.activeElement.closest("`+hash+`")`); !in {
		t.Errorf("Tab after following %s reached %s, not a link in the note", id, eval[string](t, ctx, `document.activeElement.outerHTML.slice(0, 80)`))
	}
	// The readers' view of the same page.
	rbase := serve(t, readersSite(t))
	step(t, ctx, "open the readers' view", chromedp.Navigate(rbase+doc), chromedp.WaitReady("body"))
	if n := eval[int](t, ctx, `document.querySelectorAll("mark.flag, .flag-notes, #Findings").length`); n != 0 {
		t.Errorf("the readers' view shows %d marks, notes or panels", n)
	}
}

var regexpSeverity = regexp.MustCompile(`^(Error|Warning|Info) [0-9]+`)
