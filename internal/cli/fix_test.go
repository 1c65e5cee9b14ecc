package cli

import (
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/concord-guidance/concord/internal/fix"
	"github.com/concord-guidance/concord/internal/run"
)

// bundledCopy copies the bundled corpus, glossary and concord.yaml into a
// temporary folder, so fix can change them.
func bundledCopy(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, p := range []string{"corpus", "glossary", "concord.yaml"} {
		copyPath(t, filepath.Join("..", "..", p), filepath.Join(dir, p))
	}
	return dir
}

func copyPath(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.Walk(from, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if info.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

type jsonFinding struct {
	Rule    string `json:"rule"`
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// checkJSON runs check --format json in dir and returns the findings, each
// as "rule file:line message" (no column: a fix earlier on the line moves
// the columns of the findings after it).
func checkJSON(t *testing.T, dir string) []string {
	t.Helper()
	out, stderr, code := runIn(t, dir, "check", "--no-cache", "--format", "json", "--fail-on", "none")
	if code != 0 {
		t.Fatalf("check exit %d: %s", code, stderr)
	}
	var r struct{ Findings []jsonFinding }
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, f := range r.Findings {
		keys = append(keys, f.Rule+" "+f.File+":"+strconv.Itoa(f.Line)+" "+f.Message)
	}
	sort.Strings(keys)
	return keys
}

// snapshotBytes reads every file under dir.
func snapshotBytes(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() {
			b, _ := os.ReadFile(p)
			got[p] = string(b)
		}
		return nil
	})
	return got
}

// TestFixDryRunGolden: the diff concord fix --dry-run prints for the
// bundled corpus, and that it changes no byte anywhere.
func TestFixDryRunGolden(t *testing.T) {
	dir := bundledCopy(t)
	before := snapshotBytes(t, dir)
	out, stderr, code := runIn(t, dir, "fix", "--dry-run")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	golden := filepath.Join("testdata", "fix-dry-run.diff")
	if *update {
		os.WriteFile(golden, []byte(out), 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if out != string(want) {
		t.Fatalf("dry-run diff differs from %s (run with -update and read the diff):\n%s", golden, out)
	}
	if !strings.Contains(stderr, "would fix 8 findings in 4 files") {
		t.Fatalf("stderr: %q", stderr)
	}
	after := snapshotBytes(t, dir)
	if len(after) != len(before) {
		t.Fatalf("dry run added or removed files: %d then %d", len(before), len(after))
	}
	for p, b := range before {
		if after[p] != b {
			t.Fatalf("dry run changed %s", p)
		}
	}
}

// TestFixBundledCorpus fixes a copy of the bundled corpus, with one more
// page holding a misnamed Act so that every fixable rule has a fix, and
// checks it again: the fixed findings are gone, nothing is new, and a
// second run changes nothing.
func TestFixBundledCorpus(t *testing.T) {
	dir := bundledCopy(t)
	os.WriteFile(filepath.Join(dir, "corpus", "misnamed-act.md"), []byte("---\ntitle: Aggravated offences\n---\n# Aggravated offences\n\nRacially or religiously aggravated stalking is an offence under section 32 of the Crime and Disorders Act 1998.\n"), 0o644)
	before := checkJSON(t, dir)
	out, stderr, code := runIn(t, dir, "fix")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	fixedRules := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		// file:line:col: rule: “old” -> “new”
		parts := strings.SplitN(line, ": ", 3)
		if len(parts) == 3 {
			fixedRules[parts[1]]++
		}
	}
	for _, r := range fix.Rules {
		if fixedRules[r] == 0 {
			t.Errorf("no %s finding was fixed; output:\n%s", r, out)
		}
	}
	after := checkJSON(t, dir)
	had := map[string]int{}
	for _, k := range before {
		had[k]++
	}
	for _, k := range after {
		if had[k] == 0 {
			t.Errorf("new finding after fixing: %s", k)
		}
		had[k]--
	}
	gone := 0
	for _, n := range had {
		gone += n
	}
	fixed := strings.Count(out, "\n")
	if gone != fixed {
		t.Errorf("%d findings fixed but %d gone from the check", fixed, gone)
	}
	snap := snapshotBytes(t, dir)
	out, stderr, code = runIn(t, dir, "fix")
	if code != 0 || out != "" || !strings.Contains(stderr, "fixed 0 findings in 0 files") {
		t.Fatalf("second run: exit %d, out %q, err %q", code, out, stderr)
	}
	for p, b := range snapshotBytes(t, dir) {
		if snap[p] != b {
			t.Fatalf("second run changed %s", p)
		}
	}
}

// TestFixKeepsBytes: CRLF line endings, a byte-order mark, trailing white
// space and a file without a final newline come back as they were, with
// only the finding's words changed.
func TestFixKeepsBytes(t *testing.T) {
	dir := bundledCopy(t)
	os.RemoveAll(filepath.Join(dir, "corpus"))
	os.Mkdir(filepath.Join(dir, "corpus"), 0o755)
	in := "\ufeff---\r\ntitle: Orders  \r\n---\r\n# Orders\r\n\r\nThe police may apply for a stalking\r\nprevention order.   \r\nKeep `stalking prevention order` in code.\r\n\r\n- item one\r\n  and a stalking prevention order"
	want := "\ufeff---\r\ntitle: Orders  \r\n---\r\n# Orders\r\n\r\nThe police may apply for a Stalking\r\nProtection Order.   \r\nKeep `stalking prevention order` in code.\r\n\r\n- item one\r\n  and a Stalking Protection Order"
	p := filepath.Join(dir, "corpus", "crlf.md")
	os.WriteFile(p, []byte(in), 0o644)
	_, stderr, code := runIn(t, dir, "fix")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got, _ := os.ReadFile(p)
	if string(got) != want {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
}

// TestFixSaysWhySkipped: a file run.Fix skipped is named with the reason,
// one that changed since concord read it with what to do. (That the file
// is left alone and the others fixed is run's TestFixSkipsChangedFile.)
func TestFixSaysWhySkipped(t *testing.T) {
	var out, errb strings.Builder
	a := &app{stdout: &out, stderr: &errb}
	print := a.printFixed(false)
	print(run.FixedFile{Name: "corpus/youths.md", Err: fix.ErrChanged})
	print(run.FixedFile{Name: "corpus/a.md", Err: errors.New("corpus/a.md: cannot read: permission denied")})
	want := "concord: corpus/youths.md changed since concord read it; skipped (run concord fix again)\n" +
		"concord: corpus/a.md: cannot read: permission denied; skipped\n"
	if errb.String() != want || out.Len() != 0 {
		t.Fatalf("stderr %q, stdout %q", errb.String(), out.String())
	}
}

// TestFixRefusesOutside: a path outside the corpus is refused before
// anything is read, and a link in the corpus to a file outside it is not
// written even when --follow-symlinks-outside lets concord read it.
func TestFixRefusesOutside(t *testing.T) {
	dir := bundledCopy(t)
	outside := filepath.Join(dir, "outside.md")
	content := "The police may apply for a stalking prevention order.\n"
	os.WriteFile(outside, []byte(content), 0o644)
	_, stderr, code := runIn(t, dir, "fix", "outside.md")
	if code != ExitInput || !strings.Contains(stderr, "outside.md: is outside the corpus folder corpus") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	_, stderr, code = runIn(t, dir, "fix", "corpus/../outside.md")
	if code != ExitInput || !strings.Contains(stderr, "is outside the corpus folder") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "corpus", "link.md")); err != nil {
		t.Skip("no symbolic links:", err)
	}
	_, stderr, code = runIn(t, dir, "--follow-symlinks-outside", "fix", "corpus/link.md")
	if code != ExitInput || !strings.Contains(stderr, "is outside the corpus folder") {
		t.Fatalf("link out: exit %d: %s", code, stderr)
	}
	if b, _ := os.ReadFile(outside); string(b) != content {
		t.Fatalf("the file outside the corpus was written: %q", b)
	}
}

func TestFixRuleAndInteractive(t *testing.T) {
	dir := bundledCopy(t)
	out, stderr, code := runIn(t, dir, "fix", "--dry-run", "--rule", "penalty-mismatch")
	if code != 0 || strings.Count(out, "\n+S") != 2 || strings.Contains(out, "Harassment carried") {
		t.Fatalf("--rule: exit %d\n%s\n%s", code, out, stderr)
	}
	_, stderr, code = runIn(t, dir, "fix", "--rule", "deprecated-terms")
	if code != ExitInput || !strings.Contains(stderr, `unknown rule "deprecated-terms" (did you mean "deprecated-term"?)`) {
		t.Fatalf("unknown rule: exit %d: %s", code, stderr)
	}
	_, stderr, code = runIn(t, dir, "fix", "--rule", "broken-link")
	if code != ExitInput || !strings.Contains(stderr, "broken-link has no safe fixes") {
		t.Fatalf("unfixable rule: exit %d: %s", code, stderr)
	}
	// No terminal: no prompt, and a clear refusal.
	_, stderr, code = runIn(t, dir, "fix", "--interactive")
	if code != ExitInput || !strings.Contains(stderr, "--interactive needs a terminal") {
		t.Fatalf("interactive without a terminal: exit %d: %s", code, stderr)
	}

	// With answers: accept the first, skip the second, quit at the third.
	stdinIsTerminal = func(io.Reader) bool { return true }
	defer func() { stdinIsTerminal = func(r io.Reader) bool { f, ok := r.(*os.File); return ok && isTerminal(f) } }()
	before := snapshotBytes(t, dir)
	wd, _ := os.Getwd()
	os.Chdir(dir)
	var o, e strings.Builder
	code = Main([]string{"fix", "--interactive"}, strings.NewReader("y\nn\nq\n"), &o, &e)
	os.Chdir(wd)
	if code != 0 {
		t.Fatalf("interactive: exit %d: %s", code, e.String())
	}
	if strings.Count(o.String(), "Apply this fix?") != 3 || !strings.Contains(o.String(), "  in: Harrasment carried out online") ||
		!strings.Contains(o.String(), "replace “Harrasment” with “Harassment”") {
		t.Fatalf("prompts:\n%s", o.String())
	}
	after := snapshotBytes(t, dir)
	changed := 0
	for p, b := range before {
		if after[p] != b {
			changed++
			if !strings.HasSuffix(p, "online-stalking-and-harassment.md") {
				t.Errorf("changed %s", p)
			}
		}
	}
	if changed != 1 || !strings.Contains(e.String(), "fixed 1 finding in 1 file") {
		t.Fatalf("changed %d files; %s", changed, e.String())
	}
}

// TestSARIFFixesMatchFix: the SARIF report offers the replacements concord
// fix makes, the same with the check cache (documents not parsed again) as
// without it.
func TestSARIFFixesMatchFix(t *testing.T) {
	dir := bundledCopy(t)
	sarif := func(args ...string) (string, []string) {
		out, stderr, _ := runIn(t, dir, append([]string{"check", "--format", "sarif"}, args...)...)
		var log struct {
			Runs []struct {
				Results []struct {
					Fixes []struct {
						ArtifactChanges []struct {
							Replacements []struct {
								InsertedContent struct{ Text string } `json:"insertedContent"`
							} `json:"replacements"`
						} `json:"artifactChanges"`
					} `json:"fixes"`
				} `json:"results"`
			} `json:"runs"`
		}
		if err := json.Unmarshal([]byte(out), &log); err != nil {
			t.Fatalf("%v: %s", err, stderr)
		}
		var texts []string
		for _, r := range log.Runs[0].Results {
			for _, f := range r.Fixes {
				texts = append(texts, f.ArtifactChanges[0].Replacements[0].InsertedContent.Text)
			}
		}
		return out, texts
	}
	fresh, texts := sarif("--no-cache")
	sarif() // writes the cache
	cached, _ := sarif()
	if fresh != cached {
		t.Fatal("SARIF differs with the check cache")
	}
	out, _, _ := runIn(t, dir, "fix")
	var made []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		_, after, _ := strings.Cut(line, " -> ")
		made = append(made, strings.Trim(after, "“”"))
	}
	if strings.Join(texts, "|") != strings.Join(made, "|") {
		t.Fatalf("SARIF fixes %q\nconcord fix %q", texts, made)
	}
}
