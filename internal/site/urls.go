package site

import (
	"errors"
	"net/url"
	"path"
	"strings"
	"unicode"

	"github.com/concord-guidance/concord/internal/corpus"
)

// Site paths are forward-slash paths of files relative to the output folder.
// Every page is a folder holding index.html ("pretty" URLs), but links name
// index.html explicitly: a static host serves the folder either way, and a
// browser opening the site from disk (file://) shows a folder listing for a
// link that stops at the folder.
const (
	homePage     = "index.html"
	glossaryPage = "glossary/index.html"
	reportPage   = "report/index.html"
	rulesPage    = "rules/index.html"
	searchPage   = "search/index.html"
	notFoundPage = "404.html"
	sitemapFile  = "sitemap.xml"
	assetsDir    = "assets/"
)

func docPage(slug string) string { return "docs/" + slug + "/index.html" }
func termPage(id string) string  { return "glossary/" + id + "/index.html" }
func rulePage(id string) string  { return "rules/" + id + "/index.html" }
func withFragment(href, frag string) string {
	if frag == "" {
		return href
	}
	return href + "#" + frag
}

// relHref is the relative URL from the page at from to the file at to, both
// site paths, with each segment escaped. It never starts with a scheme-like
// segment, so a slug such as "a:b" cannot turn into a URL scheme.
func relHref(from, to string) string {
	if !cleanPath(from) || !cleanPath(to) {
		return relHrefSplit(from, to)
	}
	// Every page links to many others, so the common case (clean paths,
	// which every site path is) is worked out on the strings themselves,
	// without splitting them; TestRelHref holds it to relHrefSplit.
	fromDir, toDir, file := "", "", to
	if i := strings.LastIndexByte(from, '/'); i >= 0 {
		fromDir = from[:i]
	}
	if i := strings.LastIndexByte(to, '/'); i >= 0 {
		toDir, file = to[:i], to[i+1:]
	}
	// Drop the folders both are in.
	for fromDir != "" && toDir != "" {
		f, fromRest, _ := strings.Cut(fromDir, "/")
		t, toRest, _ := strings.Cut(toDir, "/")
		if f != t {
			break
		}
		fromDir, toDir = fromRest, toRest
	}
	var b strings.Builder
	b.Grow(len(to) + 3*strings.Count(from, "/") + 2)
	ups := 0
	if fromDir != "" {
		ups = strings.Count(fromDir, "/") + 1
	}
	for i := 0; i < ups; i++ {
		if i > 0 {
			b.WriteByte('/')
		}
		b.WriteString("..")
	}
	rest := file
	if toDir != "" {
		rest = to[len(to)-len(toDir)-1-len(file):]
	}
	first := true
	for seg := range strings.SplitSeq(rest, "/") {
		if first && ups == 0 && strings.Contains(seg, ":") {
			return relHrefSplit(from, to)
		}
		if !first || ups > 0 {
			b.WriteByte('/')
		}
		b.WriteString(url.PathEscape(seg))
		first = false
	}
	return b.String()
}

// cleanPath reports whether p is a site path in clean form: not empty,
// relative, without empty, "." or ".." segments.
func cleanPath(p string) bool {
	if p == "" || p[0] == '/' || p[len(p)-1] == '/' || strings.Contains(p, "//") {
		return false
	}
	for seg := range strings.SplitSeq(p, "/") {
		if seg == "." || seg == ".." {
			return false
		}
	}
	return true
}

// relHrefSplit is relHref for any paths.
func relHrefSplit(from, to string) string {
	fromDir := strings.Split(path.Dir(from), "/")
	if path.Dir(from) == "." {
		fromDir = nil
	}
	toParts := strings.Split(to, "/")
	toDir, file := toParts[:len(toParts)-1], toParts[len(toParts)-1]
	common := 0
	for common < len(fromDir) && common < len(toDir) && fromDir[common] == toDir[common] {
		common++
	}
	var parts []string
	for range fromDir[common:] {
		parts = append(parts, "..")
	}
	for _, p := range append(toDir[common:], file) {
		parts = append(parts, url.PathEscape(p))
	}
	href := strings.Join(parts, "/")
	if first := parts[0]; first != ".." && strings.Contains(first, ":") {
		href = "./" + href
	}
	return href
}

// rootOf is the relative prefix from a page to the site root: "" for
// index.html, "../../" for docs/<slug>/index.html.
func rootOf(page string) string {
	return strings.Repeat("../", strings.Count(page, "/"))
}

// checkSlug refuses slugs that could put a page outside its folder, make an
// unreadable URL or a path the file system refuses. It is the check
// corpus.Parse makes, so that a slug check accepted is one build can write;
// here again because the output path is built from it.
func checkSlug(slug string) error {
	if p := corpus.SlugProblem(slug); p != "" {
		return errors.New(p)
	}
	return nil
}

// schemeOf returns the lower-cased URL scheme of a link destination, or "" for
// a relative one. Browsers ignore tabs, newlines and leading control
// characters and spaces in URLs, so those are dropped before looking.
func schemeOf(dest string) string {
	clean := strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, dest)
	for i, r := range clean {
		switch {
		case r == ':':
			if i == 0 {
				return ":"
			}
			return strings.ToLower(clean[:i])
		case r == '/' || r == '?' || r == '#':
			return ""
		case r > unicode.MaxASCII:
			// No real scheme holds non-ASCII; treat the colon, if any, as one
			// all the same, so the destination is neutralised.
			if strings.Contains(clean, ":") && !strings.ContainsAny(clean[:strings.Index(clean, ":")], "/?#") {
				return "?"
			}
			return ""
		}
	}
	return ""
}

// safeScheme reports whether an absolute URL may be linked: web pages and
// e-mail addresses only. javascript:, data:, vbscript:, file: and every other
// scheme are neutralised.
func safeScheme(scheme string) bool {
	switch scheme {
	case "http", "https", "mailto":
		return true
	}
	return false
}

// externalHref returns a destination that may be linked from the site as it
// is, or "#" for anything else: a dangerous scheme, or a protocol-relative
// URL that would mean file:// when the site is opened from disk (those get
// https:).
func externalHref(dest string) string {
	d := strings.TrimSpace(dest)
	if strings.HasPrefix(d, "//") {
		d = "https:" + d
	}
	if s := schemeOf(d); s != "" && safeScheme(s) {
		return d
	}
	return "#"
}
