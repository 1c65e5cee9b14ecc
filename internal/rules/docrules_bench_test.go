package rules

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/source"
	"github.com/concord-guidance/concord/internal/testload"
)

// corpusSample parses up to n Markdown documents of the directory named by
// CONCORD_BENCH_CORPUS (a generated corpus, closer to a real check than the
// repeated paragraphs of benchDocument), or of the bundled corpus.
func corpusSample(tb testing.TB, n int) []*corpus.Document {
	tb.Helper()
	dir := os.Getenv("CONCORD_BENCH_CORPUS")
	if dir == "" {
		dir = "../../corpus"
	}
	var paths []string
	filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() && filepath.Ext(p) == ".md" && e.Name() != "README.md" {
			paths = append(paths, p)
		}
		return nil
	})
	slices.Sort(paths)
	if len(paths) > n {
		paths = paths[:n]
	}
	if len(paths) == 0 {
		tb.Skipf("no documents in %s", dir)
	}
	var docs []*corpus.Document
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, p)
		f, err := source.New(rel, b)
		if err != nil {
			tb.Fatal(err)
		}
		d, err := corpus.Parse(f, rel)
		if err != nil {
			tb.Fatal(err)
		}
		docs = append(docs, d)
	}
	return docs
}

// BenchmarkDocRules times each document rule over a sample of documents
// whose shared facts are already computed, so it measures the rules alone.
func BenchmarkDocRules(b *testing.B) {
	g := testload.Glossary(b)
	docs := corpusSample(b, 200)
	view := newView(docs)
	facts := &factStore{m: map[*corpus.Document]*DocFacts{}}
	for _, r := range All() {
		if r.Check == nil || r.Scope != DocumentScope {
			continue
		}
		passes := make([]*Pass, len(docs))
		for i, d := range docs {
			passes[i] = &Pass{Rule: r, Glossary: g, Doc: d, view: view, facts: facts, settings: RuleSettings{Severity: r.Severity}}
			passes[i].Facts(d)
			r.Check(passes[i])
		}
		b.Run(r.ID, func(b *testing.B) {
			b.ReportAllocs()
			cpu := testload.ProcessCPU()
			for b.Loop() {
				for _, p := range passes {
					p.out, p.budget = p.out[:0], budget{}
					p.Rule.Check(p)
				}
			}
			testload.ReportCPU(b, cpu)
		})
	}
}
