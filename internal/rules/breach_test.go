package rules

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/source"
	"github.com/concord-guidance/concord/internal/testload"
)

// Helpers shared by the breach-context, acronym-expansion and
// variant-wording tests.

// lexicalCase is one table test: a snippet and the findings it must give,
// as "line:col", with optional text the first finding's suggestion or
// message must contain.
type lexicalCase struct {
	name       string
	md         string
	want       []string
	suggestion string
	message    string
}

func runLexicalCases(t *testing.T, id string, cases []lexicalCase) {
	t.Helper()
	g := testload.Glossary(t)
	r := Lookup(id)
	if r == nil {
		t.Fatalf("rule %s not registered", id)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs, err := RunExample(g, r, Example{Markdown: c.md})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range fs {
				if f.Rule == id {
					got = append(got, fmt.Sprintf("%d:%d", f.Line, f.Column))
				}
			}
			want := slices.Clone(c.want)
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s\n got %q\nwant %q", c.md, got, want)
				for _, f := range fs {
					t.Logf("  %d:%d %s (suggest %q)", f.Line, f.Column, f.Message, f.Suggestion)
				}
				return
			}
			if len(fs) > 0 && c.suggestion != "" && fs[0].Suggestion != c.suggestion {
				t.Errorf("suggestion %q, want %q", fs[0].Suggestion, c.suggestion)
			}
			if len(fs) > 0 && c.message != "" && !strings.Contains(fs[0].Message, c.message) {
				t.Errorf("message %q does not contain %q", fs[0].Message, c.message)
			}
		})
	}
}

// benchParagraphs are real-looking guidance paragraphs, some right and some
// with the slips the lexical rules look for.
var benchParagraphs = []string{
	"The Domestic Abuse Joint Justice Plan (DA JJP) treats stalking as high-risk, high-harm repeat offending.",
	"Police may apply for a Stalking Protection Order (SPO) under s.1 of the Stalking Protection Act 2019. An SPO lasts for at least two years.",
	"Where the defendant breached the restraining order, the case is listed at the first available hearing in the magistrates' court.",
	"A breach of a restraining order may be further stalking, part of a wider course of conduct or a sign of escalating risk, and new offences should be charged in addition to the breach.",
	"An Independent Stalking Advocacy Caseworker (ISAC) or an Independent Domestic Violence Adviser (IDVA) can help with safety planning.",
	"Police and advocates use the recognition aid Fixated, Obsessive, Unwanted, Repeated (FOUR). FOUR is not a legal test.",
	"Under s.2A PHA 1997 stalking is summary only; the offence under s.4A of the Protection from Harassment Act 1997 (PHA 1997) is triable either way.",
	"Harrasment carried out online can cause as much distress as conduct in person, and a Stalking Protecton Order may be needed.",
	"Stalking is a course of conduct that amounts to harassment of another person, where the acts or omissions involved are ones associated with stalking.",
	"Controlling or coercive behaviour (CCB) is an offence under s.76 of the Serious Crime Act 2015. Coercive or controlling behaviour often overlaps with stalking.",
	"A defendant who breaches bail conditions may be arrested, and conduct amounting to a breach of the peace can be dealt with by binding over.",
	"The talking stopped and the case stalled, to the embarrassment of everyone involved; the protection of orders already in force mattered more.",
}

// benchDocument is a document of n paragraphs under a heading every three.
func benchDocument(tb testing.TB, n int) *corpus.Document {
	tb.Helper()
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i%3 == 0 {
			fmt.Fprintf(&b, "## Section %d\n\n", i/3+1)
		}
		b.WriteString(benchParagraphs[i%len(benchParagraphs)])
		b.WriteString("\n\n")
	}
	f, err := source.New("bench.md", []byte(b.String()))
	if err != nil {
		tb.Fatal(err)
	}
	d, err := corpus.Parse(f, "bench.md")
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// benchRule times one rule's Check on a document whose shared facts are
// already computed, so it measures the rule and not the analysis.
func benchRule(b *testing.B, id string) {
	g := testload.Glossary(b)
	d := benchDocument(b, 400)
	r := Lookup(id)
	facts := &factStore{m: map[*corpus.Document]*DocFacts{}}
	p := &Pass{Rule: r, Glossary: g, Doc: d, view: newView([]*corpus.Document{d}), facts: facts, settings: RuleSettings{Severity: r.Severity}}
	p.Facts(d)
	r.Check(p)
	if len(p.out) == 0 {
		b.Fatalf("%s found nothing in the benchmark document", id)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p.out, p.budget = p.out[:0], budget{}
		r.Check(p)
	}
}

func BenchmarkBreachContext(b *testing.B) { benchRule(b, "breach-context") }

func TestBreachContext(t *testing.T) {
	runLexicalCases(t, "breach-context", []lexicalCase{
		{
			name:       "breached, no context",
			md:         "## Breach\n\nWhere the defendant breached the restraining order by sending a text message, the police charged the breach and the court fined him.\n",
			want:       []string{"3:21"},
			suggestion: "say whether the breach may be further stalking or part of a course of conduct, whether it signals escalating risk, and whether new offences should be charged in addition to the breach",
			message:    "breach of a restraining order",
		},
		{
			name:    "interim SPO",
			md:      "## Orders\n\nIf a suspect breaches an interim SPO, the police should arrest them.\n",
			want:    []string{"3:14"},
			message: "breach of a Stalking Protection Order",
		},
		{
			name: "disobeyed",
			md:   "## Orders\n\nWhen he disobeyed the Stalking Protection Order, the police arrested him and the CPS charged the breach.\n",
			want: []string{"3:9"},
		},
		{
			name: "contravention of an order on acquittal",
			md:   "Following a contravention of a restraining order on acquittal, prosecutors should charge under s.5A(2D) PHA 1997.\n",
			want: []string{"1:13"},
		},
		{
			name: "failure to comply with an SPO",
			md:   "## Enforcement\n\nOn a failure to comply with an SPO, the police investigate and the CPS decides on charge.\n",
			want: []string{"3:6"},
		},
		{
			name: "context in another H2 does not count for a full discussion",
			md:   "## Breach\n\nWhere the defendant breaches the restraining order, the case is listed for the next day. The prosecutor asks for a remand.\n\n## Risk\n\nBreaches are often a sign of escalating risk.\n",
			want: []string{"3:21"},
		},
		{
			name: "that order, named in an earlier sentence",
			md:   "## Orders\n\nThe magistrates made a Stalking Protection Order. If the suspect fails to comply with that order, the police should arrest them.\n",
			want: []string{"3:66"},
		},
		{
			name: "one finding per section however many mentions",
			md:   "## Orders\n\nWhere a defendant breaches a restraining order, charge the breach. If he breaches it again, arrest him. If he breaches an SPO, the CPS prosecutes.\n",
			want: []string{"3:19"},
		},
		{
			name: "a section headed by the breach",
			md:   "## Breach of a restraining order\n\nThe prosecutor should charge it promptly and ask the court to list it.\n",
			want: []string{"1:4"},
		},
		// Near misses.
		{name: "further stalking", md: "## Breach\n\nThe breach of the restraining order was further stalking.\n"},
		{name: "risk to the victim is increasing", md: "## Breach\n\nWhen he contravened the Stalking Protection Order, the risk to the victim is increasing.\n"},
		{name: "wider pattern", md: "## Breach\n\nEach breach of an SPO should be read as part of a wider pattern.\n"},
		{name: "high-harm, high-risk repeat offending", md: "## Breach\n\nA breached restraining order is a mark of high-harm, high-risk repeat offending.\n"},
		{name: "context in a sub-section", md: "## Orders\n\nWhere the defendant breached the restraining order, charge it.\n\n### Charging\n\nCharge any new offence in addition to the breach.\n"},
		{name: "context in the heading", md: "## Breach and escalation\n\nIf a restraining order is breached, prosecutors charge the breach.\n"},
		{name: "context before the mention", md: "## Orders\n\nOrders protect against escalation.\n\nIf a restraining order is breached, prosecutors charge the breach.\n"},
		{name: "breach of bail", md: "## Bail\n\nA defendant who breaches bail conditions may be arrested without warrant.\n"},
		{name: "breach of the peace", md: "## Public order\n\nA breach of the peace is not an offence.\n"},
		{name: "an order not in the glossary", md: "## Family orders\n\nThe family court made a non-molestation order. Where the defendant breaches the order, the police arrest him.\n"},
		{name: "the order, but named in another section", md: "## Orders\n\nThe court made a restraining order.\n\n## Later\n\nWhere the defendant breaches the order, the police arrest him.\n"},
		{name: "a pointer with a link", md: "## Orders\n\nFor breach of a restraining order, see [breach](breach-of-protective-orders.md).\n"},
		{name: "code is not prose", md: "## CMS\n\nUse the flag `breach restraining order` on the file.\n"},
		{name: "restraining without an order", md: "## Bail\n\nRestraining the defendant by bail conditions may be enough; breach leads to arrest.\n"},
		{name: "a heading and a maximum", md: "## Breach of a restraining order\n\nThe maximum is five years' imprisonment on indictment.\n"},
	})
}

// TestBreachContextNotADiscussion holds unseen paraphrases of the rule's
// examples of what is not a discussion of a breach: statements of the
// offence, labels, reports' findings, narratives and public advice to
// report a breach. None of them says how to read a breach, and none is on
// a prosecutor-facing page (none names prosecutors, the prosecution or the
// CPS), so none is reported, though none gives any context; the same
// statements on a prosecutor-facing page that never gives the context are
// in TestBreachContextRecall.
func TestBreachContextNotADiscussion(t *testing.T) {
	runLexicalCases(t, "breach-context", []lexicalCase{
		// The offence, its section or its maximum.
		{name: "punishable by", md: "## Penalties\n\nContravening an SPO without reasonable excuse is punishable by up to five years in prison.\n"},
		{name: "either-way offence under a section", md: "## The law\n\nUnder section 363 of the Sentencing Act 2020 it is an either-way offence to breach a restraining order.\n"},
		{name: "ancillary orders: breach is an offence", md: "## Ancillary orders\n\nThe court may also impose a restraining order. Failure to comply with the order is a criminal offence.\n"},
		{name: "liable on indictment", md: "## Interim orders\n\nA person who breaches an interim SPO is liable on indictment to imprisonment for up to five years.\n"},
		{name: "can be prosecuted as an offence", md: "## Ancillary orders\n\nOn conviction the court may make a restraining order. Any breach of the order can be prosecuted as a separate offence.\n"},
		{name: "an arrestable offence under a question heading", md: "## Can the police arrest someone who breaches a restraining order?\n\nYes. Breach of a restraining order is an arrestable offence.\n"},
		// Agents are not actions: drafting an order names the police.
		{name: "drafting terms that the police can enforce", md: "## Restraining orders\n\nProsecutors should consider applying for a restraining order. Terms should be drafted so the defendant knows what would amount to a breach, which helps the police to enforce the order and prosecutors to prove it.\n"},
		// Labels.
		{name: "a sentence naming a list of factors", md: "## Aggravating factors\n\nThe list of aggravating factors includes breach of a restraining order.\n"},
		{name: "a guideline's list of the offences it covers", md: "## This guideline covers\n\n- breach of a restraining order (s.363 Sentencing Act 2020)\n- breach of a Stalking Protection Order (s.8 Stalking Protection Act 2019)\n"},
		{name: "a table of offences and maxima", md: "## Maxima\n\n| Offence | Maximum |\n|---|---|\n| Failure to comply with an SPO | 5 years |\n"},
		{name: "a numbered contents list", md: "## On this page\n\n1. [Contravening a restraining order](#contravening)\n2. [Sentencing](#sentencing)\n"},
		{name: "a list of factors increasing seriousness", md: "## Factors increasing seriousness\n\n* offence committed while subject to an SPO and in breach of it\n* use of a weapon\n"},
		// What a report or inspection found.
		{name: "an inspectorate highlighted", md: "## Background\n\nHMICFRS highlighted that failures to comply with Stalking Protection Orders were rarely pursued.\n"},
		{name: "concerns were raised", md: "## Background\n\nConcerns were raised that breaches of restraining orders went unanswered by the police.\n"},
		// A narrative of one case.
		{name: "a press release narrative", md: "## Case\n\nShe was charged with breaching her restraining order and pleaded guilty at the first hearing.\n"},
		// Public advice to report a breach.
		{name: "ring 999", md: "## Getting help\n\nIf your ex-partner breaches the SPO, ring 999 straight away.\n"},
		{name: "report on 101", md: "## Getting help\n\nReport any breach of your restraining order to the police on 101.\n"},
		{name: "a public page: call 999, tell the police", md: "## Your safety\n\nIf they breach the restraining order, you should tell the police straight away.\n"},
		{name: "contact the police after a comma", md: "## Getting help\n\nWhen the person named in the restraining order breaches it, contact the police and keep a record.\n"},
	})
}

// TestBreachContextScope holds unseen paraphrases of the scope examples:
// where context given outside the sentence counts.
func TestBreachContextScope(t *testing.T) {
	runLexicalCases(t, "breach-context", []lexicalCase{
		{
			name: "a short mention late in a sentence on a page that says it elsewhere",
			md:   "## Why breaches matter\n\nRepeated breaches of a restraining order show the risk is rising.\n\n## Bail\n\nBail conditions often mirror the order's terms, and prosecutors should consider whether a suspected breach of the restraining order calls for a remand.\n",
		},
		{
			name: "a short mention on a page whose summary says it",
			md:   "---\ntitle: Victims\nsummary: How to support victims, treating each breach of an order as possible further stalking.\n---\n\n## Support\n\nVictims need regular updates, and prosecutors should consider whether any breach of the SPO needs an application to vary it.\n",
		},
		{
			name: "a short mention on a page that never says it",
			md:   "## Support\n\nVictims need regular updates, and prosecutors should consider whether any breach of the SPO needs an application to vary it.\n",
			want: []string{"3:75"},
		},
		{
			name: "a full discussion on a page that says it only in another section",
			md:   "## Why breaches matter\n\nRepeated breaches of a restraining order show the risk is rising.\n\n## Listing\n\nIf the defendant contravenes the restraining order, the case is listed the next day. The prosecutor opposes bail.\n",
			want: []string{"7:18"},
		},
		{
			name: "a paragraph linking to a section of the page that gives the context",
			md:   "## Listing\n\nIf the defendant contravenes the SPO, the case is listed the next day. See also [why it matters](#why-it-matters).\n\n## Why it matters\n\nEach contravention may be one step in a continuing course of conduct.\n",
		},
		{
			name: "a link to a section of the page that gives no context",
			md:   "## Listing\n\nIf the defendant contravenes the SPO, the case is listed the next day. See also [the hearing](#the-hearing).\n\n## The hearing\n\nThe magistrates take a plea.\n",
			want: []string{"3:18"},
		},
		{
			name: "context in the parent section",
			md:   "## Orders\n\nEvery breach of an order may be an escalation.\n\n### Listing\n\nWhere the defendant breaches the restraining order, the case is listed at once.\n",
		},
	})
}

// TestBreachContextConcepts holds paraphrases of the four context concepts
// that appear in no example and in no glossary list, each in a discussion
// that is reported without it; and discussions with words near the concepts
// that are not context, which must still be reported.
func TestBreachContextConcepts(t *testing.T) {
	const lead = "## Breach\n\nWhere a defendant breaches a restraining order, prosecutors should charge the breach; "
	var cases []lexicalCase
	for _, quiet := range []string{
		"ask whether the harassment has continued since the order was made.",
		"the behaviour has carried on despite the order.",
		"the conduct may amount to stalking in its own right.",
		"consider whether it is not merely a breach but part of a longer campaign.",
		"put the entire chronology before the court.",
		"look at the patterns of contact.",
		"successive breaches should be linked together.",
		"never treat the breach in isolation.",
		"the breach may show an escalation in the behaviour.",
		"the danger to the victim may be growing.",
		"reassess the risk to the victim.",
		"any new offending should be charged too.",
		"further crimes committed during the breach should also be prosecuted.",
		"the stalking itself should be charged as well as the breach.",
	} {
		cases = append(cases, lexicalCase{name: "quiet: " + quiet, md: lead + quiet + "\n"})
	}
	for _, found := range []string{
		"ask for a further hearing and put the defendant's previous convictions before the court.",
		"a restraining order can be made on conviction for any offence.",
		"the breach is a separate offence with its own maximum.",
		"the whole file should be served.",
	} {
		cases = append(cases, lexicalCase{name: "found: " + found, md: lead + found + "\n", want: []string{"3:19"}})
	}
	// Prosecutor-facing paragraphs about charging a breach, with no
	// context: still reported.
	cases = append(cases,
		lexicalCase{name: "found: contravenes an SPO, arrest and charge", md: "## Enforcement\n\nWhere a suspect contravenes a Stalking Protection Order, the police should arrest and the CPS should charge the breach under s.8.\n", want: []string{"3:17"}},
		lexicalCase{name: "found: deal with it at the first hearing", md: "## Hearings\n\nIf a restraining order is breached, prosecutors should ask the court to deal with the breach at the first hearing.\n", want: []string{"3:6"}},
		lexicalCase{name: "found: a charging decision on the breach", md: "## Review\n\nOnce the defendant has failed to comply with the SPO, the file is reviewed and a charging decision is made on the breach.\n", want: []string{"3:24"}},
		lexicalCase{name: "found: charge under s.363", md: "## Charging\n\nProsecutors should charge a breach of a restraining order under s.363 and seek an early trial date.\n", want: []string{"3:29"}},
	)
	runLexicalCases(t, "breach-context", cases)
}

// TestBreachContextSeverity: how sure the rule is, by what the page says.
func TestBreachContextSeverity(t *testing.T) {
	g := testload.Glossary(t)
	r := Lookup("breach-context")
	for _, c := range []struct {
		name string
		md   string
		sev  Severity
		conf float64
	}{
		{"a full discussion on a page that never gives the context",
			"## Listing\n\nIf the defendant contravenes the restraining order, the case is listed the next day. The prosecutor opposes bail.\n", Warning, 0.7},
		{"a full discussion on a page that gives it elsewhere",
			"## Why\n\nRepeated breaches of a restraining order show the risk is rising.\n\n## Listing\n\nIf the defendant contravenes the restraining order, the case is listed the next day.\n", Warning, 0.6},
		{"a short mention on a page that never gives it",
			"## Support\n\nVictims need regular updates, and prosecutors should consider whether any breach of the SPO needs an application to vary it.\n", Warning, 0.6},
		{"a statement of the offence on a prosecutor-facing page that never gives the context",
			"## The law\n\nProsecutors should note that contravening an SPO is an offence under s.8.\n", Warning, 0.5},
		{"a section headed by the breach on a prosecutor-facing page that never gives the context",
			"## Breach of a restraining order\n\nThe offence is triable either way. Prosecutors will find the order on the court file.\n", Warning, 0.7},
		{"a breach-led discussion in a paragraph about something else, context in another H2",
			"## Why\n\nRepeated breaches of a restraining order show the risk is rising.\n\n## Listing\n\nPapers go to the court a day ahead. If the defendant contravenes the SPO, the case is listed the next day.\n", Warning, 0.5},
		{"a one-off reading on a page that gives the context elsewhere",
			"## Why\n\nRepeated breaches of a restraining order show the risk is rising.\n\n## Listing\n\nA breach of the SPO is a routine matter for the next day's list.\n", Warning, 0.7},
		{"a public page describing what happens on breach",
			"## What happens next\n\nYou can ask the police to explain the order to you. If you are worried, your advocate can help. If the person breaches the Stalking Protection Order, the police can arrest them and they may be charged.\n", Info, 0.4},
	} {
		t.Run(c.name, func(t *testing.T) {
			fs, err := RunExample(g, r, Example{Markdown: c.md})
			if err != nil {
				t.Fatal(err)
			}
			if len(fs) != 1 {
				t.Fatalf("%d findings, want 1", len(fs))
			}
			if fs[0].Severity != c.sev || fs[0].Confidence != c.conf {
				t.Errorf("severity %v confidence %v, want %v %v", fs[0].Severity, fs[0].Confidence, c.sev, c.conf)
			}
		})
	}
}

// TestBreachContextRecall holds unseen paraphrases of the constructions
// the rule's examples show it must find: FAQ answers, tables and checklists,
// definition entries, press releases, sections headed by the breach,
// context only in another section, order-bound breach words, offence
// statements followed by proof, and readings of a breach as a one-off or
// routine event. Each has near misses that must stay quiet.
func TestBreachContextRecall(t *testing.T) {
	runLexicalCases(t, "breach-context", []lexicalCase{
		// 1. An FAQ answer about a breach given as consent and proof.
		{
			name: "found: FAQ answer on consent, under a question naming the breach",
			md:   "## Common questions\n\n### Can the prosecution go ahead with a contravention of an SPO if the victim invited the contact?\n\nIt can. Only the respondent is bound by the order, and the victim's agreement is not a reasonable excuse. The court will want proof that he knew the terms.\n",
			want: []string{"3:41"},
		},
		{
			name:    "found: FAQ answer naming the breach, under a question that does not",
			md:      "## Questions from prosecutors\n\n### What if the complainant made contact first?\n\nThe complainant's consent is no defence to breaching the restraining order, because the order binds the defendant only. Prosecutors need to prove knowledge of the order and the absence of a reasonable excuse.\n",
			want:    []string{"5:44"},
			message: "states or lists",
		},
		{
			name: "quiet: FAQ answer that gives the context",
			md:   "## Common questions\n\n### Can the prosecution go ahead with a contravention of an SPO if the victim invited the contact?\n\nIt can. The contact may still be one more step in the respondent's course of conduct, and the victim's agreement is not a reasonable excuse.\n",
		},
		{
			name: "quiet: a public FAQ answer with no prosecutor in it",
			md:   "## Can I be arrested for breaking a restraining order?\n\nYes. Breaking a restraining order is an arrestable offence.\n",
		},
		// 2. A table of breach offences.
		{
			name:    "found: a table whose header names the breach, on a prosecutor page with no context",
			md:      "## Charges\n\nThe prosecutor picks the provision from this table.\n\n| Protective order breached | Provision | Maximum sentence |\n|---|---|---|\n| Restraining order on acquittal | s.5A PHA 1997 | five years |\n| Interim SPO | s.8 SPA 2019 | five years |\n",
			want:    []string{"7:3"},
			message: "states or lists",
		},
		{
			name:    "found: a table of breach offences in its rows",
			md:      "## Penalties for prosecutors\n\n| Offence | Section | Maximum |\n|---|---|---|\n| Failure to comply with a Stalking Protection Order | s.8 | 5 years |\n",
			want:    []string{"5:3"},
			message: "states or lists",
		},
		{
			name: "quiet: the same table on a page that gives the context elsewhere",
			md:   "## Reading a breach\n\nEvery breach of an order may be further stalking.\n\n## Charges\n\nThe prosecutor picks the provision from this table.\n\n| Protective order breached | Provision | Maximum sentence |\n|---|---|---|\n| Restraining order on acquittal | s.5A PHA 1997 | five years |\n",
		},
		// 3. A checklist of a breach file.
		{
			name: "found: what a breach file needs",
			md:   "## File standards\n\nOn any breach of an SPO the police file should include:\n\n- the order and its terms\n- evidence of service\n- the contact alleged\n",
			want: []string{"3:8"},
		},
		{
			name: "quiet: a breach file that must show the history",
			md:   "## File standards\n\nOn any breach of an SPO the police file should include:\n\n- the order and its terms\n- every earlier breach and incident, so the pattern is plain\n",
		},
		// 4. A definition entry framing the breach as standalone.
		{
			name:    "found: a definition list entry, free-standing and separate from the case",
			md:      "## Terms used\n\nContravention of a restraining order\n: A free-standing offence, prosecuted independently of the proceedings in which the order was made.\n",
			want:    []string{"3:1"},
			message: "as a one-off or routine event",
		},
		{
			name:    "found: a glossary paragraph, the breach is its own matter",
			md:      "## Glossary\n\n**Breach of an SPO**: an offence under s.8, which is sentenced on its own, separately from the original stalking case.\n",
			want:    []string{"3:3"},
			message: "as a one-off or routine event",
		},
		{
			name: "quiet: a definition list entry that gives the context",
			md:   "## Terms used\n\nContravention of a restraining order\n: An offence under s.363, often a continuation of the stalking the order was made to stop.\n",
		},
		// 5. Press releases.
		{
			name:    "found: a press release fine for a breach",
			md:      "---\ntitle: Fine for breaching protective order\n---\n\nA woman who broke a Stalking Protection Order by waiting outside her neighbour's house has been fined £400. The case was brought by the CPS.\n",
			want:    []string{"5:13"},
			message: "states or lists",
		},
		{
			name:    "found: a press release quote, orders are there to be obeyed",
			md:      "## Statement\n\nThe Chief Crown Prosecutor said the defendant breached the restraining order and that orders are there to be followed.\n",
			want:    []string{"3:47"},
			message: "as a one-off or routine event",
		},
		{
			name: "quiet: a press release that says the breach continued the stalking",
			md:   "---\ntitle: Fine for breaching protective order\n---\n\nA woman who broke a Stalking Protection Order by waiting outside her neighbour's house has been jailed. The CPS showed that the breach was part of a campaign against him.\n",
		},
		// 6. A section headed by the breach, on procedure only.
		{
			name: "found: headed by the breach, who investigates and where it is heard",
			md:   "## Contravening a restraining order\n\nOfficers from the force where it happened take the report. The hearing is in the magistrates' court unless the prosecutor asks for the Crown Court.\n",
			want: []string{"1:4"},
		},
		{
			name: "quiet: headed by the breach, with the context",
			md:   "## Contravening a restraining order\n\nOfficers from the force where it happened take the report, and look at the whole history of contact.\n",
		},
		// 7. Context only in another H2 section.
		{
			name: "found: a breach-led sentence in a paragraph about something else, context in another H2",
			md:   "## Risk\n\nA breach of a restraining order can show the risk is growing.\n\n## Hearings\n\nPrepare the papers the day before. If the suspect contravenes the SPO, the CPS should charge it and ask for a remand.\n",
			want: []string{"7:51"},
		},
		// 8. Breach words bound to an order.
		{
			name: "found: breaks an SPO",
			md:   "## Interim orders\n\nWhen a respondent breaks an interim SPO, officers arrest him and the CPS charges the s.8 offence.\n",
			want: []string{"3:19"},
		},
		{
			name: "found: the order was broken",
			md:   "## Orders\n\nIf the restraining order is broken, the prosecutor should oppose bail.\n",
			want: []string{"3:8"},
		},
		{
			name: "quiet: broke down, a break in contact",
			md:   "## Background\n\nThe relationship broke down before the restraining order was made, and prosecutors should note any break in contact.\n",
		},
		// 9. The offence, then only what must be proved.
		{
			name:    "found: offence then proof",
			md:      "## Acquittal orders\n\nContravening a restraining order made on acquittal is an offence under s.5A(5) PHA 1997. The prosecution has to prove the order, the defendant's knowledge of it and an act it forbade.\n",
			want:    []string{"3:1"},
			message: "states or lists",
		},
		{
			name:    "found: the statute's words quoted, then the points to prove",
			md:      "## The offence\n\nThe section reads:\n\n> A person who without reasonable excuse does anything which a Stalking Protection Order forbids commits an offence.\n\nThe prosecution must prove:\n\n- the order\n- service\n",
			want:    []string{"5:64"},
			message: "states or lists",
		},
		{
			name: "quiet: the offence and proof on a page that gives the context elsewhere",
			md:   "## Why breach matters\n\nRepeated breaches of an SPO show a pattern.\n\n## Acquittal orders\n\nContravening a restraining order made on acquittal is an offence under s.5A(5) PHA 1997. The prosecution has to prove the order, the defendant's knowledge of it and an act it forbade.\n",
		},
		// 10. A breach dealt with on its own; context denied.
		{
			name:    "found: one breach may be handled alone without the background",
			md:      "## Charging\n\nOne breach of an SPO, such as a single call, may be charged by itself, with no need to put the background before the court.\n",
			want:    []string{"3:5"},
			message: "as a one-off or routine event",
		},
		{
			name:    "found: context words only denied",
			md:      "## Charging\n\nA breach of a restraining order does not amount to stalking and is never treated as an escalation.\n",
			want:    []string{"3:3"},
			message: "as a one-off or routine event",
		},
		{
			name:    "found: denied even on a page that gives the context elsewhere",
			md:      "## Reading a breach\n\nA breach of an order may be further stalking.\n\n## Charging\n\nWhere the defendant contravenes the restraining order, the contravention is not part of the course of conduct and is charged alone.\n",
			want:    []string{"7:21"},
			message: "as a one-off or routine event",
		},
		{
			name: "quiet: never on its own",
			md:   "## Charging\n\nA breach of an SPO should never be dealt with on its own.\n",
		},
		{
			name: "quiet: not a one-off",
			md:   "## Charging\n\nWhere a defendant breaches a restraining order, prosecutors should not treat it as a one-off event.\n",
		},
		{
			name: "quiet: a condition weighs the context",
			md:   "## Charging\n\nWhere the defendant breaches the SPO and there is no evidence of a wider pattern, prosecutors may charge the breach alone.\n",
		},
		{
			name: "quiet: no harm, yet further stalking",
			md:   "## Charging\n\nWhere a defendant breaches a restraining order in a way that causes no harm, it may still be further stalking.\n",
		},
		// 11. A breach as a routine or formal matter.
		{
			name:    "found: routine with breaches of bail",
			md:      "## Custody cases\n\nBail breaches and breaches of Stalking Protection Orders are largely routine, and the duty prosecutor deals with them in the morning list.\n",
			want:    []string{"3:19"},
			message: "as a one-off or routine event",
		},
		{
			name:    "found: sentence on the day a formality",
			md:      "## Sentencing\n\nOnce the defendant admits contravening the restraining order, sentencing that day is normally a formality.\n",
			want:    []string{"3:27"},
			message: "as a one-off or routine event",
		},
		{
			name: "quiet: the victim's routine",
			md:   "## Effect on victims\n\nAfter the breach of the restraining order the victim changed her routine, which shows the risk was rising.\n",
		},
		// More paraphrases of the same constructions.
		{
			name: "found: an FAQ in bold paragraphs, the question's bare breach is the page's order",
			md:   "## Restraining orders: questions\n\nProsecutors often ask about restraining orders.\n\n**Should we charge a breach when the victim agreed to meet him?**\n\nConsent does not help him: the order binds the defendant alone, and only a reasonable excuse is a defence.\n",
			want: []string{"5:22"},
		},
		{
			name: "quiet: an FAQ in bold paragraphs whose answer gives the context",
			md:   "## Restraining orders: questions\n\nProsecutors often ask about restraining orders.\n\n**Should we charge a breach when the victim agreed to meet him?**\n\nYes, and look at the whole history: the meeting may be one more act in his campaign.\n",
		},
		{
			name: "found: does not comply with an SPO",
			md:   "## Enforcement\n\nWhere a respondent does not comply with the SPO's requirements, the police arrest and the CPS charges.\n",
			want: []string{"3:25"},
		},
		{
			name:    "found: earlier conduct said to be unnecessary",
			md:      "## Charging\n\nWhere the defendant breaches the restraining order, it is not necessary to consider his earlier conduct.\n",
			want:    []string{"3:21"},
			message: "as a one-off or routine event",
		},
		{
			name:    "found: a self-contained offence",
			md:      "## The offence\n\nBreaching a Stalking Protection Order is a self-contained offence.\n",
			want:    []string{"3:1"},
			message: "as a one-off or routine event",
		},
		{
			name:    "found: minor breaches by caution",
			md:      "## Out-of-court disposals\n\nMinor breaches of a restraining order can be dealt with by a caution.\n",
			want:    []string{"3:7"},
			message: "as a one-off or routine event",
		},
		{
			name:    "found: a straightforward matter at the first hearing",
			md:      "## First hearing\n\nA breach of an SPO is a straightforward matter that can be finished at the first hearing.\n",
			want:    []string{"3:3"},
			message: "as a one-off or routine event",
		},
		{
			name: "quiet: where the breach is minor, still the history",
			md:   "## Out-of-court disposals\n\nWhere a breach of a restraining order seems minor, prosecutors should still ask whether the harassment has continued.\n",
		},
		{
			name:    "found, but not as a one-off reading: even minor breaches prosecuted",
			md:      "## Charging\n\nEven minor breaches of a restraining order should be prosecuted.\n",
			want:    []string{"3:12"},
			message: "discusses",
		},
		{
			name:    "not a one-off reading: a breach considered separately when sentencing is a discussion with its context in another H2",
			md:      "## Reading a breach\n\nA breach of an order may be further stalking.\n\n## Sentencing\n\nThe court should consider the breach of the restraining order separately from the index offence when it passes sentence.\n",
			want:    []string{"7:31"},
			message: "the page says it elsewhere",
		},
		// What stays quiet on a prosecutor-facing page that never gives
		// the context.
		{
			name: "quiet: statistics",
			md:   "## Figures\n\nProsecutors charged 2,300 breaches of restraining orders in the year, 12% more than before.\n",
		},
		{
			name: "quiet: what an inspection found",
			md:   "## Background\n\nThe inspectorate found that prosecutors rarely saw breaches of Stalking Protection Orders.\n",
		},
		{
			name: "quiet: a contents list without links",
			md:   "## Contents\n\n- Breach of a restraining order\n- Bail\n\n## Breach of a restraining order\n\nProsecutors should read the [breach guidance](breach.md).\n\n## Bail\n\nProsecutors decide on bail.\n",
		},
		{
			name: "quiet: an aggravating factor in a list",
			md:   "## Sentencing\n\nProsecutors should draw the court's attention to these factors:\n\n- offence committed in breach of a restraining order\n- a vulnerable victim\n",
		},
		// Words near the one-off readings that do not read the breach
		// alone.
		{
			name: "found: charged separately is a count of its own, not a reading; the discussion is found for want of context",
			md:   "## Indictments\n\nWhere the defendant breaches the SPO, the breach should be charged separately on the indictment.\n",
			want: []string{"3:21"},
		},
		{
			name: "quiet: charged separately, with the stalking charged as well",
			md:   "## Indictments\n\nWhere the defendant breaches the SPO, the breach should be charged separately, and the stalking charged as well.\n",
		},
		{
			name: "quiet: a question heading asks about isolation, the answer gives the context",
			md:   "## Can a breach of a restraining order be dealt with in isolation?\n\nRarely. Prosecutors should look for a warning sign of escalation in every breach.\n",
		},
		{
			name: "quiet: a supposed isolated incident, with the context",
			md:   "## Cautions\n\nWhere a breach of an SPO looks like an isolated incident, prosecutors should still check it against the whole chronology.\n",
		},
		{
			name: "quiet: a red flag",
			md:   "## Review\n\nProsecutors should treat any breach of a restraining order as a red flag.\n",
		},
		{
			name: "quiet: the case as a whole",
			md:   "## Review\n\nIf the suspect fails to comply with the SPO, prosecutors should review the case as a whole.\n",
		},
		{
			name: "quiet: drafting the order's terms",
			md:   "## Drafting\n\nThe prosecutor should draft terms that make plain what counts as a breach of the restraining order.\n",
		},
	})
}
