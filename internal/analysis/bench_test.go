package analysis

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var (
	sampleOnce  sync.Once
	sampleParas []string
	sampleBytes int64
)

// benchSample is the repository's own guidance corpus, or the first 300
// documents of the folder CONCORD_BENCH_DOCS names (a generated corpus,
// say), split into blocks the way the checker analyses it (one Analyze
// call per paragraph), so the benchmark sees real vocabulary and real
// paragraph lengths.
func benchSample(b *testing.B) ([]string, int64) {
	sampleOnce.Do(func() {
		dir := os.Getenv("CONCORD_BENCH_DOCS")
		if dir == "" {
			dir = "../../corpus"
		}
		files, _ := filepath.Glob(filepath.Join(dir, "*.md"))
		files = files[:min(len(files), 300)]
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				continue
			}
			for _, p := range strings.Split(string(data), "\n\n") {
				if p = strings.TrimSpace(p); p != "" {
					sampleParas = append(sampleParas, p)
					sampleBytes += int64(len(p))
				}
			}
		}
	})
	if len(sampleParas) == 0 {
		b.Skip("no corpus/*.md sample")
	}
	return sampleParas, sampleBytes
}

func BenchmarkAnalyze(b *testing.B) {
	paras, n := benchSample(b)
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range paras {
			Analyze(p)
		}
	}
}

// BenchmarkAnalyzeParallel is the checker's situation: several goroutines
// analysing documents at once and sharing the stem cache.
func BenchmarkAnalyzeParallel(b *testing.B) {
	paras, n := benchSample(b)
	b.SetBytes(n)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			for _, p := range paras {
				Analyze(p)
			}
		}
	})
}

// BenchmarkAppendAnalyze is the checker's call: every block of a document
// analysed into one reused slice.
func BenchmarkAppendAnalyze(b *testing.B) {
	paras, n := benchSample(b)
	b.SetBytes(n)
	b.ReportAllocs()
	var buf []Token
	tokens := 0
	for b.Loop() {
		buf = buf[:0]
		tokens = 0
		for _, p := range paras {
			buf = AppendAnalyze(buf[:0], p)
			tokens += len(buf)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(tokens), "ns/token")
}
