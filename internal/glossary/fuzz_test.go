package glossary

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"github.com/concord-guidance/concord/internal/source"
)

// companion is a valid term loaded beside the fuzzed file, so the checks
// that cross files (duplicate ids, claimed wording, related terms) run too.
const companion = `id: harassment
term: harassment
definition: Conduct on at least two occasions that causes alarm or distress.
summary: A course of conduct causing alarm or distress.
sources:
  - act: Protection from Harassment Act 1997
    section: "1"
aliases: [pestering]
`

// loadSeeds are byte-level cases the bundled glossary does not hold.
var loadSeeds = []string{
	"",
	"---\n",
	"---", // regression: an empty document placed its null node on line 2 of 1
	"# only a comment\n",
	"- a\n- b\n",
	"id: stalking\nterm: [unclosed\n",
	"id: stalking\n  term: x\n",
	"id: stalking\nterm: stalk\x00ing\n",
	"id: stalking\nterm: caf\xe9\n",
	"id: stalking\nterm: stalk\x01ing\n",
	"\ufeffid: stalking\r\nterm: stalking\r\nsumary: x\r\n",
	"id: stalking\rterm: stalking\rrelated: [harasment]\r",
	"id: stalking\nterm: stalking\n---\nid: other\n",
	"id: stalking\nnotes: &a [x]\nexamples: *a\nterm: *missing\n",
	"[a]: b\n? [c]\n: d\n",
	"id: stalking\npenalty:\n  - mode: summary\n    months: 99999999999999999999\n",
	"id: stalking\nact: {title: X, year: 1997.5, short: [[a]]}\n",
	"id: pestering\nterm: pestering\naliases: [harassment]\n",
	"id: harassment\n",
	"id: !!binary aGk=\nterm: !!int 5\n",
	"%YAML 1.1\n%YAML 1.1\n---\nid: x\n",
	strings.Repeat("[", 200),
	strings.Repeat("a:\n ", 100),
}

// addGlossarySeeds adds every bundled term and every YAML file in the CLI's
// catalogue scripts.
func addGlossarySeeds(f *testing.F) {
	terms, _ := filepath.Glob("../../glossary/*.yaml")
	for _, p := range terms {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	if len(terms) == 0 {
		f.Fatal("no seeds: ../../glossary/*.yaml not found")
	}
	scripts, _ := filepath.Glob("../cli/testdata/script/*.txtar")
	for _, p := range scripts {
		ar, err := txtar.ParseFile(p)
		if err != nil {
			continue
		}
		for _, file := range ar.Files {
			if strings.HasPrefix(file.Name, "glossary/") {
				f.Add(file.Data)
			}
		}
	}
	for _, s := range loadSeeds {
		f.Add([]byte(s))
	}
}

var fuzzID = regexp.MustCompile(`(?m)^id:\s*([a-z0-9-]{1,60})\s*$`)

// FuzzLoad holds the glossary loader to its promises over one YAML file: it
// never panics; it returns a glossary or source.Errors, never both or
// neither; every error names a file of the glossary, and an error about the
// YAML itself names a line in it; no position lies beyond the end of its
// file.
func FuzzLoad(f *testing.F) {
	addGlossarySeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		// Name the file after its id when it has one, so valid terms load.
		name := "term.yaml"
		if m := fuzzID.FindSubmatch(data); m != nil {
			name = string(m[1]) + ".yaml"
		}
		if name == "harassment.yaml" {
			name = "harassment-2.yaml"
		}
		fsys := fstest.MapFS{
			name:              {Data: data},
			"harassment.yaml": {Data: []byte(companion)},
		}
		g, err := Load(fsys, ".", "glossary")
		if (g == nil) == (err == nil) {
			t.Fatalf("Load returned glossary %v and error %v", g != nil, err)
		}
		if err == nil {
			if len(g.Terms) != 2 || g.Matcher == nil {
				t.Fatalf("loaded %d terms, matcher %v", len(g.Terms), g.Matcher != nil)
			}
			return
		}
		var errs source.Errors
		if !errors.As(err, &errs) || len(errs) == 0 {
			t.Fatalf("error is %T, not source.Errors: %v", err, err)
		}
		lines := map[string]int{"glossary/harassment.yaml": lineCount([]byte(companion)), "glossary/" + name: lineCount(data)}
		for _, e := range errs {
			n, ok := lines[e.Pos.File]
			if !ok {
				t.Fatalf("error names no glossary file: %v", e)
			}
			if strings.HasPrefix(e.Msg, "invalid YAML") && e.Pos.Line < 1 {
				t.Fatalf("YAML error without a line: %v", e)
			}
			if e.Pos.Line > n || e.Pos.Line < 0 || (e.Pos.Line > 0 && e.Pos.Column < 1) {
				t.Fatalf("error at %d:%d in a file of %d lines: %v", e.Pos.Line, e.Pos.Column, n, e)
			}
			if strings.Contains(e.Error(), "\n") {
				t.Fatalf("message spans lines: %q", e.Error())
			}
		}
	})
}

// lineCount is the number of lines source.File sees in data.
func lineCount(data []byte) int {
	f, _ := source.New("x", data)
	return f.LineCount()
}
