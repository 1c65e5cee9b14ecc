package htmlin

import (
	"html"
	"regexp"
	"strings"
	"unicode/utf8"

	nethtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// emitter turns the content's elements into blocks, as the Markdown walker
// does for a Markdown tree: headings, paragraphs, the text of list items,
// table cells and definition lists, each with its source map. Inline text
// outside any paragraph (a div holding bare text, a list item without a p)
// forms a paragraph of its own, as a browser shows it.
type emitter struct {
	t    *tree
	src  []byte
	page *Page
	cur  *Block // the block being filled, nil between blocks
	// space is the source offset of white space waiting to become one
	// space before the next text, or -1.
	space int
	// kind of an anonymous paragraph here (DefinitionDescription in a dd).
	kind            Kind
	inList, inQuote int
	// nest counts the lists, tables, quotations and definition lists
	// around the walk: a group is one of these at the top, or one block.
	nest, group int
	tables      int
	cell        *Block // the table cell being filled: its blocks join it
	heading     bool   // inside a heading: everything is its text
}

func (e *emitter) open(kind Kind, start int) *Block {
	e.flush()
	if e.nest == 0 {
		e.group++
	}
	e.page.Blocks = append(e.page.Blocks, Block{Kind: kind, Start: start, InList: e.inList > 0, InQuote: e.inQuote > 0, Group: e.group})
	e.cur = &e.page.Blocks[len(e.page.Blocks)-1]
	e.space = -1
	return e.cur
}

// flush ends the current block; a block with no text is dropped, except a
// heading, which still starts a section.
func (e *emitter) flush() {
	if e.cell != nil {
		e.space = max(e.space, 0) // block boundaries inside a cell are spaces
		return
	}
	if e.cur == nil {
		return
	}
	if len(e.cur.Pieces) == 0 && e.cur.Kind != Heading {
		e.page.Blocks = e.page.Blocks[:len(e.page.Blocks)-1]
	}
	e.cur = nil
}

func (e *emitter) enterContainer() {
	e.flush()
	if e.nest == 0 {
		e.group++
	}
	e.nest++
}

func (e *emitter) leaveContainer() {
	e.flush()
	e.nest--
}

// blockChildren walks the children of a block container.
func (e *emitter) blockChildren(n *nethtml.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		e.node(c)
	}
}

func (e *emitter) node(n *nethtml.Node) {
	switch n.Type {
	case nethtml.TextNode:
		e.text(n)
		return
	case nethtml.CommentNode:
		if e.cell == nil {
			e.page.Comments = append(e.page.Comments, Comment{Text: n.Data, Start: e.t.start[n], End: e.t.end[n]})
		}
		return
	case nethtml.ElementNode:
	default:
		return
	}
	if boilerplate(n) {
		return
	}
	a := n.DataAtom
	switch {
	case isHeading(a):
		if e.cell != nil {
			e.inline(n)
			return
		}
		b := e.open(Heading, e.t.start[n])
		b.Level = int(n.Data[1] - '0')
		e.heading = true
		e.inline(n)
		e.heading = false
		e.flush()
	case a == atom.P:
		if e.cell != nil {
			e.flush()
			e.inline(n)
			e.flush()
			return
		}
		e.open(e.kind, e.t.start[n])
		e.inline(n)
		e.flush()
	case a == atom.Br:
		e.pendingSpace(e.t.start[n])
	case a == atom.Ul || a == atom.Ol || a == atom.Menu:
		e.enterContainer()
		e.inList++
		e.blockChildren(n)
		e.inList--
		e.leaveContainer()
	case a == atom.Blockquote:
		e.enterContainer()
		e.inQuote++
		e.blockChildren(n)
		e.inQuote--
		e.leaveContainer()
	case a == atom.Dl:
		e.enterContainer()
		e.blockChildren(n)
		e.leaveContainer()
	case a == atom.Dt:
		if e.cell != nil {
			e.flush()
			e.inline(n)
			return
		}
		e.open(DefinitionTerm, e.t.start[n])
		e.inline(n)
		e.flush()
	case a == atom.Dd:
		e.flush()
		saved := e.kind
		e.kind = DefinitionDescription
		e.blockChildren(n)
		e.flush()
		e.kind = saved
	case a == atom.Table:
		if e.cell != nil {
			e.flush()
			e.blockChildren(n)
			return
		}
		e.table(n)
	case blockTags[a]:
		e.flush()
		e.blockChildren(n)
		e.flush()
	default:
		e.inline(n)
	}
}

// blockTags are the elements that break a paragraph without being one.
var blockTags = map[atom.Atom]bool{
	atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true,
	atom.Header: true, atom.Figure: true, atom.Figcaption: true, atom.Details: true,
	atom.Summary: true, atom.Address: true, atom.Center: true, atom.Fieldset: true,
	atom.Hr: true, atom.Li: true, atom.Caption: true, atom.Hgroup: true, atom.Body: true,
	atom.Html: true, atom.Thead: true, atom.Tbody: true, atom.Tfoot: true, atom.Tr: true,
	atom.Td: true, atom.Th: true,
}

// inline walks phrasing content into the current block, opening a
// paragraph if text arrives between blocks. A block element met inside (a
// div inside a link, as CMSs write) ends the paragraph as a browser would,
// except inside a heading or a table cell, whose text stays one block.
func (e *emitter) inline(n *nethtml.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == nethtml.ElementNode && e.heading && c.DataAtom == atom.Button {
			// An accordion's heading is a button: its label is the
			// heading's text.
			e.inline(c)
			continue
		}
		if c.Type == nethtml.ElementNode && e.heading && breaks(c.DataAtom) {
			if !boilerplate(c) {
				e.pendingSpace(e.t.start[c])
				e.inline(c)
				e.pendingSpace(e.t.start[c])
			}
			continue
		}
		e.node(c)
	}
}

func breaks(a atom.Atom) bool {
	return blockTags[a] || isHeading(a) || a == atom.P || a == atom.Ul || a == atom.Ol ||
		a == atom.Menu || a == atom.Table || a == atom.Blockquote || a == atom.Dl ||
		a == atom.Dt || a == atom.Dd
}

func (e *emitter) pendingSpace(at int) {
	if e.space < 0 {
		e.space = at
	}
}

// text appends a text node, its entities decoded and its white space
// collapsed to single spaces, each byte mapped to its source.
func (e *emitter) text(n *nethtml.Node) {
	r, ok := e.t.raw[n]
	if !ok {
		return
	}
	raw := e.src[r[0]:r[1]]
	for i := 0; i < len(raw); {
		c := raw[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' {
			e.pendingSpace(r[0] + i)
			i++
			continue
		}
		if c == '&' {
			if m := entity.Find(raw[i:]); m != nil {
				dec := html.UnescapeString(string(m))
				if dec != string(m) {
					if dec == "\u00a0" {
						// A non-breaking space is a space to a reader
						// and to the phrase matcher.
						e.pendingSpace(r[0] + i)
					} else {
						e.emitEntity(dec, r[0]+i, len(m))
					}
					i += len(m)
					continue
				}
			}
		}
		// Copy up to the next space or entity.
		j := i + 1
		for j < len(raw) && raw[j] != '&' && raw[j] != ' ' && raw[j] != '\t' && raw[j] != '\n' && raw[j] != '\f' && raw[j] != '\r' {
			j++
		}
		chunk := string(raw[i:j])
		if strings.Contains(chunk, "\u00a0") {
			// A literal no-break space: the same as &nbsp;.
			off := 0
			for k, part := range strings.Split(chunk, "\u00a0") {
				if k > 0 {
					e.pendingSpace(r[0] + i + off - utf8.RuneLen('\u00a0'))
				}
				if part != "" {
					e.emit(part, r[0]+i+off, false)
				}
				off += len(part) + utf8.RuneLen('\u00a0')
			}
		} else {
			e.emit(chunk, r[0]+i, false)
		}
		i = j
	}
}

// entity matches a character reference as HTML writes them.
var entity = regexp.MustCompile(`^&(?:#[0-9]{1,8};?|#[xX][0-9a-fA-F]{1,8};?|[A-Za-z][A-Za-z0-9]{0,31};?)`)

func (e *emitter) emitEntity(s string, src, width int) {
	e.emit(s, src, true)
	e.cur.Pieces[len(e.cur.Pieces)-1].Width = width
}

func (e *emitter) emit(s string, src int, fixed bool) {
	if e.cur == nil {
		if e.cell != nil {
			e.cur = e.cell
		} else {
			e.open(e.kind, src)
		}
	}
	b := e.cur
	if e.space >= 0 && len(b.Pieces) > 0 {
		b.Pieces = append(b.Pieces, Piece{Text: " ", Src: e.space, Fixed: true})
	}
	e.space = -1
	if k := len(b.Pieces) - 1; k >= 0 && !fixed && !b.Pieces[k].Fixed && b.Pieces[k].Src+len(b.Pieces[k].Text) == src {
		b.Pieces[k].Text += s
		return
	}
	b.Pieces = append(b.Pieces, Piece{Text: s, Src: src, Fixed: fixed})
}

// table emits one block per cell, numbering rows and columns as the
// Markdown table walker does; a header cell is one in thead, or in a first
// row made only of th.
func (e *emitter) table(n *nethtml.Node) {
	e.enterContainer()
	e.tables++
	tableNo := e.tables
	row := 0
	var rows []*nethtml.Node
	var captions []*nethtml.Node
	walk(n, func(c *nethtml.Node) bool {
		if c == n {
			return true
		}
		switch c.DataAtom {
		case atom.Tr:
			rows = append(rows, c)
			return false
		case atom.Caption:
			captions = append(captions, c)
			return false
		case atom.Table:
			return false // a nested table is walked inside its cell
		}
		return !boilerplate(c)
	})
	for _, c := range captions {
		e.open(Paragraph, e.t.start[c])
		e.inline(c)
		e.flush()
	}
	for _, r := range rows {
		inHead := r.Parent != nil && r.Parent.DataAtom == atom.Thead
		allTH := true
		for c := r.FirstChild; c != nil; c = c.NextSibling {
			if c.DataAtom == atom.Td {
				allTH = false
			}
		}
		col := 0
		for c := r.FirstChild; c != nil; c = c.NextSibling {
			if c.DataAtom != atom.Td && c.DataAtom != atom.Th {
				continue
			}
			b := e.open(TableCell, e.t.start[c])
			b.Table, b.Row, b.Col, b.Header = tableNo, row, col, inHead || row == 0 && allTH
			e.cell = b
			e.space = -1
			e.blockChildren(c)
			e.cell = nil
			e.flush()
			col++
		}
		row++
	}
	e.leaveContainer()
}
