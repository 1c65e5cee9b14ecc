package rules

import (
	"slices"
	"testing"
)

// The rules whose suggestions reports offer as one-click fixes (rdjson
// suggestions, SARIF fixes) are those that say so on their Rule, and a
// finding of another rule, of no registered rule, or with no suggestion is
// never a replacement.
func TestReplacementRules(t *testing.T) {
	var ids []string
	for _, r := range All() {
		if r.SuggestsReplacement {
			ids = append(ids, r.ID)
		}
	}
	if want := []string{"deprecated-term", "variant-wording"}; !slices.Equal(ids, want) {
		t.Errorf("rules suggesting replacements: %v, want %v", ids, want)
	}
	for _, f := range []Finding{
		{Rule: "deprecated-term"},
		{Rule: "broken-link", Suggestion: "fix the link"},
		{Rule: "no-such-rule", Suggestion: "Stalking Protection Order"},
	} {
		if f.Replacement() {
			t.Errorf("%+v is a replacement", f)
		}
	}
	for _, id := range []string{"variant-wording", "deprecated-term"} {
		if f := (Finding{Rule: id, Suggestion: "Stalking Protection Order"}); !f.Replacement() {
			t.Errorf("%+v is not a replacement", f)
		}
	}
}
