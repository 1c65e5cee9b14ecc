package site

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/rules"
)

// TestDocBodiesSameWithoutLinkify renders every document, readers' and
// editors' views, with the parser markdownPoolFor picks and with linkify
// always on, and compares the bytes: a document rendered without linkify
// must be the page it would have been with it.
func TestDocBodiesSameWithoutLinkify(t *testing.T) {
	always := func([]byte) *sync.Pool { return &markdowns }
	// goldmark's own parse, which markdownPoolFor picks the parser of.
	keepTree := bodyTree
	bodyTree = func([]byte, int) *corpus.Tree { return nil }
	defer func() { bodyTree = keepTree }()
	for name, p := range map[string]project{"bundled": bundled(t), "hostile": hostile(t), "generated": generated(t, 200), "links": linkifyProject(t)} {
		t.Run(name, func(t *testing.T) {
			without := 0
			b := eachDocView(t, p, func(d *corpus.Document, editor bool, c func() *docContext) {
				picked, err1 := renderDocument(c())
				saved := markdownPoolFor
				markdownPoolFor = always
				linkified, err2 := renderDocument(c())
				markdownPoolFor = saved
				if err1 != nil || err2 != nil {
					t.Fatal(err1, err2)
				}
				if picked != linkified {
					t.Errorf("%s (editors' view %v): the body differs without linkify:\n%s\nwith it:\n%s", d.Path, editor, picked, linkified)
				}
				if !editor && !corpus.NeedsLinkify(appendDocumentBody(nil, d)) {
					without++
				}
			})
			t.Logf("%d of %d documents rendered without linkify", without, len(b.docs))
			if (name == "generated" || name == "links") && without == 0 {
				t.Error("no document was rendered without linkify: the test compares nothing")
			}
		})
	}
}

// eachDocView builds p's site model and calls view for each of its
// documents in the readers' and the editors' views, with c making a fresh
// context for that view (a render takes its context's tree), and returns
// the builder.
func eachDocView(t *testing.T, p project, view func(d *corpus.Document, editor bool, c func() *docContext)) *builder {
	t.Helper()
	findings, facts := rules.RunWithFacts(rules.Input{Glossary: p.g, Docs: p.docs})
	b, err := newBuilder(Input{Glossary: p.g, Docs: p.docs, Facts: facts, Findings: findings, Editor: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range b.docs {
		d, df, err := e.parsed()
		if err != nil {
			t.Fatal(err)
		}
		page := docPage(d.Slug)
		for _, editor := range []bool{false, true} {
			view(d, editor, func() *docContext {
				c := &docContext{doc: d, page: page, byRel: b.byRel, matcher: b.g.Matcher,
					termHref: func(t *glossary.Term) string { return relHref(page, termPage(t.ID)) }, known: newKnownBlocks(df)}
				if editor {
					var shown []FindingView
					for _, f := range b.byDoc[e] {
						shown = append(shown, b.finding(f, page))
					}
					c.flags = flagSpans(d, b.byDoc[e], shown)
				}
				return c
			})
		}
	}
	return b
}

// linkifyProject is the bundled glossary with documents that linkify reads
// otherwise, and others beside them, which it does not.
func linkifyProject(t *testing.T) project {
	dir := t.TempDir()
	docs := map[string]string{
		"urls.md":     "# Links\n\nSee https://example.org/a and www.example.org, or ftp://x.example.\n\nWrite to help@example.org about a stalking protection order.\n",
		"trailing.md": "# Trailing\n\nA stalking protection order  \nends with two spaces.\t\t\nAnd tabs.\n",
		"plain.md":    "# Plain\n\nA *stalking protection* order (a civil order) and ~~old~~ _words_ here.\n\n- a list item with a domestic abuse protection notice\n- [x] done\n\n| a | b |\n|:--|--:|\n| domestic abuse | c |\n",
		"colon.md":    "# Colon\n\nNote: the time is 10:30, say; http is not a link here, nor mailto.\n",
	}
	for name, text := range docs {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return loadProject(t, dir, filepath.Join(repoRoot(t), "glossary"))
}
