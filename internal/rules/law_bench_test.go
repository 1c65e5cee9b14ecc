package rules

import (
	"fmt"
	"strings"
	"testing"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/source"
	"github.com/concord-guidance/concord/internal/testload"
)

// lawBenchParagraphs mix citations and stated maxima, right and wrong, with
// the ordinary prose of benchParagraphs, which holds few of either.
var lawBenchParagraphs = []string{
	"The s.4A offence carries a maximum of five years' imprisonment.",
	"Stalking is an offence under section 2 of the Protection from Harassment Act 1997.",
	"Harassment (s.2) carries six months' imprisonment, while stalking involving fear of violence or serious alarm or distress carries 10 years' imprisonment.",
	"On conviction for stalking, the court may make a restraining order under s.5 PHA 1997.",
	"Police may apply for an order under the Stalking Protection Act 2020.",
	"The racially or religiously aggravated versions of the s.2 and s.2A offences, under s.32(1)(a) of the Crime and Disorder Act 1998, carry a maximum of two years' imprisonment on indictment.",
}

func lawBenchDocument(tb testing.TB, n int) *corpus.Document {
	tb.Helper()
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i%3 == 0 {
			fmt.Fprintf(&b, "## Section %d\n\n", i/3+1)
		}
		if i%4 == 0 {
			b.WriteString(lawBenchParagraphs[(i/4)%len(lawBenchParagraphs)])
		} else {
			b.WriteString(benchParagraphs[i%len(benchParagraphs)])
		}
		b.WriteString("\n\n")
	}
	f, err := source.New("law.md", []byte(b.String()))
	if err != nil {
		tb.Fatal(err)
	}
	d, err := corpus.Parse(f, "law.md")
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// benchRules times rules run one after another on one document, as the
// engine runs them, with the shared facts already computed.
func benchRules(b *testing.B, ids ...string) {
	g := testload.Glossary(b)
	d := lawBenchDocument(b, 400)
	facts := &factStore{m: map[*corpus.Document]*DocFacts{}}
	var passes []*Pass
	for _, id := range ids {
		r := Lookup(id)
		passes = append(passes, &Pass{Rule: r, Glossary: g, Doc: d, view: newView([]*corpus.Document{d}), facts: facts, settings: RuleSettings{Severity: r.Severity}})
	}
	passes[0].Facts(d)
	for _, p := range passes {
		p.Rule.Check(p)
		if len(p.out) == 0 {
			b.Fatalf("%s found nothing in the benchmark document", p.Rule.ID)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, p := range passes {
			p.out, p.budget = p.out[:0], budget{}
			p.Rule.Check(p)
		}
	}
}

func BenchmarkCitationMismatch(b *testing.B) { benchRules(b, "citation-mismatch") }
func BenchmarkPenaltyMismatch(b *testing.B)  { benchRules(b, "penalty-mismatch") }

// BenchmarkLawRules is both law rules on one document, as a check runs them.
func BenchmarkLawRules(b *testing.B) { benchRules(b, "citation-mismatch", "penalty-mismatch") }

// BenchmarkLawRulesCorpus is both law rules, one document after another as
// the engine runs them, over a sample of the corpus CONCORD_BENCH_CORPUS
// names (the plain generated corpus is full of citations), with the shared
// facts already computed.
func BenchmarkLawRulesCorpus(b *testing.B) {
	g := testload.Glossary(b)
	docs := corpusSample(b, 300)
	view := newView(docs)
	facts := &factStore{m: map[*corpus.Document]*DocFacts{}}
	ids := []string{"citation-mismatch", "penalty-mismatch"}
	var passes []*Pass
	for _, d := range docs {
		for _, id := range ids {
			r := Lookup(id)
			p := &Pass{Rule: r, Glossary: g, Doc: d, view: view, facts: facts, settings: RuleSettings{Severity: r.Severity}}
			p.Facts(d)
			p.Rule.Check(p)
			passes = append(passes, p)
		}
	}
	b.ReportAllocs()
	cpu := testload.ProcessCPU()
	for b.Loop() {
		for _, p := range passes {
			p.out, p.budget = p.out[:0], budget{}
			p.Rule.Check(p)
		}
	}
	testload.ReportCPU(b, cpu)
}
