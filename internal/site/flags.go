package site

import (
	"sort"
	"strconv"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/rules"
)

// The editors' view marks, in a document's text, every sentence that has a
// finding, and puts the finding in a note after the passage: a reader who
// edits sees what is wrong where it is wrong, not only in a list at the
// foot of the page. The mark is a <mark> with a numbered link to its note
// ("Error 1"), so it is not told by colour alone and is reached with Tab;
// the note links back. A finding concord cannot place in the text (in
// front matter, in code, or in a file that is not a published document)
// is left to the findings panel, which lists every finding.

// KindFlag is the node kind of a sentence marked for its findings.
var KindFlag = ast.NewNodeKind("Flag")

// Flag is a passage (one or more sentences) with findings; its children
// are the passage as written.
type Flag struct {
	ast.BaseInline
	Notes []FlagNote
}

// Kind implements ast.Node.
func (n *Flag) Kind() ast.NodeKind { return KindFlag }

// Dump implements ast.Node.
func (n *Flag) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// KindFlagNotes is the node kind of the notes after a top-level block.
var KindFlagNotes = ast.NewNodeKind("FlagNotes")

// FlagNotes are the notes of the findings marked in the block before them.
type FlagNotes struct {
	ast.BaseBlock
	Notes []FlagNote
}

// Kind implements ast.Node.
func (n *FlagNotes) Kind() ast.NodeKind { return KindFlagNotes }

// Dump implements ast.Node.
func (n *FlagNotes) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// FlagNote is one finding as its note shows it.
type FlagNote struct {
	N       int
	Finding FindingView
}

// flagSpan is a passage of the source, [start, end), with its findings.
type flagSpan struct {
	start, end int
	notes      []FlagNote
}

// flagSpans places each finding of a document in the sentences it covers,
// as source offsets, merging passages that overlap, in document order.
// Findings come sorted by line and column, so notes are numbered in
// reading order.
func flagSpans(d *corpus.Document, fs []*rules.Finding, views []FindingView) []flagSpan {
	var spans []flagSpan
	for i, f := range fs {
		start, ok := offsetOf(d, f.Line, f.Column)
		if !ok {
			continue
		}
		end, ok := offsetOf(d, f.EndLine, f.EndColumn)
		if !ok || end <= start {
			end = start + 1
		}
		s, e, ok := sentenceSpan(d, start, end)
		if !ok {
			continue
		}
		spans = append(spans, flagSpan{start: s, end: e, notes: []FlagNote{{Finding: views[i]}}})
	}
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	var out []flagSpan
	for _, s := range spans {
		if k := len(out) - 1; k >= 0 && s.start < out[k].end {
			out[k].end = max(out[k].end, s.end)
			out[k].notes = append(out[k].notes, s.notes...)
			continue
		}
		out = append(out, s)
	}
	n := 0
	for i := range out {
		for j := range out[i].notes {
			n++
			out[i].notes[j].N = n
		}
	}
	return out
}

// offsetOf is the source offset of a 1-based line and character column.
func offsetOf(d *corpus.Document, line, col int) (int, bool) {
	f := d.File
	if f == nil || line < 1 || line > f.LineCount() || col < 1 {
		return 0, false
	}
	text := f.Line(line)
	off := 0
	for k := 1; k < col; k++ {
		if off >= len(text) {
			break
		}
		_, size := utf8.DecodeRuneInString(text[off:])
		off += size
	}
	return f.LineStart(line) + off, true
}

// sentenceSpan widens [start, end) to the sentences of the block holding
// start: from the start of the sentence start is in to the end of the one
// end-1 is in (or of the block, should the finding run past it).
func sentenceSpan(d *corpus.Document, start, end int) (int, int, bool) {
	var blk *corpus.Block
	for _, b := range d.Blocks {
		if b.Start <= start && start < b.End && b.Run.Len() > 0 && (blk == nil || b.End-b.Start < blk.End-blk.Start) {
			blk = b
		}
	}
	if blk == nil {
		return 0, 0, false
	}
	ss := blk.Run.Sentences()
	if len(ss) == 0 {
		return 0, 0, false
	}
	s, e := -1, -1
	for _, sn := range ss {
		a, b := blk.Run.Span(sn.Start, trimEnd(blk.Run.Text, sn.Start, sn.End))
		if a <= start {
			s = a
		}
		if a < end {
			e = b
		}
	}
	if s < 0 {
		s, _ = blk.Run.Span(ss[0].Start, ss[0].End)
	}
	if e <= s {
		return 0, 0, false
	}
	return s, e, true
}

// trimEnd is the end of text[i:j] without its trailing white space, so a
// mark ends at the sentence's stop, not at the space after it.
func trimEnd(text string, i, j int) int {
	for j > i+1 && (text[j-1] == ' ' || text[j-1] == '\n' || text[j-1] == '\t') {
		j--
	}
	return j
}

// markFindings wraps each passage with findings in a Flag and puts its
// notes after the top-level block it is in. It runs after terms are
// linked, so a mark may hold term links but never cuts one.
func (c *docContext) markFindings(doc *ast.Document) {
	if len(c.flags) == 0 {
		return
	}
	var texts []*ast.Text
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := n.(*ast.Text); ok && entering {
			texts = append(texts, t)
		}
		return ast.WalkContinue, nil
	})
	notes := map[ast.Node]*FlagNotes{}
	var tops []ast.Node
	// From the last passage back, so splitting a text node for one
	// leaves the nodes of earlier passages as they were found.
	for i := len(c.flags) - 1; i >= 0; i-- {
		fl := c.flags[i]
		first, last := -1, -1
		for k, t := range texts {
			if t.Segment.Stop > fl.start && t.Segment.Start < fl.end && t.Segment.Len() > 0 {
				if first < 0 {
					first = k
				}
				last = k
			}
		}
		if first < 0 {
			c.unplaced = append(c.unplaced, fl.notes...)
			continue
		}
		a, b := texts[first], texts[last]
		if at := fl.start - a.Segment.Start; at > 0 {
			right := splitText(a, at)
			if a == b {
				b = right
			}
			a = right
		}
		if at := fl.end - b.Segment.Start; at < b.Segment.Len() {
			splitText(b, at)
		}
		parent, x, y := commonParent(a, b)
		if parent == nil {
			c.unplaced = append(c.unplaced, fl.notes...)
			continue
		}
		flag := &Flag{Notes: fl.notes}
		parent.InsertBefore(parent, x, flag)
		for node := x; node != nil; {
			next := node.NextSibling()
			parent.RemoveChild(parent, node)
			flag.AppendChild(flag, node)
			if node == y {
				break
			}
			node = next
		}
		top := topBlock(flag)
		if top == nil {
			continue
		}
		fn := notes[top]
		if fn == nil {
			fn = &FlagNotes{}
			notes[top] = fn
			tops = append(tops, top)
		}
		fn.Notes = append(fn.Notes, fl.notes...)
	}
	for _, top := range tops {
		fn := notes[top]
		sort.Slice(fn.Notes, func(i, j int) bool { return fn.Notes[i].N < fn.Notes[j].N })
		doc.InsertAfter(doc, top, fn)
	}
}

// commonParent finds the node whose children x to y (in order) hold the
// nodes a and b, and which may hold a <mark>: a text block or an inline.
func commonParent(a, b ast.Node) (parent, x, y ast.Node) {
	depth := map[ast.Node]ast.Node{} // ancestor of a -> its child on a's path
	for child, p := a, a.Parent(); p != nil; child, p = p, p.Parent() {
		depth[p] = child
	}
	for child, p := b, b.Parent(); p != nil; child, p = p, p.Parent() {
		if ax, ok := depth[p]; ok {
			if p.Type() != ast.TypeInline && p.Kind() != ast.KindParagraph && p.Kind() != ast.KindTextBlock && p.Kind() != ast.KindHeading && !isCell(p) {
				return nil, nil, nil
			}
			return p, ax, child
		}
	}
	return nil, nil, nil
}

func isCell(n ast.Node) bool {
	return n.Kind() == east.KindTableCell || n.Kind() == east.KindDefinitionTerm
}

// topBlock is the ancestor of n that is a child of the document.
func topBlock(n ast.Node) ast.Node {
	for p := n; p != nil; p = p.Parent() {
		if p.Parent() != nil && p.Parent().Kind() == ast.KindDocument {
			return p
		}
	}
	return nil
}

// renderFlag writes the passage in a <mark>, then a numbered link to each
// of its notes. Screen readers hear where the mark begins and ends
// (the visually hidden words), and each link says what it leads to.
func renderFlag(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*Flag)
	sev := n.Notes[0].Finding.Severity
	for _, nt := range n.Notes[1:] {
		if rank(nt.Finding.Severity) > rank(sev) {
			sev = nt.Finding.Severity
		}
	}
	if entering {
		_, _ = w.WriteString(`<mark class="flag flag--`)
		writeEscaped(w, sev)
		_, _ = w.WriteString(`"><span class="visually-hidden">Start of a passage with findings: </span>`)
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<span class="visually-hidden"> (end of the passage)</span></mark>`)
	for _, nt := range n.Notes {
		num := strconv.Itoa(nt.N)
		_, _ = w.WriteString(`<a class="flag__ref flag__ref--`)
		writeEscaped(w, nt.Finding.Severity)
		_, _ = w.WriteString(`" href="#Note-` + num + `" id="Flag-` + num + `">`)
		writeEscaped(w, upperFirst(nt.Finding.Severity))
		_, _ = w.WriteString(` ` + num + `<span class="visually-hidden">: `)
		writeEscaped(w, nt.Finding.Message)
		_, _ = w.WriteString(`</span></a>`)
	}
	return ast.WalkContinue, nil
}

// renderFlagNotes writes the notes of the passages in the block before.
func renderFlagNotes(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*FlagNotes)
	_, _ = w.WriteString("<ul class=\"flag-notes\">\n")
	for _, nt := range n.Notes {
		writeFlagNote(w, nt)
	}
	_, _ = w.WriteString("</ul>\n")
	return ast.WalkSkipChildren, nil
}

func writeFlagNote(w util.BufWriter, nt FlagNote) {
	f := nt.Finding
	num := strconv.Itoa(nt.N)
	_, _ = w.WriteString(`<li class="flag-note flag-note--`)
	writeEscaped(w, f.Severity)
	_, _ = w.WriteString(`" id="Note-` + num + `">` + "\n" + `<p class="flag-note__head"><strong class="tag tag--`)
	writeEscaped(w, f.Severity)
	_, _ = w.WriteString(`">`)
	writeEscaped(w, upperFirst(f.Severity))
	_, _ = w.WriteString(` ` + num + `</strong> `)
	if f.RuleHref != "" {
		_, _ = w.WriteString(`<a href="`)
		writeEscaped(w, f.RuleHref)
		_, _ = w.WriteString(`">`)
		writeEscaped(w, f.Rule)
		_, _ = w.WriteString(`</a>`)
	} else {
		writeEscaped(w, f.Rule)
	}
	_, _ = w.WriteString(` <code>`)
	writeEscaped(w, f.Location)
	_, _ = w.WriteString("</code></p>\n<p class=\"flag-note__message\">")
	writeEscaped(w, f.Message)
	_, _ = w.WriteString("</p>\n")
	if f.Suggestion != "" {
		_, _ = w.WriteString(`<p class="flag-note__suggestion"><strong>Suggestion:</strong> `)
		writeEscaped(w, f.Suggestion)
		_, _ = w.WriteString("</p>\n")
	}
	_, _ = w.WriteString(`<p class="flag-note__links"><a href="#Flag-` + num + `">Back to the passage<span class="visually-hidden"> of finding ` + num + `</span></a> · <a href="`)
	writeEscaped(w, f.Href)
	_, _ = w.WriteString(`">In the consistency report<span class="visually-hidden"> (finding ` + num + `)</span></a></p>` + "\n</li>\n")
}

func rank(severity string) int {
	switch severity {
	case "error":
		return 3
	case "warning":
		return 2
	}
	return 1
}
