package rules

import (
	"fmt"
	"sort"

	"github.com/concord-guidance/concord/internal/analysis"
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
		f.Match = string(d.File.Text[start:end])
	}
	f.start, f.doc = start, d
	p.out = append(p.out, &f)
}

// BlockFacts is the analysis of one block of prose.
type BlockFacts struct {
	Block     *corpus.Block
	Tokens    []analysis.Token
	Matches   []glossary.Match
	Sentences []corpus.Sentence
}

// SentenceAt returns the index of the sentence containing text offset i.
// Sentences are in order and do not overlap, so this is a binary search:
// rules call it for every term use, and a block can hold thousands of
// sentences.
func (b *BlockFacts) SentenceAt(i int) int {
	k := sort.Search(len(b.Sentences), func(k int) bool {
		if countSentenceProbes {
			sentenceProbes++
		}
		return i < b.Sentences[k].End
	})
	return min(k, max(len(b.Sentences)-1, 0))
}

// countSentenceProbes, set only by tests run on one goroutine, counts in
// sentenceProbes the sentences SentenceAt looks at, so a test can hold the
// lookup to its O(log n) steps.
var (
	countSentenceProbes bool
	sentenceProbes      int
)

// DocFacts is the shared analysis of one document.
type DocFacts struct {
	Doc    *corpus.Document
	Blocks []*BlockFacts
	// Restatements are the places where the document restates what a
	// glossary term means; filled by restatement detection.
	Restatements []*Restatement
}

// Restatement is a passage that says what a glossary term means.
type Restatement struct {
	Term  *glossary.Term
	Doc   *corpus.Document
	Block *BlockFacts
	// Start and End are byte offsets into Block.Block.Run.Text of the
	// restating text (the whole sentence or passage).
	Start, End int
	// Subject is the byte range in the run of the term or alias being
	// defined, when there is one.
	SubjectStart, SubjectEnd int
	// How says what form the restatement took: "sentence", "definition-list",
	// "table", "heading", "entry" (a heading that is only the term, on a
	// glossary page, with the paragraph under it), "mnemonic".
	How string
	// Strong is true when the form leaves no doubt that a definition is
	// meant ("means", "is defined as", a glossary table); false for a plain
	// "X is ..." sentence.
	Strong bool
	// Reading says whether it defines the term, describes part of it, leads
	// in to a definition or notes a scope (see Reading).
	Reading Reading
}

// Text is the restating text.
func (r *Restatement) Text() string { return r.Block.Block.Run.Text[r.Start:r.End] }

// SourceRange is the restatement's byte range in the document's source.
func (r *Restatement) SourceRange() (int, int) {
	return r.Block.Block.Run.Span(r.Start, r.End)
}
