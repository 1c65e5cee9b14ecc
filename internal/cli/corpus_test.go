package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// repoRoot is the repository root, two levels above this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	abs, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// readDefects parses the table of deliberate defects in corpus/README.md:
// | file | line | rule | term | what |
func readDefects(t *testing.T, root string) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "corpus", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile("^\\|\\s*`?([a-z0-9-]+\\.md)`?\\s*\\|\\s*(\\d+)\\s*\\|\\s*`?([a-z-]+)`?\\s*\\|")
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		if m := row.FindStringSubmatch(line); m != nil {
			out = append(out, "corpus/"+m[1]+":"+m[2]+":"+m[3])
		}
	}
	if len(out) == 0 {
		t.Fatal("corpus/README.md lists no defects")
	}
	slices.Sort(out)
	return out
}

// TestBundledCorpusReportsExactlyTheListedDefects holds `concord check` on
// the bundled corpus to the list of deliberate defects in corpus/README.md:
// every listed defect is found (recall) and nothing else is (precision).
func TestBundledCorpusReportsExactlyTheListedDefects(t *testing.T) {
	root := repoRoot(t)
	stdout, stderr, code := runIn(t, root, "check", "--format", "json", "--fail-on", "none")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	var rep struct {
		Findings []struct {
			Rule, File, Message string
			Line                int
		}
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	var got []string
	msgs := map[string]string{}
	for _, f := range rep.Findings {
		k := f.File + ":" + itoa(f.Line) + ":" + f.Rule
		got = append(got, k)
		msgs[k] = f.Message
	}
	slices.Sort(got)
	want := readDefects(t, root)
	for _, k := range got {
		if !slices.Contains(want, k) {
			t.Errorf("unexpected finding (false alarm, or a defect missing from corpus/README.md): %s: %s", k, msgs[k])
		}
	}
	for _, k := range want {
		if !slices.Contains(got, k) {
			t.Errorf("listed defect not reported: %s", k)
		}
	}
	// Every rule id has at least one true finding in the bundled corpus.
	rulesSeen := map[string]bool{}
	for _, k := range want {
		rulesSeen[k[strings.LastIndex(k, ":")+1:]] = true
	}
	for _, id := range []string{"deprecated-term", "definition-drift", "missing-element", "excluded-element", "citation-mismatch", "penalty-mismatch", "breach-context", "acronym-expansion", "variant-wording", "inconsistent-description", "broken-link", "unused-suppression"} {
		if !rulesSeen[id] {
			t.Errorf("no deliberate defect exercises %s", id)
		}
	}
}

// TestBundledCorpusGolden keeps the whole text report of the bundled corpus
// under review: any change to a message, position or finding shows up as a
// diff of testdata/corpus-check.golden (rewrite with -update).
func TestBundledCorpusGolden(t *testing.T) {
	root := repoRoot(t)
	stdout, stderr, code := runIn(t, root, "check", "--fail-on", "none", "--color", "never")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	golden := filepath.Join("testdata", "corpus-check.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(stdout), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/cli -update)", err)
	}
	if string(want) != stdout {
		t.Errorf("check output differs from %s (run with -update if the change is intended)\n--- got ---\n%s", golden, stdout)
	}
	// Determinism: a second run gives byte-identical output.
	again, _, _ := runIn(t, root, "check", "--fail-on", "none", "--color", "never")
	if again != stdout {
		t.Error("two runs on the same input gave different output")
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestRulesDocIsCurrent keeps docs/rules.md (the helpUri of every SARIF rule)
// in step with the registry. Rewrite it with -update.
func TestRulesDocIsCurrent(t *testing.T) {
	root := repoRoot(t)
	stdout, stderr, code := runIn(t, root, "rules", "--markdown")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	path := filepath.Join(root, "docs", "rules.md")
	if *update {
		os.WriteFile(path, []byte(stdout), 0o644)
		return
	}
	want, _ := os.ReadFile(path)
	if string(want) != stdout {
		t.Errorf("docs/rules.md is out of date: run go test ./internal/cli -run TestRulesDocIsCurrent -update")
	}
}
