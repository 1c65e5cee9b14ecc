package site

import (
	"html"
	"strconv"
	"strings"
	"testing"

	xhtml "golang.org/x/net/html"

	"github.com/concord-guidance/concord/internal/rules"
)

// TestReadersSiteShowsNoFindings builds the bundled corpus, defects and
// all, as readers see it and looks in every file published for anything
// of concord's findings: a message, a fingerprint, the counts, the report,
// the rules pages or the editors' panels and marks.
func TestReadersSiteShowsNoFindings(t *testing.T) {
	p := bundled(t)
	findings := allFindings(p)
	if len(findings) < 10 {
		t.Fatalf("the bundled corpus has only %d findings; the test needs its defects", len(findings))
	}
	files := render(t, Input{Glossary: p.g, Docs: p.docs, Findings: findings})
	// Words and markup of the editors' view; the stylesheet, shared by
	// both views, styles the markup, so it is searched for findings only.
	markup := []string{"Health of the guidance", "For editors", "Consistency report", "consistency report",
		`class="flag`, "flag-note", "Note-1", "report/index.html", "rules/index.html", `class="finding`, "findings-brief", "editors’ view"}
	var banned []string
	for _, f := range findings {
		banned = append(banned, "F-"+f.Fingerprint, html.EscapeString(f.Message), f.Message)
	}
	pages := 0
	for _, f := range files {
		pages++
		if strings.HasPrefix(f.Path, "report/") || strings.HasPrefix(f.Path, "rules/") {
			t.Errorf("%s is published in the readers' site", f.Path)
		}
		body := string(f.Data)
		check := banned
		if !strings.HasPrefix(f.Path, "assets/") {
			check = append(markup, banned...)
		}
		for _, b := range check {
			if strings.Contains(body, b) {
				t.Errorf("%s shows %q", f.Path, b)
			}
		}
	}
	if pages < 30 {
		t.Fatalf("only %d files", pages)
	}
	// The health panel and the findings links are gone from the home
	// page, which leads with the guidance instead.
	home := string(fileMap(files)["index.html"])
	for _, b := range []string{"Errors", "Warnings", `href="#Findings"`, "stats__item"} {
		if strings.Contains(home, b) {
			t.Errorf("the home page shows %q", b)
		}
	}
}

// TestEditorSiteMarksFindings builds the editors' view of the bundled
// corpus: every finding in a document's prose is marked in its sentence,
// the mark holding the words the finding is about, with a numbered link to
// a note that gives the finding and links back; findings with no place in
// the text (a suppression comment) are in the panel only.
func TestEditorSiteMarksFindings(t *testing.T) {
	p := bundled(t)
	findings := allFindings(p)
	files := fileMap(render(t, Input{Glossary: p.g, Docs: p.docs, Findings: findings, Editor: true}))
	for _, want := range []string{"report/index.html", "rules/index.html", "rules/deprecated-term/index.html"} {
		if files[want] == nil {
			t.Errorf("the editors' view lacks %s", want)
		}
	}
	if !strings.Contains(string(files["index.html"]), "Health of the guidance") {
		t.Error("the editors' home page has no health panel")
	}
	byDoc := map[string][]*rules.Finding{}
	for _, f := range findings {
		byDoc[f.File] = append(byDoc[f.File], f)
	}
	marked, unplaced := 0, 0
	for _, d := range p.docs {
		fs := byDoc[d.Path]
		page := "docs/" + d.Slug + "/index.html"
		root := parseHTML(t, page, files[page])
		ids := map[string]*xhtml.Node{}
		walk(root, func(n *xhtml.Node) {
			if id, ok := attr(n, "id"); ok {
				ids[id] = n
			}
		})
		// Each mark and the refs after it.
		type ref struct {
			mark, note *xhtml.Node
			href       string
		}
		refs := map[string]ref{}
		walk(root, func(n *xhtml.Node) {
			if n.Type != xhtml.ElementNode || n.Data != "mark" || !hasClass(n, "flag") {
				return
			}
			for s := n.NextSibling; s != nil && s.Type == xhtml.ElementNode && hasClass(s, "flag__ref"); s = s.NextSibling {
				href, _ := attr(s, "href")
				id, _ := attr(s, "id")
				refs[id] = ref{mark: n, note: ids[strings.TrimPrefix(href, "#")], href: href}
			}
		})
		n := 0
		for _, f := range fs {
			if f.Rule == "unused-suppression" {
				unplaced++
				continue
			}
			// Notes are numbered in reading order, as findings are sorted.
			n++
			id := "Flag-" + strconv.Itoa(n)
			r, ok := refs[id]
			if !ok {
				t.Errorf("%s: finding %d (%s:%d %s) is not marked", page, n, f.File, f.Line, f.Rule)
				continue
			}
			marked++
			if r.note == nil {
				t.Errorf("%s: %s links to %s, which is not on the page", page, id, r.href)
				continue
			}
			note := textOf(r.note)
			if !strings.Contains(note, f.Message) {
				t.Errorf("%s: note %d says %q, not the finding %q", page, n, note, f.Message)
			}
			if !strings.Contains(note, f.Severity.String()) && !strings.Contains(note, upperFirst(f.Severity.String())) {
				t.Errorf("%s: note %d does not name the severity %s", page, n, f.Severity)
			}
			back := false
			walk(r.note, func(a *xhtml.Node) {
				if h, _ := attr(a, "href"); h == "#"+id {
					back = true
				}
			})
			if !back {
				t.Errorf("%s: note %d has no link back to its mark", page, n)
			}
			// A broken link's match is its destination, not words shown.
			if m := strings.Join(strings.Fields(f.Match), " "); m != "" && f.Rule != "broken-link" {
				if got := strings.Join(strings.Fields(visibleText(r.mark)), " "); !strings.Contains(got, m) {
					t.Errorf("%s: the mark of finding %d (%s) reads %q, without %q", page, n, f.Rule, got, m)
				}
			}
		}
		if len(refs) != n {
			t.Errorf("%s: %d refs for %d findings", page, len(refs), n)
		}
	}
	if marked < 15 || unplaced == 0 {
		t.Errorf("%d findings marked, %d left to the panel; the bundled corpus has more of each", marked, unplaced)
	}
}

// TestSiteWording: the title, intro, organisation and footer from
// concord.yaml are on the pages, as text however they are written.
func TestSiteWording(t *testing.T) {
	p := fixture(t)
	files := fileMap(render(t, Input{Glossary: p.g, Docs: p.docs, Title: "Team <b>guidance</b>",
		Intro: "First <script>alert(1)</script> paragraph.\n\nSecond\nparagraph.", Organisation: "Org & Co",
		FooterText: "Footer \"quoted\" <i>text</i>"}))
	home := string(files["index.html"])
	for _, want := range []string{
		"<title>Team &lt;b&gt;guidance&lt;/b&gt;</title>",
		`<span class="header__organisation">Org &amp; Co<span class="visually-hidden">:</span></span> Team &lt;b&gt;guidance&lt;/b&gt;</a>`,
		`<p class="lead">First &lt;script&gt;alert(1)&lt;/script&gt; paragraph.</p>`,
		`<p class="intro">Second paragraph.</p>`,
		`<p class="footer__text">Footer &#34;quoted&#34; &lt;i&gt;text&lt;/i&gt;</p>`,
		"Published by Org &amp; Co with concord from 3 guidance documents",
	} {
		if !strings.Contains(home, want) {
			t.Errorf("the home page lacks %s", want)
		}
	}
	doc := string(files["docs/stalking/index.html"])
	if !strings.Contains(doc, "<title>Stalking – Team &lt;b&gt;guidance&lt;/b&gt;</title>") {
		t.Error("a document's title does not name the site")
	}
	// Without them: the neutral defaults, and no introduction.
	plain := string(fileMap(render(t, Input{Glossary: p.g, Docs: p.docs}))["index.html"])
	if !strings.Contains(plain, "<title>Guidance</title>") || strings.Contains(plain, `class="lead"`) || strings.Contains(plain, "header__organisation") {
		t.Error("a site with no wording of its own is not plainly titled Guidance")
	}
}

// visibleText is the text of n as it reads on the page: without term
// previews (shown on hover) and words only screen readers hear.
func visibleText(n *xhtml.Node) string {
	var b strings.Builder
	var rec func(*xhtml.Node)
	rec = func(n *xhtml.Node) {
		if n.Type == xhtml.ElementNode && (hasClass(n, "term__preview") || hasClass(n, "visually-hidden")) {
			return
		}
		if n.Type == xhtml.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return b.String()
}
