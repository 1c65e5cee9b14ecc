package rules

import (
	"fmt"
	"strings"

	"github.com/concord-guidance/concord/internal/glossary"
)

func init() {
	register(&Rule{
		ID:    "deprecated-term",
		Title: "Wording the glossary deprecates",
		Rationale: "Guidance must describe each concept in the words the glossary settles on. A deprecated phrase (\"domestic violence\" for domestic abuse, \"stalking prevention order\" for Stalking Protection Order) tells the reader something outdated or wrong. The phrase is found case-insensitively, across line breaks and inline markup, with its plural and inflected forms and hyphen or space variants; a longer preferred wording that contains it (\"racially or religiously aggravated stalking\") and a proper name the glossary accepts (accepted:, \"Independent Domestic Violence Adviser\", \"Specialist Domestic Violence Court\") are never flagged. " +
			"Only the page's own voice is a defect, an error at confidence 0.9. Not reported: words inside quotation marks or a block quote (someone else's words) and an italic title (italics that start with a capital and hold more than the phrase); a capitalised name that runs on from the phrase (\"the Domestic Violence Unit\", \"the Domestic Violence and Abuse Review 2012\"), unless the whole line is in capitals; a capitalised name after \"entitled\", \"called\", \"known as\"; a historical sentence (\"formerly\", \"was then called\", \"no longer\", or a past-tense statement about a year before the deprecation's since: date); a sentence whose point is that the phrase is wrong or names nothing real (\"there is no offence of aggravated stalking\", \"rather than\", \"the term\"), and a heading, defined term or table row headed by the phrase whose description says so; an archived page from before the since: date. " +
			"Info at confidence 0.3, because it looks like a name or a mention but may be the page's own wording: the lower-case phrase before a head noun (\"the domestic violence flag\", \"unit\", \"scheme\", \"policy\"), or after \"called\"; the phrase alone in quotation marks, or alone in capitals and italics; and a page whose law date (updated, date or archived) is before since:, which used the word of its time. " +
			"A misnamed order or Act (a deprecation whose phrase is written in capitals or whose replacement is a proper name) is wrong in capitals, after \"called\" and in italics alone, so those signs do not excuse it; lower-case italics over the phrase alone are emphasis in the page's voice and stay errors.",
		Severity:            Error,
		SuggestsReplacement: true,
		Examples: []Example{
			{Title: "the old name for domestic abuse", Markdown: "Prosecutors should treat *domestic\nviolence* cases seriously.\n", Want: []string{"deprecated-term@1:27"}},
			{Title: "an inflected, hyphenated form", Markdown: "There were two stalking-prevention orders.\n", Want: []string{"deprecated-term@1:16"}},
			{Title: "a preferred phrase containing the deprecated one", Markdown: "An Independent Domestic Violence Adviser (IDVA) supports the victim.\n"},
			{Title: "the aggravated offence under the 1998 Act", Markdown: "This is racially or religiously aggravated stalking under s.32 of the Crime and Disorder Act 1998.\n"},
			{Title: "code is not prose", Markdown: "Search the CMS for `domestic violence` flags.\n"},
			{Title: "a misnamed order in capitals", Markdown: "The police may apply for a Stalking Prevention Order.\n", Want: []string{"deprecated-term@1:28"}},
			{Title: "a misnamed Act in italics", Markdown: "See s.5A of the *Protection of Harassment Act 1997*.\n", Want: []string{"deprecated-term@1:18"}},
			{Title: "an accepted name", Markdown: "Cases are listed in a Specialist Domestic Violence Court.\n"},
			{Title: "a quotation", Markdown: "The victim told the officer that she had \"put up with domestic violence for years\".\n"},
			{Title: "a block quote", Markdown: "> Domestic violence was present in most of the files we read.\n"},
			{Title: "an italic title", Markdown: "The inspectorate's report *Tackling Domestic Violence in the Courts* found weak evidence gathering.\n"},
			{Title: "a capitalised unit name", Markdown: "Each file is reviewed by the Domestic Violence Unit.\n"},
			{Title: "a title introduced by entitled", Markdown: "The force issued a leaflet entitled Domestic Violence: Getting Help.\n"},
			{Title: "a case flag in lower case", Markdown: "Check that the domestic violence flag is set on CMS.\n", Want: []string{"deprecated-term@1:16"}},
			{Title: "a page of its time", Markdown: "---\nupdated: 2018-03-01\n---\nProsecutors should treat domestic violence cases seriously.\n", Want: []string{"deprecated-term@4:26"}},
			{Title: "a past-tense sentence about an earlier year", Markdown: "In 2012 the government defined domestic violence and abuse more widely.\n"},
			{Title: "the former name", Markdown: "What is now called domestic abuse was then called domestic violence.\n"},
			{Title: "an offence that does not exist", Markdown: "There is no offence of aggravated stalking; charge s.4A.\n"},
			{Title: "a glossary entry for a non-existent offence", Markdown: "Aggravated stalking\n: Not a real offence. The more serious stalking offence is s.4A.\n"},
			{Title: "aggravated stalking as if it were an offence", Markdown: "He was charged with aggravated stalking.\n", Want: []string{"deprecated-term@1:21"}},
		},
		Check: checkDeprecated,
	})
}

func checkDeprecated(p *Pass) {
	all := p.Facts(p.Doc).Blocks
	for k, b := range all {
		for _, m := range b.Matches {
			if m.Entry.Kind != glossary.KindDeprecated {
				continue
			}
			if strings.ContainsAny(b.Block.Run.Text[m.Start:m.End], ",;:") && !strings.ContainsAny(m.Entry.Deprecated.Phrase, ",;:") {
				continue // "on conviction for stalking, orders ...": two phrases, not one
			}
			use, why := deprecatedContext(p.Doc, all, k, m)
			if use == useQuiet {
				continue
			}
			d := m.Entry.Deprecated
			start, end := b.Block.Run.Span(m.Start, m.End)
			written := b.Block.Run.Text[m.Start:m.End]
			s := b.Sentences[b.SentenceAt(m.Start)]
			f := Finding{
				Term:       m.Entry.Term.ID,
				Message:    fmt.Sprintf("%q is deprecated: %s", written, d.Reason),
				Suggestion: d.Replacement,
				Context:    s.Text(&b.Block.Run),
			}
			switch use {
			case useUnclear:
				f.Severity, f.Confidence = Info, 0.3
			}
			if why != "" {
				f.Message += " (" + why + ")"
			}
			if f.Severity > p.settings.Severity {
				f.Severity = p.settings.Severity
			}
			p.Report(p.Doc, start, end, f)
		}
	}
}
