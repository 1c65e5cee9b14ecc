package rules

import (
	"slices"
	"testing"
)

// The rules whose suggestions reports offer as one-click fixes (rdjson
// suggestions, SARIF fixes): each is registered under that id, and a finding
// of another rule, or one with no suggestion, is never a replacement.
func TestReplacementRules(t *testing.T) {
	var ids []string
	for id := range replacing {
		if Lookup(id) == nil {
			t.Errorf("suggestsReplacements(%q): no rule has that id", id)
		}
		ids = append(ids, id)
	}
	slices.Sort(ids)
	if want := []string{"deprecated-term", "variant-wording"}; !slices.Equal(ids, want) {
		t.Errorf("rules suggesting replacements: %v, want %v", ids, want)
	}
	for _, f := range []Finding{{Rule: "deprecated-term"}, {Rule: "broken-link", Suggestion: "fix the link"}} {
		if f.Replacement() {
			t.Errorf("%+v is a replacement", f)
		}
	}
	if f := (Finding{Rule: "variant-wording", Suggestion: "Stalking Protection Order"}); !f.Replacement() {
		t.Errorf("%+v is not a replacement", f)
	}
}
