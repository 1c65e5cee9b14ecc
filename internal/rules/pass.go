package rules

import (
	"fmt"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
)

// Pass is what a rule's Check receives: the document (DocumentScope), the
// glossary, the rule's settings, a way to report, and accessors for what
// the rule may learn about the other documents.
//
// A document-scope rule reads its own document whole and the others only
// through HasDocument, Anchors, Title, FrontMatter, FileExists,
// AnchorsOnDisk and NearestDocument (reads.go): each read is recorded as a
// dependency, so the check cache re-checks the document when what it read
// changes. A corpus-scope rule reads every document through Summaries.
type Pass struct {
	Rule     *Rule
	Glossary *glossary.Glossary
	// Doc is the document being checked (DocumentScope rules only).
	Doc *corpus.Document
	// view is the run's documents, for the accessors; reads, when set,
	// records what the accessors returned (see reads.go).
	view  *corpusView
	reads reads
	// docs is every document, for Summaries (CorpusScope rules only).
	docs     []*corpus.Document
	facts    *factStore
	settings RuleSettings
	out      []*Finding
	budget   budget // findings per document (FindingsPerRule)
}

// Facts returns the shared analysis of the document being checked (tokens,
// glossary matches, sentences, restatements), computed once and shared by
// all rules. Other documents are read through the accessors, never whole.
func (p *Pass) Facts(d *corpus.Document) *DocFacts {
	if d != p.Doc {
		panic(fmt.Sprintf("rule %s: Facts of %s, not the document being checked: read other documents through the Pass accessors", p.Rule.ID, d.Path))
	}
	return p.facts.get(d, p.Glossary)
}

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
		f.Match = d.File.Slice(start, end)
	}
	f.start, f.doc = start, d
	p.out = append(p.out, &f)
}
