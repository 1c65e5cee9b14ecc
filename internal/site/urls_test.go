package site

import (
	"math/rand"
	"strings"
	"testing"
)

// TestRelHrefSameAsSplit holds relHref's shortcut for clean paths to the
// general relHrefSplit, on every pair of paths built from segments that
// matter: shared and different folders, escapes, colons, dots, empty
// segments.
func TestRelHrefSameAsSplit(t *testing.T) {
	segs := []string{"docs", "glossary", "a", "b", "index.html", "a:b", "x y", "%41", "é", "..", ".", "", "a?b#c", "report", "c:"}
	rng := rand.New(rand.NewSource(1))
	randPath := func() string {
		n := 1 + rng.Intn(4)
		parts := make([]string, n)
		for i := range parts {
			parts[i] = segs[rng.Intn(len(segs))]
		}
		p := strings.Join(parts, "/")
		if rng.Intn(8) == 0 {
			p = "/" + p
		}
		return p
	}
	pages := []string{homePage, glossaryPage, reportPage, notFoundPage, docPage("a"), docPage("a/b"), docPage("a:b"), docPage("x y/z"), termPage("stalking"), rulePage("broken-link")}
	for _, from := range pages {
		for _, to := range pages {
			if got, want := relHref(from, to), relHrefSplit(from, to); got != want {
				t.Errorf("relHref(%q, %q) = %q, want %q", from, to, got, want)
			}
		}
	}
	for range 200000 {
		from, to := randPath(), randPath()
		if got, want := relHref(from, to), relHrefSplit(from, to); got != want {
			t.Fatalf("relHref(%q, %q) = %q, want %q", from, to, got, want)
		}
	}
}
