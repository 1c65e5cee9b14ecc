package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/concord-guidance/concord/internal/source"
)

var configSeeds = []string{
	"",
	"corpus: docs\nglossary: terms\noutput: public\nbase_url: https://example.org/\nexclude: [README.md, drafts/*]\nfail_on: warning\n",
	"rules:\n  definition-drift:\n    severity: warning\n    threshold: 0.8\n  variant-wording: off\n",
	"corpus: docs\n  bad: indent\n",
	"corpus: [docs]\nexclude: [[a]]\n",
	"corpus: docs\ncorpus: other\n",
	"corpus: docs\n---\nfail_on: none\n",
	"[a]: b\nrules: {[x]: y}\n",
	"rules:\n  x: [a]\n  y:\n    severity: [b]\n    n: high\n",
	"exclude: ['[']\n",
	"glossary: [builtin, glossary]\n", "glossary: [builtin, builtin]\n", "glossary: []\n", "glossary: builtin\n",
	"glossary: terms\nextends: builtin\n", "extends: other\n", "glossary: [builtin, [x]]\n",
	"rules:\n  definition-drift:\n    threshold: 60%\n    paraphrases: false\n    loose-threshold: nan%\n",
	"\ufeffcorpus: docs\r\nfail_on: sometimes\r\n",
	"corpus: \x01\n", "corpus: caf\xe9\n", "corpus: a\x00\n", "title: *x\n", "- a\n",
}

// FuzzConfig holds concord.yaml's loader to its promises: it never panics;
// it returns a configuration or a *source.Error naming the file; a YAML
// error names a line in it.
func FuzzConfig(f *testing.F) {
	if data, err := os.ReadFile("../run/scaffold/concord.yaml"); err == nil {
		f.Add(data)
	}
	scripts, _ := filepath.Glob("../cli/testdata/script/*.txtar")
	for _, p := range scripts {
		if ar, err := txtar.ParseFile(p); err == nil {
			for _, file := range ar.Files {
				if file.Name == "concord.yaml" {
					f.Add(file.Data)
				}
			}
		}
	}
	for _, s := range configSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "concord.yaml")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		c, err := Load(path)
		if (c == nil) == (err == nil) {
			t.Fatalf("Load returned config %v and error %v", c != nil, err)
		}
		if err == nil {
			return
		}
		var se *source.Error
		if !errors.As(err, &se) {
			t.Fatalf("error is %T, not *source.Error: %v", err, err)
		}
		if se.Pos.File != filepath.ToSlash(path) {
			t.Fatalf("error names %q: %v", se.Pos.File, err)
		}
		f, _ := source.New(path, data)
		if strings.HasPrefix(se.Msg, "invalid YAML") && se.Pos.Line < 1 {
			t.Fatalf("YAML error without a line: %v", err)
		}
		if se.Pos.Line > f.LineCount() {
			t.Fatalf("error on line %d of %d: %v", se.Pos.Line, f.LineCount(), err)
		}
		if msg := strings.TrimSuffix(se.Error(), se.Hint+")"); strings.Contains(msg, "\n") {
			// (Some hints show a YAML example over several lines.)
			t.Fatalf("message spans lines: %q", se.Error())
		}
	})
}
