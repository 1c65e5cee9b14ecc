package site

import (
	"testing"

	"github.com/concord-guidance/concord/internal/glossary"
)

// BenchmarkKeys is what an incremental build spends working out which pages
// to render again: every page's key, in the editors' view, with the model
// (records, findings, indexes) built once beforehand.
//
//	CONCORD_BENCH_DOCS=2000 go test -run '^$' -bench Keys -benchmem ./internal/site
func BenchmarkKeys(b *testing.B) {
	in := benchInput(b)
	bl, err := newBuilder(in)
	if err != nil {
		b.Fatal(err)
	}
	eg := func() (*glossary.Glossary, error) { return bl.exampleGlossary() }
	b.ReportAllocs()
	var n int
	for b.Loop() {
		keys, err := bl.pageKeys(eg)
		if err != nil {
			b.Fatal(err)
		}
		n = len(keys)
	}
	b.ReportMetric(float64(n), "pages")
}
