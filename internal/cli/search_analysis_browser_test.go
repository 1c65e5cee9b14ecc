package cli

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/concord-guidance/concord/internal/browsertest"
)

// TestBrowserSearchAnalysis opens the bundled site's search page in headless
// chromium, over http and from disk, with queries the browser used to answer
// with nothing: inflections the site does not hold ("stalked", "fearing",
// "stalkers"),
// a typo, which the page must say it corrected, and a citation written as
// the guidance does not write it ("section 4A" for "s.4A").
func TestBrowserSearchAnalysis(t *testing.T) {
	ctx := browsertest.New(t)
	out := filepath.Join(t.TempDir(), "public")
	if _, stderr, code := runIn(t, repoRoot(t), "build", "--out", out); code != 0 {
		t.Fatalf("build: exit %d: %s", code, stderr)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()
	disk := (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(out, "search", "index.html"))}).String()
	for _, c := range []struct{ q, page, status string }{
		{"stalked", "docs/stalking-and-harassment/", ""},
		// The glossary's term pages are in the index too: "fear" is the
		// ingredient of s.4 and its term page ranks first, as in the CLI.
		{"fearing", "glossary/putting-people-in-fear-of-violence/", ""},
		// An inflection only the glossary holds ("stalker").
		{"stalkers", "glossary/stalking-by-proxy/", ""},
		{"harasment", "docs/stalking-and-harassment/", "Showing results for “harassment”"},
		{"section 4A", "docs/charging-and-selecting-the-charge/", ""},
		{"s 4A PHA 1997", "docs/", ""},
	} {
		for _, base := range []string{srv.URL + "/search/", disk} {
			browsertest.Step(t, ctx, "search "+c.q, chromedp.Navigate(base+"?q="+url.QueryEscape(c.q)), chromedp.WaitReady("body"))
			first := waitFirst(t, ctx)
			if !strings.Contains(first, c.page) {
				t.Errorf("%s, %s: first result %s, want a page under %s", base, c.q, first, c.page)
			}
			if c.status == "" {
				continue
			}
			var status string
			for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
				status = browsertest.Eval[string](t, ctx, `(document.querySelector("[role=status]") || {}).textContent || ""`)
				if strings.Contains(status, c.status) {
					break
				}
			}
			if !strings.Contains(status, c.status) {
				t.Errorf("%s, %s: status %q, want it to say %q", base, c.q, status, c.status)
			}
		}
	}
}
