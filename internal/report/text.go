package report

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/concord-guidance/concord/internal/rules"
)

// ANSI escapes for the text format.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

// painter wraps text in ANSI colour when colour is on.
type painter bool

func (p painter) paint(code, s string) string {
	if !p || s == "" {
		return s
	}
	return code + s + ansiReset
}

// writeText writes the report people read in a terminal or a CI log: one
// entry per sentence, whose first line has the compiler shape editors and
// terminals jump from, then what a reader of the pages would meet, and the
// counts:
//
//	corpus/a.md:3:1: warning: definition-drift: This restatement of x is 56% similar to the glossary definition. Suggestion: restate it in the glossary's words (see Definitions: x).
//	  leaves out: *on conviction*; adds: *after trial*
//	  - 3:40: warning: excluded-element: This restatement of x adds fear ("fear"). Suggestion: leave "fear" out.
//	corpus/b.md:7:9: error: deprecated-term: "x order" is deprecated. Replace with "x".
//
//	Definitions:
//	  x: An order made on conviction to protect a person from harassment.
//	What readers meet:
//	  1 page describes x in words that depart from the glossary definition
//	  ...
//	1 error, 2 warnings, 0 info in 2 documents
//
// The text report is for people; it shortens what they would otherwise read
// many times over (a definition quoted in every finding, seven related
// places, the list of other descriptions a related line already gives) and
// replaces the machine word diff with the phrases left out and added. The
// JSON and SARIF reports keep every field whole.
func writeText(buf *bytes.Buffer, res *Result, opt Options) error {
	p := painter(opt.Color)
	defs := quotedDefinitions(res.Findings)
	entries := sentenceEntries(res.Findings)
	for _, e := range entries {
		writeEntry(buf, e, defs, p)
	}
	if len(res.Findings) > 0 {
		buf.WriteString("\n")
	}
	if len(defs.order) > 0 {
		buf.WriteString(p.paint(ansiBold, "Definitions:") + "\n")
		for _, d := range defs.order {
			fmt.Fprintf(buf, "  %s: %s\n", d.name, indentLines(d.text, "    "))
		}
	}
	// A single entry is its own summary.
	if len(entries) > 1 {
		buf.WriteString(p.paint(ansiBold, "What readers meet:") + "\n")
		for _, t := range takeaways(res.Findings, res.TermNames) {
			buf.WriteString("  " + t + "\n")
		}
	}
	for _, line := range closingLines(res) {
		buf.WriteString(p.paint(ansiBold, line) + "\n")
	}
	return nil
}

// closingLines are the report's last lines: the counts by severity, then
// any line about findings left out of them.
func closingLines(res *Result) []string {
	lines := []string{textSummary(res)}
	// How many findings a baseline hid (check --baseline) is a line of its
	// own here, after the counts, so that "no findings" never hides them.
	return lines
}

// textSummary is the line of counts, such as "3 errors, 5 warnings, 2 info
// in 16 documents", or "in 2 of 16 documents checked" when only some were.
func textSummary(res *Result) string {
	s := res.Summary
	docs := plural(documentCount(res), "document")
	if s.Checked != nil {
		// check --changed-since reports on some documents only.
		docs = fmt.Sprintf("%d of %s checked", *s.Checked, docs)
	}
	hidden := ""
	if s.Baselined != nil && *s.Baselined > 0 {
		hidden = fmt.Sprintf("; %s hidden by the baseline", plural(*s.Baselined, "finding"))
	}
	if s.Findings == 0 && len(res.Findings) == 0 {
		return "no findings in " + docs + hidden
	}
	return fmt.Sprintf("%s, %s, %d info in %s%s", plural(s.Errors, "error"), plural(s.Warnings, "warning"), s.Infos, docs, hidden)
}

func severityColour(s rules.Severity) string {
	switch s {
	case rules.Error:
		return ansiRed + ansiBold
	case rules.Warning:
		return ansiYellow + ansiBold
	}
	return ansiCyan
}

// textPosition is file:line:col, leaving out what is not known.
func textPosition(file string, line, col int) string {
	switch {
	case line <= 0:
		return file
	case col <= 0:
		return fmt.Sprintf("%s:%d", file, line)
	}
	return fmt.Sprintf("%s:%d:%d", file, line, col)
}

// indentLines keeps a multi-line value from looking like the start of a new
// finding: every line after the first is indented.
func indentLines(s, indent string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.ReplaceAll(s, "\n", "\n"+indent)
}
