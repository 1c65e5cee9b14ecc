package site

import (
	"bytes"
	"math/rand"
	"reflect"
	"strings"
	"testing"
)

// TestRenderSameAsModel holds Render, which builds each page's model just
// before rendering it, to the models Model builds all at once: every page
// Model knows is published, at its path, as its template renders its model,
// and nothing else is published but the theme's files.
func TestRenderSameAsModel(t *testing.T) {
	for name, p := range map[string]project{"fixture": fixture(t), "bundled": bundled(t), "hostile": hostile(t)} {
		t.Run(name, func(t *testing.T) {
			in := Input{Glossary: p.g, Docs: p.docs, Findings: allFindings(p), BaseURL: "https://example.org/"}
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
				if path != sitemapFile && !strings.HasPrefix(path, assetsDir) {
					t.Errorf("%s is published but has no model", path)
				}
			}
		})
	}
}

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
