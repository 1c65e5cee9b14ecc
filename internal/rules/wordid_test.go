package rules

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/concord-guidance/concord/internal/analysis"
	"github.com/concord-guidance/concord/internal/testload"
)

// TestWordNumbersMatchStrings: the tables indexed by the analysis's word
// numbers, and the answers kept by them, must be what the string lookups
// give, which tokens the analysis did not number (or a rule changed)
// still take.
func TestWordNumbersMatchStrings(t *testing.T) {
	g := testload.Glossary(t)
	vix, bix, words := variantIndexFor(g), breachIndexFor(g), conceptWords()
	files, _ := filepath.Glob("../../corpus/*.md")
	if len(files) == 0 {
		t.Fatal("no bundled guidance to read")
	}
	stems, cues := 0, 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		toks := analysis.Analyze(text)
		bare := make([]analysis.Token, len(toks))
		for i, tk := range toks {
			if tk.TermID == 0 || tk.SurfaceID == 0 {
				t.Fatalf("%s: token %+v not numbered", f, tk)
			}
			tk.TermID, tk.SurfaceID = 0, 0
			bare[i] = tk
		}
		if got, want := words.ids(toks, nil), words.ids(bare, nil); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: breach wordings' numbers differ with the analysis's numbers", f)
		}
		for i := range toks {
			got, want := vix.tokenStemID(&toks[i]), vix.tokenStemID(&bare[i])
			if got != want {
				t.Errorf("%s: stem id of %q: %d by number, %d by string", f, toks[i].Term, got, want)
			}
			if got >= 0 {
				stems++
			}
			// Twice: the first finds the answer and keeps it, the
			// second reads it back.
			want2 := vix.misspeltWord(&bare[i])
			for range 2 {
				if got := vix.misspeltWord(&toks[i]); got != want2 {
					t.Errorf("%s: %q misspells %v by number, %v by string", f, toks[i].Surface, got, want2)
				}
			}
		}
		got, want := bix.find(text, toks), bix.find(text, bare)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: breach cues differ with the analysis's numbers", f)
		}
		cues += len(got)
	}
	if stems == 0 || cues == 0 {
		t.Errorf("the guidance has %d variant stems and %d breach cues: the test tests nothing", stems, cues)
	}
}
