package rules_test

import (
	"testing"

	"github.com/concord-guidance/concord/internal/rules"
)

// dated puts a page's date in its front matter.
func dated(date, md string) string { return "---\ntitle: Guidance\nupdated: " + date + "\n---\n" + md }

// scottish marks a page as written for Scotland.
func scottish(md string) string { return "---\ntitle: Stalking\njurisdiction: scotland\n---\n" + md }

// Each mechanism of issue 16's law reading, with the example in the rule's
// Examples and unseen paraphrases of it (other words, same construction):
// what must now pass quietly and what must still be found.
func TestPenaltyMismatchReading(t *testing.T) {
	runLawRuleCases(t, "penalty-mismatch", []lawRuleCase{
		// Statements of change: the old figure is not a current maximum.
		{name: "change: from and to", md: "Parliament increased the maximum for the s.4A offence from five years to 10 years in 2017.\n"},
		{name: "change: went up", md: "In 2017 the top sentence for putting people in fear of violence went up from five years' imprisonment to ten.\n"},
		{name: "change: doubled, old figure as the object", md: "The Policing and Crime Act 2017 doubled the five-year maximum for the s.4 offence.\n"},
		{name: "change: figure then verb", md: "For the s.4A offence, a maximum of five years' imprisonment was doubled in 2017.\n"},
		{name: "change: until a year", md: "Until 2017 the maximum for stalking involving fear of violence was five years.\n"},
		{name: "change: had been", md: "Since 2017 the s.4 offence carries 10 years; the maximum had been five years.\n"},
		{name: "past period: offences before a date", md: "Offences under s.4A committed before 3 April 2017 carry a maximum of five years' imprisonment.\n"},
		{name: "past period: prior to", md: "Prior to April 2017, racially or religiously aggravated stalking involving fear of violence carried a maximum of seven years.\n"},
		{name: "change: the new figure is compared",
			md:   "The maximum for the s.4A offence was increased to seven years' imprisonment.\n",
			want: []string{"1:51"}, term: "stalking-involving-fear-of-violence", suggestion: "10 years' imprisonment", severity: rules.Warning},
		{name: "change: a wrong figure for the past period",
			md:   "Before April 2017 the s.4A offence carried a maximum of eight years' imprisonment.\n",
			want: []string{"1:57"}, severity: rules.Warning},
		{name: "change: the figure before an appositive change is today's",
			md:   "The maximum for the s.4A offence is seven years, increased from five in 2017.\n",
			want: []string{"1:37"}, severity: rules.Warning},
		{name: "plain: the old figure as today's law",
			md:   "The s.4 offence now carries a maximum of five years' imprisonment.\n",
			want: []string{"1:42"}, severity: rules.Error},

		// Law in time: a dated page is judged by the law of its date.
		{name: "dated page: the old s.4A maximum",
			md:   dated("2015-06-01", "The s.4A offence carries a maximum of five years' imprisonment.\n"),
			want: []string{"5:39"}, severity: rules.Info, suggestion: "10 years' imprisonment", message: []string{"dated 2015", "has since changed", "10 years' imprisonment on indictment for offences committed from 3 April 2017"}},
		{name: "dated page: the old s.4 maximum in other words",
			md:   dated("2016-03", "Putting people in fear of violence is punishable by up to five years' imprisonment on indictment.\n"),
			want: []string{"5:59"}, severity: rules.Info},
		{name: "dated page: the old aggravated maximum",
			md:   dated("2014", "Racially or religiously aggravated stalking involving fear of violence carries a maximum of seven years.\n"),
			want: []string{"5:93"}, severity: rules.Info, suggestion: "14 years' imprisonment"},
		{name: "dated page: the new figure is right too", md: dated("2016-01-01", "The s.4A offence carries a maximum of 10 years' imprisonment.\n")},
		{name: "dated page: wrong then and now",
			md:   dated("2015-06-01", "The s.4A offence carries a maximum of eight years' imprisonment.\n"),
			want: []string{"5:39"}, severity: rules.Error},
		{name: "dated after the change",
			md:   dated("2021-02-01", "The s.4A offence carries a maximum of five years' imprisonment.\n"),
			want: []string{"5:39"}, severity: rules.Error},
		// An archived page says by its label that it is kept for the record:
		// right at its date, it is told nothing. A dated page still in use
		// gets the note.
		{name: "archived page",
			md:   "---\ntitle: Old guidance\narchived: 2013-05-01\n---\nStalking involving fear of violence carries a maximum of five years' imprisonment.\n",
			want: nil},
		{name: "a page dated between an Act's passing and its coming into force",
			md:   "---\ntitle: Notes\nupdated: 2012-06-01\n---\nThe new offence of stalking involving fear of violence will carry up to five years' imprisonment.\n",
			want: []string{"5:73"}, severity: rules.Info},
		{name: "dated page still in use",
			md:   "---\ntitle: Old guidance\nupdated: 2013-05-01\n---\nStalking involving fear of violence carries a maximum of five years' imprisonment.\n",
			want: []string{"5:58"}, severity: rules.Info},
		{name: "archived page wrong even then",
			md:   "---\ntitle: Old guidance\narchived: 2013-05-01\n---\nStalking involving fear of violence carries a maximum of three years' imprisonment.\n",
			want: []string{"5:58"}, severity: rules.Error},

		// A family's bare name accepts any of its offences' maxima.
		{name: "family: stalking with the s.4A maximum", md: "Stalking carries a maximum of 10 years' imprisonment.\n"},
		{name: "family: in other words", md: "Stalking can be punished by up to ten years in prison.\n"},
		{name: "family: the aggravated maximum", md: "The maximum sentence for stalking is 14 years' imprisonment.\n"},
		{name: "family: harassment with the s.4 maximum", md: "Harassment is punishable by up to 10 years' imprisonment.\n"},
		{name: "family: harassment with the aggravated maximum", md: "Harassment carries up to 2 years' imprisonment.\n"},
		{name: "family: a figure no member has",
			md:   "Stalking carries a maximum of 20 years' imprisonment.\n",
			want: []string{"1:31"}, term: "stalking", severity: rules.Warning, message: []string{"none of the stalking offences", "(s.4A PHA 1997)"}},
		{name: "family: harassment, a figure no member has",
			md:   "Harassment is punishable by up to three years' imprisonment.\n",
			want: []string{"1:35"}, term: "harassment", severity: rules.Warning},
		{name: "family: a section narrows it",
			md:   "Stalking under s.2A carries a maximum of 10 years' imprisonment.\n",
			want: []string{"1:42"}, term: "stalking", severity: rules.Error, suggestion: "6 months' imprisonment"},
		{name: "family: a mode narrows it",
			md:   "Stalking is summary only, punishable by up to ten years' imprisonment.\n",
			want: []string{"1:47"}, severity: rules.Warning},

		// Mode of trial: a figure is bound to the mode it is stated for.
		{name: "mode: 12 months on indictment",
			md:   "On indictment, the s.4A offence carries a maximum of 12 months' imprisonment.\n",
			want: []string{"1:54"}, term: "stalking-involving-fear-of-violence", severity: rules.Error},
		{name: "mode: six months in the Crown Court",
			md:   "In the Crown Court the maximum for putting people in fear of violence is six months' imprisonment.\n",
			want: []string{"1:74"}, term: "putting-people-in-fear-of-violence"},
		{name: "mode: the indictment maximum stated for summary trial",
			md:   "Tried summarily, the s.4 offence is punishable by up to 10 years' imprisonment.\n",
			want: []string{"1:57"}, term: "putting-people-in-fear-of-violence"},
		{name: "mode: the summary limit stated for summary trial", md: "On summary conviction the s.4A offence carries a maximum of 12 months' imprisonment.\n"},
		{name: "mode: aggravated summary maximum", md: "On summary conviction the racially or religiously aggravated form of s.2A carries a maximum of six months' imprisonment.\n"},
		{name: "mode: aggravated summary and indictment",
			md: "Racially or religiously aggravated stalking is punishable summarily by up to six months' imprisonment, and on indictment by up to two years' imprisonment.\n"},
		{name: "mode: aggravated s.4 summary maximum", md: "The racially or religiously aggravated form of the s.4 offence carries a maximum of six months' imprisonment on summary conviction.\n"},
		{name: "mode: another offence's mode does not bind",
			md: "Harassment is summary only, while putting people in fear of violence carries a maximum of 10 years' imprisonment.\n"},

		// Figures that are not maxima.
		{name: "not a maximum: jailed", md: "He was jailed for three years for stalking involving fear of violence.\n"},
		{name: "not a maximum: sentenced", md: "The defendant was sentenced to 18 months' imprisonment for the s.4A offence.\n"},
		{name: "not a maximum: received", md: "Convicted of putting people in fear of violence, she received a sentence of four years' imprisonment.\n"},
		{name: "not a maximum: handed", md: "The court handed the stalker two years' custody for the s.4A offence.\n"},
		{name: "not a maximum: a guideline range", md: "For the s.4A offence, the category range in category 1 is 2–8 years' custody.\n"},
		{name: "not a maximum: a guideline range in words", md: "Stalking involving fear of violence: category 1A, three to eight years' custody.\n"},
		{name: "not a maximum: a guideline table",
			md: "| Category | Starting point | Range |\n|---|---|---|\n| 1A (s.4A) | 5 years' custody | 3.5 to 8 years' custody |\n"},
		{name: "not a maximum: custody without a word of maximum", md: "The s.4A offence: 4 years' custody after a trial.\n"},
		{name: "not a maximum: an order's period", md: "A Stalking Protection Order has effect for a minimum of two years.\n"},
		{name: "a maximum after jailed",
			md:   "Offenders convicted of putting people in fear of violence can be jailed for up to five years.\n",
			want: []string{"1:83"}, term: "putting-people-in-fear-of-violence"},
		{name: "a maximum after sentenced",
			md:   "A person convicted under s.4A could be sentenced to a maximum of seven years.\n",
			want: []string{"1:66"}, term: "stalking-involving-fear-of-violence"},

		// Jurisdiction: Scotland's and Northern Ireland's own law.
		{name: "jurisdiction: a Scottish page", md: scottish("Stalking carries a maximum of five years' imprisonment on indictment.\n")},
		{name: "jurisdiction: a Northern Ireland section",
			md: "## Stalking in Northern Ireland\n\nStalking is punishable by up to 12 months on summary conviction and two years on indictment.\n"},
		{name: "jurisdiction: a Scottish section in other words",
			md: "# Guidance\n\n## The law in Scotland\n\nOn indictment, stalking carries up to five years' imprisonment.\n"},
		{name: "jurisdiction: England and Wales named on a Scottish page",
			md:   scottish("In England and Wales, the s.4A offence carries a maximum of five years' imprisonment.\n"),
			want: []string{"5:61"}, term: "stalking-involving-fear-of-violence"},
		{name: "jurisdiction: an English Act named in a Scottish section",
			md:   "## Scotland\n\nUnder s.4A PHA 1997 the maximum is five years' imprisonment.\n",
			want: []string{"3:36"}, term: "stalking-involving-fear-of-violence"},
		{name: "jurisdiction: the same sentence in England and Wales",
			md:   "On indictment, stalking carries up to five years' imprisonment.\n",
			want: []string{"1:39"}, severity: rules.Warning},
	})
}

func TestCitationMismatchReading(t *testing.T) {
	runLawRuleCases(t, "citation-mismatch", []lawRuleCase{
		// A sentence-final citation is the source of the sentence's subject.
		{name: "subject: stalking, with harassment in a clause",
			md:   "Stalking, which often begins as harassment, is an offence under section 2 of the Protection from Harassment Act 1997.\n",
			want: []string{"1:65"}, term: "stalking", severity: rules.Warning, message: []string{"subject is stalking"}},
		{name: "subject: stalking, harassment in a relative clause",
			md:   "Stalking that grows out of harassment of an ex-partner is charged under s.2 PHA 1997.\n",
			want: []string{"1:73"}, term: "stalking", severity: rules.Warning},
		{name: "subject: harassment, stalking nearer the citation",
			md: "Harassment that involves acts associated with stalking is an offence under s.2 PHA 1997.\n"},
		{name: "subject: harassment, stalking nearer, in other words",
			md: "Harassment, even where the victim speaks of stalking, is an offence under section 2 of the Protection from Harassment Act 1997.\n"},
		{name: "adjacent: the nearest term right before the citation",
			md: "Stalking often begins as conduct recorded as harassment under s.2 PHA 1997.\n"},
		{name: "coordinated terms share the citation",
			md: "Harassment or stalking may be charged under s.2 or s.2A PHA 1997.\n"},

		// "the Act" is the one Act the section, or the document, names.
		{name: "the Act: named in an earlier paragraph",
			md:   "## The offences\n\nThe Protection from Harassment Act 1997 creates the offences.\n\nStalking is an offence under section 2 of the Act.\n",
			want: []string{"5:30"}, term: "stalking", suggestion: "section 2A", severity: rules.Warning},
		{name: "the Act: named earlier in the document, in other words",
			md:   "The offences are in the Protection from Harassment Act 1997.\n\n## Charging\n\nIn practice, section 4 of the Act is used to charge stalking.\n",
			want: []string{"5:14"}, term: "stalking", severity: rules.Warning},
		{name: "the Act: an Act the glossary does not know makes it ambiguous",
			md: "The Malicious Communications Act 1988 and the Protection from Harassment Act 1997 both apply.\n\nStalking is an offence under section 2 of the Act.\n"},
		{name: "the Act: two Acts named, so no Act",
			md: "The Protection from Harassment Act 1997 and the Stalking Protection Act 2019 both matter.\n\nStalking is an offence under section 2 of the Act.\n"},
		{name: "the 2019 Act: the Act of that year",
			md:   "The Stalking Protection Act 2019 created SPOs.\n\nBreach of a Stalking Protection Order is an offence under section 2 of the 2019 Act.\n",
			want: []string{"3:59"}, term: "breach-of-stalking-protection-order"},

		// A superseded power on a page dated before the change.
		{name: "dated page: s.5 restraining orders",
			md:   dated("2019-05-01", "On conviction for stalking, the court may make a restraining order under s.5 PHA 1997.\n"),
			want: []string{"5:74"}, term: "restraining-order", severity: rules.Info, message: []string{"dated 2019", "superseded since 1 December 2020"}},
		{name: "dated page: s.5 in other words",
			md:   dated("2018", "Prosecutors should ask the court for a restraining order under section 5 of the Protection from Harassment Act 1997.\n"),
			want: []string{"5:64"}, severity: rules.Info},
		{name: "dated after the change: s.5",
			md:   dated("2022-01-10", "On conviction for stalking, the court may make a restraining order under s.5 PHA 1997.\n"),
			want: []string{"5:74"}, severity: rules.Error},

		// Jurisdiction.
		{name: "jurisdiction: a Scottish page",
			md: scottish("The Protection from Harassment Act 1997 (PHA 1997) is mostly English law. In Scotland, stalking is charged under s.4.\n")},
		{name: "jurisdiction: the same in England and Wales",
			md:   "The Protection from Harassment Act 1997 (PHA 1997) is the main Act. In practice, stalking is charged under s.4.\n",
			want: []string{"1:108"}, term: "stalking"},
	})
}
