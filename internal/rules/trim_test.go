package rules

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/testload"
)

// TestTrimKeepsWhatCorpusRulesRead checks that a released document (Trim
// without matches) still gives the corpus rules the summary a full
// analysis gives (its restatements, with their blocks' tokens, and its
// acronym expansions, taken before the release), and that Trim with
// matches, for the site, keeps every block.
func TestTrimKeepsWhatCorpusRulesRead(t *testing.T) {
	g := testload.Glossary(t)
	files, _ := filepath.Glob("../../corpus/*.md")
	if len(files) == 0 {
		t.Skip("no bundled corpus")
	}
	acronyms := func(s *DocSummary) []string {
		var out []string
		for _, u := range s.acronyms {
			out = append(out, fmt.Sprint(u.start, u.end, u.written, u.norm, u.context, u.loose))
		}
		return out
	}
	dropped, found := 0, 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d := testload.Doc(t, filepath.Base(f), string(data))
		fa := analyse(d, g)
		full := summarise(fa, publicFacing(fa))
		store := &factStore{m: map[*corpus.Document]*DocFacts{}}
		blocks := len(store.get(d, g).Blocks)
		store.summary(d, g)
		store.release(d)
		df := store.get(d, g)
		got := store.summary(d, g)
		if a, b := acronyms(got), acronyms(full); !slices.Equal(a, b) {
			t.Errorf("%s: acronym expansions after the release\n%q\nwant\n%q", f, a, b)
		}
		if got.digest() != full.digest() || got.Public != full.Public {
			t.Errorf("%s: the summary after the release differs from the full analysis's", f)
		}
		for _, r := range got.Restatements {
			if !slices.Contains(df.Blocks, r.Block) || r.Block.Tokens == nil {
				t.Errorf("%s: the block of restatement %q was dropped or lost its tokens", f, r.Text())
			}
		}
		found += len(full.acronyms)
		dropped += blocks - len(df.Blocks)

		site := analyse(d, g)
		site.Trim(true)
		if len(site.Blocks) != blocks {
			t.Errorf("%s: Trim(true) kept %d of %d blocks", f, len(site.Blocks), blocks)
		}
	}
	if dropped == 0 || found == 0 {
		t.Errorf("Trim(false) dropped %d blocks and the bundled corpus has %d acronym expansions: the test shows nothing", dropped, found)
	}
}
