package corpus

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Most of a guidance document is paragraphs of plain words, and goldmark
// reads each of them byte by byte a second time after the block parse,
// looking for inline markup (the inline parse takes half of parsing a
// document of long paragraphs) and making a Text node a line. Where a
// paragraph holds no character that could start inline markup, that parse
// can only give one Text node a line whose bounds follow from the line
// alone (see plainInline). Parse therefore reads such documents with a
// parser (mdPlain) whose last paragraph transformer, plainParagraphs, turns
// each plain paragraph into a plainParagraph: a raw block, which goldmark's
// inline parse passes over, and from whose lines the walker takes the same
// text and source map the Text nodes would have given.

// plainParagraph is a closed paragraph (or, in a tight list, what would
// become a text block) with no inline markup. It never leaves Parse.
type plainParagraph struct{ ast.BaseBlock }

var kindPlainParagraph = ast.NewNodeKind("PlainParagraph")

func (n *plainParagraph) Kind() ast.NodeKind { return kindPlainParagraph }

// IsRaw makes goldmark's inline parse pass the block over.
func (n *plainParagraph) IsRaw() bool { return true }

func (n *plainParagraph) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// inlineMarkup marks the bytes a paragraph must not hold to be plain: those
// that trigger an inline parser of mdPlain (code spans, links, images,
// autolinks, raw HTML, emphasis, strikethrough, task check boxes; see
// TestInlineMarkupCoversTriggers), the backslash (escapes, and a hard line
// break when it ends a line), and control characters other than tab and
// newline (a carriage return changes how goldmark reads a line's end, and
// vertical tab and form feed are spaces to some of its tests and not to
// others).
var inlineMarkup = func() (t [256]uint8) {
	for c := range 0x20 {
		if c != '\t' && c != '\n' {
			t[c] = 1
		}
	}
	t[0x7f] = 1
	for _, c := range []byte("`[]!<*_~\\") {
		t[c] = 1
	}
	return t
}()

// hasInlineMarkup says whether b holds a byte marked in inlineMarkup. It
// reads eight bytes a round with one test, a third of the instructions of
// a test a byte.
func hasInlineMarkup(b []byte) bool {
	m := &inlineMarkup
	for ; len(b) >= 8; b = b[8:] {
		if m[b[0]]|m[b[1]]|m[b[2]]|m[b[3]]|m[b[4]]|m[b[5]]|m[b[6]]|m[b[7]] != 0 {
			return true
		}
	}
	for _, c := range b {
		if m[c] != 0 {
			return true
		}
	}
	return false
}

// plainLines says whether the lines of a paragraph hold no inline markup
// and have the shape plainInline reads: no padding or forced newline, and
// every line but the last ending in a newline.
func plainLines(src []byte, lines *text.Segments) bool {
	n := lines.Len()
	for i := range n {
		seg := lines.At(i)
		if seg.Padding != 0 || seg.ForceNewline {
			return false
		}
		line := src[seg.Start:seg.Stop]
		if hasInlineMarkup(line) {
			return false
		}
		if i < n-1 && (len(line) == 0 || line[len(line)-1] != '\n') {
			return false
		}
	}
	return true
}

// plainParagraphs is the paragraph transformer that replaces a plain
// paragraph by a plainParagraph. It runs after every other transformer
// (the table's, the link reference definitions'), on a paragraph still
// standing as a paragraph, and it closes the paragraph first as goldmark
// would after the transformers (trimming its lines, or dropping it when
// none are left), since goldmark closes only the nodes still in the tree.
//
// It acts only where closeBlocks transforms a paragraph that is still
// among the open blocks. goldmark also transforms a paragraph that a block
// parser needs as one (a setext heading's underline, a definition list's
// first term: RequireParagraph) after it has left the open blocks, and
// there a transformed paragraph would make that parser fail.
//
// Once closed, a paragraph is looked at again only by the definition list
// parser, which takes a closed paragraph before a ": description" line as
// its term; mdPlain reads only documents without such lines (mayDefine).
// The list parser's turning a tight list's paragraphs into text blocks
// passes a plainParagraph by, which the walker reads as either.
type plainParagraphs struct{}

func (plainParagraphs) Transform(n *ast.Paragraph, reader text.Reader, pc parser.Context) {
	blocks := pc.OpenedBlocks()
	i := len(blocks) - 1
	for i >= 0 && blocks[i].Node != n {
		i--
	}
	if i < 0 || !plainLines(reader.Source(), n.Lines()) {
		return
	}
	blocks[i].Parser.Close(n, reader, pc)
	parent := n.Parent()
	if parent == nil {
		return
	}
	var q *plainParagraph
	if b := budgetOf(pc); b != nil {
		q = arena(&b.plains, 16)
	} else {
		q = &plainParagraph{}
	}
	q.SetLines(n.Lines())
	q.SetBlankPreviousLines(n.HasBlankPreviousLines())
	q.SetPos(n.Pos())
	parent.ReplaceChild(parent, n, q)
}

// plainInline collects the prose of a plain paragraph into p.buf.text and
// b.Run's source map, as inline does from the Text nodes goldmark's inline
// parse makes of it (parser.parseBlock, goldmark v1.8): one a line, over
// the line without its newline (and without the two spaces before it that
// make a hard line break, which the trimming takes away in any case), with
// trailing spaces trimmed; a line that ends in a newline ends in a (soft
// or hard) line break, which inline writes as a space at the trimmed end.
func (p *walker) plainInline(n *plainParagraph, b *Block) {
	lines := n.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		line := p.src[seg.Start:seg.Stop]
		end := len(line)
		brk := end > 0 && line[end-1] == '\n'
		for end > 0 && util.IsSpace(line[end-1]) {
			end--
		}
		p.buf.text = append(p.buf.text, line[:end]...)
		b.Run.add(end, seg.Start)
		if brk {
			p.buf.text = append(p.buf.text, ' ')
			b.Run.addFixed(1, seg.Start+end)
		}
	}
}

// mayDefine says whether src may hold a definition list's description
// line: a ":" followed by a space or tab, with nothing before it on its
// line but spaces, tabs and the characters of block quote and list item
// markers. goldmark's definition list parser needs a ":" where a block
// starts, after the markers of the blocks the line continues.
func mayDefine(src []byte) bool {
	for i := 0; ; i++ {
		k := bytes.IndexByte(src[i:], ':')
		if k < 0 {
			return false
		}
		i += k
		if i+1 == len(src) || src[i+1] != ' ' && src[i+1] != '\t' {
			continue
		}
		j := i
		for j > 0 && definitionPrefix(src[j-1]) {
			j--
		}
		if j == 0 || src[j-1] == '\n' || src[j-1] == '\r' {
			return true
		}
	}
}

func definitionPrefix(c byte) bool {
	switch c {
	case ' ', '\t', '>', '-', '+', '*', '.', ')':
		return true
	}
	return '0' <= c && c <= '9'
}
