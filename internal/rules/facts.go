package rules

import (
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
