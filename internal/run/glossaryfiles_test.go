package run

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/concord-guidance/concord/internal/config"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/opendata"
)

// builtinTerm is the built-in term named name.
func builtinTerm(t *testing.T, name string) *glossary.Term {
	t.Helper()
	g, err := BuiltinGlossary()
	if err != nil {
		t.Fatal(err)
	}
	m := g.Find(name)
	if len(m) != 1 {
		t.Fatalf("%d built-in terms fit %q", len(m), name)
	}
	return m[0].Term
}

// ownTerm is a term of a team's own, related to related.
func ownTerm(id string, related ...string) *glossary.Term {
	return &glossary.Term{ID: id, Term: strings.ReplaceAll(id, "-", " "), Kind: "concept",
		Definition: "A " + id + " is what the team's guidance says it is.", Summary: "The team's own term.",
		Sources: []glossary.Source{{Document: "The team's style guide"}}, Related: related}
}

// TestImportBesideOverrides: a folder that is a layer over the built-in
// glossary holds a term with overrides: true. Terms imported into it are
// checked with that term as a term like any other (there is no built-in
// layer in the check to override), so a new term related to it imports,
// and the file with overrides: is left byte for byte.
func TestImportBesideOverrides(t *testing.T) {
	dir := t.TempDir()
	over := ownTerm("home-visit")
	over.Overrides = true
	data, err := opendata.YAML(over)
	if err != nil {
		t.Fatal(err)
	}
	before := "# hand-written\n" + string(data)
	if err := os.WriteFile(filepath.Join(dir, "home-visit.yaml"), []byte(before), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := ImportTerms([]*glossary.Term{ownTerm("doorstep-visit", "home-visit")}, dir, false)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Added, []string{"doorstep-visit.yaml"}) || len(res.Changed)+len(res.Same) != 0 {
		t.Errorf("imported %+v, want doorstep-visit.yaml added", res)
	}
	if got := readFile(t, filepath.Join(dir, "home-visit.yaml")); got != before {
		t.Errorf("home-visit.yaml changed:\n%s", got)
	}
	// Loaded as they are, the files fail on overrides:, which is what
	// the import's check must not do.
	if _, err := glossary.Load(os.DirFS(dir), ".", "x"); err == nil || !strings.Contains(err.Error(), "overrides") {
		t.Errorf("the folder alone loads (%v); the test no longer shows why the check clears overrides:", err)
	}
}

// TestImportOverridingTerm: a term that says overrides: true imports into
// an empty folder (checked as a plain term, with nothing to override
// there), is written with overrides: true, and imported again is
// unchanged.
func TestImportOverridingTerm(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "glossary")
	term := ownTerm("stalking")
	term.Overrides = true
	res, err := ImportTerms([]*glossary.Term{term}, dir, false)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Added, []string{"stalking.yaml"}) {
		t.Errorf("imported %+v, want stalking.yaml added", res)
	}
	want, err := opendata.YAML(term)
	if err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, filepath.Join(dir, "stalking.yaml")); got != string(want) || !strings.Contains(got, "overrides: true") {
		t.Errorf("stalking.yaml is\n%s\nwant\n%s", got, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "schema.json")); err != nil {
		t.Errorf("no schema.json beside the files: %v", err)
	}
	res, err = ImportTerms([]*glossary.Term{term}, dir, false)
	if err != nil || !slices.Equal(res.Same, []string{"stalking.yaml"}) || len(res.Added)+len(res.Changed) != 0 {
		t.Errorf("imported again: %+v, %v; want stalking.yaml unchanged", res, err)
	}
	noTemporaries(t, dir)
}

// TestImportRefusals: a term file that differs is not overwritten without
// force, and then nothing is written, not even the new terms; with force
// it is, and a term left out of the import is counted, not removed. Terms
// that do not make a glossary write nothing at all.
func TestImportRefusals(t *testing.T) {
	dir := t.TempDir()
	if _, err := ImportTerms([]*glossary.Term{ownTerm("home-visit"), ownTerm("case-file")}, dir, false); err != nil {
		t.Fatal(err)
	}
	edited := ownTerm("home-visit")
	edited.Summary = "Edited in a terminology tool."
	old := readFile(t, filepath.Join(dir, "home-visit.yaml"))
	res, err := ImportTerms([]*glossary.Term{edited, ownTerm("new-term")}, dir, false)
	var refused *Refused
	if !errors.As(err, &refused) || res != nil {
		t.Fatalf("ImportTerms = %+v, %v; want a refusal", res, err)
	}
	if !slices.Equal(refused.Paths, []string{filepath.Join(dir, "home-visit.yaml")}) {
		t.Errorf("refused %q", refused.Paths)
	}
	if got := readFile(t, filepath.Join(dir, "home-visit.yaml")); got != old {
		t.Error("a refused import changed home-visit.yaml")
	}
	if _, err := os.Stat(filepath.Join(dir, "new-term.yaml")); err == nil {
		t.Error("a refused import wrote new-term.yaml")
	}
	res, err = ImportTerms([]*glossary.Term{edited}, dir, true)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Changed, []string{"home-visit.yaml"}) || res.LeftAlone != 1 {
		t.Errorf("forced import %+v, want home-visit.yaml changed and case-file left alone", res)
	}
	if !strings.Contains(readFile(t, filepath.Join(dir, "home-visit.yaml")), "Edited in a terminology tool.") {
		t.Error("the forced import did not write the edit")
	}

	fresh := filepath.Join(t.TempDir(), "fresh")
	_, err = ImportTerms([]*glossary.Term{ownTerm("lonely", "nowhere")}, fresh, false)
	var invalid *InvalidImport
	if !errors.As(err, &invalid) {
		t.Fatalf("a dangling related term gave %v, want InvalidImport", err)
	}
	if _, err := os.Lstat(fresh); err == nil {
		t.Error("an invalid import created its folder")
	}
}

// TestExportTerms: export writes the built-in files and schema.json;
// again, over files that hold exactly that, it succeeds; over a file that
// differs it refuses and writes nothing, unless forced.
func TestExportTerms(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "terms")
	terms := []*glossary.Term{builtinTerm(t, "stalking"), builtinTerm(t, "harassment")}
	res, err := ExportTerms(dir, terms, ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Files, []string{"stalking.yaml", "harassment.yaml", "schema.json"}) || res.Terms() != 2 {
		t.Errorf("exported %q", res.Files)
	}
	built, err := os.ReadFile(filepath.Join(dir, "stalking.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if want, err := fs.ReadFile(BuiltinLayer().FS, "stalking.yaml"); err != nil || !bytes.Equal(built, want) {
		t.Errorf("stalking.yaml is not the built-in file as written (%v)", err)
	}
	if _, err := ExportTerms(dir, terms, ExportOptions{}); err != nil {
		t.Errorf("exporting again over identical files: %v", err)
	}
	mine := []byte("# my own\n")
	if err := os.WriteFile(filepath.Join(dir, "harassment.yaml"), mine, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = ExportTerms(dir, terms, ExportOptions{Overrides: true})
	var refused *Refused
	if !errors.As(err, &refused) {
		t.Fatalf("export over a changed file gave %v, want a refusal", err)
	}
	// stalking.yaml would change too (overrides: added): both are named.
	if want := []string{filepath.Join(dir, "stalking.yaml"), filepath.Join(dir, "harassment.yaml")}; !slices.Equal(refused.Paths, want) {
		t.Errorf("refused %q, want %q", refused.Paths, want)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "stalking.yaml")); !bytes.Equal(got, built) {
		t.Error("a refused export changed stalking.yaml")
	}
	if _, err := ExportTerms(dir, terms, ExportOptions{Overrides: true, Force: true}); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, filepath.Join(dir, "harassment.yaml")); !strings.Contains(got, "\noverrides: true\n") {
		t.Errorf("forced export did not write the marked file:\n%s", got)
	}
	noTemporaries(t, dir)
}

// TestLayeredOver: export's refusal applies to a folder layered after the
// built-in glossary, not before it or alone.
func TestLayeredOver(t *testing.T) {
	for _, c := range []struct {
		layers []string
		want   bool
	}{
		{[]string{config.Builtin, "glossary"}, true},
		{[]string{"glossary", config.Builtin}, false},
		{[]string{"glossary"}, false},
		{[]string{config.Builtin, "other"}, false},
	} {
		if got := layeredOver(&config.Config{GlossaryLayers: c.layers}, "./glossary"); got != c.want {
			t.Errorf("%q: %v, want %v", c.layers, got, c.want)
		}
	}
}
