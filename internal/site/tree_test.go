package site

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/concord-guidance/concord/internal/corpus"
)

// TestDocBodiesSameFromTree renders every document, readers' and editors'
// views, three ways: from goldmark's own parse of its body, from the tree
// corpus.BodyTree reads the body into, and from the tree corpus.ParseTree
// kept (as a build's page load gives it), and compares the bytes.
func TestDocBodiesSameFromTree(t *testing.T) {
	for name, p := range map[string]project{"bundled": bundled(t), "hostile": hostile(t), "generated": generated(t, 200), "links": linkifyProject(t), "plain": plainProject(t)} {
		t.Run(name, func(t *testing.T) {
			trees := 0
			eachDocView(t, p, func(d *corpus.Document, editor bool, c func() *docContext) {
				keep := bodyTree
				bodyTree = func([]byte, int) *corpus.Tree { return nil }
				want, err1 := renderDocument(c())
				bodyTree = keep
				again, err2 := renderDocument(c())
				withTree := c()
				_, tree, _ := corpus.ParseTree(d.File, d.Rel)
				if tree != nil {
					trees++
				}
				withTree.tree = tree
				kept, err3 := renderDocument(withTree)
				if err1 != nil || err2 != nil || err3 != nil {
					t.Fatal(err1, err2, err3)
				}
				if again != want {
					t.Errorf("%s (editors' view %v): the body from BodyTree differs:\n%s\nfrom goldmark's parse:\n%s", d.Path, editor, again, want)
				}
				if kept != want {
					t.Errorf("%s (editors' view %v): the body from ParseTree differs:\n%s\nfrom goldmark's parse:\n%s", d.Path, editor, kept, want)
				}
			})
			if trees == 0 {
				t.Error("no document was rendered from a tree: the test compares nothing")
			}
		})
	}
}

// plainProject is the bundled glossary with documents of plain paragraphs
// (which corpus.Parse leaves out of goldmark's inline parse) in the
// places goldmark reads them otherwise: tight and loose lists, quotes,
// tables, beside emphasis and links, and a table with an escaped pipe.
func plainProject(t *testing.T) project {
	dir := t.TempDir()
	docs := map[string]string{
		"lists.md":  "---\ntitle: Lists\nsummary: Plain lists.\n---\n# Lists\n\nA stalking protection order\nruns over two lines.\n\n- a domestic abuse protection notice\n- tight item\n  continued on a stalking\n  protection order line\n\n1. loose\n\n2. a domestic abuse\n   protection notice\n\n- outer\n  - nested stalking protection order\n  - tight\n",
		"quotes.md": "# Quotes\n\n> A stalking protection order quoted\nlazily continued.\n\n> > Deep domestic abuse protection notice.\n\n## Second\n\nA stalking protection order again, and a [link](lists.md) to lists.\n\nSetext heading\n--------------\n\nPlain after *emphasis* paragraph with a stalking protection order.\n",
		"tables.md": "# Tables\n\n| term | use |\n|:--|--:|\n| stalking protection order | a domestic abuse protection notice |\n\nText of a stalking protection order.\n",
		"pipes.md":  "# Pipes\n\n| a | b |\n|---|---|\n| `x \\| y` | stalking protection order |\n\nA stalking protection order.\n",
	}
	for name, text := range docs {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return loadProject(t, dir, filepath.Join(repoRoot(t), "glossary"))
}
