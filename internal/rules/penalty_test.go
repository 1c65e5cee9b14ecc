package rules_test

import (
	"testing"

	"github.com/concord-guidance/concord/internal/rules"
)

func TestPenaltyMismatch(t *testing.T) {
	runLawRuleCases(t, "penalty-mismatch", []lawRuleCase{
		// Findings.
		{name: "the old s.4A maximum",
			md:   "The s.4A offence carries a maximum of five years' imprisonment.\n",
			want: []string{"1:39"}, term: "stalking-involving-fear-of-violence", suggestion: "10 years' imprisonment", severity: rules.Error,
			message: []string{"maximum stated as five years", "10 years' imprisonment on indictment", "(s.4A PHA 1997)", "raised from 5 years"}},
		{name: "digits for a summary offence",
			md:   "Harassment under s.2 carries up to 2 years' imprisonment.\n",
			want: []string{"1:36"}, term: "harassment", suggestion: "6 months' imprisonment", message: []string{"for harassment (s.2 PHA 1997)"}},
		{name: "the term after the figure",
			md:   "A maximum of ten years' imprisonment applies to breach of a restraining order.\n",
			want: []string{"1:14"}, term: "breach-of-restraining-order", suggestion: "5 years' imprisonment"},
		{name: "aggravated harassment with the s.4 maximum",
			md:   "Racially or religiously aggravated harassment carries a maximum of 14 years' imprisonment.\n",
			want: []string{"1:68"}, term: "racially-or-religiously-aggravated-offences", suggestion: "2 years' imprisonment"},
		{name: "the aggravated s.4 offence with the old maximum",
			md:   "The racially or religiously aggravated form of the s.4 offence carries a maximum of seven years' imprisonment.\n",
			want: []string{"1:85"}, term: "racially-or-religiously-aggravated-offences", suggestion: "14 years' imprisonment"},
		{name: "aggravated stalking without fear is the s.2A form",
			md:   "Racially or religiously aggravated stalking carries a maximum of seven years' imprisonment.\n",
			want: []string{"1:66"}, term: "racially-or-religiously-aggravated-offences", suggestion: "2 years' imprisonment", message: []string{"s.2 or s.2A PHA 1997"}},
		{name: "aggravated harassment or stalking is the s.2 and s.2A form",
			md:   "Racially or religiously aggravated harassment or stalking carries a maximum of seven years' imprisonment.\n",
			want: []string{"1:80"}, term: "racially-or-religiously-aggravated-offences", suggestion: "2 years' imprisonment"},
		{name: "the aggravated offences in general allow either",
			md:   "The aggravated offences under s.32 CDA 1998 carry a maximum of seven years' imprisonment.\n",
			want: []string{"1:64"}, term: "racially-or-religiously-aggravated-offences", message: []string{"2 years' imprisonment on indictment (", "14 years' imprisonment on indictment ("}},
		{name: "the previous sentence, reported as a warning",
			md:   "Stalking involving fear of violence or serious alarm or distress is an either-way offence. On indictment it carries up to five years' imprisonment.\n",
			want: []string{"1:123"}, term: "stalking-involving-fear-of-violence", severity: rules.Warning},
		{name: "a table row",
			md:   "| Offence | Provision | Maximum |\n|---|---|---|\n| Putting people in fear of violence | s.4 PHA 1997 | 5 years' imprisonment |\n",
			want: []string{"3:55"}, term: "putting-people-in-fear-of-violence", severity: rules.Warning},
		{name: "breach of an SPO in digits",
			md:   "Under s.8 of the Stalking Protection Act 2019, breach carries a maximum of 2 years' imprisonment.\n",
			want: []string{"1:76"}, term: "breach-of-stalking-protection-order"},
		{name: "CCB by its acronym",
			md:   "CCB carries a maximum of 14 years' imprisonment.\n",
			want: []string{"1:26"}, term: "controlling-or-coercive-behaviour"},

		// Near misses.
		{name: "history of a change", md: "The maximum for the s.4A offence was raised from five years to 10 years in 2017.\n"},
		{name: "before a date", md: "Before April 2017, the maximum for the s.4A offence was five years.\n"},
		{name: "previously", md: "The s.4A offence carries a maximum of 10 years; previously the maximum was five years.\n"},
		{name: "an order's duration", md: "An SPO lasts for at least two years.\n"},
		{name: "a restraining order's length", md: "A restraining order for stalking can be made for up to five years.\n"},
		{name: "a time limit", md: "Harassment is summary only, so a prosecution must begin within six months.\n"},
		{name: "a sentence passed", md: "He was sentenced to two years' imprisonment for stalking.\n"},
		{name: "51 weeks is six months", md: "Stalking is summary only, with a maximum of 51 weeks' imprisonment in the text of the Act.\n"},
		{name: "the right aggravated maxima",
			md: "The racially or religiously aggravated forms of the s.2 and s.2A offences carry a maximum of two years' imprisonment, and the aggravated forms of the s.4 and s.4A offences carry a maximum of 14 years' imprisonment.\n"},
		{name: "aggravated stalking with fear of violence", md: "Racially or religiously aggravated stalking involving fear of violence carries 14 years' imprisonment.\n"},
		{name: "any term in the sentence", md: "Harassment carries six months' imprisonment, while putting people in fear of violence carries a maximum of 10 years.\n"},
		{name: "the general limit of an either-way offence", md: "On summary conviction the s.4A offence carries a maximum of 12 months' imprisonment in a magistrates' court.\n"},
		{name: "a figure nowhere near an offence", md: "The maximum period of a community order is three years' imprisonment in default.\n"},
		{name: "a different offence in the previous sentence but one",
			md: "Stalking is summary only. Prosecutors should act quickly. The maximum is five years' imprisonment for the other offence.\n"},
		{name: "the 10-year maximum", md: "The 10-year maximum for ss.4 and 4A applies to offences committed on or after 3 April 2017.\n"},
	})
}

// Recall: the offence a figure belongs to found beyond its own words, each
// with unseen paraphrases of the rule's examples, found and quiet.
func TestPenaltyMismatchBinding(t *testing.T) {
	runLawRuleCases(t, "penalty-mismatch", []lawRuleCase{
		// A table column headed as the maximum: a bare term is a maximum,
		// bound to the row's offence and to the heading's mode.
		{name: "table: two columns, offence named with its section",
			md:   "| Offence | Maximum |\n|---|---|\n| Putting people in fear of violence (s.4) | 5 years |\n",
			want: []string{"3:46"}, term: "putting-people-in-fear-of-violence", severity: rules.Warning, suggestion: "10 years' imprisonment"},
		{name: "table: offence by section only",
			md:   "| Provision | Maximum sentence |\n|---|---|\n| s.4A PHA 1997 | five years |\n",
			want: []string{"3:19"}, term: "stalking-involving-fear-of-violence"},
		{name: "table: the aggravated form in its own row",
			md:   "| Offence | Max. penalty |\n|---|---|\n| Racially or religiously aggravated s.4A | 7 years |\n",
			want: []string{"3:45"}, term: "racially-or-religiously-aggravated-offences", suggestion: "14 years' imprisonment"},
		{name: "table: three columns, the mode in the heading",
			md:   "| Offence | Section | Maximum on indictment |\n|---|---|---|\n| Stalking involving fear of violence | 4A | 10 years |\n| Putting people in fear of violence | 4 | 5 years |\n",
			want: []string{"4:44"}, term: "putting-people-in-fear-of-violence"},
		{name: "table: the maximum column before the offence",
			md:   "| Maximum (Crown Court) | Offence |\n|---|---|\n| 5 years | stalking involving fear of violence |\n",
			want: []string{"3:3"}, term: "stalking-involving-fear-of-violence"},
		{name: "table: right maxima in every row",
			md: "| Offence | Maximum |\n|---|---|\n| Harassment (s.2) | 6 months |\n| Stalking (s.2A) | 6 months |\n| Stalking involving fear of violence (s.4A) | 10 years |\n| Racially or religiously aggravated s.4A | 14 years |\n| Breach of a restraining order | 5 years |\n"},
		{name: "table: both modes in their own columns",
			md: "| Offence | Section | Maximum on indictment | Maximum on summary conviction |\n|---|---|---|---|\n| Putting people in fear of violence | s.4 | 10 years | 12 months |\n"},
		{name: "table: a duration column is no maximum",
			md: "| Order | Maximum duration |\n|---|---|\n| Restraining order | 5 years |\n"},
		{name: "table: a time limit column is no maximum",
			md: "| Offence | Time limit |\n|---|---|\n| Stalking involving fear of violence | 5 years |\n"},

		// A family's name narrowed by an ingredient of one of its offences.
		{name: "ingredient: words other than the ingredient's leave the family (a warning)",
			md:   "In the Crown Court, stalking which causes the victim to fear violence will be used carries a maximum of five years.\n",
			want: []string{"1:105"}, term: "stalking", severity: rules.Warning},
		{name: "ingredient: serious alarm or distress",
			md:   "Stalking causing serious alarm or distress is punishable by up to five years' imprisonment on indictment.\n",
			want: []string{"1:67"}, term: "stalking-involving-fear-of-violence", severity: rules.Error},
		{name: "ingredient: fear of violence with the right figure",
			md: "Stalking that puts the victim in fear of violence carries up to ten years' imprisonment.\n"},
		{name: "ingredient: harassment with fear of violence is s.4",
			md:   "Harassment that puts a person in fear of violence is punishable by up to five years' imprisonment.\n",
			want: []string{"1:74"}, term: "putting-people-in-fear-of-violence"},
		{name: "ingredient: the basic offence's figure with no ingredient",
			md: "Stalking is summary only, punishable by up to six months' imprisonment.\n"},

		// An answer bound to the question it follows.
		{name: "question: a heading asks, the answer gives the old figure",
			md:   "## Can stalking that causes fear of violence be tried in the Crown Court?\n\nYes. On indictment the maximum is five years.\n",
			want: []string{"3:35"}, term: "stalking-involving-fear-of-violence", severity: rules.Warning},
		{name: "question: breach, answered after an empty sentence",
			md:   "**Q: What happens if someone breaches a restraining order?**\n\nA: It is a criminal offence. The maximum sentence is two years' imprisonment.\n",
			want: []string{"3:54"}, term: "breach-of-restraining-order"},
		{name: "question: the right answer",
			md: "**What is the maximum penalty for putting people in fear of violence?**\n\nIt is ten years' imprisonment.\n"},
		{name: "question: the answer names its own offence",
			md: "**What is the maximum penalty for stalking involving fear of violence?**\n\nHarassment, by contrast, carries six months' imprisonment.\n"},
		{name: "question: not a question",
			md: "**Stalking involving fear of violence**\n\nThe court sentenced him to five years' imprisonment.\n"},

		// A breach bound to its order.
		{name: "breach: an order as the object, in other words",
			md:   "Anyone who breaches an interim SPO faces up to ten years in prison.\n",
			want: []string{"1:48"}, term: "breach-of-stalking-protection-order"},
		{name: "breach: the order before the verb",
			md:   "Where a restraining order is breached, the offender is liable to a maximum of two years' imprisonment.\n",
			want: []string{"1:79"}, term: "breach-of-restraining-order"},
		{name: "breach: a bare breach in a glossary table",
			md:   "| Term | Meaning |\n|---|---|\n| Restraining order | An order made on conviction or acquittal. Breach is punishable by up to ten years' imprisonment. |\n",
			want: []string{"3:95"}, term: "breach-of-restraining-order"},
		{name: "breach: it, after a term line",
			md:   "Restraining order\n\nAn order to protect a victim. Breaching it can lead to a maximum of two years' imprisonment.\n",
			want: []string{"3:69"}, term: "breach-of-restraining-order"},
		{name: "breach: the right figure",
			md: "Breaching a Stalking Protection Order is punishable by up to five years' imprisonment.\n"},
		{name: "breach: of the peace",
			md: "A restraining order was made. Breach of the peace carries no term of imprisonment, but the s.2 offence carries up to six months' imprisonment.\n"},
		{name: "breach: no order named anywhere",
			md: "Breach is an offence punishable by up to two years' imprisonment.\n"},

		// What a person faces, and quotations.
		{name: "quotation: an officer's words, in other words",
			md:   "\"Anyone convicted of stalking involving fear of violence could face five years behind bars,\" said a Detective Inspector.\n",
			want: []string{"1:69"}, severity: rules.Warning},
		{name: "quotation: the right figure", md: "The officer said: \"Stalking involving fear of violence carries up to 10 years in prison.\"\n"},
		{name: "face: not a custodial term", md: "Victims of stalking involving fear of violence often face two years of fear before they report.\n"},
	})
}
