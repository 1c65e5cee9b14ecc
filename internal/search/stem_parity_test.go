package search

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	blevea "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"

	"github.com/concord-guidance/concord/internal/analysis"
)

// stemSuffixes make inflections of every word of the bundled corpus and
// glossary, and of their stems, whether or not the corpus holds them: the
// forms a reader types. Among them are the suffixes each step of Porter's
// algorithm looks for.
var stemSuffixes = []string{
	"s", "es", "ed", "ing", "er", "ers", "ly", "ness", "ment", "ments", "ation", "ations",
	"ational", "ization", "izer", "ive", "iveness", "ful", "fulness", "able", "ible", "al", "ally",
	"ance", "ence", "ism", "ity", "ous", "ousness", "ize", "ies", "ied", "y", "eed", "ly's",
}

// stemParityWords returns the words the stem parity test runs: the words of
// the bundled corpus and glossary, inflections of them and of their stems,
// capitalised, upper-case and possessive forms, and words outside ASCII.
func stemParityWords(t *testing.T) (words []string, corpus map[string]bool) {
	t.Helper()
	set := map[string]bool{}
	for _, root := range []string{"../../corpus", "../../glossary"} {
		err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			for _, tk := range analysis.Analyze(string(b)) {
				if lettersOnly(tk.Surface) {
					set[tk.Surface] = true
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	bases := make([]string, 0, 2*len(set))
	for w := range set {
		bases = append(bases, w, analysis.Stem(w))
	}
	slices.Sort(bases)
	bases = slices.Compact(bases)
	all := map[string]bool{}
	for i, b := range bases {
		all[b] = true
		for _, suf := range stemSuffixes {
			all[b+suf] = true
		}
		n := len(b)
		if n > 2 && b[n-1] == 'e' {
			all[b[:n-1]+"ing"] = true // hope → hoping
		}
		if n > 2 && !strings.ContainsRune("aeiouwxy", rune(b[n-1])) {
			all[b+b[n-1:]+"ed"] = true // stop → stopped; fall → falled
			all[b+b[n-1:]+"ing"] = true
		}
		switch i % 4 {
		case 0:
			all[strings.ToUpper(b[:1])+b[1:]] = true
		case 1:
			all[strings.ToUpper(b)] = true
		case 2:
			all[b+"'s"] = true
		case 3:
			all[b+"s’"] = true
		}
	}
	for _, w := range []string{
		"naïve", "naïvety", "café", "cafés", "résumés", "façades", "Ærøskøbing", "straße", "İstanbul",
		"ΟΔΥΣΣΕΥΣ", "Σοφίας", "Ĳssel", "ﬁnding", "skyey", "yyyy", "syzygy", "by", "sky", "aa", "eed",
		"ies", "sses", "bli", "logi", "abatement", "bowdlerized", "y", "x", "happy", "happily",
	} {
		all[w] = true
	}
	for w := range all {
		words = append(words, w)
	}
	slices.Sort(words)
	return words, set
}

// stemCase is one word and the terms the index's analyser makes of it.
type stemCase struct {
	Text  string   `json:"text"`
	Terms []string `json:"terms"`
}

// TestJavaScriptStemParity runs at least 10,000 English words (those of the
// bundled corpus and glossary and inflections of them, most of which the
// corpus does not hold) through the analyser the index is built with, in
// bleve, and through search.js and stem.js under node, which must give the
// same terms: a query word is stemmed in the browser as the index stemmed
// the documents, whether or not the site holds it. The stemmer is also
// checked to be the one bleve's "en" analyzer ends with (its "porter" token
// filter).
func TestJavaScriptStemParity(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	words, corpus := stemParityWords(t)
	if len(words) < 10000 {
		t.Fatalf("only %d words", len(words))
	}
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	an := m.AnalyzerNamed(analysis.AnalyzerName)
	if an == nil {
		t.Fatal("the index's analyser is not registered")
	}
	bleveEN := porter.NewPorterStemmer()
	cases := make([]stemCase, 0, len(words))
	unseen := 0
	for _, w := range words {
		var terms []string
		for _, tk := range an.Analyze([]byte(w)) {
			if s := string(tk.Term); !slices.Contains(terms, s) {
				terms = append(terms, s)
			}
		}
		if terms == nil {
			terms = []string{}
		}
		cases = append(cases, stemCase{w, terms})
		f := analysis.Fold(w)
		if lettersOnly(f) && utf8.RuneCountInString(f) >= 3 {
			got := bleveEN.Filter(blevea.TokenStream{{Term: []byte(f)}})
			if s := string(got[0].Term); s != analysis.Stem(f) {
				t.Errorf("%q: bleve's porter filter gives %q, concord's analysis %q", w, s, analysis.Stem(f))
			}
		}
		if !corpus[f] {
			unseen++
		}
	}
	t.Logf("%d words, %d of them not words of the corpus or glossary", len(cases), unseen)
	dir := t.TempDir()
	writeJSON(t, filepath.Join(dir, "stems.json"), map[string]interface{}{"stop": analysis.StopWords(), "cases": cases})
	runNodeTest(t, node, "testdata/stem.test.js", dir, "")
}
