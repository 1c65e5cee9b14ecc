package run

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/rules"
	"github.com/concord-guidance/concord/internal/testload"
)

// spilledUse is what site's builder.usage reads of one block that uses a
// term: its section, text and sentences, and the term's matches in it.
type spilledUse struct {
	Anchor, Title, Text string
	Sentences           [][2]int
	Matches             []spilledMatch
}

type spilledMatch struct {
	Term       *glossary.Term
	Kind       glossary.EntryKind
	Start, End int
}

// usesOf is how df uses t, as builder.usage reads it: the blocks with a
// match of t that is not an exception, and those matches.
func usesOf(df *rules.DocFacts, t *glossary.Term) []spilledUse {
	var out []spilledUse
	for _, bf := range df.Blocks {
		u := spilledUse{Text: bf.Block.Run.Text}
		if s := bf.Block.Section; s != nil {
			u.Anchor, u.Title = s.Anchor(), s.Title()
		}
		for _, s := range bf.Sentences {
			u.Sentences = append(u.Sentences, [2]int{s.Start, s.End})
		}
		for _, m := range bf.Matches {
			if m.Entry.Term == t && m.Entry.Kind != glossary.KindExcept {
				u.Matches = append(u.Matches, spilledMatch{m.Entry.Term, m.Entry.Kind, m.Start, m.End})
			}
		}
		if len(u.Matches) > 0 {
			out = append(out, u)
		}
	}
	return out
}

// quotable is uses as get gives them back: a block's text only where
// site's builder.usage may quote from it, the first block with sentences
// and any block with deprecated wording; the others' text empty.
func quotable(uses []spilledUse) []spilledUse {
	quoted := false
	for i := range uses {
		deprecated := slices.ContainsFunc(uses[i].Matches, func(m spilledMatch) bool { return m.Kind == glossary.KindDeprecated })
		if quoted && !deprecated {
			uses[i].Text = ""
		}
		quoted = quoted || len(uses[i].Sentences) > 0
	}
	return uses
}

// spillDocs are documents for the usage spill's tests: the bundled
// corpus's and some made to use the glossary in the ways the spill must
// keep apart.
func spillDocs(t *testing.T) map[string]string {
	t.Helper()
	docs := map[string]string{
		"none.md":  "# Nothing\n\nNo term is used here at all.\n",
		"empty.md": "",
		"intro.md": "Harassment comes first, before any heading. It is harassment again.\n\n## Later\n\nNothing here.\n",
		"except.md": "# Advisers\n\n## Support\n\nAn Independent Domestic Violence Adviser supports the victim.\n\n" +
			"## Old wording\n\nThis was once called domestic violence. Domestic abuse is wider than domestic violence.\n\n" +
			"## Both\n\nThe IDVA and the ISAC both help with harassment and stalking; domestic abuse and harassment often overlap.\n",
		"late.md": "# Late\n\n## First\n\nDomestic abuse is defined here.\n\n## Second\n\nIt was once called domestic violence.\n\n" +
			"## Third\n\nDomestic abuse again.\n\n## Fourth\n\nDomestic violence, again.\n",
		"many.md": "# Many\n\n" + strings.Repeat("## A section\n\nHarassment. Stalking is a course of conduct. Stalking again.\n\n", 40),
	}
	dir := filepath.Join("..", "..", "corpus")
	names, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if !strings.HasSuffix(n.Name(), ".md") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, n.Name()))
		if err != nil {
			t.Fatal(err)
		}
		docs[n.Name()] = string(b)
	}
	return docs
}

// TestUsageSpillRoundTrip: what the spill gives back of a document for
// each term is how the document's analysis uses the term, and nothing of
// the other terms' blocks or matches.
func TestUsageSpillRoundTrip(t *testing.T) {
	g := testload.Glossary(t)
	docs := spillDocs(t)
	var names []string
	for n := range docs {
		names = append(names, n)
	}
	s, err := newUsageSpill(g, len(names)+1)
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	facts := make([]*rules.DocFacts, len(names))
	for i, n := range names {
		facts[i] = rules.Analyse(g, testload.Doc(t, n, docs[n]))
		s.put(i, facts[i])
	}
	used := map[string]bool{}
	for i, n := range names {
		for _, term := range g.Terms {
			want := quotable(usesOf(facts[i], term))
			df, err := s.get(i, term)
			if err != nil {
				t.Fatalf("%s, %s: %v", n, term.ID, err)
			}
			got := usesOf(df, term)
			if len(got) != len(df.Blocks) {
				t.Errorf("%s, %s: %d blocks back, %d of them using the term", n, term.ID, len(df.Blocks), len(got))
			}
			for _, bf := range df.Blocks {
				for _, m := range bf.Matches {
					if m.Entry.Term != term {
						t.Errorf("%s, %s: a match of %s came back", n, term.ID, m.Entry.Term.ID)
					}
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s, %s:\n got %+v\nwant %+v", n, term.ID, got, want)
			}
			if len(want) > 0 {
				used[n] = true
				for _, u := range want {
					for _, m := range u.Matches {
						used[m.Kind.String()] = true
					}
				}
			}
		}
	}
	// The documents must exercise what they are there for.
	for _, k := range []string{"intro.md", "except.md", "many.md", "late.md", "deprecated", "acronym", "term"} {
		if !used[k] {
			t.Errorf("no term's usage came back from %s", k)
		}
	}
	if used["none.md"] || used["empty.md"] {
		t.Errorf("a term's usage came back from a document without any")
	}
	// A document never spilled, and a term not the glossary's, use nothing.
	if df, err := s.get(len(names), g.Terms[0]); err != nil || len(df.Blocks) != 0 {
		t.Errorf("unspilled document: %v, %v", df, err)
	}
	other := *g.Terms[0]
	if df, err := s.get(0, &other); err != nil || len(df.Blocks) != 0 {
		t.Errorf("a term not the glossary's: %v, %v", df, err)
	}
}

// TestUsageSpillDamaged: a damaged file, or index, is an error for a term
// whose blocks it damages, never a panic, and never a block without the
// term.
func TestUsageSpillDamaged(t *testing.T) {
	g := testload.Glossary(t)
	docs := spillDocs(t)
	s, err := newUsageSpill(g, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	s.put(0, rules.Analyse(g, testload.Doc(t, "except.md", docs["except.md"])))
	good := s.docs[0]
	blocks := make([]byte, s.size-good.at)
	if _, err := s.file.ReadAt(blocks, good.at); err != nil {
		t.Fatal(err)
	}
	// raw spills b as document 0's blocks, at the end of the file.
	raw := func(b []byte) {
		if _, err := s.file.WriteAt(b, s.size); err != nil {
			t.Fatal(err)
		}
		s.docs[0].at = s.size
		s.size += int64(len(b))
	}
	// each gets every term's usage of the document, reporting whether
	// any was an error.
	each := func(what string) (failed bool) {
		for _, term := range g.Terms {
			df, err := s.get(0, term)
			if err != nil {
				if !strings.Contains(err.Error(), "the build's temporary file") {
					t.Errorf("%s, %s: %v", what, term.ID, err)
				}
				failed = true
				continue
			}
			for _, bf := range df.Blocks {
				if !slices.ContainsFunc(bf.Matches, func(m glossary.Match) bool { return m.Entry.Term == term }) {
					t.Errorf("%s, %s: a block without the term", what, term.ID)
				}
			}
		}
		return failed
	}
	if each("as spilled") {
		t.Fatal("an error from the blocks as spilled")
	}
	// Cut short at the end of the file.
	for n := 0; n < len(blocks); n++ {
		raw(blocks[:n])
		if !each("cut") {
			t.Errorf("cut to %d of %d bytes: no error", n, len(blocks))
		}
	}
	for k := range blocks {
		for _, v := range []byte{0x00, 0x7f, 0x80, 0xff, blocks[k] ^ 1} {
			b := append([]byte(nil), blocks...)
			b[k] = v
			raw(b)
			each("changed")
		}
	}
	raw(blocks)
	for k := range good.index {
		for _, v := range []byte{0x00, 0x7f, 0x80, 0xff, good.index[k] ^ 1} {
			s.docs[0].index = append([]byte(nil), good.index...)
			s.docs[0].index[k] = v
			each("changed index")
		}
		s.docs[0].index = good.index[:k]
		each("cut index")
	}
}

// BenchmarkUsageSpillGet reads back every term's usage of the bundled
// corpus's documents, as a build's usage pages do.
func BenchmarkUsageSpillGet(b *testing.B) {
	g := testload.Glossary(b)
	dir := filepath.Join("..", "..", "corpus")
	names, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil || len(names) == 0 {
		b.Fatal("no corpus", err)
	}
	s, err := newUsageSpill(g, len(names))
	if err != nil {
		b.Fatal(err)
	}
	defer s.close()
	type use struct {
		doc  int
		term *glossary.Term
	}
	var uses []use
	for i, n := range names {
		md, err := os.ReadFile(n)
		if err != nil {
			b.Fatal(err)
		}
		df := rules.Analyse(g, testload.Doc(b, filepath.Base(n), string(md)))
		s.put(i, df)
		for _, t := range g.Terms {
			if len(usesOf(df, t)) > 0 {
				uses = append(uses, use{i, t})
			}
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for _, u := range uses {
			if _, err := s.get(u.doc, u.term); err != nil {
				b.Fatal(err)
			}
		}
	}
}
