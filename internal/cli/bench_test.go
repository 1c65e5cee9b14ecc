package cli

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	concord "github.com/concord-guidance/concord"
	"github.com/concord-guidance/concord/internal/benchgen"
)

// BenchmarkCheckAfterOneChange times a check of a whole generated corpus
// after one document changed, with the check cache warm: what a writer
// waits for after saving a file. It runs in-process, so the process start
// (a few milliseconds) is not counted.
//
//	go test -run '^$' -bench CheckAfterOneChange ./internal/cli             # 1,000 documents
//	CONCORD_BENCH_DOCS=10000 go test -run '^$' -bench CheckAfterOneChange \
//	    -cpuprofile /tmp/inc.prof ./internal/cli                              # 10,000
func BenchmarkCheckAfterOneChange(b *testing.B) {
	n := 1000
	if s := os.Getenv("CONCORD_BENCH_DOCS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatal(err)
		}
	}
	dir := filepath.Join(b.TempDir(), "corpus")
	glossary, err := fs.Sub(concord.Glossary, "glossary")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := benchgen.Generate(dir, benchgen.Options{Docs: n, Seed: 1, Glossary: glossary}); err != nil {
		b.Fatal(err)
	}
	var one string
	filepath.WalkDir(filepath.Join(dir, "corpus"), func(p string, e fs.DirEntry, err error) error {
		if err == nil && one == "" && strings.HasSuffix(p, ".md") {
			one = p
		}
		return err
	})
	b.Chdir(dir)
	check := func() {
		if code := Main([]string{"check", "--fail-on", "none", "--format", "json"}, strings.NewReader(""), io.Discard, io.Discard); code != 0 {
			b.Fatalf("check exited %d", code)
		}
	}
	check() // cold: writes the cache
	f, err := os.OpenFile(one, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	i := 0
	for b.Loop() {
		i++
		fmt.Fprintf(f, "\nThe guidance on this point was reviewed in run %d.\n", i)
		check()
	}
}
