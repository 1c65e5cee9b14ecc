package run

import (
	"encoding/binary"
	"io"
	"slices"
	"testing"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/source"
)

// pageMatch is what a document's page reads of a glossary match.
type pageMatch struct {
	entry      *glossary.Entry
	start, end int
}

func pageMatchesOf(df *rules.DocFacts) [][]pageMatch {
	out := make([][]pageMatch, len(df.Blocks))
	for i, bf := range df.Blocks {
		for _, m := range bf.Matches {
			out[i] = append(out[i], pageMatch{m.Entry, m.Start, m.End})
		}
	}
	return out
}

// TestPageMatchesAreTheAnalysis checks the bundled corpus as build
// --no-cache does and, document by document, parses each again as its page's
// Load does: the matches the check kept give the page, block for block, the
// blocks and matches rules.Analyse gives it, and a document changed since the
// check is analysed again rather than given stale matches.
func TestPageMatchesAreTheAnalysis(t *testing.T) {
	r := &Runner{CorpusDir: "../../corpus", GlossaryDir: "../../glossary", Stderr: io.Discard, Getenv: func(string) string { return "" }}
	p, _, done, err := r.CheckForBuild()
	if p == nil {
		t.Fatal(err)
	}
	defer done()
	f, g := p.afresh, p.Glossary
	entries := g.Matcher.Entries()
	if len(f.records) < 10 {
		t.Fatalf("%d documents checked, want the bundled corpus", len(f.records))
	}
	matched := 0
	for i, in := range f.inputs {
		if f.records[i] == nil {
			continue
		}
		t.Run(in.Rel, func(t *testing.T) {
			file, err := corpus.ReadInput(in)
			if err != nil {
				t.Fatal(err)
			}
			doc, _ := corpus.ParseInput(file, in)
			if doc == nil {
				t.Fatal("not parsed again")
			}
			got, ok := f.pages[i].facts(entries, doc)
			if !ok {
				t.Fatal("the matches kept were not used for the document they were kept from")
			}
			want := rules.Analyse(g, doc)
			if len(got.Blocks) != len(doc.Blocks) || got.Doc != doc {
				t.Fatalf("%d blocks, want the document's %d", len(got.Blocks), len(doc.Blocks))
			}
			for k, bf := range got.Blocks {
				if bf.Block != doc.Blocks[k] {
					t.Fatalf("block %d is not the document's", k)
				}
			}
			gm, wm := pageMatchesOf(got), pageMatchesOf(want)
			for k := range wm {
				if !slices.Equal(gm[k], wm[k]) {
					t.Errorf("block %d (%.40q): matches %v, analysis gives %v", k, doc.Blocks[k].Run.Text, gm[k], wm[k])
				}
				matched += len(wm[k])
			}

			// The same document changed after the check: a line added at
			// its end moves no block, but its text is not the text
			// checked.
			changed := append(slices.Clone(file.Text), "\nA new line about stalking.\n"...)
			f2, err := source.New(file.Path, changed)
			if err != nil {
				t.Fatal(err)
			}
			d2, _ := corpus.Parse(f2, in.Rel)
			if d2 == nil {
				t.Fatal("the changed document was not parsed")
			}
			if _, ok := f.pages[i].facts(entries, d2); ok {
				t.Error("the matches kept were used for a changed document")
			}
		})
	}
	if matched == 0 {
		t.Error("no glossary match in the bundled corpus: the test compares nothing")
	}
}

// TestPageMatchesRefuseDamage checks that a record that does not decode
// to its document's blocks and matches is refused, never half used.
func TestPageMatchesRefuseDamage(t *testing.T) {
	r := &Runner{CorpusDir: "../../corpus", GlossaryDir: "../../glossary", Stderr: io.Discard, Getenv: func(string) string { return "" }}
	p, _, done, err := r.CheckForBuild()
	if p == nil {
		t.Fatal(err)
	}
	defer done()
	f, entries := p.afresh, p.Glossary.Matcher.Entries()
	for i, in := range f.inputs {
		pm := f.pages[i]
		if f.records[i] == nil || len(pm.enc) < 8 {
			continue
		}
		file, err := corpus.ReadInput(in)
		if err != nil {
			t.Fatal(err)
		}
		doc, _ := corpus.ParseInput(file, in)
		_, n := binary.Uvarint(pm.enc)
		fewer := append(binary.AppendUvarint(nil, uint64(len(doc.Blocks)-1)), pm.enc[n:]...)
		cases := map[string]pageMatches{
			"none kept":      {},
			"cut":            {ok: true, sum: pm.sum, enc: pm.enc[:len(pm.enc)-1]},
			"a byte more":    {ok: true, sum: pm.sum, enc: append(slices.Clone(pm.enc), 0)},
			"too few blocks": {ok: true, sum: pm.sum, enc: fewer},
			"no entries":     {ok: true, sum: pm.sum, enc: pm.enc},
		}
		for name, c := range cases {
			es := entries
			if name == "no entries" {
				es = nil
			}
			if _, ok := c.facts(es, doc); ok {
				t.Errorf("%s: %s record used", in.Rel, name)
			}
		}
		if _, ok := pm.facts(entries, doc); !ok {
			t.Errorf("%s: the record as kept was refused", in.Rel)
		}
		return
	}
	t.Fatal("no document with matches in the bundled corpus")
}
