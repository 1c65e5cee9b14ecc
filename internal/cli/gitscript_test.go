package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// commitHEAD gives a script a git history: when the archive holds files
// under HEAD/, the folder becomes a git repository whose one commit holds
// the script's files with the HEAD/ versions in place of their namesakes,
// and the working tree then holds the script's own versions (a file only
// under HEAD/ was deleted since). A script can so stage "the glossary as
// committed" and "the glossary as edited" for drift and --changed-since.
func commitHEAD(t *testing.T, ar *txtar.Archive, dir string) {
	t.Helper()
	committed := map[string][]byte{}
	for _, f := range ar.Files {
		if name, ok := strings.CutPrefix(f.Name, "HEAD/"); ok {
			committed[name] = f.Data
		}
	}
	if len(committed) == 0 {
		return
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	working := map[string][]byte{}
	for name, data := range committed {
		p := filepath.Join(dir, name)
		if b, err := os.ReadFile(p); err == nil {
			working[name] = b
		}
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.RemoveAll(filepath.Join(dir, "HEAD"))
	gitIn(t, dir, "init", "-q", "-b", "main")
	gitIn(t, dir, "add", "-A")
	gitIn(t, dir, "commit", "-q", "-m", "committed")
	for name := range committed {
		p := filepath.Join(dir, name)
		if data, ok := working[name]; ok {
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
		} else if err := os.Remove(p); err != nil {
			t.Fatal(err)
		}
	}
}

// runGitStep runs a script's git step in dir: each command in turn, as a
// fixed author at a fixed time with no user or system configuration, so
// that commit ids, and any output naming them, are the same on every run.
func runGitStep(t *testing.T, dir string, cmds [][]string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	for _, args := range cmds {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(cmd.Environ(),
			"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.org",
			"GIT_AUTHOR_DATE=2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE=2026-01-01T00:00:00Z",
			"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git step: git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}
