package restate

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
	testGlossaryOnce sync.Once
	testGlossary     *glossary.Glossary
	testGlossaryErr  error
)

// bundledGlossary loads the bundled glossary once for the package's tests.
func bundledGlossary(t testing.TB) *glossary.Glossary {
	t.Helper()
	testGlossaryOnce.Do(func() {
		sub, _ := fs.Sub(concord.Glossary, "glossary")
		testGlossary, testGlossaryErr = glossary.Load(sub, ".", "glossary")
	})
	if testGlossaryErr != nil {
		t.Fatalf("bundled glossary: %v", testGlossaryErr)
	}
	return testGlossary
}

// parseDoc parses Markdown as a document named name.
func parseDoc(t testing.TB, name, md string) *corpus.Document {
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
