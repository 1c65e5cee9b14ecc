// Package htmlin reads a published web page (HTML) as guidance prose: it
// finds the main content (a CSS selector, the main or article element, or a
// readability-style score when there is neither), drops what is not the
// page's own text (navigation, cookie banners, site headers and footers,
// scripts, forms, screen-reader-only and hidden text), and hands back the
// headings, paragraphs, list items, quotations and table cells as blocks of
// text with a map from every byte back to its offset in the HTML source,
// entities decoded. Nothing in a page is executed or copied out as HTML:
// only its text leaves this package.
//
// It knows nothing of Markdown, the glossary or the rules; package corpus
// turns a Page into the same Document a Markdown file gives.
package htmlin

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// tree is a page parsed into html.Node values (so CSS selectors apply to
// it) with the source offsets html.Parse does not keep: where each element's
// start tag begins and where each text node's raw text lies.
type tree struct {
	root *html.Node
	// start is the offset of each element's start tag or comment.
	start map[*html.Node]int
	// end is the offset just after each comment.
	end map[*html.Node]int
	// raw is the source range of each text node, before entity decoding.
	raw map[*html.Node][2]int
}

// MaxDepth bounds element nesting; deeper elements are attached to the
// deepest allowed one, so a page of a million unclosed <div>s costs a
// flat tree, not a stack overflow in the walks that follow.
const MaxDepth = 512

// parse builds the tree with the tokenizer of golang.org/x/net/html, whose
// raw tokens partition the input, so the offset of every token is known.
// The tree is built by a small part of the HTML5 tree-construction rules:
// the elements whose end tags pages leave out (p, li, dt, dd, tr, td, th,
// option, headings) are closed where the standard closes them, void
// elements never open, and an end tag with no open element of its name is
// ignored. That is enough for the prose of published pages; the full
// algorithm (html.Parse) moves nodes (foster parenting, adoption agency)
// and loses the offsets.
func parse(src []byte) (*tree, error) {
	t := &tree{
		root:  &html.Node{Type: html.DocumentNode},
		start: map[*html.Node]int{},
		end:   map[*html.Node]int{},
		raw:   map[*html.Node][2]int{},
	}
	z := html.NewTokenizer(bytes.NewReader(src))
	stack := []*html.Node{t.root}
	off := 0
	for {
		tt := z.Next()
		rawLen := len(z.Raw())
		start := off
		off += rawLen
		top := stack[len(stack)-1]
		switch tt {
		case html.ErrorToken:
			if errors.Is(z.Err(), io.EOF) {
				return t, nil
			}
			return nil, fmt.Errorf("cannot tokenise the page at byte %d: %v", start, z.Err())
		case html.TextToken:
			n := &html.Node{Type: html.TextNode, Data: string(z.Text())}
			top.AppendChild(n)
			t.raw[n] = [2]int{start, off}
		case html.CommentToken:
			n := &html.Node{Type: html.CommentNode, Data: string(z.Text())}
			top.AppendChild(n)
			t.start[n], t.end[n] = start, off
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			n := &html.Node{Type: html.ElementNode, Data: string(name)}
			n.DataAtom = atom.Lookup(name)
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				n.Attr = append(n.Attr, html.Attribute{Key: string(k), Val: string(v)})
			}
			stack = closeImplied(stack, n.DataAtom)
			top = stack[len(stack)-1]
			top.AppendChild(n)
			t.start[n] = start
			if tt == html.StartTagToken && !void[n.DataAtom] && len(stack) < MaxDepth {
				stack = append(stack, n)
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			stack = closeNamed(stack, string(name))
		}
	}
}

var void = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true,
	atom.Hr: true, atom.Img: true, atom.Input: true, atom.Link: true, atom.Meta: true,
	atom.Source: true, atom.Track: true, atom.Wbr: true, atom.Param: true, atom.Keygen: true,
}

// closesP are the start tags that close an open paragraph.
var closesP = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true,
	atom.Details: true, atom.Div: true, atom.Dl: true, atom.Fieldset: true,
	atom.Figcaption: true, atom.Figure: true, atom.Footer: true, atom.Form: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Header: true, atom.Hr: true, atom.Main: true, atom.Menu: true, atom.Nav: true,
	atom.Ol: true, atom.P: true, atom.Pre: true, atom.Section: true, atom.Table: true,
	atom.Ul: true, atom.Li: true, atom.Dd: true, atom.Dt: true, atom.Summary: true,
}

// scope elements stop the search for an element to close implicitly.
var scope = map[atom.Atom]bool{
	atom.Html: true, atom.Table: true, atom.Td: true, atom.Th: true, atom.Caption: true,
	atom.Button: true, atom.Template: true, atom.Object: true, atom.Marquee: true,
}

func isHeading(a atom.Atom) bool {
	switch a {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}

// closeImplied pops what the start tag a ends by its arrival.
func closeImplied(stack []*html.Node, a atom.Atom) []*html.Node {
	if closesP[a] {
		stack = closeIn(stack, []atom.Atom{atom.P}, nil)
	}
	switch {
	case a == atom.Li:
		stack = closeIn(stack, []atom.Atom{atom.Li}, []atom.Atom{atom.Ul, atom.Ol})
	case a == atom.Dt || a == atom.Dd:
		stack = closeIn(stack, []atom.Atom{atom.Dt, atom.Dd}, []atom.Atom{atom.Dl})
	case a == atom.Tr:
		stack = closeIn(stack, []atom.Atom{atom.Td, atom.Th}, []atom.Atom{atom.Tr})
		stack = closeIn(stack, []atom.Atom{atom.Tr}, []atom.Atom{atom.Thead, atom.Tbody, atom.Tfoot})
	case a == atom.Td || a == atom.Th:
		stack = closeIn(stack, []atom.Atom{atom.Td, atom.Th}, []atom.Atom{atom.Tr})
	case a == atom.Thead || a == atom.Tbody || a == atom.Tfoot:
		stack = closeIn(stack, []atom.Atom{atom.Td, atom.Th}, []atom.Atom{atom.Tr})
		stack = closeIn(stack, []atom.Atom{atom.Tr}, nil)
		stack = closeIn(stack, []atom.Atom{atom.Thead, atom.Tbody, atom.Tfoot}, nil)
	case a == atom.Option:
		stack = closeIn(stack, []atom.Atom{atom.Option}, []atom.Atom{atom.Select})
	case isHeading(a):
		if top := stack[len(stack)-1]; isHeading(top.DataAtom) {
			stack = stack[:len(stack)-1]
		}
	}
	return stack
}

// closeIn pops up to and including the nearest open element among targets,
// searching no further than a scope element or one of stops.
func closeIn(stack []*html.Node, targets, stops []atom.Atom) []*html.Node {
	for i := len(stack) - 1; i > 0; i-- {
		a := stack[i].DataAtom
		if has(targets, a) {
			return stack[:i]
		}
		if scope[a] || has(stops, a) {
			return stack
		}
	}
	return stack
}

func has(list []atom.Atom, a atom.Atom) bool {
	for _, b := range list {
		if a == b {
			return true
		}
	}
	return false
}

// closeNamed handles an end tag: it pops through the nearest open element
// of that name, unless a table or cell boundary lies between (a stray
// </div> inside a cell must not close the table around it). The end tag of
// a table part may close the cells left open inside it.
func closeNamed(stack []*html.Node, name string) []*html.Node {
	name = strings.ToLower(name)
	tablePart := false
	switch name {
	case "table", "thead", "tbody", "tfoot", "tr":
		tablePart = true
	}
	for i := len(stack) - 1; i > 0; i-- {
		n := stack[i]
		if n.Data == name {
			return stack[:i]
		}
		switch n.DataAtom {
		case atom.Table, atom.Template:
			return stack
		case atom.Td, atom.Th:
			if !tablePart {
				return stack
			}
		}
	}
	return stack
}
