package cli

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// TestDriftInLayeredProject: in a project concord init made (its glossary
// layered over the built-in one), drift and --changed-since compare the
// layers at the ref with the layers now. The built-in layer is the same on
// both sides, so an unchanged project reports no change (not every built-in
// term as new), and a project term added since the ref is the one change.
func TestDriftInLayeredProject(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	if _, stderr, code := runIn(t, dir, "init"); code != 0 {
		t.Fatalf("init: %s", stderr)
	}
	gitIn(t, dir, "init", "-q", "-b", "main")
	gitIn(t, dir, "add", "-A")
	gitIn(t, dir, "commit", "-q", "-m", "first")

	stdout, stderr, code := runIn(t, dir, "drift", "--since", "HEAD", "--format", "json")
	var unchanged struct {
		Changes  []json.RawMessage
		Findings struct{ New, Gone []json.RawMessage }
	}
	if err := json.Unmarshal([]byte(stdout), &unchanged); err != nil || code != 0 || len(unchanged.Changes)+len(unchanged.Findings.New)+len(unchanged.Findings.Gone) != 0 {
		t.Fatalf("unchanged project: exit %d, %v, %s%s", code, err, stdout, stderr)
	}
	stdout, stderr, code = runIn(t, dir, "check", "--changed-since", "HEAD")
	if code != 0 || !strings.Contains(stdout+stderr, "no findings") {
		t.Fatalf("check --changed-since: exit %d, %s%s", code, stdout, stderr)
	}

	writeFiles(t, dir, map[string]string{"glossary/doorstep-visit.yaml": "id: doorstep-visit\nterm: doorstep visit\ndefinition: \"A doorstep visit is an unannounced call at a victim's home.\"\nsummary: \"An unannounced call.\"\nsources:\n  - document: \"A practice note\"\nrelated: [stalking]\n"})
	stdout, stderr, code = runIn(t, dir, "drift", "--since", "HEAD", "--format", "json")
	var got struct{ Changes []struct{ Term string } }
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("exit %d: %v\n%s%s", code, err, stdout, stderr)
	}
	if len(got.Changes) != 1 || got.Changes[0].Term != "doorstep-visit" {
		t.Errorf("changes %+v, want only the added doorstep-visit", got.Changes)
	}
}
