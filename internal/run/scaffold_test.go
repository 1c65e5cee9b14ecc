package run

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var starterFiles = []string{
	"ci/github-workflow.yml", "ci/gitlab-ci.yml", "ci/pre-commit-config.yaml",
	"concord.yaml", "corpus/getting-started.md", "glossary/example-term.yaml", "glossary/schema.json",
}

// TestInitEmptyFolder: init into a folder that does not exist yet writes
// every starter file, titles the site after the folder, and writes a
// .gitignore of concord's two lines.
func TestInitEmptyFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "dv-guidance")
	res, err := Init(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, n := range starterFiles {
		want = append(want, filepath.Join(dir, n))
	}
	if !slices.Equal(res.Wrote, want) {
		t.Errorf("wrote %q, want %q", res.Wrote, want)
	}
	for _, p := range want {
		if _, err := os.Stat(p); err != nil {
			t.Error(err)
		}
	}
	if cfg := readFile(t, filepath.Join(dir, "concord.yaml")); !strings.Contains(cfg, `"Dv guidance"`) || strings.Contains(cfg, "{{title}}") {
		t.Errorf("concord.yaml is not titled after the folder:\n%s", cfg)
	}
	ig := res.Gitignore
	if ig.Path != filepath.Join(dir, ".gitignore") || !ig.Fresh || !slices.Equal(ig.Added, []string{"/.concord/", "/public/"}) {
		t.Errorf("gitignore change %+v", ig)
	}
	if got, want := readFile(t, ig.Path), "# concord: its cache and the built site\n/.concord/\n/public/\n"; got != want {
		t.Errorf(".gitignore is %q, want %q", got, want)
	}
	noTemporaries(t, dir)
}

// TestInitExistingFiles: a starter file in the way refuses the whole init
// without --force (nothing written, the .gitignore untouched); with it the
// starter files are overwritten, keeping the file's permissions, and the
// .gitignore gets only the line it lacks, after what it held.
func TestInitExistingFiles(t *testing.T) {
	dir := t.TempDir()
	mine := "# mine\n"
	cfg := filepath.Join(dir, "concord.yaml")
	if err := os.WriteFile(cfg, []byte(mine), 0o600); err != nil {
		t.Fatal(err)
	}
	gi := filepath.Join(dir, ".gitignore")
	if err := os.WriteFile(gi, []byte("node_modules\n.concord"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Init(dir, false)
	var refused *Refused
	if !errors.As(err, &refused) || res != nil {
		t.Fatalf("Init = %v, %v; want a refusal", res, err)
	}
	if !slices.Equal(refused.Paths, []string{cfg}) {
		t.Errorf("refused %q, want %q", refused.Paths, cfg)
	}
	if got := readFile(t, cfg); got != mine {
		t.Errorf("concord.yaml changed to %q", got)
	}
	if got := readFile(t, gi); got != "node_modules\n.concord" {
		t.Errorf(".gitignore changed to %q", got)
	}
	for _, n := range []string{"ci", "corpus", "glossary"} {
		if _, err := os.Lstat(filepath.Join(dir, n)); err == nil {
			t.Errorf("%s was written by a refused init", n)
		}
	}

	res, err = Init(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Wrote) != len(starterFiles) {
		t.Errorf("wrote %d files, want %d", len(res.Wrote), len(starterFiles))
	}
	if got := readFile(t, cfg); got == mine {
		t.Error("--force left concord.yaml as it was")
	}
	if st, err := os.Stat(cfg); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("concord.yaml's permissions: %v, %v; want 0600 kept", st.Mode().Perm(), err)
	}
	ig := res.Gitignore
	if ig.Fresh || !slices.Equal(ig.Added, []string{"/public/"}) {
		t.Errorf("gitignore change %+v, want /public/ added to the file", ig)
	}
	if got, want := readFile(t, gi), "node_modules\n.concord\n# concord: its cache and the built site\n/public/\n"; got != want {
		t.Errorf(".gitignore is %q, want %q", got, want)
	}
	noTemporaries(t, dir)
}

// TestGitignoreSpellings: a line that ignores a folder in another spelling
// counts, so a .gitignore that has both is left byte for byte.
func TestGitignoreSpellings(t *testing.T) {
	p := filepath.Join(t.TempDir(), ".gitignore")
	old := "/.concord\npublic/"
	if err := os.WriteFile(p, []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	ch, err := gitignore(p)
	if err != nil || len(ch.Added) != 0 || ch.Fresh {
		t.Fatalf("gitignore = %+v, %v; want nothing added", ch, err)
	}
	if got := readFile(t, p); got != old {
		t.Errorf(".gitignore changed to %q", got)
	}
}

// noTemporaries fails if a write left its temporary file in dir or below.
func noTemporaries(t *testing.T, dir string) {
	t.Helper()
	filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err == nil && strings.Contains(e.Name(), ".concord-") {
			t.Errorf("temporary file left: %s", p)
		}
		return nil
	})
}
