package rules_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/concord-guidance/concord/internal/rules"
)

// lawRuleCase is one table test of a rule on the bundled glossary: the
// findings it must produce ("line:col"), and words each finding's message
// and suggestion must contain.
type lawRuleCase struct {
	name       string
	md         string
	want       []string
	term       string // glossary id of the (first) finding
	message    []string
	suggestion string
	severity   rules.Severity
}

func runLawRuleCases(t *testing.T, id string, cases []lawRuleCase) {
	t.Helper()
	g := bundled(t)
	r := rules.Lookup(id)
	if r == nil {
		t.Fatalf("rule %s is not registered", id)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fs, err := rules.RunExample(g, r, rules.Example{Markdown: tc.md})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range fs {
				got = append(got, strings.TrimPrefix(f.Key(), id+"@"))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("%s\n got %q\nwant %q", tc.md, got, tc.want)
				for _, f := range fs {
					t.Logf("  %s: %s (suggest %q)", f.Key(), f.Message, f.Suggestion)
				}
				return
			}
			if len(fs) == 0 {
				return
			}
			f := fs[0]
			if tc.term != "" && f.Term != tc.term {
				t.Errorf("term %q, want %q", f.Term, tc.term)
			}
			for _, m := range tc.message {
				if !strings.Contains(f.Message, m) {
					t.Errorf("message %q lacks %q", f.Message, m)
				}
			}
			if tc.suggestion != "" && f.Suggestion != tc.suggestion {
				t.Errorf("suggestion %q, want %q", f.Suggestion, tc.suggestion)
			}
			if tc.severity != 0 && f.Severity != tc.severity {
				t.Errorf("severity %s, want %s", f.Severity, tc.severity)
			}
			if f.Context == "" {
				t.Errorf("finding has no context sentence")
			}
		})
	}
}

func TestCitationMismatch(t *testing.T) {
	runLawRuleCases(t, "citation-mismatch", []lawRuleCase{
		// Wrong source for a term.
		{name: "stalking cited as section 2",
			md:   "Stalking is an offence under section 2 of the Protection from Harassment Act 1997.\n",
			want: []string{"1:30"}, term: "stalking", suggestion: "section 2A",
			message: []string{"s.2 PHA 1997", "s.2A PHA 1997", "harassment"}},
		{name: "bracketed short citation",
			md:   "Stalking (s.2 PHA 1997) is summary only.\n",
			want: []string{"1:11"}, term: "stalking", suggestion: "s.2A"},
		{name: "citation before the term",
			md:   "Section 4 of the Protection from Harassment Act 1997 creates the offence of stalking.\n",
			want: []string{"1:1"}, term: "stalking", suggestion: "section 2A"},
		{name: "the Act inherited within the paragraph",
			md:   "The Protection from Harassment Act 1997 (PHA 1997) is the main Act.\nIn practice, stalking is charged under s.4.\n",
			want: []string{"2:40"}, term: "stalking"},
		{name: "harassment cited to the stalking section",
			md:   "Harassment is an offence under s.2A PHA 1997.\n",
			want: []string{"1:32"}, term: "harassment", suggestion: "s.2", message: []string{"s.2A PHA 1997 is the provision for stalking"}},
		{name: "the CCB offence in the wrong section",
			md:   "Controlling or coercive behaviour is an offence under section 67 of the Serious Crime Act 2015.\n",
			want: []string{"1:55"}, term: "controlling-or-coercive-behaviour", suggestion: "section 76"},

		// Misnamed Acts and wrong years.
		{name: "PHA with the wrong year",
			md:   "The Protection from Harassment Act 1998 created the offence of harassment.\n",
			want: []string{"1:5"}, term: "protection-from-harassment-act-1997", suggestion: "Protection from Harassment Act 1997",
			message: []string{"wrong year"}},
		{name: "short form with the wrong year",
			md:   "Breach of an SPO is an offence under s.8 SPA 2018.\n",
			want: []string{"1:42"}, term: "stalking-protection-act-2019", suggestion: "SPA 2019"},
		{name: "a year far off, confirmed by the section",
			md:   "Controlling or coercive behaviour is an offence under section 76 of the Serious Crime Act 2007.\n",
			want: []string{"1:73"}, term: "serious-crime-act-2015", suggestion: "Serious Crime Act 2015"},
		{name: "a changed word",
			md:   "Police apply for orders under the Stalking Prevention Act 2019.\n",
			want: []string{"1:35"}, term: "stalking-protection-act-2019", message: []string{"misnaming"}},
		{name: "a misspelt word",
			md:   "The offences are in the Protection from Harrassment Act 1997.\n",
			want: []string{"1:25"}, term: "protection-from-harassment-act-1997"},
		{name: "a dropped connector",
			md:   "Aggravated offences are in the Crime Disorder Act 1998.\n",
			want: []string{"1:32"}, term: "crime-and-disorder-act-1998"},

		// Superseded provisions.
		{name: "restraining order under s.5",
			md:   "A restraining order can be made on conviction under section 5 of the 1997 Act.\n",
			want: []string{"1:53"}, term: "restraining-order", suggestion: "Sentencing Act 2020, s.360",
			message: []string{"superseded since 1 December 2020"}},
		{name: "the repealed living-together definition",
			md:   "Under s.76(2)(b) of the Serious Crime Act 2015, family members must live together.\n",
			want: []string{"1:7"}, term: "controlling-or-coercive-behaviour"},

		// Near misses.
		{name: "each term with its own section",
			md: "Harassment (section 2) and stalking (section 2A) are both summary offences under the Protection from Harassment Act 1997.\n"},
		{name: "no Act anywhere", md: "Stalking is an offence under s.2.\n"},
		{name: "two offences, two sections", md: "Stalking and harassment are offences under ss.2 and 2A PHA 1997.\n"},
		{name: "a contrast", md: "Stalking should be charged under s.2A, not as harassment under s.2 PHA 1997.\n"},
		{name: "negation", md: "Stalking is not an offence under s.2 PHA 1997.\n"},
		{name: "a term from the previous sentence explains the section",
			md: "Harassment is the older offence. Like stalking, it is summary only under s.2 PHA 1997.\n"},
		{name: "other Acts of the same name", md: "The Criminal Justice Act 1988 and the Serious Crime Act 2007 also matter.\n"},
		{name: "a concept beside an offence's section", md: "The course of conduct required by s.4 PHA 1997 must cause fear on each occasion.\n"},
		{name: "examples of the acts", md: "Section 2A(3) PHA 1997 gives examples of acts associated with stalking.\n"},
		{name: "an old order framed as history", md: "Restraining orders made under s.5 PHA 1997 before December 2020 continue in force.\n"},
		{name: "the more serious stalking offence", md: "Stalking under s.4A PHA 1997 is the more serious offence.\n"},
		{name: "a deprecated Act name", md: "Stalking is an offence under s.2A of the Protection of Harassment Act 1997.\n"},
		{name: "Act of another subject", md: "The Public Order Act 1986, s.4A, intentional harassment, alarm or distress, is a different offence.\n"},
		{name: "the 2021 Act and section 76",
			md: "Section 68 of the Domestic Abuse Act 2021 amended section 76 so that the test now mirrors the definition of personally connected in section 2 of the 2021 Act.\n"},
		{name: "sections of an Act the glossary does not know", md: "Stalking may also involve an offence under s.1 of the Malicious Communications Act 1988.\n"},
		{name: "an Act with a long title", md: "Phones are examined under ss.37 to 44 of the Police, Crime, Sentencing and Courts Act 2022.\n"},
		{name: "the replacement cited", md: "On conviction the court may make a restraining order under sections 359 and 360 of the Sentencing Act 2020.\n"},
		{name: "an interim order under the same Act", md: "Police apply under s.1 of the Stalking Protection Act 2019, and an interim SPO is available under s.5 of the same Act.\n"},
	})
}
