package run

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concord-guidance/concord/internal/source"
)

// TestAuditJob loads an audit file and checks its saved pages offline: a
// page read is checked against the glossary, one missing is kept with its
// error, and a missing default audit.yaml says what to write.
func TestAuditJob(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	files := map[string]string{
		"audit.yaml":        "pages:\n  - publisher: Example Police\n    file: saved/police.html\n  - publisher: Gone\n    file: saved/gone.html\n",
		"saved/police.html": "<main><p>The police may apply for a stalking prevention order.</p></main>\n",
	}
	for name, text := range files {
		os.MkdirAll(filepath.Dir(name), 0o755)
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := &Runner{GlossaryDir: "builtin", Stderr: &strings.Builder{}, Getenv: func(string) string { return "" }}
	job, err := r.LoadAudit("audit.yaml")
	if err != nil {
		t.Fatal(err)
	}
	got, err := job.Check(context.Background(), AuditFetch{Offline: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Pages) != 2 || len(got.Docs) != 1 || got.Pages[1].Err == nil {
		t.Fatalf("%d pages, %d read, second page's error %v", len(got.Pages), len(got.Docs), got.Pages[1].Err)
	}
	if d := got.Pages[1].Page.Describe(); d != "Gone (saved/gone.html, listed at line 4)" {
		t.Errorf("Describe: %q", d)
	}
	found := false
	for _, f := range got.Findings {
		found = found || f.Rule == "deprecated-term"
	}
	if !found {
		t.Errorf("no deprecated-term finding on the saved page: %v", got.Findings)
	}

	os.Remove("audit.yaml")
	_, err = r.LoadAudit("")
	var se *source.Error
	if !errors.As(err, &se) || !strings.Contains(se.Hint, "write audit.yaml") {
		t.Fatalf("missing audit.yaml: %v", err)
	}
}
