package cli

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The text report of the bundled corpus before it grouped findings by
// sentence (ad84b87: `concord check | wc -l -c`): 24 findings in 98 lines
// and 18,183 bytes.
const (
	textLinesBefore = 98
	textBytesBefore = 18183
)

// TestBundledCorpusTextReport holds the text report of the bundled corpus to
// half its former length, and to every finding of the JSON report: each
// finding's rule, file and line is the first line of an entry or one of its
// sub-points, so shortening loses nothing.
func TestBundledCorpusTextReport(t *testing.T) {
	root := repoRoot(t)
	text, stderr, code := runIn(t, root, "check", "--no-cache", "--fail-on", "none", "--color", "never")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	lines := strings.Count(text, "\n")
	if lines > textLinesBefore/2 || len(text) > textBytesBefore/2 {
		t.Errorf("text report is %d lines and %d bytes; want at most half of %d lines and %d bytes", lines, len(text), textLinesBefore, textBytesBefore)
	}
	for i, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		// Each line starts what it is within 80 columns: a place, a
		// sub-point, a detail, a heading.
		if strings.TrimSpace(line) != "" && len(line)-len(strings.TrimLeft(line, " ")) > 6 {
			t.Errorf("line %d is indented past column 6: %q", i+1, line)
		}
	}

	out, stderr, code := runIn(t, root, "check", "--no-cache", "--fail-on", "none", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	var report struct {
		Findings []struct {
			Rule, File string
			Line       int
		}
	}
	if err := json.Unmarshal([]byte(out), &report); err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, f := range report.Findings {
		want = append(want, fmt.Sprintf("%s:%d %s", f.File, f.Line, f.Rule))
	}
	if len(want) == 0 {
		t.Fatal("the bundled corpus gave no findings")
	}
	got := textFindings(text)
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("text report findings differ from JSON\n--- text ---\n%s\n--- json ---\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

var (
	entryLine    = regexp.MustCompile(`^(.+?):(\d+)(?::\d+)?: (?:error|warning|info): ([a-z0-9-]+): `)
	subPointLine = regexp.MustCompile(`^  - (\d+)(?::\d+)?: (?:error|warning|info): ([a-z0-9-]+): `)
)

// textFindings reads "file:line rule" for every finding in a text report:
// an entry's first line names its file, and its sub-points the lines in it.
func textFindings(text string) []string {
	var out []string
	file := ""
	for _, line := range strings.Split(text, "\n") {
		if m := entryLine.FindStringSubmatch(line); m != nil && !strings.HasPrefix(line, " ") {
			file = m[1]
			out = append(out, fmt.Sprintf("%s:%s %s", m[1], m[2], m[3]))
		} else if m := subPointLine.FindStringSubmatch(line); m != nil {
			out = append(out, fmt.Sprintf("%s:%s %s", file, m[1], m[2]))
		}
	}
	return out
}
