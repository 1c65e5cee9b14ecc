package rules

import (
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
)

// Pass is what a rule's Check receives: the document (or, for corpus rules,
// every document), the glossary, the rule's settings, and a way to report.
type Pass struct {
	Rule     *Rule
	Glossary *glossary.Glossary
	// Doc is the document being checked (DocumentScope rules only).
	Doc *corpus.Document
	// Docs is every loaded document, for rules that look across documents
	// (link targets, consistency).
	Docs     []*corpus.Document
	facts    *factStore
	settings RuleSettings
	out      []*Finding
	budget   budget // findings per document (FindingsPerRule)
}

// Facts returns the shared analysis of a document (tokens, glossary
// matches, sentences, restatements), computed once and shared by all rules.
func (p *Pass) Facts(d *corpus.Document) *DocFacts { return p.facts.get(d, p.Glossary) }

// Option returns a rule option from concord.yaml or its default.
func (p *Pass) Option(name string) float64 {
	if v, ok := p.settings.Options[name]; ok {
		return v
	}
	for _, o := range p.Rule.Options {
		if o.Name == name {
			return o.Default
		}
	}
	return 0
}

// Report records a finding over the source byte range [start, end) of d.
// Rule, severity, file and positions are filled in; the rule sets the rest.
func (p *Pass) Report(d *corpus.Document, start, end int, f Finding) {
	if end < start {
		end = start
	}
	if f.Severity == 0 {
		f.Severity = p.settings.Severity
	}
	if !p.admit(d, start, end, f.Severity) {
		return
	}
	p.record(d, start, end, f)
}

// record keeps a finding, past the budget.
func (p *Pass) record(d *corpus.Document, start, end int, f Finding) {
	f.Rule = p.Rule.ID
	f.Message, f.Suggestion = oneLine(f.Message), oneLine(f.Suggestion)
	for i := range f.Related {
		f.Related[i].Message = oneLine(f.Related[i].Message)
	}
	if f.Confidence == 0 {
		f.Confidence = defaultConfidence(f.Severity)
	}
	s, e := d.File.Position(start), d.File.Position(end)
	f.File = d.Path
	f.Line, f.Column, f.ByteColumn, f.UTF16Column = s.Line, s.Column, s.ByteColumn, s.UTF16Column
	f.EndLine, f.EndColumn, f.EndByteColumn, f.EndUTF16Column = e.Line, e.Column, e.ByteColumn, e.UTF16Column
	if f.Match == "" {
		f.Match = string(d.File.Text[start:end])
	}
	f.start, f.doc = start, d
	p.out = append(p.out, &f)
}
