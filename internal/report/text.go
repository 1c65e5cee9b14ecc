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

// writeText writes one line per finding, as compilers do, so that editors and
// terminals can jump to file:line:col, then indented detail lines and a
// closing summary:
//
//	corpus/a.md:3:1: error: definition-drift: definition of “x” differs
//	  diff: an order made [-on conviction-]{+after trial+}
//	  related: glossary/x.yaml:4:13: canonical definition
//
//	1 error, 0 warnings, 0 info in 2 documents
func writeText(buf *bytes.Buffer, res *Result, opt Options) error {
	p := painter(opt.Color)
	for _, f := range res.Findings {
		fmt.Fprintf(buf, "%s: %s: %s: %s\n",
			p.paint(ansiBold, textPosition(f.File, f.Line, f.Column)),
			p.paint(severityColour(f.Severity), levelWord(f.Severity)),
			p.paint(ansiDim, f.Rule),
			indentLines(f.Message, "    "))
		if f.Suggestion != "" {
			fmt.Fprintf(buf, "  suggestion: %s\n", indentLines(f.Suggestion, "    "))
		}
		switch {
		case len(f.Diff) > 0:
			fmt.Fprintf(buf, "  diff: %s\n", wordDiff(f.Diff, p))
		case f.Expected != "" || f.Actual != "":
			if f.Expected != "" {
				fmt.Fprintf(buf, "  expected: %s\n", p.paint(ansiGreen, indentLines(f.Expected, "    ")))
			}
			if f.Actual != "" {
				fmt.Fprintf(buf, "  actual:   %s\n", p.paint(ansiRed, indentLines(f.Actual, "    ")))
			}
		}
		for _, r := range f.Related {
			line := "  related: " + textPosition(r.File, r.Line, r.Column)
			if r.Message != "" {
				line += ": " + indentLines(r.Message, "    ")
			}
			buf.WriteString(line + "\n")
		}
	}
	if len(res.Findings) > 0 {
		buf.WriteString("\n")
	}
	buf.WriteString(p.paint(ansiBold, textSummary(res)) + "\n")
	return nil
}

// textSummary is the closing line, such as "3 errors, 5 warnings, 2 info in
// 16 documents".
func textSummary(res *Result) string {
	s := res.Summary
	docs := plural(documentCount(res), "document")
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

// wordDiff renders a word diff on one line as `git diff --word-diff=plain`
// does: [-deleted-] and {+inserted+}. White space at the edges of a change is
// kept outside the markers so that they hug the words.
func wordDiff(ops []rules.DiffOp, p painter) string {
	var b strings.Builder
	for _, op := range ops {
		text := strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(op.Text)
		var pre, post, colour string
		switch op.Op {
		case "delete":
			pre, post, colour = "[-", "-]", ansiRed
		case "insert":
			pre, post, colour = "{+", "+}", ansiGreen
		default:
			b.WriteString(text)
			continue
		}
		core := strings.TrimSpace(text)
		if core == "" {
			if text != "" {
				b.WriteString(p.paint(colour, pre+text+post))
			}
			continue
		}
		lead := text[:strings.Index(text, core)]
		trail := text[len(lead)+len(core):]
		b.WriteString(lead + p.paint(colour, pre+core+post) + trail)
	}
	return b.String()
}
