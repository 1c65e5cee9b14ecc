package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
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

// gitProject commits a small project in a temporary git repository.
func gitProject(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"glossary/widget-order.yaml": driftTerm,
		"corpus/orders.md":           "## Orders\n\nA widget order restrains a person.\n",
	})
	gitIn(t, dir, "init", "-q", "-b", "main")
	gitIn(t, dir, "add", "-A")
	gitIn(t, dir, "commit", "-q", "-m", "first")
	return dir
}

// Issue 17, attack 1: a ref that git would read as an option is refused
// before git runs, so it cannot make git write over a file. Every form a
// CI variable could take, for both commands that take a ref.
func TestRefThatLooksLikeAnOptionIsRefused(t *testing.T) {
	dir := gitProject(t)
	target := filepath.Join(dir, "glossary", "widget-order.yaml")
	for _, args := range [][]string{
		{"check", "--changed-since=--output=glossary/widget-order.yaml"},
		{"check", "--changed-since", "--output=glossary/widget-order.yaml"},
		{"check", "--changed-since=-o", "glossary/widget-order.yaml"},
		{"drift", "--since=--output=glossary/widget-order.yaml"},
		{"drift", "--since=--output=corpus/new.md"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			stdout, stderr, code := runIn(t, dir, args...)
			if code != ExitInput {
				t.Errorf("exit %d, want %d", code, ExitInput)
			}
			if !strings.Contains(stderr, "a git ref cannot begin with '-'") || strings.Contains(stderr, "concord --help") {
				t.Errorf("stderr = %q", stderr)
			}
			if stdout != "" {
				t.Errorf("stdout = %q", stdout)
			}
			if b, err := os.ReadFile(target); err != nil || string(b) != driftTerm {
				t.Fatalf("the glossary file changed: %q, %v", b, err)
			}
			if _, err := os.Stat(filepath.Join(dir, "corpus", "new.md")); err == nil {
				t.Fatal("git wrote corpus/new.md")
			}
		})
	}
}

// A ref git cannot find is one line that names it and says what to do,
// with the input-error exit code, not git's own message and a pointer to
// --help.
func TestUnknownRef(t *testing.T) {
	dir := gitProject(t)
	for _, c := range []struct{ args []string }{
		{[]string{"check", "--changed-since", "nosuchref"}},
		{[]string{"drift", "--since", "nosuchref"}},
	} {
		stdout, stderr, code := runIn(t, dir, c.args...)
		flag := c.args[1]
		root, _ := filepath.EvalSymlinks(dir)
		want := "concord: " + flag + " nosuchref: no commit, branch or tag of that name in the git repository at " + root +
			" (check the spelling with 'git log --oneline -1 nosuchref'; in CI, fetch the history first, e.g. actions/checkout with fetch-depth: 0)\n"
		if code != ExitInput || stderr != want || stdout != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr\n%q\nwant\n%q", c.args, code, stdout, stderr, want)
		}
	}
}
