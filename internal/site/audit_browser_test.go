package site

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserAuditPage runs axe-core (WCAG 2.0 to 2.2, A and AA) on the
// audit index and a term's audit page, built from the hostile saved pages,
// on a desktop and at 375px wide, and requires zero violations, no
// sideways scrolling, and nothing from the pages run even with the
// Content-Security-Policy switched off. With -screenshots it rewrites
// docs/screenshots/audit-term.png and audit-term-375.png.
func TestBrowserAuditPage(t *testing.T) {
	axe := axeSource(t)
	g, d := auditFixture(t)
	dir := publishTemp(t, render(t, Input{Glossary: g, Audit: d}))
	ctx := newBrowser(t)
	base := serve(t, dir)
	for _, width := range []int64{1280, 375} {
		for _, p := range []string{auditPage, auditTermPage("stalking")} {
			t.Run(fmt.Sprintf("%s@%d", p, width), func(t *testing.T) {
				step(t, ctx, "open "+p, chromedp.EmulateViewport(width, 900), bypassCSP(true), chromedp.Navigate(base+p), chromedp.WaitReady("body"), chromedp.Sleep(200*time.Millisecond))
				if pwned := eval[string](t, ctx, `String(window.__pwned)`); pwned != "undefined" {
					t.Errorf("%s: the page's markup ran: window.__pwned = %q", p, pwned)
				}
				res := runAxe(t, ctx, axe)
				if len(res.Violations) > 0 {
					t.Errorf("axe-core found %d violations on %s at %dpx:%s", len(res.Violations), p, width, describeViolations(res.Violations))
				}
				if res.Passes == 0 {
					t.Error("axe-core passed no rule at all; is it running?")
				}
				if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > int(width) {
					t.Errorf("%s scrolls sideways at %dpx wide (%dpx): %s", p, width, w, eval[string](t, ctx, `[...document.querySelectorAll("main *")].filter(e => e.getBoundingClientRect().right > `+fmt.Sprint(width)+`).slice(-3).map(e => e.outerHTML.slice(0, 120)).join(" | ")`))
				}
			})
		}
	}
	if !*screenshots {
		return
	}
	out := filepath.Join(repoRoot(t), "docs", "screenshots")
	// The desktop shot shows the top of the page; the phone's, the
	// hostile charity's wording wrapping, then the fetched page's source
	// and date.
	for name, at := range map[string]struct {
		width int64
		js    string
	}{"audit-term": {1280, "0"}, "audit-term-375": {375, `document.getElementById("publisher-2").scrollIntoView()`}} {
		step(t, ctx, "open for "+name, bypassCSP(false), chromedp.EmulateViewport(at.width, 1500), chromedp.Navigate(base+auditTermPage("stalking")), chromedp.WaitReady("body"),
			chromedp.Evaluate[chromedp.Void](at.js), chromedp.Sleep(300*time.Millisecond))
		sctx, cancel := context.WithTimeout(ctx, 60*time.Second)
		png, err := chromedp.Run(sctx, chromedp.CaptureScreenshot())
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
