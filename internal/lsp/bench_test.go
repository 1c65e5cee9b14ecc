package lsp

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/concord-guidance/concord/internal/benchgen"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/rules"
)

// BenchmarkEditLatency is the time from a didChange of a 5,000-word
// document in a 1,000-document workspace to its diagnostics being written:
// the document parsed and checked again, the cross-document rules brought
// up to date, and publishDiagnostics encoded.
//
//	go test ./internal/lsp -run '^$' -bench EditLatency -benchmem
func BenchmarkEditLatency(b *testing.B) {
	dir := b.TempDir()
	if _, err := benchgen.Generate(dir, benchgen.Options{Docs: 1000, Seed: 1, Glossary: os.DirFS("../../glossary")}); err != nil {
		b.Fatal(err)
	}
	g, err := glossary.Load(os.DirFS(filepath.Join(dir, "glossary")), ".", "glossary")
	if err != nil {
		b.Fatal(err)
	}
	corpusDir := filepath.Join(dir, "corpus")
	inputs, err := corpus.DiscoverWith(corpusDir, corpusDir, corpus.Options{})
	if err != nil {
		b.Fatal(err)
	}
	// A 5,000-word page made of generated prose.
	var page strings.Builder
	page.WriteString("# A long page\n\n")
	words := 0
	for _, in := range inputs {
		raw, _ := os.ReadFile(in.Path)
		_, body, ok := strings.Cut(string(raw), "\n---\n")
		if !ok {
			body = string(raw)
		}
		for _, para := range strings.Split(body, "\n\n") {
			if strings.HasPrefix(para, "#") || strings.HasPrefix(para, "|") || strings.Contains(para, "](") {
				continue
			}
			page.WriteString(para + "\n\n")
			words += len(strings.Fields(para))
			if words >= 5000 {
				break
			}
		}
		if words >= 5000 {
			break
		}
	}
	ws := &Workspace{Root: dir, Glossary: g, CorpusDir: corpusDir, Inputs: inputs}
	s := New(strings.NewReader(""), io.Discard, io.Discard, nil, nil)
	s.inited, s.ws, s.engine = true, ws, newEngine(ws)
	path := filepath.Join(corpusDir, "long-page.md")
	uri := s.fileURI(path)
	base := page.String()
	s.didOpen(DidOpenParams{TextDocument: TextDocumentItem{URI: uri, Version: 1, Text: base}})
	b.ReportMetric(float64(words), "words")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// Type: a different word at the end each time.
		text := base + fmt.Sprintf("An edit %d about a stalking prevention order.\n", i)
		s.didChange(DidChangeParams{TextDocument: VersionedTextDocumentIdentifier{URI: uri, Version: i + 2}, ContentChanges: []TextDocumentContentChangeEvent{{Text: text}}})
	}
	b.StopTimer()
	if !hasFinding(s.engine.findings(path), "deprecated-term") {
		b.Fatal("the edit's deprecated phrase was not reported: the benchmark measures nothing")
	}
}

// TestMemoryFlatOverEdits: the heap after 10,000 edits is what it was after
// 1,000 (within 2 MB): nothing is kept per edit. Sizes, not times.
func TestMemoryFlatOverEdits(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	dir := t.TempDir()
	g, err := glossary.Load(os.DirFS("../../glossary"), ".", "glossary")
	if err != nil {
		t.Fatal(err)
	}
	corpusDir, _ := filepath.Abs("../../corpus")
	inputs, err := corpus.DiscoverWith(corpusDir, corpusDir, corpus.Options{Exclude: []string{"README.md"}})
	if err != nil {
		t.Fatal(err)
	}
	ws := &Workspace{Root: dir, Glossary: g, CorpusDir: corpusDir, Inputs: inputs}
	s := New(strings.NewReader(""), io.Discard, io.Discard, nil, nil)
	s.inited, s.ws, s.engine = true, ws, newEngine(ws)
	path := filepath.Join(corpusDir, "not-on-disk.md")
	uri := s.fileURI(path)
	s.didOpen(DidOpenParams{TextDocument: TextDocumentItem{URI: uri, Version: 1, Text: "# Page\n"}})
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	var at1000 uint64
	for i := 1; i <= 10000; i++ {
		text := fmt.Sprintf("# Page\n\nEdit %d: the police may apply for a stalking prevention order.\n", i)
		s.didChange(DidChangeParams{TextDocument: VersionedTextDocumentIdentifier{URI: uri, Version: i + 1}, ContentChanges: []TextDocumentContentChangeEvent{{Text: text}}})
		if i == 1000 {
			at1000 = heap()
		}
	}
	if !hasFinding(s.engine.findings(path), "deprecated-term") {
		t.Fatal("edits were not checked")
	}
	if end := heap(); end > at1000+2<<20 {
		t.Fatalf("heap grew from %d to %d bytes over 9,000 edits", at1000, end)
	}
}

func hasFinding(fs []*rules.Finding, rule string) bool {
	for _, f := range fs {
		if f.Rule == rule {
			return true
		}
	}
	return false
}
