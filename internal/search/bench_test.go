package search

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/concord-guidance/concord/internal/par"
)

const benchDocs = 500

func BenchmarkBuild(b *testing.B) {
	docs := syntheticDocs(benchDocs)
	b.Run("memory", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			idx, err := Build(docs, "")
			if err != nil {
				b.Fatal(err)
			}
			idx.Close()
		}
	})
	b.Run("disk-cold", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			idx, err := Build(docs, b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			idx.Close()
		}
	})
	b.Run("disk-cached", func(b *testing.B) {
		cache := b.TempDir()
		idx, err := Build(docs, cache)
		if err != nil {
			b.Fatal(err)
		}
		idx.Close()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			idx, err := Build(docs, cache)
			if err != nil {
				b.Fatal(err)
			}
			idx.Close()
		}
	})
	b.Run("disk-one-changed", func(b *testing.B) {
		cache := b.TempDir()
		idx, err := Build(docs, cache)
		if err != nil {
			b.Fatal(err)
		}
		idx.Close()
		changed := append([]Doc(nil), docs...)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			d := changed[0]
			d.Summary = "revision " + strconv.Itoa(i)
			changed[0] = d
			idx, err := Build(changed, cache)
			if err != nil {
				b.Fatal(err)
			}
			idx.Close()
		}
	})
}

var benchQueries = []string{
	"stalking", "breach of restraining order", `"course of conduct"`, "harasment~1",
	"restrain*", "+victim -court", "title:protection evidence",
}

func BenchmarkSearch(b *testing.B) {
	idx := buildTest(b, syntheticDocs(benchDocs))
	b.ResetTimer()
	for _, q := range benchQueries {
		b.Run(q, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := idx.Search(Query{Text: q}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkExport(b *testing.B) {
	idx := buildTest(b, syntheticDocs(benchDocs))
	var files []File
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var err error
		if files, err = Files(idx); err != nil {
			b.Fatal(err)
		}
	}
	total := 0
	for _, f := range files {
		total += len(f.Data)
	}
	b.ReportMetric(float64(len(files)), "files")
	b.ReportMetric(float64(total), "index-bytes")
}

// BenchmarkStaticQueryBytes measures what the browser loads for a first
// query on a cold cache, on benchDocs synthetic documents: search.js,
// current.js, the manifest and the vocabulary, postings and section shards
// for the query and its top 10 results (search.js itself runs the queries,
// under node). The page itself is not counted. Bytes are as stored; gzip
// shows what a server that compresses sends.
func BenchmarkStaticQueryBytes(b *testing.B) {
	node, err := exec.LookPath("node")
	if err != nil {
		b.Skip("node not installed")
	}
	idx := buildTest(b, syntheticDocs(benchDocs))
	dir := b.TempDir()
	writeStatic(b, idx, dir)
	queries := []struct{ browser, goq string }{
		{"stalking", ""}, {"breach of restraining order", ""}, {"victim support", ""},
		{"obsessive loitering", ""}, {"protective", "protective*"}, {"sentencing guidance", ""},
	}
	var cases []parityCase
	for _, q := range queries {
		goq := q.goq
		if goq == "" {
			goq = q.browser
		}
		res, err := idx.Search(Query{Text: goq})
		if err != nil {
			b.Fatal(err)
		}
		c := parityCase{Name: q.browser, Query: q.browser, PrefixLast: q.goq != "", GoQuery: goq, Total: res.Total}
		for _, r := range res.Results {
			c.Top = append(c.Top, topEntry{r.URL, r.Line, r.Score})
		}
		cases = append(cases, c)
	}
	writeJSON(b, filepath.Join(dir, "cases.json"), cases)
	writeJSON(b, filepath.Join(dir, "tokens.json"), map[string][]string{})
	report := filepath.Join(dir, "report.json")
	for i := 0; i < b.N; i++ {
		runNode(b, node, dir, report)
	}
	var runs []struct {
		Name  string
		Files []string
	}
	raw, err := os.ReadFile(report)
	if err != nil {
		b.Fatal(err)
	}
	if err := json.Unmarshal(raw, &runs); err != nil {
		b.Fatal(err)
	}
	size := func(rel string) (int, int) {
		data, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			b.Fatal(err)
		}
		var z bytes.Buffer
		w, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
		w.Write(data)
		w.Close()
		return len(data), z.Len()
	}
	var raws, gzs []int
	for _, r := range runs {
		rawSum, gzSum := 0, 0
		kinds := map[byte]int{}
		for _, f := range append([]string{"search/search.js", "search/current.js"}, r.Files...) {
			n, z := size(f)
			rawSum += n
			gzSum += z
			k := filepath.Base(f)[0]
			if strings.HasPrefix(filepath.Base(f), "manifest-") {
				k = 'M'
			}
			kinds[k] += n
		}
		raws = append(raws, rawSum)
		gzs = append(gzs, gzSum)
		b.Logf("%-30q %3d files %7d bytes %6d gzipped (script %d, manifest %d, vocabulary %d, postings %d, sections %d)",
			r.Name, len(r.Files)+2, rawSum, gzSum, kinds['s']+kinds['c'], kinds['M'], kinds['v'], kinds['p'], kinds['m'])
	}
	sort.Ints(raws)
	sort.Ints(gzs)
	js, jsz := size("search/search.js")
	b.ReportMetric(float64(raws[len(raws)/2]), "median-bytes/query")
	b.ReportMetric(float64(gzs[len(gzs)/2]), "median-gzip-bytes/query")
	b.ReportMetric(float64(js), "search.js-bytes")
	b.ReportMetric(float64(jsz), "search.js-gzip-bytes")
}

// staticBenchDocs is the corpus size of the static index benchmarks:
// CONCORD_BENCH_DOCS, or 10,000 documents.
func staticBenchDocs(b *testing.B) []Doc {
	n := 10000
	if v := os.Getenv("CONCORD_BENCH_DOCS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 2 {
			b.Fatalf("CONCORD_BENCH_DOCS=%q", v)
		}
	}
	return syntheticDocs(n)
}

// BenchmarkBuildStatic builds the static index from nothing: analysing
// every document (NewEntry), BuildStatic and Files.
func BenchmarkBuildStatic(b *testing.B) {
	docs := staticBenchDocs(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		entries := make([]*Entry, len(docs))
		par.For(len(docs), func(i int) { entries[i] = NewEntry(docs[i]) })
		s, err := BuildStatic(entries)
		if err != nil {
			b.Fatal(err)
		}
		_ = s.Files()
	}
}

// BenchmarkStaticUpdate is what a site build does after one document
// changed: DecodeChunked of the state the last build left, Update with the
// document's new entry, EncodeChunked for the next build and Files. Analysing the
// one document (NewEntry) is outside the timer; the edit alternates so that
// the rounded averages do not flip.
func BenchmarkStaticUpdate(b *testing.B) {
	docs := staticBenchDocs(b)
	s, err := BuildStatic(entriesOf(docs))
	if err != nil {
		b.Fatal(err)
	}
	store := &chunkStore{}
	store.save(s)
	doc := docs[len(docs)/2]
	edits := []*Entry{
		NewEntry(withSection(doc, 1, func(s *Section) { s.Text += " Loitering near the victim's home." })),
		NewEntry(doc),
	}
	rebuilds := staticRebuilds.Load()
	var files []File
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s := store.load(b)
		if err := s.Update([]*Entry{edits[i%2]}, nil); err != nil {
			b.Fatal(err)
		}
		store.save(s)
		files = s.Files()
	}
	b.StopTimer()
	if staticRebuilds.Load() != rebuilds {
		b.Fatal("the edit rebuilt the index")
	}
	total := 0
	for _, f := range files {
		total += len(f.Data)
	}
	b.ReportMetric(float64(len(files)), "files")
	b.ReportMetric(float64(total), "index-bytes")
	state := len(store.head)
	for _, c := range store.chunks {
		state += len(c)
	}
	b.ReportMetric(float64(state), "state-bytes")
}
