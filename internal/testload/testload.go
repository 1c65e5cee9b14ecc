// Package testload gives tests the bundled glossary and documents parsed
// from Markdown in a string, failing the test on any error. It exists for
// tests alone, shared by several packages' tests (so it cannot be a
// _test.go file); no command imports it (see .ci/deadcode-allow).
package testload

import (
	"io/fs"
	"sync"
	"testing"

	"github.com/concord-guidance/concord"
	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/source"
)

var (
	glossaryOnce sync.Once
	bundled      *glossary.Glossary
	bundledErr   error
)

// Glossary is the bundled glossary, loaded once for the test binary and
// shared by every caller: do not change it.
func Glossary(t testing.TB) *glossary.Glossary {
	t.Helper()
	glossaryOnce.Do(func() {
		sub, _ := fs.Sub(concord.Glossary, "glossary")
		bundled, bundledErr = glossary.Load(sub, ".", "glossary")
	})
	if bundledErr != nil {
		t.Fatalf("bundled glossary: %v", bundledErr)
	}
	return bundled
}

// Doc parses md as the document named name.
func Doc(t testing.TB, name, md string) *corpus.Document {
	t.Helper()
	f, err := source.New(name, []byte(md))
	if err != nil {
		t.Fatal(err)
	}
	d, err := corpus.Parse(f, name)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
