package corpus

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/concord-guidance/concord/internal/source"
)

// BenchmarkParse reads and parses the bundled corpus, or the first 300
// documents of the folder CONCORD_BENCH_DOCS names (a generated corpus,
// say), as a check does: Read is source.ReadOS alone, Parse is Parse on
// files read before.
func BenchmarkParse(b *testing.B) {
	dir := os.Getenv("CONCORD_BENCH_DOCS")
	if dir == "" {
		dir = "../../corpus"
	}
	paths, _ := filepath.Glob(filepath.Join(dir, "*.md"))
	paths = paths[:min(len(paths), 300)]
	var files []*source.File
	size := 0
	for _, p := range paths {
		f, err := source.ReadOS(p, p)
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, f)
		size += len(f.Text)
	}
	b.Run("Read", func(b *testing.B) {
		b.SetBytes(int64(size))
		for b.Loop() {
			for _, p := range paths {
				if _, err := source.ReadOS(p, p); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("Parse", func(b *testing.B) {
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for b.Loop() {
			for i, f := range files {
				// The path below the corpus root, as a check passes it
				// (a path from the root of the disk makes a slug that
				// SlugProblem spends a Sprintf on).
				Parse(f, filepath.Base(paths[i]))
			}
		}
	})
}
