package corpus

import (
	"fmt"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/concord-guidance/concord/internal/source"
)

// MarkdownWithoutLinkify is Markdown without GFM's linkify: the parser Parse
// reads a document with when NeedsLinkify says linkify could find nothing
// in it. The site renders such documents with it too, and so skips the
// linkify parser goldmark calls at every space.
func MarkdownWithoutLinkify() goldmark.Markdown { return markdown(false, false) }

// NeedsLinkify says whether src, a document's body as Parse reads it,
// could be read otherwise by MarkdownWithoutLinkify than by Markdown: only
// where linkify could start a link, or a line ends in two or more spaces
// or tabs. Elsewhere the two give the same nodes but that Markdown cuts a
// line's text at each space, which the HTML written from them does not
// show.
func NeedsLinkify(src []byte) bool { return needsLinkify(src) }

// Tree is the goldmark tree Parse read a document's body into, kept so
// that the site can publish the document without parsing it a second
// time. Its plain paragraphs (see plain.go) are already replaced by what
// goldmark's inline parse makes of them, so it is, node for node, the tree
// MarkdownWithoutLinkify (or Markdown, where NeedsLinkify) parses the body
// into before its AST transformers run.
type Tree struct {
	root   *ast.Document
	src    []byte
	pooled *[]byte // src's buffer, to hand back to bodies on Release
}

// Root is the tree's document node.
func (t *Tree) Root() *ast.Document { return t.root }

// Source is the body the tree was read from: the file with its front
// matter blanked to spaces, newlines kept.
func (t *Tree) Source() []byte { return t.src }

// Release hands the tree's source back for the next document to reuse;
// neither the tree nor its source may be read after.
func (t *Tree) Release() {
	if t.pooled != nil {
		*t.pooled = t.src[:0]
		bodies.Put(t.pooled)
	}
	*t = Tree{}
}

func newTree(root ast.Node, src []byte, plain bool) *Tree {
	doc, ok := root.(*ast.Document)
	if !ok {
		return nil
	}
	if plain {
		inlinePlain(doc, src)
	}
	return &Tree{root: doc, src: src}
}

// ParseTree is Parse, also returning the tree the document's body was
// read into, or nil when there is none (a refused document). It is for a
// caller that publishes the document; Release the tree when done.
func ParseTree(f *source.File, rel string) (*Document, *Tree, error) {
	return parseKeep(f, rel, true)
}

// ParseInputTree is ParseInput, also returning the tree ParseTree does
// (nil for an HTML document).
func ParseInputTree(f *source.File, in Input) (d *Document, t *Tree, err error) {
	if IsHTML(in.Path) {
		d, err = ParseInput(f, in)
		return d, nil, err
	}
	defer func() {
		// As ParseInput.
		if r := recover(); r != nil {
			msg, _, _ := strings.Cut(fmt.Sprint(r), "\n")
			d, t, err = nil, nil, &source.Error{Pos: source.Position{File: in.Display}, Msg: "internal error while parsing: " + msg, Hint: "please report this file to the concord maintainers"}
		}
	}()
	d, t, err = ParseTree(f, in.Rel)
	if d != nil {
		d.Disk = in.Path
	}
	return d, t, err
}

// BodyTree parses body, a document's source with its first frontEnd bytes
// (its front matter) blanked to spaces but for newlines, into the tree
// ParseTree would give. It returns nil where Parse refuses or stops the
// document.
func BodyTree(body []byte, frontEnd int) *Tree {
	if depth, _ := tooDeep(body, frontEnd); depth > 0 || linkScanCost(body) >= 0 {
		return nil
	}
	root, plain, stop := parseMarkdown(body)
	if stop != nil {
		return nil
	}
	return newTree(root, body, plain)
}

// inlinePlain replaces each plainParagraph under n by the paragraph (or,
// directly in an item of a tight list, the text block goldmark's list
// parser makes of it) with the Text nodes goldmark's inline parse gives
// its lines (parser.parseBlock, goldmark v1.8): one a line, over the line
// up to its newline, less two spaces before the newline that make a hard
// line break, with trailing spaces trimmed; a newline makes a soft line
// break but after a hard one. A plain line holds no backslash, carriage
// return or other byte an inline parser starts at (plainLines), so no
// other node or break can arise.
func inlinePlain(n ast.Node, src []byte) {
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		switch q := c.(type) {
		case *plainParagraph:
			n.ReplaceChild(n, q, q.inline(n, src))
		default:
			if c.Type() == ast.TypeBlock {
				inlinePlain(c, src)
			}
		}
		c = next
	}
}

func (q *plainParagraph) inline(parent ast.Node, src []byte) ast.Node {
	var b ast.Node
	if l, ok := parent.Parent().(*ast.List); ok && l.IsTight && parent.Kind() == ast.KindListItem {
		// As listParser.Close makes of a tight list's paragraphs.
		b = ast.NewTextBlock()
		b.SetLines(q.Lines())
	} else {
		p := ast.NewParagraph()
		p.SetLines(q.Lines())
		p.SetBlankPreviousLines(q.HasBlankPreviousLines())
		p.SetPos(q.Pos())
		b = p
	}
	lines := q.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		line := src[seg.Start:seg.Stop]
		n := len(line)
		newline := n > 0 && line[n-1] == '\n'
		hard, soft := false, false
		switch {
		case newline && n >= 3 && line[n-3] == ' ' && line[n-2] == ' ':
			n -= 3
			hard = true
		case newline:
			n--
			soft = true
		}
		s := text.NewSegment(seg.Start, seg.Start+n)
		t := ast.NewTextSegment(s.TrimRightSpace(src))
		t.SetSoftLineBreak(soft)
		t.SetHardLineBreak(hard)
		b.AppendChild(b, t)
	}
	return b
}
