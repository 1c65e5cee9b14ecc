package checkcache

import (
	"os"
	"testing"

	"github.com/concord-guidance/concord/internal/binenc"
)

// BenchmarkDecode decodes a cache file a check wrote, named by
// CONCORD_BENCH_CACHE (for example the .concord/check-cache of a generated
// 10,000-document corpus); it is skipped without one. The key is taken from
// the file, so the benchmark binary need not be the one that wrote it.
//
//	CONCORD_BENCH_CACHE=/tmp/concord-bench/corpus-10000-s1/.concord/check-cache \
//	    go test -run '^$' -bench Decode ./internal/checkcache
func BenchmarkDecode(b *testing.B) {
	path := os.Getenv("CONCORD_BENCH_CACHE")
	if path == "" {
		b.Skip("set CONCORD_BENCH_CACHE to a check-cache file")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	r, err := binenc.Open(data, magic, format)
	if err != nil {
		b.Fatal(err)
	}
	key := r.String()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := decode(data, key); err != nil {
			b.Fatal(err)
		}
	}
}
