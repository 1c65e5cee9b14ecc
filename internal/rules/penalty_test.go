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
