package site

// Benchmarks of rendering the site from a generated corpus, with the checks
// already run, as `concord build` does after checking.
//
//	go test -run '^$' -bench Render -benchmem ./internal/site              # 1,000 documents
//	CONCORD_BENCH_DOCS=10000 go test -run '^$' -bench Render -benchtime 1x \
//	    -cpuprofile /tmp/render.prof ./internal/site
//	CONCORD_BENCH_CORPUS=/tmp/bench/c10k go test ...                      # a corpus made by concord-gen
//
// Without CONCORD_BENCH_CORPUS each benchmark generates its corpus (seed 1)
// into a temporary folder, removed when it ends.

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/concord-guidance/concord"
	"github.com/concord-guidance/concord/internal/benchgen"
	"github.com/concord-guidance/concord/internal/rules"
)

// benchInput loads (generating if need be) the benchmark corpus, runs the
// checks once and returns the input Render is given.
func benchInput(b *testing.B) Input {
	b.Helper()
	dir := os.Getenv("CONCORD_BENCH_CORPUS")
	if dir == "" {
		n := 1000
		if s := os.Getenv("CONCORD_BENCH_DOCS"); s != "" {
			var err error
			if n, err = strconv.Atoi(s); err != nil {
				b.Fatal(err)
			}
		}
		gfs, err := fs.Sub(concord.Glossary, "glossary")
		if err != nil {
			b.Fatal(err)
		}
		dir = filepath.Join(b.TempDir(), "out")
		if _, err := benchgen.Generate(dir, benchgen.Options{Docs: n, Seed: 1, Glossary: gfs}); err != nil {
			b.Fatal(err)
		}
	}
	p := loadProject(b, filepath.Join(dir, "corpus"), filepath.Join(dir, "glossary"))
	findings, facts := rules.RunWithFacts(rules.Input{Glossary: p.g, Docs: p.docs})
	return Input{Glossary: p.g, Docs: p.docs, Findings: findings, Facts: facts, Editor: true}
}

// BenchmarkRender is the whole site: page models, document bodies and
// templates.
func BenchmarkRender(b *testing.B) {
	in := benchInput(b)
	b.ReportAllocs()
	var size int64
	for b.Loop() {
		files, err := Render(in)
		if err != nil {
			b.Fatal(err)
		}
		size = 0
		for _, f := range files {
			size += int64(len(f.Data))
		}
	}
	b.ReportMetric(float64(size), "site-bytes")
	b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N)/float64(len(in.Docs)), "ms/doc")
}

// BenchmarkDocBodies is the documents' bodies alone: goldmark and the
// glossary term links.
func BenchmarkDocBodies(b *testing.B) {
	in := benchInput(b)
	bl, err := newBuilder(in)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range bl.docs {
			if _, err := bl.docPage(d); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N)/float64(len(in.Docs)), "ms/doc")
}

// BenchmarkTemplates is the templates alone, on page models built once.
func BenchmarkTemplates(b *testing.B) {
	in := benchInput(b)
	bl, err := newBuilder(in)
	if err != nil {
		b.Fatal(err)
	}
	p, err := Model(in)
	if err != nil {
		b.Fatal(err)
	}
	t, err := loadTemplates(bl.in.Theme)
	if err != nil {
		b.Fatal(err)
	}
	models := map[string][]any{"home": {p.Home}, "report": {p.Report}}
	for _, d := range p.Docs {
		models["document"] = append(models["document"], d)
	}
	for _, t := range p.Terms {
		models["term"] = append(models["term"], t)
	}
	for _, kind := range []string{"document", "term", "report", "home"} {
		b.Run(kind, func(b *testing.B) {
			b.ReportAllocs()
			var buf bytes.Buffer
			for b.Loop() {
				for _, m := range models[kind] {
					buf.Reset()
					if err := t.execute(&buf, kind, m); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
