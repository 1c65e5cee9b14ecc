package rules

import (
	"fmt"

	"github.com/concord-guidance/concord/internal/glossary"
)

func init() {
	register(&Rule{
		ID:        "deprecated-term",
		Title:     "Wording the glossary deprecates",
		Rationale: "Guidance must describe each concept in the words the glossary settles on. A deprecated phrase (\"domestic violence\" for domestic abuse, \"stalking prevention order\" for Stalking Protection Order) tells the reader something outdated or wrong. The phrase is found case-insensitively, across line breaks and inline markup, with its plural and inflected forms and hyphen or space variants; a longer preferred wording that contains it (\"Independent Domestic Violence Adviser\", \"racially or religiously aggravated stalking\") is never flagged.",
		Severity:  Error,
		Examples: []Example{
			{Title: "the old name for domestic abuse", Markdown: "Prosecutors should treat *domestic\nviolence* cases seriously.\n", Want: []string{"deprecated-term@1:27"}},
			{Title: "an inflected, hyphenated form", Markdown: "There were two stalking-prevention orders.\n", Want: []string{"deprecated-term@1:16"}},
			{Title: "a preferred phrase containing the deprecated one", Markdown: "An Independent Domestic Violence Adviser (IDVA) supports the victim.\n"},
			{Title: "the aggravated offence under the 1998 Act", Markdown: "This is racially or religiously aggravated stalking under s.32 of the Crime and Disorder Act 1998.\n"},
			{Title: "code is not prose", Markdown: "Search the CMS for `domestic violence` flags.\n"},
		},
		Check: checkDeprecated,
	})
}

func checkDeprecated(p *Pass) {
	for _, b := range p.Facts(p.Doc).Blocks {
		for _, m := range b.Matches {
			if m.Entry.Kind != glossary.KindDeprecated {
				continue
			}
			d := m.Entry.Deprecated
			start, end := b.Block.Run.Span(m.Start, m.End)
			written := b.Block.Run.Text[m.Start:m.End]
			s := b.Sentences[b.SentenceAt(m.Start)]
			p.Report(p.Doc, start, end, Finding{
				Term:       m.Entry.Term.ID,
				Message:    fmt.Sprintf("%q is deprecated: %s", written, d.Reason),
				Suggestion: d.Replacement,
				Context:    s.Text(&b.Block.Run),
			})
		}
	}
}
