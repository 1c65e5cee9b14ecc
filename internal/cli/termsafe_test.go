package cli

import (
	"regexp"
	"strings"
	"testing"
)

// hostileGlossary and hostileGuide carry terminal escape sequences (clear
// screen, set the window title, hide text, color), a carriage return and a
// right-to-left override in every field a command prints.
const hostileGlossary = `id: stalking
term: "stalking\e[2J"
definition: "Stalking is a course of conduct \e]0;pwned\a that amounts to harassment \u202eevil."
summary: "Stalking.\e[8m hidden"
aliases: ["stalkin\u202e"]
deprecated:
  - phrase: "stalky behaviour"
    replacement: stalking
    reason: "Not a legal term.\e[8m\e[31m\r"
sources:
  - act: Protection from Harassment Act 1997
    section: "2A"
`

const hostileGuide = "---\ntitle: \"Guide \\e[2J\"\n---\n\n## Law \x1b[31mred\n\nStalky behaviour \x1b[2J\x1b[H is bad; stalking \x1b]0;title\x07 matters \u202e reversed.\n"

// rawControl finds what a terminal would obey rather than show: C0 controls
// other than newline and tab, DEL, C1 controls and bidirectional overrides.
var rawControl = regexp.MustCompile("[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

// concordColors are the sequences concord's own colored output uses.
var concordColors = regexp.MustCompile(`\x1b\[(0|1|2|31|32|33|36)m`)

// TestTerminalOutputEscapesControlCharacters: control characters in the
// corpus or the glossary reached the terminal raw from search, glossary
// show, glossary list and check. Every text output, and every message on
// stderr, now shows them as escapes; with --color always only concord's own
// colors are raw; JSON is written as before (it escapes by its own rules).
func TestTerminalOutputEscapesControlCharacters(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"concord.yaml":           "corpus: corpus\nglossary: glossary\n",
		"glossary/stalking.yaml": hostileGlossary,
		"corpus/guide.md":        hostileGuide,
	})
	cases := []struct {
		args  []string
		color bool
		shows string // an escape that must be visible
	}{
		{[]string{"search", "stalking"}, false, `\x1b]0;title\x07`},
		{[]string{"search", "--color", "always", "stalking"}, true, `\x1b[2J\x1b[H`},
		{[]string{"glossary", "show", "stalking"}, false, `\x1b]0;pwned\x07`},
		{[]string{"glossary", "list"}, false, `\x1b[8m hidden`},
		{[]string{"check"}, false, `Not a legal term.\x1b[8m\x1b[31m`},
		{[]string{"check", "--color", "always"}, true, `Not a legal term.\x1b[8m`},
		{[]string{"check", "--format", "text", "corpus/guide.md"}, false, `\x1b[31m`},
		{[]string{"glossary", "show", "nothing\x1b[2J"}, false, `nothing\x1b[2J`},
	}
	for _, c := range cases {
		stdout, stderr, code := runIn(t, dir, c.args...)
		if code > 2 {
			t.Errorf("%q: exit %d", c.args, code)
		}
		for name, out := range map[string]string{"stdout": stdout, "stderr": stderr} {
			check := out
			if c.color && name == "stdout" {
				if !concordColors.MatchString(out) {
					t.Errorf("%q: no color with --color always:\n%s", c.args, out)
				}
				check = concordColors.ReplaceAllString(out, "")
			}
			if m := rawControl.FindString(check); m != "" {
				t.Errorf("%q: raw %q on %s:\n%q", c.args, m, name, out)
			}
		}
		if !strings.Contains(stdout+stderr, c.shows) {
			t.Errorf("%q: %q not shown:\n%s%s", c.args, c.shows, stdout, stderr)
		}
	}
	// Machine formats are left to their own escaping: JSON escapes C0
	// controls as \u001b and keeps other characters as they are.
	for _, args := range [][]string{{"check", "--format", "json"}, {"search", "--format", "json", "stalking"}, {"glossary", "list", "--format", "json"}} {
		stdout, _, _ := runIn(t, dir, args...)
		if !strings.Contains(stdout, `\u001b`) || strings.Contains(stdout, `\x1b`) {
			t.Errorf("%q: JSON was escaped again:\n%s", args, stdout)
		}
	}
}
