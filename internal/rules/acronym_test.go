package rules

import "testing"

func BenchmarkAcronymExpansion(b *testing.B) { benchRule(b, "acronym-expansion") }

func TestAcronymExpansion(t *testing.T) {
	runLexicalCases(t, "acronym-expansion", []lexicalCase{
		{
			name:       "Words (ACR), wrong words",
			md:         "Victims may be supported by an Independent Domestic Violence Advocate (IDVA).\n",
			want:       []string{"1:32"},
			suggestion: "Independent Domestic Violence Adviser",
			message:    `expanded here as "Independent Domestic Violence Advocate"`,
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
			name: "a plural first use in a heading",
			md:   "## Applying for SPOs\n\nPolice apply for Stalking Protection Orders (SPOs).\n",
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
