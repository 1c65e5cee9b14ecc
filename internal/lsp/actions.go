package lsp

import (
	"encoding/json"
	"fmt"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/fix"
	"github.com/concord-guidance/concord/internal/rules"
)

// codeActions offers, for each finding at the range: its safe replacement
// (the one concord fix makes), and a suppression comment before its block.
func (s *Server) codeActions(p CodeActionParams) []CodeAction {
	out := []CodeAction{}
	if s.engine == nil {
		return out
	}
	path := uriPath(p.TextDocument.URI)
	doc := s.engine.doc(path)
	if doc == nil {
		return out
	}
	wanted := map[string]bool{}
	for _, d := range p.Context.Diagnostics {
		var data struct{ Fingerprint string }
		if json.Unmarshal(d.Data, &data) == nil && data.Fingerprint != "" {
			wanted[data.Fingerprint] = true
		}
	}
	for _, f := range s.engine.findings(path) {
		r := findingRange(f)
		if len(wanted) > 0 && !wanted[f.Fingerprint] {
			continue
		}
		if len(wanted) == 0 && !overlaps(r, p.Range) {
			continue
		}
		diag := s.diagnostic(f)
		if e, ok := fix.Span(s.ws.Glossary, doc, f); ok {
			out = append(out, CodeAction{
				Title:       fmt.Sprintf("Replace with “%s” (%s)", e.New, f.Rule),
				Kind:        "quickfix",
				Diagnostics: []Diagnostic{diag},
				IsPreferred: true,
				Edit: &WorkspaceEdit{Changes: map[string][]TextEdit{p.TextDocument.URI: {{
					Range:   Range{Start: position(doc.File, e.Start), End: position(doc.File, e.End)},
					NewText: e.Inserted(),
				}}}},
			})
		}
		if at, ok := suppressionPoint(doc, f); ok {
			pos := position(doc.File, at)
			out = append(out, CodeAction{
				Title:       fmt.Sprintf("Suppress %s here, with a reason", f.Rule),
				Kind:        "quickfix",
				Diagnostics: []Diagnostic{diag},
				Edit: &WorkspaceEdit{Changes: map[string][]TextEdit{p.TextDocument.URI: {{
					Range:   Range{Start: pos, End: pos},
					NewText: fmt.Sprintf("<!-- concord:ignore %s reason: say why this wording is right here -->\n", f.Rule),
				}}}},
			})
		}
	}
	return out
}

// suppressionPoint is where a suppression comment for f goes: the start of
// the line of the top-level block (the whole list or table) holding it,
// since a comment covers the block that follows it.
func suppressionPoint(doc *corpus.Document, f *rules.Finding) (int, bool) {
	if f.Line <= 0 {
		return 0, false
	}
	off := doc.File.LineStart(f.Line)
	var blk *corpus.Block
	for _, b := range doc.Blocks {
		if b.Start <= off+max(f.ByteColumn-1, 0) && off <= b.End {
			blk = b
			break
		}
	}
	if blk == nil {
		return off, true
	}
	start := blk.Start
	for _, b := range doc.Blocks {
		if b.Group == blk.Group && b.Start < start {
			start = b.Start
		}
	}
	p := doc.File.Position(start)
	return doc.File.LineStart(p.Line), true
}

func overlaps(a, b Range) bool {
	return !less(a.End, b.Start) && !less(b.End, a.Start)
}

func less(a, b Position) bool {
	return a.Line < b.Line || (a.Line == b.Line && a.Character < b.Character)
}
