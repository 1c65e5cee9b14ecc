package rules

import (
	"fmt"
	"strings"
	"testing"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/testload"
)

// The glossary's own prose is shown to readers: the definition on each
// term's page, the summary in every preview and tooltip. Written into
// guidance the way a page would restate it, neither may break the rules
// the glossary sets for everyone else.

// glossaryProseDocs writes each term's definition and summary into
// documents as guidance restates them: the definition under "What is X?"
// on the term's own page, the summary as an entry of a glossary page and
// as a row of a | Term | Meaning | table.
func glossaryProseDocs(t *testing.T, g *glossary.Glossary) []*corpus.Document {
	t.Helper()
	var docs []*corpus.Document
	var entries, table strings.Builder
	entries.WriteString("---\ntitle: Glossary\n---\n\n")
	table.WriteString("---\ntitle: Key terms\n---\n\n| Term | Meaning |\n|---|---|\n")
	for _, term := range g.Terms {
		name := upperFirst(term.Term)
		docs = append(docs, testload.Doc(t, "definition-"+term.ID+".md",
			fmt.Sprintf("---\ntitle: %s\n---\n\n## What is %s?\n\n%s\n", name, term.Term, term.Definition)))
		fmt.Fprintf(&entries, "## %s\n\n%s\n\n", name, term.Summary)
		fmt.Fprintf(&table, "| %s | %s |\n", name, strings.ReplaceAll(term.Summary, "|", `\|`))
	}
	docs = append(docs, testload.Doc(t, "glossary.md", entries.String()), testload.Doc(t, "key-terms.md", table.String()))
	return docs
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// TestGlossaryPassesItsOwnRules: no finding at all on the glossary's own
// definitions and summaries.
func TestGlossaryPassesItsOwnRules(t *testing.T) {
	g := testload.Glossary(t)
	docs := glossaryProseDocs(t, g)
	for _, f := range Run(Input{Glossary: g, Docs: docs}) {
		t.Errorf("%s:%d:%d: %s: %s: %s", f.File, f.Line, f.Column, f.Rule, f.Term, f.Message)
	}
}
