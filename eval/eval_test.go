package eval

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The targets of issue 16: a policy team switches a checker off after the
// third wrong error, so no false error at all; few false alarms; and the
// labelled defects found.
const (
	maxFalsePer10k = 2.0
	minRecall      = 0.9
)

const glossaryDir = "../glossary"

// TestEvalCorpus scores concord on the evaluation corpus: every finding must
// carry a reader's label, none may be a false error, false alarms stay at or
// under 2 per 10,000 words and recall at or over 0.9.
func TestEvalCorpus(t *testing.T) {
	s, err := ScoreCorpus(".", glossaryDir)
	if err != nil {
		t.Fatal(err)
	}
	if s.Documents == 0 {
		t.Fatal("no evaluation documents in eval/corpus")
	}
	logScore(t, "evaluation corpus", s)
	for _, f := range s.Unlabelled {
		t.Errorf("unlabelled finding (judge it in eval/labels/): %s", f)
	}
	checkTargets(t, s)
}

func checkTargets(t *testing.T, s *CorpusScore) {
	t.Helper()
	if fe := s.total().FalseErrors; fe > 0 {
		t.Errorf("%d false errors; an error must be a plain contradiction of a glossary fact", fe)
	}
	if r := s.FalsePer10k(); r > maxFalsePer10k {
		t.Errorf("%.1f false alarms per 10,000 words; at most %.1f", r, maxFalsePer10k)
	}
	if r := s.Recall(); r < minRecall {
		t.Errorf("recall %.2f on labelled defects; at least %.2f", r, minRecall)
	}
}

// TestEvalWordings scores the labelled wordings: each defect case found by a
// rule it expects, each correct case silent.
func TestEvalWordings(t *testing.T) {
	cases, err := ReadCases("wordings")
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatal("no cases in eval/wordings")
	}
	s, err := ScoreWordings(cases, glossaryDir, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("wording set:\n%s", s.Table())
	falseErrors := 0
	for _, r := range s.Results {
		c := r.Case
		switch {
		case c.Expect.none():
			for _, f := range r.Findings {
				t.Logf("false alarm on correct case %s (%s): %s: %s", c.ID, c.Note, f.Rule, f.Message)
				if f.Severity == "error" {
					falseErrors++
				}
			}
		case !r.Found:
			t.Logf("missed %s (%s): %s", c.ID, strings.Join(c.Expect, ","), c.Note)
		}
	}
	if falseErrors > 0 {
		t.Errorf("%d false errors on correct cases", falseErrors)
	}
	tot := s.Totals()
	if tot.FalseAlarmed*10 > tot.Correct {
		t.Errorf("%d of %d correct cases raised a finding; at most a tenth may", tot.FalseAlarmed, tot.Correct)
	}
	if r := s.Recall(); r < minRecall {
		t.Errorf("recall %.3f on the wording set; at least %.2f expected", r, minRecall)
	}
}

// minHeldoutRecall is the recall the held-out set gave on its first run
// (42 of 69): it was written without sight of the rules, so it measures how
// concord does on wording nobody tuned it for. The floor guards against a
// loss; raising recall here by reading these cases would make it worthless.
const minHeldoutRecall = 0.6

// TestEvalHeldout scores the held-out wordings as TestEvalWordings does the
// development set: no false error, at most a tenth of the correct cases
// raising anything, and recall no lower than it first measured.
func TestEvalHeldout(t *testing.T) {
	cases, err := ReadCases("heldout")
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatal("no cases in eval/heldout")
	}
	s, err := ScoreWordings(cases, glossaryDir, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("held-out set:\n%s", s.Table())
	falseErrors := 0
	for _, r := range s.Results {
		if !r.Case.Expect.none() {
			continue
		}
		for _, f := range r.Findings {
			t.Logf("false alarm on correct case %s (%s): %s: %s", r.Case.ID, r.Case.Note, f.Rule, f.Message)
			if f.Severity == "error" {
				falseErrors++
			}
		}
	}
	if falseErrors > 0 {
		t.Errorf("%d false errors on correct held-out cases", falseErrors)
	}
	tot := s.Totals()
	if tot.FalseAlarmed*10 > tot.Correct {
		t.Errorf("%d of %d correct held-out cases raised a finding; at most a tenth may", tot.FalseAlarmed, tot.Correct)
	}
	if r := s.Recall(); r < minHeldoutRecall {
		t.Errorf("recall %.3f on the held-out set; it first measured %.2f", r, minHeldoutRecall)
	}
}

// TestEvalRealPages scores a set of real public pages kept outside the
// repository (real pages are for measuring, never committed): set
// CONCORD_EVAL_REAL to a folder holding pages/ and labels/.
func TestEvalRealPages(t *testing.T) {
	root := os.Getenv("CONCORD_EVAL_REAL")
	if root == "" {
		t.Skip("set CONCORD_EVAL_REAL to a folder of labelled real pages to measure them")
	}
	s, err := ScoreCorpus(root, glossaryDir)
	if err != nil {
		t.Fatal(err)
	}
	logScore(t, "real pages in "+root, s)
	for _, f := range s.Unlabelled {
		t.Logf("unlabelled: %s", f)
	}
}

// logScore logs a corpus score's table, its false findings and its missed
// defects, for the reader of the test log.
func logScore(t *testing.T, what string, s *CorpusScore) {
	t.Helper()
	t.Logf("%s:\n%s", what, s.Table())
	for _, f := range s.Falses {
		t.Logf("false: %s", f)
	}
	for _, m := range s.Missed {
		t.Logf("missed: %s", m)
	}
}

// TestScorer holds the scorer to its definitions on a small labelled corpus,
// so that a broken scorer cannot report a good score.
func TestScorer(t *testing.T) {
	s, err := ScoreCorpus(filepath.Join("testdata", "scorer"), glossaryDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", s.Table())
	dep := s.ByRule["deprecated-term"]
	if dep == nil || dep.True != 1 || dep.Defects != 1 || dep.Found != 1 {
		t.Errorf("deprecated-term: want the labelled defect found and counted true, got %+v", dep)
	}
	if s.Defects != 2 || s.Found != 1 || len(s.Missed) != 1 {
		t.Errorf("want 2 defects, 1 found, 1 missed; got %d, %d, %v", s.Defects, s.Found, s.Missed)
	}
	if tot := s.total(); tot.False != 1 || tot.FalseErrors != 1 || len(s.Unlabelled) != 1 {
		t.Errorf("want one false error and one unlabelled finding; got %+v, unlabelled %v", tot, s.Unlabelled)
	}
}
