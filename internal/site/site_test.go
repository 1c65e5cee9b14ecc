package site

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/concord-guidance/concord/internal/rules"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json")

// TestPageModelsGolden builds the page models of the fixture corpus and
// compares them, as JSON, with testdata/pages.golden.json. Run with -update
// after a deliberate change and review the diff. The rules pages are left out:
// they come from the rule registry, which other changes extend.
func TestPageModelsGolden(t *testing.T) {
	p := fixture(t)
	pages, err := Model(Input{Glossary: p.g, Docs: p.docs, Findings: stableFindings(p), Editor: true})
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.MarshalIndent(struct {
		Home     *HomePage
		Docs     []*DocPage
		Glossary *GlossaryPage
		Terms    []*TermPage
		Report   *ReportPage
		Search   *SearchPage
		NotFound *NotFoundPage
	}{pages.Home, pages.Docs, pages.Glossary, pages.Terms, pages.Report, pages.Search, pages.NotFound}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	golden := filepath.Join("testdata", "pages.golden.json")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/site -run TestPageModelsGolden -update)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("page models differ from %s at line %d:\n got: %s\nwant: %s\n(run with -update after a deliberate change)", golden, i+1, g, w)
			}
		}
	}
}

// TestRulesPages checks that every rule in the registry has a page showing
// its examples and what each produces, the findings matching the example's
// expectations.
func TestRulesPages(t *testing.T) {
	p := fixture(t)
	pages, err := Model(Input{Glossary: p.g, Docs: p.docs, Editor: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(pages.RulePage) == 0 || len(pages.Rules.Rules) != len(pages.RulePage) {
		t.Fatalf("%d rule pages for %d rules", len(pages.RulePage), len(pages.Rules.Rules))
	}
	for _, rp := range pages.RulePage {
		if rp.Rationale == "" || rp.Title == "" || rp.Severity == "" {
			t.Errorf("%s: missing title, rationale or severity", rp.ID)
		}
		for _, ex := range rp.Examples {
			if ex.Error != "" {
				t.Errorf("%s: example %q: %s", rp.ID, ex.Title, ex.Error)
			}
		}
	}
	// The page shows what running the example finds (whether that matches
	// the example's expectations is the rules package's test).
	dep := findRule(pages, "deprecated-term")
	r := rules.Lookup("deprecated-term")
	if dep == nil || len(dep.Examples) != len(r.Examples) || len(dep.Examples[0].Findings) == 0 {
		t.Fatalf("deprecated-term's first example should show a finding: %+v", dep)
	}
	if got := dep.Examples[0].Findings[0].Where; !strings.HasPrefix(got, "deprecated-term@1:") {
		t.Errorf("first finding at %s, want deprecated-term on line 1", got)
	}
}

func findRule(p *Pages, id string) *RulePage {
	for _, r := range p.RulePage {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// TestTermLinking checks the term-link extension on the fixture: first use
// per H2 section, across soft line breaks and emphasis, never in headings,
// code or links; heading ids that match the checker's anchors; links between
// documents rewritten; links to what the site does not publish unwrapped.
func TestTermLinking(t *testing.T) {
	p := fixture(t)
	files := fileMap(render(t, Input{Glossary: p.g, Docs: p.docs}))
	page := files["docs/stalking/index.html"]
	doc := parseHTML(t, "stalking", page)
	var prose *html.Node
	walk(doc, func(n *html.Node) {
		if hasClass(n, "prose") {
			prose = n
		}
	})
	if prose == nil {
		t.Fatal("no prose")
	}
	// Term links per H2 section, in order.
	type section struct {
		id    string
		terms []string
	}
	var sections []*section
	var inCode, inLink, inHeading []string
	walk(prose, func(n *html.Node) {
		switch n.Data {
		case "h2":
			id, _ := attr(n, "id")
			sections = append(sections, &section{id: id})
		}
		if hasClass(n, "term__link") {
			href, _ := attr(n, "href")
			sections[len(sections)-1].terms = append(sections[len(sections)-1].terms, textOf(n)+" -> "+href)
			for a := n.Parent; a != nil; a = a.Parent {
				switch a.Data {
				case "code", "pre":
					inCode = append(inCode, textOf(n))
				case "h1", "h2", "h3", "h4", "h5", "h6":
					inHeading = append(inHeading, textOf(n))
				}
				if a.Data == "a" {
					inLink = append(inLink, textOf(n))
				}
			}
		}
	})
	if len(inCode)+len(inLink)+len(inHeading) > 0 {
		t.Errorf("term links inside code %q, links %q, headings %q", inCode, inLink, inHeading)
	}
	want := map[string][]string{
		"introduction": {"Stalking -> ../../glossary/stalking/index.html"},
		"what-is-stalking": {
			"Stalking -> ../../glossary/stalking/index.html",
			"harassment -> ../../glossary/harassment/index.html",
			// Across a soft line break.
			"Stalking\nProtection Order -> ../../glossary/stalking-protection-order/index.html",
		},
		// Across emphasis inside the term; the acronym later in the section
		// is the same term, so it is not linked again.
		"stalking-protection-orders": {
			"stalking protection order -> ../../glossary/stalking-protection-order/index.html",
			"harassment -> ../../glossary/harassment/index.html",
		},
	}
	got := map[string][]string{}
	for _, s := range sections {
		got[s.id] = s.terms
	}
	for id, w := range want {
		if strings.Join(got[id], "|") != strings.Join(w, "|") {
			t.Errorf("section #%s: term links\n got %q\nwant %q", id, got[id], w)
		}
	}
	for _, want := range []string{
		// Heading ids are the checker's anchors.
		`<h2 id="what-is-stalking">`, `<h3 id="domestic-settings">`, `<h2 id="stalking-protection-orders">`,
		// Links between documents go to the published page and anchor.
		`<a href="../orders/index.html#breach">the orders guidance</a>`,
		// External links are kept; table alignment is a class.
		`<a href="https://www.legislation.gov.uk/ukpga/2019/9">a link about stalking</a>`,
		`<th class="align-left">Order</th>`, `<td class="align-right">Police</td>`,
		// Check boxes are words, not unlabelled controls.
		`<span class="task task--done">Done: </span>checked the file`,
		// A link to a document that does not exist is plain text.
		`and a missing document.`,
		// The place of the term's summary, listed once, which
		// assets/concord.js fills and points each link to it at.
		`<dd id="Def-stalking"></dd>`,
	} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("docs/stalking/index.html lacks %s", want)
		}
	}
	// Every term link is described by the one place of its term's summary
	// on the page: a dd, in the list of the terms the document uses, which
	// assets/concord.js fills from assets/terms.js, the one file holding
	// every summary (the browser tests check it filled); no summary is
	// written into the page.
	if !bytes.Contains(page, []byte(`<script src="../../assets/terms.js" defer></script>`)) {
		t.Error("docs/stalking/index.html does not load assets/terms.js")
	}
	summaries := termsScriptSummaries(t, files["assets/terms.js"])
	ids := map[string][]*html.Node{}
	walk(doc, func(n *html.Node) {
		if id, ok := attr(n, "id"); ok {
			ids[id] = append(ids[id], n)
		}
	})
	described := 0
	walk(prose, func(n *html.Node) {
		if !hasClass(n, "term__link") {
			return
		}
		href, _ := attr(n, "href")
		termID := strings.TrimSuffix(strings.TrimPrefix(href, "../../glossary/"), "/index.html")
		if by, ok := attr(n, "aria-describedby"); ok {
			t.Errorf("link to %s is described by %q in the page: assets/concord.js sets that", href, by)
		}
		by := "Def-" + termID
		if len(ids[by]) != 1 {
			t.Errorf("link to %s is described by %q, found %d times", href, by, len(ids[by]))
			return
		}
		dd := ids[by][0]
		if term := p.g.Get(termID); dd.Data != "dd" || term == nil || textOf(dd) != "" || summaries[termID] != term.Summary {
			t.Errorf("link to %s is described by <%s> %q, not the place of the term's summary (in assets/terms.js: %q)", href, dd.Data, textOf(dd), summaries[termID])
		}
		if dt := dd.PrevSibling; dt == nil || dt.Data != "dt" || !strings.EqualFold(textOf(dt), term(p, termID)) || dt.FirstChild == nil || attrOr(dt.FirstChild, "href") != href {
			t.Errorf("the summary of %s does not follow its term's name", termID)
		}
		described++
	})
	if described < 5 {
		t.Errorf("%d term links described, want the fixture's every one (at least 5)", described)
	}
	for _, tm := range p.g.Terms {
		if n := bytes.Count(page, []byte(html.EscapeString(tm.Summary))); n > 0 {
			t.Errorf("the summary of %s is written into the page %d times", tm.ID, n)
		}
	}
	// Deprecated wording is not linked as a use of the term.
	if bytes.Contains(page, []byte(`class="term__link" href="../../glossary/domestic-abuse/index.html"`)) {
		t.Error("deprecated wording was linked to its term")
	}
	// A page with a slug in a sub-folder links correctly.
	notes := files["docs/practice/notes/index.html"]
	for _, want := range []string{`href="../../orders/index.html"`, `href="#links"`, `href="../../../assets/style.css"`} {
		if !bytes.Contains(notes, []byte(want)) {
			t.Errorf("docs/practice/notes/index.html lacks %s", want)
		}
	}
}

// TestHeadingIDsMatchAnchors renders every bundled document and checks each
// heading's id is the anchor the corpus (and broken-link) gives it.
func TestHeadingIDsMatchAnchors(t *testing.T) {
	p := bundled(t)
	files := fileMap(render(t, Input{Glossary: p.g, Docs: p.docs}))
	for _, d := range p.docs {
		doc := parseHTML(t, d.Path, files[docPage(d.Slug)])
		var ids []string
		walk(doc, func(n *html.Node) {
			if hasClass(n, "prose") {
				walk(n, func(h *html.Node) {
					if len(h.Data) == 2 && h.Data[0] == 'h' && h.Data[1] >= '1' && h.Data[1] <= '6' {
						id, _ := attr(h, "id")
						ids = append(ids, id)
					}
				})
			}
		})
		if len(ids) != len(d.Headings) {
			t.Errorf("%s: %d headings rendered, corpus has %d", d.Path, len(ids), len(d.Headings))
			continue
		}
		for i, h := range d.Headings {
			if ids[i] != h.Anchor {
				t.Errorf("%s: heading %q has id %q, want %q", d.Path, h.Text, ids[i], h.Anchor)
			}
		}
	}
}

func TestRelHref(t *testing.T) {
	for _, c := range []struct{ from, to, want string }{
		{"index.html", "docs/a/index.html", "docs/a/index.html"},
		{"docs/a/index.html", "docs/b/index.html", "../b/index.html"},
		{"docs/a/index.html", "glossary/stalking/index.html", "../../glossary/stalking/index.html"},
		{"docs/x/y/index.html", "docs/a/index.html", "../../a/index.html"},
		{"docs/a/index.html", "docs/a/index.html", "index.html"},
		{"index.html", "docs/a b/index.html", "docs/a%20b/index.html"},
		{"index.html", "a:b/index.html", "./a:b/index.html"},
	} {
		if got := relHref(c.from, c.to); got != c.want {
			t.Errorf("relHref(%q, %q) = %q, want %q", c.from, c.to, got, c.want)
		}
	}
}

func TestExternalHref(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"https://example.org/a", "https://example.org/a"},
		{"mailto:a@example.org", "mailto:a@example.org"},
		{"javascript:alert(1)", "#"},
		{" JaVaScRiPt:alert(1)", "#"},
		{"java\tscript:alert(1)", "#"},
		{"data:text/html,<script>", "#"},
		{"vbscript:msgbox", "#"},
		{"file:///etc/passwd", "#"},
		{"//example.org/x", "https://example.org/x"},
		{"\x01javascript:alert(1)", "#"},
		{"jävascript:x", "#"},
	} {
		if got := externalHref(c.in); got != c.want {
			t.Errorf("externalHref(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestCheckSlug(t *testing.T) {
	for _, s := range []string{"", "..", "a/../b", "/a", "a/", `a\b`, ".hidden", "a//b", "a\x00b"} {
		if checkSlug(s) == nil {
			t.Errorf("checkSlug(%q) accepted", s)
		}
	}
	for _, s := range []string{"a", "a/b", "stalking-and-harassment", "My File"} {
		if err := checkSlug(s); err != nil {
			t.Errorf("checkSlug(%q): %v", s, err)
		}
	}
}

// TestDeterministic renders and publishes the bundled site twice and
// compares the trees byte for byte.
func TestDeterministic(t *testing.T) {
	p := bundled(t)
	in := Input{Glossary: p.g, Docs: p.docs, Findings: allFindings(p), BaseURL: "https://guidance.example.org/concord", Editor: true}
	a, b := publishTemp(t, render(t, in)), publishTemp(t, render(t, in))
	ta, tb := readTree(t, a), readTree(t, b)
	if len(ta) != len(tb) {
		t.Fatalf("%d files, then %d", len(ta), len(tb))
	}
	for name, data := range ta {
		if !bytes.Equal(data, tb[name]) {
			t.Errorf("%s differs between two builds", name)
		}
	}
	if _, ok := ta["sitemap.xml"]; !ok {
		t.Error("no sitemap.xml with a base URL")
	}
	if !bytes.Contains(ta["sitemap.xml"], []byte("<loc>https://guidance.example.org/concord/glossary/stalking/</loc>")) {
		t.Errorf("sitemap lacks the stalking page:\n%s", ta["sitemap.xml"])
	}
	// Without a base URL there is no sitemap.
	in.BaseURL = ""
	if _, ok := fileMap(render(t, in))["sitemap.xml"]; ok {
		t.Error("sitemap.xml without a base URL")
	}
}

func readTree(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// term is the name of a glossary term as pages show it.
func term(p project, id string) string {
	if t := p.g.Get(id); t != nil {
		return t.Term
	}
	return ""
}

// termsScriptSummaries reads assets/terms.js: the summaries by term id.
func termsScriptSummaries(t *testing.T, data []byte) map[string]string {
	t.Helper()
	body, ok := bytes.CutPrefix(data, []byte("window.__concordTerms = "))
	body, ok2 := bytes.CutSuffix(body, []byte(";\n"))
	var out map[string]string
	if !ok || !ok2 || json.Unmarshal(body, &out) != nil {
		t.Fatalf("assets/terms.js is not the summaries' script: %.200q", data)
	}
	return out
}
