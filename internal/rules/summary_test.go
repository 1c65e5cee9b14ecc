package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"testing"

	"github.com/concord-guidance/concord/internal/corpus"
	"github.com/concord-guidance/concord/internal/restate"
	"github.com/concord-guidance/concord/internal/testload"
)

// TestSummaryDetachKeepsReadings holds a streamed run's detached summary
// (DocSummary.detach: a restatement keeps only the tokens and sentences
// of its reach) to what the corpus rules read of the undetached one, for
// every restatement of the bundled corpus, and to fewer tokens.
func TestSummaryDetachKeepsReadings(t *testing.T) {
	g := testload.Glossary(t)
	gp := restate.ProfileOf(g)
	paths, _ := filepath.Glob("../../corpus/*.md")
	reading := func(r *Restatement) string {
		s := fmt.Sprintf("%s %d-%d pred %d cont %d full %v", r.Term.ID, r.Start, r.End, restate.PredicateStart(r), restate.ContinuationEnd(r), restate.FullDefinition(gp, r))
		if gp.Terms[r.Term] != nil {
			c := restate.Compare(gp, r)
			s += fmt.Sprintf(" score %.6f actual %q set %v", c.Score, c.Actual, c.Set)
			for _, public := range []bool{false, true} {
				s += fmt.Sprintf(" paraphrase %v", restate.Paraphrase(gp.Terms[r.Term], r, c.Score, looseThreshold, public))
			}
		}
		start, end := r.SourceRange()
		return s + fmt.Sprintf(" at %d-%d", start, end)
	}
	tokens := func(s *DocSummary) int {
		n, seen := 0, map[*BlockFacts]bool{}
		for _, r := range s.Restatements {
			if !seen[r.Block] {
				seen[r.Block] = true
				n += len(r.Block.Tokens)
			}
		}
		return n
	}
	restatements, before, after := 0, 0, 0
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		d := testload.Doc(t, filepath.Base(p), string(b))
		facts := &factStore{m: map[*corpus.Document]*DocFacts{}}
		sum := facts.summary(d, g)
		var want []string
		for _, r := range sum.Restatements {
			want = append(want, reading(r))
		}
		before += tokens(sum)
		sum.detach()
		after += tokens(sum)
		for i, r := range sum.Restatements {
			restatements++
			if got := reading(r); got != want[i] {
				t.Errorf("%s: detached restatement %d reads\n%s\nundetached\n%s", d.Rel, i, got, want[i])
			}
		}
	}
	if restatements < 20 {
		t.Fatalf("the bundled corpus has %d restatements", restatements)
	}
	if after >= before {
		t.Errorf("detached summaries hold %d tokens, undetached %d", after, before)
	}
	t.Logf("%d restatements: %d tokens held, %d before detaching", restatements, after, before)
}

// TestForgetReleasesAnalysis holds a streamed run's factStore.forget to
// keeping nothing of a document but its summary: no analysis, and no memo
// keyed by it (publicFacing's once kept every document's tokens to the end
// of the run).
func TestForgetReleasesAnalysis(t *testing.T) {
	g := testload.Glossary(t)
	facts := &factStore{m: map[*corpus.Document]*DocFacts{}}
	d := testload.Doc(t, "a.md", "# Stalking\n\nStalking means a course of conduct that amounts to harassment. Victims should call the police.\n")
	facts.publicFacing(facts.get(d, g))
	sum := facts.summary(d, g)
	facts.forget(d)
	if len(facts.m) != 0 || len(facts.once) != 0 || len(facts.public) != 0 {
		t.Errorf("after forget the store holds %d analyses, %d onces and %d publicFacing answers", len(facts.m), len(facts.once), len(facts.public))
	}
	if facts.summary(d, g) != sum {
		t.Error("forget dropped the summary")
	}
}

// digestByFmt is DocSummary.digest as it was written with fmt: the digest
// appends the same bytes by hand, and a summary's digest (kept in the
// check cache, DocState.Corpus) must not change with the way it is taken.
func digestByFmt(s *DocSummary) string {
	h := sha256.New()
	pos := func(off int) string {
		p := s.Doc.File.Position(off)
		return fmt.Sprintf("%d:%d:%d", off, p.Line, p.Column)
	}
	fmt.Fprintf(h, "p\x00%t\x00", s.Public)
	for _, r := range s.Restatements {
		start, end := r.SourceRange()
		fmt.Fprintf(h, "r\x00%s\x00%s\x00%t\x00%d\x00%t\x00%s\x00%s\x00%d:%d:%d:%d\x00%s\x00", r.Term.ID, r.How, r.Strong, r.Reading, r.Block.Block.InQuote, pos(start), pos(end), r.Start, r.End, r.SubjectStart, r.SubjectEnd, r.Block.Block.Run.Text)
	}
	for _, u := range s.acronyms {
		fmt.Fprintf(h, "a\x00%s\x00%s\x00%s\x00%s\x00%s\x00%t\x00", pos(u.start), pos(u.end), u.written, u.norm, u.context, u.loose)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// TestSummaryDigestBytes holds DocSummary.digest to digestByFmt on every
// document of the bundled corpus and on small ones with acronym
// expansions, quoted definitions and characters outside ASCII, public or
// not, detached or not.
func TestSummaryDigestBytes(t *testing.T) {
	g := testload.Glossary(t)
	type doc struct{ rel, text string }
	docs := []doc{
		{"empty.md", ""},
		{"a.md", "# Stalking\n\nStalking means a course of conduct that amounts to harassment. Victims should call the police.\n"},
		{"b.md", "# Terms\n\n> Stalking means a course of conduct that amounts to harassment.\n\nThe Crown Prosecution Service (CPS) and the Independent Office for Police Conduct (IOPC) agree.\n"},
		{"c.md", "# Ünïcödé — “quotes”\n\nCafé 🙂 Stalking means a course of conduct that amounts to harassment, says the Domestic Abuse Protection Order (DAPO) note.\n"},
	}
	paths, _ := filepath.Glob("../../corpus/*.md")
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, doc{filepath.Base(p), string(b)})
	}
	restatements, acronyms := 0, 0
	for _, dc := range docs {
		d := testload.Doc(t, dc.rel, dc.text)
		facts := &factStore{m: map[*corpus.Document]*DocFacts{}}
		sum := facts.summary(d, g)
		restatements += len(sum.Restatements)
		acronyms += len(sum.acronyms)
		for _, public := range []bool{false, true} {
			sum.Public = public
			if got, want := sum.digest(), digestByFmt(sum); got != want {
				t.Errorf("%s (public %v): digest %s, by fmt %s", dc.rel, public, got, want)
			}
		}
		sum.detach()
		if got, want := sum.digest(), digestByFmt(sum); got != want {
			t.Errorf("%s detached: digest %s, by fmt %s", dc.rel, got, want)
		}
	}
	if restatements < 20 || acronyms == 0 {
		t.Fatalf("the documents have %d restatements and %d acronym expansions", restatements, acronyms)
	}
}

// TestSummaryKeepsComparisons holds the comparisons definition-drift
// keeps for describe-consistently (factStore.noteCompared) to
// restate.Compare of the summary's detached restatements, as a streamed
// run takes them, on every document of the bundled corpus; and the store
// to keeping none once the documents are forgotten or released.
func TestSummaryKeepsComparisons(t *testing.T) {
	g := testload.Glossary(t)
	gp := restate.ProfileOf(g)
	drift := Lookup("definition-drift")
	paths, _ := filepath.Glob("../../corpus/*.md")
	kept := 0
	for _, path := range paths {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, stream := range []bool{true, false} {
			d := testload.Doc(t, filepath.Base(path), string(b))
			facts := &factStore{m: map[*corpus.Document]*DocFacts{}}
			p := &Pass{Rule: drift, Glossary: g, Doc: d, view: newView([]*corpus.Document{d}), facts: facts, settings: RuleSettings{Severity: drift.Severity}}
			runSafely(p)
			sum := facts.summary(d, g)
			if stream {
				facts.forget(d)
				sum.detach()
			} else {
				facts.release(d)
			}
			if len(facts.compared) != 0 {
				t.Errorf("%s: the store keeps %d comparisons", d.Rel, len(facts.compared))
			}
			for k, r := range sum.Restatements {
				if k >= len(sum.compared) || !sum.compared[k].ok {
					continue
				}
				kept++
				c, want := sum.compared[k], restate.Compare(gp, r)
				if c.score != want.Score || !maps.Equal(c.set, want.Set) {
					t.Errorf("%s: restatement %d kept score %v set %v, compared now %v %v", d.Rel, k, c.score, c.set, want.Score, want.Set)
				}
			}
		}
	}
	if kept < 10 {
		t.Fatalf("%d comparisons kept", kept)
	}
	t.Logf("%d comparisons kept", kept)
}
