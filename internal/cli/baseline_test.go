package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const baselineGlossary = `id: domestic-abuse
term: domestic abuse
definition: Behaviour is domestic abuse if both people are aged 16 or over and personally connected and the behaviour is abusive.
summary: Abuse between personally connected people.
sources:
  - act: Domestic Abuse Act 2021
    section: "1"
deprecated:
  - phrase: domestic violence
    replacement: domestic abuse
    reason: the Domestic Abuse Act 2021 defines domestic abuse.
`

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func findingsOf(t *testing.T, stdout string) []map[string]any {
	t.Helper()
	var rep struct{ Findings []map[string]any }
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	return rep.Findings
}

// TestBaselineSurvivesEditsAndCatchesNewDefects records a baseline, then
// inserts lines above the old defect, reflows its paragraph, renames its
// heading and adds one new defect: check --baseline reports exactly the new
// one, and a fixed entry is reported as stale.
func TestBaselineSurvivesEditsAndCatchesNewDefects(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"glossary/domestic-abuse.yaml": baselineGlossary,
		"corpus/guide.md":              "## Old heading\n\nProsecutors see domestic violence in many cases, and the wording is old.\n\nA second domestic violence mention stays.\n",
	})
	if _, stderr, code := runIn(t, dir, "baseline", "-o", "concord-baseline.json"); code != 0 {
		t.Fatalf("baseline exit %d: %s", code, stderr)
	}
	writeFiles(t, dir, map[string]string{
		"corpus/guide.md": "Three new lines\nof introduction\nabove everything.\n\n## A renamed heading\n\nProsecutors see domestic\nviolence in many cases,\nand the wording is old.\n\nA second domestic violence mention stays.\n\nA new paragraph about domestic violence.\n",
	})
	stdout, _, code := runIn(t, dir, "check", "--baseline", "concord-baseline.json", "--format", "json")
	fs := findingsOf(t, stdout)
	if len(fs) != 1 || fs[0]["line"].(float64) != 13 {
		t.Fatalf("want exactly the new defect at line 13, got %v", fs)
	}
	if code != 1 {
		t.Errorf("exit %d, want 1 for the new error", code)
	}

	// Fix one accepted defect: its entry becomes stale and is reported.
	writeFiles(t, dir, map[string]string{
		"corpus/guide.md": "## A renamed heading\n\nProsecutors see domestic abuse in many cases.\n\nA second domestic violence mention stays.\n",
	})
	stdout, stderr, code := runIn(t, dir, "check", "--baseline", "concord-baseline.json", "--format", "json")
	if len(findingsOf(t, stdout)) != 0 || code != 0 {
		t.Errorf("want no findings and exit 0, got exit %d: %s", code, stdout)
	}
	if !strings.Contains(stderr, "1 baseline entry matches nothing") {
		t.Errorf("stale entry not reported: %q", stderr)
	}
	// --update drops the stale entry and keeps the other.
	if out, _, code := runIn(t, dir, "baseline", "--update", "-o", "concord-baseline.json"); code != 0 || !strings.Contains(out, "kept 1 of 2") {
		t.Errorf("update: exit %d, %q", code, out)
	}
}
