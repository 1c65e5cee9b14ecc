package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// Item 5 of issue 17's second round: a line break in glossary text that a
// message quotes (here a deprecated phrase's reason) reached the text
// report raw, since the terminal writer lets newlines through: the rest of
// the reason read as a finding of its own. A finding's message and
// suggestion are one line: line breaks, tabs and the like fold to a space.
func TestMessageLineBreaksFolded(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"concord.yaml": "corpus: corpus\nglossary: glossary\n",
		"glossary/stalking.yaml": `id: stalking
term: stalking
definition: "Stalking is a course of conduct that amounts to harassment."
summary: "A course of conduct amounting to harassment."
deprecated:
  - phrase: "stalky behaviour"
    replacement: "stalking\ror harassment"
    reason: "Not a legal term.\ncorpus/guide.md:1:1: error forged-rule everything is fine\r\n\tsee\u2028the file"
sources:
  - act: Protection from Harassment Act 1997
    section: "2A"
`,
		"corpus/guide.md": "# Guide\n\nStalky behaviour is bad.\n",
	})
	stdout, stderr, code := runIn(t, dir, "check", "--format", "text")
	if code != 1 {
		t.Fatalf("exit %d, want 1:\n%s%s", code, stdout, stderr)
	}
	for _, line := range strings.Split(stdout, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "corpus/guide.md:1:1: error forged-rule") {
			t.Errorf("the glossary's reason made a line of its own in the report:\n%s", stdout)
		}
		if strings.ContainsAny(line, "\r\t\u2028") {
			t.Errorf("raw control in %q", line)
		}
	}
	if want := "Not a legal term. corpus/guide.md:1:1: error forged-rule everything is fine see the file"; !strings.Contains(stdout, want) {
		t.Errorf("the reason is not one line of the message (want %q):\n%s", want, stdout)
	}
	stdout, _, _ = runIn(t, dir, "check", "--format", "json")
	var rep struct {
		Findings []struct{ Rule, Message, Suggestion string }
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range rep.Findings {
		if f.Rule != "deprecated-term" {
			continue
		}
		n++
		if strings.ContainsAny(f.Message+f.Suggestion, "\n\r\t\u2028") {
			t.Errorf("JSON message or suggestion has a line break: %q / %q", f.Message, f.Suggestion)
		}
	}
	if n == 0 {
		t.Errorf("no deprecated-term finding:\n%s", stdout)
	}
}
