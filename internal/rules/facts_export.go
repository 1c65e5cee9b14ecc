package rules

import (
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
)

// Analyse returns the shared analysis of one document (tokens, glossary
// matches, sentences and restatements) for readers outside the rules: the
// site shows where and how each document uses a term, and drift finds the
// documents a glossary change affects.
func Analyse(g *glossary.Glossary, d *corpus.Document) *DocFacts { return analyse(d, g) }
