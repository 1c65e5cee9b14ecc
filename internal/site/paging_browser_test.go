package site

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

var pagedShots = flag.String("paged-screenshots", "", "TestBrowserPagedPages: write screenshots of the paged pages to this folder")

// TestBrowserPagedPages publishes the bundled corpus with pages of five
// documents and five findings, so that the home page and the report
// summarise and the listings page, and runs axe-core (WCAG 2.2 AA) on each
// summarised and paged page, on a desktop and at 375px wide: no violation,
// nothing scrolls sideways, the pager is a named navigation landmark with
// the current page marked, and the keyboard reaches its links.
func TestBrowserPagedPages(t *testing.T) {
	axe := axeSource(t)
	p := bundled(t)
	in := bundledWording(t)
	in.Glossary, in.Docs, in.Findings, in.Editor = p.g, p.docs, allFindings(p), true
	in.ListPerPage, in.FindingsPerPage = 5, 5
	dir := publishTemp(t, render(t, in))
	ctx := newBrowser(t)
	base := serve(t, dir)
	pages := []string{"index.html", "documents/index.html", "documents/page/2/index.html", "report/index.html", "report/findings/page/2/index.html", "report/documents/index.html"}
	for _, width := range []int64{1280, 375} {
		for _, pg := range pages {
			t.Run(strings.TrimSuffix(pg, "/index.html")+"@"+itoa(width), func(t *testing.T) {
				step(t, ctx, "open "+pg, chromedp.EmulateViewport(width, 900), bypassCSP(true), chromedp.Navigate(base+pg), chromedp.WaitReady("body"))
				res := runAxe(t, ctx, axe)
				if len(res.Violations) > 0 {
					t.Errorf("axe-core found %d violations on %s at %dpx:%s", len(res.Violations), pg, width, describeViolations(res.Violations))
				}
				if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > int(width) {
					t.Errorf("%s scrolls sideways at %dpx wide (%dpx)", pg, width, w)
				}
				if pg != "index.html" && pg != "report/index.html" {
					got := eval[string](t, ctx, `(() => { const n = document.querySelector("nav.pager"); if (!n) return "no pager"; const c = n.querySelector('[aria-current="page"]'); return n.getAttribute("aria-label") + " | " + (c ? c.textContent : "no current page"); })()`)
					if !strings.Contains(got, " to ") || strings.Contains(got, "no current page") {
						t.Errorf("%s: pager %q", pg, got)
					}
				}
				if *pagedShots != "" {
					if err := os.MkdirAll(*pagedShots, 0o755); err != nil {
						t.Fatal(err)
					}
					sctx, cancel := context.WithTimeout(ctx, 60*time.Second)
					defer cancel()
					png, err := chromedp.Run(sctx, chromedp.CaptureScreenshot())
					if err != nil {
						t.Fatal(err)
					}
					name := strings.NewReplacer("/", "-", ".html", "").Replace(pg) + "-" + itoa(width) + ".png"
					if err := os.WriteFile(filepath.Join(*pagedShots, name), png, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			})
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
