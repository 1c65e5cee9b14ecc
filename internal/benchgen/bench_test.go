package benchgen

// Benchmarks of concord's hot paths on a generated corpus.
//
//	go test -run '^$' -bench . ./internal/benchgen                          # 1,000 documents
//	CONCORD_BENCH_DOCS=10000 go test -run '^$' -bench Check -benchtime 3x \
//	    -cpuprofile /tmp/check.prof ./internal/benchgen                    # 10,000
//	CONCORD_BENCH_CORPUS=/tmp/bench/c10k go test ...                        # a corpus made by concord-gen
//
// The corpus is generated once per test binary (seed 1) into a temporary
// folder and removed at the end.

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/source"
)

var (
	benchOnce   sync.Once
	benchDir    string
	benchTemp   string
	benchErr    error
	benchInputs []corpus.Input
)

func TestMain(m *testing.M) {
	code := m.Run()
	if benchTemp != "" {
		os.RemoveAll(benchTemp)
	}
	os.Exit(code)
}

// benchCorpus returns the folder of the benchmark corpus (holding corpus/
// and glossary/) and its inputs.
func benchCorpus(b *testing.B) (string, []corpus.Input) {
	b.Helper()
	benchOnce.Do(func() {
		benchDir = os.Getenv("CONCORD_BENCH_CORPUS")
		if benchDir == "" {
			n := 1000
			if s := os.Getenv("CONCORD_BENCH_DOCS"); s != "" {
				if n, benchErr = strconv.Atoi(s); benchErr != nil {
					return
				}
			}
			if benchTemp, benchErr = os.MkdirTemp("", "concord-bench-"); benchErr != nil {
				return
			}
			benchDir = filepath.Join(benchTemp, "out")
			if _, benchErr = Generate(benchDir, Options{Docs: n, Seed: 1, Glossary: bundledFS(b)}); benchErr != nil {
				return
			}
		}
		benchInputs, benchErr = corpus.DiscoverWith(filepath.Join(benchDir, "corpus"), "corpus", corpus.Options{Exclude: []string{"README.md"}})
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchDir, benchInputs
}

func benchGlossary(b *testing.B, dir string) *glossary.Glossary {
	g, err := glossary.Load(os.DirFS(filepath.Join(dir, "glossary")), ".", "glossary")
	if err != nil {
		b.Fatal(err)
	}
	return g
}

func benchDocs(b *testing.B, inputs []corpus.Input) []*corpus.Document {
	docs, errs := corpus.LoadAll(inputs)
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	return docs
}

func perDoc(b *testing.B, docs int) {
	s := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(docs)/s, "docs/s")
	b.ReportMetric(s*1000/float64(docs), "ms/doc")
}

// BenchmarkParse is Markdown loading without the disk: corpus.Parse on one
// core over files already in memory.
func BenchmarkParse(b *testing.B) {
	_, inputs := benchCorpus(b)
	files := make([]*source.File, len(inputs))
	var size int64
	for i, in := range inputs {
		f, err := source.ReadOS(in.Path, in.Display)
		if err != nil {
			b.Fatal(err)
		}
		files[i] = f
		size += int64(len(f.Text))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for i, f := range files {
			if _, err := corpus.Parse(f, inputs[i].Rel); err != nil {
				b.Fatal(err)
			}
		}
	}
	perDoc(b, len(files))
}

// BenchmarkLoadAll is Markdown loading as the CLI does it: read from disk
// and parse on all cores.
func BenchmarkLoadAll(b *testing.B) {
	_, inputs := benchCorpus(b)
	b.ReportAllocs()
	for b.Loop() {
		benchDocs(b, inputs)
	}
	perDoc(b, len(inputs))
}

// BenchmarkCheck is the whole check (rules.Run with every rule at its
// default severity) on documents already loaded.
func BenchmarkCheck(b *testing.B) {
	dir, inputs := benchCorpus(b)
	g := benchGlossary(b, dir)
	docs := benchDocs(b, inputs)
	b.ReportAllocs()
	var n int
	for b.Loop() {
		n = len(rules.Run(rules.Input{Glossary: g, Docs: docs}))
	}
	b.ReportMetric(float64(n), "findings")
	perDoc(b, len(docs))
}

// BenchmarkRule runs one rule at a time. Each includes the shared analysis
// (tokens, glossary matches, restatements) when the rule asks for it, since
// that is computed once per run for whichever rules need it.
func BenchmarkRule(b *testing.B) {
	dir, inputs := benchCorpus(b)
	g := benchGlossary(b, dir)
	docs := benchDocs(b, inputs)
	for _, r := range rules.All() {
		settings := map[string]rules.RuleSettings{}
		for _, o := range rules.All() {
			settings[o.ID] = rules.RuleSettings{} // off
		}
		settings[r.ID] = rules.RuleSettings{Severity: r.Severity}
		b.Run(r.ID, func(b *testing.B) {
			b.ReportAllocs()
			var n int
			for b.Loop() {
				n = len(rules.Run(rules.Input{Glossary: g, Docs: docs, Settings: settings}))
			}
			b.ReportMetric(float64(n), "findings")
			perDoc(b, len(docs))
		})
	}
}

// BenchmarkGenerate is the generator itself, for sizing 100,000-document runs.
func BenchmarkGenerate(b *testing.B) {
	gfs := bundledFS(b)
	for _, n := range []int{1000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := Generate(filepath.Join(b.TempDir(), "out"), Options{Docs: n, Seed: 1, Glossary: gfs}); err != nil {
					b.Fatal(err)
				}
			}
			perDoc(b, n)
		})
	}
}
