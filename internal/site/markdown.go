package site

import (
	"bufio"
	"bytes"
	"fmt"
	"net/url"
	"path"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
)

// KindTermLink is the node kind of a glossary term linked to its definition.
var KindTermLink = ast.NewNodeKind("TermLink")

// TermLink is a glossary term in running text, linked to the term's page with
// a preview of its summary. Its children are the words as written.
type TermLink struct {
	ast.BaseInline
	Term *glossary.Term
	// Href is the relative URL of the term's page.
	Href string
}

// describedByID is the id of the element that describes a term wherever a
// page links it: the place of the term's summary in the page's list of the
// glossary terms it uses, beside a link to the term's page with the same
// href as each link in the text. assets/concord.js fills the place from
// assets/terms.js and points each link in the text at it
// (aria-describedby), so neither the summary nor the reference is written
// into the page once per mention. The capital letter keeps it apart from
// heading anchors, which are lower case.
func describedByID(termID string) string { return "Def-" + termID }

// Kind implements ast.Node.
func (n *TermLink) Kind() ast.NodeKind { return KindTermLink }

// Dump implements ast.Node.
func (n *TermLink) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Term": n.Term.ID, "Href": n.Href}, nil)
}

// TermLinks is the goldmark extension that publishes a document: it links
// glossary terms at their first use in each section, gives headings the
// anchors corpus.Anchor gives them (the anchors broken-link checks), rewrites
// links between documents to the published pages, and renders links, images
// and check boxes safely. Per-document data travels in the parser context
// (see withDocument), so one configured goldmark serves every document.
type TermLinks struct{}

// Extend implements goldmark.Extender.
func (TermLinks) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(termTransformer{}, 1000)))
	m.Renderer().AddOptions(
		renderer.WithNodeRenderers(util.Prioritized(nodeRenderer{}, 100)),
		// Alignment becomes a class, not a style attribute the
		// Content-Security-Policy would block.
		extension.WithTableCellAlignMethod(extension.TableCellAlignNone),
	)
}

// newMarkdown is corpus.Markdown(), the parser the checker reads documents
// with, plus TermLinks. goldmark's renderer is left without html.WithUnsafe,
// so raw HTML in a document is never written out.
func newMarkdown() goldmark.Markdown {
	md := corpus.Markdown()
	TermLinks{}.Extend(md)
	return md
}

// newMarkdownWithoutLinkify is newMarkdown without linkify, for documents
// in which corpus.NeedsLinkify says linkify can find nothing: goldmark
// calls linkify's parser at every space of every paragraph, a quarter of
// the parse, and without it the page is the same.
func newMarkdownWithoutLinkify() goldmark.Markdown {
	md := corpus.MarkdownWithoutLinkify()
	TermLinks{}.Extend(md)
	return md
}

// docContext is what the transformer needs to know about the document it is
// publishing.
type docContext struct {
	doc     *corpus.Document
	page    string // the document's site path
	byRel   map[string]*entry
	matcher *glossary.Matcher
	// termHref returns the relative URL of a term's page from this page.
	termHref func(*glossary.Term) string
	// linkable says whether a term is linked at all (a term may be left out,
	// for instance on its own page).
	linkable func(*glossary.Term) bool
	// known are the checker's glossary matches in the document's blocks;
	// nil means every run is analysed afresh.
	known *knownBlocks
	// tree, when set, is the tree corpus.ParseTree read doc's body into,
	// for renderDocument, which releases it.
	tree *corpus.Tree

	// flags are the passages with findings to mark (the editors' view);
	// unplaced the notes of those no text node could hold.
	flags    []flagSpan
	unplaced []FlagNote

	linked map[string]bool
	// used are the terms linked anywhere on the page, in order of first
	// link: each needs its summary on the page (describedByID).
	used    []*glossary.Term
	usedSet map[string]bool
	anchors corpus.Anchors
	hrefs   map[*glossary.Term]string // termHref's answers so far
	runs    runBuf                    // linkTerms' scratch space
}

var docKey = parser.NewContextKey()

func withDocument(c *docContext) parser.ParseOption {
	pc := parser.NewContext()
	pc.Set(docKey, c)
	return parser.WithContext(pc)
}

// appendDocumentBody appends the source goldmark reads: the file with its
// front matter blanked to spaces (newlines kept), exactly as corpus.Parse
// reads it, so offsets, headings and anchors agree with the checker's.
func appendDocumentBody(dst []byte, d *corpus.Document) []byte {
	start := len(dst)
	dst = append(dst, d.File.Text...)
	body := dst[start:]
	for i := 0; i < d.Front.End && i < len(body); i++ {
		if body[i] != '\n' {
			body[i] = ' '
		}
	}
	return dst
}

// markdowns are configured goldmarks, one per goroutine at a time: building
// one is not free, and each document is converted on its own.
var markdowns = sync.Pool{New: func() any { return newMarkdown() }}

// markdownsWithoutLinkify are newMarkdownWithoutLinkify's, pooled as
// markdowns are.
var markdownsWithoutLinkify = sync.Pool{New: func() any { return newMarkdownWithoutLinkify() }}

// markdownPoolFor is the pool of parsers to render src, a document's body
// (appendDocumentBody), with: the one corpus.Parse read it with.
var markdownPoolFor = func(src []byte) *sync.Pool {
	if corpus.NeedsLinkify(src) {
		return &markdowns
	}
	return &markdownsWithoutLinkify
}

// docBuffer is the source and the HTML of one document being converted;
// neither outlives the conversion (the HTML is copied out once, at its
// size), so they are reused from document to document.
type docBuffer struct {
	src []byte
	out bytes.Buffer
	// w is what goldmark writes to; given a plain io.Writer it would make
	// a bufio.Writer of its own for every document.
	w *bufio.Writer
}

var docBuffers = sync.Pool{New: func() any {
	db := new(docBuffer)
	db.w = bufio.NewWriter(&db.out)
	return db
}}

// renderDocument renders a document's body to HTML: from c.tree, the tree
// Parse read it into, when the page's load kept it (and releases it), else
// from a tree corpus.BodyTree reads it into again, else from goldmark's
// own parse of it (markdownPoolFor).
//
// The first two are the same as the third, which parses the body with
// the same parser as Parse (markdownPoolFor) but for the plain paragraphs
// corpus.Tree stands for by what the inline parse makes of them, and
// then runs the parser's AST transformers: termTransformer, and the
// table extension's, which reads only the cells holding an escaped pipe
// and, before or after termTransformer, changes only the Text nodes of
// code spans in them, which termTransformer does not read. A tree is
// transformed here, after that transformer; for a body with "\|", where
// the order of the two could matter for the marks of findings, goldmark
// parses the body again.
func renderDocument(c *docContext) (string, error) {
	tree := c.tree
	c.tree = nil
	db := docBuffers.Get().(*docBuffer)
	defer docBuffers.Put(db)
	db.out.Reset()
	db.w.Reset(&db.out)
	var err error
	if tree != nil && !escapedPipe(tree.Source()) {
		err = renderTree(c, tree, db.w)
		tree.Release()
	} else {
		if tree != nil {
			tree.Release()
		}
		db.src = appendDocumentBody(db.src[:0], c.doc)
		if tree = bodyTree(db.src, c.doc.Front.End); tree != nil {
			err = renderTree(c, tree, db.w)
		} else {
			pool := markdownPoolFor(db.src)
			md := pool.Get().(goldmark.Markdown)
			err = md.Convert(db.src, db.w, withDocument(c))
			pool.Put(md)
		}
	}
	if err != nil {
		return "", fmt.Errorf("render %s: %w", c.doc.Path, err)
	}
	return db.out.String(), nil
}

// bodyTree is corpus.BodyTree but for a body with an escaped pipe (see
// renderDocument); a variable so that tests can compare the ways.
var bodyTree = func(src []byte, frontEnd int) *corpus.Tree {
	if escapedPipe(src) {
		return nil
	}
	return corpus.BodyTree(src, frontEnd)
}

func escapedPipe(src []byte) bool { return bytes.Contains(src, []byte(`\|`)) }

// renderTree transforms the tree as termTransformer does and renders it.
func renderTree(c *docContext, tree *corpus.Tree, w *bufio.Writer) error {
	c.transform(tree.Root(), tree.Source())
	// The renderer is the same with linkify or without.
	md := markdownsWithoutLinkify.Get().(goldmark.Markdown)
	err := md.Renderer().Render(w, tree.Source(), tree.Root())
	markdownsWithoutLinkify.Put(md)
	return err
}

type termTransformer struct{}

// Transform implements parser.ASTTransformer.
func (termTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	c, _ := pc.Get(docKey).(*docContext)
	if c == nil {
		return
	}
	c.transform(doc, reader.Source())
}

// transform links the terms in the document's tree, gives its headings
// their anchors, rewrites or unwraps its links and marks its findings.
func (c *docContext) transform(doc *ast.Document, src []byte) {
	c.linked = map[string]bool{}
	headings := 0
	var links []*ast.Link
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			n.SetAttributeString("id", []byte(c.headingID(headings, n, src)))
			headings++
			if n.Level <= 2 {
				// Terms are linked again at their first use in each
				// top-level section: readers land on sections, not pages.
				c.linked = map[string]bool{}
			}
		case *ast.Paragraph, *ast.TextBlock, *east.DefinitionTerm:
			c.linkTerms(n, src)
		case *east.TableCell:
			if n.Alignment != east.AlignNone {
				n.SetAttributeString("class", []byte("align-"+n.Alignment.String()))
			}
			if n.Parent() == nil || n.Parent().Kind() != east.KindTableHeader {
				c.linkTerms(n, src)
			}
		case *ast.Link:
			links = append(links, n)
		}
		return ast.WalkContinue, nil
	})
	for _, l := range links {
		href, keep := c.rewrite(string(l.Destination))
		if keep {
			l.Destination = []byte(href)
			continue
		}
		unwrap(l)
	}
	c.markFindings(doc)
}

// headingID is the anchor of the i-th heading: the one corpus.Parse gave it
// (both parse the same source with the same parser, so the i-th heading is
// the same heading), or, should they ever disagree, the next anchor free on
// the page after those.
func (c *docContext) headingID(i int, h *ast.Heading, src []byte) string {
	if i < len(c.doc.Headings) {
		return c.doc.Headings[i].Anchor
	}
	if i == len(c.doc.Headings) {
		for _, dh := range c.doc.Headings {
			c.anchors.Reserve(dh.Anchor)
		}
	}
	return c.anchors.Next(plainText(h, src))
}

func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			b.Write(n.Segment.Value(src))
		case *ast.String:
			b.Write(n.Value)
		case *ast.CodeSpan, *ast.RawHTML, *ast.AutoLink, *ast.Image:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// rewrite maps a link destination in a document to the one published. keep is
// false when the link cannot be published (a missing document, or a file the
// site does not carry) and should become plain text.
func (c *docContext) rewrite(dest string) (href string, keep bool) {
	d := strings.TrimSpace(dest)
	switch {
	case d == "":
		return d, true
	case strings.HasPrefix(d, "#"):
		// A heading of this document; a missing one (broken-link reports
		// it) leaves the words without a link to nowhere.
		frag := strings.TrimPrefix(d, "#")
		if u, err := url.PathUnescape(frag); err == nil {
			frag = u
		}
		return d, hasAnchor(c.doc, frag)
	case strings.HasPrefix(d, "//") || schemeOf(d) != "":
		return externalHref(d), true
	}
	u, err := url.Parse(d)
	if err != nil {
		return "", false
	}
	if !strings.HasSuffix(u.Path, ".md") && !strings.HasSuffix(u.Path, ".markdown") {
		return "", false
	}
	target := c.byRel[path.Clean(path.Join(path.Dir(c.doc.Rel), u.Path))]
	if target == nil {
		return "", false
	}
	frag := u.Fragment
	if !target.rec.hasAnchor(frag) {
		// The document exists but the heading does not (broken-link
		// reports it): the link still takes the reader to the document.
		frag = ""
	}
	return withFragment(relHref(c.page, docPage(target.rec.Slug)), frag), true
}

func hasAnchor(d *corpus.Document, anchor string) bool {
	for _, h := range d.Headings {
		if h.Anchor == anchor {
			return true
		}
	}
	return false
}

// unwrap replaces a node by its children.
func unwrap(n ast.Node) {
	parent := n.Parent()
	if parent == nil {
		return
	}
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		n.RemoveChild(n, c)
		parent.InsertBefore(parent, n, c)
		c = next
	}
	parent.RemoveChild(parent, n)
}

// A run is the text of adjacent text nodes, joined the way corpus joins a
// block's prose: a soft line break reads as a space, and emphasis and
// strikethrough are looked through. Links, code, raw HTML, images and hard
// line breaks end a run, so a term is never linked inside them or across them.
type run struct {
	text   []byte
	pieces []piece
}

type piece struct {
	t   *ast.Text
	off int // offset of the node's text in run.text
	n   int
}

// collectRuns returns the runs under n. Their texts and pieces are cut
// from buf's, and so are the runs: buf is scratch space, and the runs last
// until the next call with the same buf.
func collectRuns(n ast.Node, src []byte, buf *runBuf) []run {
	buf.runs, buf.text, buf.pieces = buf.runs[:0], buf.text[:0], buf.pieces[:0]
	text, pieces := 0, 0 // where the current run starts in buf
	flush := func() {
		if len(buf.pieces) > pieces {
			buf.runs = append(buf.runs, run{text: buf.text[text:len(buf.text):len(buf.text)], pieces: buf.pieces[pieces:len(buf.pieces):len(buf.pieces)]})
		}
		text, pieces = len(buf.text), len(buf.pieces)
	}
	var visit func(ast.Node)
	visit = func(p ast.Node) {
		for c := p.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				v := c.Segment.Value(src)
				buf.pieces = append(buf.pieces, piece{t: c, off: len(buf.text) - text, n: len(v)})
				buf.text = append(buf.text, v...)
				switch {
				case c.HardLineBreak():
					flush()
				case c.SoftLineBreak():
					buf.text = append(buf.text, ' ')
				}
			case *ast.Emphasis, *east.Strikethrough:
				visit(c)
			default:
				flush()
			}
		}
	}
	visit(n)
	flush()
	return buf.runs
}

// runBuf is collectRuns' scratch space, kept from block to block of a
// document.
type runBuf struct {
	runs   []run
	text   []byte
	pieces []piece
}

func (r *run) pieceAt(off int) int {
	k := 0
	for i, p := range r.pieces {
		if p.off <= off {
			k = i
		}
	}
	return k
}

type termMatch struct {
	term       *glossary.Term
	start, end int // in run.text
	a, b       int // first and last piece
}

// linkTerms links the first use in the current section of each glossary term
// under n. Matching is the glossary Matcher's, longest first, over the
// analysed tokens of a whole run, so a term split by a soft line break or by
// emphasis inside it ("stalking\nprotection order", "stalking *protection*
// order") is still one term. A match is linked only when its first and last
// words have the same parent, so the link never cuts an emphasis in two; a
// match that cannot be linked is skipped and the next use is linked instead.
func (c *docContext) linkTerms(n ast.Node, src []byte) {
	for _, r := range collectRuns(n, src, &c.runs) {
		s := string(r.text)
		var chosen []termMatch
		for _, m := range c.findTerms(&r, s) {
			if m.entry.Kind == glossary.KindDeprecated || m.entry.Kind == glossary.KindExcept {
				// Deprecated wording is not a use of the term; it is a
				// finding, shown in the findings panel.
				continue
			}
			t := m.entry.Term
			if c.linked[t.ID] || (c.linkable != nil && !c.linkable(t)) {
				continue
			}
			a, b := r.pieceAt(m.start), r.pieceAt(m.end-1)
			if r.pieces[a].t.Parent() != r.pieces[b].t.Parent() {
				continue
			}
			c.linked[t.ID] = true
			if !c.usedSet[t.ID] {
				if c.usedSet == nil {
					c.usedSet = map[string]bool{}
				}
				c.usedSet[t.ID] = true
				c.used = append(c.used, t)
			}
			chosen = append(chosen, termMatch{term: t, start: m.start, end: m.end, a: a, b: b})
		}
		// Wrap from the last match back, so splitting a node for a later
		// match leaves the offsets of earlier ones valid.
		for i := len(chosen) - 1; i >= 0; i-- {
			c.wrap(&r, chosen[i])
		}
	}
}

func (c *docContext) wrap(r *run, m termMatch) {
	pa, pb := r.pieces[m.a], r.pieces[m.b]
	first, last := pa.t, pb.t
	startIn := m.start - pa.off
	endIn := m.end - pb.off
	if startIn > 0 {
		right := splitText(first, startIn)
		if first == last {
			last = right
			endIn -= startIn
		}
		first = right
	}
	if endIn < last.Segment.Len() {
		splitText(last, endIn)
	}
	parent := first.Parent()
	href, ok := c.hrefs[m.term]
	if !ok {
		href = c.termHref(m.term)
		if c.hrefs == nil {
			c.hrefs = map[*glossary.Term]string{}
		}
		c.hrefs[m.term] = href
	}
	link := &TermLink{Term: m.term, Href: href}
	parent.InsertBefore(parent, first, link)
	for node := ast.Node(first); node != nil; {
		next := node.NextSibling()
		parent.RemoveChild(parent, node)
		link.AppendChild(link, node)
		if node == ast.Node(last) {
			break
		}
		node = next
	}
}

// splitText cuts a text node at byte at of its segment and returns the new
// right-hand node, inserted after it. Line breaks stay with the right part.
func splitText(t *ast.Text, at int) *ast.Text {
	seg := t.Segment
	right := ast.NewTextSegment(text.NewSegment(seg.Start+at, seg.Stop))
	right.SetSoftLineBreak(t.SoftLineBreak())
	right.SetHardLineBreak(t.HardLineBreak())
	right.SetRaw(t.IsRaw())
	t.Segment = text.NewSegment(seg.Start, seg.Start+at)
	t.SetSoftLineBreak(false)
	t.SetHardLineBreak(false)
	t.Parent().InsertAfter(t.Parent(), t, right)
	return right
}

// nodeRenderer renders term links, and overrides goldmark's renderers for
// the nodes whose URLs need more care than goldmark takes on the open web.
type nodeRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindTermLink, renderTermLink)
	reg.Register(KindFlag, renderFlag)
	reg.Register(KindFlagNotes, renderFlagNotes)
	reg.Register(ast.KindAutoLink, renderAutoLink)
	reg.Register(ast.KindImage, renderImage)
	reg.Register(east.KindTaskCheckBox, renderTaskCheckBox)
	reg.Register(ast.KindText, renderText)
}

// textSpecial marks the bytes goldmark's html.DefaultWriter.Write does
// anything but copy: those util.EscapeHTMLByte escapes (NUL, quote,
// ampersand, less and greater than), and the backslash, which may escape
// the byte after it.
var textSpecial = func() (t [256]bool) {
	for c := range 256 {
		t[c] = util.EscapeHTMLByte(byte(c)) != nil
	}
	t['\\'] = true
	return t
}()

// renderText is goldmark's html renderer's renderText as concord
// configures it (html.DefaultWriter, no hard wraps, no XHTML, no East
// Asian line breaks), but that a text with no byte in textSpecial, which
// the writer would copy byte for byte, is written at once.
func renderText(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Text)
	value := n.Segment.Value(source)
	switch {
	case n.IsRaw():
		html.DefaultWriter.RawWrite(w, value)
		return ast.WalkContinue, nil
	case copiedText(value):
		_, _ = w.Write(value)
	default:
		html.DefaultWriter.Write(w, value)
	}
	if n.HardLineBreak() {
		_, _ = w.WriteString("<br>\n")
	} else if n.SoftLineBreak() {
		_ = w.WriteByte('\n')
	}
	return ast.WalkContinue, nil
}

// copiedText says whether b holds no byte in textSpecial.
func copiedText(b []byte) bool {
	t := &textSpecial
	for ; len(b) >= 4; b = b[4:] {
		if t[b[0]] || t[b[1]] || t[b[2]] || t[b[3]] {
			return false
		}
	}
	for _, c := range b {
		if t[c] {
			return false
		}
	}
	return true
}

// renderTermLink writes the term as a link to its page. assets/concord.js
// describes it by the term's summary, which the page lists once with the
// other terms it uses (describedByID), so screen readers hear the summary as
// the link's description, and shows the same summary as a preview when the
// link is hovered or focused; without it the link and the list remain.
func renderTermLink(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*TermLink)
	if entering {
		_, _ = w.WriteString(`<a class="term__link" href="`)
		writeEscaped(w, n.Href)
		_, _ = w.WriteString(`">`)
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`</a>`)
	return ast.WalkContinue, nil
}

// writeEscaped writes escape(s) without building it: a document has a
// link for every term at its first use in each section.
func writeEscaped(w util.BufWriter, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		if r := util.EscapeHTMLByte(s[i]); r != nil {
			_, _ = w.WriteString(s[last:i])
			_, _ = w.Write(r)
			last = i + 1
		}
	}
	_, _ = w.WriteString(s[last:])
}

func renderAutoLink(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.AutoLink)
	u := string(n.URL(source))
	if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(u), "mailto:") {
		u = "mailto:" + u
	}
	label := escape(string(n.Label(source)))
	if href := externalHref(u); href != "#" {
		fmt.Fprintf(w, `<a href="%s">%s</a>`, escape(string(util.URLEscape([]byte(href), false))), label)
	} else {
		_, _ = w.WriteString(label)
	}
	return ast.WalkContinue, nil
}

// renderImage never loads an image: the site makes no request to another
// host, and the corpus's own image files are not published. An image on the
// web becomes a link to it, with its alternative text; any other becomes its
// alternative text.
func renderImage(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Image)
	href := externalHref(string(n.Destination))
	if s := schemeOf(href); s != "http" && s != "https" {
		href = ""
	}
	for p := node.Parent(); p != nil && href != ""; p = p.Parent() {
		if p.Kind() == ast.KindLink {
			href = "" // no link inside a link
		}
	}
	if entering {
		if href != "" {
			fmt.Fprintf(w, `<a class="image-link" href="%s">Image: `, escape(string(util.URLEscape([]byte(href), true))))
		} else {
			_, _ = w.WriteString(`<span class="image-alt">`)
		}
		return ast.WalkContinue, nil
	}
	if href != "" {
		_, _ = w.WriteString(`</a>`)
	} else {
		_, _ = w.WriteString(`</span>`)
	}
	return ast.WalkContinue, nil
}

// renderTaskCheckBox writes a task list's box as text: a disabled,
// unlabelled form control helps nobody.
func renderTaskCheckBox(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	if node.(*east.TaskCheckBox).IsChecked {
		_, _ = w.WriteString(`<span class="task task--done">Done: </span>`)
	} else {
		_, _ = w.WriteString(`<span class="task">To do: </span>`)
	}
	return ast.WalkContinue, nil
}

func escape(s string) string { return string(util.EscapeHTML([]byte(s))) }
