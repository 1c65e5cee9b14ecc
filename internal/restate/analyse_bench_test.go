package restate_test

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/restate"
	"github.com/concord-guidance/concord/internal/testload"
)

// benchInput is the glossary and documents the benchmarks analyse: the
// bundled corpus, or the first CONCORD_BENCH_DOCS (default 1,000)
// documents of the corpus folder CONCORD_BENCH_CORPUS (holding corpus/ and
// glossary/, as concord-gen writes one).
//
//	CONCORD_BENCH_CORPUS=/tmp/s6/gen go test -run '^$' -bench Analyse ./internal/restate
func benchInput(b *testing.B) (*glossary.Glossary, []*corpus.Document) {
	b.Helper()
	dir := os.Getenv("CONCORD_BENCH_CORPUS")
	if dir == "" {
		g := testload.Glossary(b)
		files, _ := filepath.Glob("../../corpus/*.md")
		if len(files) == 0 {
			b.Skip("no bundled corpus")
		}
		var docs []*corpus.Document
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			docs = append(docs, testload.Doc(b, filepath.Base(f), string(data)))
		}
		return g, docs
	}
	g, err := glossary.Load(os.DirFS(filepath.Join(dir, "glossary")), ".", "glossary")
	if err != nil {
		b.Fatal(err)
	}
	inputs, err := corpus.DiscoverWith(filepath.Join(dir, "corpus"), "corpus", corpus.Options{Exclude: []string{"README.md"}})
	if err != nil {
		b.Fatal(err)
	}
	n := 1000
	if s := os.Getenv("CONCORD_BENCH_DOCS"); s != "" {
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatal(err)
		}
	}
	docs, errs := corpus.LoadAll(inputs[:min(n, len(inputs))])
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	return g, docs
}

// BenchmarkAnalyseInto is the shared analysis of a check, document by
// document on one core with one token buffer, as a streamed check's worker
// does it: tokens, glossary matches, sentences and restatements.
func BenchmarkAnalyseInto(b *testing.B) {
	g, docs := benchInput(b)
	restate.ProfileOf(g)
	var buf []analysis.Token
	b.ReportAllocs()
	n := 0
	start := testload.ProcessCPU()
	for b.Loop() {
		for _, d := range docs {
			var df *restate.DocFacts
			df, buf = restate.AnalyseInto(g, d, buf)
			n += len(df.Restatements)
		}
	}
	testload.ReportCPU(b, start)
	b.ReportMetric(float64(n)/float64(b.N), "restatements/op")
}

// BenchmarkFind is restatement detection alone, on documents already
// analysed.
func BenchmarkFind(b *testing.B) {
	g, docs := benchInput(b)
	facts := make([]*restate.DocFacts, len(docs))
	for i, d := range docs {
		facts[i] = restate.Analyse(g, d)
	}
	b.ReportAllocs()
	n := 0
	start := testload.ProcessCPU()
	for b.Loop() {
		for _, df := range facts {
			n += len(restate.Find(df, g))
		}
	}
	testload.ReportCPU(b, start)
	b.ReportMetric(float64(n)/float64(b.N), "restatements/op")
}

// BenchmarkExcludedClaims is the requirement statements and appositions
// excluded-element reads, on documents already analysed.
func BenchmarkExcludedClaims(b *testing.B) {
	g, docs := benchInput(b)
	gp := restate.ProfileOf(g)
	facts := make([]*restate.DocFacts, len(docs))
	for i, d := range docs {
		facts[i] = restate.Analyse(g, d)
	}
	b.ReportAllocs()
	n := 0
	start := testload.ProcessCPU()
	for b.Loop() {
		for _, df := range facts {
			n += len(restate.ExcludedClaims(df, gp))
		}
	}
	testload.ReportCPU(b, start)
	b.ReportMetric(float64(n)/float64(b.N), "claims/op")
}
