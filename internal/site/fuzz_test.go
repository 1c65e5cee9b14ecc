package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/source"
)

// FuzzRender renders a site from one fuzzed document (with the fixture
// glossary) and holds every page to the same rules as the hostile corpus:
// it parses as HTML, carries the Content-Security-Policy, and contains no
// script, event handler or dangerous URL from the input.
func FuzzRender(f *testing.F) {
	for _, dir := range []string{"testdata/hostile/corpus", "testdata/fixture/corpus", "../../corpus"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.md"))
		for _, p := range files {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(string(data))
			}
		}
	}
	f.Add("<script>alert(1)</script>\n\n[x](javascript:alert(1)) ![i](data:text/html,<script>) <img src=x onerror=alert(1)>")
	p := fixture(f)
	// The rules pages do not depend on the input; leave them to the other
	// tests so each fuzz run is quick.
	f.Fuzz(func(t *testing.T, text string) {
		src, err := source.New("corpus/fuzz.md", []byte(text))
		if err != nil {
			return // not UTF-8 text: the loader refuses it before rendering
		}
		d, err := corpus.Parse(src, "fuzz.md")
		if err != nil || d == nil {
			return
		}
		docs := append(append([]*corpus.Document(nil), p.docs...), d)
		slugs := map[string]bool{}
		for _, x := range docs {
			if slugs[x.Slug] {
				return // duplicate slugs are refused by the loader
			}
			slugs[x.Slug] = true
		}
		fs := rules.Run(rules.Input{Glossary: p.g, Docs: docs})
		files, err := Render(Input{Glossary: p.g, Docs: docs, Findings: fs, ExampleGlossary: p.g, Editor: true})
		if err != nil {
			return // a refused input is fine; a panic or unsafe page is not
		}
		for _, file := range files {
			if strings.HasSuffix(file.Path, ".html") {
				checkSafeHTML(t, file.Path, file.Data)
			}
		}
	})
}
