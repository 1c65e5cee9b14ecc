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

// Recall: a citation bound to its term through a table row, a definition, a
// breach, "the Act", and a provision of another Act; unseen paraphrases of
// the rule's examples, found and quiet.
func TestCitationMismatchBinding(t *testing.T) {
	runLawRuleCases(t, "citation-mismatch", []lawRuleCase{
		// A table row: the provision column is the source of the row's offence.
		{name: "row: three columns, s.4 for the s.4A offence",
			md:   "| Offence | Section | Maximum |\n|---|---|---|\n| Stalking involving fear of violence or serious alarm or distress | s.4 | 10 years |\n",
			want: nil}, // no Act anywhere: left alone
		{name: "row: the Act in the cell",
			md:   "| Offence | Legislation |\n|---|---|\n| Breach of an SPO | section 5A, Protection from Harassment Act 1997 |\n",
			want: []string{"3:22"}, term: "breach-of-stalking-protection-order", severity: rules.Error},
		{name: "row: the s.2 section for stalking",
			md:   "| Offence | Statutory provision |\n|---|---|\n| Stalking | s.2 PHA 1997 |\n",
			want: []string{"3:14"}, term: "stalking", suggestion: "s.2A"},
		{name: "row: the right sections", md: "| Offence | Provision |\n|---|---|\n| Harassment | s.2 PHA 1997 |\n| Putting people in fear of violence | s.4 PHA 1997 |\n"},
		{name: "row: a column that is not the provision", md: "| Offence | See also |\n|---|---|\n| Stalking | s.7 PHA 1997 |\n"},
		{name: "row: two offences in the row", md: "| Offences | Provision |\n|---|---|\n| Stalking and harassment | s.4 PHA 1997 |\n"},

		// A provision of another Act, right by the term.
		{name: "another Act: an SPO in brackets",
			md:   "A Stalking Protection Order (Sentencing Act 2020, s.360) protects a person from a risk associated with stalking.\n",
			want: []string{"1:30"}, term: "stalking-protection-order"},
		{name: "another Act: breach of an SPO under the acquittal power",
			md:   "Breach of an interim SPO is an offence under s.5A PHA 1997.\n",
			want: []string{"1:46"}, term: "breach-of-stalking-protection-order", suggestion: "s.8 SPA 2019"},
		{name: "another Act: coercive control, wrong Act, in brackets",
			md:   "Coercive control (section 76, Domestic Abuse Act 2021) is often present alongside stalking.\n",
			want: []string{"1:19"}, term: "controlling-or-coercive-behaviour", suggestion: "s.76 SCA 2015"},
		{name: "another Act: the aggravated offences' public order section",
			md:   "The racially or religiously aggravated stalking offence is in section 31 of the Crime and Disorder Act 1998.\n",
			want: []string{"1:63"}, term: "racially-or-religiously-aggravated-offences", suggestion: "section 32"},
		{name: "another Act: the right Act in brackets", md: "Coercive control (section 76, Serious Crime Act 2015) is often present alongside stalking.\n"},
		{name: "another Act: an amending Act after the right one",
			md: "Controlling or coercive behaviour is an offence under s.76 of the Serious Crime Act 2015, as amended by s.68 of the Domestic Abuse Act 2021.\n"},
		{name: "another Act: cited for something else further off",
			md: "Breach of an SPO is an offence, and so, since December 2020, is breach of a restraining order under s.363 SA 2020.\n"},
		{name: "another Act: a procedural provision nobody owns",
			md: "A Stalking Protection Order is applied for by complaint under s.51 of the Magistrates' Courts Act 1980.\n"},

		// A concept's definition cites its source.
		{name: "definition: the citation ends the definition",
			md:   "A course of conduct requires conduct on at least two occasions (PHA 1997, s.7(2)).\n",
			want: []string{"1:65"}, term: "course-of-conduct"},
		{name: "definition: the citation opens it",
			md:   "Under s.7(2) PHA 1997, a course of conduct means conduct on at least two occasions in relation to one person.\n",
			want: []string{"1:7"}, term: "course-of-conduct", suggestion: "s.7(3)"},
		{name: "definition: the right subsection", md: "A course of conduct must involve conduct on at least two occasions (s.7(3) PHA 1997).\n"},
		{name: "definition: harassment's own subsection", md: "Harassment includes alarming a person or causing them distress (s.7(2) PHA 1997).\n"},
		{name: "definition: not a definition", md: "A course of conduct is central to the stalking offence under s.2A PHA 1997.\n"},
		{name: "definition: a subsection no other term owns", md: "Harassment (s.1(2) PHA 1997) is judged by what a reasonable person with the same information would think.\n"},

		// A breach word makes an order the offence of breaching it.
		{name: "breach: breaching an order, the wrong section",
			md:   "Breaching a Stalking Protection Order without reasonable excuse is an offence under s.5 SPA 2019.\n",
			want: []string{"1:85"}, term: "breach-of-stalking-protection-order"},
		{name: "breach: the right section", md: "Breaching an interim Stalking Protection Order is an offence under s.8 of the Stalking Protection Act 2019.\n"},

		// "the Act".
		{name: "the Act: defined as the Act, another Act named after it",
			md:   "The Protection from Harassment Act 1997 (\"the Act\") created the offences, and the Protection of Freedoms Act 2012 added stalking.\n\nStalking involving fear of violence is an offence under section 4 of the Act.\n",
			want: []string{"3:57"}, term: "stalking-involving-fear-of-violence", severity: rules.Warning},
		{name: "the Act: the section names no offence of the Act",
			md:   "# Orders\n\nThe Stalking Protection Act 2019 created SPOs. Interim orders are made under s.5.\n\nA person who breaches an interim SPO commits the offence in section 9 of the Act.\n",
			want: []string{"5:61"}, term: "breach-of-stalking-protection-order", severity: rules.Warning},
		{name: "the Act: inserted by another Act",
			md:   "The stalking offences were inserted by the Protection of Freedoms Act 2012 into the Protection from Harassment Act 1997. Stalking is the offence in section 2 of the Act.\n",
			want: []string{"1:149"}, term: "stalking"},
		{name: "the Act: the right section", md: "The Protection from Harassment Act 1997 (\"the Act\") created the offences.\n\nStalking involving fear of violence is an offence under section 4A of the Act.\n"},
		{name: "the Act: the amending Act's own section",
			md: "The Protection from Harassment Act 1997 was amended by the Protection of Freedoms Act 2012.\n\nSection 111 of the Act inserted the stalking offences.\n"},
	})
}
