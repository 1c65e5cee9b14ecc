package site

import (
	"bytes"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/concord-guidance/concord"
)

// thingsPage is the model of the kind TestNewPageKind adds.
type thingsPage struct {
	Layout
	Findings int
}

// TestNewPageKind adds a kind of page the way docs/adding.md says, in two
// places only: a registerKind call beside its model builder (here) and its
// template (here added to the embedded theme). The site then publishes the
// page, every page's navigation links it, and an incremental build renders
// it again exactly when what it reads changes.
func TestNewPageKind(t *testing.T) {
	const path = "things/index.html"
	registerKind(&pageKind{name: "things", template: "things",
		nav: &navEntry{text: "Things", section: "things", order: 55},
		pages: func(b *builder) []page {
			return []page{{path: path,
				model: func() (any, error) {
					return &thingsPage{Layout: b.layout(path, "Things", "things"), Findings: len(b.findings)}, nil
				},
				reads: func() any { return len(b.findings) }}}
		}})
	t.Cleanup(func() { unregisterKind("things") })

	theme := fstest.MapFS{}
	sub, err := fs.Sub(concord.Site, "site")
	if err != nil {
		t.Fatal(err)
	}
	err = fs.WalkDir(sub, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := fs.ReadFile(sub, p)
		theme[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	theme["templates/things.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}<h1>{{.Title}}</h1><p class="things">{{.Findings}} findings</p>{{end}}`)}

	p := fixture(t)
	all := allFindings(p)
	if len(all) < 2 {
		t.Fatal("the fixture needs findings")
	}
	input := func() Input {
		return Input{Glossary: p.g, Docs: p.docs, Findings: all, Theme: theme}
	}
	in := input()
	files, state, err := RenderIncremental(in, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := fileMap(files)
	want := fmt.Sprintf(`<p class="things">%d findings</p>`, len(all))
	if !bytes.Contains(got[path], []byte(want)) {
		t.Fatalf("%s does not show its model: want %s in\n%s", path, want, got[path])
	}
	if !bytes.Contains(got[path], []byte(`<title>Things`)) {
		t.Errorf("%s is not laid out by layout.html", path)
	}
	for _, other := range []string{homePage, glossaryPage, docPage(p.docs[0].Slug)} {
		if href := relHref(other, path); !bytes.Contains(got[other], []byte(`href="`+href+`"`)) {
			t.Errorf("%s's navigation does not link %s (%s)", other, path, href)
		}
	}

	// Nothing changed: the page is carried over.
	files, state, err = RenderIncremental(in, state)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.Path == path && !f.Same {
			t.Errorf("%s rendered again with nothing changed", path)
		}
	}
	// What it reads changed: rendered again, as a full render has it.
	all = all[1:]
	in = input()
	files, _, err = RenderIncremental(in, state)
	if err != nil {
		t.Fatal(err)
	}
	full := fileMap(render(t, in))
	for _, f := range files {
		if f.Path != path {
			continue
		}
		if f.Same || !bytes.Equal(f.Data, full[path]) {
			t.Errorf("%s after a finding went: same %v, %q; want %q", path, f.Same, f.Data, full[path])
		}
		if !strings.Contains(string(f.Data), fmt.Sprintf("%d findings", len(all))) {
			t.Errorf("%s shows %q", path, f.Data)
		}
	}
}
