package corpus

import (
	"path"
	"strings"

	"github.com/concord-guidance/concord/internal/htmlin"
	"github.com/concord-guidance/concord/internal/source"
)

// IsHTML says whether a file name is a web page, read by ParseHTML.
func IsHTML(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".html", ".htm":
		return true
	}
	return false
}

// ParseHTML reads a saved web page as a Document: the page's main content
// (see package htmlin) in the same blocks, sections and source maps a
// Markdown file gives, so every rule reads it unchanged and every finding
// points at the line and column of the HTML source. The title is the
// page's; its links are left out, as they point into another body's site,
// not at the corpus. A `<!-- concord:ignore RULE reason: ... -->` comment
// in the content works as in Markdown.
func ParseHTML(f *source.File, rel string, opts htmlin.Options) (*Document, error) {
	page, err := htmlin.Extract(f.Text, opts)
	if err != nil {
		e := &source.Error{Pos: source.Position{File: f.Path}, Msg: err.Error()}
		if he, ok := err.(*htmlin.Error); ok {
			e.Hint = he.Hint
		}
		return nil, e
	}
	d := &Document{File: f, Path: f.Path, Rel: rel}
	d.Front.Title = page.Title
	d.Slug = strings.TrimSuffix(rel, path.Ext(rel))
	p := &walker{d: d, src: f.Text, buf: walkBufs.Get().(*walkBuf)}
	p.section(nil, 0)
	for i := range page.Blocks {
		hb := &page.Blocks[i]
		if hb.Kind == htmlin.Heading {
			h := arena(&p.headings, 8)
			*h = Heading{Level: hb.Level, Start: f.LineStart(f.Position(hb.Start).Line)}
			p.section(h, h.Start)
			h.Block = p.pieceBlock(hb)
			d.Headings = append(d.Headings, h)
			continue
		}
		p.pieceBlock(hb)
	}
	for _, c := range page.Comments {
		if m := ignoreComment.FindSubmatch([]byte("<!--" + c.Text + "-->")); m != nil {
			s := &Suppression{Start: c.Start, End: c.End}
			if b := ignoreBody.FindSubmatch(m[1]); b != nil {
				for _, r := range strings.Split(string(b[1]), ",") {
					s.Rules = append(s.Rules, strings.TrimSpace(r))
				}
				s.Reason = strings.TrimSpace(string(b[2]))
			}
			d.Suppressions = append(d.Suppressions, s)
		}
	}
	p.finish()
	if problem := SlugProblem(d.Slug); problem != "" {
		return d, &source.Error{Pos: source.Position{File: f.Path, Line: 1, Column: 1}, Msg: problem, Hint: "rename the file"}
	}
	return d, nil
}

// pieceBlock is newBlock for a block of a web page.
func (p *walker) pieceBlock(hb *htmlin.Block) *Block {
	b := arena(&p.blocks, 16)
	*b = Block{Index: len(p.d.Blocks), Kind: BlockKind(hb.Kind), Section: p.cur, Group: hb.Group, InList: hb.InList, InQuote: hb.InQuote,
		Table: hb.Table, Row: hb.Row, Col: hb.Col, Header: hb.Header}
	b.Run.spans = p.buf.run[:0]
	for _, pc := range hb.Pieces {
		p.buf.text = append(p.buf.text, pc.Text...)
		if pc.Fixed && pc.Width > 1 {
			b.Run.addWide(len(pc.Text), pc.Src, pc.Width)
		} else if pc.Fixed {
			b.Run.addFixed(len(pc.Text), pc.Src)
		} else {
			b.Run.add(len(pc.Text), pc.Src)
		}
	}
	p.buf.run = b.Run.spans[:0]
	if b.Run.Len() == 0 {
		b.Run.spans = nil
		b.Start, b.End = hb.Start, hb.Start
	} else {
		b.Start, b.End = b.Run.Span(0, b.Run.Len())
		k := len(p.buf.spans)
		p.buf.spans = append(p.buf.spans, b.Run.spans...)
		b.Run.spans = p.buf.spans[k:]
	}
	p.d.Blocks = append(p.d.Blocks, b)
	return b
}
