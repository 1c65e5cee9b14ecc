package corpus

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"go.yaml.in/yaml/v3"

	"github.com/concord-guidance/concord/internal/source"
)

// Markdown is the goldmark configuration concord reads documents with: GFM
// (tables, strikethrough, autolinks, task lists) and definition lists. The
// site renders with the same parser so positions and output agree.
func Markdown() goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(extension.GFM, extension.DefinitionList))
}

var md = Markdown()

// MaxNesting bounds how deep block nesting may go before a document is
// refused; thousands of nested quotes or lists are not guidance.
const MaxNesting = 200

// Parse parses one document. rel is its path relative to the corpus root.
// A document with an input problem (malformed front matter, say) is still
// returned with as much as could be read, together with the error.
func Parse(f *source.File, rel string) (*Document, error) {
	d := &Document{File: f, Path: f.Path, Rel: rel}
	body, fmErr := d.readFrontMatter()
	if depth := nestingDepth(body); depth > MaxNesting {
		return d, &source.Error{Pos: source.Position{File: f.Path, Line: 1, Column: 1}, Msg: fmt.Sprintf("block nesting is %d levels deep, more than the %d allowed", depth, MaxNesting), Hint: "flatten the nested lists or quotes"}
	}
	root := md.Parser().Parse(text.NewReader(body))
	p := &walker{d: d, src: body}
	p.section(nil, 0)
	group := 0
	for c := root.FirstChild(); c != nil; c = c.NextSibling() {
		group++
		p.block(c, group, false, false)
	}
	p.finish()
	d.Slug = slugOf(rel, d.Front.Slug)
	if fmErr != nil {
		return d, fmErr
	}
	return d, nil
}

func slugOf(rel, front string) string {
	if front != "" {
		return front
	}
	s := strings.TrimSuffix(strings.TrimSuffix(rel, ".md"), ".markdown")
	return s
}

// readFrontMatter decodes a leading YAML block and returns the source with
// that block blanked out (newlines kept), so goldmark's offsets are still
// offsets into the file.
func (d *Document) readFrontMatter() ([]byte, error) {
	src := d.File.Text
	if !bytes.HasPrefix(src, []byte("---\n")) {
		return src, nil
	}
	end, close := -1, -1
	for off := 4; off < len(src); {
		nl := bytes.IndexByte(src[off:], '\n')
		line := src[off:]
		next := len(src)
		if nl >= 0 {
			line = src[off : off+nl]
			next = off + nl + 1
		}
		if t := string(bytes.TrimRight(line, " \t")); t == "---" || t == "..." {
			close, end = off, next
			break
		}
		off = next
	}
	if end < 0 {
		return src, &source.Error{Pos: d.File.Position(0), Msg: "front matter starts with --- but is never closed", Hint: "end it with a line of ---"}
	}
	body := make([]byte, len(src))
	copy(body, src)
	for i := 0; i < end; i++ {
		if body[i] != '\n' {
			body[i] = ' '
		}
	}
	d.Front.End = end
	var node yaml.Node
	if err := yaml.Unmarshal(src[4:close], &node); err != nil {
		e := &source.Error{Pos: d.File.Position(4), Msg: "invalid front matter: " + strings.TrimPrefix(err.Error(), "yaml: "), Hint: "front matter is YAML between two --- lines"}
		if m := regexp.MustCompile(`line (\d+)`).FindStringSubmatch(err.Error()); m != nil {
			var n int
			fmt.Sscan(m[1], &n)
			e.Pos = d.File.Position(d.File.LineStart(n + 1))
			e.Msg = "invalid front matter: " + strings.TrimSpace(regexp.MustCompile(`^yaml: line \d+: `).ReplaceAllString(err.Error(), ""))
		}
		return body, e
	}
	if len(node.Content) == 0 {
		return body, nil
	}
	m := node.Content[0]
	if m.Kind != yaml.MappingNode {
		return body, &source.Error{Pos: d.File.Position(d.File.LineStart(m.Line + 1)), Msg: "front matter must be a mapping of keys such as title: and updated:"}
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		at := d.File.Position(d.File.LineStart(k.Line+1) + k.Column - 1)
		str := func() (string, error) {
			if v.Kind != yaml.ScalarNode {
				return "", &source.Error{Pos: at, Key: k.Value, Msg: "expected text", Hint: "write " + k.Value + ": followed by text on the same line"}
			}
			return v.Value, nil
		}
		var err error
		switch k.Value {
		case "title":
			d.Front.Title, err = str()
		case "slug":
			d.Front.Slug, err = str()
			if err == nil && !validSlug(d.Front.Slug) {
				err = &source.Error{Pos: at, Key: "slug", Msg: fmt.Sprintf("slug %q may only hold lower-case letters, digits, hyphens and single slashes between them", d.Front.Slug), Hint: "for example: restraining-orders"}
			}
		case "updated":
			d.Front.Updated, err = str()
		case "owner":
			d.Front.Owner, err = str()
		case "topic":
			d.Front.Topic, err = str()
		case "summary":
			d.Front.Summary, err = str()
		case "related":
			if v.Kind != yaml.SequenceNode {
				err = &source.Error{Pos: at, Key: "related", Msg: "expected a list of document slugs", Hint: "related: [restraining-orders, youths]"}
			} else {
				for _, c := range v.Content {
					d.Front.Related = append(d.Front.Related, c.Value)
				}
			}
		default:
			if v.Kind == yaml.ScalarNode {
				if d.Front.Extra == nil {
					d.Front.Extra = map[string]string{}
				}
				d.Front.Extra[k.Value] = v.Value
			}
		}
		if err != nil {
			return body, err
		}
	}
	return body, nil
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(?:[-_][a-z0-9]+)*(?:/[a-z0-9]+(?:[-_][a-z0-9]+)*)*$`)

func validSlug(s string) bool { return slugPattern.MatchString(s) }

// nestingDepth estimates the deepest block nesting by counting leading
// container markers, so a hostile file cannot drive the parser into deep
// recursion before we look at it.
func nestingDepth(src []byte) int {
	deepest := 0
	for _, line := range bytes.Split(src, []byte("\n")) {
		depth := 0
		for _, c := range line {
			if c == '>' {
				depth++
			} else if c != ' ' && c != '\t' {
				break
			}
		}
		indent := 0
		for _, c := range line {
			if c == ' ' {
				indent++
			} else if c == '\t' {
				indent += 4
			} else {
				break
			}
		}
		depth += indent / 2
		if depth > deepest {
			deepest = depth
		}
	}
	return deepest
}

type walker struct {
	d       *Document
	src     []byte
	cur     *Section
	anchors map[string]int
	tables  int
}

func (p *walker) section(h *Heading, start int) {
	s := &Section{Index: len(p.d.Sections), Heading: h, Start: start}
	if h != nil {
		for q := p.cur; q != nil; q = q.Parent {
			if q.Level() < h.Level {
				s.Parent = q
				break
			}
		}
		if s.Parent != nil && s.Parent.Heading == nil {
			s.Parent = nil
		}
	}
	if p.cur != nil {
		p.cur.End = start
	}
	p.d.Sections = append(p.d.Sections, s)
	p.cur = s
}

func (p *walker) finish() {
	p.cur.End = len(p.src)
	// A parent section ends where its last sub-section ends.
	for _, s := range p.d.Sections {
		for q := s.Parent; q != nil; q = q.Parent {
			if s.End > q.End {
				q.End = s.End
			}
		}
	}
	for _, b := range p.d.Blocks {
		p.d.Words += len(strings.Fields(b.Run.Text))
	}
	for _, s := range p.d.Suppressions {
		s.TargetStart, s.TargetEnd = -1, -1
		group := 0
		for _, b := range p.d.Blocks {
			if b.Start < s.End {
				continue
			}
			if group == 0 {
				group = b.Group
				s.TargetStart = b.Start
			}
			if b.Group != group {
				break
			}
			s.TargetEnd = b.End
		}
	}
}

func (p *walker) newBlock(kind BlockKind, n ast.Node, group int, inList, inQuote bool) *Block {
	b := &Block{Index: len(p.d.Blocks), Kind: kind, Section: p.cur, Group: group, InList: inList, InQuote: inQuote}
	p.inline(n, b)
	if len(b.Run.Offs) == 0 {
		if kind != HeadingBlock {
			return nil
		}
		start := blockStart(n)
		b.Start, b.End = start, start
	} else {
		b.Start, b.End = b.Run.Span(0, len(b.Run.Text))
	}
	p.d.Blocks = append(p.d.Blocks, b)
	p.cur.Blocks = append(p.cur.Blocks, b)
	return b
}

func blockStart(n ast.Node) int {
	if l := n.Lines(); l != nil && l.Len() > 0 {
		return l.At(0).Start
	}
	return 0
}

var ignoreComment = regexp.MustCompile(`(?s)^<!--\s*concord:ignore\b(.*?)-->`)
var ignoreBody = regexp.MustCompile(`(?s)^\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*(?:reason:\s*(.*?))?\s*$`)

func (p *walker) block(n ast.Node, group int, inList, inQuote bool) {
	switch n := n.(type) {
	case *ast.Heading:
		h := &Heading{Level: n.Level}
		start := blockStart(n)
		if start > 0 {
			start = p.d.File.LineStart(p.d.File.Position(start).Line)
		}
		h.Start = start
		p.section(h, start)
		b := p.newBlock(HeadingBlock, n, group, inList, inQuote)
		h.Block = b
		h.Text = strings.TrimSpace(b.Run.Text)
		h.Anchor = p.anchor(h.Text)
		p.d.Headings = append(p.d.Headings, h)
	case *ast.Paragraph, *ast.TextBlock:
		kind := Paragraph
		if _, ok := n.Parent().(*east.DefinitionDescription); ok {
			kind = DefinitionDescription
		}
		p.newBlock(kind, n, group, inList, inQuote)
	case *east.DefinitionTerm:
		p.newBlock(DefinitionTerm, n, group, inList, inQuote)
	case *east.Table:
		p.tables++
		row := 0
		for r := n.FirstChild(); r != nil; r = r.NextSibling() {
			_, header := r.(*east.TableHeader)
			col := 0
			for c := r.FirstChild(); c != nil; c = c.NextSibling() {
				if b := p.newBlock(TableCell, c, group, inList, inQuote); b != nil {
					b.Table, b.Row, b.Col, b.Header = p.tables, row, col, header
				}
				col++
			}
			row++
		}
	case *ast.HTMLBlock:
		p.htmlBlock(n)
	case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.ThematicBreak:
		// Code is never prose.
	case *ast.List, *ast.ListItem:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			p.block(c, group, true, inQuote)
		}
	case *ast.Blockquote:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			p.block(c, group, inList, true)
		}
	default:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			p.block(c, group, inList, inQuote)
		}
	}
}

func (p *walker) htmlBlock(n *ast.HTMLBlock) {
	var raw bytes.Buffer
	lines := n.Lines()
	if lines.Len() == 0 {
		return
	}
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		raw.Write(seg.Value(p.src))
	}
	start := lines.At(0).Start
	end := lines.At(lines.Len() - 1).Stop
	m := ignoreComment.FindSubmatch(bytes.TrimSpace(raw.Bytes()))
	if m == nil {
		return
	}
	s := &Suppression{Start: start, End: end}
	if b := ignoreBody.FindSubmatch(m[1]); b != nil {
		for _, r := range strings.Split(string(b[1]), ",") {
			s.Rules = append(s.Rules, strings.TrimSpace(r))
		}
		s.Reason = strings.TrimSpace(string(b[2]))
	}
	p.d.Suppressions = append(p.d.Suppressions, s)
}

// inline collects the prose under n into b.Run.
func (p *walker) inline(n ast.Node, b *Block) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			seg := c.Segment
			b.Run.add(seg.Value(p.src), seg.Start)
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.Run.addByte(' ', seg.Stop)
			}
		case *ast.String:
			at := 0
			if len(b.Run.Offs) > 0 {
				at = b.Run.Offs[len(b.Run.Offs)-1]
			}
			for _, ch := range c.Value {
				b.Run.addByte(ch, at)
			}
		case *ast.CodeSpan, *ast.RawHTML, *ast.AutoLink, *ast.Image:
			// Not prose.
		case *ast.Link:
			before := len(b.Run.Text)
			p.inline(c, b)
			l := &Link{Dest: string(c.Destination), Text: b.Run.Text[before:], Block: b}
			if len(b.Run.Offs) > before {
				l.Start = b.Run.Offs[before] - 1
			} else if len(b.Run.Offs) > 0 {
				l.Start = b.Run.Offs[len(b.Run.Offs)-1]
			}
			p.d.Links = append(p.d.Links, l)
		default:
			p.inline(c, b)
		}
	}
}

// Anchor turns heading text into its anchor the way GitHub does: lower case,
// letters, digits, spaces and hyphens kept, spaces turned into hyphens.
func Anchor(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(heading)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

func (p *walker) anchor(text string) string {
	a := Anchor(text)
	if a == "" {
		a = "section"
	}
	if p.anchors == nil {
		p.anchors = map[string]int{}
	}
	n := p.anchors[a]
	p.anchors[a] = n + 1
	if n > 0 {
		return fmt.Sprintf("%s-%d", a, n)
	}
	return a
}
