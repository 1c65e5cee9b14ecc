package report

import (
	"encoding/json"
	"testing"

	"github.com/concord-guidance/concord/internal/rules"
)

// TestSARIFFixes: a finding with a safe replacement carries one fix that
// replaces exactly its region; the others carry none.
func TestSARIFFixes(t *testing.T) {
	res := testResult()
	dep := -1
	for i, f := range res.Findings {
		if f.Rule == "deprecated-term" {
			dep = i
		}
	}
	if dep < 0 {
		t.Fatal("fixture has no deprecated-term finding")
	}
	f := res.Findings[dep]
	res.Replacements = map[*rules.Finding]string{f: "restraining order"}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
						Region           sarifRegion           `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
				Fixes []sarifFix `json:"fixes"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(render(t, "sarif", res, Options{}), &log); err != nil {
		t.Fatal(err)
	}
	fixes := 0
	for _, r := range log.Runs[0].Results {
		if len(r.Fixes) == 0 {
			continue
		}
		fixes++
		if r.RuleID != "deprecated-term" || len(r.Fixes) != 1 || len(r.Fixes[0].ArtifactChanges) != 1 {
			t.Fatalf("fix on %s: %+v", r.RuleID, r.Fixes)
		}
		ch := r.Fixes[0].ArtifactChanges[0]
		loc := r.Locations[0].PhysicalLocation
		if ch.ArtifactLocation != loc.ArtifactLocation || len(ch.Replacements) != 1 {
			t.Fatalf("fix artifact %+v, result %+v", ch.ArtifactLocation, loc.ArtifactLocation)
		}
		rep := ch.Replacements[0]
		want := loc.Region
		want.Snippet = nil
		if rep.DeletedRegion != want || rep.InsertedContent.Text != "restraining order" {
			t.Fatalf("replacement %+v, want region %+v", rep, want)
		}
		if r.Fixes[0].Description.Text != "Replace with “restraining order”." {
			t.Fatalf("description %q", r.Fixes[0].Description.Text)
		}
	}
	if fixes != 1 {
		t.Fatalf("%d results with fixes, want 1", fixes)
	}
}
