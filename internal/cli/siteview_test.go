package cli

import (
	"encoding/json"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuildForReadersAndEditors builds the bundled project, defects and
// all, with the repository's concord.yaml: by default for readers, with the
// bundled example's own title, introduction, organisation and footer and
// no trace of a finding in any file published (pages, scripts, search
// shards); with --editor, with the report, the rules and the findings
// marked in the documents.
func TestBuildForReadersAndEditors(t *testing.T) {
	root, _ := filepath.Abs("../..")
	stdout, stderr, code := runIn(t, root, "check", "--no-cache", "--format", "json")
	if code != 1 {
		t.Fatalf("check exit %d: %s", code, stderr)
	}
	var report struct {
		Findings []struct {
			Message, Fingerprint string
		}
	}
	if err := json.Unmarshal([]byte(stdout), &report); err != nil || len(report.Findings) < 10 {
		t.Fatalf("findings: %v (%d)", err, len(report.Findings))
	}
	out := t.TempDir()
	readers, editors := filepath.Join(out, "readers"), filepath.Join(out, "editors")
	if _, stderr, code := runIn(t, root, "build", "--no-cache", "--out", readers); code != 0 {
		t.Fatalf("build exit %d: %s", code, stderr)
	}
	home, _ := os.ReadFile(filepath.Join(readers, "index.html"))
	for _, want := range []string{
		"<title>Stalking and harassment guidance</title>",
		`<span class="header__organisation">Legal Guidance Team<span class="visually-hidden">:</span></span> Stalking and harassment guidance</a>`,
		`<p class="lead">Guidance on stalking and harassment for prosecutors and policy leads. Every glossary term in it links to one shared definition.</p>`,
		`<p class="footer__text">Every glossary term in the guidance links to its one shared definition.</p>`,
	} {
		if !strings.Contains(string(home), want) {
			t.Errorf("the readers' home page lacks %s", want)
		}
	}
	files := 0
	err := filepath.WalkDir(readers, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		files++
		rel, _ := filepath.Rel(readers, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		body := string(data)
		if !strings.HasPrefix(rel, "assets") {
			for _, b := range []string{"Health of the guidance", "For editors", "report/index.html", `class="flag`} {
				if strings.Contains(body, b) {
					t.Errorf("%s shows %q", rel, b)
				}
			}
		}
		for _, f := range report.Findings {
			for _, b := range []string{f.Message, html.EscapeString(f.Message), "F-" + f.Fingerprint} {
				if strings.Contains(body, b) {
					t.Errorf("%s shows the finding %q", rel, b)
				}
			}
		}
		return nil
	})
	if err != nil || files < 50 {
		t.Fatalf("walk: %v, %d files", err, files)
	}
	if _, err := os.Stat(filepath.Join(readers, "report")); !os.IsNotExist(err) {
		t.Errorf("the readers' site has a report folder: %v", err)
	}

	if _, stderr, code := runIn(t, root, "build", "--no-cache", "--editor", "--out", editors); code != 0 {
		t.Fatalf("build --editor exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(editors, "report", "index.html")); err != nil {
		t.Errorf("the editors' site has no report: %v", err)
	}
	doc, _ := os.ReadFile(filepath.Join(editors, "docs", "youths", "index.html"))
	if !strings.Contains(string(doc), `<mark class="flag flag--error">`) || !strings.Contains(string(doc), `id="Note-1"`) {
		t.Error("the editors' view of a document with errors marks none")
	}
}
