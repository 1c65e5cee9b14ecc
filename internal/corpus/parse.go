package corpus

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/concord-guidance/concord/internal/source"
)

// MaxNesting bounds how deep block nesting may go before a document is
// refused; thousands of nested quotes or lists are not guidance, and goldmark
// takes time quadratic in the depth.
const MaxNesting = 200

// linkScanBudget bounds the bytes goldmark's link parser would read looking
// for the ends of link destinations. It reads from every "](" to the next
// space or closing ")" (to the next ">" after "](<"), so a long line of
// "[a](" with no spaces or closing brackets costs time quadratic in its
// length; no real document comes near.
const linkScanBudget = 1 << 27

// ParseTimeout bounds how long goldmark may take over one document. Its
// inline parser is quadratic in the length of a paragraph for some markup
// (thousands of unmatched * and _, which the step budget in budget.go
// refuses first, or thousands of table rows or link reference definitions),
// which no fixed limit can foresee. The parse looks at the clock at safe
// points and stops there (see budget.go): nothing is left running. A
// variable so tests can lower it.
var ParseTimeout = 30 * time.Second

// Parse parses one document. rel is its path relative to the corpus root.
// A document with an input problem (malformed front matter, say) is still
// returned with as much as could be read, together with the error.
func Parse(f *source.File, rel string) (*Document, error) {
	d, _, err := parseKeep(f, rel, false)
	return d, err
}

// parseKeep is Parse, which when keep is set also returns the tree it read
// the body into (nil when the parse was refused; see ParseTree).
func parseKeep(f *source.File, rel string, keep bool) (*Document, *Tree, error) {
	d := &Document{File: f, Path: f.Path, Rel: rel}
	body, pooled, fmErr := d.readFrontMatter()
	// The blanked copy of the source is garbage once the tree is walked
	// (nothing in the Document points into it), so the next document can
	// reuse it (a stopped parse has stopped reading it too). A tree kept
	// for the caller reads it until Tree.Release.
	release := func() {
		if pooled != nil && cap(body) <= maxPooled {
			*pooled = body[:0]
			bodies.Put(pooled)
		}
	}
	d.Slug = slugOf(rel, d.Front.Slug)
	p := &walker{d: d, src: body, buf: walkBufs.Get().(*walkBuf)}
	p.section(nil, 0)
	// A refused document still has its introduction section, so rules that
	// look at Sections[0] need not guard against a bare Document.
	refuse := func(e *source.Error) (*Document, *Tree, error) {
		p.finish()
		release()
		return d, nil, e
	}
	if depth, at := tooDeep(body, d.Front.End); depth > 0 {
		return refuse(&source.Error{Pos: f.Position(at), Msg: fmt.Sprintf("block quotes and lists nest %d levels deep here, more than the %d allowed", depth, MaxNesting), Hint: "flatten the nested lists or quotes"})
	}
	if at := linkScanCost(body); at >= 0 {
		return refuse(&source.Error{Pos: f.Position(at), Msg: "too many unfinished link destinations (\"](\" with no closing \")\" or space) to parse in reasonable time", Hint: "close each link as [text](target) or remove the stray \"](\""})
	}
	root, plain, stop := parseMarkdown(body)
	if stop != nil {
		return refuse(d.stopError(stop))
	}
	blocks, headings := countBlocks(root)
	p.blocks = make([]Block, 0, blocks)
	p.headings = make([]Heading, 0, headings)
	p.sections = make([]Section, 0, headings)
	if headings > 0 { // else nil, as ever
		d.Headings = make([]*Heading, 0, headings)
		d.Sections = slices.Grow(d.Sections, headings)
	}
	group := 0
	for c := root.FirstChild(); c != nil; c = c.NextSibling() {
		group++
		p.block(c, group, false, false)
	}
	p.finish()
	var tree *Tree
	if keep {
		tree = newTree(root, body, plain)
		if pooled != nil && cap(body) <= maxPooled {
			tree.pooled = pooled
		}
	} else {
		release()
	}
	if fmErr != nil {
		return d, tree, fmErr
	}
	if problem := SlugProblem(d.Slug); problem != "" {
		// Found here, by check, at the line that sets the slug (or the top
		// of a file whose name gives it), not by build as an OS error.
		return d, tree, &source.Error{Pos: SlugPos(d), Key: slugKey(d), Msg: problem, Hint: slugHint(d)}
	}
	return d, tree, nil
}

// parseMarkdown runs goldmark over body under the document's budget (see
// budget.go). When a safe point stops it, stop says where and why; the parse
// is over by then, in this goroutine, and its memory is garbage. plain says
// the tree may hold plainParagraphs (see plain.go).
func parseMarkdown(body []byte) (root ast.Node, plain bool, stop *parseStop) {
	b := &parseBudget{limit: delimiterSteps(len(body)), deadline: time.Now().Add(ParseTimeout)}
	pc := parser.NewContext()
	pc.Set(budgetKey, b)
	defer func() {
		if r := recover(); r != nil {
			s, ok := r.(parseStop)
			if !ok {
				panic(r) // a bug: LoadAll reports it against the document
			}
			root, plain, stop = nil, false, &s
		}
	}()
	m := markdownFor(body)
	return m.Parser().Parse(text.NewReader(body), parser.WithContext(pc)), m == mdPlain, nil
}

func slugOf(rel, front string) string {
	if front != "" {
		return front
	}
	s := strings.TrimSuffix(strings.TrimSuffix(rel, ".md"), ".markdown")
	return s
}

// MaxSlug is the longest slug, in bytes. A page is written to
// docs/<slug>/index.html under the output folder, and file systems refuse
// names over 255 bytes and paths over a few thousand; 200 leaves room for
// the output folder's own path.
const MaxSlug = 200

// SlugProblem says what is wrong with a slug as a part of the site's paths,
// or "" when nothing is. check and build both ask it, so a slug check
// accepts is one build can write. Front-matter slugs also match slugPattern;
// slugs from file names may hold other characters, but not these.
func SlugProblem(slug string) string {
	switch {
	case slug == "":
		return "the slug is empty"
	case len(slug) > MaxSlug:
		return fmt.Sprintf("slug starting %q is %d bytes long, more than the %d allowed in a page's path", slug[:40], len(slug), MaxSlug)
	case strings.HasPrefix(slug, "/") || strings.HasSuffix(slug, "/") || strings.Contains(slug, `\`):
		return fmt.Sprintf("slug %q must be a relative path without a leading or trailing slash", slug)
	}
	for seg := range strings.SplitSeq(slug, "/") {
		switch {
		case seg == "" || seg == "." || seg == ".." || strings.HasPrefix(seg, "."):
			return fmt.Sprintf("slug %q has an empty, dot or hidden segment", slug)
		case strings.EqualFold(seg, "index.html"):
			// Every page is <slug>/index.html: a segment of that name
			// would be a folder where another page is a file.
			return fmt.Sprintf("slug %q has a segment named index.html, the name of every page's file", slug)
		}
	}
	for _, r := range slug {
		if unicode.IsControl(r) {
			return fmt.Sprintf("slug %q contains a control character", slug)
		}
	}
	return ""
}

// slugKey and slugHint say where a document's slug comes from: its front
// matter, or its file name.
func slugKey(d *Document) string {
	if d.Front.Slug != "" {
		return "slug"
	}
	return ""
}

func slugHint(d *Document) string {
	if d.Front.Slug != "" {
		return "give it a shorter slug made of lower-case words joined by hyphens"
	}
	return "rename the file, or give it a slug: in its front matter"
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(?:[-_][a-z0-9]+)*(?:/[a-z0-9]+(?:[-_][a-z0-9]+)*)*$`)

func validSlug(s string) bool { return slugPattern.MatchString(s) }

// tooDeep finds the first line whose block nesting goes deeper than
// MaxNesting, counting block-quote markers, list markers (several can stand
// on one line: "- - - x") and indentation (two columns a level), before
// goldmark sees it. It reads from offset from, past the front matter: that is
// YAML, blanked to spaces for goldmark, and yaml.v3 bounds its own nesting
// (a long "summary:" line is no Markdown indentation). It returns that line's
// depth and the offset of the marker that crosses the limit, or 0 and -1.
func tooDeep(src []byte, from int) (depth, at int) {
	for start := from; start < len(src); {
		end := bytes.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start
		}
		if d, cross := lineDepth(src[start:end]); d > MaxNesting {
			return d, start + cross
		}
		start = end + 1
	}
	return 0, -1
}

// lineDepth measures the nesting one line opens, and where it passes
// MaxNesting.
func lineDepth(line []byte) (depth, cross int) {
	i, indent := 0, 0
	for ; i < len(line) && (line[i] == ' ' || line[i] == '\t'); i++ {
		if line[i] == '\t' {
			indent += 4 - indent%4
		} else {
			indent++
		}
	}
	if i == len(line) || line[i] == '\r' && i+1 == len(line) {
		return 0, 0 // a blank line opens nothing, however many spaces it holds
	}
	depth, cross = indent/2, 0
	var bullet byte // the one bullet character used, for telling "- - -" (a rule) apart
	bullets := 0
	for i < len(line) {
		c := line[i]
		n := 0 // length of the marker at i, if any
		switch {
		case c == ' ' || c == '\t':
			i++
			continue
		case c == '>':
			n = 1
		case c == '-' || c == '*' || c == '+':
			if i+1 == len(line) || line[i+1] == ' ' || line[i+1] == '\t' {
				n = 1
				if bullets == 0 {
					bullet = c
				} else if bullet != c {
					bullet = 0
				}
				bullets++
			}
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 10 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j-i <= 9 && j < len(line) && (line[j] == '.' || line[j] == ')') && (j+1 == len(line) || line[j+1] == ' ' || line[j+1] == '\t') {
				n = j + 1 - i
				bullet = 0
			}
		}
		if n == 0 {
			break
		}
		depth++
		if depth == MaxNesting+1 {
			cross = i
		}
		i += n
	}
	if i == len(line) && bullets >= 3 && bullet != 0 && bullet != '+' {
		// "- - - -" or "* * *" alone is a thematic break, not a list.
		depth -= bullets
	}
	return depth, cross
}

// linkScanCost returns the offset of the "](" at which the bytes goldmark's
// link parser would read looking for link destinations pass linkScanBudget,
// or -1. It reads as goldmark does (see linkDestinationLen) and stops at the
// budget, so it costs at most the budget however hostile the input.
func linkScanCost(src []byte) int {
	cost := 0
	for i := 0; ; {
		k := bytes.Index(src[i:], []byte("]("))
		if k < 0 {
			return -1
		}
		i += k + 2
		j := i
		for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
			j++
		}
		rest := src[j:]
		if nl := bytes.IndexByte(rest, '\n'); nl >= 0 {
			rest = rest[:nl]
		}
		n := linkDestinationLen(rest)
		if cost += n; cost > linkScanBudget {
			return i - 2
		}
	}
}

// linkDestinationLen is how many bytes of line (the rest of a line after
// "](" and its spaces) goldmark's parseLinkDestination reads: to the ">" of
// "<...>", else to the first space or the ")" that closes the link, skipping
// escaped punctuation. Stopping at the closing ")" as goldmark does is what
// lets a long line of closed links through: each costs its own length.
func linkDestinationLen(line []byte) int {
	if len(line) > 0 && line[0] == '<' {
		for i := 1; i < len(line); i++ {
			switch c := line[i]; {
			case c == '\\' && i+1 < len(line) && util.IsPunct(line[i+1]):
				i++
			case c == '>':
				return i
			}
		}
		return len(line)
	}
	opened := 0
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case c == '\\' && i+1 < len(line) && util.IsPunct(line[i+1]):
			i++
		case c == '(':
			opened++
		case c == ')':
			if opened--; opened < 0 {
				return i
			}
		case util.IsSpace(c):
			return i
		}
	}
	return len(line)
}

type walker struct {
	d       *Document
	src     []byte
	cur     *Section
	anchors Anchors
	tables  int
	// Blocks, headings and sections come out of arrays sized by counting
	// the tree first (see arena): one allocation a document for each kind
	// rather than one an object.
	blocks   []Block
	headings []Heading
	sections []Section
	links    []Link
	buf      *walkBuf
	// linkText holds the start and end in buf.text of each link's text.
	linkText []int
}

// walkBuf collects the prose and source maps of a whole document's blocks
// while it is walked: appending to one buffer keeps a block of many small
// inline nodes linear (a 3 MB line of "[" is a million text nodes), and
// finish copies each buffer into one allocation for the document and hands
// the blocks pieces of it. The buffers are reused from document to document.
type walkBuf struct {
	text  []byte
	spans []span
	// run is the source map of the block being built.
	run []span
}

var walkBufs = sync.Pool{New: func() any { return new(walkBuf) }}

// arena returns a pointer to a new zero T from *a. When *a is full it starts
// a new array of n rather than growing the old one, whose elements have been
// handed out: a pointer to them must keep meaning the same object.
func arena[T any](a *[]T, n int) *T {
	if len(*a) == cap(*a) {
		*a = make([]T, 0, max(n, 1))
	}
	*a = (*a)[:len(*a)+1]
	return &(*a)[len(*a)-1]
}

// countBlocks counts the blocks (an upper bound: empty ones are dropped) and
// headings the walker will make from the tree under n, visiting the same
// nodes as block.
func countBlocks(n ast.Node) (blocks, headings int) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Heading:
			blocks++
			headings++
		case *ast.Paragraph, *ast.TextBlock, *plainParagraph, *east.DefinitionTerm:
			blocks++
		case *east.Table:
			for r := c.FirstChild(); r != nil; r = r.NextSibling() {
				blocks += r.ChildCount()
			}
		case *ast.HTMLBlock, *ast.FencedCodeBlock, *ast.CodeBlock, *ast.ThematicBreak:
		default:
			b, h := countBlocks(c)
			blocks += b
			headings += h
		}
	}
	return blocks, headings
}

func (p *walker) section(h *Heading, start int) {
	s := arena(&p.sections, 1)
	*s = Section{Index: len(p.d.Sections), Heading: h, Start: start}
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
	p.finishRuns()
	for _, h := range p.d.Headings {
		h.Text = strings.TrimSpace(h.Block.Run.Text)
		h.Anchor = p.anchor(h.Text)
	}
	// A suppression covers the run of blocks sharing the group of the first
	// block that starts after it. Taking the suppressions in order of their
	// end, that first block only moves forward, and each block's run end
	// comes from a table, so thousands of comments over thousands of blocks
	// cost linear time.
	if len(p.d.Suppressions) == 0 {
		return // most documents: spare building runEnd
	}
	blocks := p.d.Blocks
	runEnd := make([]int, len(blocks))
	for i := len(blocks) - 1; i >= 0; i-- {
		runEnd[i] = i
		if i+1 < len(blocks) && blocks[i+1].Group == blocks[i].Group {
			runEnd[i] = runEnd[i+1]
		}
	}
	byEnd := slices.Clone(p.d.Suppressions)
	sort.SliceStable(byEnd, func(i, j int) bool { return byEnd[i].End < byEnd[j].End })
	k := 0
	for _, s := range byEnd {
		for k < len(blocks) && blocks[k].Start < s.End {
			k++
		}
		s.TargetStart, s.TargetEnd = -1, -1
		if k < len(blocks) {
			s.TargetStart, s.TargetEnd = blocks[k].Start, blocks[runEnd[k]].End
		}
	}
}

// finishRuns gives every block its Run.Text and source map, and every link
// its text, as pieces of one string and one slice for the whole document,
// and every section its blocks; then it returns the buffers for reuse.
func (p *walker) finishRuns() {
	buf := p.buf
	p.buf = nil
	text := string(buf.text)
	spans := slices.Clone(buf.spans)
	t, k := 0, 0
	for _, b := range p.d.Blocks {
		// Until now b.Run.spans has stood for its length in buf.spans.
		n, m := b.Run.n, len(b.Run.spans)
		b.Run.Text = text[t : t+n]
		b.Run.spans = nil
		if m > 0 {
			b.Run.spans = spans[k : k+m : k+m]
		}
		t, k = t+n, k+m
	}
	for i, l := range p.d.Links {
		l.Text = text[p.linkText[2*i]:p.linkText[2*i+1]]
	}
	// A section's blocks are a contiguous run of the document's, as the
	// section is current from its heading to the next. Each section gets
	// its own part of one copy, capped so that appending to one cannot
	// write into another.
	all := slices.Clone(p.d.Blocks)
	for i := 0; i < len(all); {
		j := i + 1
		for j < len(all) && all[j].Section == all[i].Section {
			j++
		}
		all[i].Section.Blocks = all[i:j:j]
		i = j
	}
	const keep = 1 << 20 // do not hold on to the buffers of a huge document
	if cap(buf.text) <= keep {
		buf.text, buf.spans, buf.run = buf.text[:0], buf.spans[:0], buf.run[:0]
		walkBufs.Put(buf)
	}
}

func (p *walker) newBlock(kind BlockKind, n ast.Node, group int, inList, inQuote bool) *Block {
	// A dropped block keeps its place in the array: a link in it points to
	// it.
	b := arena(&p.blocks, 16)
	*b = Block{Index: len(p.d.Blocks), Kind: kind, Section: p.cur, Group: group, InList: inList, InQuote: inQuote}
	b.Run.spans = p.buf.run[:0]
	p.inline(n, b)
	p.buf.run = b.Run.spans[:0]
	if b.Run.Len() == 0 {
		b.Run.spans = nil
		if kind != HeadingBlock {
			return nil
		}
		start := blockStart(n)
		b.Start, b.End = start, start
	} else {
		b.Start, b.End = b.Run.Span(0, b.Run.Len())
		// finishRuns gives the block its text and map; until then spans
		// records the map's length.
		k := len(p.buf.spans)
		p.buf.spans = append(p.buf.spans, b.Run.spans...)
		b.Run.spans = p.buf.spans[k:]
	}
	if p.d.Blocks == nil {
		p.d.Blocks = make([]*Block, 0, cap(p.blocks))
	}
	p.d.Blocks = append(p.d.Blocks, b)
	return b
}

func blockStart(n ast.Node) int {
	if l := n.Lines(); l != nil && l.Len() > 0 {
		return l.At(0).Start
	}
	// An empty heading ("##") has no lines; goldmark still knows where the
	// block began. Offset 0 would put it at the top of the file and out of
	// order with the blocks around it.
	return max(n.Pos(), 0)
}

var ignoreComment = regexp.MustCompile(`(?s)^<!--\s*concord:ignore\b(.*?)-->`)
var ignoreBody = regexp.MustCompile(`(?s)^\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*(?:reason:\s*(.*?))?\s*$`)

func (p *walker) block(n ast.Node, group int, inList, inQuote bool) {
	switch n := n.(type) {
	case *ast.Heading:
		h := arena(&p.headings, 8)
		*h = Heading{Level: n.Level}
		start := blockStart(n)
		if start > 0 {
			start = p.d.File.LineStart(p.d.File.Position(start).Line)
		}
		h.Start = start
		p.section(h, start)
		// finish sets the text and anchor, once the block has its text.
		h.Block = p.newBlock(HeadingBlock, n, group, inList, inQuote)
		p.d.Headings = append(p.d.Headings, h)
	case *ast.Paragraph, *ast.TextBlock, *plainParagraph:
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

// inline collects the prose under n into p.buf.text and b.Run's source map.
func (p *walker) inline(n ast.Node, b *Block) {
	if q, ok := n.(*plainParagraph); ok {
		p.plainInline(q, b)
		return
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			seg := c.Segment
			v := seg.Value(p.src)
			p.buf.text = append(p.buf.text, v...)
			b.Run.add(len(v), seg.Start)
			if c.SoftLineBreak() || c.HardLineBreak() {
				p.buf.text = append(p.buf.text, ' ')
				b.Run.addFixed(1, seg.Stop)
			}
		case *ast.String:
			at := 0
			if b.Run.Len() > 0 {
				at = b.Run.Offset(b.Run.Len() - 1)
			}
			p.buf.text = append(p.buf.text, c.Value...)
			b.Run.addFixed(len(c.Value), at)
		case *ast.CodeSpan, *ast.RawHTML, *ast.AutoLink, *ast.Image:
			// Not prose.
		case *ast.Link:
			before, at := b.Run.Len(), len(p.buf.text)
			p.inline(c, b)
			l := arena(&p.links, 8)
			*l = Link{Dest: string(c.Destination), Block: b}
			p.linkText = append(p.linkText, at, len(p.buf.text))
			if b.Run.Len() > before {
				l.Start = b.Run.Offset(before) - 1
			} else if b.Run.Len() > 0 {
				l.Start = b.Run.Offset(b.Run.Len() - 1)
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
	// Lowering rune by rune is what strings.ToLower does, without its copy.
	t := strings.TrimSpace(heading)
	var b strings.Builder
	b.Grow(len(t))
	if isASCII(t) {
		// The loop below for ASCII, where the letters are A-Z and a-z,
		// the digits 0-9, and lowering is adding 32 to A-Z.
		for i := 0; i < len(t); i++ {
			switch c := t[i]; {
			case 'A' <= c && c <= 'Z':
				b.WriteByte(c + 'a' - 'A')
			case 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_':
				b.WriteByte(c)
			case c == ' ':
				b.WriteByte('-')
			}
		}
		return b.String()
	}
	for _, r := range t {
		r = unicode.ToLower(r)
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

// Anchors hands out the heading anchors of one page, unique by
// construction: a repeated heading gets "-1", "-2", ... as on GitHub, and a
// suffixed anchor already taken (headings "Law", "Law", "Law 1", where
// GitHub gives two "law-1") is passed over for the next free one. corpus
// and the site both take anchors from here, so links the broken-link rule
// accepts land on the ids the site writes.
type Anchors struct {
	// few holds the anchors handed out while there are at most fewAnchors
	// of them, used all of them after that: most pages have a dozen
	// headings, and searching a short slice costs less than making and
	// filling a map.
	few  []string
	used map[string]bool
	// next is the last suffix handed out for each base, so a page of n
	// repeats costs n look-ups, not n squared.
	next map[string]int
}

const fewAnchors = 16

// taken says whether id has been handed out or reserved.
func (a *Anchors) taken(id string) bool {
	if a.used != nil {
		return a.used[id]
	}
	return slices.Contains(a.few, id)
}

// take marks id as handed out.
func (a *Anchors) take(id string) {
	switch {
	case a.used != nil:
		a.used[id] = true
	case len(a.few) < fewAnchors:
		if a.few == nil {
			a.few = make([]string, 0, fewAnchors)
		}
		a.few = append(a.few, id)
	default:
		a.used = make(map[string]bool, 2*fewAnchors)
		for _, x := range a.few {
			a.used[x] = true
		}
		a.used[id] = true
		a.few = nil
	}
}

// Next is the anchor of the next heading, whose text is text.
func (a *Anchors) Next(text string) string {
	base := Anchor(text)
	if base == "" {
		base = "section"
	}
	id := base
	if a.taken(id) {
		if a.next == nil {
			a.next = map[string]int{}
		}
		n := a.next[base]
		for {
			n++
			id = base + "-" + strconv.Itoa(n)
			if !a.taken(id) {
				break
			}
		}
		a.next[base] = n
	}
	a.take(id)
	return id
}

// Reserve marks id as taken, for a page that holds anchors from elsewhere.
func (a *Anchors) Reserve(id string) {
	if !a.taken(id) {
		a.take(id)
	}
}

func (p *walker) anchor(text string) string { return p.anchors.Next(text) }
