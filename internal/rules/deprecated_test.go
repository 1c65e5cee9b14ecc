package rules_test

import (
	"fmt"
	"testing"

	"github.com/concord-guidance/concord/internal/rules"
)

// TestDeprecatedContext holds deprecated-term to its reading of context with
// paraphrases of its examples: other words, the same constructions. A case
// with no want must be quiet; a want is "line:col" with the severity (and,
// for info, the low confidence) the context calls for.
func TestDeprecatedContext(t *testing.T) {
	g := bundled(t)
	r := rules.Lookup("deprecated-term")
	type want struct {
		at   string
		sev  rules.Severity
		conf float64
	}
	errorAt := func(at string) []want { return []want{{at, rules.Error, 0.9}} }
	infoAt := func(at string) []want { return []want{{at, rules.Info, 0.3}} }
	for _, c := range []struct {
		name, md string
		want     []want
	}{
		// Still errors: the page's own voice.
		{"current generic term", "Domestic violence often escalates after separation.\n", errorAt("1:1")},
		{"plural in the page's voice", "Victims of domestic violences are entitled to special measures.\n", errorAt("1:12")},
		{"generic term before a noun that names nothing", "Review all domestic violence cases before charge.\n", errorAt("1:12")},
		{"misnamed order, lower case", "Officers can seek a stalking prevention order from the magistrates.\n", errorAt("1:21")},
		{"misnamed order, title case, before a noun", "A Stalking Prevention Order Application must be made by the police.\n", errorAt("1:3")},
		{"misnamed order after called", "The civil order, called a stalking prevention order, lasts two years.\n", errorAt("1:27")},
		{"misnamed Act with a year", "Proceedings under the Protection of Harassment Act 1997 are common.\n", errorAt("1:23")},
		{"misnamed Act in quotation marks with a year", "It relies on the \"Protection of Harassment Act 1997\".\n", infoAt("1:19")},
		{"aggravated stalking charged", "The youth faced a charge of aggravated stalking under s.4A.\n", errorAt("1:29")},
		{"aggravated stalking in a later sentence", "There is no doubt about it. Aggravated stalking carries ten years.\n", errorAt("1:29")},
		{"emphasis over the bare phrase", "Treat _domestic violence_ as a priority.\n", errorAt("1:8")},
		{"italics over lower-case words are emphasis", "Treat *all domestic violence* as a priority.\n", errorAt("1:12")},
		{"title case in a title-case heading", "## Prosecuting Domestic Violence Cases\n", errorAt("1:16")},
		{"a former partner is not a former term", "Stalking by a former partner is domestic violence.\n", errorAt("1:33")},
		{"at the time of the offence is not history", "At the time of the offence the victim reported domestic violence.\n", errorAt("1:48")},
		{"a year naming an Act is not history", "Under the Protection from Harassment Act 1997 domestic violence was charged as harassment.\n", errorAt("1:47")},
		{"there is no evidence is not non-existence", "There is no domestic violence protection here, only domestic violence.\n", errorAt("1:53")},
		{"a page after the change", "---\nupdated: 2023-06-01\n---\nThe unit handles domestic violence.\n", errorAt("4:18")},
		{"a callout is the page's own voice", "> Note: domestic violence cases need an early review.\n", errorAt("1:9")},

		{"a past event in today's words", "In 2019 the defendant was convicted of offences of domestic violence.\n", errorAt("1:52")},
		{"no longer in another sense", "The victim no longer supports a prosecution for domestic violence.\n", errorAt("1:49")},
		{"a capitalised name in bold", "Treat **Domestic Violence Reports** seriously.\n", nil},
		{"bold over lower case", "Treat **domestic violence** seriously.\n", errorAt("1:9")},

		// Accepted names.
		{"accepted court, plural", "Such cases go to Specialist Domestic Violence Courts.\n", nil},
		{"accepted Act and its amendment Act", "See the Domestic Violence, Crime and Victims (Amendment) Act 2012.\n", nil},
		{"adviser in lower case", "Ask the independent domestic violence advisor for the safety plan.\n", nil},

		// Quotations and titles.
		{"curly quotation", "She said the bail conditions “did nothing to stop the domestic violence”.\n", nil},
		{"single quotation", "His message read 'no domestic violence happened here'.\n", nil},
		{"italic title in sentence case", "The review *Domestic violence and the criminal courts* made ten recommendations.\n", nil},
		{"quoted title", "Read the leaflet \"Domestic Violence: Your Rights\" for details.\n", nil},
		{"block quote over lines", "> The officer wrote:\n> domestic violence, no injuries.\n", nil},
		{"italic title over a line break and a link", "The report *Tackling Cases of Domestic\nViolence in [the Courts](x.md)* is dated.\n", nil},
		{"italic title around a link", "The paper *Responding to domestic violence in [the courts](x.md)* is dated.\n", nil},
		{"italic title that is a link", "See *[Responding to domestic violence](x.md)* for the background.\n", nil},
		{"italic word before a link, phrase after", "See *this* [note](x.md) on domestic violence.\n", errorAt("1:28")},
		{"two italic spans, phrase between", "Read *Part One* on domestic violence and *Part Two* later.\n", errorAt("1:20")},
		{"bare phrase in quotation marks", "Cases of \"domestic violence\" were flagged.\n", infoAt("1:11")},
		{"bare phrase in italics and capitals", "She read *Domestic Violence* on the train.\n", infoAt("1:11")},
		{"possessive apostrophe is not a quotation", "The victims' domestic violence cases were reviewed.\n", errorAt("1:14")},

		// Capitalised names.
		{"a capital across a comma is not one name", "In England and Wales, Domestic Violence is common.\n", errorAt("1:23")},
		{"court name", "The Domestic Violence Court at Leeds sits on Tuesdays.\n", nil},
		{"review with a year", "The Domestic Violence and Abuse Review 2012 changed the definition.\n", nil},
		{"team before the phrase", "Call the Hampshire Domestic Violence Team.\n", nil},
		{"named by known as", "The helpline, known as the Domestic Violence Line, is free.\n", nil},
		{"titled in lower case", "The force ran a course titled domestic violence awareness.\n", infoAt("1:31")},

		// Head nouns in lower case.
		{"case marker", "Apply the domestic violence marker to the file.\n", infoAt("1:11")},
		{"scheme", "The domestic violence referral scheme ran until March.\n", infoAt("1:5")},
		{"too far from the noun", "The domestic violence disclosure and referral scheme ran until March.\n", errorAt("1:5")},
		{"strategy across and", "Read the domestic violence and stalking strategy.\n", infoAt("1:10")},
		{"a verb before the noun breaks it", "Domestic violence is a policy priority.\n", errorAt("1:1")},

		// Dated context.
		{"page dated before the Act", "---\ndate: 2020-11-03\n---\nCharge domestic violence robustly.\n", infoAt("4:8")},
		{"a quotation on an old page stays quiet", "---\nupdated: 2019-01-01\n---\nShe said it was \"the worst domestic violence I have seen\".\n", nil},
		{"a misnomer on an old page is not excused", "---\nupdated: 2019-01-01\n---\nAsk for a stalking prevention order.\n", errorAt("4:11")},
		{"archived page", "---\narchived: 2015-01-01\n---\nCharge domestic violence robustly.\n", nil},
		{"stalking order before SPOs", "---\nupdated: 2019-06-30\n---\nAsk the court for a stalking order.\n", infoAt("4:21")},
		{"stalking order after SPOs", "---\nupdated: 2021-06-30\n---\nAsk the court for a stalking order.\n", errorAt("4:21")},

		// Historical sentences.
		{"definition of an earlier year", "The 2013 cross-government definition described domestic violence and abuse as a pattern of incidents.\n", nil},
		{"previously known as", "Domestic abuse, previously known as domestic violence, is wider.\n", nil},
		{"formerly", "The unit formerly dealt only with domestic violence.\n", nil},
		{"no longer", "Domestic violence is no longer the term the law uses.\n", nil},
		{"before the Act", "Before the Domestic Abuse Act the guidance spoke of domestic violence.\n", nil},

		// The phrase as the thing that is wrong.
		{"no such offence", "Aggravated stalking: no such offence exists in England and Wales.\n", nil},
		{"does not exist", "A stalking prevention order does not exist; the order is an SPO.\n", nil},
		{"is not an offence", "Aggravated stalking is not a recognised offence.\n", nil},
		{"rather than", "Write domestic abuse rather than domestic violence.\n", nil},
		{"do not use the term", "Do not use the term stalking order, which is ambiguous.\n", nil},
		{"wrongly called", "The s.4A offence is sometimes wrongly called aggravated stalking.\n", nil},
		{"heading for a non-existent order", "## Stalking prevention order\n\nThere is no such order: the police apply for a Stalking Protection Order.\n", nil},
		{"table row for a non-existent offence", "| Term | Meaning |\n|---|---|\n| Aggravated stalking | Not a real offence; use s.4A. |\n", nil},
		{"heading over a use", "## Aggravated stalking\n\nThe youth court hears most of these cases.\n", errorAt("1:4")},
	} {
		t.Run(c.name, func(t *testing.T) {
			fs, err := rules.RunExample(g, r, rules.Example{Markdown: c.md})
			if err != nil {
				t.Fatal(err)
			}
			var got, exp []string
			for _, f := range fs {
				got = append(got, fmt.Sprintf("%d:%d %s %.1f", f.Line, f.Column, f.Severity, f.Confidence))
			}
			for _, w := range c.want {
				exp = append(exp, fmt.Sprintf("%s %s %.1f", w.at, w.sev, w.conf))
			}
			if fmt.Sprint(got) != fmt.Sprint(exp) {
				t.Errorf("%q\n got %q\nwant %q", c.md, got, exp)
				for _, f := range fs {
					t.Logf("  %s", f.Message)
				}
			}
		})
	}
}
