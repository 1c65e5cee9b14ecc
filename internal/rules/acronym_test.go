package rules

import (
	"testing"
	"testing/fstest"

	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/testload"
)

func BenchmarkAcronymExpansion(b *testing.B) { benchRule(b, "acronym-expansion") }

func TestAcronymExpansion(t *testing.T) {
	runLexicalCases(t, "acronym-expansion", []lexicalCase{
		{
			name:       "Words (ACR), wrong words",
			md:         "Victims may be supported by an Independent Domestic Violence Assistant (IDVA).\n",
			want:       []string{"1:32"},
			suggestion: "Independent Domestic Violence Adviser",
			message:    `expanded here as "Independent Domestic Violence Assistant"`,
		},
		{
			name:       "a plan expanded wrongly",
			md:         "The Domestic Abuse Joint Action Plan (DA JJP) was published in 2024.\n",
			want:       []string{"1:5"},
			suggestion: "Domestic Abuse Joint Justice Plan",
		},
		{
			name: "an alias in place of the expansion",
			md:   "The offence of coercive control (CCB) came into force in 2015.\n",
			want: []string{"1:16"},
		},
		{
			name:       "ACR (Words), wrong words",
			md:         "Ask whether an ISAC (Independent Stalking Advocate) is involved.\n",
			want:       []string{"1:22"},
			suggestion: "Independent Stalking Advocacy Caseworker",
			message:    `"Independent Stalking Advocate"`,
		},
		{
			name:       "used before expansion",
			md:         "An SPO may be made without a prosecution. A Stalking Protection Order (SPO) lasts two years.\n",
			want:       []string{"1:4"},
			suggestion: "write 'Stalking Protection Order (SPO)' at first use",
			message:    "before it is expanded (at line 1)",
		},
		{
			name:       "never expanded, with its year",
			md:         "The offence is in s.4A PHA 1997.\n",
			want:       []string{"1:24"},
			suggestion: "write 'Protection from Harassment Act 1997 (PHA 1997)' at first use",
			message:    "never expanded",
		},
		{
			name: "a possessive first use",
			md:   "The SPO's terms must be clear. A Stalking Protection Order (SPO) is a civil order.\n",
			want: []string{"1:5"},
		},
		{
			name: "a plural first use in a heading not expanded under it",
			md:   "## Applying for SPOs\n\nThe police make the application.\n\nPolice apply for Stalking Protection Orders (SPOs).\n",
			want: []string{"1:17"},
		},
		{
			name: "a parenthesis that is not an expansion is a bare use",
			md:   "The victim's adviser (IDVA) attends court.\n",
			want: []string{"1:23"},
		},
		{
			name: "a description in the parenthesis is not an expansion",
			md:   "An ISAC (an independent advocate for stalking victims) may attend.\n",
			want: []string{"1:4"},
		},
		{
			name: "two acronyms, one finding each",
			md:   "An IDVA or an ISAC can help. Later an IDVA may attend.\n",
			want: []string{"1:4", "1:15"},
		},
		// Near misses.
		{name: "a parenthesis that goes on after the expansion", md: "Police may apply for an SPO (Stalking Protection Order, s.1 SPA 2019). The SPO lasts two years.\n"},
		{name: "plural expansion and acronym", md: "Police apply for Stalking Protection Orders (SPOs). SPOs last two years.\n"},
		{name: "an Act without its year", md: "The Protection from Harassment Act (PHA) created both offences; s.2A PHA 1997 is summary only.\n"},
		{name: "an Act with a section in the parenthesis", md: "The Protection from Harassment Act 1997 (PHA 1997, s.2A) creates the offence. Under s.4A PHA 1997 it is more serious.\n"},
		{name: "the in the parenthesis", md: "The Domestic Abuse Joint Justice Plan (the DA JJP) was agreed in 2024. The DA JJP names stalking.\n"},
		{name: "acronym first, right words", md: "FOUR (Fixated, Obsessive, Unwanted, Repeated) is a recognition aid.\n"},
		{name: "stands for", md: "FOUR stands for Fixated, Obsessive, Unwanted, Repeated: a recognition aid.\n"},
		{name: "is short for", md: "CCB is short for controlling or coercive behaviour. CCB is an either-way offence.\n"},
		{name: "the mnemonic word between", md: "Officers use the FOUR mnemonic (Fixated, Obsessive, Unwanted, Repeated).\n"},
		{name: "four and Four are numbers", md: "Four messages were sent over four days.\n"},
		{name: "front matter does not count", md: "---\ntitle: SPOs\n---\n\nA Stalking Protection Order (SPO) is a civil order.\n"},
		{name: "a longer word in capitals", md: "The SPOC for the force is the stalking lead.\n"},
		{name: "deprecated expansion is left to deprecated-term", md: "A stalking prevention order (SPO) was made.\n"},
		{name: "a misspelt expansion is left to variant-wording", md: "A Stalking Protecton Order (SPO) was made.\n"},
		{name: "a changed mnemonic word is left to variant-wording", md: "Use Fixated, Obsessive, Unwanted, Recurring (FOUR) to spot stalking.\n"},
		{name: "code is not prose", md: "Search the case system for `SPO` flags.\n"},
		{name: "link text expansion", md: "See the [Domestic Abuse Joint Justice Plan (DA JJP)](dajjp.md). The DA JJP names stalking.\n"},
	})
}

// TestAcronymForms holds each form of expansion the rule recognises to
// unseen paraphrases of its examples: other acronyms, other words, the same
// construction; and the near misses that must still be found.
func TestAcronymForms(t *testing.T) {
	runLexicalCases(t, "acronym-expansion", []lexicalCase{
		// Apposition after the acronym.
		{name: "ACR, an expansion, in lower case", md: "Ask whether the complainant has an IDVA, an independent domestic violence adviser, supporting her. The IDVA may attend court.\n"},
		{name: "ACR, expansion, without an article", md: "Where an SPO, stalking protection order, is in force, breach is an offence.\n"},
		{name: "ACR – expansion –", md: "The CCB – controlling or coercive behaviour – offence carries five years.\n"},
		{name: "ACR: a list with and before its last item", md: "Remember FOUR: fixated, obsessive, unwanted and repeated. FOUR helps officers spot stalking.\n"},
		{name: "ACR, a description, is not an expansion", md: "The victim had an ISAC, a specialist caseworker, throughout the trial.\n", want: []string{"1:19"}, message: "never expanded"},
		// Apposition before the acronym.
		{name: "Expansion, or ACR,", md: "Her Independent Domestic Violence Adviser, or IDVA, attended the hearing. The IDVA spoke to the prosecutor.\n"},
		{name: "Expansion – ACR –", md: "A Stalking Protection Order – SPO – can be sought at any time.\n"},
		{name: "Expansion, known as the ACR", md: "The Domestic Abuse Joint Justice Plan, known as the DA JJP, sets out joint working.\n"},
		{name: "Expansion or ACR", md: "Police can seek a Stalking Protection Order or SPO without a prosecution.\n"},
		{name: "an admitted expansion, or ACR", md: "An Independent Domestic Abuse Advocate, or IDVA, may attend.\n"},
		{name: "other words, or ACR, are not an expansion", md: "Her support worker, or IDVA, attended the hearing.\n", want: []string{"1:24"}},
		// Bulleted acrostics.
		{name: "an acrostic with longer items", md: "The FOUR mnemonic helps officers:\n\n* Fixated on the victim\n* Obsessive in contact\n* Unwanted by the victim\n* Repeated over time\n\nFOUR is a recognition aid.\n"},
		{name: "an acrostic with letters before the words", md: "## The FOUR mnemonic\n\n- F: Fixated\n- O: Obsessive\n- U: Unwanted\n- R: Repeated\n"},
		{name: "an acrostic under its heading after a lead-in", md: "## FOUR\n\nOfficers look for behaviour that is:\n\n1. fixated\n2. obsessive\n3. unwanted\n4. repeated\n"},
		{name: "an acrostic named after it", md: "- Fixated\n- Obsessive\n- Unwanted\n- Repeated\n\nTogether these make up FOUR.\n"},
		{name: "an acrostic followed by one more item", md: "Officers remember FOUR:\n\n- Fixated\n- Obsessive\n- Unwanted\n- Repeated\n- and escalating, in many cases\n"},
		{name: "an acrostic with a word changed", md: "FOUR stands for:\n\n- Fixated\n- Obsessive\n- Unsolicited\n- Repeated\n", want: []string{"5:3"}, message: `"Fixated, Obsessive, Unsolicited, Repeated"`, suggestion: "Fixated, Obsessive, Unwanted, Repeated"},
		{name: "a list not named as the acronym", md: "Look for these signs:\n\n- Fixated\n- Obsessive\n- Unwanted\n- Repeated\n\nThey often come together.\n\nLater, FOUR is mentioned.\n", want: []string{"10:8"}},
		{name: "a longer list is not an acrostic by its letters alone", md: "Officers remember FOUR:\n\n- Frightening\n- Overbearing\n- Upsetting\n- Relentless\n- Escalating\n", want: []string{"1:19"}},
		// A qualifier or a longer official name before the parenthesis.
		{name: "a qualifier after the expansion", md: "The Independent Stalking Advocacy Caseworker service (ISAC) is funded locally.\n"},
		{name: "a two-word qualifier", md: "Each Stalking Protection Order application form (SPO) must be signed.\n"},
		{name: "an Act as amended", md: "The Protection from Harassment Act 1997 as amended (PHA) created both offences.\n"},
		{name: "a longer official name", md: "The National Independent Stalking Advocacy Caseworker Programme (ISAC) trains advocates.\n"},
		{name: "or ACR in the parenthesis", md: "A Stalking Protection Order (or SPO) lasts at least two years.\n"},
		{name: "a wrong name with a qualifier is still wrong", md: "The Independent Stalking Advocate Caseworker service (ISAC) is funded locally.\n", want: []string{"1:5"}},
		// Lower case.
		{name: "a lower-case expansion", md: "An independent stalking advocacy caseworker (ISAC) can help. The ISAC keeps notes.\n"},
		{name: "a lower-case acronym-first expansion", md: "An IDVA (independent domestic violence adviser) can help.\n"},
		// Wrong expansions whose initials no longer spell the acronym, and
		// other names that are not expansions of it.
		{name: "last word substituted", md: "The court made a Stalking Protection Notice (SPO) last week.\n", want: []string{"1:18"}, message: `"Stalking Protection Notice"`},
		{name: "a plan with a substituted word", md: "The Domestic Abuse Joint Justice Strategy (DA JJP) was agreed.\n", want: []string{"1:5"}},
		{name: "a word inserted, initials spelling more", md: "An Independent Stalking Victim Advocacy Caseworker (ISAC) can help.\n", want: []string{"1:4"}},
		{name: "another name with the same letters", md: "The Independent Sector Advisory Committee (ISAC) met in May. The ISAC advised the board.\n"},
		{name: "another office with the same letters", md: "Send the file to the Senior Prosecution Official (SPO), who signs it off.\n"},
		{name: "an unrelated phrase is a bare use, not a wrong expansion", md: "Ask the court's listing office (SPO) for a date.\n", want: []string{"1:33"}, message: "never expanded"},
		// Contents lists and headings.
		{name: "a numbered contents list", md: "1. [Who an ISAC is](#who-an-isac-is)\n2. [Working with them](#working-with-them)\n\n## Who an ISAC is\n\nAn Independent Stalking Advocacy Caseworker (ISAC) supports victims.\n"},
		{name: "a contents line of links", md: "[Charging CCB](#charging-ccb) | [Sentence](#sentence)\n\n## Charging CCB\n\nControlling or coercive behaviour (CCB) is an offence.\n"},
		{name: "a link in prose is a use", md: "See [applying for an SPO](#applying) below. A Stalking Protection Order (SPO) lasts two years.\n", want: []string{"1:22"}},
		{name: "a heading and a subheading, then the expansion", md: "## IDVAs\n\n### Their role\n\nAn Independent Domestic Violence Adviser (IDVA) supports victims at high risk.\n"},
		{name: "a heading expanded below, then a bare use before the expansion", md: "## The SPO\n\nThe SPO is civil. A Stalking Protection Order (SPO) lasts two years.\n", want: []string{"3:5"}, message: "before it is expanded"},
		{name: "a heading whose section never expands it", md: "## Supporting the ISAC\n\nKeep the advocate informed.\n\n## Roles\n\nAn Independent Stalking Advocacy Caseworker (ISAC) supports victims.\n", want: []string{"1:19"}},
		{name: "a heading followed by a same-level heading", md: "## IDVAs\n\n## Roles\n\nAn Independent Domestic Violence Adviser (IDVA) supports victims.\n", want: []string{"1:4"}},
		// Glossary tables, definition lists and FAQ questions.
		{name: "a table row, acronym second", md: "| Role | Short form |\n|---|---|\n| Independent Domestic Violence Adviser | IDVA |\n\nThe IDVA attends MARAC.\n"},
		{name: "a table row with an article and an admitted form", md: "| Short form | Meaning |\n|---|---|\n| IDVA | an Independent Domestic Abuse Advocate |\n"},
		{name: "a definition list", md: "CCB\n: controlling or coercive behaviour, an offence under s.76 of the Serious Crime Act 2015.\n"},
		{name: "a table cell with other words is a use", md: "| Short form | Meaning |\n|---|---|\n| SPO | a civil order made on application by the police |\n", want: []string{"3:3"}},
		{name: "a table cell with more than the acronym is a use", md: "| Order | Made by |\n|---|---|\n| SPO or restraining order | Stalking Protection Order: magistrates |\n", want: []string{"3:3"}},
		{name: "an FAQ question", md: "Can the victim ask for an SPO?\n\nNo. A Stalking Protection Order (SPO) is applied for by the police.\n"},
		{name: "a question followed by prose without the expansion", md: "Can the victim ask for an SPO?\n\nNo, only the police can apply.\n", want: []string{"1:27"}},
		{name: "a question inside a longer paragraph is a use", md: "Can the victim ask for an SPO? No. A Stalking Protection Order (SPO) is applied for by the police.\n", want: []string{"1:27"}},
		// Admitted expansions.
		{name: "admitted: advocate", md: "An Independent Domestic Violence Advocate (IDVA) supports victims at high risk.\n"},
		{name: "admitted: abuse advocate, acronym first", md: "An IDVA (Independent Domestic Abuse Advocate) supports victims at high risk.\n"},
		{name: "admitted: stands for", md: "IDVA stands for Independent Domestic Abuse Adviser. An IDVA supports victims.\n"},
		{name: "not admitted: a third change", md: "An Independent Domestic Abuse Assistant (IDVA) supports victims.\n", want: []string{"1:4"}},
	})
}

// TestAcronymSeverity holds the severity and confidence each kind of
// finding carries.
func TestAcronymSeverity(t *testing.T) {
	g := testload.Glossary(t)
	r := Lookup("acronym-expansion")
	for _, c := range []struct {
		name, md   string
		severity   Severity
		confidence float64
	}{
		{"two words differ", "An Independent Stalking Support Worker (ISAC) was assigned.\n", Warning, 0.8},
		{"too few shared words is no expansion", "A Stalking Prohibition Notice (SPO) was made.\n", Warning, 0.6},
		{"one word differs", "A Stalking Protection Notice (SPO) was made.\n", Warning, 0.6},
		{"only a small word differs", "The Protection for Harassment Act 1997 (PHA 1997) created the offences.\n", Warning, 0.5},
		// "Controlling and coercive behaviour (CCB)" is variant-wording's: "and" for the "or" of the offence.
		{"lower-case words before a name's acronym", "A protection order against stalking (SPO) was made.\n", Warning, 0.5},
		{"used before it is expanded", "An SPO was made. A Stalking Protection Order (SPO) lasts two years.\n", Warning, 0.6},
		{"never expanded", "An SPO was made.\n", Warning, 0.6},
		{"never expanded, the page links to a glossary", "An SPO was made. Terms are explained in the [glossary](../glossary/index.md).\n", Info, 0.4},
		{"used before expansion, the page links to a glossary", "An SPO was made. A Stalking Protection Order (SPO) lasts. See the [glossary](glossary.md).\n", Warning, 0.6},
	} {
		t.Run(c.name, func(t *testing.T) {
			fs, err := RunExample(g, r, Example{Markdown: c.md})
			if err != nil {
				t.Fatal(err)
			}
			var got []*Finding
			for _, f := range fs {
				if f.Rule == r.ID {
					got = append(got, f)
				}
			}
			if len(got) != 1 {
				t.Fatalf("%s: %d findings, want 1", c.md, len(got))
			}
			if got[0].Severity != c.severity || got[0].Confidence != c.confidence {
				t.Errorf("%s: %s %.2f, want %s %.2f (%s)", c.md, got[0].Severity, got[0].Confidence, c.severity, c.confidence, got[0].Message)
			}
		})
	}
}

// TestAcronymAmpersand: an expansion with "and" written with "&". No
// bundled acronym's expansion has "and", so the glossary is made here.
func TestAcronymAmpersand(t *testing.T) {
	g, err := glossary.Load(fstest.MapFS{
		"g/crime-and-disorder-act-1998.yaml": {Data: []byte(`id: crime-and-disorder-act-1998
term: Crime and Disorder Act 1998
definition: "The Act that creates the racially or religiously aggravated offences."
summary: "An Act."
sources:
  - document: "legislation.gov.uk"
acronym: CDA
expansion: Crime and Disorder Act 1998
`)},
	}, "g", "g")
	if err != nil {
		t.Fatal(err)
	}
	r := Lookup("acronym-expansion")
	for _, c := range []struct {
		md   string
		want int
	}{
		{"The Crime & Disorder Act 1998 (CDA) creates aggravated offences. The CDA also created ASBOs.\n", 0},
		{"Under the Crime & Disorder Act (CDA 1998) some offences are aggravated.\n", 0},
		{"The CDA (Crime & Disorder Act 1998) creates aggravated offences.\n", 0},
		{"The Crime &amp; Disorder Act 1998, or CDA, creates aggravated offences.\n", 0},
		{"The Crime & Public Order Act (CDA) is not the right name.\n", 1},
	} {
		fs, err := RunExample(g, r, Example{Markdown: c.md})
		if err != nil {
			t.Fatal(err)
		}
		if len(fs) != c.want {
			t.Errorf("%s: %d findings, want %d", c.md, len(fs), c.want)
			for _, f := range fs {
				t.Logf("  %d:%d %s", f.Line, f.Column, f.Message)
			}
		}
	}
}
