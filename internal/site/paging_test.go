package site

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/concord-guidance/concord/internal/benchgen"
)

// TestPaging holds the one pager every paged list uses to its addresses,
// labels and links: page 1 is the list's own page (with the list's
// fragment when it shares the page), later pages have stable addresses,
// links are relative to the page they are on, and rel=prev/next link the
// neighbours without a fragment.
func TestPaging(t *testing.T) {
	docs := paging{total: 1234, per: 200, path: documentsPage, noun: "Documents", lower: "documents"}
	uses := paging{total: 95, per: 40, path: func(k int) string { return usagePage("stalking", k) }, fragment1: "usage", noun: "Documents", lower: "documents"}
	for _, c := range []struct {
		name string
		pg   paging
		n    int
		// want: label, then prev, each page (text=href, [current]), next.
		want             string
		prevRel, nextRel string
	}{
		{"first page of the documents", docs, 1,
			"Documents 1 to 200 of 1234 | [1]=index.html 2=page/2/index.html 3=page/3/index.html … 7=page/7/index.html | >page/2/index.html",
			"", "page/2/index.html"},
		{"a middle page", docs, 4,
			"Documents 601 to 800 of 1234 | <../3/index.html | 1=../../index.html 2=../2/index.html 3=../3/index.html [4]=index.html 5=../5/index.html 6=../6/index.html 7=../7/index.html | >../5/index.html",
			"../3/index.html", "../5/index.html"},
		{"the last page, short", docs, 7,
			"Documents 1201 to 1234 of 1234 | <../6/index.html | 1=../../index.html … 5=../5/index.html 6=../6/index.html [7]=index.html",
			"../6/index.html", ""},
		{"a term's uses, from page 2", uses, 2,
			"Documents 41 to 80 of 95 | <../index.html#usage | 1=../index.html#usage [2]=index.html 3=../uses-3/index.html | >../uses-3/index.html",
			"../index.html", "../uses-3/index.html"},
	} {
		t.Run(c.name, func(t *testing.T) {
			from := c.pg.path(c.n)
			p := c.pg.pager(c.n, from)
			parts := []string{p.Label}
			if p.Prev != "" {
				parts = append(parts, "<"+p.Prev)
			}
			var links []string
			for _, l := range p.Pages {
				switch {
				case l.Gap:
					links = append(links, "…")
				case l.Current:
					links = append(links, "["+l.Text+"]="+l.Href)
				default:
					links = append(links, l.Text+"="+l.Href)
				}
			}
			parts = append(parts, strings.Join(links, " "))
			if p.Next != "" {
				parts = append(parts, ">"+p.Next)
			}
			if got := strings.Join(parts, " | "); got != c.want {
				t.Errorf("pager:\n got %s\nwant %s", got, c.want)
			}
			l := Layout{Path: from}
			c.pg.linkPages(&l, c.n)
			if l.PrevHref != c.prevRel || l.NextHref != c.nextRel {
				t.Errorf("rel prev/next: %q %q, want %q %q", l.PrevHref, l.NextHref, c.prevRel, c.nextRel)
			}
		})
	}
	if p := (paging{total: 200, per: 200, path: documentsPage}).pager(1, documentsPage(1)); p != nil {
		t.Errorf("a list that fits on one page has a pager: %+v", p)
	}
}

// TestPagedPagesMarkup checks the pager as readers meet it on a paged
// list: a nav landmark named by its label, the current page marked for
// screen readers, and rel=prev/next in the head.
func TestPagedPagesMarkup(t *testing.T) {
	files := fileMap(render(t, generatedInput(t, 60, true)))
	page := files["documents/page/2/index.html"]
	if page == nil {
		t.Fatal("no documents/page/2/index.html")
	}
	for _, want := range []string{
		`<link rel="prev" href="../../index.html">`,
		`<link rel="next" href="../3/index.html">`,
		`<nav class="pager" aria-label="Documents 11 to 20 of 60">`,
		`aria-current="page" href="index.html"><span class="visually-hidden">Documents 11 to 20, page </span>2</a>`,
		`rel="prev">Previous<span class="visually-hidden"> documents</span>`,
	} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("documents/page/2/index.html lacks %s", want)
		}
	}
	if f := files["report/findings/page/2/index.html"]; !bytes.Contains(f, []byte(`Previous<span class="visually-hidden"> findings</span>`)) {
		t.Errorf("report/findings/page/2/index.html has no pager naming findings")
	}
}

// generatedInput is a generated corpus of n documents with small pages:
// ten documents to a page of the listings, two findings to a page of the
// report, five documents to a page of a term's uses.
func generatedInput(t testing.TB, n int, editor bool) Input {
	t.Helper()
	dir := t.TempDir()
	if _, err := benchgen.Generate(dir, benchgen.Options{Docs: n, Seed: 3, Glossary: os.DirFS(filepath.Join(repoRoot(t), "glossary")), Workers: 1}); err != nil {
		t.Fatal(err)
	}
	p := loadProject(t, filepath.Join(dir, "corpus"), filepath.Join(dir, "glossary"))
	return Input{Glossary: p.g, Docs: p.docs, Findings: allFindings(p), Editor: editor, ListPerPage: 10, FindingsPerPage: 2, UsagePerPage: 5}
}

// TestPagesStaySmall renders a generated corpus of 120 documents with
// small pages and holds every page to a size in bytes: the home page, the
// report and the listings, which summarise or page what grows with the
// corpus, to 24 KB each (rendered on one page each, the home page and the
// report are larger than that, so the bound is one paging must meet), and
// a term's pages, whose size follows the longest documents' sentences, to
// 64 KB. Every internal link in the paged site resolves.
func TestPagesStaySmall(t *testing.T) {
	if testing.Short() {
		t.Skip("renders a generated corpus three times")
	}
	const listBound, pageBound = 24 << 10, 64 << 10
	in := generatedInput(t, 120, true)
	files := render(t, in)
	kinds := map[string]bool{}
	for _, f := range files {
		if !strings.HasSuffix(f.Path, ".html") {
			continue
		}
		bound := pageBound
		switch {
		case f.Path == "index.html" || f.Path == "report/index.html" || strings.HasPrefix(f.Path, "documents/") || strings.HasPrefix(f.Path, "report/"):
			bound = listBound
			kinds[regexp.MustCompile(`page/[0-9]+/`).ReplaceAllString(f.Path, "page/N/")] = true
		}
		if len(f.Data) > bound {
			t.Errorf("%s: %d bytes, more than %d", f.Path, len(f.Data), bound)
		}
	}
	for _, k := range []string{"index.html", "report/index.html", "documents/index.html", "documents/page/N/index.html", "report/findings/index.html", "report/findings/page/N/index.html", "report/documents/index.html"} {
		if !kinds[k] {
			t.Errorf("no page %s", k)
		}
	}
	checkLinks(t, fileMap(files))
	// The same corpus on one page: the bound above is one that only paging
	// meets.
	whole := in
	whole.ListPerPage, whole.FindingsPerPage = 1<<20, 1<<20
	wf := fileMap(render(t, whole))
	for _, p := range []string{"index.html", "report/index.html"} {
		if len(wf[p]) <= listBound {
			t.Errorf("%s is %d bytes on one page: the corpus is too small to test paging", p, len(wf[p]))
		}
	}
	// Without the editors' view: the home page summarises all the same,
	// and there is no report.
	readers := in
	readers.Editor = false
	rf := fileMap(render(t, readers))
	if len(rf["index.html"]) > listBound || rf["documents/page/2/index.html"] == nil || rf["report/findings/index.html"] != nil {
		t.Errorf("readers' view: home %d bytes, documents page 2 %v, report pages %v", len(rf["index.html"]), rf["documents/page/2/index.html"] != nil, rf["report/findings/index.html"] != nil)
	}
}

// TestSmallCorpusNotPaged checks that a corpus whose lists fit on one page
// gets no paged list: the bundled corpus's home page lists every document,
// and its report every finding.
func TestSmallCorpusNotPaged(t *testing.T) {
	p := bundled(t)
	files := fileMap(render(t, Input{Glossary: p.g, Docs: p.docs, Findings: allFindings(p), Editor: true}))
	for path := range files {
		if strings.HasPrefix(path, "documents/") || strings.HasPrefix(path, "report/findings/") || strings.HasPrefix(path, "report/documents/") {
			t.Errorf("%s published for a corpus of %d documents", path, len(p.docs))
		}
	}
	if n := bytes.Count(files["index.html"], []byte(`class="doc-list__item"`)); n != len(p.docs) {
		t.Errorf("the home page lists %d documents of %d", n, len(p.docs))
	}
	for _, f := range allFindings(p) {
		if id := `id="F-` + f.Fingerprint + `"`; !bytes.Contains(files["report/index.html"], []byte(id)) {
			t.Errorf("the report has no %s", id)
		}
	}
}

// TestPagedIncremental renders a generated corpus with small pages, edits
// it in ways that move documents and findings between pages, and after
// each edit compares the incremental render with a full one byte for byte.
func TestPagedIncremental(t *testing.T) {
	if testing.Short() {
		t.Skip("renders a generated corpus several times")
	}
	dir := t.TempDir()
	if _, err := benchgen.Generate(dir, benchgen.Options{Docs: 50, Seed: 5, Glossary: os.DirFS(filepath.Join(repoRoot(t), "glossary")), Workers: 1}); err != nil {
		t.Fatal(err)
	}
	docs, _ := filepath.Glob(filepath.Join(dir, "corpus", "*.md"))
	input := func() Input {
		p := loadProject(t, filepath.Join(dir, "corpus"), filepath.Join(dir, "glossary"))
		// As a build does: each document with a hash of its path and text.
		srcs := make([]Source, len(p.docs))
		for i, d := range p.docs {
			srcs[i] = Source{Doc: d, Hash: fmt.Sprintf("%x", sha256.Sum256(append([]byte(d.Path+"\x00"), d.File.Text...)))}
		}
		return Input{Glossary: p.g, Sources: srcs, Findings: allFindings(p), Editor: true, ListPerPage: 10, FindingsPerPage: 2, UsagePerPage: 5}
	}
	edit := func(p string, f func(string) string) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(f(string(b))), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	retitle := regexp.MustCompile(`(?m)^title: .*$`)
	steps := []struct {
		name string
		edit func()
	}{
		{"a title moved to the front of the listing", func() {
			edit(docs[30], func(s string) string { return retitle.ReplaceAllString(s, `title: "Aardvark guidance"`) })
		}},
		{"a new finding early in the report", func() {
			edit(docs[2], func(s string) string { return s + "\nOfficers recorded the incident as domestic violence.\n" })
		}},
		{"a topic changed", func() {
			edit(docs[7], func(s string) string {
				return regexp.MustCompile(`(?m)^topic: .*$`).ReplaceAllString(s, "topic: Zebra crossings")
			})
		}},
		{"a document removed", func() { os.Remove(docs[11]) }},
	}
	prevFiles, state, err := RenderIncremental(input(), nil)
	if err != nil {
		t.Fatal(err)
	}
	site := fileMap(prevFiles)
	for _, st := range steps {
		st.edit()
		in := input()
		files, next, err := RenderIncremental(in, state)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][]byte{}
		rendered := 0
		for _, f := range files {
			if f.Same {
				got[f.Path] = site[f.Path]
			} else {
				got[f.Path] = f.Data
				rendered++
			}
		}
		want := fileMap(render(t, in))
		var diffs []string
		for p, w := range want {
			if g, ok := got[p]; !ok {
				diffs = append(diffs, p+" missing")
			} else if !bytes.Equal(g, w) {
				i := 0
				for i < len(g) && i < len(w) && g[i] == w[i] {
					i++
				}
				diffs = append(diffs, fmt.Sprintf("%s differs at byte %d: %q, want %q", p, i, g[max(0, i-60):min(len(g), i+60)], w[max(0, i-60):min(len(w), i+60)]))
			}
		}
		for p := range got {
			if _, ok := want[p]; !ok {
				diffs = append(diffs, p+" not in the full render")
			}
		}
		if len(diffs) > 0 {
			t.Fatalf("%s: the incremental render differs from a full one: %s", st.name, strings.Join(diffs[:min(10, len(diffs))], ", "))
		}
		if rendered == len(files) {
			t.Errorf("%s: every file rendered again", st.name)
		}
		t.Logf("%s: %d of %d files rendered", st.name, rendered, len(files))
		site, state = got, next
	}
}
