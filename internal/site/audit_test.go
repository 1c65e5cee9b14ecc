package site

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/concord-guidance/concord/internal/audit"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/htmlin"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/source"
)

// auditFixture is an audit of the saved pages in testdata/audit as
// `concord audit` would make it: a police page read from a saved copy, a
// charity page full of hostile markup (its publisher's name too), a force
// page fetched at a fixed time, and a page that failed with an address
// that is not http (audit.Load refuses one; the site must not link it
// either way).
func auditFixture(t testing.TB) (*glossary.Glossary, *audit.SiteData) {
	t.Helper()
	g, err := glossary.Load(os.DirFS("testdata/fixture/glossary"), ".", "glossary")
	if err != nil {
		t.Fatal(err)
	}
	fetched := time.Date(2026, 3, 4, 9, 30, 0, 0, time.UTC)
	list := []struct {
		publisher, url, file, selector string
		status                         audit.Status
	}{
		{"Example Police", "", "police.html", "", "file"},
		{`Example Charity <script>window.__pwned='publisher'</script>`, "", "charity.html", "div.page-body", "file"},
		{"Example Force", "https://www.example.police.uk/advice/stalking/?a=1&b=<2>", "force.html", "", audit.Fetched},
	}
	var pages []*audit.Got
	var docs []*corpus.Document
	for _, l := range list {
		data, err := os.ReadFile(filepath.Join("testdata/audit", l.file))
		if err != nil {
			t.Fatal(err)
		}
		name := l.file
		if l.url != "" {
			name = l.url
		}
		f, err := source.New(name, data)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := corpus.ParseHTML(f, l.file, htmlin.Options{Selector: l.selector})
		if err != nil {
			t.Fatal(err)
		}
		got := &audit.Got{Page: audit.Page{Publisher: l.publisher, URL: l.url}, Doc: doc, Status: l.status}
		if l.url == "" {
			got.Page.File = "saved/" + l.file
		} else {
			got.Fetched = fetched
		}
		pages = append(pages, got)
		docs = append(docs, doc)
	}
	pages = append(pages, &audit.Got{Page: audit.Page{Publisher: "Gone", URL: "javascript:window.__pwned='source'"}, Err: errors.New("the server answered 404 Not Found")})
	findings, facts := rules.RunWithFacts(rules.Input{Glossary: g, Docs: docs})
	return g, audit.Summarise(g, pages, findings, facts).Site()
}

func auditFiles(t testing.TB, editor bool) map[string][]byte {
	t.Helper()
	g, d := auditFixture(t)
	return fileMap(render(t, Input{Glossary: g, Audit: d, Editor: editor}))
}

// mainOf is a page's main element, the part an audit page owns.
func mainOf(t testing.TB, page []byte) string {
	t.Helper()
	s := string(page)
	i, j := strings.Index(s, "<main"), strings.Index(s, "</main>")
	if i < 0 || j < i {
		t.Fatal("no main element")
	}
	return s[i : j+len("</main>")]
}

// TestAuditPageGolden holds the audit section's two kinds of page to
// golden files (go test ./internal/site -run TestAuditPage -update), and
// checks what a reader relies on: each publisher under its own heading
// with its verdict, its source linked at the URL it shows, the date
// fetched, the word diff marked in words as well as by strike and
// underline, and its findings at their place in the page's HTML.
func TestAuditPageGolden(t *testing.T) {
	m := auditFiles(t, false)
	for page, golden := range map[string]string{
		"audit/index.html":          "testdata/audit/index.golden.html",
		"audit/stalking/index.html": "testdata/audit/stalking.golden.html",
	} {
		data, ok := m[page]
		if !ok {
			t.Fatalf("no %s", page)
		}
		got := mainOf(t, data) + "\n"
		if *update {
			if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if got != string(want) {
			t.Errorf("%s differs from %s (run with -update and read the diff)", page, golden)
		}
	}

	doc := parseHTML(t, "audit/stalking/index.html", m["audit/stalking/index.html"])
	var h1 string
	var sections []*html.Node
	walk(doc, func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "h1" {
			h1 = textOf(n)
		}
		if n.Type == html.ElementNode && n.Data == "section" && hasClass(n, "audit-entry") {
			sections = append(sections, n)
		}
	})
	if h1 != "How published guidance describes stalking" {
		t.Errorf("h1 = %q", h1)
	}
	type want struct{ publisher, verdict string }
	wants := []want{
		{"Example Police", "Contradicts the law"},
		{"Example Charity <script>window.__pwned='publisher'</script>", "Differs"},
		{"Example Force", "Consistent"},
	}
	if len(sections) != len(wants) {
		t.Fatalf("%d publisher sections, want %d (the failed page has none)", len(sections), len(wants))
	}
	for i, s := range sections {
		var h2, tag string
		var links []*html.Node
		var times, dels, ins, findings int
		walk(s, func(n *html.Node) {
			if n.Type != html.ElementNode {
				return
			}
			switch {
			case n.Data == "h2":
				h2 = textOf(n)
			case n.Data == "strong" && hasClass(n, "tag") && tag == "":
				tag = textOf(n)
			case n.Data == "a":
				if rel, _ := attr(n, "rel"); rel != "" {
					links = append(links, n)
				}
			case n.Data == "time":
				times++
			case n.Data == "del":
				dels++
				if !strings.Contains(textOf(n), "[not in the publisher’s wording: ") {
					t.Errorf("%s: a deletion not said in words: %q", wants[i].publisher, textOf(n))
				}
			case n.Data == "ins":
				ins++
				if !strings.Contains(textOf(n), "[not in the glossary: ") {
					t.Errorf("%s: an insertion not said in words: %q", wants[i].publisher, textOf(n))
				}
			case n.Data == "li" && hasClass(n, "finding"):
				findings++
			}
		})
		if h2 != wants[i].publisher || tag != wants[i].verdict {
			t.Errorf("section %d: %q %q, want %q %q", i, h2, tag, wants[i].publisher, wants[i].verdict)
		}
		switch wants[i].publisher {
		case "Example Force":
			if len(links) != 1 || times != 1 {
				t.Fatalf("Example Force: %d source links and %d dates, want 1 and 1", len(links), times)
			}
			href, _ := attr(links[0], "href")
			rel, _ := attr(links[0], "rel")
			if !strings.EqualFold(href, "https://www.example.police.uk/advice/stalking/?a=1&b=%3C2%3E") {
				t.Errorf("source href %q", href)
			}
			if textOf(links[0]) != "https://www.example.police.uk/advice/stalking/?a=1&b=<2>" || rel != "nofollow noopener" {
				t.Errorf("source link shows %q with rel %q", textOf(links[0]), rel)
			}
			if dels+ins != 0 || findings != 0 {
				t.Errorf("Example Force restates the definition word for word, yet %d marks and %d findings", dels+ins, findings)
			}
		default:
			if len(links) != 0 || times != 0 {
				t.Errorf("%s: a saved copy with a source link or a date", wants[i].publisher)
			}
			if dels == 0 || ins == 0 || findings == 0 {
				t.Errorf("%s: %d deletions, %d insertions, %d findings; want some of each", wants[i].publisher, dels, ins, findings)
			}
		}
	}
	stalking := string(m["audit/stalking/index.html"])
	for _, s := range []string{
		`<time datetime="2026-03-04T09:30:00Z">4 March 2026, 09:30 UTC</time>`,
		`<code>saved/police.html:9:4</code>`,
		"Leaves out: “",
		"Pages that could not be read",
	} {
		if !strings.Contains(stalking, s) {
			t.Errorf("audit/stalking/index.html lacks %s", s)
		}
	}
	if home := string(m[homePage]); !strings.Contains(home, `<a href="audit/index.html">Audit</a>`) {
		t.Error("the site's navigation does not lead to the audit")
	}
	if term := string(m[termPage("stalking")]); !strings.Contains(term, `<a href="../../audit/stalking/index.html">How other bodies’ published guidance describes stalking</a>`) {
		t.Error("the glossary's stalking page does not lead to its audit page")
	}
	if term := string(m[termPage("stalking-protection-order")]); strings.Contains(term, "How other bodies") || m[auditTermPage("stalking-protection-order")] != nil {
		t.Error("a term no audited page mentions links to an audit page")
	}
}

// TestAuditHostileMarkup: nothing from another body's page, or from the
// publisher's name or address in audit.yaml, may run or render as markup.
func TestAuditHostileMarkup(t *testing.T) {
	for _, editor := range []bool{false, true} {
		m := auditFiles(t, editor)
		n := 0
		for p, data := range m {
			if strings.HasPrefix(p, "audit/") {
				n++
				checkSafeHTML(t, p, data)
				if bytes.Contains(data, []byte("javascript:")) && bytes.Contains(data, []byte(`href="javascript`)) {
					t.Errorf("%s: a javascript: link", p)
				}
			}
		}
		if n < 3 {
			t.Fatalf("only %d audit pages", n)
		}
		stalking := string(m["audit/stalking/index.html"])
		for _, s := range []string{
			// The page's text is shown as text, markup and all.
			"&lt;script&gt;window.__pwned=&#39;text&#39;&lt;/script&gt;",
			// So is the publisher's name.
			"Example Charity &lt;script&gt;window.__pwned=&#39;publisher&#39;&lt;/script&gt;",
			// The failed page's address is named, not linked.
			"javascript:window.__pwned=&#39;source&#39;",
		} {
			if !strings.Contains(stalking, s) {
				t.Errorf("audit/stalking/index.html lacks %s", s)
			}
		}
		// Scripts, handlers and elements of the page itself are dropped
		// before the text is read, never shown.
		for _, s := range []string{"page-script", "__pwned='h1'", "__pwned='p'", "__pwned='link'", "__pwned='img'", "__pwned='svg'", "__pwned='iframe'", "display:none"} {
			if strings.Contains(stalking, s) {
				t.Errorf("audit/stalking/index.html carries %s", s)
			}
		}
	}
}

// TestAuditDeterministic: the same audit gives the same bytes, and an
// incremental build after it renders no audit page again.
func TestAuditDeterministic(t *testing.T) {
	g, d := auditFixture(t)
	a := render(t, Input{Glossary: g, Audit: d})
	b := render(t, Input{Glossary: g, Audit: d})
	if len(a) != len(b) {
		t.Fatalf("%d files then %d", len(a), len(b))
	}
	for i := range a {
		if a[i].Path != b[i].Path || !bytes.Equal(a[i].Data, b[i].Data) {
			t.Errorf("%s differs between two renders", a[i].Path)
		}
	}
	_, st, err := RenderIncremental(Input{Glossary: g, Audit: d}, nil)
	if err != nil {
		t.Fatal(err)
	}
	files, _, err := RenderIncremental(Input{Glossary: g, Audit: d}, st)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasPrefix(f.Path, "audit/") && !f.Same {
			t.Errorf("%s rendered again with nothing changed", f.Path)
		}
	}
	// A new fetch date changes the pages that show it.
	d.Pages[2].Fetched = d.Pages[2].Fetched.Add(24 * time.Hour)
	files, _, err = RenderIncremental(Input{Glossary: g, Audit: d}, st)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if (f.Path == auditPage || f.Path == auditTermPage("stalking")) && f.Same {
			t.Errorf("%s not rendered again after the page was fetched again", f.Path)
		}
	}
}
