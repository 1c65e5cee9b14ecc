package site

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/source"
)

func hostile(t testing.TB) project {
	return loadProject(t, "testdata/hostile/corpus", "testdata/hostile/glossary")
}

// dangerousURL reports whether a URL would run script or load content from
// a URL the site did not make, the way a browser reads it: control
// characters and spaces ignored, scheme case folded.
func dangerousURL(u string) bool {
	s := strings.ToLower(strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, u))
	for _, scheme := range []string{"javascript:", "data:", "vbscript:", "file:"} {
		if strings.HasPrefix(s, scheme) {
			return true
		}
	}
	return false
}

// searchAction is where the header's search box sends a query: the search
// page, by a relative link.
var searchAction = regexp.MustCompile(`^(\.\./)*search/index\.html$`)

// checkSafeHTML parses a page and reports every way it could run script
// or break the Content-Security-Policy.
func checkSafeHTML(t *testing.T, name string, data []byte) {
	t.Helper()
	doc := parseHTML(t, name, data)
	csp := 0
	walk(doc, func(n *html.Node) {
		switch n.Data {
		case "script":
			if typ, _ := attr(n, "type"); typ == "application/ld+json" {
				checkDataBlock(t, name, n)
				break
			}
			src, ok := attr(n, "src")
			if !ok || !(strings.HasSuffix(src, "assets/concord.js") || strings.HasSuffix(src, "assets/terms.js") || src == "search.js" || src == "stem.js") || strings.Contains(src, ":") {
				t.Errorf("%s: a <script> that is not the site's own: %s", name, render1(n))
			}
			if strings.TrimSpace(textOf(n)) != "" {
				t.Errorf("%s: inline script: %s", name, render1(n))
			}
		case "iframe", "object", "embed", "style", "base", "img", "svg", "math", "frame", "applet", "form":
			if n.Data == "form" {
				// The search page's own form, or the header's search box.
				if action, _ := attr(n, "action"); action != "index.html" && !searchAction.MatchString(action) {
					t.Errorf("%s: a form that is not the search form: %s", name, render1(n))
				}
				break
			}
			t.Errorf("%s: <%s> element: %s", name, n.Data, render1(n))
		case "meta":
			if v, _ := attr(n, "http-equiv"); strings.EqualFold(v, "content-security-policy") {
				csp++
				if c, _ := attr(n, "content"); c != ContentSecurityPolicy {
					t.Errorf("%s: Content-Security-Policy is %q", name, c)
				}
			}
			if v, _ := attr(n, "http-equiv"); strings.EqualFold(v, "refresh") {
				t.Errorf("%s: meta refresh", name)
			}
		}
		for _, a := range n.Attr {
			key := strings.ToLower(a.Key)
			if strings.HasPrefix(key, "on") {
				t.Errorf("%s: event handler attribute %s on <%s>", name, a.Key, n.Data)
			}
			if key == "style" {
				t.Errorf("%s: style attribute on <%s>", name, n.Data)
			}
			switch key {
			case "href", "src", "action", "formaction", "xlink:href", "srcdoc", "data", "poster", "background", "cite":
				if dangerousURL(a.Val) {
					t.Errorf("%s: dangerous %s=%q on <%s>", name, a.Key, a.Val, n.Data)
				}
			}
		}
	})
	if csp != 1 {
		t.Errorf("%s: %d Content-Security-Policy meta tags, want 1", name, csp)
	}
}

// checkDataBlock holds a JSON-LD block to what makes it safe: no src, no
// "<" anywhere in it (so nothing in it can close the element or open a
// comment, whatever the glossary says), and whole JSON that is a
// schema.org DefinedTerm.
func checkDataBlock(t *testing.T, name string, n *html.Node) {
	t.Helper()
	if _, ok := attr(n, "src"); ok {
		t.Errorf("%s: a JSON-LD block with src: %s", name, render1(n))
	}
	text := textOf(n)
	if strings.Contains(text, "<") {
		t.Errorf("%s: a JSON-LD block holding \"<\": %s", name, render1(n))
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(text), &v); err != nil || v["@type"] != "DefinedTerm" {
		t.Errorf("%s: a JSON-LD block that is not a DefinedTerm (%v): %s", name, err, render1(n))
	}
}

func render1(n *html.Node) string {
	var b bytes.Buffer
	_ = html.Render(&b, n)
	s := b.String()
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return s
}

// TestHostileMarkup builds a corpus and glossary full of script tags,
// event handlers, javascript:, data: and vbscript: URLs, and markup in
// titles, front matter and glossary text, and checks no page of the site
// carries any of it in a form a browser would act on.
func TestHostileMarkup(t *testing.T) {
	p := hostile(t)
	files := render(t, Input{Glossary: p.g, Docs: p.docs, Findings: allFindings(p), Editor: true})
	pages := 0
	for _, f := range files {
		if strings.HasSuffix(f.Path, ".html") {
			pages++
			checkSafeHTML(t, f.Path, f.Data)
		}
	}
	if pages < 10 {
		t.Fatalf("only %d pages", pages)
	}
	m := fileMap(files)
	attack := string(m["docs/attack/index.html"])
	for _, want := range []string{
		// Markup in front matter is shown as text.
		"&lt;script&gt;window.__pwned=&#39;title&#39;&lt;/script&gt;Attack",
		// Raw HTML is omitted, not escaped into the page.
		"<!-- raw HTML omitted -->",
		// Code stays code, escaped.
		"<code>&lt;script&gt;window.__pwned='code'&lt;/script&gt;</code>",
		// An external image becomes a link, not a request.
		`<a class="image-link" href="https://example.org/tracker.png">Image: image external</a>`,
	} {
		if !strings.Contains(attack, want) {
			t.Errorf("docs/attack/index.html lacks %s", want)
		}
	}
	if strings.Contains(attack, "__pwned='link'") && strings.Contains(attack, `href="javascript`) {
		t.Error("javascript: link kept")
	}
	term := string(m["glossary/stalking/index.html"])
	if !strings.Contains(term, "&lt;script&gt;window.__pwned=&#39;definition&#39;&lt;/script&gt;Stalking is a course of conduct.") {
		t.Error("the glossary definition's markup is not shown as text")
	}
}

// TestSlugCannotEscape checks a slug that would climb out of the output
// folder is refused, even if it got past the corpus loader.
func TestSlugCannotEscape(t *testing.T) {
	p := fixture(t)
	f, err := source.New("evil.md", []byte("# Evil\n"))
	if err != nil {
		t.Fatal(err)
	}
	d, err := corpus.Parse(f, "evil.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, slug := range []string{"../../evil", "/etc/evil", `..\evil`, "a/./b"} {
		d.Slug = slug
		if _, err := Render(Input{Glossary: p.g, Docs: append([]*corpus.Document{d}, p.docs...)}); err == nil {
			t.Errorf("slug %q was published", slug)
		}
	}
	if _, err := Render(Input{Glossary: p.g, Docs: p.docs, Extra: []File{{Path: "../escape.txt"}}}); err == nil {
		t.Error("an extra file outside the site was accepted")
	}
	if _, err := Render(Input{Glossary: p.g, Docs: p.docs, Extra: []File{{Path: "index.html"}}}); err == nil {
		t.Error("an extra file replacing a page was accepted")
	}
	_ = filepath.Join
}
