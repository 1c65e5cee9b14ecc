package site

import (
	"math/rand"
	"strings"
	"testing"
	"unicode"
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

// TestDocHrefSameAsRelHref holds docHref's shortcut to relHref, from pages
// in and out of docs/ to documents with every kind of slug.
func TestDocHrefSameAsRelHref(t *testing.T) {
	segs := []string{"docs", "glossary", "a", "b", "index.html", "a:b", "x y", "%41", "é", "..", ".", "", "a?b#c", "c:", "docs:"}
	rng := rand.New(rand.NewSource(2))
	randPath := func(n int) string {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = segs[rng.Intn(len(segs))]
		}
		return strings.Join(parts, "/")
	}
	var b builder
	froms := []string{homePage, glossaryPage, notFoundPage, docPage("a"), termPage("stalking"), usagePage("stalking", 3), "docs", "docsx/index.html", "docs/index.html"}
	for range 20000 {
		slug := randPath(1 + rng.Intn(3))
		e := &entry{rec: &Record{Slug: slug}, href: rootHref(slug)}
		for _, from := range append(froms, randPath(1+rng.Intn(4))) {
			if got, want := b.docHref(from, e), relHref(from, docPage(slug)); got != want {
				t.Fatalf("docHref(%q, slug %q) = %q, want %q", from, slug, got, want)
			}
		}
	}
}

// TestSpaceIndexes holds indexSpace and lastIndexSpace to the strings
// functions they stand for.
func TestSpaceIndexes(t *testing.T) {
	alphabet := []string{" ", "\t", "\n", "\v", "\f", "\r", "a", "b", "\u0085", "\u00a0", "\u2003", "é", "\xff", "\xc3", "…", "\x00", "\x1c"}
	rng := rand.New(rand.NewSource(3))
	notSpace := func(r rune) bool { return !unicode.IsSpace(r) }
	for range 100000 {
		var sb strings.Builder
		for range rng.Intn(10) {
			sb.WriteString(alphabet[rng.Intn(len(alphabet))])
		}
		s := sb.String()
		if got, want := indexSpace(s, true), strings.IndexFunc(s, unicode.IsSpace); got != want {
			t.Fatalf("indexSpace(%q, true) = %d, want %d", s, got, want)
		}
		if got, want := indexSpace(s, false), strings.IndexFunc(s, notSpace); got != want {
			t.Fatalf("indexSpace(%q, false) = %d, want %d", s, got, want)
		}
		if got, want := lastIndexSpace(s, true), strings.LastIndexFunc(s, unicode.IsSpace); got != want {
			t.Fatalf("lastIndexSpace(%q, true) = %d, want %d", s, got, want)
		}
		if got, want := lastIndexSpace(s, false), strings.LastIndexFunc(s, notSpace); got != want {
			t.Fatalf("lastIndexSpace(%q, false) = %d, want %d", s, got, want)
		}
	}
}
