package site

import (
	"bytes"
	"strings"
	"testing"

	"github.com/concord-guidance/concord/internal/opendata"
)

// TestIRIsNamePages holds internal/opendata's IRIs to the site's paths: a
// term's concept IRI is its page's folder, the scheme's the glossary page's.
func TestIRIsNamePages(t *testing.T) {
	o := opendata.Options{BaseURL: "https://example.org/g/"}
	for _, id := range []string{"stalking", "2a-offence"} {
		page, _ := strings.CutSuffix(o.ConceptIRI(id), "#concept")
		if page+"index.html" != o.BaseURL+termPage(id) {
			t.Errorf("concept IRI %s is not the folder of %s", o.ConceptIRI(id), termPage(id))
		}
	}
	if scheme, _ := strings.CutSuffix(o.SchemeIRI(), "#scheme"); scheme+"index.html" != o.BaseURL+glossaryPage {
		t.Errorf("scheme IRI %s is not the folder of %s", o.SchemeIRI(), glossaryPage)
	}
}

// TestOpenDataPublished: a build publishes the open-data files, made with
// the site's base URL, and every term page its DefinedTerm block, once.
func TestOpenDataPublished(t *testing.T) {
	p := fixture(t)
	files := fileMap(render(t, Input{Glossary: p.g, Docs: p.docs, Findings: allFindings(p), BaseURL: "https://example.org/g"}))
	want, err := opendata.Files(p.g, opendata.Options{BaseURL: "https://example.org/g/", Title: DefaultTitle})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range want {
		if !bytes.Equal(files[f.Path], f.Data) {
			t.Errorf("%s is not published as opendata makes it", f.Path)
		}
	}
	for _, term := range p.g.Terms {
		page := files[termPage(term.ID)]
		if n := bytes.Count(page, []byte(`<script type="application/ld+json">`)); n != 1 {
			t.Errorf("%s: %d JSON-LD blocks, want 1", termPage(term.ID), n)
		}
		if !bytes.Contains(page, []byte(`"@id":"https://example.org/g/glossary/`+term.ID+`/#concept"`)) {
			t.Errorf("%s: the JSON-LD block does not name the concept", termPage(term.ID))
		}
	}
}
