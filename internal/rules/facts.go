package rules

import (
	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/restate"
)

// The shared analysis rules read (Pass.Facts) is package restate's; these
// names are how the engine and the rules' callers hand it on.
type (
	DocFacts    = restate.DocFacts
	BlockFacts  = restate.BlockFacts
	Restatement = restate.Restatement
)

// Analyse returns the shared analysis of one document (tokens, glossary
// matches, sentences and restatements) for readers outside the rules: the
// site shows where and how each document uses a term, and drift finds the
// documents a glossary change affects.
func Analyse(g *glossary.Glossary, d *corpus.Document) *DocFacts { return analyse(d, g) }

// analyse is the facts every rule of a run shares, computed once a
// document. The corpus-scope rules read the document's summary (DocSummary),
// taken before Trim releases what the summary does not hold.
func analyse(d *corpus.Document, g *glossary.Glossary) *DocFacts {
	return restate.Analyse(g, d)
}

// analyse is analyse(d, g), in a buffer from s.tokens when there is one.
func (s *factStore) analyse(d *corpus.Document, g *glossary.Glossary) *DocFacts {
	if s.tokens == nil {
		return analyse(d, g)
	}
	b, _ := s.tokens.Get().(*[]analysis.Token)
	if b == nil {
		b = new([]analysis.Token)
	}
	df, buf := restate.AnalyseInto(g, d, *b)
	*b = buf
	s.mu.Lock()
	if s.bufs == nil {
		s.bufs = map[*corpus.Document]*[]analysis.Token{}
	}
	s.bufs[d] = b
	s.mu.Unlock()
	return df
}

// recycle hands d's token buffer back for another document's analysis:
// call it only once nothing reads d's analysis again.
func (s *factStore) recycle(d *corpus.Document) {
	s.mu.Lock()
	b := s.bufs[d]
	delete(s.bufs, d)
	s.mu.Unlock()
	if b != nil {
		s.tokens.Put(b)
	}
}
