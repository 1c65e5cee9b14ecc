package site

import (
	"bytes"
	"math/rand"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/concord-guidance/concord/internal/opendata"
	"github.com/concord-guidance/concord/internal/rules"
)

// TestRenderSameAsModel holds Render, which builds each page's model just
// before rendering it, to the models Model builds all at once: every page
// Model knows is published, at its path, as its template renders its model,
// and nothing else is published but the theme's files.
func TestRenderSameAsModel(t *testing.T) {
	for name, p := range map[string]project{"fixture": fixture(t), "bundled": bundled(t), "hostile": hostile(t)} {
		t.Run(name, func(t *testing.T) {
			in := Input{Glossary: p.g, Docs: p.docs, Findings: allFindings(p), BaseURL: "https://example.org/", Editor: true}
			files := fileMap(render(t, in))
			pages, err := Model(in)
			if err != nil {
				t.Fatal(err)
			}
			tm, err := loadTemplates(mustBuilder(t, in).in.Theme)
			if err != nil {
				t.Fatal(err)
			}
			type page struct {
				path, template string
				model          any
			}
			all := []page{{homePage, "home", pages.Home}, {glossaryPage, "glossary", pages.Glossary}, {reportPage, "report", pages.Report},
				{rulesPage, "rules", pages.Rules}, {searchPage, "search", pages.Search}, {notFoundPage, "404", pages.NotFound}}
			for _, d := range pages.Docs {
				all = append(all, page{d.Path, "document", d})
			}
			for _, tp := range pages.Terms {
				all = append(all, page{tp.Path, "term", tp})
			}
			for _, r := range pages.RulePage {
				all = append(all, page{r.Path, "rule", r})
			}
			for _, pg := range all {
				var buf bytes.Buffer
				if err := tm.execute(&buf, pg.template, pg.model); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(files[pg.path], buf.Bytes()) {
					t.Errorf("%s differs from its model rendered", pg.path)
				}
				delete(files, pg.path)
			}
			for path := range files {
				if path != sitemapFile && !strings.HasPrefix(path, assetsDir) && !openDataFile[path] {
					t.Errorf("%s is published but has no model", path)
				}
			}
		})
	}
}

// openDataFile are the glossary's open-data files (internal/opendata), which
// are made from the glossary, not from a page model.
var openDataFile = map[string]bool{opendata.JSONFile: true, opendata.SchemaFile: true, opendata.JSONLDFile: true, opendata.TurtleFile: true, opendata.TBXFile: true}

func mustBuilder(t *testing.T, in Input) *builder {
	t.Helper()
	b, err := newBuilder(in)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestBySentence holds bySentence to grouping with a map, on runs of
// sentence numbers in and out of order.
func TestBySentence(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for range 5000 {
		spans := make([]usageSpan, rng.Intn(8))
		k := 0
		for i := range spans {
			if rng.Intn(3) == 0 {
				k += rng.Intn(3)
			}
			if rng.Intn(20) == 0 {
				k = rng.Intn(4)
			}
			spans[i] = usageSpan{start: i, end: i + 1, sentence: k}
		}
		if got, want := bySentence(spans), bySentenceUnordered(spans); !reflect.DeepEqual(got, want) && len(spans) > 0 {
			t.Fatalf("%v: grouped %v, want %v", spans, got, want)
		}
	}
}

// TestPager checks the pages a term's pager lists: the first, the last, the
// current one and two either side, a gap for each run left out, and
// previous and next links where there are such pages.
func TestPager(t *testing.T) {
	p := bundled(t)
	b := mustBuilder(t, Input{Glossary: p.g, Docs: p.docs, UsagePerPage: 1})
	term := p.g.Get("stalking")
	pages := b.usagePages(term)
	if pages < 9 {
		t.Fatalf("stalking's uses take %d pages at one a page; the test needs 9 or more", pages)
	}
	show := func(n int) string {
		pg := b.pager(term, n, usagePage(term.ID, n))
		var out []string
		for _, l := range pg.Pages {
			switch {
			case l.Gap:
				out = append(out, "…")
			case l.Current:
				out = append(out, "["+l.Text+"]")
			default:
				out = append(out, l.Text)
			}
		}
		if pg.Prev != "" {
			out = append([]string{"<"}, out...)
		}
		if pg.Next != "" {
			out = append(out, ">")
		}
		return strings.Join(out, " ")
	}
	last := strconv.Itoa(pages)
	for n, want := range map[int]string{
		1:     "[1] 2 3 … " + last + " >",
		4:     "< 1 2 3 [4] 5 6 … " + last + " >",
		5:     "< 1 … 3 4 [5] 6 7 … " + last + " >",
		pages: "< 1 … " + strconv.Itoa(pages-2) + " " + strconv.Itoa(pages-1) + " [" + last + "]",
	} {
		if got := show(n); got != want {
			t.Errorf("page %d: %q, want %q", n, got, want)
		}
	}
	if b.pager(term, 1, termPage(term.ID)).Pages[1].Href != "uses-2/index.html" {
		t.Errorf("page 2 from the term's page: %q", b.pager(term, 1, termPage(term.ID)).Pages[1].Href)
	}
}

// TestLayoutFieldsNotShadowed guards layout.html, which reads the page's
// shared values from .Layout rather than from the page: that is the same
// only while no page model has a field of its own by the name of one of
// Layout's. Title is the exception, and the layout reads it from the
// page: a rule's page names the rule in <title>.
func TestLayoutFieldsNotShadowed(t *testing.T) {
	p := fixture(t)
	pages, err := Model(Input{Glossary: p.g, Docs: p.docs, Findings: rules.Run(rules.Input{Glossary: p.g, Docs: p.docs}), Editor: true, BaseURL: "https://example.org/"})
	if err != nil {
		t.Fatal(err)
	}
	layout := reflect.TypeFor[Layout]()
	// Every kind of page, and any new one the fixture has.
	models := []any{&AuditPage{}, &AuditTermPage{}, &HomePage{}, &DocumentsPage{}, &DocPage{}, &GlossaryPage{}, &TermPage{},
		&ReportPage{}, &ReportFindingsPage{}, &ReportDocumentsPage{}, &RulesPage{}, &RulePage{}, &SearchPage{}, &NotFoundPage{}, &UsagePage{}}
	for _, m := range pages.All {
		models = append(models, m.model)
	}
	seen := map[reflect.Type]bool{}
	for _, m := range models {
		pt := reflect.TypeOf(m).Elem()
		if seen[pt] {
			continue
		}
		seen[pt] = true
		lf, ok := pt.FieldByName("Layout")
		if !ok || !lf.Anonymous || lf.Type != layout {
			t.Fatalf("%s: no embedded Layout", pt)
		}
		for i := range layout.NumField() {
			name := layout.Field(i).Name
			if name == "Title" {
				continue
			}
			if f, _ := pt.FieldByName(name); len(f.Index) != 2 || f.Index[0] != lf.Index[0] {
				t.Errorf("%s has a field %s of its own, which layout.html would not show", pt, name)
			}
		}
	}
	if len(seen) < 15 {
		t.Errorf("only %d kinds of page model seen", len(seen))
	}
}
