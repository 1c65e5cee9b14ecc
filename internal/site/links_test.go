package site

import (
	"net/url"
	"path"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestInternalLinksResolve builds the bundled site and the fixture site and
// follows every internal link, stylesheet and script: the file must exist,
// the link must name the file (not a folder, which opens a listing from
// disk), and a #fragment must be an id on the target page.
func TestInternalLinksResolve(t *testing.T) {
	for name, p := range map[string]project{"bundled": bundled(t), "fixture": fixture(t), "hostile": hostile(t)} {
		t.Run(name, func(t *testing.T) {
			files := fileMap(render(t, Input{Glossary: p.g, Docs: p.docs, Findings: allFindings(p), Editor: true}))
			checkLinks(t, files)
		})
	}
}

func checkLinks(t *testing.T, files map[string][]byte) {
	t.Helper()
	ids := map[string]map[string]bool{}
	idsOf := func(page string) map[string]bool {
		if m, ok := ids[page]; ok {
			return m
		}
		m := map[string]bool{}
		walk(parseHTML(t, page, files[page]), func(n *html.Node) {
			if id, ok := attr(n, "id"); ok {
				if m[id] {
					t.Errorf("%s: duplicate id %q", page, id)
				}
				m[id] = true
			}
		})
		ids[page] = m
		return m
	}
	links := 0
	for page, data := range files {
		if !strings.HasSuffix(page, ".html") {
			continue
		}
		walk(parseHTML(t, page, data), func(n *html.Node) {
			var ref string
			switch n.Data {
			case "a", "link":
				ref, _ = attr(n, "href")
			case "script":
				ref, _ = attr(n, "src")
			case "form":
				ref, _ = attr(n, "action")
			default:
				return
			}
			if ref == "#" {
				return // a neutralised link: goes nowhere, on purpose
			}
			u, err := url.Parse(ref)
			if err != nil {
				t.Errorf("%s: unparseable link %q", page, ref)
				return
			}
			if u.Scheme != "" || u.Host != "" {
				if u.Scheme != "https" && u.Scheme != "http" && u.Scheme != "mailto" {
					t.Errorf("%s: link with scheme %q: %s", page, u.Scheme, ref)
				}
				return
			}
			if strings.HasPrefix(u.Path, "/") {
				t.Errorf("%s: root-relative link %s breaks under a sub-path and from disk", page, ref)
				return
			}
			links++
			target := page
			if u.Path != "" {
				if strings.HasSuffix(u.Path, "/") || !strings.Contains(path.Base(u.Path), ".") {
					t.Errorf("%s: link %s names a folder, which opens a listing from disk", page, ref)
					return
				}
				target = path.Clean(path.Join(path.Dir(page), u.Path))
				if strings.HasPrefix(target, "../") {
					t.Errorf("%s: link %s leaves the site", page, ref)
					return
				}
				if _, ok := files[target]; !ok {
					t.Errorf("%s: link %s: no file %s", page, ref, target)
					return
				}
			}
			if u.Fragment != "" && strings.HasSuffix(target, ".html") && !idsOf(target)[u.Fragment] {
				t.Errorf("%s: link %s: %s has no id %q", page, ref, target, u.Fragment)
			}
		})
	}
	if links < 100 {
		t.Errorf("only %d internal links checked", links)
	}
}
