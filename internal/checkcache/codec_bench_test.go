package checkcache

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/source"
)

// benchCache is a cache of n documents shaped like a check of a generated
// corpus: each with anchors, a few dependencies and findings.
func benchCache(n int) *Cache {
	c := New("k1")
	c.Saved = 1_700_000_000_000_000_000
	for i := range n {
		rel := fmt.Sprintf("topic-%02d/doc-%05d.md", i%40, i)
		file := "corpus/" + rel
		st := &rules.DocState{Corpus: "c1", Deps: map[string]string{}}
		for k := range 8 {
			st.Anchors = append(st.Anchors, fmt.Sprintf("section-%d-about-the-offence", k))
		}
		for k := range 4 {
			st.Deps[fmt.Sprintf("doc:topic-%02d/doc-%05d.md", k, (i+k*7)%n)] = fmt.Sprintf("%016x", i*31+k)
		}
		for k := range 3 {
			st.Findings = append(st.Findings, rules.CachedFinding{Finding: rules.Finding{
				Rule: "variant-wording", Severity: rules.Warning, Confidence: 0.85, File: file,
				Line: 10 + k*7, Column: 5, EndLine: 10 + k*7, EndColumn: 22, Term: "restraining order",
				Message:    `"restraining orders" is a variant of the glossary term "restraining order"`,
				Suggestion: "restraining order", Expected: "restraining order", Actual: "restraining orders",
				Fingerprint: fmt.Sprintf("%016x", i*3+k), ByteColumn: 5, EndByteColumn: 22, UTF16Column: 5, EndUTF16Column: 22,
				Context: "The court may make restraining orders on conviction or acquittal.", Match: "restraining orders",
			}, Start: 100 + k*300})
		}
		c.Docs[rel] = &Doc{Hash: fmt.Sprintf("%032x", i), Size: int64(4000 + i%3000), ModTime: 1_690_000_000_000_000_000 + int64(i),
			Slug: fmt.Sprintf("doc-%05d", i), SlugPos: source.Position{File: file, Line: 2, Column: 7, Offset: 12, ByteColumn: 7, UTF16Column: 7},
			State: st}
	}
	c.Corpus = &rules.CorpusState{Key: "ck", Findings: map[string][]rules.CachedFinding{}}
	return c
}

// BenchmarkCodec encodes and decodes the cache of a 10,000-document check:
// "encode" afresh (every record encoded), "encode-reused" as a check after
// one edit does (records loaded from the file copied back), and "decode".
// The encodings go to a memFile, as Save's go to a temporary file.
//
//	go test -run '^$' -bench Codec ./internal/checkcache
func BenchmarkCodec(b *testing.B) {
	c := benchCache(10000)
	var buf memFile
	if err := encode(&buf, c); err != nil {
		b.Fatal(err)
	}
	data := bytes.Clone(buf.b)
	b.Run("encode", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			buf.b = buf.b[:0]
			if err := encode(&buf, c); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encode-reused", func(b *testing.B) {
		prev, err := decode(data, "k1")
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			buf.b = buf.b[:0]
			if err := encode(&buf, prev); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decode", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := decode(data, "k1"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// memFile is an in-memory file that, like Save's temporary file, can be
// written at an offset.
type memFile struct{ b []byte }

func (f *memFile) Write(p []byte) (int, error) {
	f.b = append(f.b, p...)
	return len(p), nil
}

func (f *memFile) WriteAt(p []byte, off int64) (int, error) {
	return copy(f.b[off:], p), nil
}
