package rules_test

import (
	"flag"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/concord-guidance/concord"
	"github.com/concord-guidance/concord/internal/glossary"
	"github.com/concord-guidance/concord/internal/rules"
)

func bundled(t testing.TB) *glossary.Glossary {
	t.Helper()
	sub, _ := fs.Sub(concord.Glossary, "glossary")
	g, err := glossary.Load(sub, ".", "glossary")
	if err != nil {
		t.Fatalf("bundled glossary: %v", err)
	}
	return g
}

var only = flag.String("rule", "", "run only this rule's examples")

// TestExamples runs every example of every rule in the registry against the
// bundled glossary. Examples are the rules' documentation, so this keeps the
// docs true; an example with no Want must produce no finding of its rule.
func TestExamples(t *testing.T) {
	g := bundled(t)
	for _, r := range rules.All() {
		if *only != "" && r.ID != *only {
			continue
		}
		if len(r.Examples) == 0 {
			t.Errorf("rule %s has no examples", r.ID)
		}
		fires, quiet := 0, 0
		for _, ex := range r.Examples {
			fs, err := rules.RunExample(g, r, ex)
			if err != nil {
				t.Fatalf("%s / %s: %v", r.ID, ex.Title, err)
			}
			var got []string
			for _, f := range fs {
				got = append(got, f.Key())
			}
			want := append([]string(nil), ex.Want...)
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s / %s:\n%s\n got %q\nwant %q", r.ID, ex.Title, indent(ex.Markdown), got, want)
				for _, f := range fs {
					t.Logf("  %s: %s", f.Key(), f.Message)
				}
			}
			checkIncrementalExample(t, g, r, ex, fs)
			if len(ex.Want) > 0 {
				fires++
			} else {
				quiet++
			}
		}
		if fires == 0 || quiet == 0 {
			t.Errorf("rule %s needs examples that fire and near misses that must not (has %d and %d)", r.ID, fires, quiet)
		}
	}
}

// checkIncrementalExample runs an example as the check cache would after
// each of its documents was edited (from empty) or added, the others
// standing in from the state of the run before, and wants the full run's
// findings: a rule that reads other documents other than through the Pass
// accessors sees stand-ins and reports something else.
func checkIncrementalExample(t *testing.T, g *glossary.Glossary, r *rules.Rule, ex rules.Example, want []*rules.Finding) {
	t.Helper()
	for changed := range 1 + len(ex.More) {
		for _, added := range []bool{false, true} {
			got, err := rules.RunExampleIncremental(g, r, ex, changed, added)
			if err != nil {
				t.Fatalf("%s / %s: %v", r.ID, ex.Title, err)
			}
			if a, b := findingLines(got), findingLines(want); a != b {
				t.Errorf("%s / %s: after document %d was edited (added: %v), the cached check reports\n%s\nthe full check\n%s", r.ID, ex.Title, changed, added, a, b)
			}
		}
	}
}

// findingLines is what a report shows of findings, one line each.
func findingLines(fs []*rules.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "%s %s %s: %s (%s) %s\n", f.Key(), f.Severity, f.Fingerprint, f.Message, f.Suggestion, f.Match)
	}
	return b.String()
}

func indent(s string) string {
	return "    | " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n    | ")
}

func TestRegistry(t *testing.T) {
	want := []string{"acronym-expansion", "breach-context", "broken-link", "citation-mismatch", "definition-drift", "deprecated-term", "excluded-element", "inconsistent-description", "missing-element", "penalty-mismatch", "unused-suppression", "variant-wording"}
	var got []string
	for _, r := range rules.All() {
		got = append(got, r.ID)
		if r.Title == "" || r.Rationale == "" || r.Severity == 0 {
			t.Errorf("rule %s lacks a title, rationale or severity", r.ID)
		}
	}
	for _, id := range want {
		if !slices.Contains(got, id) {
			t.Errorf("rule %s is missing from the registry", id)
		}
	}
}
