package rules

import "github.com/concord-guidance/concord/internal/glossary"

// findRestatements finds where a document restates what a glossary term
// means. (Placeholder until restatement detection lands.)
func findRestatements(df *DocFacts, g *glossary.Glossary) []*Restatement { return nil }
