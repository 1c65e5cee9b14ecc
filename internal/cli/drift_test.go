package cli

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

func gitIn(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(cmd.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.org", "GIT_CONFIG_GLOBAL=/dev/null")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

const driftTerm = `id: widget-order
term: widget order
definition: A widget order is an order of the court that restrains a person from making widgets.
summary: An order about widgets.
sources:
  - act: Widgets Act 2001
    section: "3"
`

// TestDriftFindsChangedDefinitionAndAffectedDocuments commits a corpus in a
// temporary git repository, amends a definition, and gets the change, its
// word diff and the documents that restate the old wording from drift.
func TestDriftFindsChangedDefinitionAndAffectedDocuments(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"glossary/widget-order.yaml": driftTerm,
		"corpus/orders.md":           "## Orders\n\nIn short, a widget order is an order of the court that restrains a person from making widgets.\n",
		"corpus/other.md":            "## Other\n\nNothing about that here.\n",
	})
	gitIn(t, dir, "init", "-q", "-b", "main")
	gitIn(t, dir, "add", "-A")
	gitIn(t, dir, "commit", "-q", "-m", "first")

	stdout, stderr, code := runIn(t, dir, "drift", "--since", "HEAD", "--format", "json")
	if code != 0 || strings.TrimSpace(stdout) != `{
  "changes": [],
  "findings": {
    "gone": [],
    "new": []
  }
}` {
		t.Fatalf("unchanged glossary: exit %d, %s %s", code, stdout, stderr)
	}

	writeFiles(t, dir, map[string]string{
		"glossary/widget-order.yaml": strings.Replace(driftTerm, "from making widgets", "from making or selling widgets", 1),
	})
	stdout, stderr, code = runIn(t, dir, "drift", "--since", "HEAD", "--format", "json")
	var got struct {
		Changes []struct {
			Term, Field, Before, After string
			Diff                       []struct{ Op, Text string }
			Affected                   []struct {
				File string
				Line int
			}
		}
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("%v: %s\n%s", err, stdout, stderr)
	}
	if len(got.Changes) != 1 {
		t.Fatalf("want one change, got %+v", got.Changes)
	}
	c := got.Changes[0]
	if c.Term != "widget-order" || c.Field != "definition" || !strings.Contains(c.After, "or selling") {
		t.Errorf("change = %+v", c)
	}
	inserted := ""
	for _, d := range c.Diff {
		if d.Op == "insert" {
			inserted += strings.TrimSpace(d.Text)
		}
	}
	if inserted != "or selling" {
		t.Errorf("diff inserts %q, want %q", inserted, "or selling")
	}
	if len(c.Affected) != 1 || c.Affected[0].File != "corpus/orders.md" || c.Affected[0].Line != 3 {
		t.Errorf("affected = %+v, want corpus/orders.md:3", c.Affected)
	}
	if code != 0 && code != 1 {
		t.Errorf("exit %d: %s", code, stderr)
	}

	// --changed-since checks only documents that changed or are affected.
	writeFiles(t, dir, map[string]string{"corpus/other.md": "## Other\n\nStill nothing.\n"})
	_, stderr, _ = runIn(t, dir, "check", "--changed-since", "HEAD")
	if !strings.Contains(stderr, "checking 2 of 2 documents") {
		t.Errorf("changed-since: %q", stderr)
	}
	gitIn(t, dir, "add", "-A")
	gitIn(t, dir, "commit", "-q", "-m", "second")
	_, stderr, _ = runIn(t, dir, "check", "--changed-since", "HEAD")
	if !strings.Contains(stderr, "checking 0 of 2 documents") {
		t.Errorf("changed-since after commit: %q", stderr)
	}
}
