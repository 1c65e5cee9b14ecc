package corpus

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"

	"github.com/concord-guidance/concord/internal/source"
)

// TestTreeMatchesGoldmark wants ParseTree's tree to be, node for node, the
// one goldmark parses the body into without plain paragraphs (the parser
// Parse would use but for mdPlain), over random documents and
// paragraphCases; and BodyTree's the same.
func TestTreeMatchesGoldmark(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	docs := append([]string(nil), paragraphCases...)
	n := 5000
	if testing.Short() {
		n = 500
	}
	for range n {
		docs = append(docs, randomDoc(r))
	}
	plain := 0
	for i, doc := range docs {
		if !needsLinkify([]byte(doc)) && !mayDefine([]byte(doc)) && strings.TrimSpace(doc) != "" {
			plain++
		}
		if err := sameTree(doc); err != nil {
			t.Fatalf("document %d %q: %v", i, doc, err)
		}
	}
	if plain < n/4 {
		t.Errorf("only %d of %d documents read by mdPlain", plain, len(docs))
	}
}

func sameTree(doc string) error {
	file, _ := source.New("doc.md", []byte(doc))
	d, tree, err := ParseTree(file, "doc.md")
	keep := markdownFor
	markdownFor = func(body []byte) goldmark.Markdown {
		if needsLinkify(body) {
			return md
		}
		return mdNoLinkify
	}
	ref, refTree, refErr := ParseTree(file, "doc.md")
	markdownFor = keep
	if fmt.Sprint(err) != fmt.Sprint(refErr) || !reflect.DeepEqual(d, ref) {
		return fmt.Errorf("documents differ: %v, want %v", err, refErr)
	}
	if (tree == nil) != (refTree == nil) {
		return fmt.Errorf("tree %v, want %v", tree != nil, refTree != nil)
	}
	if tree == nil {
		return nil
	}
	if string(tree.Source()) != string(refTree.Source()) {
		return fmt.Errorf("source %q, want %q", tree.Source(), refTree.Source())
	}
	if err := sameNodes(tree.Root(), refTree.Root(), tree.Source()); err != nil {
		return err
	}
	body := tree.Source()
	again := BodyTree(append([]byte(nil), body...), d.Front.End)
	if again == nil {
		return fmt.Errorf("BodyTree refused the body")
	}
	if err := sameNodes(again.Root(), tree.Root(), body); err != nil {
		return fmt.Errorf("BodyTree: %w", err)
	}
	tree.Release()
	refTree.Release()
	return nil
}

// sameNodes compares two trees: kinds, and every field of each node but
// its links to others, which the walk compares instead.
func sameNodes(a, b ast.Node, src []byte) error {
	if a.Kind() != b.Kind() {
		return fmt.Errorf("%s where %s was wanted", a.Kind(), b.Kind())
	}
	if a.ChildCount() != b.ChildCount() {
		return fmt.Errorf("%s: %d children, want %d", a.Kind(), a.ChildCount(), b.ChildCount())
	}
	if fa, fb := fields(a), fields(b); !reflect.DeepEqual(fa, fb) {
		return fmt.Errorf("%s at %d: %+v, want %+v", a.Kind(), a.Pos(), fa, fb)
	}
	for ca, cb := a.FirstChild(), b.FirstChild(); ca != nil; ca, cb = ca.NextSibling(), cb.NextSibling() {
		if err := sameNodes(ca, cb, src); err != nil {
			return err
		}
	}
	return nil
}

// fields are a node's fields but its links to other nodes.
func fields(n ast.Node) map[string]any {
	out := map[string]any{"attrs": n.Attributes(), "pos": n.Pos()}
	if n.Type() == ast.TypeBlock {
		out["lines"] = fmt.Sprint(n.Lines().Sliced(0, n.Lines().Len()))
		out["blank"] = n.HasBlankPreviousLines()
	}
	v := reflect.ValueOf(n).Elem()
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if f.Anonymous || !f.IsExported() {
			continue
		}
		out[f.Name] = v.Field(i).Interface()
	}
	switch t := n.(type) {
	case *ast.Text:
		out["soft"], out["hard"], out["raw"] = t.SoftLineBreak(), t.HardLineBreak(), t.IsRaw()
	}
	return out
}
