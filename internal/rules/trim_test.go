package rules

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestTrimKeepsWhatCorpusRulesRead checks that a released document (Trim
// without matches) still gives inconsistent-description the same
// restatements and acronym expansions, and that Trim with matches, for the
// site, keeps every block.
func TestTrimKeepsWhatCorpusRulesRead(t *testing.T) {
	g := bundledGlossary(t)
	files, _ := filepath.Glob("../../corpus/*.md")
	if len(files) == 0 {
		t.Skip("no bundled corpus")
	}
	acronyms := func(df *DocFacts) []string {
		var out []string
		for _, bf := range df.Blocks {
			for _, u := range rsFindAcronyms(bf, df.Doc) {
				out = append(out, fmt.Sprint(u.start, u.end, u.written, u.norm, u.context))
			}
		}
		return out
	}
	dropped := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		df := analyse(parseDoc(t, filepath.Base(f), string(data)), g)
		site := analyse(df.Doc, g)
		want, blocks := acronyms(df), len(df.Blocks)
		rs := slices.Clone(df.Restatements)

		df.Trim(false)
		if got := acronyms(df); !slices.Equal(got, want) {
			t.Errorf("%s: acronym expansions after Trim(false)\n%q\nwant\n%q", f, got, want)
		}
		if !slices.Equal(df.Restatements, rs) {
			t.Errorf("%s: restatements changed", f)
		}
		for _, r := range df.Restatements {
			if !slices.Contains(df.Blocks, r.Block) || r.Block.Tokens == nil {
				t.Errorf("%s: the block of restatement %q was dropped or lost its tokens", f, r.Text())
			}
		}
		dropped += blocks - len(df.Blocks)

		site.Trim(true)
		if len(site.Blocks) != blocks {
			t.Errorf("%s: Trim(true) kept %d of %d blocks", f, len(site.Blocks), blocks)
		}
	}
	if dropped == 0 {
		t.Error("Trim(false) dropped no block in the bundled corpus")
	}
}
