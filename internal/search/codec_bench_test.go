package search

import (
	"testing"
)

// BenchmarkStaticCodec encodes and decodes the static index's state for
// staticBenchDocs documents (10,000 unless CONCORD_BENCH_DOCS says): "encode"
// is EncodeChunked with every chunk written, the entries encoded afresh;
// "decode" is DecodeChunked of that state and decoding every entry.
//
//	go test -run '^$' -bench StaticCodec ./internal/search
func BenchmarkStaticCodec(b *testing.B) {
	docs := staticBenchDocs(b)
	s, err := BuildStatic(entriesOf(docs))
	if err != nil {
		b.Fatal(err)
	}
	dirty := func() {
		s.chunks = nil
		for i := range s.docs {
			s.docs[i].clean = false
			s.docs[i].enc = nil
		}
		for i := range s.posts {
			s.posts[i].clean = false
		}
		for i := range s.vocab {
			s.vocab[i].clean = false
		}
	}
	entries := make([]*Entry, len(s.docs))
	for i := range s.docs {
		entries[i] = s.docs[i].entry
	}
	dirty()
	store := &chunkStore{}
	store.save(s)
	size := len(store.head)
	for _, c := range store.chunks {
		size += len(c)
	}
	b.Run("encode", func(b *testing.B) {
		b.SetBytes(int64(size))
		for b.Loop() {
			b.StopTimer()
			dirty()
			for i, e := range entries {
				e.enc = nil
				s.docs[i].entry = e
			}
			b.StartTimer()
			s.EncodeChunked()
		}
	})
	b.Run("decode", func(b *testing.B) {
		b.SetBytes(int64(size))
		for b.Loop() {
			d := store.load(b)
			for i := range d.docs {
				if _, err := decodeEntry(d.docs[i].enc); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
