package rules

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/source"
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
	g := bundledGlossary(t)
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
	g := bundledGlossary(b)
	d := benchDocument(b, 400)
	r := Lookup(id)
	facts := &factStore{m: map[*corpus.Document]*DocFacts{}}
	p := &Pass{Rule: r, Glossary: g, Doc: d, Docs: []*corpus.Document{d}, facts: facts, settings: RuleSettings{Severity: r.Severity}}
	p.Facts(d)
	r.Check(p)
	if len(p.out) == 0 {
		b.Fatalf("%s found nothing in the benchmark document", id)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p.out = p.out[:0]
		r.Check(p)
	}
}

func BenchmarkBreachContext(b *testing.B) { benchRule(b, "breach-context") }

func TestBreachContext(t *testing.T) {
	runLexicalCases(t, "breach-context", []lexicalCase{
		{
			name:       "breached, no context",
			md:         "## Breach\n\nThe defendant breached the restraining order by sending a text message. The court fined him.\n",
			want:       []string{"3:15"},
			suggestion: "say whether the breach may be further stalking or part of a course of conduct, whether it signals escalating risk, and whether new offences should be charged in addition to the breach",
			message:    "breach of a restraining order",
		},
		{
			name:    "interim SPO",
			md:      "## Orders\n\nBreach of an interim SPO is an offence under s.8 of the Stalking Protection Act 2019.\n",
			want:    []string{"3:1"},
			message: "breach of a Stalking Protection Order",
		},
		{
			name: "disobeyed",
			md:   "## Orders\n\nHe disobeyed the Stalking Protection Order on three occasions.\n",
			want: []string{"3:4"},
		},
		{
			name: "contravention of an order on acquittal",
			md:   "A contravention of a restraining order on acquittal is an offence under s.5A(2D) PHA 1997.\n",
			want: []string{"1:3"},
		},
		{
			name: "failure to comply with an SPO",
			md:   "## Enforcement\n\nFailure to comply with an SPO without reasonable excuse is an offence.\n",
			want: []string{"3:1"},
		},
		{
			name: "context in another H2 does not count",
			md:   "## Breach\n\nThe defendant breached the restraining order.\n\n## Risk\n\nBreaches are often a sign of escalating risk.\n",
			want: []string{"3:15"},
		},
		{
			name: "that order, named in an earlier sentence",
			md:   "## Orders\n\nThe magistrates made a Stalking Protection Order. The suspect failed to comply with that order a week later.\n",
			want: []string{"3:63"},
		},
		{
			name: "one finding per section however many mentions",
			md:   "## Orders\n\nBreach of a restraining order is an offence. He breached the restraining order again. He then breached an SPO.\n",
			want: []string{"3:1"},
		},
		{
			name: "a heading mention",
			md:   "## Breach of a restraining order\n\nThe maximum is five years' imprisonment on indictment.\n",
			want: []string{"1:4"},
		},
		// Near misses.
		{name: "further stalking", md: "## Breach\n\nThe breach of the restraining order was further stalking.\n"},
		{name: "risk to the victim is increasing", md: "## Breach\n\nWhen he contravened the Stalking Protection Order, the risk to the victim is increasing.\n"},
		{name: "wider pattern", md: "## Breach\n\nEach breach of an SPO should be read as part of a wider pattern.\n"},
		{name: "high-harm, high-risk repeat offending", md: "## Breach\n\nA breached restraining order is a mark of high-harm, high-risk repeat offending.\n"},
		{name: "context in a sub-section", md: "## Orders\n\nThe defendant breached the restraining order.\n\n### Charging\n\nCharge any new offence in addition to the breach.\n"},
		{name: "context in the heading", md: "## Breach and escalation\n\nBreach of a restraining order is an offence.\n"},
		{name: "context before the mention", md: "## Orders\n\nOrders protect against escalation.\n\nBreach of a restraining order is an offence.\n"},
		{name: "breach of bail", md: "## Bail\n\nA defendant who breaches bail conditions may be arrested without warrant.\n"},
		{name: "breach of the peace", md: "## Public order\n\nA breach of the peace is not an offence.\n"},
		{name: "an order not in the glossary", md: "## Family orders\n\nThe family court made a non-molestation order. The defendant breached the order.\n"},
		{name: "the order, but named in another section", md: "## Orders\n\nThe court made a restraining order.\n\n## Later\n\nThe defendant breached the order.\n"},
		{name: "a pointer with a link", md: "## Orders\n\nFor breach of a restraining order, see [breach](breach-of-protective-orders.md).\n"},
		{name: "code is not prose", md: "## CMS\n\nUse the flag `breach restraining order` on the file.\n"},
		{name: "restraining without an order", md: "## Bail\n\nRestraining the defendant by bail conditions may be enough; breach leads to arrest.\n"},
	})
}
