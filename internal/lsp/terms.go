package lsp

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/source"
)

// termUse is one glossary wording in a document: the term and its source
// byte span.
type termUse struct {
	term       *glossary.Term
	entry      *glossary.Entry
	start, end int
}

// uses finds every glossary wording in doc's prose, with the same matcher
// the rules use (inflections, across line breaks and inline markup).
func uses(g *glossary.Glossary, doc *corpus.Document) []termUse {
	var out []termUse
	for _, b := range doc.Blocks {
		text := b.Run.Text
		for _, m := range g.Matcher.Find(text, analysis.Analyze(text)) {
			s, e := b.Run.Span(m.Start, m.End)
			out = append(out, termUse{term: m.Entry.Term, entry: m.Entry, start: s, end: e})
		}
	}
	return out
}

// termAt is the glossary term at an LSP position in the document at path:
// a wording in a Markdown document, or anywhere in a glossary file.
func (s *Server) termAt(path string, p Position) (*glossary.Term, *termUse, *corpus.Document) {
	if s.ws == nil {
		return nil, nil, nil
	}
	if s.isGlossaryFile(path) {
		for _, t := range s.ws.Glossary.Terms {
			if s.termPath(t) == path {
				return t, nil, nil
			}
		}
		return nil, nil, nil
	}
	doc := s.engine.doc(path)
	if doc == nil {
		return nil, nil, nil
	}
	off := offsetOf(string(doc.File.Text), p)
	for _, u := range uses(s.ws.Glossary, doc) {
		if u.start <= off && off < u.end {
			return u.term, &u, doc
		}
	}
	return nil, nil, nil
}

// termPath is the absolute path of a term's YAML file, or "" for a term
// of the built-in glossary (which has no file to open).
func (s *Server) termPath(t *glossary.Term) string {
	if t.File == "" || strings.HasPrefix(t.File, "(built-in)") {
		return ""
	}
	p := filepath.FromSlash(t.File)
	if !filepath.IsAbs(p) {
		p = filepath.Join(s.ws.Root, p)
	}
	if r, err := filepath.EvalSymlinks(filepath.Dir(p)); err == nil {
		p = filepath.Join(r, filepath.Base(p))
	}
	return p
}

func (s *Server) hover(p TextDocumentPositionParams) *Hover {
	t, u, doc := s.termAt(uriPath(p.TextDocument.URI), p.Position)
	if t == nil || u == nil {
		return nil
	}
	var b strings.Builder
	title := t.Term
	if t.Acronym != "" {
		title += " (" + t.Acronym + ")"
	}
	fmt.Fprintf(&b, "**%s**\n\n", md(title))
	if u.entry.Kind == glossary.KindDeprecated && u.entry.Deprecated != nil {
		fmt.Fprintf(&b, "_Deprecated wording_: use “%s”. %s\n\n", md(u.entry.Deprecated.Replacement), md(u.entry.Deprecated.Reason))
	}
	if d := strings.TrimSpace(t.Definition); d != "" {
		fmt.Fprintf(&b, "%s\n\n", md(d))
	}
	var cites []string
	for _, src := range t.Sources {
		if l := src.Label(); l != "" {
			cites = append(cites, md(l))
		}
	}
	if len(cites) > 0 {
		fmt.Fprintf(&b, "Citation: %s\n\n", strings.Join(cites, "; "))
	}
	for _, pn := range t.Penalty {
		line := fmt.Sprintf("Maximum penalty (%s): %s", md(pn.Mode), md(pn.Maximum))
		if pn.From != "" {
			line += " from " + pn.From
		}
		if pn.Until != "" {
			line += " until " + pn.Until
		}
		b.WriteString(line + "  \n")
	}
	if path := s.termPath(t); path != "" {
		fmt.Fprintf(&b, "\n[%s](%s)", md(t.File), s.fileURI(path))
	} else {
		fmt.Fprintf(&b, "\n%s", md(t.File))
	}
	r := Range{Start: position(doc.File, u.start), End: position(doc.File, u.end)}
	return &Hover{Contents: MarkupContent{Kind: "markdown", Value: b.String()}, Range: &r}
}

// definition goes from a wording to its term's YAML entry.
func (s *Server) definition(p TextDocumentPositionParams) []Location {
	t, _, _ := s.termAt(uriPath(p.TextDocument.URI), p.Position)
	if t == nil {
		return []Location{}
	}
	path := s.termPath(t)
	if path == "" {
		return []Location{}
	}
	line, col := max(t.Pos.Line-1, 0), max(t.Pos.Column-1, 0)
	return []Location{{URI: s.fileURI(path), Range: Range{Start: Position{line, col}, End: Position{line, col}}}}
}

// references lists every use of the term at the position in the corpus,
// open documents as edited.
func (s *Server) references(p TextDocumentPositionParams) []Location {
	t, _, _ := s.termAt(uriPath(p.TextDocument.URI), p.Position)
	out := []Location{}
	if t == nil {
		return out
	}
	open := map[string]string{}
	for _, d := range s.open {
		open[d.path] = d.text
	}
	seen := map[string]bool{}
	var paths []string
	for _, in := range s.ws.Inputs {
		abs, _ := filepath.Abs(in.Path)
		paths = append(paths, abs)
		seen[abs] = true
	}
	for p := range open {
		if !seen[p] && s.isMarkdown(p) {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	for _, abs := range paths {
		doc := s.engine.doc(abs)
		if doc == nil || doc.File == nil {
			in := corpus.Input{Path: abs, Display: s.engine.display(abs), Rel: s.engine.rel(abs)}
			var f *source.File
			if text, ok := open[abs]; ok {
				f, _ = source.New(in.Display, []byte(text))
			} else {
				f, _ = corpus.ReadInput(in)
			}
			if f == nil {
				continue
			}
			doc, _ = corpus.ParseInput(f, in)
			if doc == nil {
				continue
			}
		}
		for _, u := range uses(s.ws.Glossary, doc) {
			if u.term == t {
				out = append(out, Location{URI: s.fileURI(abs), Range: Range{Start: position(doc.File, u.start), End: position(doc.File, u.end)}})
			}
		}
	}
	return out
}

// md escapes glossary text for a Markdown hover, so that nothing in a
// glossary file is read as markup, a link or HTML.
func md(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>#|~", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
