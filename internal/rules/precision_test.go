package rules

import (
	"strings"
	"testing"
)

// TestPrecisionMechanisms holds the general mechanisms that keep rules quiet
// on wording real publishers write correctly, and loud on the defects next
// to them. Every case here is an unseen paraphrase of a rule example or of
// a mechanism's comment: different words, the same construction.
func TestPrecisionMechanisms(t *testing.T) {
	for _, c := range []struct {
		name  string
		rule  string
		md    string
		more  []string
		found bool
	}{
		// Readings: lead-ins, scope notes, partial descriptions.
		{"a lead-in ending in a colon", "definition-drift",
			"Stalking is defined in the Act in these terms:\n\n> a course of conduct that amounts to harassment, where the acts or omissions are associated with stalking\n", nil, false},
		{"a scope note", "definition-drift",
			"Throughout this leaflet the word harassment is taken to include the offences in sections 2 and 4.\n", nil, false},
		{"a scope note, shorthand", "missing-element",
			"Stalking is used here as shorthand for the offences in sections 2A and 4A.\n", nil, false},
		{"a partial description: who may apply", "definition-drift",
			"A Stalking Protection Order is a civil order that a chief constable may seek.\n", nil, false},
		{"an informal description marked as such", "missing-element",
			"In plain English, stalking is when someone keeps turning up where you are.\n", nil, false},
		{"a drifted definition is still found", "definition-drift",
			"Stalking means unwanted attention online that makes somebody uncomfortable.\n", nil, true},

		{"a numbered paragraph of statutory guidance", "excluded-element",
			"4.2 Controlling or coercive behaviour is repeated behaviour towards a spouse the abuser lives with, with a serious effect on them.\n", nil, true},
		{"an aside between the subject and its verb", "missing-element",
			"Stalking, for the purposes of this part of the Act, means harassing a person by following them.\n", nil, true},

		{"an adjectival predicate naming two elements", "missing-element",
			"Stalking is obsessive and unwelcome attention, such as watching a person or persistently messaging them.\n", nil, true},
		{"an adjectival predicate that only comments", "missing-element",
			"Stalking is frightening and isolating for victims.\n", nil, false},

		// Under a "What is X?" heading.
		{"the answer points elsewhere", "missing-element",
			"## What is stalking?\n\nThere is no single everyday meaning; the law sets out a test, explained below.\n", nil, false},
		{"the answer only classifies", "missing-element",
			"## What is stalking?\n\nStalking is an offence. Since late 2012 the Act has named it.\n", nil, false},
		{"the answer is a noun phrase", "missing-element",
			"## What is coercive control?\n\nConduct that dominates a partner and harms them badly.\n", nil, true},
		{"the answer starts with It", "definition-drift",
			"## What is a Stalking Protection Order?\n\nIt is a punishment the Crown Court adds to a prison term.\n", nil, true},

		// Glossary-style entries: a heading that is only the term, and
		// "Term: gloss" list items.
		{"a glossary page's entry under the term's heading", "missing-element",
			"---\ntitle: Jargon buster\n---\n\n### Stalking\n\nPersistent unwelcome interest that leaves a person uneasy.\n", nil, true},
		{"prose under a term heading on a glossary page", "missing-element",
			"---\ntitle: Jargon buster\n---\n\n### Stalking\n\nThe police can help. Call 101 to report it.\n", nil, false},
		{"a clause under a term heading", "definition-drift",
			"---\ntitle: Jargon buster\n---\n\n### Restraining order\n\nA judge can add one when sentencing.\n", nil, false},
		{"a key-terms bullet", "missing-element",
			"Words we use:\n\n- **Stalking**: watching or following a person.\n", nil, true},
		{"a list of abbreviations", "definition-drift",
			"Notes:\n\n- ISAC – Independent Stalking Advocacy Caseworker.\n", nil, false},
		{"a list of services with when to use them", "definition-drift",
			"- **Independent Stalking Advocacy Caseworkers (ISACs)**: if the risk to you is high\n", nil, false},

		// Claims about a term besides definitions.
		{"a requirement statement", "excluded-element",
			"Under section 2A a conviction for stalking requires evidence that the victim was frightened.\n", nil, true},
		{"a requirement list after a lead-in", "excluded-element",
			"To convict of stalking, the prosecution must prove:\n\n- conduct on two or more occasions;\n- that the victim was afraid.\n", nil, true},
		{"a heading with a claim after its colon", "excluded-element",
			"## Stalking: one kind of harassment\n\nThe offences are in the 1997 Act.\n", nil, true},
		{"an aside after the term", "excluded-element",
			"Stalking, a serious form of harassment, is increasing.\n", nil, true},
		{"a negated requirement", "excluded-element",
			"A stalking conviction does not require that the victim was frightened.\n", nil, false},
		{"a requirement of the s.4A offence named as such", "excluded-element",
			"Stalking under section 4A requires that the victim feared violence on at least two occasions.\n", nil, false},

		// Excluded elements: alternatives, modality, continuing sentences.
		{"fear as one alternative among others", "excluded-element",
			"Stalking is repeated conduct, associated with stalking, that leaves a person harassed, distressed or frightened.\n", nil, false},
		{"fear as one alternative, with 'to'", "excluded-element",
			"Stalking is repeated conduct that makes you feel alarmed or distressed or to fear violence.\n", nil, false},
		{"fear after a modal", "excluded-element",
			"Stalking is a course of conduct amounting to harassment, involving following or watching, which might make the victim afraid.\n", nil, false},
		{"fear or alarm, both excluded, is still found", "excluded-element",
			"Stalking is a course of conduct amounting to harassment that makes the victim scared or alarmed.\n", nil, true},
		{"a condition in the next sentence", "excluded-element",
			"Controlling or coercive behaviour is repeated behaviour towards a partner that has a serious effect on them. It applies only where the two cohabit.\n", nil, true},

		// Another jurisdiction's or another date's law.
		{"a sentence about Scots law", "excluded-element",
			"In Scotland, stalking is a course of conduct which causes the victim fear or alarm.\n", nil, false},
		{"a section about Northern Ireland", "excluded-element",
			"## The law in Northern Ireland\n\nStalking is a course of conduct that puts the victim in fear of violence.\n", nil, false},
		{"a page published by Police Scotland", "excluded-element",
			"---\ntitle: Stalking\npublisher: Police Scotland\n---\n\nStalking is a course of conduct that causes fear or alarm.\n", nil, false},
		{"Scots law named in the sentence", "excluded-element",
			"Under Scots law stalking is conduct that causes the victim fear or alarm.\n", nil, false},
		{"a page dated before the offence existed", "excluded-element",
			"---\ntitle: Old guidance\nupdated: 2011-05-01\n---\n\nStalking is a kind of harassment, often with an obsessive element.\n", nil, false},
		{"the same page undated is still found", "excluded-element",
			"Stalking is a kind of harassment, often with an obsessive element.\n", nil, true},

		// A public page that keeps every limb in plain words.
		{"a public page's plain account of harassment", "definition-drift",
			"## What is harassment?\n\nHarassment is when a person repeatedly does things to you that leave you alarmed or distressed. Tell us if this happens to you; your call will be taken seriously by you and us alike.\n", nil, false},
		{"a public page that drops a limb is still found", "missing-element",
			"## What is harassment?\n\nHarassment is when a person does something that leaves you alarmed or distressed. Tell us if this happens to you; your call will be taken seriously by you and us alike.\n", nil, true},

		// Terms with no required elements: accurate glosses pass.
		{"a short accurate gloss of a role", "definition-drift",
			"| Term | Meaning |\n|---|---|\n| ISAC | A caseworker who supports stalking victims through the justice process. |\n", nil, false},

		// Acronyms expanded in the same sentence or under their own heading.
		{"acronym glossed with 'that is'", "acronym-expansion",
			"Ask whether an ISAC (in other words an Independent Stalking Advocacy Caseworker) is free.\n", nil, false},
		{"acronym spelt out as a question", "acronym-expansion",
			"Officers ask the FOUR question: was the conduct Fixated, Obsessive, Unwanted, Repeated?\n", nil, false},
		{"a glossary entry headed by the acronym", "acronym-expansion",
			"## ISAC\n\nAbbreviation of Independent Stalking Advocacy Caseworker, a specialist for high-risk victims.\n", nil, false},
		{"a spelling variant in an expansion", "acronym-expansion",
			"Ask whether an Independent Domestic Violence Advisor (IDVA) is involved.\n", nil, false},
		{"an acronym with no expansion nearby is still found", "acronym-expansion",
			"You may be offered an ISAC to help you through the case.\n", nil, true},

		{"an element inside a quotation over two sentences", "excluded-element",
			"## What is stalking?\n\nThere is no single definition, but one charity puts it like this: ‘behaviour that is fixated and obsessive. It is stalking that makes the victim afraid.’\n", nil, false},
		{"an element after a closed quotation is still found", "excluded-element",
			"The charity calls it ‘fixated behaviour’. Stalking is a course of conduct amounting to harassment that leaves the victim afraid.\n", nil, true},

		// Small constructions.
		{"a table of abbreviations", "definition-drift",
			"| Short form | Meaning |\n|---|---|\n| SPO | Stalking Protection Order |\n| ISAC | Independent Stalking Advocacy Caseworker |\n", nil, false},
		{"a phrase across a comma is two phrases", "deprecated-term",
			"On conviction for stalking, orders to protect the victim are common.\n", nil, false},
		{"a question whether an offence exists", "deprecated-term",
			"## Are there any offences of aggravated stalking?\n\nNone: the graver offence is s.4A.\n", nil, false},
		{"a line in capitals holds no acronym", "acronym-expansion",
			"## FOUR THINGS TO DO TODAY\n\nKeep a diary.\n", nil, false},
		{"harassing explained by s.7(2)", "excluded-element",
			"Stalking is a course of conduct, involving acts associated with stalking, that amounts to harassment (harassing someone includes alarming them: s.7(2)).\n", nil, false},
		{"an archived page restates the law of its day", "excluded-element",
			"---\ntitle: Coercive control (archived)\nupdated: 2019-01-01\n---\n\nControlling or coercive behaviour is repeated behaviour towards a partner the abuser lives with, with a serious effect on them.\n", nil, false},

		// Tables that state the law of a past period.
		{"a table introduced as the law before a change", "penalty-mismatch",
			"The maxima that applied to offences committed prior to April 2017:\n\n| Offence | Maximum |\n|---|---|\n| Stalking involving fear of violence (s.4A) | five years |\n", nil, false},
		{"a table under a heading about the law then", "penalty-mismatch",
			"## Sentencing at the time\n\n| Offence | Maximum |\n|---|---|\n| Stalking involving fear of violence (s.4A) | five years |\n", nil, false},
		{"the same table as current law is still found", "penalty-mismatch",
			"The maxima are:\n\n| Offence | Maximum |\n|---|---|\n| Stalking involving fear of violence (s.4A) | five years |\n", nil, true},

		// Breach context is not read into an Act's name.
		{"a charge under the Stalking Protection Act is not a charge of stalking", "breach-context",
			"Where the respondent breaches a Stalking Protection Order, the police arrest him and the breach is prosecuted under section 8 of the Stalking Protection Act 2019.\n", nil, true},
		{"context in the sentence's own words", "breach-context",
			"Where the respondent breaches a Stalking Protection Order, charge any new stalking as well as the breach under section 8 of the Stalking Protection Act 2019.\n", nil, false},

		{"a table with a column per court", "penalty-mismatch",
			"| Offence | Magistrates | Crown Court |\n|---|---|---|\n| Stalking involving fear of violence (s.4A) | the general limit | 5 years |\n", nil, true},
		{"a table with a column per court, right", "penalty-mismatch",
			"| Offence | Magistrates | Crown Court |\n|---|---|---|\n| Stalking involving fear of violence (s.4A) | the general limit | 10 years |\n", nil, false},

		{"a definition list's term binds its description's figure", "penalty-mismatch",
			"**Stalking involving fear of violence**\n: The more serious stalking offence, with a maximum of three years' imprisonment.\n", nil, true},

		{"a prosecutors' FAQ in the first person that treats a breach as proof only", "breach-context",
			"### Do we charge if she agreed to meet him?\n\nYes. The person protected by a restraining order cannot consent to its breach, so agreement is no reasonable excuse.\n", nil, true},

		{"'before the courts' is a place, not a time", "penalty-mismatch",
			"---\ntitle: News\nupdated: 2024-06-01\n---\n\nStalking involving fear of violence carries a maximum of five years' imprisonment, and more suspects will appear before the magistrates.\n", nil, true},
		{"'before April 2017' is a time", "penalty-mismatch",
			"Stalking involving fear of violence carried up to five years in prison for offences committed before April 2017.\n", nil, false},

		{"a failure to comply with an order framed as a matter apart", "breach-context",
			"**Non-compliance**\n: Failing to comply with a Stalking Protection Order. Prosecutors deal with it as a self-contained matter, apart from the original proceedings.\n", nil, true},
		{"sentencing a breach is handling it", "breach-context",
			"## Sentence\n\nWhen a defendant admits breach of a restraining order, prosecutors should expect the court to sentence at once.\n", nil, true},

		// Deprecated claims reported or told as history.
		{"a wrong claim reported as what victims are told", "deprecated-term",
			"Several victims said they had been told that there is no offence of stalking at all; they were misled.\n", nil, false},
		{"a wrong claim as past law", "deprecated-term",
			"Until the Protection of Freedoms Act took effect there was no offence of stalking in England.\n", nil, false},
		{"the wrong claim in the page's own voice", "deprecated-term",
			"In England there is no offence of stalking, so charge harassment.\n", nil, true},

		// Citations of the power a document is issued under.
		{"guidance issued under another section of the Act", "citation-mismatch",
			"This code of practice on Stalking Protection Orders is published under section 12 of the Stalking Protection Act 2019.\n", nil, false},
		{"a wrong section for the order itself is still found", "citation-mismatch",
			"A Stalking Protection Order is made under section 12 of the Stalking Protection Act 2019.\n", nil, true},

		{"a citation of the defences for an offence", "citation-mismatch",
			"The defences available for stalking in section 1(3) of the Protection from Harassment Act 1997 include preventing crime.\n", nil, false},
		{"a glossary gloss ending in its term's own provision", "citation-mismatch",
			"### Stalking\n\nA course of conduct amounting to harassment, involving acts associated with stalking (section 2A of the Protection from Harassment Act 1997).\n", nil, false},
		{"a bracketed citation cites what comes before it", "citation-mismatch",
			"It must amount to harassment (section 2) or fear of violence (section 4) or stalking (section 4A).\n", nil, false},
		// A maximum as a superlative; a pronoun subject's figure.
		{"the most a court may hand down", "penalty-mismatch",
			"Harassment under section 2 is tried by magistrates, and the most they may hand down is two years' custody.\n", nil, true},
		{"the most a court can give, right", "penalty-mismatch",
			"Stalking under section 2A is summary only; the most the court could give is six months' imprisonment.\n", nil, false},
		{"the most serious offence is an adjective, not a maximum", "penalty-mismatch",
			"The most serious stalking can lead to a sentence of four years.\n", nil, false},
		{"a pronoun subject takes the entry's offence, not one named after the figure", "penalty-mismatch",
			"**Breach of a Stalking Protection Order**\n: It can be tried in either court, carries up to two years in prison, and often forms part of the stalking.\n", nil, true},
		{"a pronoun subject with the right figure", "penalty-mismatch",
			"**Breach of a Stalking Protection Order**\n: It can be tried in either court, carries up to five years in prison, and often forms part of the stalking.\n", nil, false},

		// "X is an offence under ...": the subject's provision, however
		// far, and even in another Act.
		{"a long subject framed as an offence under another Act", "citation-mismatch",
			"Yes. Coercive control of a spouse, a former partner or a relative living with them is an offence under section 76 of the Domestic Abuse Act 2021.\n", nil, true},
		{"a breach framed as an offence under the wrong Act", "citation-mismatch",
			"Breaching an SPO without a reasonable excuse is an offence under section 5 of the Protection from Harassment Act 1997.\n", nil, true},
		{"a breach framed as an offence under its own Act", "citation-mismatch",
			"Breaching an SPO without a reasonable excuse is an offence under section 8 of the Stalking Protection Act 2019.\n", nil, false},
		{"another Act named for a power, not the offence", "citation-mismatch",
			"A spouse or a former partner who is controlled may seek a protection notice under section 24 of the Crime and Security Act 2010.\n", nil, false},

		{"a citation after 'alongside' belongs to the second thing", "citation-mismatch",
			"- consider charging harassment alongside the offence under section 363 of the Sentencing Act 2020.\n", nil, false},
		{"a citation after 'as well as' belongs to the second thing", "citation-mismatch",
			"Prosecutors may charge stalking as well as the offence in section 5A of the Protection from Harassment Act 1997.\n", nil, false},
		{"a question requires nothing", "excluded-element",
			"### Must a victim be scared before it counts as stalking?\n\nNo: the offence in section 2A does not need fear.\n", nil, false},
		{"a question in a paragraph requires nothing", "excluded-element",
			"Do victims have to be afraid for the conduct to be stalking? The short answer is no.\n", nil, false},
		{"a requirement claimed outright is still found", "excluded-element",
			"For stalking, the prosecution has to prove that the victim was afraid.\n", nil, true},

		{"a wrong section for the offence is still found", "citation-mismatch",
			"Stalking is an offence under section 3 of the Protection from Harassment Act 1997.\n", nil, true},

		// Mnemonics: written as a list, or ordinary adjectives.
		{"the mnemonic with and before its last word", "variant-wording",
			"Advocates teach the FOUR prompts: Fixated, Obsessive, Unwanted and Repeated.\n", nil, false},
		{"lower-case adjectives in running text", "variant-wording",
			"His calls were fixated, obsessive, unwanted and frightening to her.\n", nil, false},
		{"a changed word beside the acronym is still found", "variant-wording",
			"Advocates teach FOUR: Fixated, Obsessive, Unwanted, Relentless.\n", nil, true},

		{"and for or in prose about behaviour", "variant-wording",
			"Abusers often rely on controlling and coercive tactics rather than fists.\n", nil, false},
		{"and for or naming the offence is still found", "variant-wording",
			"He was charged with controlling and coercive behaviour under the 2015 Act.\n", nil, true},

		// Across documents: spellings of one name are one name.
		{"Her and His Majesty's name one body", "inconsistent-description",
			"The report by His Majesty's Inspectorate of Probation Services (HMIPS) found gaps.\n",
			[]string{"Her Majesty's Inspectorate of Probation Services (HMIPS) reported in 2019.\n"}, false},
		{"HM for His Majesty's names one body", "inconsistent-description",
			"The report by HM Inspectorate of Probation Services (HMIPS) found gaps.\n",
			[]string{"His Majesty's Inspectorate of Probation Services (HMIPS) reported in 2023.\n"}, false},
		{"another body's acronym ends a loose expansion", "inconsistent-description",
			"In 2019, NPS and HM Inspectorate of Probation Services (HMIPS) reported.\n",
			[]string{"His Majesty's Inspectorate of Probation Services (HMIPS) reported in 2023.\n"}, false},
		{"& and and name one body", "inconsistent-description",
			"The Fire & Rescue Liaison Office (FRLO) was told.\n",
			[]string{"The Fire and Rescue Liaison Office (FRLO) agreed.\n"}, false},
		{"an expansion whose initials do not spell the acronym", "inconsistent-description",
			"Ask for the Witness Impact Form (WCF) before the hearing.\n",
			[]string{"Ask for the Witness Care Form (WCF) early.\n", "The Witness Care Form (WCF) records needs.\n"}, true},
		{"one loose expansion used alike everywhere", "inconsistent-description",
			"The Police and Criminal Evidence Act (PACEA) applies.\n",
			[]string{"Under the Police and Criminal Evidence Act (PACEA), officers must caution.\n"}, false},
		{"a different word is still a different name", "inconsistent-description",
			"The Office of Police Conduct Review (OPCR) was told.\n",
			[]string{"The Office for Police Complaints Review (OPCR) agreed.\n"}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			keys, fs := findings(t, c.rule, c.md, c.more...)
			if got := len(keys) > 0; got != c.found {
				var msgs []string
				for _, f := range fs {
					msgs = append(msgs, f.Rule+": "+f.Message)
				}
				t.Errorf("%s found = %v, want %v\n%s", c.rule, got, c.found, strings.Join(msgs, "\n"))
			}
		})
	}
}

// TestParaphrasesOption holds the option that lets paraphrases pass: off,
// every restatement is held to the threshold, as a team that wants the
// glossary's exact words asks. A paraphrase must still be as close as
// loose-threshold, so raising it reports this one again.
func TestParaphrasesOption(t *testing.T) {
	md := "Stalking is a pattern of behaviour amounting to harassment, where the acts involved are associated with stalking and the perpetrator knows or should know it is harassment.\n"
	for _, c := range []struct {
		on, loose float64
		want      int
	}{{1, looseThreshold, 0}, {0, looseThreshold, 1}, {1, 0.99, 1}} {
		fs := runWith(t, "definition-drift", map[string]float64{"paraphrases": c.on, "threshold": driftThreshold, "loose-threshold": c.loose}, md)
		if len(fs) != c.want {
			t.Errorf("paraphrases: %v, loose-threshold: %v: %d findings, want %d", c.on, c.loose, len(fs), c.want)
		}
	}
}
